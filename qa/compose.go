package qa

import (
	"slices"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/corpus"
)

// Stage 5 of an answer: composing it. Each part of the question ("who …
// and why") takes its best candidates, ranked again with what that part
// expects, and skips those that say what a quote already chosen says;
// originals' candidates come before copies', a copy's sentence gives way
// to its original's, and no more than PerDocument quotes of a part come
// from one document. A
// quote cites its own document and every other document read that prints
// the same text; where another document says the same sentence with
// another value (a day, a number, a name's spelling), the two values are
// shown as a disagreement, each credited to those who print it. The short
// answer is a span of the first quote, shown only when the model is sure.
// Stage 6 (attribution.go) then checks every citation against the text.

// redundantSame is the share of terms at which a candidate says what a
// chosen quote says.
const redundantSame = 0.5

// compose fills ans from a ranking.
func (a *Answerer) compose(ans *Answer, r *ranking) {
	cite := &citations{print: printed{}}
	var chosen []*quoteCand
	parts := Parse(r.q.text)
	for i, p := range parts {
		if i > 0 {
			a.reweigh(r, p)
		}
		picked := 0
		fromDoc := map[*corpus.Document]int{}
		for _, c := range originalsFirst(r.cands) {
			if picked == a.opts.QuotesPerPart {
				break
			}
			if c.x[fCover]+c.x[fLexicon]+c.x[fPara]+c.x[fTitle] == 0 {
				continue // holds nothing of the question, nor does its paragraph or headline
			}
			c = original(c, r.cands)
			if redundant(chosen, c) || fromDoc[c.doc] == a.opts.PerDocument {
				continue
			}
			fromDoc[c.doc]++
			chosen = append(chosen, c)
			picked++
			srcs := cite.printers(ans, c, r.docs)
			s := c.doc.Sentences
			ans.Quotes = append(ans.Quotes, Quote{Text: c.text, Source: srcs[0], Sources: srcs, Aspect: string(p.Kind),
				DocID: c.doc.ID, Start: s[c.u.first].Start, End: s[c.u.last].End, Page: c.doc.Page(s[c.u.first].Para)})
			if i == 0 && picked == 1 {
				ans.Text = a.model.shortAnswer(r, c)
			}
		}
	}
	ans.Disagreements = append(disagreements(ans, cite, chosen, r), nameDisagreements(ans, cite, r, r.copies)...)
	a.markCopies(ans, cite, r.shingle)
	attribute(ans, cite.doc, cite.print)
}

// reweigh ranks the candidates again for a later part of a compound
// question, with what that part's question word expects.
func (a *Answerer) reweigh(r *ranking, p Part) {
	r.q.heads = []string{p.Word, ""}
	r.q.shape = a.model.expected(r.q.heads)
	r.q.cues = a.model.cues(r.q.heads)
	a.featurize(r.q, r.cands)
	a.rank(r.cands)
}

// originalsFirst returns the candidates, best first, those of documents
// that copy no other document read before those of copies: what a copy
// says truly its original says too, and what only the copy says is the
// copier's, quoted only when nothing else answers.
func originalsFirst(cands []*quoteCand) []*quoteCand {
	out := make([]*quoteCand, 0, len(cands))
	for _, c := range cands {
		if c.root == c.doc {
			out = append(out, c)
		}
	}
	for _, c := range cands {
		if c.root != c.doc {
			out = append(out, c)
		}
	}
	return out
}

// original returns, for a candidate of a copy, the unit of the document
// it copies that says the same, when there is one: the original is
// quoted, and what the copy changed is shown as a disagreement.
func original(c *quoteCand, cands []*quoteCand) *quoteCand {
	if c.root == c.doc {
		return c
	}
	var best *quoteCand
	for _, o := range cands {
		if o.doc == c.root && jaccard(c.set, o.set) >= redundantSame && (best == nil || o.score > best.score) {
			best = o
		}
	}
	if best == nil {
		return c
	}
	return best
}

// redundant reports whether c says mostly what a chosen quote says, or
// overlaps it in one document.
func redundant(chosen []*quoteCand, c *quoteCand) bool {
	for _, o := range chosen {
		if o.doc == c.doc && o.u.first <= c.u.last && c.u.first <= o.u.last || jaccard(o.set, c.set) >= redundantSame {
			return true
		}
	}
	return false
}

// jaccard is the overlap of two term sets.
func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	in := 0
	for t := range a {
		if b[t] {
			in++
		}
	}
	return float64(in) / float64(len(a)+len(b)-in)
}

// citations numbers sources in order of first citation.
type citations struct {
	docs  []*corpus.Document // by number − 1
	print printed
}

// number returns the number of document d, citing it if new.
func (c *citations) number(ans *Answer, d *corpus.Document) int {
	if i := slices.Index(c.docs, d); i >= 0 {
		return i + 1
	}
	c.docs = append(c.docs, d)
	n := len(c.docs)
	ans.Sources = append(ans.Sources, Source{N: n, DocID: d.ID, Title: d.Title, Outlet: d.Outlet,
		Published: dateOnly(d.Published), URL: d.URL, Origin: d.Origin, CarriedBy: corpus.CarriersLine(d.Carriers)})
	return n
}

// doc returns the document of source n, or nil.
func (c *citations) doc(n int) *corpus.Document {
	if n < 1 || n > len(c.docs) {
		return nil
	}
	return c.docs[n-1]
}

// printers cites c's document and every other document read that prints
// c's text, and returns their numbers, c's own first.
func (c *citations) printers(ans *Answer, cand *quoteCand, docs []retrieved) []int {
	out := []int{c.number(ans, cand.doc)}
	for _, r := range docs {
		if r.doc != cand.doc && c.print.by(r.doc, cand.text) {
			out = append(out, c.number(ans, r.doc))
		}
	}
	return out
}

// disagreements compares each chosen quote with the units of the other
// documents read that say the same sentence with another value, and
// returns one disagreement per value in dispute, each version credited to
// every document that prints the unit it comes from.
func disagreements(ans *Answer, cite *citations, chosen []*quoteCand, r *ranking) []Disagreement {
	out := []Disagreement{}
	seen := map[string]int{} // the disputed value of a quote → its index in out
	for i, c := range chosen {
		part := Kind(ans.Quotes[i].Aspect)
		first := i == 0 || ans.Quotes[i-1].Aspect != string(part)
		for _, o := range r.cands {
			if o.doc == c.doc || jaccard(c.set, o.set) < redundantSame || apartInTime(c.doc, o.doc) || cite.print.by(o.doc, c.text) {
				continue
			}
			if c.root != o.root {
				continue // not known to tell one story
			}
			va, vb, ok := differing(c.text, o.text, c.doc.Lang)
			if !ok || sameNumber(va, vb) || inTitle(c.doc, va) || inTitle(o.doc, vb) || inTitle(c.doc, vb) || inTitle(o.doc, va) ||
				!asks(part, valueKind(va), first) {
				continue
			}
			key := strings.ToLower(c.text + "\x00" + va)
			i, ok := seen[key]
			if !ok {
				i = len(out)
				seen[key] = i
				out = append(out, Disagreement{Aspect: valueKind(va),
					Versions: []Version{{Text: va, Sources: cite.printers(ans, c, r.docs)}}})
			}
			d := &out[i]
			if slices.ContainsFunc(d.Versions, func(v Version) bool { return strings.EqualFold(v.Text, vb) }) {
				continue
			}
			d.Versions = append(d.Versions, Version{Text: vb, Sources: cite.printers(ans, o, r.docs)})
		}
	}
	kept := out[:0]
	for _, d := range out {
		for j := range d.Versions {
			slices.Sort(d.Versions[j].Sources)
		}
		if apart(d) {
			kept = append(kept, d)
		}
	}
	return kept
}

// asks reports whether a part of a question of the given kind asks about
// a value of the given kind (see valueKind) disputed in one of its quotes:
// "when" asks for dates, "how many" for numbers, "who" and "where" for
// names; a question of another kind asks about what its first quote says,
// whatever the value.
func asks(part Kind, value string, firstQuote bool) bool {
	switch part {
	case KindWhen:
		return value == "date"
	case KindHowMany:
		return value == "number"
	case KindWho, KindWhere:
		return value == "name"
	}
	return firstQuote
}

// sameNumber reports whether two values are one number written two ways
// ("2,000" and "2000").
func sameNumber(a, b string) bool {
	digits := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r == ',' || r == ' ' || r == '\u00a0' {
				return -1
			}
			return r
		}, s)
	}
	return digits(a) == digits(b)
}

// inTitle reports whether a document's title names value, or the figure
// a value holds ("added 1.00" under "ST LOUIS HOGS OPEN UP 1.00 DLR"):
// the value is what that story is about ("FRANKLIN OHIO INSURED … SETS
// PAYOUT"), and a story about another fund, market or company is another
// story.
func inTitle(d *corpus.Document, value string) bool {
	title := strings.ToLower(d.Title)
	if containsWord(title, strings.ToLower(value)) {
		return true
	}
	for _, w := range strings.Fields(value) {
		if w = strings.Trim(w, ".,;:!?\"'()"); strings.ContainsAny(w, "0123456789") && containsWord(title, strings.ToLower(w)) {
			return true
		}
	}
	return false
}

// maxStoryDays is how far apart two dated documents may be published for
// their aligned sentences to tell of one event: an article, its rewrites
// and its corrections run within days, while wire copy repeats its
// templates for other events ("U.S. to sell 13.2 billion dlrs in bills"
// one week, "12.8 billion" the next). On Reuters-21578 (bot eval
// --disagreements) every aligned disagreement more than three days apart
// was of two events.
const maxStoryDays = 3

// apartInTime reports whether two documents, both dated, were published
// more than maxStoryDays apart.
func apartInTime(a, b *corpus.Document) bool {
	if a.Published.IsZero() || b.Published.IsZero() {
		return false
	}
	d := a.Published.Sub(b.Published)
	return d > maxStoryDays*24*time.Hour || d < -maxStoryDays*24*time.Hour
}

// markCopies notes, on each cited source that copies another cited one,
// which one it copies.
func (a *Answerer) markCopies(ans *Answer, cite *citations, sc shingleCache) {
	for d, orig := range copies(cite.docs, sc) {
		if i, j := slices.Index(cite.docs, d), slices.Index(cite.docs, orig); i >= 0 && j >= 0 {
			ans.Sources[i].Copies = j + 1
		}
	}
}
