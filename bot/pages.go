package bot

import (
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/newsdesk/newsdesk/corpus"
)

// An article read in Telegram is cut into pages of one message each.
//
// A page is a range of bytes of the body: page k runs from starts[k] to
// starts[k+1] (the last to the end of the body), so the pages read in
// order are the body, nothing left out and nothing twice. A page ends
// at a paragraph break whenever it can: a paragraph that fits on a page is
// never cut. A paragraph longer than a page is cut between its sentences
// (corpus.Split's), a sentence longer than a page between its words, and
// a word longer than a page between its characters. Pages are filled in
// order, each with as much as fits in the budget.
//
// The budget is counted as telegram.SplitHTML counts, in UTF-16 code units
// of the HTML: text escaped ("&" is "&amp;"), with the "p. 4" label a PDF's
// paragraph starts with where its page changes. Counting the escaped text
// keeps every page one message whatever characters the article holds, so
// that the page buttons can edit it in place.

// pageUnits is how many UTF-16 code units s takes once escaped for
// Telegram HTML (telegram.EscapeHTML).
func pageUnits(s string) int {
	n := 0
	for _, r := range s {
		switch r {
		case '&':
			n += len("&amp;")
		case '<', '>':
			n += len("&lt;")
		case '"':
			n += len("&quot;")
		default:
			n += utf16.RuneLen(r)
		}
	}
	return n
}

// pdfLabel is the HTML that marks a paragraph on PDF page p.
func pdfLabel(p int) string { return "<i>p. " + strconv.Itoa(p) + "</i> " }

// labelled reports whether paragraph para of d opens with its PDF page's
// label: the first paragraph, and each on another page than the one before.
func labelled(d *corpus.Document, para int) bool {
	return d.Pages != nil && d.Page(para) > 0 && (para == 0 || d.Page(para) != d.Page(para-1))
}

// paginate returns the byte offsets at which the pages of d's body start,
// each page holding at most budget units (see pageUnits) of text, labels
// included, but for a single character that is longer (none is).
func paginate(d *corpus.Document, budget int) []int {
	p := pager{d: d, budget: budget, starts: []int{0}}
	body := d.Body
	sents := d.Sentences
	for para, start := 0, 0; ; para++ {
		end := len(body)
		next := end
		if i := strings.Index(body[start:], "\n\n"); i >= 0 {
			end, next = start+i, start+i+2
		}
		label := 0
		if labelled(d, para) {
			label = len(pdfLabel(d.Page(para)))
		}
		if label+pageUnits(body[start:end]) <= budget {
			p.add(start, label+pageUnits(body[start:next]))
		} else {
			// Too long for a page: cut between its sentences, each
			// running to the next one's start (the space between them
			// goes with the sentence before).
			first := sort.Search(len(sents), func(i int) bool { return sents[i].Start >= start })
			cuts := []int{start}
			for i := first; i < len(sents) && sents[i].Start < end; i++ {
				if sents[i].Start > start {
					cuts = append(cuts, sents[i].Start)
				}
			}
			cuts = append(cuts, next)
			for i := 0; i+1 < len(cuts); i++ {
				extra := 0
				if i == 0 {
					extra = label
				}
				p.addSentence(cuts[i], cuts[i+1], extra)
			}
		}
		if next == len(body) {
			return p.starts
		}
		start = next
	}
}

// pager fills pages in order.
type pager struct {
	d      *corpus.Document
	budget int
	starts []int
	used   int // units on the page being filled
}

// add puts the piece of the body that starts at from, units long, on the
// page being filled, or on a new page when it does not fit.
func (p *pager) add(from, units int) {
	if p.used > 0 && p.used+units > p.budget {
		p.starts = append(p.starts, from)
		p.used = 0
	}
	p.used += units
}

// addSentence adds a sentence, cut between words, or between characters,
// when longer than a page; extra is the units of a label before it.
func (p *pager) addSentence(from, to, extra int) {
	body := p.d.Body
	if extra+pageUnits(body[from:to]) <= p.budget {
		p.add(from, extra+pageUnits(body[from:to]))
		return
	}
	// Words: each runs to the next one's start.
	word := from
	for i := from + 1; i <= to; i++ {
		if i < to && !(isSpaceAt(body, i-1) && !isSpaceAt(body, i)) {
			continue
		}
		if units := extra + pageUnits(body[word:i]); units <= p.budget {
			p.add(word, units)
		} else {
			for j, r := range body[word:i] { // a word longer than a page
				p.add(word+j, extra+pageUnits(string(r)))
				extra = 0
			}
		}
		word, extra = i, 0
	}
}

// isSpaceAt reports whether body holds an ASCII space, tab or line break
// at byte i (the white space between the words of a stored body).
func isSpaceAt(body string, i int) bool {
	return body[i] < utf8.RuneSelf && unicode.IsSpace(rune(body[i]))
}

// pageOf returns the index of the page that holds byte offset at of the
// body; the last page for an offset at or past its end.
func pageOf(starts []int, at int) int {
	return max(sort.SearchInts(starts, at+1)-1, 0)
}
