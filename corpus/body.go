package corpus

// Finding the article among the site's chrome.
//
// A scraped page is menus, a header, the headline, a byline, the article,
// then teasers, appeals and feeds. The article is the part dense in prose:
//
//  1. Runs. A run starts at a prose paragraph (shape.go) and goes on over
//     prose. It crosses a gap of non-prose lines only when prose follows
//     and the gap is a single line (a subheading, a caption, an ad marker)
//     or a list of up to twelve items; a date or time alone, or a copyright
//     line, always ends it: that is how feeds of other stories and page
//     footers begin. So a run of short non-sentence lines ends the article.
//  2. The article is the first run with at least 40% of the prose (in
//     bytes) of the largest run, then cohesive runs after it join it (see
//     extend).
//  3. The headline is the best title-shaped line among the fifteen before
//     the run: the one whose words the article repeats most, helped by
//     heading marks and by a byline or date right under it. Lines above
//     the headline are the site's header; lines between it and the run are
//     byline, date, caption and player notes, read for metadata only.
//  4. Inside the run, a line that is not prose is kept only if it looks
//     like a subheading or a list item, has no chrome shape and is not a
//     labelled link to another story ("Read also: ..."); lines that are
//     not prose are cut from both ends.
//
// A run also stops at a headline that opens a list of teasers: a line
// over a single paragraph that shares few words with the run (teasers).
//
// Photo captions are dropped, in and around the article: they describe a
// picture the corpus does not have, are written by a photo desk, and carry
// dates and places of the picture rather than of the story (seed 000's
// caption dates a flag photo "June 6, 2024" in St. Petersburg), which an
// answer quoting them would pass off as the article's facts.

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// page is a document's paragraphs and where the article sits among them.
type page struct {
	paras    []para
	shapes   []shape
	prose    []bool
	lang     string
	stops    stopSet
	keys     [][]string // content-word keys of each paragraph, computed when first asked
	title    int        // index of the headline; -1 when none
	start    int        // first paragraph of the article
	end      int        // one past its last
	hasTitle bool

	outletName string // the outlet a source names explicitly, if any
}

// layout finds the article in paras. knownTitle, when not empty, is a
// headline given by the page's metadata; a paragraph equal to it is the
// headline.
func layout(paras []para, knownTitle string) *page {
	pg := &page{paras: paras, title: -1}
	var all strings.Builder
	for _, p := range paras {
		all.WriteString(p.text)
		all.WriteByte('\n')
	}
	pg.lang = DetectLang(all.String())
	pg.stops = stopsFor(pg.lang)
	pg.shapes = make([]shape, len(paras))
	pg.prose = make([]bool, len(paras))
	pg.keys = make([][]string, len(paras))
	words, stops := 0, 0
	for i, p := range paras {
		pg.shapes[i] = shapeOf(p, pg.stops)
		words += pg.shapes[i].words
		stops += pg.shapes[i].stops
	}
	minShare := 0.0
	if stops*20 >= words { // the text is in the language of its stop-word list
		minShare = pg.stops.minShare
	}
	for i, s := range pg.shapes {
		pg.prose[i] = s.prose(minShare)
	}
	pg.start, pg.end = pg.bestRun()
	if pg.start == pg.end {
		return pg
	}
	pg.findTitle(knownTitle)
	pg.trimEnds()
	return pg
}

// runEnd returns one past the last paragraph of the run that starts with
// the prose paragraph i.
func (pg *page) runEnd(i int) int {
	end := i + 1
	for j := end; j < len(pg.paras); {
		if pg.prose[j] {
			j++
			end = j
			continue
		}
		k := j
		for k < len(pg.paras) && !pg.prose[k] {
			k++
		}
		if k == len(pg.paras) || !pg.bridges(j, k) || (k-j == 1 && pg.teasers(i, j)) {
			break
		}
		j = k
	}
	return end
}

// teaserCohesion is the share of words below which a paragraph under a
// headline is another story's teaser rather than the next section.
const teaserCohesion = 0.2

// teasers reports whether the line at j, inside a run that started at
// start, heads a list of teasers for other stories rather than a section
// of the article: a single paragraph follows it, then another line that is
// not prose (the next teaser's headline, its time); the line shares words
// with that paragraph, as a headline does with its story; and that
// paragraph shares less than teaserCohesion of its words with the run so
// far. An article's sections share its words; a feed of other stories
// does not.
func (pg *page) teasers(start, j int) bool {
	n := len(pg.paras)
	if pg.shapes[j].chrome != chromeNone || pg.paras[j].item || !headingLike(pg.paras[j].text, pg.shapes[j]) {
		return false
	}
	if j+2 >= n || !pg.prose[j+1] || pg.prose[j+2] || pg.paras[j+2].item {
		return false
	}
	// A teaser's headline retells its paragraph; a section heading
	// ("Pensions", "Analysis") names a topic in words of its own.
	if overlap(pg.keysOf(j), pg.vocabulary(j+1, j+2, 1<<30)) < 0.3 {
		return false
	}
	// The run's last 3000 bytes are enough to know its words, and keep a
	// page of many headings linear.
	from, n := j, 0
	for from > start && n < 3000 {
		from--
		n += len(pg.paras[from].text)
	}
	return overlap(pg.keysOf(j+1), pg.vocabulary(from, j, 1<<30)) < teaserCohesion
}

// bridges reports whether the non-prose paragraphs [j, k) between two
// prose ones belong to the same article.
func (pg *page) bridges(j, k int) bool {
	for i := j; i < k; i++ {
		if c := pg.shapes[i].chrome; c == chromeDate || c == chromeCopyright {
			return false
		}
	}
	if k-j == 1 {
		return true
	}
	if k-j > 12 {
		return false
	}
	others := 0 // lines that are not list items: at most one heading-like label
	for i := j; i < k; i++ {
		if pg.shapes[i].chrome != chromeNone {
			return false
		}
		if !pg.paras[i].item {
			if others++; others > 1 || !headingLike(pg.paras[i].text, pg.shapes[i]) {
				return false
			}
		}
	}
	return true
}

// bestRun returns the article's run: the first with at least 40% of the
// prose of the largest. Pages put their feeds of other stories after the
// article far more often than before it, so a short article followed by a
// long feed is still found.
func (pg *page) bestRun() (start, end int) {
	type run struct{ start, end, size int }
	var runs []run
	best := 0
	for i := 0; i < len(pg.paras); {
		if !pg.prose[i] {
			i++
			continue
		}
		r := run{start: i, end: pg.runEnd(i)}
		for j := r.start; j < r.end; j++ {
			if pg.prose[j] {
				r.size += len(pg.paras[j].text)
			}
		}
		runs = append(runs, r)
		best = max(best, r.size)
		i = r.end
	}
	for _, r := range runs {
		if r.size*5 >= best*2 {
			return r.start, pg.extend(r.start, r.end)
		}
	}
	return 0, 0
}

// Cohesion joins the article's parts across a gap no run crosses (a
// caption and its credit, an ad marker and a "continue reading" line):
// the part after a gap of at most mergeGap lines, none of them a date,
// counter, link, byline or appeal, joins when it has mergeMinWords content
// words or more and at least mergeCohesion of them are words the article
// already used.
// In the seeds, paragraphs of one article share 17-92% of their words with
// the rest of it, a membership appeal 0% and a feed of other stories 0-33%
// paragraph by paragraph.
const (
	mergeGap      = 3
	mergeMinWords = 15
	mergeCohesion = 0.35
)

// extend returns the end of the article that starts at start and whose
// first run ends at end, with the cohesive runs after it.
func (pg *page) extend(start, end int) int {
	for {
		k := end
		for k < len(pg.paras) && !pg.prose[k] && k-end < mergeGap {
			switch pg.shapes[k].chrome {
			case chromeNone, chromeMarker, chromeSymbols, chromeCaption, chromeLinks:
			default: // a date, a counter, a link, a byline: the article is over
				return end
			}
			k++
		}
		if k == len(pg.paras) || !pg.prose[k] {
			return end
		}
		e := pg.runEnd(k)
		var part []string
		for i := k; i < e; i++ {
			part = append(part, pg.keysOf(i)...)
		}
		if len(part) < mergeMinWords || overlap(part, pg.vocabulary(start, end, 1<<30)) < mergeCohesion {
			return end
		}
		end = e
	}
}

// trimEnds cuts what is not prose from the ends of the article, such as
// a subheading left last.
func (pg *page) trimEnds() {
	for pg.start < pg.end && !pg.prose[pg.start] {
		pg.start++
	}
	for pg.end > pg.start && !pg.prose[pg.end-1] {
		pg.end--
	}
}

// keep reports whether paragraph i of the article is kept: prose always,
// another line only when it may be a subheading or a list item.
func (pg *page) keep(i int) bool {
	if pg.prose[i] {
		return true
	}
	s, t := pg.shapes[i], pg.paras[i].text
	if s.chrome != chromeNone || crossLink(t) {
		return false
	}
	return pg.paras[i].heading || pg.paras[i].item || headingLike(t, s)
}

// explicitBody returns the article's paragraphs when the text was given
// as the article (an archive's text field) rather than scraped from a
// page: everything is kept, tables, lists and briefs included, but
//   - the headline and what stands above it (a site's header),
//   - a last line that is the outlet's name, a wire's sign-off,
//   - lines whose shape is chrome: a date or time alone, a byline or wire
//     credit, a photo caption, a counter, a link line, an ad marker, an
//     appeal to subscribe or buy, a copyright line, decoration,
//   - a labelled link to another story ("Read also: ..."),
//   - and what follows a date or copyright line after the article's last
//     run of prose: the feed of other stories or the footer it opens.
//
// Rows of figures ("Net 807,000 vs 2,858,000") are kept although they
// are not prose: in wire copy they are the story.
//
// It also returns the index of each paragraph kept.
func (pg *page) explicitBody() ([]string, []int) {
	end := len(pg.paras)
	for i := max(pg.end, 1); i < len(pg.paras); i++ {
		if c := pg.shapes[i].chrome; c == chromeDate || c == chromeCopyright {
			end = i
			break
		}
	}
	if end > 0 && pg.signOff(end-1) {
		end--
	}
	from := 0
	if pg.hasTitle {
		from = pg.title + 1
	}
	var (
		out  []string
		kept []int
	)
	for i := from; i < end; i++ {
		t := pg.paras[i].text
		switch pg.shapes[i].chrome {
		case chromeNone:
			if crossLink(t) && pg.foreign(i) {
				continue
			}
		case chromeSymbols:
			if !strings.ContainsAny(t, "0123456789") {
				continue
			}
		case chromeCounter: // "Views: 406", unless a table's row ("Waalhaven | 9")
			if !strings.Contains(t, " | ") {
				continue
			}
		default:
			continue
		}
		out = append(out, t)
		kept = append(kept, i)
	}
	return out, kept
}

// signOff reports whether paragraph i is a wire's sign-off: the outlet's
// name, or the start of it ("Reuter" for Reuters), alone on a line.
func (pg *page) signOff(i int) bool {
	t := strings.ToLower(strings.Trim(pg.paras[i].text, ".… "))
	o := strings.ToLower(pg.outletName)
	return t != "" && o != "" && pg.shapes[i].words <= 3 && strings.HasPrefix(o, t) && len(t)*2 >= len(o)
}

// foreign reports whether paragraph i shares less than teaserCohesion of
// its words with the rest of the page, as another story's headline does;
// a note on the story's figures ("Note: 1986 net excludes a gain of ...")
// shares many.
func (pg *page) foreign(i int) bool {
	vocab := pg.vocabulary(0, i, 1<<30)
	for k := range pg.vocabulary(i+1, len(pg.paras), 1<<30) {
		vocab[k] = true
	}
	return overlap(pg.keysOf(i), vocab) < teaserCohesion
}

var labelRE = regexp.MustCompile(`^(\pL[\pL\pN' ]{0,24}):\s+\S`)

// crossLink reports whether t is a label and a headline, such as "Read
// also: Government survives vote" or "Ukraine war latest: ...": a link to
// another story set in the article. A line ending with a colon is not one:
// it leads into what follows; nor is one ending with a full stop, as a
// note or a quote does ("Note: 4th qtr not available.", `Mr Frost added:
// "The outlook remains uncertain."`), which headlines do not.
func crossLink(t string) bool {
	m := labelRE.FindStringSubmatch(t)
	return m != nil && !strings.HasSuffix(t, ":") && !strings.HasSuffix(strings.TrimRightFunc(t, isCloser), ".") && len(strings.Fields(m[1])) <= 3
}

// body returns the article's paragraphs.
func (pg *page) body() []string {
	var out []string
	for i := pg.start; i < pg.end; i++ {
		if pg.keep(i) {
			out = append(out, pg.paras[i].text)
		}
	}
	return out
}

// titleWindow is how many paragraphs before the article the headline may
// be.
const titleWindow = 15

// findTitle finds the headline before the article; failing that, it takes
// a short question or exclamation opening the article as its headline.
func (pg *page) findTitle(knownTitle string) {
	var vocab map[string]bool // the words of the article's first 2000 bytes, where a headline's are
	best, bestScore := -1, 0.0
	for i := max(0, pg.start-titleWindow); i < pg.start; i++ {
		p, s := pg.paras[i], pg.shapes[i]
		if knownTitle != "" && strings.EqualFold(p.text, knownTitle) {
			best, bestScore = i, 10
			continue
		}
		if s.chrome != chromeNone || p.item || s.words < 3 || s.words > 30 ||
			strings.HasSuffix(strings.TrimRightFunc(p.text, isCloser), ".") {
			continue
		}
		if vocab == nil {
			vocab = pg.vocabulary(pg.start, pg.end, 2000)
		}
		score := overlap(pg.keysOf(i), vocab)
		if score < 0.3 && !(p.heading && score >= 0.15) {
			continue
		}
		if p.heading {
			score += 0.25
		}
		if i+1 < pg.start && (pg.shapes[i+1].chrome == chromeByline || pg.shapes[i+1].chrome == chromeDate) {
			score += 0.2
		}
		if score >= bestScore {
			best, bestScore = i, score
		}
	}
	if best >= 0 {
		pg.title, pg.hasTitle = best, true
		return
	}
	first := pg.paras[pg.start].text
	if pg.end-pg.start >= 2 && pg.shapes[pg.start].words <= 15 && len(Split(first)) == 1 &&
		strings.ContainsAny(lastRune(strings.TrimRightFunc(first, isCloser)), "?!") {
		pg.title, pg.hasTitle = pg.start, true
		pg.start++
	}
}

// lastRune returns the last rune of s as a string.
func lastRune(s string) string {
	_, n := utf8.DecodeLastRuneInString(s)
	return s[len(s)-n:]
}

// vocabulary returns the content-word keys of paragraphs [from, to), up to
// about limit bytes of text.
func (pg *page) vocabulary(from, to, limit int) map[string]bool {
	v := make(map[string]bool)
	n := 0
	for i := from; i < to && n < limit; i++ {
		for _, k := range pg.keysOf(i) {
			v[k] = true
		}
		n += len(pg.paras[i].text)
	}
	return v
}

// keysOf returns the content-word keys of paragraph i.
func (pg *page) keysOf(i int) []string {
	if pg.keys[i] == nil {
		pg.keys[i] = pg.contentKeys(pg.paras[i].text)
	}
	return pg.keys[i]
}

// contentKeys returns a key for each content word of t: not a stop word,
// three runes or more, lower-cased and cut to its first five runes, so that
// "Azerbaijan" and "Azerbaijani" or "analyzes" and "analyze" meet. The
// result is never nil.
func (pg *page) contentKeys(t string) []string {
	keys := []string{}
	for w := range strings.FieldsSeq(t) {
		w = normWord(w)
		if utf8.RuneCountInString(w) < 3 || pg.stops.has(w) {
			continue
		}
		keys = append(keys, prefixRunes(w, 5))
	}
	return keys
}

// overlap returns the share of keys found in vocab.
func overlap(keys []string, vocab map[string]bool) float64 {
	if len(keys) == 0 {
		return 0
	}
	n := 0
	for _, k := range keys {
		if vocab[k] {
			n++
		}
	}
	return float64(n) / float64(len(keys))
}

// prefixRunes returns the first n runes of w.
func prefixRunes(w string, n int) string {
	for i := range w {
		if n == 0 {
			return w[:i]
		}
		n--
	}
	return w
}
