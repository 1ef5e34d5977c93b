package qa

import (
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strings"
)

// Fitting the short answers (fit.go, step 5). Every typed span of the
// first quote of each fitted question (short.go) is an example, right
// when it is a gold answer by SQuAD's exact match. Before the logistic
// regression, three tables are counted on the gold answers and the
// quotes: the lower-case words names hold (Model.ShortJoins), the shares
// of answer types per head (Model.ShortTypes) and how often a span of
// each type was right where one stood in the first quote, per head
// (Model.ShortRates). The last is read by each example from the other
// articles only: counted on its own article it would flatter the
// example, and the threshold fitted on it would show more than it should.
// The threshold is then the lowest at which the likeliest span of each
// quote is right at least minShortPrecision of the time, by the lower
// bound of a one-sided 95% Wilson interval, over at least minShortShown
// quotes; the same is fitted for each type alone (Model.ShortBy).

// fitShort fits the shares of answer types per head, the model of right
// short answers and its threshold. Every typed span of each question's
// first quote is an example, right when it is a gold answer (SQuAD exact
// match); the threshold is set on the span shown, the likeliest of each
// quote.
func fitShort(ctx context.Context, sets []*fitSet, m *Model, log io.Writer) (*Model, error) {
	out := &Model{ShortJoins: fitShortJoins(sets)}
	out.ShortTypes = fitShortTypes(sets, out.shortPrior(nil).joins)
	type example struct {
		x     []float64
		typ   int
		right bool
		quote int
		heads []string
		title string
	}
	var exs []example
	n := 0
	err := eachFitted(ctx, sets, m, func(c SquadCase, r *ranking) {
		top := first(r.cands)
		prior := out.shortPrior(r.q.heads)
		prior.answerable = m.Answerable.Prob(r.abstain[:])
		spans := shortSpans(r, prior, top)
		for _, s := range spans {
			exs = append(exs, example{x: s.x[:], typ: s.typ, right: exactMatch(top.text[s.start:s.end], c.Answers),
				quote: n, heads: r.q.heads, title: c.Title})
		}
		if len(spans) > 0 {
			n++
		}
	})
	if err != nil {
		return nil, err
	}
	// How often a span of each type was right where one stood, per
	// head; each example reads the rates of the other articles, as the
	// questions of a new article will.
	var quotes []shortQuote
	for _, e := range exs {
		if len(quotes) == e.quote {
			quotes = append(quotes, shortQuote{heads: e.heads, title: e.title})
		}
		q := &quotes[e.quote]
		q.stood[e.typ] = true
		q.right[e.typ] = q.right[e.typ] || e.right
	}
	all, titles := rateTallies{}, map[string]bool{}
	for _, q := range quotes {
		all.add(q, 1)
		titles[q.title] = true
	}
	others := map[string]map[string][nTypes]float64{}
	for title := range titles {
		t := all.clone()
		for _, q := range quotes {
			if q.title == title {
				t.add(q, -1)
			}
		}
		others[title] = t.rates()
	}
	out.ShortRates = all.rates()
	for h, c := range all {
		var n float64
		for _, k := range c.stood {
			n = max(n, k)
		}
		if n < minCueHits && h != "" {
			delete(out.ShortRates, h) // too few to keep: its parent serves
		}
	}
	var xs [][]float64
	var ys []bool
	var quote []int
	for _, e := range exs {
		p := (&Model{ShortRates: others[e.title]}).shortPrior(e.heads)
		e.x[sRate] = p.rates[e.typ]
		e.x[sRateProb] = e.x[sRate] * e.x[sProb]
		e.x[sRateNearest] = e.x[sRate] * e.x[sNearest]
		xs, ys, quote = append(xs, e.x), append(ys, e.right), append(quote, e.quote)
	}
	if len(xs) < minShortShown {
		out.Short = identity(shortNames[:])
		out.Short.Threshold = 2
		return out, nil
	}
	l := logistic(shortNames[:], xs, ys)
	// The span shown of each quote is its likeliest.
	shownOf := map[int]shortScored{}
	for k, x := range xs {
		if p := l.Prob(x); p > shownOf[quote[k]].p || shownOf[quote[k]] == (shortScored{}) {
			shownOf[quote[k]] = shortScored{p, ys[k], exs[k].typ}
		}
	}
	var ss []shortScored
	byType := map[int][]shortScored{}
	for _, s := range shownOf {
		ss = append(ss, s)
		byType[s.typ] = append(byType[s.typ], s)
	}
	l.Threshold = wilsonThreshold(ss)
	out.Short = l
	out.ShortBy = map[string]float64{}
	for t, ts := range byType {
		if th := wilsonThreshold(ts); th < l.Threshold {
			out.ShortBy[typeNames[t]] = th
		}
	}
	shown, ok := 0, 0
	for _, s := range ss {
		if out.shortSure(s.typ, s.p) {
			shown++
			if s.right {
				ok++
			}
		}
	}
	fmt.Fprintf(log, "short: %d spans, %d right, in %d quotes; threshold %.3f, by type %v, shows %d, %d right; weights %v\n",
		len(xs), countTrue(ys), len(ss), l.Threshold, out.ShortBy, shown, ok, rounded(l.Weights))
	fmt.Fprintf(log, "short: the likeliest spans, surest first, right%s\n", surest(ss, 20, 40, 100))
	return out, nil
}

// shortScored is a short answer shown: its probability, whether it was
// right, and its type.
type shortScored struct {
	p     float64
	right bool
	typ   int
}

// surest tells how many of the ns surest short answers of ss were right,
// with the Wilson lower bound of each share.
func surest(ss []shortScored, ns ...int) string {
	ss = slices.Clone(ss)
	sort.Slice(ss, func(i, j int) bool { return ss[i].p > ss[j].p })
	var b strings.Builder
	right := 0
	for i, s := range ss {
		if s.right {
			right++
		}
		if slices.Contains(ns, i+1) {
			fmt.Fprintf(&b, "; %d of %d (bound %.3f, p ≥ %.3f)", right, i+1, wilsonLower(right, i+1), s.p)
		}
	}
	return b.String()
}

// wilsonThreshold returns the lowest probability at which the short
// answers ss, shown at or above it, are right at least minShortPrecision
// of the time by the lower bound of a one-sided 95% Wilson interval, over
// at least minShortShown of them; 2 (never) when there is none.
func wilsonThreshold(ss []shortScored) float64 {
	ss = slices.Clone(ss)
	sort.Slice(ss, func(i, j int) bool { return ss[i].p > ss[j].p || ss[i].p == ss[j].p && !ss[i].right && ss[j].right })
	th, right := 2.0, 0
	for i, s := range ss {
		if s.right {
			right++
		}
		if i+1 >= minShortShown && wilsonLower(right, i+1) >= minShortPrecision && (i+1 == len(ss) || ss[i+1].p < s.p) {
			th = s.p
		}
	}
	return th
}

// fitShortJoins returns the lower-case words seen between capitalised
// words in at least minCueHits gold answers of the fitted half.
func fitShortJoins(sets []*fitSet) []string {
	seen := map[string]int{}
	for _, s := range sets {
		for _, c := range s.set.cases {
			if !FitHalf(c.Title) || len(c.Answers) == 0 {
				continue
			}
			lang := s.ix.QueryLang(c.Question)
			once := map[string]bool{}
			for _, g := range c.Answers {
				for _, w := range nameJoins(g, lang) {
					once[w] = true
				}
			}
			for w := range once {
				seen[w]++
			}
		}
	}
	return countedAtLeast(seen, minCueHits)
}

// fitShortTypes counts the types of the gold answers per head, as
// fitShapes counts their shapes.
func fitShortTypes(sets []*fitSet, joins map[string]bool) map[string][nTypes]float64 {
	counts := map[string][nTypes]float64{}
	for _, s := range sets {
		for _, c := range s.set.cases {
			if !FitHalf(c.Title) || len(c.Answers) == 0 {
				continue
			}
			// Each type a gold answer has counts, shared among them:
			// "1851" and "in 1851" are a year and something else.
			lang := s.ix.QueryLang(c.Question)
			var seen [nTypes]bool
			n := 0.0
			for _, g := range c.Answers {
				if t := typeOf(g, lang, joins); !seen[t] {
					seen[t] = true
					n++
				}
			}
			for _, h := range heads(c.Question, lang) {
				v := counts[h]
				for t, ok := range seen {
					if ok {
						v[t] += 1 / n
					}
				}
				counts[h] = v
			}
		}
	}
	out := map[string][nTypes]float64{}
	for h, v := range counts {
		if headShares(v[:]) {
			out[h] = v
		}
	}
	return out
}

// shortQuote is what one fitted question's first quote held: the types
// of its spans, and which of them had a right one.
type shortQuote struct {
	heads        []string
	title        string
	stood, right [nTypes]bool
}

// rateTallies counts, per head, the quotes where a span of each type
// stood and those where one was right.
type rateTallies map[string]*rateTally

type rateTally struct{ stood, right [nTypes]float64 }

// add counts q under each of its heads, w times (−1 takes it out).
func (rt rateTallies) add(q shortQuote, w float64) {
	for _, h := range q.heads {
		c := rt[h]
		if c == nil {
			c = &rateTally{}
			rt[h] = c
		}
		for t := range nTypes {
			if q.stood[t] {
				c.stood[t] += w
			}
			if q.right[t] {
				c.right[t] += w
			}
		}
	}
}

func (rt rateTallies) clone() rateTallies {
	out := make(rateTallies, len(rt))
	for h, c := range rt {
		cc := *c
		out[h] = &cc
	}
	return out
}

// rates returns each head's rates, shrunk towards its parent's
// ("when|was" towards "when", "when" towards all questions) by
// minHeadQuestions quotes' worth of it, so that a head seldom asked says
// little of its own.
func (rt rateTallies) rates() map[string][nTypes]float64 {
	out := map[string][nTypes]float64{}
	var rateOf func(h string) [nTypes]float64
	rateOf = func(h string) [nTypes]float64 {
		if r, ok := out[h]; ok {
			return r
		}
		var parent [nTypes]float64
		switch w, _, ok := strings.Cut(h, "|"); {
		case ok:
			parent = rateOf(w)
		case h != "":
			parent = rateOf("")
		default:
			for t := range parent {
				parent[t] = 0.5
			}
		}
		c := rt[h]
		if c == nil {
			c = &rateTally{}
		}
		var r [nTypes]float64
		for t := range r {
			r[t] = (c.right[t] + minHeadQuestions*parent[t]) / (c.stood[t] + minHeadQuestions)
		}
		out[h] = r
		return r
	}
	for h := range rt {
		rateOf(h)
	}
	return out
}

// wilsonLower returns the lower bound of the one-sided 95% Wilson score
// interval of a proportion of right out of n.
func wilsonLower(right, n int) float64 {
	const z = 1.645
	p, nf := float64(right)/float64(n), float64(n)
	centre := p + z*z/(2*nf)
	margin := z * math.Sqrt(p*(1-p)/nf+z*z/(4*nf*nf))
	return (centre - margin) / (1 + z*z/nf)
}
