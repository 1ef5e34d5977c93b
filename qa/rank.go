package qa

import (
	"cmp"
	"math"
	"slices"
)

// Stage 4 of an answer: ranking with fitted weights. Each candidate scores
// Model.Rank's weighted sum of its features; the question as a whole is
// then judged answerable or not from what the best candidates hold
// (Model.Answerable), and a short answer is taken from the first quote
// only when Model.Short is sure enough. Every weight and threshold here
// comes from model.json, fitted by bot fit.

// rank scores the candidates and sorts them best first.
func (a *Answerer) rank(cands []*quoteCand) {
	for _, c := range cands {
		c.score = a.model.Rank.Score(c.x[:])
	}
	slices.SortStableFunc(cands, func(x, y *quoteCand) int { return cmp.Compare(y.score, x.score) })
}

// The question-level features that tell whether the corpus answers it.
// A candidate's reach is the share of the question's known terms it holds
// itself or by a related word; times the known share, it is the share of
// all the question's words.
const (
	aKnown  = iota // share of the question's content words the corpus knows, by IDF
	aTop           // the best candidate's reach
	aBest          // the highest reach of any candidate
	aPara          // the highest coverage of any candidate's paragraph
	aDoc           // the highest coverage of any document read, body and title
	aScore         // the best candidate's rank score
	aTerms         // log of the number of content terms
	aRarest        // the best document holds the question's rarest term
	aTopAll        // aTop × aKnown
	aDocAll        // aDoc × aKnown
	aSize          // log of the passages indexed, at most maxFittedUnits: IDF and coverage mean less in a small corpus
	aNames         // share of the question\'s names (capitalised words not opening it) that the best document holds
	nAbstain
)

// maxFittedUnits is about the largest corpus the abstention model is
// fitted on (the paragraphs of a SQuAD file): a larger corpus counts as
// this large rather than be judged by extrapolation.
const maxFittedUnits = 1000

var abstainNames = [nAbstain]string{"known", "top_reach", "best_reach", "best_paragraph", "best_document", "top_score",
	"terms", "rarest", "top_reach_all", "best_document_all", "corpus_size", "names"}

// abstainFeatures returns the question-level features of a ranked list
// over a corpus of units passages.
func abstainFeatures(q *question, cands []*quoteCand, units int) [nAbstain]float64 {
	var x [nAbstain]float64
	x[aSize] = math.Log1p(float64(min(units, maxFittedUnits)))
	x[aKnown] = q.known
	x[aTerms] = math.Log1p(float64(len(q.terms)))
	if len(cands) == 0 {
		x[aScore] = -10
		return x
	}
	reach := func(c *quoteCand) float64 { return c.x[fCover] + c.x[fLexicon] }
	x[aTop] = reach(cands[0])
	x[aScore] = cands[0].score
	byDoc := map[int]map[string]bool{} // retrieval rank → terms of the document
	for _, c := range cands {
		x[aBest] = math.Max(x[aBest], reach(c))
		x[aPara] = math.Max(x[aPara], c.x[fPara])
		m := byDoc[c.ret.rank]
		if m == nil {
			m = map[string]bool{}
			for t := range c.title {
				m[t] = true
			}
			byDoc[c.ret.rank] = m
		}
		for t := range c.set {
			m[t] = true
		}
	}
	rarest, best := "", 0.0
	for _, t := range q.terms {
		if t.idf > best {
			rarest, best = t.term, t.idf
		}
	}
	for rank, terms := range byDoc {
		var cov float64
		for _, t := range q.terms {
			if terms[t.term] || anyOf(terms, q.lex[t.term]) {
				cov += t.idf
			}
		}
		if q.total > 0 {
			x[aDoc] = math.Max(x[aDoc], cov/q.total)
		}
		if rank == 0 && terms[rarest] {
			x[aRarest] = 1
		}
		if rank == 0 {
			x[aNames] = namesHeld(q, terms)
		}
	}
	x[aTopAll] = x[aTop] * x[aKnown]
	x[aDocAll] = x[aDoc] * x[aKnown]
	return x
}

// namesHeld returns the share of the question's names and numbers (the
// words most specific to what it asks about) that terms holds, itself or
// by a related word: 1 when the question has none.
func namesHeld(q *question, terms map[string]bool) float64 {
	if len(q.names) == 0 {
		return 1
	}
	held := 0
	for _, n := range q.names {
		if terms[n] || anyOf(terms, q.lex[n]) {
			held++
		}
	}
	return float64(held) / float64(len(q.names))
}

// The features that tell whether a short answer is right.
const (
	sShape  = iota // share of expected answers of the short answer's shape
	sCount         // log of the number of values of that shape in the quote
	sProb          // the first quote's share of the candidates' softmax
	sMargin        // its score over the second's
	sCover         // its coverage
	sNear          // how near the value stands to the question's words (see placedValues)
	nShort
)

var shortNames = [nShort]string{"shape", "count", "softmax", "margin", "cover", "near"}

// shortAnswer returns a span of top, the first quote, that answers the
// question directly — the number or name of the kind the question
// expects that stands nearest its words — with the features Model.Short
// judges it by; ok is false when there is none.
func shortAnswer(q *question, cands []*quoteCand, top *quoteCand) (text string, x [nShort]float64, ok bool) {
	if len(cands) == 0 || top == nil {
		return "", x, false
	}
	want := shapeNumber
	for _, sh := range []int{shapeYear, shapeName} {
		if q.shape[sh] > q.shape[want] {
			want = sh
		}
	}
	if q.shape[want] < q.shape[shapeOther] {
		return "", x, false
	}
	var found []placed
	for _, v := range placedValues(q, top) {
		if v.shape == want {
			found = append(found, v)
		}
	}
	if len(found) == 0 {
		return "", x, false
	}
	best := found[0] // the nearest to the question's words, the first on a tie
	for _, v := range found[1:] {
		if v.near > best.near {
			best = v
		}
	}
	var sum float64
	for _, c := range cands {
		sum += math.Exp(c.score - top.score)
	}
	x[sShape] = q.shape[want]
	x[sCount] = math.Log(float64(len(found)))
	x[sProb] = 1 / sum
	x[sMargin] = 10
	for _, c := range cands {
		if c != top {
			x[sMargin] = top.score - c.score
			break
		}
	}
	x[sCover] = top.x[fCover]
	x[sNear] = best.near
	return top.text[best.start:best.end], x, true
}
