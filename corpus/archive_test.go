package corpus

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// render writes one yield of a loader as a line a reviewer can read: the
// source's origin, line, format, content and explicit metadata, or the
// error's message.
func render(src Source, err error) string {
	if err != nil {
		return "error: " + err.Error()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s line %d %s %q", src.Origin, src.Line, src.Format, truncate(src.Content, 40))
	m := src.Meta
	for _, f := range []struct{ k, v string }{
		{"title", m.Title}, {"outlet", m.Outlet}, {"author", m.Author}, {"url", m.URL}, {"lang", m.Lang},
	} {
		if f.v != "" {
			fmt.Fprintf(&b, " %s=%q", f.k, f.v)
		}
	}
	if !m.Published.IsZero() {
		fmt.Fprintf(&b, " published=%s", m.Published.Format(time.RFC3339))
	}
	return b.String()
}

// collect renders every yield of seq.
func collect(seq iter.Seq2[Source, error]) []string {
	var out []string
	for src, err := range seq {
		out = append(out, render(src, err))
	}
	return out
}

func checkLines(t *testing.T, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}

// TestReadArchiveLines shows what each kind of archive line becomes: an
// article with its explicit metadata, or an error a journalist can act on,
// naming the archive, the line and the field.
func TestReadArchiveLines(t *testing.T) {
	for _, tc := range []struct {
		name, line, want string
	}{
		{"all fields",
			`{"id":"a1","title":" Title ","outlet":"Report.Az","author":"Staff","published":"2025-05-02T20:27:00+04:00","url":"https://report.az/a","lang":"az","text":"Body."}`,
			`x.jsonl#a1 line 1 text "Body." title="Title" outlet="Report.Az" author="Staff" url="https://report.az/a" lang="az" published=2025-05-02T00:00:00Z`},
		{"numeric id, html",
			`{"id":42,"html":"<p>Body.</p>"}`,
			`x.jsonl#42 line 1 html "<p>Body.</p>"`},
		{"no id: origin names the line",
			`{"text":"Body."}`,
			`x.jsonl#line-1 line 1 text "Body."`},
		{"text wins over html",
			`{"text":"Plain.","html":"<p>Marked up.</p>"}`,
			`x.jsonl#line-1 line 1 text "Plain."`},
		{"blank text falls back to html",
			`{"text":"  ","html":"<p>Marked up.</p>"}`,
			`x.jsonl#line-1 line 1 html "<p>Marked up.</p>"`},
		{"date keeps the writer's day, not UTC's",
			`{"text":"B.","published":"2025-05-02T23:30:00-05:00"}`,
			`x.jsonl#line-1 line 1 text "B." published=2025-05-02T00:00:00Z`},
		{"date only", `{"text":"B.","published":"2025-02-20"}`,
			`x.jsonl#line-1 line 1 text "B." published=2025-02-20T00:00:00Z`},
		{"RSS date", `{"text":"B.","published":"Fri, 2 May 2025 20:27:00 +0300"}`,
			`x.jsonl#line-1 line 1 text "B." published=2025-05-02T00:00:00Z`},
		{"European date", `{"text":"B.","published":"02.05.2025"}`,
			`x.jsonl#line-1 line 1 text "B." published=2025-05-02T00:00:00Z`},
		{"written-out date", `{"text":"B.","published":"May 2, 2025"}`,
			`x.jsonl#line-1 line 1 text "B." published=2025-05-02T00:00:00Z`},
		{"Unix seconds", `{"text":"B.","published":1746217620}`,
			`x.jsonl#line-1 line 1 text "B." published=2025-05-02T00:00:00Z`},
		{"Unix milliseconds", `{"text":"B.","published":1746217620000}`,
			`x.jsonl#line-1 line 1 text "B." published=2025-05-02T00:00:00Z`},
		{"null fields are absent", `{"id":null,"title":null,"text":"B.","published":null}`,
			`x.jsonl#line-1 line 1 text "B."`},
		{"language with region", `{"text":"B.","lang":"RU-ru"}`,
			`x.jsonl#line-1 line 1 text "B." lang="ru"`},
		{"unknown fields ignored", `{"text":"B.","tags":["a"],"extra":{"x":1}}`,
			`x.jsonl#line-1 line 1 text "B."`},

		{"malformed JSON", `{"id":"a","text":"B.",}`,
			`error: x.jsonl line 1: malformed JSON at column 23: invalid character '}' looking for beginning of object key string`},
		{"cut-off line", `{"id":"a","text":"B.`,
			`error: x.jsonl line 1: malformed JSON at column 20: unexpected end of JSON input`},
		{"not an object", `["a","b"]`,
			`error: x.jsonl line 1: want a JSON object {...}, one article per line; the line starts with "[\"a\",\"b\"]"`},
		{"wrong type", `{"title":["a"],"text":"B."}`,
			`error: x.jsonl line 1: field "title": want a string, got a JSON array`},
		{"bad id", `{"id":{"x":1},"text":"B."}`,
			`error: x.jsonl line 1: field "id": want a string or a number, got {"x":1}`},
		{"no text or html", `{"id":"a","title":"T","body":"B."}`,
			`error: x.jsonl line 1: no "text" or "html" field: nothing to read (fields given: body, id, title)`},
		{"empty text", `{"text":" \n "}`,
			`error: x.jsonl line 1: field "text": no text: empty or only whitespace`},
		{"NUL in html", `{"html":"<p>a\u0000b</p>"}`,
			`error: x.jsonl line 1: field "html": binary content, not text: NUL character at offset 4`},
		{"impossible date", `{"text":"B.","published":"2025-02-30"}`,
			`error: x.jsonl line 1: field "published": cannot read date "2025-02-30": parsing time "2025-02-30": day out of range`},
		{"unreadable date", `{"text":"B.","published":"last Tuesday"}`,
			`error: x.jsonl line 1: field "published": cannot read date "last Tuesday": write it as 2025-05-02 or 2025-05-02T20:27:00+03:00 (RFC 3339)`},
		{"ambiguous date", `{"text":"B.","published":"02/05/2025"}`,
			`error: x.jsonl line 1: field "published": cannot read date "02/05/2025": write it as 2025-05-02 or 2025-05-02T20:27:00+03:00 (RFC 3339)`},
		{"fractional timestamp", `{"text":"B.","published":1746217620.5}`,
			`error: x.jsonl line 1: field "published": want a date such as "2025-05-02" or whole seconds since 1970, got 1746217620.5`},
		{"date of another type", `{"text":"B.","published":true}`,
			`error: x.jsonl line 1: field "published": want a date such as "2025-05-02", got true`},
		{"language name", `{"text":"B.","lang":"English"}`,
			`error: x.jsonl line 1: field "lang": want a two-letter language code such as "en" or "ru", got "English"`},
		{"Latin-1 bytes", "{\"text\":\"Caf\xe9\"}",
			`error: x.jsonl line 1: invalid UTF-8: byte 0xe9 at column 13; save the archive as UTF-8`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkLines(t, collect(ReadArchive(strings.NewReader(tc.line+"\n"), "x.jsonl")), []string{tc.want})
		})
	}
}

// TestReadArchiveFile reads a committed archive whose bad lines sit between
// good ones: every good line loads, and every bad one is reported by its
// line number, in order.
func TestReadArchiveFile(t *testing.T) {
	f, err := os.Open("testdata/load/mixed.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	checkLines(t, collect(ReadArchive(f, "mixed.jsonl")), []string{
		`mixed.jsonl#kyiv-1 line 1 text "Russia was behind the February cyberatta…" title="Azerbaijani lawmaker blames Russia" outlet="The Kyiv Independent" author="News desk" url="https://kyivindependent.com/a" lang="en" published=2025-05-02T00:00:00Z`,
		`mixed.jsonl#17 line 2 html "<html><body><p>Namazov called the attack…" published=2025-05-02T00:00:00Z`,
		`error: mixed.jsonl line 4: malformed JSON at column 40: invalid character 't' after object key:value pair`,
		`mixed.jsonl#line-5 line 5 text "The line number names this one." title="No id" published=2025-05-02T00:00:00Z`,
		`error: mixed.jsonl line 6: field "published": cannot read date "32/13/2025": write it as 2025-05-02 or 2025-05-02T20:27:00+03:00 (RFC 3339)`,
		`error: mixed.jsonl line 7: no "text" or "html" field: nothing to read (fields given: body, id, title)`,
		`mixed.jsonl#last line 8 text "The line after the bad ones still loads." lang="ru"`,
	})
}

// TestReadArchiveLineEnds reads the same archive with Windows line ends, a
// byte-order mark, blank lines and no final line end: the articles are the
// same, no "\r" leaks into them, and the line numbers count the blank lines.
func TestReadArchiveLineEnds(t *testing.T) {
	want := []string{
		`crlf.jsonl#a line 1 text "One."`,
		`error: crlf.jsonl line 3: malformed JSON at column 11: invalid character 'x' looking for beginning of object key string`,
		`crlf.jsonl#c line 5 text "Three." title="T"`,
	}
	for _, tc := range []struct{ name, in string }{
		{"LF", "{\"id\":\"a\",\"text\":\"One.\"}\n\n{\"id\":\"b\",x}\n \t \n{\"id\":\"c\",\"text\":\"Three.\",\"title\":\"T\"}\n"},
		{"CRLF", "{\"id\":\"a\",\"text\":\"One.\"}\r\n\r\n{\"id\":\"b\",x}\r\n \t \r\n{\"id\":\"c\",\"text\":\"Three.\",\"title\":\"T\"}\r\n"},
		{"BOM, no final line end", utf8BOM + "{\"id\":\"a\",\"text\":\"One.\"}\r\n\r\n{\"id\":\"b\",x}\r\n \t \r\n{\"id\":\"c\",\"text\":\"Three.\",\"title\":\"T\"}"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkLines(t, collect(ReadArchive(strings.NewReader(tc.in), "crlf.jsonl")), want)
		})
	}
}

// TestReadArchiveLongLine lowers the line limit: a line over it is reported
// as too large and skipped, and the lines after it load. Lines longer than
// the read buffer are read both under and over the limit.
func TestReadArchiveLongLine(t *testing.T) {
	line := func(id string, n int) string {
		return fmt.Sprintf(`{"id":%q,"text":"%s"}`+"\n", id, strings.Repeat("a", n))
	}
	for _, tc := range []struct {
		name  string
		limit int
		in    string
		want  []string
	}{
		{"short lines", 100, line("a", 10) + line("b", 500) + line("c", 10), []string{
			`x.jsonl#a line 1 text "aaaaaaaaaa"`,
			`error: x.jsonl line 2: too large: line longer than 100 bytes`,
			`x.jsonl#c line 3 text "aaaaaaaaaa"`,
		}},
		{"limit exactly met", 100, line("a", 100-len(line("a", 0))+1) + line("b", 100-len(line("b", 0))+2), []string{
			`x.jsonl#a line 1 text "` + strings.Repeat("a", 40) + `…"`,
			`error: x.jsonl line 2: too large: line longer than 100 bytes`,
		}},
		{"lines past the read buffer", 100 << 10, line("a", 80<<10) + line("b", 300<<10) + line("c", 90<<10), []string{
			`x.jsonl#a line 1 text "` + strings.Repeat("a", 40) + `…"`,
			`error: x.jsonl line 2: too large: line longer than 100.0 KiB`,
			`x.jsonl#c line 3 text "` + strings.Repeat("a", 40) + `…"`,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := collect(loader{maxLine: tc.limit}.archiveSeq(strings.NewReader(tc.in), "x.jsonl"))
			checkLines(t, got, tc.want)
			for src, err := range ReadArchive(strings.NewReader(tc.in), "x.jsonl") {
				if err != nil {
					t.Errorf("under the default limit: %v", err)
				} else if len(src.Content) < 10 {
					t.Errorf("under the default limit: %s has %d bytes", src.Origin, len(src.Content))
				}
			}
		})
	}
}

// genArchive is an endless archive of ~3 KB articles, made as it is read.
type genArchive struct {
	n    int          // lines made so far
	pend bytes.Buffer // the rest of the current line
	read int64        // bytes handed out
}

func (g *genArchive) Read(p []byte) (int, error) {
	if g.pend.Len() == 0 {
		g.n++
		fmt.Fprintf(&g.pend, `{"id":"g%d","title":"Story %d","published":"2025-05-%02d","text":"%s"}`+"\n",
			g.n, g.n, 1+g.n%28, strings.Repeat("Words of a generated article. ", 100))
	}
	n, _ := g.pend.Read(p)
	g.read += int64(n)
	return n, nil
}

// TestReadArchiveStreams reads an endless archive: the reader stops when the
// consumer stops, having read little more than the lines it yielded, and
// the live heap after 10,000 articles (30 MB) is what it was after 100.
func TestReadArchiveStreams(t *testing.T) {
	g := &genArchive{}
	var heap [2]uint64
	n := 0
	for src, err := range ReadArchive(g, "endless.jsonl") {
		if err != nil {
			t.Fatal(err)
		}
		n++
		if src.Line != n {
			t.Fatalf("article %d has line %d", n, src.Line)
		}
		if n == 100 || n == 10_000 {
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			heap[n/10_000] = ms.HeapAlloc
		}
		if n == 10_000 {
			break
		}
	}
	if lines := int64(g.n); lines > int64(n)+archiveBufSize/3000+1 {
		t.Errorf("read %d lines (%d bytes) to yield %d", lines, g.read, n)
	}
	if heap[1] > heap[0]+1<<20 {
		t.Errorf("live heap grew from %s after 100 articles to %s after 10,000",
			sizeString(int64(heap[0])), sizeString(int64(heap[1])))
	}
	t.Logf("live heap %s after 100 articles, %s after 10,000; read %s",
		sizeString(int64(heap[0])), sizeString(int64(heap[1])), sizeString(g.read))
}

// failingReader returns its data, then an error.
type failingReader struct {
	data string
	err  error
}

func (f *failingReader) Read(p []byte) (int, error) {
	if f.data == "" {
		return 0, f.err
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}

// TestReadArchiveReadError ends the sequence with the read error, placed at
// the line being read.
func TestReadArchiveReadError(t *testing.T) {
	boom := errors.New("connection reset")
	r := &failingReader{data: `{"text":"One."}` + "\n" + `{"text":"Tw`, err: boom}
	var got []error
	for _, err := range ReadArchive(r, "net.jsonl") {
		got = append(got, err)
	}
	if len(got) != 2 || got[0] != nil || !errors.Is(got[1], boom) {
		t.Fatalf("got %v, want an article then the read error", got)
	}
	if want := "net.jsonl line 2: connection reset"; got[1].Error() != want {
		t.Errorf("error %q, want %q", got[1], want)
	}
}

func BenchmarkReadArchive(b *testing.B) {
	g := &genArchive{}
	const n = 2000
	var in bytes.Buffer
	io.CopyN(&in, g, 0)
	for in.Len() == 0 || g.n <= n {
		io.CopyN(&in, g, 4096)
	}
	data := in.Bytes()[:bytes.LastIndexByte(in.Bytes(), '\n')+1]
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		count := 0
		for _, err := range ReadArchive(bytes.NewReader(data), "bench.jsonl") {
			if err != nil {
				b.Fatal(err)
			}
			count++
		}
		if count < n {
			b.Fatalf("%d articles", count)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "articles/s")
}

// FuzzReadArchive feeds arbitrary bytes to the archive reader: it must not
// panic, every article it yields must be non-blank UTF-8 with its line and
// an origin in the archive, and every error must be a *LoadError naming the
// archive and a line.
func FuzzReadArchive(f *testing.F) {
	if b, err := os.ReadFile("testdata/load/mixed.jsonl"); err == nil {
		f.Add(b)
	}
	f.Add([]byte("{\"id\":1,\"text\":\"a\"}\r\n\n{\"html\":\"<p>b\",\"published\":\"2025-05-02\",\"lang\":\"en\"}"))
	f.Add([]byte(`{"text":"a\u0000","published":1746217620}` + "\n" + `{"id":{},"text":""}`))
	f.Add([]byte("\xef\xbb\xbf{\"text\":\"\xff\"}\n[1]\n\"x\"\nnull\n{}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := bytes.Count(data, []byte{'\n'}) + 1
		for src, err := range (loader{maxLine: 256}).archiveSeq(bytes.NewReader(data), "f.jsonl") {
			if err != nil {
				var le *LoadError
				if !errors.As(err, &le) || le.Path != "f.jsonl" || le.Line < 1 || le.Line > lines {
					t.Fatalf("error %q (%T) does not name f.jsonl and a line in 1..%d", err, err, lines)
				}
				continue
			}
			if src.Line < 1 || src.Line > lines {
				t.Fatalf("source line %d, want 1..%d", src.Line, lines)
			}
			if !strings.HasPrefix(src.Origin, "f.jsonl#") {
				t.Fatalf("origin %q", src.Origin)
			}
			if !utf8.ValidString(src.Content) || strings.TrimSpace(src.Content) == "" {
				t.Fatalf("content %q is blank or not UTF-8", src.Content)
			}
			m := src.Meta
			for _, s := range []string{src.Origin, m.Title, m.Outlet, m.Author, m.URL, m.Lang} {
				if !utf8.ValidString(s) {
					t.Fatalf("metadata %q is not UTF-8", s)
				}
			}
			if !m.Published.IsZero() && !m.Published.Equal(day(m.Published)) {
				t.Fatalf("published %v is not a UTC midnight", m.Published)
			}
		}
	})
}
