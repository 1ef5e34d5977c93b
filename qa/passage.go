package qa

import (
	"math"
	"slices"
)

// Scoring the passages of one document. The postings of the visited
// document fill a small table: for each of its sentences that holds a
// query term, the terms it holds (a bit mask) and how often. A passage is
// a window of Window sentences on each side of a centre sentence, every
// sentence within Window of a match being a centre, or a whole paragraph
// (Options.Paragraphs). Its best sentence is the one whose terms have the
// highest summed IDF, the nearest to the centre on a tie. Passages whose
// best sentence lies inside a better passage of the same document are
// dropped, so one sentence is not offered three times in three windows.

// scoreDoc scores the passages of document d around the matching
// sentences seeds (ascending) and offers the best to the heap.
func (s *searcher) scoreDoc(d int32, e *docEntry, title uint64, seeds []int32) {
	n := s.p.docStart[d+1] - e.first
	s.cands = s.cands[:0]
	last := int32(-1)
	for _, r := range seeds {
		lo, hi := s.passage(e, r, n)
		if s.ix.opts.Paragraphs {
			if lo > last {
				s.addCandidate(d, e, lo, lo, hi, title)
				last = hi
			}
			continue
		}
		w := int32(s.ix.opts.Window)
		for c := max(r-w, last+1); c <= min(r+w, n-1); c++ {
			s.addCandidate(d, e, c, max(c-w, 0), min(c+w, n-1), title)
			last = c
		}
	}
	slices.SortFunc(s.cands, byRank)
	taken := 0
	for i := range s.cands {
		c := &s.cands[i]
		if s.o.PerDoc > 0 && taken >= s.o.PerDoc || c.score <= s.threshold() {
			break
		}
		if s.covered(c, i) {
			c.score = math.Inf(-1) // neither offered nor covering
			continue
		}
		s.offer(*c)
		taken++
	}
}

// covered reports whether the best sentence of candidate i lies inside
// one of the better candidates before it.
func (s *searcher) covered(c *candidate, i int) bool {
	for _, b := range s.cands[:i] {
		if !math.IsInf(b.score, -1) && b.lo <= c.best && c.best <= b.hi {
			return true
		}
	}
	return false
}

// passage returns the sentences of the passage unit around local sentence
// r: its paragraph, or the window centred on it.
func (s *searcher) passage(e *docEntry, r, n int32) (lo, hi int32) {
	if !s.ix.opts.Paragraphs {
		w := int32(s.ix.opts.Window)
		return max(r-w, 0), min(r+w, n-1)
	}
	return paragraph(s.p.sentPara, e.first, n, r)
}

// addCandidate scores the passage lo..hi of document d and keeps it in
// s.cands when it could enter the heap.
func (s *searcher) addCandidate(d int32, e *docEntry, center, lo, hi int32, title uint64) {
	T := len(s.q.terms)
	var (
		mask   uint64
		length float64
		best   = int32(-1)
	)
	for i := lo; i <= hi; i++ {
		mask |= s.rowMask[i]
	}
	if mask|title == 0 || s.maskBound(mask|title) <= s.threshold() {
		return // mask is 0 only for a lead seeded by the title alone (visit)
	}
	bestScore := 0.0
	for i := lo; i <= hi; i++ {
		length += float64(s.p.sentLen[e.first+i])
		m := s.rowMask[i]
		if m == 0 {
			continue
		}
		if sc := s.maskIDF(m); best < 0 || sc > bestScore || sc == bestScore && abs(i-center) < abs(best-center) {
			best, bestScore = i, sc
		}
	}
	if best < 0 {
		best = lo
	}
	if !s.phrasesIn(e, lo, hi, mask) {
		return
	}
	var score float64
	for t := range T {
		bit := uint64(1) << t
		if (mask|title)&bit == 0 {
			continue
		}
		var f float64
		if mask&bit != 0 {
			for i := lo; i <= hi; i++ {
				f += float64(s.tf[int(i)*T+t])
			}
		}
		if title&bit != 0 {
			f += s.boost
		}
		score += s.q.terms[t].idf * saturate(f, length, s.avg, s.k1, s.b)
	}
	if score <= s.threshold() {
		return
	}
	s.cands = append(s.cands, candidate{score: score, doc: s.p.base + d, center: center, lo: lo, hi: hi, best: best, mask: mask})
}

func abs(x int32) int32 {
	if x < 0 {
		return -x
	}
	return x
}

// maskIDF returns the summed IDF of the terms of mask.
func (s *searcher) maskIDF(mask uint64) float64 {
	var v float64
	for t := range s.q.terms {
		if mask&(1<<t) != 0 {
			v += s.q.terms[t].idf
		}
	}
	return v
}
