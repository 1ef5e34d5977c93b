package corpus

// The store's schema is a list of migrations applied in order. The number
// of migrations applied so far is kept in the database header
// (PRAGMA user_version): 0 for a new file, len(migrations) when current.
// Each migration runs in its own transaction together with the version
// bump, so a crash leaves the file at the previous version or the next,
// never between. Migrations are only ever appended: a released step is
// never edited, since files in the field have already run it.
//
// Other packages keep their own tables in the same file (digest
// subscriptions and their watermarks, for one) without this package
// knowing them: Store.Extend applies a component's own list of steps,
// counted per component in the schema_steps table, by the same rules.

import (
	"context"
	"database/sql"
	"fmt"
)

// migrations is the schema, oldest step first.
var migrations = []Migration{
	{Name: "documents and near-duplicate bands", SQL: schemaV1, Postgres: pgSchemaV1},
	{Name: "component schemas and settings", SQL: schemaV2, Postgres: pgSchemaV2},
	{Name: "index of copies by original", SQL: schemaV3},
	{Name: "index of documents by date", SQL: schemaV4, Postgres: pgSchemaV4},
	{Name: "carriers of syndicated documents", SQL: schemaV5, Postgres: pgSchemaV5},
	{Name: "pages of paged documents", SQL: schemaV6},
	{Name: "claims of replicas", SQL: schemaV7, Postgres: pgSchemaV7},
	{Name: "leases of replicas", SQL: schemaV8, Postgres: pgSchemaV8},
}

// schemaV1 holds the documents and the LSH band index.
//
// Columns are ordered so that the small ones read by the duplicate checks
// (seq, hash, duplicate_of, added) come before the sentences and the body,
// which may spill into overflow pages.
//
// Sentences are a compact blob on the document row rather than a table of
// (doc_id, idx, start, end, para) rows: the question index loads every
// document with its sentences at start, and decoding one blob per document
// in Go is far cheaper than scanning and converting some thirty rows per
// document through database/sql; sentences are never queried on their own
// in SQL. The blob format is described at encodeSentences.
//
// lsh_bands holds, for each document, its BandKeys: documents that share
// a (band, key) pair are near-duplicate candidates. The table is clustered
// on its key (WITHOUT ROWID), so a lookup reads one b-tree and a document
// adds its rows to one b-tree, not a table and an index. Its rows are
// written only with their document, in the same transaction, and have no
// foreign key: that, with INSERT OR IGNORE, lets SQLite add a document's
// twenty rows in one statement without a statement journal (a copy of
// every page the statement touches), which cost a fifth of ingestion time.
const schemaV1 = `
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
`

// schemaV2 lets other components keep tables in the file (schema_steps
// counts the steps of each component's schema, see Store.Extend) and
// holds small named values that must survive a restart, such as the
// Telegram update offset (see Store.Value).
const schemaV2 = `
CREATE TABLE schema_steps (
	component TEXT    PRIMARY KEY,
	version   INTEGER NOT NULL CHECK (version >= 0)
) WITHOUT ROWID;

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;
`

// schemaV3 indexes the copies by the original they link to: when a
// document published earlier than a group's original is added, the former
// original and its copies are linked to it (see AddBatch), and finding
// them must not scan every document. Originals (duplicate_of NULL), most
// of the store, are left out of the index.
const schemaV3 = `
CREATE INDEX documents_by_original ON documents (duplicate_of) WHERE duplicate_of IS NOT NULL;
`

// schemaV4 orders documents as listings show them (Recent): newest
// published first, undated ones (NULL, which SQLite sorts last when
// descending) after them, the most recently added first among equals.
const schemaV4 = `
CREATE INDEX documents_by_date ON documents (published DESC, seq DESC);
`

// schemaV5 keeps the other outlets that printed a stored document's text
// word for word (syndication): one row per outlet's copy, named by its
// origin so that reading the same file again records nothing new.
const schemaV5 = `
CREATE TABLE carriers (
	document_id INTEGER NOT NULL REFERENCES documents (id),
	origin      TEXT    NOT NULL,
	outlet      TEXT    NOT NULL,
	url         TEXT    NOT NULL,
	published   TEXT    CHECK (published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	added       TEXT    NOT NULL,
	PRIMARY KEY (document_id, origin)
) WITHOUT ROWID;
`

// schemaV6 keeps, for a paged document (a PDF), the page each paragraph
// is on, so that a quote can cite "p. 4": the page numbers, comma
// separated, one per paragraph of the body; empty for any other document.
const schemaV6 = `
ALTER TABLE documents ADD COLUMN pages TEXT NOT NULL DEFAULT '';
`

// schemaV7 records what one replica of several sharing the store took on
// so that no other does it too (see Claims): one row per kind and key,
// with when it was claimed (Unix seconds), so that old claims are pruned.
const schemaV7 = `
CREATE TABLE claims (
	kind TEXT    NOT NULL,
	key  INTEGER NOT NULL,
	at   INTEGER NOT NULL,
	PRIMARY KEY (kind, key)
) WITHOUT ROWID;
CREATE INDEX claims_by_age ON claims (kind, at);
`

const pgSchemaV7 = `
CREATE TABLE claims (
	kind TEXT   NOT NULL,
	key  BIGINT NOT NULL,
	at   BIGINT NOT NULL,
	PRIMARY KEY (kind, key)
);
CREATE INDEX claims_by_age ON claims (kind, at);
`

// schemaV8 records which replica of several sharing the store is doing a
// long piece of work, such as delivering a subscriber's digest, and until
// when (Unix seconds) it may before another takes over (see Leases): one
// row per kind and key while leased.
const schemaV8 = `
CREATE TABLE leases (
	kind  TEXT    NOT NULL,
	key   INTEGER NOT NULL,
	owner TEXT    NOT NULL,
	until INTEGER NOT NULL,
	PRIMARY KEY (kind, key)
) WITHOUT ROWID;
`

const pgSchemaV8 = `
CREATE TABLE leases (
	kind  TEXT   NOT NULL,
	key   BIGINT NOT NULL,
	owner TEXT   NOT NULL,
	until BIGINT NOT NULL,
	PRIMARY KEY (kind, key)
);
`

// The PostgreSQL schema is SQLite's, step for step, in PostgreSQL's types:
// BIGINT for every integer (chat ids and Unix nanoseconds need 64 bits,
// and PostgreSQL's INTEGER has 32), an identity column for SQLite's
// INTEGER PRIMARY KEY, BYTEA for BLOB, a regular expression for GLOB, and
// no WITHOUT ROWID (a PostgreSQL table is a heap beside its index).
// PostgreSQL sorts NULL first when descending, SQLite last: listings ask
// for NULLS LAST (recentQuery), and the index says so too. The step count
// is kept, per component, in schema_steps (the corpus's own as component
// "corpus"), which exists before the first step; it is created in step 2
// on SQLite, where the corpus counts in PRAGMA user_version.
const pgSchemaV1 = `
CREATE TABLE documents (
	id           BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
	seq          BIGINT NOT NULL UNIQUE CHECK (seq > 0),
	hash         TEXT   NOT NULL UNIQUE,
	duplicate_of BIGINT REFERENCES documents (id),
	added        TEXT   NOT NULL,
	origin       TEXT   NOT NULL,
	title        TEXT   NOT NULL,
	outlet       TEXT   NOT NULL,
	author       TEXT   NOT NULL,
	published    TEXT   CHECK (published ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
	url          TEXT   NOT NULL,
	lang         TEXT   NOT NULL,
	sentences    BYTEA  NOT NULL,
	body         TEXT   NOT NULL
);

CREATE TABLE lsh_bands (
	band   INTEGER NOT NULL,
	key    BIGINT  NOT NULL,
	doc_id BIGINT  NOT NULL,
	PRIMARY KEY (band, key, doc_id)
);
`

const pgSchemaV2 = `
CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
`

const pgSchemaV4 = `
CREATE INDEX documents_by_date ON documents (published DESC NULLS LAST, seq DESC);
`

const pgSchemaV5 = `
CREATE TABLE carriers (
	document_id BIGINT NOT NULL REFERENCES documents (id),
	origin      TEXT   NOT NULL,
	outlet      TEXT   NOT NULL,
	url         TEXT   NOT NULL,
	published   TEXT   CHECK (published ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
	added       TEXT   NOT NULL,
	PRIMARY KEY (document_id, origin)
);
`

// pgSchemaSteps counts the schema steps of each component, the corpus's
// included, on PostgreSQL.
const pgSchemaSteps = `
CREATE TABLE IF NOT EXISTS schema_steps (
	component TEXT   PRIMARY KEY,
	version   BIGINT NOT NULL CHECK (version >= 0)
);
`

// pgCorpusComponent is the corpus's own name in schema_steps on
// PostgreSQL; Extend refuses it to other components.
const pgCorpusComponent = "corpus"

// migratePostgres is migrate on PostgreSQL: the corpus's steps are
// applied as a component's are (see Extend), under the store's write lock,
// so replicas starting together apply each step once.
func migratePostgres(ctx context.Context, db *sql.DB, steps []Migration) error {
	for {
		done, err := applyStep(ctx, db, PostgreSQL, pgCorpusComponent, steps)
		if err != nil || done {
			return err
		}
	}
}

// migrate brings the database up to len(steps) applied steps. It fails
// when the database has applied more steps than it knows: the file was
// written by a newer program.
func migrate(ctx context.Context, db *sql.DB, steps []Migration) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	version, err := userVersion(ctx, conn)
	if err != nil {
		return err
	}
	if version > len(steps) {
		return fmt.Errorf("schema version %d is newer than this program's %d: open it with a newer newsdesk", version, len(steps))
	}
	for version < len(steps) {
		if version, err = migrateStep(ctx, conn, steps); err != nil {
			return err
		}
	}
	return nil
}

// migrateStep applies the next step in one transaction and returns the
// version reached. Another process may have migrated the file meanwhile,
// so the version is read again once the transaction holds the write lock.
func migrateStep(ctx context.Context, conn *sql.Conn, steps []Migration) (int, error) {
	tx, err := conn.BeginTx(ctx, nil) // BEGIN IMMEDIATE: see Open
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var version int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return 0, err
	}
	if version >= len(steps) {
		return version, tx.Commit()
	}
	step := steps[version]
	if _, err := tx.ExecContext(ctx, step.SQL); err != nil {
		return 0, fmt.Errorf("schema step %d (%s): %w", version+1, step.Name, err)
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", version+1)); err != nil {
		return 0, fmt.Errorf("schema step %d (%s): %w", version+1, step.Name, err)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("schema step %d (%s): %w", version+1, step.Name, err)
	}
	return version + 1, nil
}

func userVersion(ctx context.Context, conn *sql.Conn) (int, error) {
	var v int
	err := conn.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	return v, err
}
