package qa

import (
	"math"
	"strings"
	"unicode"
)

// Short answers: a span of the first quote that answers the question by
// itself ("4,000", "10 February 2025", "Denver Broncos"), shown above the
// quotes only when the model is sure of it.
//
// Every typed span the first quote holds (spans.go) is a candidate: a
// year; a date; a number, with its sign; the number with its unit ("4,000
// dockworkers", "5 million", "10 years"); a range; a name ("University of
// Chicago"). A value the question itself names is no answer to it. Which
// type a question wants is not written here: per question head (head.go),
// Model.ShortTypes gives the share of the fitted data's gold answers of
// each type, and Model.ShortRates how often a span of each type was right
// where one stood in the first quote. Each candidate is scored by
// Model.Short, a logistic regression over the features below, fitted on
// whether such spans were SQuAD's exact answer (fitshort.go); the
// likeliest is shown when its probability reaches the threshold fitted to
// keep the shown answers right at least minShortPrecision of the time
// (Short.Threshold, or its type's, Model.ShortBy), and otherwise the
// answer is the quotes alone.

// The features that tell whether a short answer is right.
const (
	sType        = iota // share of the question head's answers of the span's type (Model.ShortTypes)
	sCount              // log of the spans of its type in the quote
	sNear               // how near it stands to the question's words (see placedValues)
	sNearest            // it stands nearest the question's words of the spans of its type
	sAgree              // share of the next best quotes that hold it too
	sWords              // log of its words
	sInside             // it lies inside a longer span: a year in a date, a number in a quantity
	sOuter              // sType of the longest span it lies inside, 0 when none
	sOpens              // it opens a sentence
	sProb               // the first quote's share of the candidates' softmax
	sMargin             // the first quote's score over the second's
	sCover              // the first quote's coverage of the question
	sTypeNearest        // sType where sNearest, else 0
	sTypeAgree          // sType × sAgree
	sTypeProb           // sType × sProb
	sTypeCover          // sType × sCover
	sTypeAlone          // sType where it is the only span of its type
	sRate               // how often a span of its type was the answer where one stood in the first quote (Model.ShortRates)
	sRateProb           // sRate × sProb
	sRateNearest        // sRate where sNearest, else 0
	sAsked              // it holds words of the question
	sAnswerable         // Model.Answerable's probability that the corpus holds the answer
	sScore              // the first quote's rank score
	sDensity            // the first quote's density of the question's words (fSpan)
	sOrder              // the first quote's share of the question's word pairs in order (fOrder)
	sOpenCase           // it opens a sentence with a word its document never capitalises elsewhere
	nShort
)

var shortNames = [nShort]string{"type", "count", "near", "nearest", "agree", "words", "inside", "outer", "opens", "softmax", "margin", "cover",
	"type_nearest", "type_agree", "type_softmax", "type_cover", "type_alone", "rate", "rate_softmax", "rate_nearest", "asked",
	"answerable", "score", "density", "order", "open_case"}

// shortAgreeQuotes is how many quotes after the first are read for the
// agreement of a span: the three an answer shows, and two more.
const shortAgreeQuotes = 4

// shortSpan is a candidate short answer: a typed run of a quote.
type shortSpan struct {
	typ        int
	asked      bool // it holds words of the question
	start, end int  // byte offsets in the quote
	x          [nShort]float64
}

// shortPrior is what the model expects of a question's short answer.
type shortPrior struct {
	types [nTypes]float64 // shares of answer types (Model.ShortTypes)
	rates [nTypes]float64 // how often a span of each type was right (Model.ShortRates)
	joins map[string]bool // the lower-case words names hold (Model.ShortJoins)
	// answerable is Model.Answerable's probability that the corpus holds
	// the answer.
	answerable float64
}

// shortPrior returns what the model expects of the short answer of a
// question with heads hs, from the most specific head it knows.
func (m *Model) shortPrior(hs []string) shortPrior {
	p := shortPrior{joins: make(map[string]bool, len(m.ShortJoins))}
	for _, w := range m.ShortJoins {
		p.joins[w] = true
	}
	for i := range p.types {
		p.types[i] = 1.0 / nTypes
	}
	for _, h := range hs {
		if s, ok := m.ShortTypes[h]; ok {
			p.types = s
			break
		}
	}
	for _, h := range hs {
		if r, ok := m.ShortRates[h]; ok {
			p.rates = r
			break
		}
	}
	return p
}

// endsSentenceAt reports whether text before a span ends a sentence.
func endsSentenceAt(before string) bool {
	t := strings.TrimRightFunc(before, unicode.IsSpace)
	return t == "" || strings.ContainsAny(t[len(t)-1:], ".!?")
}

// likeliestSpan returns the span of top, the first quote, that
// Model.Short finds likeliest to answer the question, with its
// probability; ok is false when top holds no typed value the question
// does not name.
func (m *Model) likeliestSpan(r *ranking, top *quoteCand) (best shortSpan, p float64, ok bool) {
	prior := m.shortPrior(r.q.heads)
	prior.answerable = m.Answerable.Prob(r.abstain[:])
	for _, s := range shortSpans(r, prior, top) {
		if sp := m.Short.Prob(s.x[:]); !ok || sp > p {
			best, p, ok = s, sp, true
		}
	}
	return best, p, ok
}

// shortAnswer returns the short answer to show above the quotes, a span
// of top, or "" when the model is not sure of any.
func (m *Model) shortAnswer(r *ranking, top *quoteCand) string {
	if s, p, ok := m.likeliestSpan(r, top); ok && m.shortSure(s.typ, p) {
		return top.text[s.start:s.end]
	}
	return ""
}

// shortSure reports whether a span of type typ and probability p is sure
// enough to show: at or above its type's threshold, or the model's.
func (m *Model) shortSure(typ int, p float64) bool {
	if th, ok := m.ShortBy[typeNames[typ]]; ok && p >= th {
		return true
	}
	return p >= m.Short.Threshold
}

// shortSpans returns the candidate short answers of top with their
// features, given the shares of answer types the question expects.
func shortSpans(r *ranking, prior shortPrior, top *quoteCand) []shortSpan {
	q, cands := r.q, r.cands
	if top == nil || len(cands) == 0 {
		return nil
	}
	spans := typedSpans(top.text, top.doc.Lang, q.words, prior.joins)
	want := prior.types
	if len(spans) == 0 {
		return nil
	}
	var prob, margin float64 = 0, 10
	var sum float64
	for _, c := range cands {
		sum += math.Exp(c.score - top.score)
	}
	prob = 1 / sum
	for _, c := range cands {
		if c != top {
			margin = top.score - c.score
			break
		}
	}
	var others []*quoteCand
	for _, c := range cands {
		if len(others) == shortAgreeQuotes {
			break
		}
		if c != top && c.doc != top.doc {
			others = append(others, c)
		}
	}
	near := spanNearness(q, top, spans)
	count := [nTypes]int{}
	best := [nTypes]int{}
	for i := range best {
		best[i] = -1
	}
	for i, s := range spans {
		count[s.typ]++
		if b := best[s.typ]; b < 0 || near[i] > near[b] {
			best[s.typ] = i
		}
	}
	for i := range spans {
		s := &spans[i]
		val := top.text[s.start:s.end]
		s.x[sType] = want[s.typ]
		s.x[sCount] = math.Log(float64(count[s.typ]))
		s.x[sNear] = near[i]
		if best[s.typ] == i {
			s.x[sNearest] = 1
		}
		if len(others) > 0 {
			held := 0
			for _, o := range others {
				if holdsAnswer(o.text, []string{val}) {
					held++
				}
			}
			s.x[sAgree] = float64(held) / float64(len(others))
		}
		s.x[sWords] = math.Log(float64(len(strings.Fields(val))))
		outer := 0
		for _, o := range spans {
			if o.start <= s.start && s.end <= o.end && o.end-o.start > s.end-s.start && o.end-o.start > outer {
				outer = o.end - o.start
				s.x[sInside], s.x[sOuter] = 1, want[o.typ]
			}
		}
		if s.start == 0 || endsSentenceAt(top.text[:s.start]) {
			s.x[sOpens] = 1
			if w, _, _ := strings.Cut(val, " "); !capitalisedWithin(top.doc.Body, w) {
				s.x[sOpenCase] = 1
			}
		}
		s.x[sProb], s.x[sMargin], s.x[sCover] = prob, margin, top.x[fCover]
		t := s.x[sType]
		s.x[sTypeNearest] = t * s.x[sNearest]
		s.x[sTypeAgree], s.x[sTypeProb], s.x[sTypeCover] = t*s.x[sAgree], t*prob, t*top.x[fCover]
		if count[s.typ] == 1 {
			s.x[sTypeAlone] = t
		}
		if s.asked {
			s.x[sAsked] = 1
		}
		s.x[sAnswerable], s.x[sScore], s.x[sDensity], s.x[sOrder] = prior.answerable, top.score, top.x[fSpan], top.x[fOrder]
		s.x[sRate] = prior.rates[s.typ]
		s.x[sRateProb] = s.x[sRate] * prob
		s.x[sRateNearest] = s.x[sRate] * s.x[sNearest]
	}
	return spans
}

// spanNearness returns how near each span stands to the question's words
// in the quote, as placedValues measures it.
func spanNearness(q *question, c *quoteCand, spans []shortSpan) []float64 {
	matched := questionWordsIn(q, c)
	out := make([]float64, len(spans))
	for i, s := range spans {
		out[i] = nearWords(c.text, matched, s.start, s.end)
	}
	return out
}
