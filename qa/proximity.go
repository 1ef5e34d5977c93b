package qa

import "math"

// Phrase and proximity checks read the forward index of one sentence: its
// term ids in text order with their word positions.

// occurrence is a query word found in a sentence.
type occurrence struct {
	pos  int
	word int
	idf  float64
}

// proximity returns the proximity bonus of local sentence i of e (before
// the Proximity weight): for every pair of distinct query words in the
// sentence, min(idf) / d² with d the least distance between them.
func (s *searcher) proximity(e *docEntry, i int32) float64 {
	s.occ = s.occ[:0]
	lo, hi := e.off[i], e.off[i+1]
	for k := lo; k < hi; k++ {
		if t := s.termIndex(e.terms[k]); t >= 0 {
			qt := &s.q.terms[t]
			s.occ = append(s.occ, occurrence{pos: int(e.pos[k]), word: qt.word, idf: qt.idf})
		}
	}
	type pair struct {
		u, v int
		d    int
		idf  float64
	}
	var pairsBuf [16]pair
	pairs := pairsBuf[:0]
	for a := range s.occ {
		for b := a + 1; b < len(s.occ); b++ {
			oa, ob := s.occ[a], s.occ[b]
			if oa.word == ob.word {
				continue
			}
			u, v := min(oa.word, ob.word), max(oa.word, ob.word)
			d := max(abs32(oa.pos-ob.pos), 1)
			j := 0
			for j < len(pairs) && (pairs[j].u != u || pairs[j].v != v) {
				j++
			}
			if j == len(pairs) {
				pairs = append(pairs, pair{u: u, v: v, d: d, idf: math.Min(oa.idf, ob.idf)})
				continue
			}
			if d < pairs[j].d {
				pairs[j].d = d
			}
			pairs[j].idf = math.Min(pairs[j].idf, math.Min(oa.idf, ob.idf))
		}
	}
	var p float64
	for _, pr := range pairs {
		p += pr.idf / float64(pr.d*pr.d)
	}
	return p
}

func abs32(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// termIndex returns the index in the query of term id, or -1.
func (s *searcher) termIndex(id int32) int {
	for t := range s.q.terms {
		if s.p.ids[t] == id {
			return t
		}
	}
	return -1
}

// phrasesIn reports whether every quoted phrase of the query appears in
// one sentence of the passage lo..hi of e, whose sentences hold the terms
// of mask.
func (s *searcher) phrasesIn(e *docEntry, lo, hi int32, mask uint64) bool {
	for _, ph := range s.q.phrases {
		var need uint64
		for _, p := range ph {
			need |= 1 << p.term
		}
		if mask&need != need {
			return false
		}
		found := false
		for i := lo; i <= hi && !found; i++ {
			found = s.rowMask[i]&need == need && s.hasPhrase(e, i, ph)
		}
		if !found {
			return false
		}
	}
	return true
}

// hasPhrase reports whether local sentence i of e holds the words of ph
// at consecutive positions.
func (s *searcher) hasPhrase(e *docEntry, i int32, ph []phrasePart) bool {
	ids, pos := e.terms[e.off[i]:e.off[i+1]], e.pos[e.off[i]:e.off[i+1]]
	first := s.p.ids[ph[0].term]
	for k, id := range ids {
		if id != first {
			continue
		}
		ok := true
		for _, p := range ph[1:] {
			want, at := s.p.ids[p.term], int(pos[k])+p.rel
			found := false
			for m, id2 := range ids {
				if id2 == want && int(pos[m]) == at {
					found = true
					break
				}
			}
			if !found {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}
