package corpus

// The body of a Word document, word/document.xml, read token by token: the
// reader holds the text of what is open, never the markup whole.

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// docxPara is a paragraph of the body, folded, with its role.
type docxPara struct {
	text string
	kind paraKind
}

// bodyReader gathers the paragraphs of word/document.xml from its tokens.
//
// Paragraphs nest (a text box's sit inside the paragraph that anchors it)
// and so do tables, so each is a stack. A table row of several cells becomes
// one paragraph, its cells joined by " | ": a row of figures ("Turnout |
// 64.2%") quoted cell by cell would lose what each figure is. A row of one
// cell is a box drawn around text, and gives its paragraphs as they are.
type bodyReader struct {
	styles docxStyles
	out    []docxPara
	paras  []openPara // w:p being read, innermost last
	rows   []openRow  // w:tr being read
	cells  [][]string // w:tc being read: their paragraphs
	inText bool       // inside w:t
	size   int        // bytes of text and cell separators kept
}

type openPara struct {
	text  []byte
	style string
}

// openRow is a table row being read. Its first cell's paragraphs are kept
// apart while it is the only cell; from the second cell on, the row is one
// line, so an empty cell costs its " | ", counted against the text limit.
type openRow struct {
	cells int
	text  bool // some cell has text
	first []string
	line  []byte
}

// readBody returns the paragraphs of the body in document order (a text
// box's before the paragraph that anchors it).
func readBody(f *zip.File, styles docxStyles) ([]docxPara, error) {
	rc, err := openPart(f, maxDocumentXML)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	br := bodyReader{styles: styles}
	dec := xml.NewDecoder(rc)
	depth, skip := 0, 0 // skip: depth of the element whose content is left out; 0 when none
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return br.out, nil
		}
		if err != nil {
			if errors.Is(err, ErrTooLarge) {
				return nil, err // already names the part
			}
			return nil, fmt.Errorf("%s: %w", docxMainPart, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth++; depth > maxXMLDepth {
				line, _ := dec.InputPos()
				return nil, fmt.Errorf("%s line %d: elements nested more than %d deep", docxMainPart, line, maxXMLDepth)
			}
			if skip > 0 {
				continue
			}
			if leftOut(t.Name) {
				skip = depth
				continue
			}
			if isW(t.Name) {
				if err := br.start(t); err != nil {
					return nil, err
				}
			}
		case xml.EndElement:
			depth--
			if skip > 0 {
				if depth < skip {
					skip = 0
				}
				continue
			}
			if isW(t.Name) {
				if err := br.end(t.Name.Local); err != nil {
					return nil, err
				}
			}
		case xml.CharData:
			if skip == 0 && br.inText {
				if err := br.add(t); err != nil {
					return nil, err
				}
			}
		}
	}
}

func isW(n xml.Name) bool { return n.Space == nsW || n.Space == nsWStrict }

// leftOut reports whether an element's content is not text of the page.
func leftOut(n xml.Name) bool {
	if n.Space == nsMC {
		return n.Local == "Fallback"
	}
	if !isW(n) {
		return false
	}
	switch n.Local {
	case "del", "delText", "moveFrom", "instrText", "delInstrText", "pPrChange":
		return true
	}
	return false
}

func (br *bodyReader) start(t xml.StartElement) error {
	switch t.Name.Local {
	case "p":
		br.paras = append(br.paras, openPara{})
	case "pStyle":
		if n := len(br.paras); n > 0 {
			for _, a := range t.Attr {
				if a.Name.Local == "val" {
					br.paras[n-1].style = a.Value
				}
			}
		}
	case "t":
		br.inText = true
	case "tab", "ptab", "br", "cr":
		return br.add([]byte{' '})
	case "noBreakHyphen":
		return br.add([]byte{'-'})
	case "tr":
		br.rows = append(br.rows, openRow{})
	case "tc":
		br.cells = append(br.cells, nil)
	}
	return nil
}

func (br *bodyReader) end(local string) error {
	switch local {
	case "t":
		br.inText = false
	case "p":
		if n := len(br.paras); n > 0 {
			p := br.paras[n-1]
			br.paras = br.paras[:n-1]
			br.emit(fold(string(p.text)), br.styles.kind(p.style))
		}
	case "tc":
		if n := len(br.cells); n > 0 {
			cell := br.cells[n-1]
			br.cells = br.cells[:n-1]
			if m := len(br.rows); m > 0 {
				return br.addCell(&br.rows[m-1], cell)
			}
			for _, p := range cell { // a cell outside a row: keep its text all the same
				br.emit(p, bodyPara)
			}
		}
	case "tr":
		if n := len(br.rows); n > 0 {
			row := br.rows[n-1]
			br.rows = br.rows[:n-1]
			if row.cells == 1 {
				for _, p := range row.first {
					br.emit(p, bodyPara)
				}
			} else if row.text {
				br.emit(fold(string(row.line)), bodyPara) // fold: an empty cell leaves "a | | b"
			}
		}
	}
	return nil
}

// addCell adds a finished cell's paragraphs to row.
func (br *bodyReader) addCell(row *openRow, cell []string) error {
	row.text = row.text || len(cell) > 0
	if row.cells++; row.cells == 1 {
		row.first = cell
		return nil
	}
	if br.size += len(" | "); br.size > maxDOCXText {
		return br.tooMuchText()
	}
	if row.cells == 2 {
		row.line = append(row.line, strings.Join(row.first, " ")...)
		row.first = nil
	}
	row.line = append(row.line, " | "...)
	row.line = append(row.line, strings.Join(cell, " ")...)
	return nil
}

// emit hands a finished paragraph to the innermost open cell, or to the
// body. A paragraph in a cell has no role: a title is not in a table.
func (br *bodyReader) emit(text string, kind paraKind) {
	if text == "" {
		return
	}
	if n := len(br.cells); n > 0 {
		br.cells[n-1] = append(br.cells[n-1], text)
		return
	}
	br.out = append(br.out, docxPara{text, kind})
}

// add appends text to the innermost open paragraph, failing with
// ErrTooLarge once the text kept passes maxDOCXText.
func (br *bodyReader) add(s []byte) error {
	n := len(br.paras)
	if n == 0 {
		return nil // text outside a paragraph is not laid out on the page
	}
	if br.size += len(s); br.size > maxDOCXText {
		return br.tooMuchText()
	}
	br.paras[n-1].text = append(br.paras[n-1].text, s...)
	return nil
}

func (br *bodyReader) tooMuchText() error {
	return fmt.Errorf("%s: %w: more than %s of text", docxMainPart, ErrTooLarge, sizeString(maxDOCXText))
}
