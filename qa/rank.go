package qa

import (
	"cmp"
	"math"
	"slices"
)

// Stage 4 of an answer: ranking with fitted weights. Each candidate scores
// Model.Rank's weighted sum of its features; the question as a whole is
// then judged answerable or not from what the best candidates hold
// (abstain.go, Model.Answerable), and a short answer is taken from the
// first quote only when Model.Short is sure enough. Every weight and
// threshold here comes from model.json, fitted by bot fit.

// rank scores the candidates and sorts them best first.
func (a *Answerer) rank(cands []*quoteCand) {
	for _, c := range cands {
		c.score = a.model.Rank.Score(c.x[:])
	}
	slices.SortStableFunc(cands, func(x, y *quoteCand) int { return cmp.Compare(y.score, x.score) })
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
