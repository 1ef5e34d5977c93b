package corpus

// Cleaning turns scraped content into the article's paragraphs, one line
// each, and the metadata its text gives away.
//
// Plain text and Markdown are first cut into paragraphs (this file): a
// blank line always ends one; in Markdown the lines of a block are one
// paragraph, as a renderer shows them; in plain text each line is one,
// unless the text is hard-wrapped (most long lines stop mid-sentence) or a
// long line stops mid-sentence and the next goes on in lower case. Marks
// that are layout rather than words go: a heading's "#", emphasis around a
// whole line ("**Analysis**"), and in Markdown the list bullets, quote
// marks, link targets and inline emphasis. Nothing else of the text is
// changed but white space: a run of it is one space, so a quote copied
// from the body is the article's own words.
//
// HTML pages are cut into paragraphs by their block elements (html.go).
// Either way the paragraphs then go to layout (body.go), which finds the
// article among the site's chrome, and to inferMeta (meta.go).

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// para is one paragraph of a page before the article is found.
type para struct {
	text    string  // the paragraph's words, white space folded
	heading bool    // marked as a heading: Markdown "#", a whole-line "**bold**", HTML h1–h6
	item    bool    // a list item
	caption bool    // an HTML figure caption
	links   float64 // HTML: share of the text inside links
}

// extract returns the article paragraphs of content and the metadata its
// text gives away.
func extract(f Format, content string) ([]string, Meta) {
	if f == HTML {
		return extractHTML(content)
	}
	pg := layout(textParas(content, f == Markdown), "")
	return pg.body(), pg.meta()
}

// extractExplicit is extract for the plain text an archive gives as an
// article's text: that text is the article, so every paragraph is kept
// but the chrome its shape gives away (see page.explicitBody). title and
// outlet are the headline and outlet the archive gives, if any.
//
// It also returns the index in content of each paragraph kept.
func extractExplicit(f Format, content, title, outlet string) ([]string, []int, Meta) {
	var paras []para
	if f == Paragraphs {
		// One paragraph a line, as the document's format gave them: the
		// index of each is the one Source.Pages counts.
		for _, t := range strings.Split(content, "\n\n") {
			paras = append(paras, para{text: fold(t), item: textBulletRE.MatchString(t)})
		}
	} else {
		paras = textParas(content, false)
	}
	pg := layout(paras, title)
	pg.outletName = outlet
	if title != "" && pg.hasTitle && !strings.EqualFold(pg.paras[pg.title].text, title) {
		// The archive names the headline: a line that only looks like
		// one is the article's (a lead without a full stop).
		pg.title, pg.hasTitle = -1, false
	}
	body, kept := pg.explicitBody()
	return body, kept, pg.meta()
}

// fold returns s with every run of white space made one space and none at
// either end.
func fold(s string) string {
	prevSpace := true // at the start, a space would be leading
	for _, r := range s {
		switch {
		case r == ' ':
			if prevSpace {
				return strings.Join(strings.Fields(s), " ")
			}
			prevSpace = true
		case r < utf8.RuneSelf && r > ' ' || r >= utf8.RuneSelf && !unicode.IsSpace(r):
			prevSpace = false
		case r < ' ' && !unicode.IsSpace(r): // a control character stays
			prevSpace = false
		default: // any other white space
			return strings.Join(strings.Fields(s), " ")
		}
	}
	if prevSpace && s != "" {
		return strings.Join(strings.Fields(s), " ")
	}
	return s
}

// textParas cuts plain text or Markdown into paragraphs.
func textParas(content string, markdown bool) []para {
	content = strings.ReplaceAll(content, "\r\n", "\n")
	content = strings.ReplaceAll(content, "\r", "\n")
	lines := strings.Split(content, "\n")
	width, wrapped, indents := 0, false, false
	if !markdown {
		width, wrapped = hardWrap(lines)
		indents = indentParas(lines)
	}
	var (
		out   []para
		cur   para
		parts []string // the lines of cur, joined at flush
		open  bool     // cur holds text not yet appended to out
		last  string   // the last physical line of cur
		fence bool     // inside a Markdown code fence
	)
	flush := func() {
		if open {
			if cur.text = fold(strings.Join(parts, " ")); cur.text != "" {
				out = append(out, cur)
			}
		}
		open = false
	}
	for _, raw := range lines {
		t := strings.TrimSpace(raw)
		if markdown && (strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~")) {
			flush()
			fence = !fence
			continue
		}
		if t == "" || (markdown && !fence && mdRefDefRE.MatchString(t)) {
			flush()
			continue
		}
		if markdown && !fence && open && !cur.heading && !cur.item && setextRE.MatchString(t) {
			cur.heading = true
			flush()
			continue
		}
		p := lineMarks(t, markdown && !fence)
		if p.text == "" || (!fence && thematicBreakRE.MatchString(t)) {
			flush()
			continue
		}
		if open && indents {
			if !startsIndented(raw) && !p.item && !cur.heading {
				parts = append(parts, p.text)
				last = t
				continue
			}
		} else if open && joins(cur, last, p, raw, markdown, wrapped, width) {
			parts = append(parts, p.text)
			last = t
			continue
		}
		flush()
		cur, open, last = p, true, t
		parts = append(parts[:0], p.text)
	}
	flush()
	return out
}

// joins reports whether line next (raw as written) goes on the paragraph
// cur, whose last physical line is last.
func joins(cur para, last string, next para, raw string, markdown, wrapped bool, width int) bool {
	if next.heading || cur.heading {
		return false
	}
	if next.item {
		return false
	}
	if markdown {
		// A list item goes on over indented lines only.
		return !cur.item || strings.HasPrefix(raw, " ") || strings.HasPrefix(raw, "\t")
	}
	if cur.item {
		return false
	}
	n := utf8.RuneCountInString(last)
	if wrapped {
		return !(endsSentence(last) && n*10 < width*6)
	}
	if endsSentence(last) || n < 25 || len(strings.Fields(last)) < 4 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(next.text)
	return unicode.IsLower(r)
}

// indentParas tells whether plain text marks its paragraphs by indenting
// their first line, as wire copy does, rather than by blank lines: at least
// two indented lines, each after a line of text, and at least one
// unindented line after a line of text (a wrapped paragraph going on).
// Then an indented line opens a paragraph and any other goes on the one
// before, whatever its length: rows of a table are indented one by one.
func indentParas(lines []string) bool {
	indented, goesOn := 0, 0
	for i := 1; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) == "" || strings.TrimSpace(lines[i-1]) == "" {
			continue
		}
		if startsIndented(lines[i]) {
			indented++
		} else {
			goesOn++
		}
	}
	return indented >= 2 && goesOn >= 1
}

// startsIndented reports whether a line starts with white space.
func startsIndented(raw string) bool {
	return raw != "" && (raw[0] == ' ' || raw[0] == '\t')
}

// hardWrap tells whether plain text is hard-wrapped, and at what width: at
// least three long lines (40 runes or more), none longer than 100, and most
// of them stopping mid-sentence, as an editor's wrap leaves them. Scraped
// text has one paragraph a line, and its long lines end sentences.
func hardWrap(lines []string) (width int, wrapped bool) {
	long, open := 0, 0
	for _, l := range lines {
		l = strings.TrimSpace(l)
		n := utf8.RuneCountInString(l)
		width = max(width, n)
		if n >= 40 {
			long++
			if !endsSentence(l) {
				open++
			}
		}
	}
	return width, long >= 3 && width <= 100 && open*2 >= long
}

var (
	atxRE           = regexp.MustCompile(`^#{1,6}(?:\s+|$)`)
	atxCloseRE      = regexp.MustCompile(`\s+#+$`)
	setextRE        = regexp.MustCompile(`^(?:=+|-+)$`)
	thematicBreakRE = regexp.MustCompile(`^(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$`)
	mdBulletRE      = regexp.MustCompile(`^[-*+]\s+`)
	textBulletRE    = regexp.MustCompile(`^(?:[-*•·–+]|\d{1,3}[.)])\s+\S`)
	mdNumberRE      = regexp.MustCompile(`^\d{1,3}[.)]\s+`)
	mdQuoteRE       = regexp.MustCompile(`^(?:>\s?)+`)
	mdRefDefRE      = regexp.MustCompile(`^\[[^\]]+\]:\s+\S+`)
	mdImageRE       = regexp.MustCompile(`!\[[^\]]*\]\([^)]*\)`)
	mdLinkRE        = regexp.MustCompile(`\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])`)
	mdStrongRE      = regexp.MustCompile(`\*\*(\S(?:[^*]*\S)?)\*\*|__(\S(?:[^_]*\S)?)__`)
	mdEmRE          = regexp.MustCompile(`(^|[^\pL\pN*])\*(\S(?:[^*]*\S)?)\*`)
	mdCodeRE        = regexp.MustCompile("`([^`]+)`")
)

// lineMarks reads one trimmed, non-blank line: it notes and removes heading
// marks and emphasis around the whole line, and in Markdown also list
// bullets, quote marks, images, link targets and inline emphasis.
func lineMarks(t string, markdown bool) para {
	var p para
	if markdown {
		t = mdQuoteRE.ReplaceAllString(t, "")
		// "- Advertisement -" is a framed marker, not a list item.
		if loc := mdBulletRE.FindStringIndex(t); loc != nil && !strings.HasSuffix(t, t[:1]) {
			p.item, t = true, t[loc[1]:]
		} else if mdNumberRE.MatchString(t) {
			p.item = true
		}
	} else if textBulletRE.MatchString(t) {
		p.item = true
	}
	if loc := atxRE.FindStringIndex(t); loc != nil {
		p.heading = true
		t = atxCloseRE.ReplaceAllString(strings.TrimSpace(t[loc[1]:]), "")
	}
	if inner, ok := wholeEmphasis(t); ok {
		p.heading, t = !p.item, inner
	}
	if markdown {
		t = mdImageRE.ReplaceAllString(t, "")
		t = mdLinkRE.ReplaceAllString(t, "$1")
		t = mdStrongRE.ReplaceAllString(t, "$1$2")
		t = mdEmRE.ReplaceAllString(t, "$1$2")
		t = mdCodeRE.ReplaceAllString(t, "$1")
	}
	p.text = strings.TrimSpace(t)
	return p
}

// wholeEmphasis returns the text inside emphasis that wraps the whole line
// ("**Analysis**", "_Kyiv_"), and false when the line is not so wrapped.
func wholeEmphasis(t string) (string, bool) {
	for _, m := range []string{"***", "**", "__", "*", "_"} {
		inner, ok := strings.CutPrefix(t, m)
		if !ok {
			continue
		}
		if inner, ok = strings.CutSuffix(inner, m); !ok || inner == "" {
			return "", false
		}
		if strings.Contains(inner, m) || inner != strings.TrimSpace(inner) {
			return "", false
		}
		return inner, true
	}
	return "", false
}
