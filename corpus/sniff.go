package corpus

import (
	"bytes"
	"fmt"
	"path"
	"strings"
	"unicode/utf8"
)

// What a loader makes of a file, by its extension.
type fileKind int

const (
	kindUnknown     fileKind = iota // sniff the content
	kindText                        // .txt, .text
	kindHTML                        // .html, .htm, .xhtml
	kindMarkdown                    // .md, .markdown
	kindArchive                     // .jsonl, .ndjson: one article per line
	kindGzipArchive                 // .jsonl.gz, .ndjson.gz: the same, gzip-compressed
	kindJSON                        // .json: not read; say how to make it an archive
	kindDOCX                        // .docx: a Word document
	kindPDF                         // .pdf: a PDF's text layer
)

// kindOf tells a file's kind from its name's extension, ignoring case.
func kindOf(name string) fileKind {
	lower := strings.ToLower(name)
	if strings.HasSuffix(lower, ".jsonl.gz") || strings.HasSuffix(lower, ".ndjson.gz") {
		return kindGzipArchive
	}
	switch path.Ext(lower) {
	case ".txt", ".text":
		return kindText
	case ".html", ".htm", ".xhtml":
		return kindHTML
	case ".md", ".markdown":
		return kindMarkdown
	case ".jsonl", ".ndjson":
		return kindArchive
	case ".json":
		return kindJSON
	case ".docx":
		return kindDOCX
	case ".pdf":
		return kindPDF
	}
	return kindUnknown
}

// utf8BOM is the byte-order mark some Windows editors put at the start of a
// UTF-8 file; it is not part of the text.
const utf8BOM = "\xef\xbb\xbf"

// checkText returns b as text, without a leading byte-order mark, or says
// why it is not article text: ErrEmpty when it is empty or only whitespace,
// ErrBinary when it holds a NUL byte or more than 1 control byte in 20, and
// ErrInvalidUTF8 when it is not UTF-8. The line is where the fault is, 1-based,
// or 0 when the whole input is at fault. Offsets in messages count from the
// start of b.
func checkText(b []byte) (text string, line int, err error) {
	skip := 0
	if bytes.HasPrefix(b, []byte(utf8BOM)) {
		skip = len(utf8BOM)
	}
	body := b[skip:]
	if i := bytes.IndexByte(body, 0); i >= 0 {
		return "", 0, fmt.Errorf("%w: NUL byte at offset %d", ErrBinary, skip+i)
	}
	if n := countControl(body); n*20 > len(body) {
		return "", 0, fmt.Errorf("%w: %d of %d bytes are control characters", ErrBinary, n, len(body))
	}
	if !utf8.Valid(body) {
		off := skip + firstInvalid(body)
		line, col := lineCol(b, off)
		return "", line, fmt.Errorf("%w: byte 0x%02x at offset %d (column %d); save the file as UTF-8",
			ErrInvalidUTF8, b[off], off, col)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return "", 0, ErrEmpty
	}
	return string(body), 0, nil
}

// countControl counts the bytes of b that no text holds: C0 controls other
// than tab, line feed, vertical tab, form feed and carriage return, and DEL.
func countControl[T ~string | ~[]byte](b T) int {
	n := 0
	for i := range len(b) {
		if c := b[i]; (c < 0x20 && (c < '\t' || c > '\r')) || c == 0x7f {
			n++
		}
	}
	return n
}

// firstInvalid returns the offset of the first byte of b that does not start
// a valid UTF-8 sequence, or len(b).
func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// lineCol returns the 1-based line and column (in bytes) of offset off in b.
func lineCol(b []byte, off int) (line, col int) {
	line = 1 + bytes.Count(b[:off], []byte{'\n'})
	return line, off - bytes.LastIndexByte(b[:off], '\n')
}

// htmlStarts are the lower-cased openings that make a document HTML when it
// begins with one of them (after whitespace), followed by a space, '>' or
// '/'.
var htmlStarts = []string{
	"<!doctype html", "<html", "<head", "<body", "<!--", "<meta", "<title",
	"<article", "<main", "<div", "<p", "<h1", "<h2", "<section", "<script", "<style",
}

// looksLikeHTML reports whether text starts like a tag document.
func looksLikeHTML(text string) bool {
	t := strings.TrimLeft(text, " \t\r\n\f")
	if len(t) > 20 {
		t = t[:20]
	}
	t = strings.ToLower(t)
	for _, s := range htmlStarts {
		if rest, ok := strings.CutPrefix(t, s); ok {
			if rest == "" || strings.ContainsRune(" \t\r\n>/", rune(rest[0])) || s == "<!--" {
				return true
			}
		}
	}
	return false
}
