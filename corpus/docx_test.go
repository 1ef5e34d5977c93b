package corpus

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"hash/crc32"
	"io"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// The .docx fixtures are built here with archive/zip from the few parts the
// reader opens, so no binary file is checked in.

const (
	docxNS       = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	docxXMLDecl  = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	contentTypes = docxXMLDecl + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`
)

// part is one file of a zip.
type part struct{ name, data string }

// wordXML wraps body markup as word/document.xml.
func wordXML(body string) string {
	return docxXMLDecl + `<w:document ` + docxNS + `><w:body>` + body + `<w:sectPr/></w:body></w:document>`
}

// wp is a paragraph of one run of text, styled when style is not "".
func wp(style, text string) string {
	var ppr string
	if style != "" {
		ppr = `<w:pPr><w:pStyle w:val="` + style + `"/></w:pPr>`
	}
	return `<w:p>` + ppr + `<w:r><w:t xml:space="preserve">` + text + `</w:t></w:r></w:p>`
}

// wtc is a table cell of the given paragraphs.
func wtc(paras ...string) string {
	var b strings.Builder
	b.WriteString(`<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr>`)
	for _, p := range paras {
		b.WriteString(wp("", p))
	}
	if len(paras) == 0 {
		b.WriteString(`<w:p/>`) // Word gives every cell a paragraph
	}
	b.WriteString(`</w:tc>`)
	return b.String()
}

func wtr(cells ...string) string { return `<w:tr>` + strings.Join(cells, "") + `</w:tr>` }

func wtbl(rows ...string) string {
	return `<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/></w:tblPr>` + strings.Join(rows, "") + `</w:tbl>`
}

func coreXML(title, creator, created, modified string) string {
	return docxXMLDecl + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:title>` + title + `</dc:title><dc:creator>` + creator + `</dc:creator><cp:lastModifiedBy>Night desk</cp:lastModifiedBy>` +
		`<dcterms:created xsi:type="dcterms:W3CDTF">` + created + `</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">` + modified + `</dcterms:modified></cp:coreProperties>`
}

// zipOf builds a zip of the parts, in order, compressed by method.
func zipOf(tb testing.TB, method uint16, parts ...part) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: method})
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := io.WriteString(w, p.data); err != nil {
			tb.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// docxOf builds a .docx of [Content_Types].xml, a document.xml holding body
// and the extra parts.
func docxOf(tb testing.TB, method uint16, body string, extra ...part) []byte {
	parts := append([]part{{"[Content_Types].xml", contentTypes}, {docxMainPart, wordXML(body)}}, extra...)
	return zipOf(tb, method, parts...)
}

// stylesRU is the styles.xml of a Russian Word: built-in styles keep their
// English names under localised ids.
const stylesRU = docxXMLDecl + `<w:styles ` + docxNS + `>` +
	`<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>` +
	`<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/></w:style>` +
	`<w:style w:type="paragraph" w:styleId="a3"><w:name w:val="Title"/><w:basedOn w:val="a"/></w:style>` +
	`</w:styles>`

// docxCases are documents the reader must read, also the fuzzers' seeds.
var docxCases = []struct {
	name  string
	body  string // inside w:body
	parts []part // besides [Content_Types].xml and document.xml
	want  docxText
}{
	{name: "runs and spaces",
		body: `<w:p><w:r><w:t>Hel</w:t></w:r><w:r><w:t xml:space="preserve">lo, </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>world.</w:t></w:r></w:p>` +
			`<w:p/><w:p><w:r><w:t></w:t></w:r></w:p>` + wp("", "  Second \u00a0 one. "),
		want: docxText{Paras: []string{"Hello, world.", "Second one."}}},
	{name: "tab, breaks, hyphens and a symbol",
		body: `<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>Votes</w:t><w:tab/><w:t>1,204</w:t><w:br/><w:t>next line</w:t><w:cr/><w:t>and page</w:t><w:br w:type="page"/></w:r>` +
			`<w:r><w:t>e</w:t><w:noBreakHyphen/><w:t>mail</w:t><w:softHyphen/><w:sym w:font="Wingdings" w:char="F04A"/><w:t>ing</w:t></w:r></w:p>`,
		want: docxText{Paras: []string{"Votes 1,204 next line and page e-mailing"}}},
	{name: "title kept out, other headings kept",
		body: wp("Title", "Bridge reopens after repairs") + wp("Heading2", "Traffic") +
			wp("", "Cars crossed at dawn.") + wp("Heading1", "Reaction") + wp("", "Drivers cheered."),
		want: docxText{Title: "Bridge reopens after repairs",
			Paras: []string{"Traffic", "Cars crossed at dawn.", "Reaction", "Drivers cheered."},
			Meta:  Meta{Title: "Bridge reopens after repairs"}}},
	{name: "heading 1 opening the document is the title",
		body: wp("Heading1", "Council votes to close the market") + wp("", "The vote was 7 to 4."),
		want: docxText{Title: "Council votes to close the market", Paras: []string{"The vote was 7 to 4."},
			Meta: Meta{Title: "Council votes to close the market"}}},
	{name: "heading 1 further down is a section",
		body: wp("", "The vote was 7 to 4.") + wp("Heading1", "Background"),
		want: docxText{Paras: []string{"The vote was 7 to 4.", "Background"}}},
	{name: "Cyrillic text under localised style ids",
		body: wp("1", "Открытие моста") + wp("a3", "Мост открыт после ремонта") +
			wp("a", "Движение по мосту восстановлено в пятницу, сообщили в мэрии."),
		parts: []part{{docxStylesPart, stylesRU}},
		want: docxText{Title: "Мост открыт после ремонта",
			Paras: []string{"Открытие моста", "Движение по мосту восстановлено в пятницу, сообщили в мэрии."},
			Meta:  Meta{Title: "Мост открыт после ремонта"}}},
	{name: "tables: rows of cells, boxes of text, nesting",
		body: wp("", "Results:") +
			wtbl(wtr(wtc("Candidate"), wtc("Votes"), wtc("Share")),
				wtr(wtc("Ivanov"), wtc("1,204"), wtc("34%")),
				wtr(wtc("Petrov"), wtc(), wtc("12%")),
				wtr(wtc("Sidorov", "(independent)"), wtc("98"), wtc("3%")),
				wtr(wtc(), wtc(), wtc())) +
			wtbl(wtr(wtc("A boxed paragraph.", "And another.")),
				wtr(`<w:tc>`+wtbl(wtr(wtc("inner"), wtc("table")))+`<w:p/></w:tc>`)) +
			wp("", "After the tables."),
		want: docxText{Paras: []string{"Results:", "Candidate | Votes | Share", "Ivanov | 1,204 | 34%",
			"Petrov | | 12%", "Sidorov (independent) | 98 | 3%", "A boxed paragraph.", "And another.",
			"inner | table", "After the tables."}}},
	{name: "tracked changes: deleted and moved-away text left out",
		body: `<w:p><w:r><w:t xml:space="preserve">The mayor </w:t></w:r><w:del w:id="1" w:author="Ed" w:date="2025-05-02T10:00:00Z"><w:r><w:delText>resigned</w:delText></w:r></w:del>` +
			`<w:ins w:id="2" w:author="Ed"><w:r><w:t>stepped down</w:t></w:r></w:ins><w:r><w:t xml:space="preserve"> on Friday.</w:t></w:r></w:p>` +
			`<w:p><w:moveFrom w:id="3" w:author="Ed"><w:r><w:t>She thanked staff.</w:t></w:r></w:moveFrom></w:p>` +
			wp("", "A successor is due in June.") +
			`<w:p><w:moveTo w:id="4" w:author="Ed"><w:r><w:t>She thanked staff.</w:t></w:r></w:moveTo></w:p>` +
			`<w:p><w:pPr><w:pStyle w:val="Normal"/><w:pPrChange w:id="5" w:author="Ed"><w:pPr><w:pStyle w:val="Title"/></w:pPr></w:pPrChange></w:pPr><w:r><w:t>Once a title, now text.</w:t></w:r></w:p>`,
		want: docxText{Paras: []string{"The mayor stepped down on Friday.", "A successor is due in June.",
			"She thanked staff.", "Once a title, now text."}}},
	{name: "field codes left out, results kept",
		body: `<w:p><w:r><w:t xml:space="preserve">Read </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "https://example.org/report" </w:instrText></w:r>` +
			`<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>the report</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>` +
			`<w:fldSimple w:instr=" PAGE "><w:r><w:t xml:space="preserve"> (page 2)</w:t></w:r></w:fldSimple><w:r><w:t>.</w:t></w:r></w:p>`,
		want: docxText{Paras: []string{"Read the report (page 2)."}}},
	{name: "text box read once, links and content controls read",
		body: `<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><w:txbxContent>` + wp("", "“We will rebuild,” she said.") + `</w:txbxContent></wps:txbx></w:drawing></mc:Choice>` +
			`<mc:Fallback><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox><w:txbxContent>` + wp("", "“We will rebuild,” she said.") + `</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>` +
			`<w:r><w:t xml:space="preserve">The fire began at night. See </w:t></w:r><w:hyperlink r:id="rId9"><w:r><w:t>the map</w:t></w:r></w:hyperlink><w:r><w:t>.</w:t></w:r></w:p>` +
			`<w:sdt><w:sdtPr><w:alias w:val="Byline"/></w:sdtPr><w:sdtContent>` + wp("", "By Anna Lee") + `</w:sdtContent></w:sdt>`,
		want: docxText{Paras: []string{"“We will rebuild,” she said.", "The fire began at night. See the map.", "By Anna Lee"}}},
	{name: "headers, footers and footnotes not read",
		body: wp("", "Only the body counts."),
		parts: []part{{"word/header1.xml", `<w:hdr ` + docxNS + `>` + wp("", "CONFIDENTIAL") + `</w:hdr>`},
			{"word/footer1.xml", `<w:ftr ` + docxNS + `>` + wp("", "Page 1 of 2") + `</w:ftr>`},
			{"word/footnotes.xml", `<w:footnotes ` + docxNS + `><w:footnote w:id="1">` + wp("", "A note.") + `</w:footnote></w:footnotes>`}},
		want: docxText{Paras: []string{"Only the body counts."}}},
	{name: "metadata from core.xml",
		body:  wp("", "The vote was 7 to 4."),
		parts: []part{{docxCorePart, coreXML("Council\n votes", "Anna Lee", "2025-05-02T21:30:00Z", "2025-06-01T08:00:00Z")}},
		want: docxText{Paras: []string{"The vote was 7 to 4."},
			Meta: Meta{Title: "Council votes", Author: "Anna Lee", Published: time.Date(2025, 5, 2, 0, 0, 0, 0, time.UTC)}}},
	{name: "title paragraph wins over core.xml; modified stands in for a bad created",
		body:  wp("Title", "Market closes") + wp("", "The vote was 7 to 4."),
		parts: []part{{docxCorePart, coreXML("Press release template", "", "yesterday", "2025-06-01T08:00:00.5+03:00")}},
		want: docxText{Title: "Market closes", Paras: []string{"The vote was 7 to 4."},
			Meta: Meta{Title: "Market closes", Published: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)}}},
	{name: "broken core.xml and styles.xml ignored",
		body:  wp("Title", "Market closes") + wp("", "The vote was 7 to 4."),
		parts: []part{{docxCorePart, `<cp:coreProperties><dc:title>x`}, {docxStylesPart, `<w:styles`}},
		want:  docxText{Title: "Market closes", Paras: []string{"The vote was 7 to 4."}, Meta: Meta{Title: "Market closes"}}},
	{name: "odd zip entry names ignored",
		body:  wp("", "Still read."),
		parts: []part{{"../../etc/evil", "x"}, {"/abs", "y"}, {docxMainPart, wordXML(wp("", "A second copy is ignored."))}},
		want:  docxText{Paras: []string{"Still read."}}},
}

func TestReadDOCX(t *testing.T) {
	for _, tc := range docxCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := readDOCX(docxOf(t, zip.Deflate, tc.body, tc.parts...))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

// TestReadDOCXForms reads the same text written in other forms a .docx may
// take: stored rather than deflated, Strict OOXML's namespace, a byte-order
// mark before the XML declaration.
func TestReadDOCXForms(t *testing.T) {
	want := []string{"Hello, world."}
	strict := strings.ReplaceAll(wordXML(wp("", "Hello, world.")), nsW, nsWStrict)
	for name, b := range map[string][]byte{
		"stored": docxOf(t, zip.Store, wp("", "Hello, world.")),
		"strict": zipOf(t, zip.Deflate, part{docxMainPart, strict}),
		"BOM":    zipOf(t, zip.Deflate, part{docxMainPart, "\ufeff" + wordXML(wp("", "Hello, world."))}),
	} {
		got, err := readDOCX(b)
		if err != nil {
			t.Errorf("%s: %v", name, err)
		} else if !reflect.DeepEqual(got.Paras, want) {
			t.Errorf("%s: got %q, want %q", name, got.Paras, want)
		}
	}
}

func TestReadDOCXErrors(t *testing.T) {
	deep := strings.Repeat(`<w:r>`, maxXMLDepth) + strings.Repeat(`</w:r>`, maxXMLDepth)
	encrypted := func() []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, err := zw.CreateRaw(&zip.FileHeader{Name: docxMainPart, Method: zip.Store, Flags: 1,
			CompressedSize64: 4, UncompressedSize64: 4})
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte{1, 2, 3, 4})
		zw.Close()
		return buf.Bytes()
	}()
	tests := []struct {
		name string
		in   []byte
		is   error  // nil: no sentinel
		msg  string // in the message
	}{
		{"empty input", nil, ErrNotDOCX, "not a zip archive"},
		{"not a zip", []byte("Council votes to close the market.\n"), ErrNotDOCX, "not a zip archive"},
		{"zip without document.xml", zipOf(t, zip.Deflate, part{"[Content_Types].xml", contentTypes}, part{"xl/workbook.xml", "<workbook/>"}),
			ErrNotDOCX, "the zip has no word/document.xml"},
		{"OLE compound file", append(bytes.Clone(oleMagic), make([]byte, 504)...), ErrProtectedDOCX, "save it from Word as .docx without a password"},
		{"encrypted zip entry", encrypted, ErrProtectedDOCX, "word/document.xml is encrypted"},
		{"only empty paragraphs", docxOf(t, zip.Deflate, `<w:p/><w:p><w:r><w:t> </w:t><w:tab/></w:r></w:p>`+wtbl(wtr(wtc(), wtc()))),
			ErrEmpty, "word/document.xml has no paragraph with text"},
		{"only deleted text, and a header", docxOf(t, zip.Deflate, `<w:p><w:del><w:r><w:delText>Gone.</w:delText></w:r></w:del></w:p>`,
			part{"word/header1.xml", `<w:hdr ` + docxNS + `>` + wp("", "CONFIDENTIAL") + `</w:hdr>`}), ErrEmpty, "no paragraph with text"},
		{"malformed XML", docxOf(t, zip.Deflate, `<w:p><w:r><w:t>x</w:r></w:p>`), nil, "word/document.xml: XML syntax error on line 2"},
		{"truncated XML", zipOf(t, zip.Deflate, part{docxMainPart, wordXML(wp("", "x"))[:200]}), nil, "word/document.xml: XML syntax error"},
		{"nested too deep", docxOf(t, zip.Deflate, `<w:p>`+deep+`</w:p>`), nil, "word/document.xml line 2: elements nested more than 10000 deep"},
		{"too much text", docxOf(t, zip.Deflate, wp("", strings.Repeat("Lorem ipsum. ", maxDOCXText/13+1))),
			ErrTooLarge, "word/document.xml: too large: more than 8.0 MiB of text"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := readDOCX(tc.in)
			if err == nil {
				t.Fatalf("no error; read %+v", got)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %q is not %q", err, tc.is)
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %q does not say %q", err, tc.msg)
			}
		})
	}
}

// bombDOCX builds a .docx whose document.xml inflates to (copies+1) MiB of
// spaces between two elements, or inside a w:t when inText, and declares
// the inflated size declared(true size). Deflate codes a run of spaces the
// same way whenever the last 32 KiB were spaces too, so one MiB's code is
// made once and repeated: a 1 GiB bomb takes milliseconds to build.
func bombDOCX(tb testing.TB, copies int, inText bool, declared func(size uint64) uint64) []byte {
	tb.Helper()
	head := []byte(docxXMLDecl + `<w:document ` + docxNS + `><w:body>`)
	tail := []byte(`<w:p><w:r><w:t>Boom.</w:t></w:r></w:p></w:body></w:document>`)
	if inText {
		head = append(head, `<w:p><w:r><w:t xml:space="preserve">`...)
		tail = []byte(`</w:t></w:r></w:p></w:body></w:document>`)
	}
	spaces := bytes.Repeat([]byte{' '}, 1<<20)
	var z bytes.Buffer
	fw, _ := flate.NewWriter(&z, flate.BestSpeed)
	code := func(b ...[]byte) []byte {
		z.Reset()
		for _, x := range b {
			fw.Write(x)
		}
		fw.Flush()
		return bytes.Clone(z.Bytes())
	}
	first, again := code(head, spaces), code(spaces)
	z.Reset()
	fw.Write(tail)
	fw.Close()
	last := bytes.Clone(z.Bytes())

	crc := crc32.Update(crc32.ChecksumIEEE(head), crc32.IEEETable, spaces)
	for range copies {
		crc = crc32.Update(crc, crc32.IEEETable, spaces)
	}
	crc = crc32.Update(crc, crc32.IEEETable, tail)
	size := uint64(len(head)+len(tail)) + uint64(copies+1)<<20

	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: docxMainPart, Method: zip.Deflate, CRC32: crc,
		CompressedSize64: uint64(len(first) + copies*len(again) + len(last)), UncompressedSize64: declared(size)})
	if err != nil {
		tb.Fatal(err)
	}
	w.Write(first)
	for range copies {
		w.Write(again)
	}
	w.Write(last)
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// TestBombDOCXInflates checks the bomb's construction on a small one: it
// must be a valid zip that inflates to what it claims.
func TestBombDOCXInflates(t *testing.T) {
	bomb := bombDOCX(t, 3, false, func(n uint64) uint64 { return n })
	zr, err := zip.NewReader(bytes.NewReader(bomb), int64(len(bomb)))
	if err == nil {
		var rc io.ReadCloser
		if rc, err = zr.File[0].Open(); err == nil {
			var b []byte
			if b, err = io.ReadAll(rc); err == nil && strings.Count(string(b), " ") < 4<<20 {
				t.Errorf("inflated to %d bytes, want 4 MiB of spaces and the markup", len(b))
			}
		}
	}
	if err != nil {
		t.Fatal(err)
	}
}

// TestReadDOCXZipBomb refuses a 1 MB .docx whose document.xml inflates to
// 1 GiB, whatever size the zip declares, quickly and in little memory.
func TestReadDOCXZipBomb(t *testing.T) {
	honest := func(n uint64) uint64 { return n }
	for _, tc := range []struct {
		name     string
		inText   bool
		declared func(uint64) uint64
		msg      string
	}{
		{"honest", false, honest, "word/document.xml: too large: more than 16.0 MiB inflated"},
		{"lying", false, func(uint64) uint64 { return 4 << 10 }, "word/document.xml: zip: not a valid zip file"},
		{"claiming more", false, func(uint64) uint64 { return 1 << 62 }, "more than 16.0 MiB inflated"},
		{"in a text run", true, honest, "word/document.xml: too large: more than 8.0 MiB of text"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bomb := bombDOCX(t, 1023, tc.inText, tc.declared)
			if len(bomb) > 2<<20 {
				t.Fatalf("the bomb is %s, want about 1 MB", sizeString(int64(len(bomb))))
			}
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			start := time.Now()
			_, err := readDOCX(bomb)
			took := time.Since(start)
			runtime.ReadMemStats(&after)
			if err == nil || !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("got error %v, want one saying %q", err, tc.msg)
			}
			t.Logf("%v in %v, %s allocated", err, took, sizeString(int64(after.TotalAlloc-before.TotalAlloc)))
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 100<<20 {
				t.Errorf("allocated %s, want under 100 MiB", sizeString(int64(alloc)))
			}
			if took > 10*time.Second {
				t.Errorf("took %v to refuse", took)
			}
		})
	}
}

// checkDOCXText fails unless d keeps readDOCX's promises: paragraphs and
// title are folded lines of valid UTF-8, within the text limit.
func checkDOCXText(t *testing.T, d docxText) {
	t.Helper()
	size := len(d.Title)
	for i, p := range d.Paras {
		if p == "" || p != fold(p) || !utf8.ValidString(p) {
			t.Fatalf("paragraph %d is not a folded line of UTF-8: %q", i, p)
		}
		size += len(p)
	}
	if d.Title != fold(d.Title) || !utf8.ValidString(d.Title) {
		t.Fatalf("title is not a folded line of UTF-8: %q", d.Title)
	}
	if d.Title == "" && len(d.Paras) == 0 {
		t.Fatal("no text and no error")
	}
	if size > 2*maxDOCXText { // the spaces joining a cell's paragraphs are not counted
		t.Fatalf("%d bytes of text, over the limit", size)
	}
}

// FuzzReadDOCX feeds whole files: it finds faults of the zip layer.
//
//	go test ./corpus -run '^$' -fuzz FuzzReadDOCX -fuzztime 3m
func FuzzReadDOCX(f *testing.F) {
	for _, tc := range docxCases {
		f.Add(docxOf(f, zip.Deflate, tc.body, tc.parts...))
		f.Add(docxOf(f, zip.Store, tc.body, tc.parts...))
	}
	f.Add(append(bytes.Clone(oleMagic), 0, 0))
	f.Add(bombDOCX(f, 0, false, func(n uint64) uint64 { return n }))
	f.Fuzz(func(t *testing.T, b []byte) {
		if d, err := readDOCX(b); err == nil {
			checkDOCXText(t, d)
		}
	})
}

// FuzzDocumentXML wraps its inputs as the parts of a valid, stored zip, so
// that mutations reach the XML readers rather than break the zip.
//
//	go test ./corpus -run '^$' -fuzz FuzzDocumentXML -fuzztime 3m
func FuzzDocumentXML(f *testing.F) {
	for _, tc := range docxCases {
		var styles, core string
		for _, p := range tc.parts {
			switch p.name {
			case docxStylesPart:
				styles = p.data
			case docxCorePart:
				core = p.data
			}
		}
		f.Add(wordXML(tc.body), styles, core)
	}
	f.Add(wordXML(`<w:p>`+strings.Repeat(`<w:r>`, 50)+`<w:t>deep</w:t>`+strings.Repeat(`</w:r>`, 50)+`</w:p>`), "", "")
	f.Fuzz(func(t *testing.T, doc, styles, core string) {
		b := zipOf(t, zip.Store, part{docxMainPart, doc}, part{docxStylesPart, styles}, part{docxCorePart, core})
		if d, err := readDOCX(b); err == nil {
			checkDOCXText(t, d)
		}
	})
}
