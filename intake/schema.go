package intake

import "github.com/newsdesk/newsdesk/corpus"

// Intake's tables live in the store's database (corpus.Store.Extend),
// as component "intake":
//
//	intake_files       one row per file of a watched folder that was read:
//	                   the folder (absolute), the file's path inside it
//	                   (slash-separated), and the size and modification
//	                   time (Unix nanoseconds) it had when read. A file
//	                   whose size and time still match is not read again.
//	intake_feeds       one row per feed URL: the validators of its last
//	                   successful response (ETag, Last-Modified), sent back
//	                   as If-None-Match and If-Modified-Since, and when it
//	                   was fetched (Unix seconds).
//	intake_feed_items  the items a feed has given, by key (the item's GUID,
//	                   else its link, else a hash of its title and date),
//	                   and when first seen (Unix seconds): an item seen
//	                   before is not added again, even when its text was
//	                   edited.
var migrations = []corpus.Migration{{
	Name: "watched files, feed validators and feed items",
	SQL: `
CREATE TABLE intake_files (
	dir   TEXT    NOT NULL,
	path  TEXT    NOT NULL,
	size  INTEGER NOT NULL,
	mtime INTEGER NOT NULL,
	PRIMARY KEY (dir, path)
) WITHOUT ROWID;
CREATE TABLE intake_feeds (
	url           TEXT PRIMARY KEY,
	etag          TEXT    NOT NULL DEFAULT '',
	last_modified TEXT    NOT NULL DEFAULT '',
	fetched       INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE TABLE intake_feed_items (
	feed TEXT    NOT NULL,
	item TEXT    NOT NULL,
	seen INTEGER NOT NULL,
	PRIMARY KEY (feed, item)
) WITHOUT ROWID;`,
	Postgres: `
CREATE TABLE intake_files (
	dir   TEXT   NOT NULL,
	path  TEXT   NOT NULL,
	size  BIGINT NOT NULL,
	mtime BIGINT NOT NULL,
	PRIMARY KEY (dir, path)
);
CREATE TABLE intake_feeds (
	url           TEXT PRIMARY KEY,
	etag          TEXT   NOT NULL DEFAULT '',
	last_modified TEXT   NOT NULL DEFAULT '',
	fetched       BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE intake_feed_items (
	feed TEXT   NOT NULL,
	item TEXT   NOT NULL,
	seen BIGINT NOT NULL,
	PRIMARY KEY (feed, item)
);`,
}}
