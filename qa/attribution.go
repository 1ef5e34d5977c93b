package qa

import (
	"slices"
	"strings"
	"unicode"

	"github.com/newsdesk/newsdesk/corpus"
)

// Attribution is the last stage of an answer and an invariant, not a
// heuristic: a quote cites a source only when that source's body prints
// the quote's exact text, white space aside. Sources that say nearly the
// same thing in other words ("on Tuesday" against "on Wednesday") get
// quotes of their own; the difference is a disagreement, never a merge.

// Prints reports whether body holds text exactly, runs of white space
// counting as one space.
func Prints(body, text string) bool {
	if text != "" && strings.Contains(body, text) {
		return true
	}
	t := squashSpace(text)
	return t != "" && strings.Contains(squashSpace(body), t)
}

// printed answers Prints for the documents of one answer, squashing each
// body's white space at most once.
type printed map[*corpus.Document]string

func (p printed) by(d *corpus.Document, text string) bool {
	if text != "" && strings.Contains(d.Body, text) {
		return true
	}
	b, ok := p[d]
	if !ok {
		b = squashSpace(d.Body)
		p[d] = b
	}
	t := squashSpace(text)
	return t != "" && strings.Contains(b, t)
}

// squashSpace replaces every run of white space with one space and trims
// the ends.
func squashSpace(s string) string {
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

// attribute drops from each quote and each version of a disagreement the
// citations of sources that do not print it, the quotes left with none,
// and the disagreements whose versions no longer stand apart; it returns
// how many citations it dropped, which the stages before it keep at 0.
func attribute(ans *Answer, doc func(n int) *corpus.Document, p printed) int {
	dropped := 0
	keep := func(srcs []int, text string) []int {
		out := srcs[:0]
		for _, n := range srcs {
			if d := doc(n); d != nil && p.by(d, text) {
				out = append(out, n)
			} else {
				dropped++
			}
		}
		return out
	}
	quotes := ans.Quotes[:0]
	for _, q := range ans.Quotes {
		if q.Sources = keep(q.Sources, q.Text); len(q.Sources) > 0 {
			q.Source = q.Sources[0]
			quotes = append(quotes, q)
		}
	}
	ans.Quotes = quotes
	kept := ans.Disagreements[:0]
	for _, d := range ans.Disagreements {
		for j := range d.Versions {
			d.Versions[j].Sources = keep(d.Versions[j].Sources, d.Versions[j].Text)
		}
		if apart(d) && !slices.ContainsFunc(d.Versions, func(v Version) bool { return len(v.Sources) == 0 }) {
			kept = append(kept, d)
		}
	}
	ans.Disagreements = kept
	return dropped
}
