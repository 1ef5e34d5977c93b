// Package sample embeds the project's sample corpus: five scraped news
// articles about the February 2025 cyberattack on Azerbaijani media, kept
// byte for byte as they were collected, so that a first run has something
// to answer from.
package sample

import "embed"

// FS holds the sample articles under seeds/.
//
//go:embed seeds/*.txt
var FS embed.FS

// Dir is the folder of FS that holds the articles.
const Dir = "seeds"

// Feed is an example session for `bot mock`: Telegram Update objects, one
// JSON object per line, as the Bot API delivers them. A reporter starts
// the bot in a private chat, asks questions (one the corpus cannot
// answer), browses the sources, tries an unknown command and subscribes
// to digests; in a group, chatter is ignored while a mention and a
// command are answered.
//
//go:embed feed.jsonl
var Feed []byte
