-- A store as schema version 1 left it, kept to check that every later
-- migration upgrades such a file and keeps its documents readable.
-- Frozen: do not edit when the schema changes; add a v2.sql instead.
CREATE TABLE documents (
	id           INTEGER PRIMARY KEY,
	seq          INTEGER NOT NULL UNIQUE CHECK (seq > 0),
	hash         TEXT    NOT NULL UNIQUE,
	duplicate_of INTEGER REFERENCES documents (id),
	added        TEXT    NOT NULL,
	origin       TEXT    NOT NULL,
	title        TEXT    NOT NULL,
	outlet       TEXT    NOT NULL,
	author       TEXT    NOT NULL,
	published    TEXT    CHECK (published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	url          TEXT    NOT NULL,
	lang         TEXT    NOT NULL,
	sentences    BLOB    NOT NULL,
	body         TEXT    NOT NULL
);

CREATE TABLE lsh_bands (
	band   INTEGER NOT NULL,
	key    INTEGER NOT NULL,
	doc_id INTEGER NOT NULL,
	PRIMARY KEY (band, key, doc_id)
) WITHOUT ROWID;

INSERT INTO documents VALUES (1, 1, 'a1', NULL, '2025-05-02T20:27:00.000000000Z', 'seeds/one.txt',
	'Lawmaker blames Russia', 'The Kyiv Independent', 'News desk', '2025-05-02', 'https://kyivindependent.com/x', 'en',
	X'03000f00020b00041302', 'First sentence. Second one.' || char(10) || char(10) || 'New paragraph here.');
INSERT INTO documents VALUES (2, 2, 'b2', 1, '2025-05-03T08:00:00.500000000Z', 'archive.jsonl#7',
	'', '', '', NULL, '', '',
	X'01001300', 'A copy of the text.');
INSERT INTO lsh_bands VALUES (0, 42, 1), (0, 42, 2);
PRAGMA user_version = 1;
