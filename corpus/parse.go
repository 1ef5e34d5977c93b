package corpus

import (
	"errors"
	"fmt"
	"strings"
)

// Format says how a Source's content is written.
type Format int

// The formats the loader recognises.
const (
	Text     Format = iota // plain text as scraped from a page
	HTML                   // an HTML page
	Markdown               // Markdown; front matter already removed into Source.Meta
	// Paragraphs is text whose paragraphs a document format gave (a Word
	// document, a PDF's pages): one paragraph a line, a blank line between.
	Paragraphs
)

func (f Format) String() string {
	switch f {
	case HTML:
		return "html"
	case Markdown:
		return "markdown"
	case Paragraphs:
		return "paragraphs"
	default:
		return "text"
	}
}

// Source is one article as it arrived, before cleaning.
type Source struct {
	Origin  string // file path, or "archive.jsonl#id" for an archive line
	Line    int    // line of an archive the article came from; 0 for whole files
	Format  Format
	Content string // valid UTF-8
	Meta    Meta   // metadata given explicitly; wins over what is inferred
	// Pages, for a paged document (a PDF), is the page each paragraph
	// of Content is on, from 1; nil when the source has no pages.
	Pages []int
	// Link is the address the source was fetched from: the article's
	// link when its content names none.
	Link string
}

// ErrNoText means cleaning left nothing that reads like article text.
var ErrNoText = errors.New("no article text")

// Parse cleans a Source into a Document: the article's paragraphs without
// the site's chrome, its metadata (explicit fields first, then what the text
// gives away), its sentences and its content hash. The Document is not
// stored: ID, Seq, Added and DuplicateOf stay zero.
func Parse(src Source) (*Document, error) {
	var (
		paras    []string
		inferred Meta
		pages    []int
	)
	if src.Format == Paragraphs || src.Line > 0 && src.Format == Text {
		var kept []int
		paras, kept, inferred = extractExplicit(src.Format, src.Content, src.Meta.Title, src.Meta.Outlet)
		if src.Pages != nil {
			for _, i := range kept {
				pages = append(pages, src.Pages[min(i, len(src.Pages)-1)])
			}
		}
	} else {
		paras, inferred = extract(src.Format, src.Content)
	}
	if len(paras) == 0 && src.Line > 0 {
		// An archive gives its text explicitly: that is the article, and
		// cleaning may trim chrome from it but never drop it whole (wire
		// briefs, tables of figures, paragraphs dense with names).
		paras = explicitParas(src.Content)
	}
	if len(paras) == 0 {
		return nil, fmt.Errorf("%s: %w", src.place(), ErrNoText)
	}
	body := strings.Join(paras, "\n\n")
	meta := src.Meta.merge(inferred)
	if meta.URL == "" {
		meta.URL = src.Link
	}
	if meta.Lang == "" {
		meta.Lang = DetectLang(body)
	}
	return &Document{
		Origin:    src.Origin,
		Title:     meta.Title,
		Outlet:    meta.Outlet,
		Author:    meta.Author,
		Published: meta.Published,
		URL:       meta.URL,
		Lang:      meta.Lang,
		Body:      body,
		Sentences: Split(body),
		Hash:      ContentHash(body),
		Pages:     pages,
	}, nil
}

// explicitParas returns the paragraphs of a text as its author set them:
// a blank line or an indented line opens a paragraph (wire copy indents
// them; a hard-wrapped line does not start with white space), and the
// lines within one are joined.
func explicitParas(content string) []string {
	var out []string
	var cur []string
	flush := func() {
		if p := fold(strings.Join(cur, " ")); p != "" {
			out = append(out, p)
		}
		cur = cur[:0]
	}
	for _, line := range strings.Split(strings.ReplaceAll(content, "\r\n", "\n"), "\n") {
		switch {
		case strings.TrimSpace(line) == "":
			flush()
			continue
		case line[0] == ' ' || line[0] == '\t':
			flush()
		}
		cur = append(cur, line)
	}
	flush()
	return out
}

// place names where a source came from, for error messages.
func (s Source) place() string {
	if s.Line > 0 {
		return fmt.Sprintf("%s line %d", s.Origin, s.Line)
	}
	return s.Origin
}
