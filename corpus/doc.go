// Package corpus owns the documents the bot answers from: loading scraped
// text, HTML, Markdown and JSON Lines archives; cleaning away site chrome;
// inferring title, outlet, author, date, URL and language; splitting the
// cleaned body into quotable sentences; spotting duplicates and rewrites;
// and keeping all of it in one SQLite file.
//
// The package knows nothing of questions or Telegram.
package corpus

import (
	"strings"
	"time"
)

// Document is one cleaned article.
//
// Body is the cleaned article text: paragraphs separated by a blank line
// ("\n\n"), each paragraph on one line. Every Sentence indexes Body by byte
// offsets, so Body[s.Start:s.End] is the exact text a quote must reproduce.
type Document struct {
	ID     int64  // store id; 0 until stored
	Seq    int64  // ingestion sequence: increases with every document added
	Origin string // where it came from: a file path, or "archive.jsonl#id"

	Title     string
	Outlet    string
	Author    string
	Published time.Time // the article's date (UTC midnight); zero when unknown
	URL       string
	Lang      string // ISO 639-1 code such as "en" or "ru"; "" when unknown

	Body      string
	Sentences []Sentence

	Hash string // hex SHA-256 of the normalised body: equal hashes, same content
	// DuplicateOf is the ID of the original of the near-duplicates this
	// document belongs to, 0 when it is that original (or has no
	// near-duplicates). The original is the earliest published of the
	// group (an undated document counts as later than any date), the
	// earliest stored among those of the same day, whatever the order they
	// were added in: adding an earlier-published copy later makes it the
	// original and links the others to it (see Store.AddBatch).
	DuplicateOf int64
	Added       time.Time // when the store took it

	// Pages, for a paged document (a PDF), is the page each paragraph of
	// Body is on, from 1; nil when the source had no pages. See Page.
	Pages []int

	// Carriers are the other outlets that printed this body word for
	// word (syndication), in the order they were added; see Carried.
	Carriers []Carrier
}

// Carrier is another outlet's copy of a document's exact text.
type Carrier struct {
	Outlet    string
	URL       string
	Origin    string
	Published time.Time // zero when unknown
}

// Sentence locates one sentence of a Document's Body.
type Sentence struct {
	Start, End int // byte offsets into Body: Body[Start:End]
	Para       int // index of the paragraph the sentence belongs to, from 0
}

// Page returns the page paragraph para of the body is on, from 1, or 0
// when the document has no pages.
func (d *Document) Page(para int) int {
	if para < 0 || para >= len(d.Pages) {
		return 0
	}
	return d.Pages[para]
}

// Text returns the sentence's exact text.
func (d *Document) Text(s Sentence) string { return d.Body[s.Start:s.End] }

// Meta is the metadata of an article, given explicitly (front matter, JSON
// fields) or inferred from its text. Empty fields are unknown.
type Meta struct {
	Title     string
	Outlet    string
	Author    string
	Published time.Time
	URL       string
	Lang      string
}

// merge returns m with every empty field filled from inferred: explicit
// metadata always wins over what was guessed from the text.
func (m Meta) merge(inferred Meta) Meta {
	if m.Title == "" {
		m.Title = inferred.Title
	}
	if m.Outlet == "" {
		m.Outlet = inferred.Outlet
	}
	if m.Author == "" {
		m.Author = inferred.Author
	}
	if m.Published.IsZero() {
		m.Published = inferred.Published
	}
	if m.URL == "" {
		m.URL = inferred.URL
	}
	if m.Lang == "" {
		m.Lang = inferred.Lang
	}
	return m
}

// CarriersLine names the carriers' outlets for a listing: "NL Times,
// DutchNews (2026-03-04)", each outlet once, with its date when known.
func CarriersLine(cs []Carrier) string {
	var names []string
	seen := map[string]bool{}
	for _, c := range cs {
		key := strings.ToLower(c.Outlet)
		if seen[key] {
			continue
		}
		seen[key] = true
		n := c.Outlet
		if !c.Published.IsZero() {
			n += " (" + c.Published.Format("2006-01-02") + ")"
		}
		names = append(names, n)
	}
	return strings.Join(names, ", ")
}
