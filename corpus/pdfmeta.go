package corpus

// A PDF's metadata: the document information dictionary (Title, Author,
// CreationDate "D:20240315093000+02'00'") and the catalog's XMP packet
// (dc:title, dc:creator, xmp:CreateDate "2024-03-15T09:30:00+02:00"). The
// dictionary wins where both say something; XMP fills what it leaves out.
// Published is the creation date as written, at UTC midnight, like every
// date of a Document. The catalog's Lang ("ru-RU") gives the language.

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"time"
)

// maxXMP caps the XMP packet read: a few KiB in practice.
const maxXMP = 1 << 20

// meta returns what the document says of itself.
func (r *pdfReader) meta() Meta {
	var m Meta
	if r.ctx.Info != nil {
		info := r.dict(*r.ctx.Info)
		m.Title = pdfTitle(r.text(info["Title"]))
		m.Author = cleanPDFText(r.text(info["Author"]))
		m.Published = pdfDate(r.text(info["CreationDate"]))
	}
	root := r.root()
	if sd := r.stream(root["Metadata"]); sd != nil {
		if b, err := r.decode(sd); err == nil && len(b) <= maxXMP {
			m = m.merge(xmpMeta(b))
		}
	}
	lang := strings.ToLower(r.text(root["Lang"]))
	if i := strings.IndexAny(lang, "-_"); i >= 0 {
		lang = lang[:i]
	}
	if len(lang) == 2 && lang[0] >= 'a' && lang[0] <= 'z' && lang[1] >= 'a' && lang[1] <= 'z' {
		m.Lang = lang
	}
	return m
}

// pdfTitle returns a title, or "" for what word processors put there when
// the writer gave none: a file name, "Untitled".
func pdfTitle(t string) string {
	t = cleanPDFText(strings.TrimPrefix(t, "Microsoft Word - "))
	low := strings.ToLower(t)
	for _, ext := range []string{".doc", ".docx", ".odt", ".rtf", ".pdf", ".indd", ".qxd", ".tex", ".txt"} {
		if strings.HasSuffix(low, ext) {
			return ""
		}
	}
	if low == "untitled" || strings.HasPrefix(low, "untitled-") {
		return ""
	}
	return t
}

// pdfDate reads the date of a PDF date ("D:YYYYMMDDHHmmSS…") or an XMP one
// ("YYYY-MM-DDThh:mm…"), as written, at UTC midnight; zero without a day.
func pdfDate(s string) time.Time {
	s = strings.TrimPrefix(strings.TrimSpace(s), "D:")
	if len(s) >= 10 && s[4] == '-' && s[7] == '-' {
		s = s[:4] + s[5:7] + s[8:10]
	}
	if len(s) < 8 {
		return time.Time{}
	}
	var v [8]int
	for i := range v {
		if s[i] < '0' || s[i] > '9' {
			return time.Time{}
		}
		v[i] = int(s[i] - '0')
	}
	y := v[0]*1000 + v[1]*100 + v[2]*10 + v[3]
	mo := time.Month(v[4]*10 + v[5])
	d := v[6]*10 + v[7]
	t := time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)
	if y < 1900 || mo < 1 || mo > 12 || t.Day() != d {
		return time.Time{}
	}
	return t
}

// xmpMeta reads the title, creators and creation date of an XMP packet.
func xmpMeta(b []byte) Meta {
	const (
		dc  = "http://purl.org/dc/elements/1.1/"
		xmp = "http://ns.adobe.com/xap/1.0/"
	)
	var m Meta
	var creators []string
	var field string // "title", "creator", "date": the property being read
	var text strings.Builder
	dec := xml.NewDecoder(bytes.NewReader(b))
	dec.Strict = false
	for {
		tok, err := dec.Token()
		if err != nil {
			if err != io.EOF && m == (Meta{}) {
				return Meta{}
			}
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case t.Name.Space == dc && t.Name.Local == "title":
				field = "title"
			case t.Name.Space == dc && t.Name.Local == "creator":
				field = "creator"
			case t.Name.Space == xmp && t.Name.Local == "CreateDate":
				field = "date"
			}
			for _, a := range t.Attr { // <rdf:Description xmp:CreateDate="…">
				if a.Name.Space == xmp && a.Name.Local == "CreateDate" && m.Published.IsZero() {
					m.Published = pdfDate(a.Value)
				}
			}
			text.Reset()
		case xml.CharData:
			if field != "" && text.Len() < 4096 {
				text.Write(t)
			}
		case xml.EndElement:
			v := cleanPDFText(text.String())
			text.Reset()
			switch {
			case field == "title" && t.Name.Local == "li" && m.Title == "":
				m.Title = pdfTitle(v)
			case field == "creator" && t.Name.Local == "li" && v != "":
				creators = append(creators, v)
			case field == "date" && t.Name.Local == "CreateDate":
				m.Published = pdfDate(v)
			}
			if t.Name.Local == "title" || t.Name.Local == "creator" || t.Name.Local == "CreateDate" {
				field = ""
			}
		}
	}
	m.Author = strings.Join(creators, ", ")
	return m
}
