// Package digest posts newly added material to subscribed chats and
// channels on their schedules. It owns the subscriptions (one per chat,
// with a cron schedule and a watermark: the highest document Seq the chat
// has been sent), the scheduler that fires them (Run, on an injectable
// Clock), what is new for whom (the documents with Seq above the
// watermark), composing a digest (newest first, near-duplicates and
// same-story reports grouped under one entry with "also reported by",
// verbatim lead sentences, split under Telegram's 4096 characters), and
// delivering it so that a crash or restart loses nothing and repeats no
// confirmed message (see schema.go and deliver.go).
//
// It keeps its tables in the corpus store's database (corpus.Store.
// Extend) and sends through a Sender, which *telegram.Client satisfies
// through TelegramSender; the Client paces messages under Telegram's flood
// limits, and Run delivers to many subscribers at once so that no chat's
// spacing holds up the others. The Telegram commands (/subscribe,
// /unsubscribe, /digest) live in the bot's handlers, which call Subscribe,
// Unsubscribe, Preview and Migrate.
//
// Replicas sharing one store may all run the scheduler: each subscriber's
// digest is delivered by the one holding its lease in the store, and one
// that dies mid-digest leaves the rest to another once the lease expires
// (see lease.go).
package digest
