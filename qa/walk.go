package qa

import (
	"cmp"
	"math"
	"slices"
)

// Walking the postings (MaxScore). No passage scores more for a term t
// than ub(t) = idf(t)·(k1+1), the limit of BM25 saturation. With the query
// terms ordered by ub, ascending, and θ the score of the K-th best passage
// so far, the longest prefix of terms whose bounds sum to at most θ is
// "non-essential": a document holding only those terms cannot enter the
// top K. So only the postings of the essential terms (and their titles)
// propose documents; the postings of the others are merely searched
// (galloping) for the proposed document. As θ rises, more terms become
// non-essential, and common words — which have low IDF and the longest
// postings — are the first to stop driving the walk.
//
// Two rules bound the work when query terms are very common (more than
// commonPostings sentences hold them — in a real news corpus words like
// "said" or "year"; in the benchmark's Zipf corpus its top few hundred
// words). When the query has a rarer term, common terms never propose
// documents: they only add to the score of documents a rarer term
// proposed, as in Lucene's CommonTermsQuery; a passage made only of
// common words is not worth quoting. When every term is common, the walk
// starts at the newest documents that hold recentPostings sentences of
// the commonest term, so a vague query is answered from recent articles
// within a fixed budget instead of from all of them.
//
// A proposed document is then bounded again with what its postings say:
// each term at most idf(t)·saturate(occurrences in the whole document +
// title boost, length of the shortest passage holding a match), first
// for the essential terms alone (plus the bounds of the others), then
// adding the others one by one (visit); its passages are scored
// (passage.go) only if the bound beats θ,
// and only around the essential terms' sentences when a passage without
// them cannot beat θ. All of this is exact: TestPruningKeepsTheBest
// compares it with scoring every passage. The two rules for common terms
// are not; TestCommonTerms shows what they do.

// run visits the documents of s.lo..s.hi-1 that may hold a top passage
// and scores them, part after part (parts.go) with one heap: θ only
// rises, so what is non-essential in one part stays so in the next.
func (s *searcher) run() {
	terms := s.q.terms
	T := len(terms)
	s.order = resize(s.order, T)
	for i := range s.order {
		s.order[i] = i
	}
	// Common terms first, then by upper bound.
	slices.SortFunc(s.order, func(a, b int) int {
		ca, cb := s.isCommon(a), s.isCommon(b)
		if ca != cb {
			if ca {
				return -1
			}
			return 1
		}
		return cmp.Compare(terms[a].idf, terms[b].idf)
	})
	s.cum = resize(s.cum, T)
	sum := 0.0
	for i, t := range s.order {
		sum += terms[t].idf * (s.k1 + 1)
		s.cum[i] = sum
	}
	ne := 0 // s.order[:ne] are non-essential
	for ne < T && s.isCommon(s.order[ne]) && !s.exhaustive {
		ne++
	}
	start, from := 0, int32(0)
	if ne == T {
		start, from = s.recentStart()
		ne = 0
	}
	for k := start; k < len(s.views); k++ {
		lo, hi := s.localRange(k)
		if k == start {
			lo = max(lo, from)
		}
		if lo >= hi {
			continue
		}
		s.usePart(k)
		if lo > 0 {
			for t := range s.q.terms {
				s.cur[t] = seek(s.p.post[t], 0, postingsFrom(lo))
				s.tcur[t] = seek(s.p.titles[t], 0, lo)
			}
		}
		for {
			for theta := s.threshold(); ne < T && s.cum[ne] <= theta; {
				ne++
			}
			if ne == T {
				return
			}
			d := s.nextDoc(s.order[ne:])
			if d >= hi {
				break
			}
			s.visit(d, ne)
			if s.err != nil {
				return
			}
		}
	}
}

// Limits of the work on common terms (see above), the defaults of
// Index.commonPostings and Index.recentPostings. 20,000 postings take
// about a millisecond to walk; in 100,000 articles (2 million sentences)
// they make a term common at 1% of the sentences.
const (
	commonPostings = 20_000
	recentPostings = 20_000
)

// isCommon reports whether query term t is common.
func (s *searcher) isCommon(t int) bool {
	return s.q.terms[t].posts > s.ix.commonPostings
}

// recentStart returns the part, and the local document in it, from which
// the commonest query term has recentPostings sentences left: the walk
// starts there.
func (s *searcher) recentStart() (int, int32) {
	common := 0
	for t, qt := range s.q.terms {
		if qt.posts > s.q.terms[common].posts {
			common = t
		}
	}
	if s.q.terms[common].posts <= s.ix.recentPostings {
		return 0, 0
	}
	left := s.ix.recentPostings
	for k := len(s.views) - 1; k >= 0; k-- {
		ps := s.views[k].post[common]
		if len(ps) >= left {
			d, _, _ := unpack(ps[len(ps)-left])
			return k, d
		}
		left -= len(ps)
	}
	return 0, 0
}

// nextDoc returns the first document of the part at or after the cursors
// of terms that holds one of them in its body or title.
func (s *searcher) nextDoc(terms []int) int32 {
	d := int32(math.MaxInt32)
	for _, t := range terms {
		post, titles := s.p.post[t], s.p.titles[t]
		if c := s.cur[t]; c < len(post) {
			d = min(d, int32(post[c]>>24))
		}
		if c := s.tcur[t]; c < len(titles) {
			d = min(d, titles[c])
		}
	}
	return d
}

// visit gathers the postings of document d, moving the cursors past it,
// and scores its passages if it may hold a top one. The essential terms,
// s.order[ne:], come first. When a passage without an essential term in
// its body cannot beat θ, only the passages around the essential terms'
// sentences (the anchors) are scored, and the other terms are gathered
// one by one, the one that may add most first: as soon as what is
// gathered, plus the most the terms left could add, cannot beat θ, the
// document is left and the long postings of the terms left are not
// searched at all. The bound is first taken as if the anchors' passages
// were the shortest possible, which needs no passage length: reading the
// lengths of a document's sentences costs a cache miss, and most visited
// documents are left before it.
func (s *searcher) visit(d int32, ne int) {
	T := len(s.q.terms)
	first, end := s.p.docStart[d], s.p.docStart[d+1]
	n := int(end - first)
	s.tf = resize(s.tf, n*T)
	s.rowMask = resize(s.rowMask, n)
	var title, essential uint64
	for _, t := range s.order[ne:] {
		title |= s.gather(t, d)
		essential |= 1 << t
	}
	anchors := len(s.touched)
	rest := 0.0
	if ne > 0 {
		rest = s.cum[ne-1]
	}
	theta := s.threshold()
	seeds, ok := anchors, true
	if rest+s.maskBound(title&essential) > theta {
		// A passage with no essential term in its body may beat θ.
		for _, t := range s.order[:ne] {
			title |= s.gather(t, d)
		}
		seeds = len(s.touched)
	} else {
		minLen := 0.0 // the anchors' shortest passage, not read yet
		bound := s.docBound(minLen, title)
		for i := ne - 1; i >= 0 && ok; i-- {
			if bound+s.cum[i] > theta && minLen == 0 && anchors > 0 {
				minLen = s.shortestAround(s.touched[:anchors], first, end)
				bound = s.docBound(minLen, title)
			}
			if ok = bound+s.cum[i] > theta; ok {
				title |= s.gather(s.order[i], d)
				bound = s.docBound(minLen, title)
			}
		}
	}
	if ok && len(s.touched) == 0 {
		// Only the title holds the question's words: the passage that
		// tells what a headline says is the lead.
		s.touched = append(s.touched, 0)
		seeds = 1
	}
	if ok && seeds > 0 && s.docBound(s.shortestAround(s.touched[:seeds], first, end), title) > theta && !s.ix.isDead(s.p.base+d) {
		rows := s.touched[:seeds]
		slices.Sort(rows)
		if e := s.scoringEntry(d); e != nil {
			s.scoreDoc(d, e, title, rows)
		}
	}
	for _, r := range s.touched {
		s.rowMask[r] = 0
		clear(s.tf[int(r)*T : int(r)*T+T])
	}
	s.touched = s.touched[:0]
	clear(s.docTF)
}

// gather reads the postings of query term t in document d into the
// sentence table, moves t's cursors past d, and returns t's bit if d's
// title holds it.
func (s *searcher) gather(t int, d int32) (title uint64) {
	T := len(s.q.terms)
	post, titles := s.p.post[t], s.p.titles[t]
	c := seek(post, s.cur[t], postingsFrom(d))
	for stop := postingsFrom(d + 1); c < len(post) && post[c] < stop; c++ {
		_, r, tf := unpack(post[c])
		if s.rowMask[r] == 0 {
			s.touched = append(s.touched, r)
		}
		s.rowMask[r] |= 1 << t
		s.tf[int(r)*T+t] = tf
		s.docTF[t] += int(tf)
	}
	s.cur[t] = c
	tc := seek(titles, s.tcur[t], d)
	if tc < len(titles) && titles[tc] == d {
		title = 1 << t
		tc++
	}
	s.tcur[t] = tc
	return title
}

// shortestAround returns the length of the shortest passage around any
// of rows, local sentences of the document with sentences first..end-1.
func (s *searcher) shortestAround(rows []int32, first, end int32) float64 {
	minLen := math.MaxFloat64
	for _, r := range rows {
		minLen = min(minLen, s.shortestPassage(first, end, r))
	}
	return minLen
}

// docBound returns the most any passage of at least minLen words can
// score for the terms gathered so far: each term at most
// idf·saturate(its occurrences in the document + title boost, minLen); a
// term only in the title at most idf·(k1+1).
func (s *searcher) docBound(minLen float64, title uint64) float64 {
	var ub float64
	for t := range s.q.terms {
		f := float64(s.docTF[t])
		switch {
		case f == 0 && title&(1<<t) != 0:
			ub += s.q.terms[t].idf * (s.k1 + 1)
		case f > 0:
			if title&(1<<t) != 0 {
				f += s.boost
			}
			ub += s.q.terms[t].idf * saturate(f, minLen, s.avg, s.k1, s.b)
		}
	}
	return ub
}

// shortestPassage returns the length of the shortest passage that holds
// local sentence r of the document with sentences first..end-1: the
// shortest window around it, or its paragraph.
func (s *searcher) shortestPassage(first, end, r int32) float64 {
	lens := s.p.sentLen[first:end]
	w, n := int32(s.ix.opts.Window), end-first
	if s.ix.opts.Paragraphs {
		return float64(s.p.paraLen[first+r])
	}
	shortest := int32(math.MaxInt32)
	for c := max(r-w, 0); c <= min(r+w, n-1); c++ {
		var l int32
		for i := max(c-w, 0); i <= min(c+w, n-1); i++ {
			l += int32(lens[i])
		}
		shortest = min(shortest, l)
	}
	return float64(shortest)
}

// maskBound returns the most a passage holding the terms of mask can score.
func (s *searcher) maskBound(mask uint64) float64 {
	var ub float64
	for t := range s.q.terms {
		if mask&(1<<t) != 0 {
			ub += s.q.terms[t].idf * (s.k1 + 1)
		}
	}
	return ub
}

// seek returns the first index at or after i where ps holds a value of at
// least target: a galloping search, cheap for short and long jumps alike.
func seek[E int32 | uint64](ps []E, i int, target E) int {
	if i >= len(ps) || ps[i] >= target {
		return i
	}
	lo, step := i, 1 // ps[lo] < target
	for lo+step < len(ps) && ps[lo+step] < target {
		lo += step
		step *= 2
	}
	hi := min(lo+step, len(ps))
	j, _ := slices.BinarySearch(ps[lo+1:hi], target)
	return lo + 1 + j
}
