package corpus

// An archive is a JSON Lines file (.jsonl, .ndjson): one article per line,
// a JSON object with the fields
//
//	id         string or number; the article's origin is NAME#id
//	title      string
//	text       string: the article as plain text, or
//	html       string: the article as an HTML page (used when text is absent)
//	url        string
//	outlet     string
//	author     string
//	published  string (2025-05-02, RFC 3339 and a few common forms) or
//	           number (seconds since 1970)
//	lang       string: an ISO 639-1 code such as "en" ("en-US" reads as "en")
//
// Other fields are ignored. Blank lines are skipped; lines may end in "\n"
// or "\r\n". A line that is not a usable article is reported as a LoadError
// naming the archive, the line and, when one is at fault, the field, and
// reading goes on with the next line.
//
// The reader keeps one line in memory at a time, and never more than
// MaxLineSize bytes of it: an over-long line is skipped without being held,
// so memory does not grow with the archive, whatever it holds.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxLineSize is the longest archive line, in bytes without its line end,
// that ReadArchive reads; a longer line is reported with ErrTooLarge and
// skipped.
const MaxLineSize = 16 << 20

// archiveBufSize is the size of the read buffer: lines shorter than this
// are decoded straight from it.
const archiveBufSize = 64 << 10

// ReadArchive yields the articles of the JSON Lines archive r, one per line,
// and a *LoadError for each line that is not one (see the format above),
// then goes on with the next line; the consumer decides whether to stop.
// name is the archive's name for origins and errors ("archive.jsonl"):
// each Source's Origin is name#id, or name#line-N when the line has no id,
// and its Line is the line number. A read error from r ends the sequence
// after being yielded. The sequence reads r once: range over it once.
func ReadArchive(r io.Reader, name string) iter.Seq2[Source, error] {
	return loader{}.archiveSeq(r, name)
}

func (l loader) archiveSeq(r io.Reader, name string) iter.Seq2[Source, error] {
	return func(yield func(Source, error) bool) { l.readArchive(r, name, yield) }
}

// readArchive yields the articles of r; it returns false when yield asked to
// stop.
func (l loader) readArchive(r io.Reader, name string, yield func(Source, error) bool) bool {
	br := bufio.NewReaderSize(r, archiveBufSize)
	max := l.lineMax()
	var buf []byte // the current line, when longer than the read buffer
	for n := 1; ; n++ {
		line, over, err := readLine(br, &buf, max+2) // room for "\r\n"
		if err != nil && err != io.EOF {
			// The rest of this archive cannot be read (a cut-off or
			// corrupt gzip stream, a failing disk); the lines before it
			// are kept and other files go on.
			return yield(Source{}, &LoadError{Path: name, Line: n, Err: err})
		}
		line = bytes.TrimSuffix(bytes.TrimSuffix(line, []byte("\n")), []byte("\r"))
		if n == 1 {
			line = bytes.TrimPrefix(line, []byte(utf8BOM))
		}
		switch {
		case over || len(line) > max:
			if !yield(Source{}, &LoadError{Path: name, Line: n,
				Err: fmt.Errorf("%w: line longer than %s", ErrTooLarge, sizeString(int64(max)))}) {
				return false
			}
		case len(bytes.TrimSpace(line)) == 0:
			// blank line
		default:
			src, lerr := decodeArchiveLine(line, name, n)
			var ok bool
			if lerr != nil {
				ok = yield(Source{}, lerr)
			} else {
				ok = yield(src, nil)
			}
			if !ok {
				return false
			}
		}
		if err == io.EOF {
			return true
		}
	}
}

// readLine reads one line of br, up to and including its '\n' (absent at
// the end of the input). A line that fits the read buffer is returned
// without copying, valid until the next read; a longer one is gathered in
// *buf. A line longer than max is read to its end but not kept: over is
// true and line empty. err is io.EOF with the last line.
func readLine(br *bufio.Reader, buf *[]byte, max int) (line []byte, over bool, err error) {
	frag, err := br.ReadSlice('\n')
	if err != bufio.ErrBufferFull {
		return frag, len(frag) > max, err
	}
	*buf = (*buf)[:0]
	for {
		if !over {
			if len(*buf)+len(frag) > max {
				over = true
			} else {
				*buf = append(*buf, frag...)
			}
		}
		if err != bufio.ErrBufferFull {
			break
		}
		frag, err = br.ReadSlice('\n')
	}
	if over {
		return nil, true, err
	}
	return *buf, false, err
}

// archiveRecord is one archive line as JSON gives it.
type archiveRecord struct {
	ID        json.RawMessage `json:"id"`
	Title     string          `json:"title"`
	Text      *string         `json:"text"`
	HTML      *string         `json:"html"`
	URL       string          `json:"url"`
	Outlet    string          `json:"outlet"`
	Author    string          `json:"author"`
	Published json.RawMessage `json:"published"`
	Lang      string          `json:"lang"`
}

// decodeArchiveLine turns line n of archive name into a Source, or says
// what is wrong with it in a *LoadError.
func decodeArchiveLine(line []byte, name string, n int) (Source, error) {
	fail := func(field string, err error) (Source, error) {
		return Source{}, &LoadError{Path: name, Line: n, Field: field, Err: err}
	}
	if !utf8.Valid(line) {
		off := firstInvalid(line)
		return fail("", fmt.Errorf("%w: byte 0x%02x at column %d; save the archive as UTF-8",
			ErrInvalidUTF8, line[off], off+1))
	}
	if c := bytes.TrimLeft(line, " \t\r\n")[0]; c != '{' {
		return fail("", fmt.Errorf("want a JSON object {...}, one article per line; the line starts with %q",
			truncate(string(bytes.TrimSpace(line)), 20)))
	}
	var rec archiveRecord
	if err := json.Unmarshal(line, &rec); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn):
			return fail("", fmt.Errorf("malformed JSON at column %d: %v", syn.Offset, syn))
		case errors.As(err, &typ):
			return fail(typ.Field, fmt.Errorf("want %s, got a JSON %s", typeName(typ.Type), typ.Value))
		}
		return fail("", err)
	}

	id, err := archiveID(rec.ID)
	if err != nil {
		return fail("id", err)
	}
	src := Source{Origin: name + "#" + id, Line: n, Format: Text}
	if id == "" {
		src.Origin = name + "#line-" + strconv.Itoa(n)
	}

	field := "text"
	switch {
	case rec.Text != nil && (strings.TrimSpace(*rec.Text) != "" || rec.HTML == nil):
		src.Content = *rec.Text
	case rec.HTML != nil:
		src.Content, src.Format, field = *rec.HTML, HTML, "html"
	default:
		return fail("", fmt.Errorf("no \"text\" or \"html\" field: nothing to read (fields given: %s)", fieldNames(line)))
	}
	if err := checkContent(src.Content); err != nil {
		return fail(field, err)
	}

	src.Meta = Meta{
		Title:  strings.TrimSpace(rec.Title),
		Outlet: strings.TrimSpace(rec.Outlet),
		Author: strings.TrimSpace(rec.Author),
		URL:    strings.TrimSpace(rec.URL),
	}
	if src.Meta.Published, err = archiveDate(rec.Published); err != nil {
		return fail("published", err)
	}
	if src.Meta.Lang, err = langCode(rec.Lang); err != nil {
		return fail("lang", err)
	}
	return src, nil
}

// checkContent says why an article's text, known to be UTF-8, is not one:
// ErrEmpty or ErrBinary.
func checkContent(s string) error {
	if strings.TrimSpace(s) == "" {
		return ErrEmpty
	}
	if i := strings.IndexByte(s, 0); i >= 0 {
		return fmt.Errorf("%w: NUL character at offset %d", ErrBinary, i)
	}
	if n := countControl(s); n*20 > len(s) {
		return fmt.Errorf("%w: %d of %d bytes are control characters", ErrBinary, n, len(s))
	}
	return nil
}

// archiveID reads an id given as a string or a number.
func archiveID(raw json.RawMessage) (string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	if raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", err
		}
		return strings.TrimSpace(s), nil
	}
	var num json.Number
	if err := json.Unmarshal(raw, &num); err != nil {
		return "", fmt.Errorf("want a string or a number, got %s", truncate(string(raw), 20))
	}
	return num.String(), nil
}

// archiveDate reads a publication date given as a string or as seconds
// since 1970.
func archiveDate(raw json.RawMessage) (date time.Time, err error) {
	if len(raw) == 0 || string(raw) == "null" {
		return date, nil
	}
	if raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return date, err
		}
		return parseDate(s)
	}
	var num json.Number
	if err := json.Unmarshal(raw, &num); err != nil {
		return date, fmt.Errorf("want a date such as \"2025-05-02\", got %s", truncate(string(raw), 20))
	}
	secs, err := num.Int64()
	if err != nil {
		return date, fmt.Errorf("want a date such as \"2025-05-02\" or whole seconds since 1970, got %s", num)
	}
	return unixDate(secs)
}

// fieldNames lists the top-level keys of a JSON object line, sorted, for an
// error message.
func fieldNames(line []byte) string {
	var m map[string]json.RawMessage
	if json.Unmarshal(line, &m) != nil || len(m) == 0 {
		return "none"
	}
	return strings.Join(slices.Sorted(maps.Keys(m)), ", ")
}

// typeName names a Go type as JSON would call it, for error messages.
func typeName(t reflect.Type) string {
	if t == nil {
		return "another value"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Pointer:
		return typeName(t.Elem())
	}
	return t.String()
}

// truncate cuts s to at most n runes, marking the cut with "…".
func truncate(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i] + "…"
		}
		n--
	}
	return s
}
