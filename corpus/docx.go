package corpus

// A .docx file is a zip of XML parts. The corpus needs only the text of
// word/document.xml and a few fields of docProps/core.xml, so this reader is
// archive/zip and encoding/xml: a DOCX library would bring formatting we drop.
//
// The reader opens three parts and no other (headers, footers, footnotes,
// comments and pictures are never read):
//
//	word/document.xml  the body: w:body holds paragraphs (w:p) and tables
//	                   (w:tbl > w:tr > w:tc > w:p); a paragraph holds runs
//	                   (w:r) of text (w:t), tabs (w:tab), breaks (w:br, w:cr)
//	                   and hyphens (w:noBreakHyphen), possibly wrapped in
//	                   w:ins, w:hyperlink, w:sdt, w:smartTag and the like.
//	word/styles.xml    maps a paragraph's style id (w:pStyle) to its name.
//	                   Word names built-in styles in English whatever the
//	                   language of its menus, while the id is localised (a
//	                   Russian Word gives Heading 1 the id "1").
//	docProps/core.xml  Dublin Core: dc:title, dc:creator, dcterms:created
//	                   and dcterms:modified (W3CDTF dates).
//
// Left out as not being what a reader of the page sees: deleted and moved-
// away text of tracked changes (w:del, w:moveFrom), field codes
// (w:instrText; the field's result is kept), old formatting kept by a
// tracked change (w:pPrChange), and the fallback copy of a text box that
// Word writes beside the modern one (mc:Fallback). Symbols (w:sym) are
// glyphs of a font, not text, and are skipped too.

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// The reasons a Word document cannot be read, besides ErrEmpty and
// ErrTooLarge.
var (
	// ErrNotDOCX means the input is not a Word document: not a zip, or a
	// zip without word/document.xml.
	ErrNotDOCX = errors.New("not a Word document (.docx)")
	// ErrProtectedDOCX means the input is an OLE compound file (or a zip of
	// encrypted parts): Word saves a .docx with a password that way, and a
	// Word 97–2003 .doc is one too.
	ErrProtectedDOCX = errors.New("password-protected or old .doc format")
)

// The parts of a Word document that the reader opens.
const (
	docxMainPart   = "word/document.xml"
	docxStylesPart = "word/styles.xml"
	docxCorePart   = "docProps/core.xml"
)

// Limits on what a hostile or broken file can make the reader do.
const (
	// maxDocumentXML caps the bytes inflated from word/document.xml, whose
	// declared size a zip bomb lies about. Markup is 5–10 times the text, so
	// this holds a book; and encoding/xml buffers a text node whole,
	// doubling its buffer, so one huge node costs about twice this.
	maxDocumentXML = 16 << 20
	// maxSmallPart caps styles.xml and core.xml: kilobytes in real files.
	maxSmallPart = 4 << 20
	// maxXMLDepth bounds element nesting, as xml.Unmarshal does: the decoder
	// keeps every open element, and real documents nest a few dozen deep.
	maxXMLDepth = 10_000
	// maxDOCXText caps the text kept: what a plain-text article may hold.
	maxDOCXText = MaxFileSize
)

// oleMagic opens an OLE compound file: an encrypted .docx or a .doc.
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// Namespaces of the elements the reader acts on. Strict OOXML (ISO 29500)
// renames WordprocessingML's.
const (
	nsW       = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsWStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
	nsMC      = "http://schemas.openxmlformats.org/markup-compatibility/2006"
)

// docxText is what a Word document holds for the corpus.
type docxText struct {
	Paras []string // paragraphs in order, each one folded line; empty ones dropped
	Title string   // the title paragraph (see pickTitle), kept out of Paras like an HTML page's h1
	Meta  Meta     // Title, Author and Published; empty when the document does not say
}

// readDOCX reads the text and metadata of a .docx file. It never panics and
// reads at most maxDocumentXML bytes of markup, whatever the zip declares.
func readDOCX(b []byte) (docxText, error) {
	if bytes.HasPrefix(b, oleMagic) {
		return docxText{}, fmt.Errorf("%w: an OLE compound file, not a zip; save it from Word as .docx without a password", ErrProtectedDOCX)
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) { // names like "../x" do no harm: nothing is written to disk
		return docxText{}, fmt.Errorf("%w: not a zip archive (%v)", ErrNotDOCX, err)
	}
	main := zipFile(zr, docxMainPart)
	if main == nil {
		return docxText{}, fmt.Errorf("%w: the zip has no %s", ErrNotDOCX, docxMainPart)
	}
	paras, err := readBody(main, readStyles(zr))
	if err != nil {
		return docxText{}, err
	}
	if len(paras) == 0 {
		return docxText{}, fmt.Errorf("%w: %s has no paragraph with text", ErrEmpty, docxMainPart)
	}
	var d docxText
	d.Title, d.Paras = pickTitle(paras)
	d.Meta = readCore(zr)
	if d.Title != "" {
		// The title on the page wins over core.xml's, which is often a
		// template's left-over ("Press release").
		d.Meta.Title = d.Title
	}
	return d, nil
}

// zipFile returns the first entry of zr called name, or nil.
func zipFile(zr *zip.Reader, name string) *zip.File {
	for _, f := range zr.File {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// openPart opens a part for reading at most max inflated bytes.
func openPart(f *zip.File, max int64) (io.ReadCloser, error) {
	if f.Flags&1 != 0 {
		return nil, fmt.Errorf("%w: %s is encrypted", ErrProtectedDOCX, f.Name)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	return struct {
		io.Reader
		io.Closer
	}{&cappedReader{r: rc, left: max, name: f.Name, max: max}, rc}, nil
}

// cappedReader reads from r and fails with ErrTooLarge after max bytes.
// Unlike io.LimitReader, which ends quietly, it tells a cut part from a
// whole one, so a bomb is refused rather than half read.
type cappedReader struct {
	r         io.Reader
	left, max int64
	name      string
}

func (c *cappedReader) Read(p []byte) (int, error) {
	if int64(len(p)) > c.left+1 {
		p = p[:c.left+1] // one byte past the limit tells a part of exactly max from a larger one
	}
	n, err := c.r.Read(p)
	if c.left -= int64(n); c.left < 0 {
		return 0, fmt.Errorf("%s: %w: more than %s inflated", c.name, ErrTooLarge, sizeString(c.max))
	}
	return n, err
}

// decodePart unmarshals the small part name of zr into v.
func decodePart(zr *zip.Reader, name string, v any) error {
	f := zipFile(zr, name)
	if f == nil {
		return fmt.Errorf("no %s", name)
	}
	rc, err := openPart(f, maxSmallPart)
	if err != nil {
		return err
	}
	defer rc.Close()
	return xml.NewDecoder(rc).Decode(v)
}

// readCore reads the metadata of docProps/core.xml. A missing or broken
// core.xml, or a date it gives wrong, leaves fields empty: the text is what
// matters, and metadata is often absent or stale.
func readCore(zr *zip.Reader) Meta {
	var core struct {
		Title    string `xml:"http://purl.org/dc/elements/1.1/ title"`
		Creator  string `xml:"http://purl.org/dc/elements/1.1/ creator"`
		Created  string `xml:"http://purl.org/dc/terms/ created"`
		Modified string `xml:"http://purl.org/dc/terms/ modified"`
	}
	if decodePart(zr, docxCorePart, &core) != nil {
		return Meta{}
	}
	m := Meta{Title: fold(core.Title), Author: fold(core.Creator)}
	for _, s := range []string{core.Created, core.Modified} {
		if t, err := parseDate(s); err == nil && !t.IsZero() {
			m.Published = t
			break
		}
	}
	return m
}

// paraKind is the role a paragraph's style gives it.
type paraKind int

const (
	bodyPara paraKind = iota
	titlePara
	heading1Para
)

// docxStyles maps paragraph style ids to style names.
type docxStyles map[string]string

// readStyles reads word/styles.xml; nil when it is missing or broken.
func readStyles(zr *zip.Reader) docxStyles {
	var st struct {
		Style []struct {
			ID   string `xml:"styleId,attr"`
			Name struct {
				Val string `xml:"val,attr"`
			} `xml:"name"`
		} `xml:"style"`
	}
	if decodePart(zr, docxStylesPart, &st) != nil {
		return nil
	}
	s := make(docxStyles, len(st.Style))
	for _, x := range st.Style {
		s[x.ID] = x.Name.Val
	}
	return s
}

// kind tells Title and Heading 1 by the style's name, or by its id when
// styles.xml does not name it (the ids English Word and LibreOffice use).
func (s docxStyles) kind(id string) paraKind {
	name, ok := s[id]
	if !ok {
		name = id
	}
	switch strings.ToLower(strings.ReplaceAll(name, " ", "")) {
	case "title":
		return titlePara
	case "heading1":
		return heading1Para
	}
	return bodyPara
}

// pickTitle takes out the paragraph that names the document: the first one
// styled Title, else a Heading 1 that opens the document (one further down
// names a section). It returns the title and the other paragraphs' text.
func pickTitle(paras []docxPara) (string, []string) {
	at := -1
	for i, p := range paras {
		if p.kind == titlePara {
			at = i
			break
		}
	}
	if at < 0 && paras[0].kind == heading1Para {
		at = 0
	}
	var title string
	rest := make([]string, 0, len(paras))
	for i, p := range paras {
		if i == at {
			title = p.text
		} else {
			rest = append(rest, p.text)
		}
	}
	return title, rest
}
