package qa

import (
	"cmp"
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
