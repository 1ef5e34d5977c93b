package corpus

// The PDF fixtures: the fpdf ones are made by the tests; cyrillic.pdf needs
// a system font, article.pdf LibreOffice and aes256.pdf qpdf, so they are
// committed and regenerated, from this folder, with
//
//go:generate go run testdata/pdf/gen.go
//go:generate soffice --headless --convert-to pdf --outdir testdata/pdf testdata/pdf/article.fodt
//go:generate qpdf --encrypt "" owner 256 -- testdata/pdf/cyrillic.pdf testdata/pdf/aes256.pdf

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"
)

// TestReadPDFPages: a two-page article made by fpdf comes back page by page,
// paragraph by paragraph, without its page-number header and footers, with
// its hyphenated words joined and its metadata read.
func TestReadPDFPages(t *testing.T) {
	txt, err := readPDF(twoPagePDF(t, ""))
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{
		"Harbour strike ends after three weeks",
		"Dock workers in the port of Odesa returned to work on Friday after the union and the port authority agreed on a new wage deal.",
		"The strike had cost the regional economy about forty million dollars a week, the chamber of commerce said.",
		"Shipping lines had diverted vessels to Constanta, Gdansk and Bosnia-Herzegovina.",
	}, {
		"The union will hold a ballot on the agreement within a month.",
		"Port officials said the terminals would run around the clock until the queue of ships was gone.",
	}}
	if !equalPages(txt.Pages, want) {
		t.Errorf("pages\n%s\nwant\n%s", showPages(txt.Pages), showPages(want))
	}
	wantMeta := Meta{Title: "Harbour strike ends", Author: "Jane Roe", Published: time.Date(2024, 3, 15, 0, 0, 0, 0, time.UTC)}
	if txt.Meta != wantMeta {
		t.Errorf("meta %+v, want %+v", txt.Meta, wantMeta)
	}
}

// twoPagePDF makes the article of TestReadPDFPages; a user password
// encrypts it with RC4, as fpdf does.
func twoPagePDF(t testing.TB, password string) []byte {
	return twoPages(t, password, true)
}

// twoPages is twoPagePDF, its streams deflated or not.
func twoPages(t testing.TB, password string, compress bool) []byte {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCompression(compress)
	pdf.SetTitle("Harbour strike ends", false)
	pdf.SetAuthor("Jane Roe", false)
	pdf.SetCreationDate(time.Date(2024, 3, 15, 23, 30, 0, 0, time.FixedZone("", -5*3600)))
	if password != "" {
		pdf.SetProtection(fpdf.CnProtectPrint, password, "owner")
	}
	lines := func(x, y float64, ss ...string) {
		for i, s := range ss {
			pdf.Text(x, y+float64(i)*6, s)
		}
	}
	pdf.AddPage()
	pdf.SetFont("Helvetica", "B", 18)
	pdf.Text(20, 25, "Harbour strike ends after three weeks")
	pdf.SetFont("Helvetica", "", 11)
	lines(20, 40, "Dock workers in the port of Odesa returned to work on Friday after the",
		"union and the port authority agreed on a new wage deal.")
	// After a blank line; "economy" broken across two lines.
	lines(20, 58, "The strike had cost the regional eco-",
		"nomy about forty million dollars a week, the chamber of commerce said.")
	// No gap, but an indent; a compound broken at its own hyphen.
	lines(30, 70, "Shipping lines had diverted vessels to Constanta, Gdansk and Bosnia-")
	lines(20, 76, "Herzegovina.")
	pdf.SetFont("Helvetica", "", 9)
	pdf.Text(104, 285, "1")
	pdf.AddPage()
	pdf.Text(100, 12, "- 2 -")
	pdf.SetFont("Times", "", 12)
	lines(20, 30, "The union will hold a ballot on the agreement within a month.")
	lines(20, 42, "Port officials said the terminals would run around the clock until the",
		"queue of ships was gone.")
	pdf.SetFont("Times", "", 9)
	pdf.Text(95, 285, "Page 2 of 2")
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestReadPDFCyrillic: Russian text in an embedded TrueType subset, as
// word processors write it, comes back whole, "эконо-" "мике" joined; so do
// the title and author, which the information dictionary holds in UTF-16.
func TestReadPDFCyrillic(t *testing.T) {
	txt := readFixture(t, "cyrillic.pdf")
	want := [][]string{{
		"Порт Одессы возобновил работу",
		"Докеры порта Одессы вернулись к работе в пятницу после того, как профсоюз и администрация порта согласовали новое соглашение о заработной плате. Забастовка стоила региональной экономике около сорока миллионов долларов в неделю.",
		"«Мы получили то, что просили», — сказал председатель профсоюза Петро Коваленко журналистам у главных ворот порта.",
	}}
	if !equalPages(txt.Pages, want) {
		t.Errorf("pages\n%s\nwant\n%s", showPages(txt.Pages), showPages(want))
	}
	if txt.Meta.Title != "Порт Одессы возобновил работу" || txt.Meta.Author != "Олена Марченко" {
		t.Errorf("meta %+v", txt.Meta)
	}
	// The same, encrypted with AES-256 and no password to open it.
	if aes := readFixture(t, "aes256.pdf"); !equalPages(aes.Pages, want) || aes.Meta != txt.Meta {
		t.Errorf("aes256.pdf: %q, %+v", aes.Pages, aes.Meta)
	}
}

// TestReadPDFLibreOffice: an article LibreOffice wrote, with first-line
// indents, a two-column section, paragraphs running on across columns and
// pages, words broken at soft hyphens and "Page N of M" footers, reads as
// its writer wrote it; its title, author and language come along.
func TestReadPDFLibreOffice(t *testing.T) {
	txt := readFixture(t, "article.pdf")
	want := [][]string{{
		"Port of Odesa reopens as dock strike ends",
		"By Olena Marchenko, 15 March 2024",
		"Dock workers in the port of Odesa returned to work on Friday after the union and the port authority agreed on a new wage deal that raises pay by twelve percent over two years, ending a strike that had idled the container terminals since the start of the month and left dozens of ships waiting at anchor in the roads.",
		"The agreement, signed late on Thursday after a session of twenty hours, also covers the overtime rules that had been at the heart of the dispute, the union’s chairman, Petro Kovalenko, said. “We got what we asked for, and nobody lost face,” he told reporters outside the port’s main gate.",
		"Shipping companies said it would take about a week to clear the backlog of containers. Several lines had diverted vessels to Constanța and Gdańsk, adding days to their routes and costs that, according to one freight forwarder, would eventually be passed on to importers of grain equipment and fertiliser.",
		"The port authority’s director, Iryna Savchenko, called the deal “expensive but necessary” and said the higher wages would be paid for by tariffs that had not been raised since 2019. The ministry of infrastructure, which owns the port, did not comment.",
		"Economists said the strike had cost the regional economy about forty million dollars a week, most of it in lost handling fees and in demurrage charged by ship owners for the time their vessels spent waiting outside the harbour.",
		"Traders in grain, the port’s largest cargo by volume, had moved part of their exports to the Danube ports of Izmail and Reni, where",
	}, {
		"capacity is smaller and the draught too shallow for the largest bulk carriers that usually call at Odesa.",
		"The union said it would hold a ballot on the agreement within a month. Mr Kovalenko said he expected members to approve it by a wide margin, though some crane operators, who had asked for a separate allowance for night shifts, were unhappy with the outcome.",
		"The last strike at the port, in 2016, lasted nine days and ended with a smaller raise. Since then, container traffic has more than doubled, and the terminals have added two gantry cranes and a new rail connection to the main line towards Kyiv and the western border crossings.",
		"Port officials said they planned to run the terminals around the clock until the queue of ships was gone, and that vessels carrying perishable goods and medical supplies would be handled first.",
		"Докеры порта Одессы вернулись к работе в пятницу после того, как профсоюз и администрация порта согласовали новое соглашение о заработной плате, которое повышает оплату труда на двенадцать процентов в течение двух лет.",
	}}
	if !equalPages(txt.Pages, want) {
		t.Errorf("pages\n%s\nwant\n%s", showPages(txt.Pages), showPages(want))
	}
	if m := txt.Meta; m.Title != "Port of Odesa reopens as dock strike ends" || m.Author != "Olena Marchenko" || m.Lang != "en" {
		t.Errorf("meta %+v", m)
	}
}

func readFixture(t *testing.T, name string) pdfText {
	t.Helper()
	b, err := os.ReadFile("testdata/pdf/" + name)
	if err != nil {
		t.Fatal(err)
	}
	txt, err := readPDF(b)
	if err != nil {
		t.Fatal(err)
	}
	return txt
}

// TestReadPDFErrors: what yields no text says why, in an error errors.Is
// tells apart.
func TestReadPDFErrors(t *testing.T) {
	two := twoPagePDF(t, "")
	for _, tc := range []struct {
		name string
		pdf  []byte
		want error
	}{
		{"empty", nil, ErrNotPDF},
		{"text", []byte("Dock workers returned to work on Friday.\n"), ErrNotPDF},
		{"html", []byte("<!DOCTYPE html><html><body><p>%PDF in a paragraph</p>"), ErrNotPDF},
		{"png", pngBytes(t), ErrNotPDF},
		{"header only", []byte("%PDF-1.7\n"), ErrDamagedPDF},
		{"no xref, no objects", append(bytes.Clone(two[:20]), "\n%%EOF\n"...), ErrDamagedPDF},
		{"password", twoPagePDF(t, "secret"), ErrEncrypted},
		{"scanned", scannedPDF(t), ErrNoTextLayer},
		{"fonts without characters", onePage("<< /Font << /F1 5 0 R >> >>", "BT /F1 12 Tf 72 700 Td <00410042> Tj ET",
			"<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
			"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>"), ErrNoTextLayer},
		{"no pages", rawPDF("<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>"), ErrDamagedPDF},
	} {
		_, err := readPDF(tc.pdf)
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: error %v, want %v", tc.name, err, tc.want)
		}
	}
	// A file with only an owner password opens without one.
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetProtection(fpdf.CnProtectPrint, "", "owner")
	pdf.AddPage()
	pdf.SetFont("Helvetica", "", 12)
	pdf.Text(20, 20, "Readable without a password.")
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	if txt, err := readPDF(buf.Bytes()); err != nil || !equalPages(txt.Pages, [][]string{{"Readable without a password."}}) {
		t.Errorf("owner password only: %q, %v", txt.Pages, err)
	}
}

// scannedPDF makes a page that is only an image, as a scanner does.
func scannedPDF(t *testing.T) []byte {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddPage()
	pdf.RegisterImageOptionsReader("scan", fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(pngBytes(t)))
	pdf.ImageOptions("scan", 10, 10, 190, 270, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func pngBytes(t *testing.T) []byte {
	img := image.NewGray(image.Rect(0, 0, 40, 60))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 7)
	}
	img.Set(3, 3, color.Black)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestPDFTextOperators: the text operators, encodings and fonts, each in a
// page written by hand.
func TestPDFTextOperators(t *testing.T) {
	for _, tc := range operatorPages() {
		txt, err := readPDF(tc.pdf)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if !equalPages(txt.Pages, [][]string{tc.want}) {
			t.Errorf("%s: %q, want %q", tc.name, txt.Pages, tc.want)
		}
	}
}

// operatorPage is a page written by hand and the paragraphs it holds.
type operatorPage struct {
	name string
	pdf  []byte
	want []string
}

func operatorPages() []operatorPage {
	const helvetica = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
	const f1 = "<< /Font << /F1 5 0 R >> >>"
	toUnicode := cmapStream(`/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CMapName /Test def 1 begincodespacerange <0000> <FFFF> endcodespacerange
2 beginbfchar <0004> <0020> <0005> <D83DDE00> endbfchar
2 beginbfrange <0001> <0003> <0410> <0010> <0011> [<0064> <00660069>] endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end`)
	var pages []operatorPage
	for _, tc := range []struct {
		name      string
		resources string
		content   string
		objs      []string
		want      []string
	}{
		{"TJ kerning is a word space", f1, "BT /F1 12 Tf 72 700 Td [(Dock)-333(workers)-333(in)-250(Ode)20(sa)] TJ ET",
			[]string{helvetica}, []string{"Dock workers in Odesa"}},
		{"words split between Tj by widths", f1, "BT /F1 12 Tf 72 700 Td (Wo) Tj 18 0 Td (rd) Tj 30 0 Td (next) Tj ET",
			[]string{helvetica}, []string{"Word next"}},
		{"Td, TD and T* lines", f1, "BT /F1 12 Tf 14 TL 72 700 Td (first line of) Tj T* (the paragraph) Tj 0 -14 TD (ends) Tj T* (here.) Tj ET",
			[]string{helvetica}, []string{"first line of the paragraph ends here."}},
		{"' and \" move to the next line", f1, "BT /F1 12 Tf 14 TL 72 700 Td (one) Tj (two) ' 1 0 (three) \" ET",
			[]string{helvetica}, []string{"one two three"}},
		{"a gap opens a paragraph", f1, "BT /F1 12 Tf 72 700 Td (One.) Tj 0 -14 Td (Two.) Tj 0 -14 Td (Three) Tj 0 -30 Td (Four.) Tj ET",
			[]string{helvetica}, []string{"One. Two. Three", "Four."}},
		{"Tm, cm and q/Q place text", f1, "q 2 0 0 2 0 0 cm BT /F1 6 Tf 1 0 0 1 36 350 Tm (scaled) Tj ET Q BT /F1 12 Tf 1 0 0 1 72 686 Tm (below) Tj ET",
			[]string{helvetica}, []string{"scaled below"}},
		{"escapes and hex strings", f1, `BT /F1 12 Tf 72 700 Td (caf\351 \(1\)\040and\
 more) Tj ( ) Tj <48656C6C6F> Tj ET`, []string{helvetica}, []string{"café (1) and more Hello"}},
		{"inline image skipped", f1, "BI /W 2 /H 2 /BPC 8 /CS /G ID \x00EI\xff\xfe EI\nBT /F1 12 Tf 72 700 Td (after the image) Tj ET",
			[]string{helvetica}, []string{"after the image"}},
		{"StandardEncoding quotes", "<< /Font << /F1 5 0 R >> >>", "BT /F1 12 Tf 72 700 Td (It's `so') Tj ET",
			[]string{"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman >>"}, []string{"It’s ‘so’"}},
		{"Differences by glyph name", f1, "BT /F1 12 Tf 72 700 Td (ABCDEFGHI) Tj ET",
			[]string{"<< /Type /Font /Subtype /Type1 /BaseFont /X /FirstChar 65 /LastChar 73 /Widths [500 500 500 500 500 500 500 500 500] " +
				"/Encoding << /BaseEncoding /WinAnsiEncoding /Differences [65 /afii10017 /afii10066 /uni0432 /quoteright /f_i /Scaron /a.sc /gbreve /g17] >> >>"},
			[]string{"Абв’fiŠağ"}},
		{"ToUnicode CMap, two-byte codes", f1, "BT /F1 12 Tf 72 700 Td <00010002000400030004000500040010 0011> Tj ET",
			[]string{"<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
				"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X /DW 600 /W [1 [500 500 500] 4 4 250] >>", toUnicode},
			[]string{"АБ В 😀 dfi"}},
		{"text in a form", "<< /XObject << /Fm1 5 0 R >> >>", "/Fm1 Do q 1 0 0 1 0 -100 cm /Fm1 Do Q",
			[]string{streamObj("/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 6 0 R >> >>",
				"BT /F1 12 Tf 72 700 Td (In a form.) Tj ET"), helvetica},
			[]string{"In a form.", "In a form."}},
		{"nesting too deep ends the stream, keeping its text", f1, "BT /F1 12 Tf 72 700 Td (kept) Tj " + strings.Repeat("[", 1000) + " (lost) Tj ET",
			[]string{helvetica}, []string{"kept"}},
	} {
		pages = append(pages, operatorPage{tc.name, onePage(tc.resources, tc.content, tc.objs...), tc.want})
	}
	return pages
}

func cmapStream(program string) string { return streamObj("", program) }

// TestParagraphs: how lines become paragraphs, given where they stand.
func TestParagraphs(t *testing.T) {
	// line places text at x, y in 12-point type, its end 5 points a letter.
	line := func(x, y float64, text string) pdfLine {
		return pdfLine{text: text, x: x, y: y, end: x + 5*float64(len(text)), size: 12}
	}
	body := func(y float64, text string) pdfLine { return line(72, y, text) }
	for _, tc := range []struct {
		name  string
		lines []pdfLine
		want  []string
	}{
		{"lines run on", []pdfLine{body(700, "One line"), body(686, "and the next.")}, []string{"One line and the next."}},
		{"a gap", []pdfLine{body(700, "One line"), body(686, "and the next"), body(658, "A new one.")},
			[]string{"One line and the next", "A new one."}},
		{"an indent", []pdfLine{body(700, "One line"), body(686, "and the next"), line(90, 672, "A new one"), body(658, "and on.")},
			[]string{"One line and the next", "A new one and on."}},
		{"a headline's size", []pdfLine{{text: "Big news", x: 72, y: 720, end: 200, size: 20}, body(700, "and the rest.")},
			[]string{"Big news", "and the rest."}},
		{"hyphens", []pdfLine{body(700, "the eco-"), body(686, "nomy of Bosnia-"), body(672, "Herzegovina in 2019-"),
			body(658, "2020 - and"), body(644, "a soft hy\u00adphen wrap\u00ad"), body(630, "ped, E-"), body(616, "mail")},
			[]string{"the economy of Bosnia-Herzegovina in 2019-2020 - and a soft hyphen wrapped, E-mail"}},
		{"a short line ending a sentence", []pdfLine{line(72, 700, "A line that runs the full width of the column"),
			line(72, 686, "and stops."), line(72, 672, "The next one runs the full width of the column.")},
			[]string{"A line that runs the full width of the column and stops.", "The next one runs the full width of the column."}},
		{"a new column continues", []pdfLine{body(120, "the paragraph"), body(106, "goes on"), line(320, 700, "in the next"), line(320, 686, "column.")},
			[]string{"the paragraph goes on in the next column."}},
		{"an indented column top", []pdfLine{body(120, "the paragraph"), body(106, "ends."), line(340, 700, "A new one"), line(320, 686, "begins.")},
			[]string{"the paragraph ends.", "A new one begins."}},
		{"page numbers at the edges", []pdfLine{line(300, 780, "- 4 -"), body(700, "Text"), body(686, "1984"), body(672, "more text"), line(300, 40, "Page 4 of 12")},
			[]string{"Text 1984 more text"}},
		{"more page numbers", []pdfLine{line(300, 40, "4"), body(700, "Text"), line(300, 780, "стр. 4")}, []string{"Text"}},
		{"only a page number", []pdfLine{line(300, 40, "12")}, []string{}},
		{"soft hyphens alone", []pdfLine{body(700, "a \u00ad b"), body(686, "\u00ad"), body(600, "\u00ad")}, []string{"a b"}},
	} {
		if got := paragraphs(tc.lines); !slices.Equal(got, tc.want) || got == nil {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestGlyphText: glyph names as the Adobe Glyph List specification reads
// them.
func TestGlyphText(t *testing.T) {
	for name, want := range map[string]string{
		"A": "A", "quoteright": "’", "uni0416": "Ж", "uni00660069": "fi", "u1F600": "😀", "f_f_i": "ffi",
		"one.oldstyle": "1", "Eacute": "É", "scaron": "š", "Scommaaccent": "Ș", "gbreve": "ğ", "dotlessi": "ı",
		"afii10017": "А", "afii10071": "ё", "afii10097": "я", "afii10145": "Џ", "schwa": "ə",
	} {
		if got, ok := glyphText(name); !ok || got != want {
			t.Errorf("%s: %q, %v; want %q", name, got, ok, want)
		}
	}
	for _, name := range []string{"g17", "cid42", "", ".notdef", "uniD800", "afii99999", "Qacute"} {
		if got, ok := glyphText(name); ok {
			t.Errorf("%s: %q, want nothing", name, got)
		}
	}
}

// TestPDFMetaFields: dates as PDFs and XMP write them; titles that are file
// names; XMP's title, creators and date.
func TestPDFMetaFields(t *testing.T) {
	day := time.Date(2024, 3, 15, 0, 0, 0, 0, time.UTC)
	for s, want := range map[string]time.Time{
		"D:20240315093000+02'00'": day, "D:20240315": day, "20240315235959Z": day, "2024-03-15T09:30:00+02:00": day,
		"D:2024": {}, "D:20241332": {}, "D:20240230": {}, "": {}, "yesterday": {},
	} {
		if got := pdfDate(s); !got.Equal(want) {
			t.Errorf("date %q: %v, want %v", s, got, want)
		}
	}
	for title, want := range map[string]string{
		"Microsoft Word - strike.docx": "", "draft3.pdf": "", "Untitled": "", "  Port  reopens ": "Port reopens",
	} {
		if got := pdfTitle(title); got != want {
			t.Errorf("title %q: %q, want %q", title, got, want)
		}
	}
	xmp := `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreateDate="2024-03-15T09:30:00+02:00">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Port reopens</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>Olena Marchenko</rdf:li><rdf:li>Jane Roe</rdf:li></rdf:Seq></dc:creator>
</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`
	want := Meta{Title: "Port reopens", Author: "Olena Marchenko, Jane Roe", Published: day}
	if got := xmpMeta([]byte(xmp)); got != want {
		t.Errorf("xmp %+v, want %+v", got, want)
	}
}

// TestPanickedHere: a panic is told apart by where it was raised.
func TestPanickedHere(t *testing.T) {
	catch := func(f func()) (here bool) {
		defer func() {
			recover()
			here = panickedHere()
		}()
		f()
		return false
	}
	var m map[string]int
	if !catch(func() { m["x"] = 1 }) {
		t.Error("a panic in corpus was not ours")
	}
	if catch(func() { _ = strings.Repeat("x", -1) }) {
		t.Error("a panic in package strings was ours")
	}
}

func equalPages(a, b [][]string) bool {
	return slices.EqualFunc(a, b, func(x, y []string) bool { return slices.Equal(x, y) })
}

func showPages(pages [][]string) string {
	var b strings.Builder
	for i, p := range pages {
		for _, para := range p {
			fmt.Fprintf(&b, "  page %d: %q\n", i+1, para)
		}
	}
	return b.String()
}

// rawPDF assembles a PDF whose object n is objs[n-1], object 1 the
// catalog, with its cross-reference table.
func rawPDF(objs ...string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// onePage assembles a one-page PDF drawing content with the resources, its
// objects 5 on being objs.
func onePage(resources, content string, objs ...string) []byte {
	return rawPDF(append([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources " + resources + " /Contents 4 0 R >>",
		streamObj("", content),
	}, objs...)...)
}

// streamObj writes a stream object with the dictionary entries and data.
func streamObj(dict, data string) string {
	return fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data)
}

func deflate(b []byte) []byte {
	var buf bytes.Buffer
	w, _ := zlib.NewWriterLevel(&buf, zlib.BestCompression)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

// TestPDFStreamLengths: a stream is read up to its endstream whatever its
// dictionary claims, and a length that ends where the stream does is
// trusted even when the data holds the word "endstream".
func TestPDFStreamLengths(t *testing.T) {
	const helvetica = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
	page := func(lengthEntry, content string, more ...string) []byte {
		return rawPDF(append([]string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
			"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
			"<< " + lengthEntry + " >>\nstream\n" + content + "\nendstream", helvetica}, more...)...)
	}
	text := "BT /F1 12 Tf 72 700 Td (Read whole.) Tj ET"
	for _, tc := range []struct {
		name string
		pdf  []byte
		want string
	}{
		{"too long", page("/Length 900000", text), "Read whole."},
		{"too long, by reference", page("/Length 6 0 R", text, "900000"), "Read whole."},
		{"in an object stream", packedPDF([]string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
			"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
			"<< /Length 6 0 R >>\nstream\n" + text + "\nendstream", helvetica}, []string{"900000"}, 0), "Read whole."},
		{"endstream in the data", page(fmt.Sprintf("/Length %d", len(text)+len(" ( endstream) Tj")),
			text+" ( endstream) Tj"), "Read whole. endstream"},
		{"no length", page("", text), "Read whole."},
	} {
		txt, err := readPDF(tc.pdf)
		if err != nil || !equalPages(txt.Pages, [][]string{{tc.want}}) {
			t.Errorf("%s: %q, %v; want %q", tc.name, txt.Pages, err, tc.want)
		}
	}
}
