package corpus

// A PDF has lines, not paragraphs: a page's lines are joined into paragraphs
// where the layout does not open a new one. A paragraph opens where the gap
// above a line is larger than the page's line spacing, where a line is
// indented against its neighbour, where the line before ends a sentence well
// short of its column, and where the type size changes (a headline, a
// caption). A line above its predecessor starts a column: it continues the
// paragraph unless it is indented against the line below it. A word
// hyphenated at a line's end is joined again when lowercase letters stand on
// both sides ("eco-" "nomy"); a hyphen between other letters or digits stays
// ("Bosnia-" "Herzegovina"). A running header or footer that is only a page
// number is dropped.

import (
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Thresholds, in ems of the line's type size unless said otherwise.
const (
	// paraGap is how much larger than the line spacing (a factor) the gap
	// above a line must be to open a paragraph: word processors space
	// paragraphs by a fifth of a line or more, and the lines of one
	// paragraph are set at one spacing.
	paraGap = 1.15
	// paraIndent is the least first-line indent: word processors indent
	// about 1.2 em, LaTeX 1.5 em, and justified lines start together.
	paraIndent = 0.8
	// sizeChange is the change in type size, relative, that makes a line
	// another paragraph's.
	sizeChange = 0.2
)

// pageNumber matches a line that is only a page number: "4", "- 4 -",
// "Page 4 of 12", "4/12", "стр. 4".
var pageNumber = regexp.MustCompile(`(?i)^(?:(?:page|p\.|pg\.?|стр\.?|страница|сторінка|с\.|səhifə|seite|s\.|página|pagina|pag\.)\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:of|из|з|von|de|/)\s*\d{1,4})?$`)

// paragraphs joins a page's lines into paragraphs, each one line of text.
func paragraphs(lines []pdfLine) []string {
	lines = withoutPageNumbers(lines)
	out := []string{}
	if len(lines) == 0 {
		return out
	}
	lead := lineSpacing(lines)
	var cur []byte
	flush := func() {
		// Soft hyphens within lines are dropped, and what they may leave.
		if p := fold(strings.ReplaceAll(string(cur), "\u00ad", "")); p != "" {
			out = append(out, p)
		}
		cur = cur[:0]
	}
	for i, ln := range lines {
		if i > 0 && opensParagraph(lines, i, lead) {
			flush()
		}
		cur = joinLine(cur, ln.text)
	}
	flush()
	return out
}

// withoutPageNumbers drops the lines that are only a page number and stand
// at the top or bottom of the page, or first or last in its content.
func withoutPageNumbers(lines []pdfLine) []pdfLine {
	if len(lines) == 0 {
		return lines
	}
	top, bottom := lines[0].y, lines[0].y
	for _, ln := range lines {
		top, bottom = max(top, ln.y), min(bottom, ln.y)
	}
	out := make([]pdfLine, 0, len(lines))
	for i, ln := range lines {
		edge := i == 0 || i == len(lines)-1 || ln.y >= top-1 || ln.y <= bottom+1
		if edge && pageNumber.MatchString(ln.text) {
			continue
		}
		out = append(out, ln)
	}
	return out
}

// lineSpacing returns the page's usual distance between baselines, in
// ems: the lower quartile of the distances between successive lines of one
// size, so that the gaps between paragraphs do not count; 1.2 without any.
func lineSpacing(lines []pdfLine) float64 {
	var dys []float64
	for i := 1; i < len(lines); i++ {
		prev, ln := lines[i-1], lines[i]
		dy := (prev.y - ln.y) / ln.size
		if !sizeChanged(prev, ln) && dy > 0.5 && dy < 3 {
			dys = append(dys, dy)
		}
	}
	if len(dys) == 0 {
		return 1.2
	}
	slices.Sort(dys)
	return dys[len(dys)/4]
}

func sizeChanged(a, b pdfLine) bool {
	return abs(a.size-b.size) > sizeChange*max(a.size, b.size)
}

// opensParagraph reports whether lines[i] starts a paragraph.
func opensParagraph(lines []pdfLine, i int, lead float64) bool {
	prev, ln := lines[i-1], lines[i]
	if sizeChanged(prev, ln) {
		return true
	}
	dy := prev.y - ln.y
	switch {
	case abs(dy) <= 0.5*ln.size: // on the same baseline: a table's cells
		return false
	case dy < 0: // up: the top of a column
		if i+1 < len(lines) {
			next := lines[i+1]
			if d := ln.y - next.y; d > 0.5*ln.size && d <= paraGap*lead*ln.size+0.5 && !sizeChanged(ln, next) {
				return ln.x-next.x > paraIndent*ln.size
			}
		}
		return false
	case dy > paraGap*lead*ln.size+0.5: // half a point for rounding
		return true
	case ln.x-prev.x > paraIndent*ln.size:
		return true
	}
	return endsShort(lines, i)
}

// endsShort reports whether lines[i-1] ends a sentence well short of the
// lines around it in its column, as the last line of a paragraph does when
// no gap or indent follows it. Short means by a quarter of the column and
// by four ems, which the longest word a ragged line pushes down rarely is.
func endsShort(lines []pdfLine, i int) bool {
	prev := lines[i-1]
	last, _ := utf8.DecodeLastRuneInString(prev.text)
	if !strings.ContainsRune(".!?…:\"”»", last) {
		return false
	}
	right := -math.MaxFloat64
	for _, j := range []int{i - 2, i} {
		if j >= 0 && abs(lines[j].x-prev.x) < 2*prev.size {
			right = max(right, lines[j].end)
		}
	}
	short := right - prev.end
	return short > 4*prev.size && short > 0.25*(right-prev.x)
}

func isLetterOrDigit(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

// joinLine appends a line to a paragraph: after a space, or, after a
// hyphen that breaks a word, without one.
func joinLine(p []byte, line string) []byte {
	if len(p) == 0 {
		return append(p, line...)
	}
	last, n := utf8.DecodeLastRune(p)
	before, _ := utf8.DecodeLastRune(p[:len(p)-n])
	next, _ := utf8.DecodeRuneInString(line)
	hyphen := last == '-' || last == '\u2010'
	switch {
	case last == '\u00ad': // a soft hyphen: always a break within a word
		return append(p[:len(p)-n], line...)
	case hyphen && unicode.IsLower(before) && unicode.IsLower(next):
		return append(p[:len(p)-n], line...) // "eco-" "nomy": economy
	case hyphen && isLetterOrDigit(before) && isLetterOrDigit(next):
		return append(p, line...) // "Bosnia-" "Herzegovina", "2019-" "2020": the hyphen is the word's
	}
	return append(append(p, ' '), line...)
}
