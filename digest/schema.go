package digest

import "github.com/newsdesk/newsdesk/corpus"

// The digest's tables live in the store's SQLite file (corpus.Store.Extend).
//
//	digest_subscriptions  one row per chat: its schedule ('' = the default),
//	                      its watermark (the highest document Seq it has been
//	                      sent, or that was judged nothing new for it), when
//	                      its schedule last fired (last_run, Unix seconds),
//	                      and whether it is active (a 403 stops it; why is in
//	                      stopped).
//	digest_pending        the digest being delivered to a subscription: the
//	                      Seq range (from_seq, to_seq] it covers. At most one
//	                      per subscription.
//	digest_parts          that digest's messages, in order, as composed, and
//	                      when Telegram confirmed each (sent, Unix seconds;
//	                      0 while not yet; -1 when Telegram refused it for
//	                      good with a 400).
//
// The protocol that makes delivery exactly-once per part (see deliver.go):
// a digest's parts are written, with its range, in one transaction before
// the first is sent; each part is marked sent after Telegram confirmed it
// (or refused after a 400);
// when the last is, the watermark moves to to_seq and the pending rows go,
// in one transaction. A subscription is keyed by an id of its own, not by
// the chat, so that a group that became a supergroup keeps its pending
// digest when chat_id changes.
var migrations = []corpus.Migration{{
	Name: "subscriptions, pending digests and their parts",
	SQL: `
CREATE TABLE digest_subscriptions (
	id        INTEGER PRIMARY KEY,
	chat_id   INTEGER NOT NULL UNIQUE,
	title     TEXT    NOT NULL DEFAULT '',
	schedule  TEXT    NOT NULL DEFAULT '',
	watermark INTEGER NOT NULL,
	last_run  INTEGER NOT NULL,
	active    INTEGER NOT NULL DEFAULT 1,
	stopped   TEXT    NOT NULL DEFAULT '',
	created   INTEGER NOT NULL
);
CREATE TABLE digest_pending (
	sub_id   INTEGER PRIMARY KEY REFERENCES digest_subscriptions (id) ON DELETE CASCADE,
	from_seq INTEGER NOT NULL,
	to_seq   INTEGER NOT NULL,
	composed INTEGER NOT NULL
);
CREATE TABLE digest_parts (
	sub_id INTEGER NOT NULL REFERENCES digest_pending (sub_id) ON DELETE CASCADE,
	n      INTEGER NOT NULL,
	html   TEXT    NOT NULL,
	sent   INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (sub_id, n)
) WITHOUT ROWID;
`,
}, {
	// A subscription narrowed to a query gets only the articles that match
	// it (qa.Match, as a follow does); '' is everything.
	Name: "a subscription's query",
	SQL:  `ALTER TABLE digest_subscriptions ADD COLUMN query TEXT NOT NULL DEFAULT '';`,
}}
