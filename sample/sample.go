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
