package corpus

// Lines from glyphs: glyphs join the line being built while they stay on its
// baseline and move on along it; a gap wider than a word space between two
// glyphs is a space, since a PDF need not draw one; anything else starts a
// new line.

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// pdfLine is a line of text on a page.
type pdfLine struct {
	text string
	x, y float64 // where its first glyph's baseline starts
	end  float64 // where its last glyph ends
	size float64 // its glyphs' mean size
}

// lineBuilder gathers glyphs into lines.
type lineBuilder struct {
	lines   []pdfLine
	cur     strings.Builder
	open    bool
	x, y    float64 // the current line's start
	end     float64 // where the last glyph ended
	textEnd float64 // where the last glyph that is not a space ended
	sizes   float64 // sum of the current line's glyph sizes
	glyphs  int
	space   bool // a space glyph was drawn after the last glyph
}

// Gaps between glyphs, in ems of the glyph's size: wordGap and more
// between glyphs is a space (justified text shrinks spaces to about 0.25 em,
// kerning moves glyphs under 0.1 em), and a jump of more than columnGap is
// no longer the same line.
const (
	wordGap   = 0.15
	columnGap = 3.0
)

// glyph adds a glyph with origin (x, y), ending at end along the line, of
// the given size, giving text.
func (lb *lineBuilder) glyph(x, y, end, size float64, text string) {
	if !finite(x) || !finite(y) || !finite(end) || !finite(size) {
		return
	}
	if size <= 0 {
		size = 1
	}
	if text == "" {
		lb.end = end
		return
	}
	if strings.TrimFunc(text, unicode.IsSpace) == "" {
		if lb.open {
			lb.space = true
			lb.end = end
		}
		return
	}
	sameLine := lb.open && math.Abs(y-lb.y) < 0.5*size && x > lb.end-size && x-lb.end < columnGap*size
	if !sameLine {
		lb.flush()
		lb.open, lb.x, lb.y = true, x, y
	} else if lb.space || x-lb.end > wordGap*size {
		lb.cur.WriteByte(' ')
	}
	lb.cur.WriteString(text)
	lb.end, lb.textEnd, lb.space = end, end, false
	lb.sizes += size
	lb.glyphs++
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) && math.Abs(f) < 1e9 }

// flush ends the current line.
func (lb *lineBuilder) flush() {
	if lb.open && lb.glyphs > 0 {
		if s := cleanPDFText(lb.cur.String()); s != "" {
			lb.lines = append(lb.lines, pdfLine{text: s, x: lb.x, y: lb.y, end: lb.textEnd, size: lb.sizes / float64(lb.glyphs)})
		}
	}
	lb.cur.Reset()
	lb.open, lb.space, lb.sizes, lb.glyphs = false, false, 0, 0
}

// done returns the lines gathered.
func (lb *lineBuilder) done() []pdfLine {
	lb.flush()
	return lb.lines
}

// cleanPDFText folds a line's white space and drops what a font gives for
// glyphs that are no characters: controls, U+FFFD. Ligatures become their
// letters, so that "ﬁnd" is found as "find".
func cleanPDFText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == utf8.RuneError, r < ' ' && r != '\t', r >= 0x7f && r < 0xa0:
			continue
		case r >= 0xfb00 && r <= 0xfb06:
			b.WriteString([]string{"ff", "fi", "fl", "ffi", "ffl", "st", "st"}[r-0xfb00])
			continue
		}
		b.WriteRune(r)
	}
	return fold(b.String())
}
