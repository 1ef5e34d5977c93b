package qa

import (
	"math"
	"slices"
	"sync"

	"github.com/newsdesk/newsdesk/corpus"
)

// Search walks the postings of the query terms document by document (all
// postings are sorted by sentence number, and a document's sentences are
// consecutive), gathers each document's matching sentences in a small
// table, scores the passages around them (bm25.go) and keeps the best in a
// heap. A document whose terms cannot beat the heap's worst even at full
// saturation is skipped without scoring. Within one document, passages that
// would quote the same best sentence are merged: a hit is dropped when its
// best sentence lies inside a better hit's passage.

// Hit is one passage that matched a query.
type Hit struct {
	Doc         *corpus.Document
	Sentence    int      // index in Doc.Sentences of the best-matching sentence
	First, Last int      // the passage around it: Doc.Sentences[First..Last], inclusive
	Score       float64  // higher is better
	Terms       []string // query terms the passage matched
}

// SearchOptions ask for a search.
type SearchOptions struct {
	K      int    // hits wanted; 0 means 10
	PerDoc int    // at most this many hits from one document; 0 means no limit
	Lang   string // ISO 639-1 code of the query's language; "" guesses it
}

// Search returns the k best passages for query, best first.
func (ix *Index) Search(query string, k int) []Hit {
	return ix.SearchWith(query, SearchOptions{K: k})
}

// SearchWith returns the best passages for query, best first. Words in
// quote marks must appear together, in order, in one sentence.
func (ix *Index) SearchWith(q string, o SearchOptions) []Hit {
	if o.K <= 0 {
		o.K = 10
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	lang := o.Lang
	if lang == "" {
		lang = ix.queryLang(q)
	}
	qr, ok := ix.parseQuery(q, lang)
	if !ok {
		return nil
	}
	s := searchers.Get().(*searcher)
	defer searchers.Put(s)
	s.reset(ix, qr, o)
	s.run()
	return s.hits()
}

var searchers = sync.Pool{New: func() any { return new(searcher) }}

// candidate is a scored passage.
type candidate struct {
	score        float64
	doc          int32
	center       int32 // sentence the passage was built around (window), or its first (paragraph)
	lo, hi, best int32 // passage bounds and best sentence, indexes into Doc.Sentences
	mask         uint64
}

// worse orders candidates: lower score, then later document, then later sentence.
func worse(a, b *candidate) bool {
	if a.score != b.score {
		return a.score < b.score
	}
	if a.doc != b.doc {
		return a.doc > b.doc
	}
	return a.center > b.center
}

// searcher holds one search's state; pooled to spare allocations.
type searcher struct {
	ix *Index
	q  query
	o  SearchOptions

	k1, b, boost, prox, avg float64
	proxMax                 float64 // the largest proximity bonus possible

	cur, tcur []int     // cursors into each term's sents and titles
	tf        []uint8   // per local sentence × term: occurrences
	rowMask   []uint64  // per local sentence: the terms it holds
	touched   []int32   // local sentences with a match
	sentScore []float64 // per local sentence: Σ idf of the terms it holds
	proxS     []float64 // per local sentence: proximity, NaN until computed
	cands     []candidate
	heap      []candidate
	occ       []occurrence
}

type occurrence struct {
	pos  int
	word int
	idf  float64
}

func (s *searcher) reset(ix *Index, q query, o SearchOptions) {
	s.ix, s.q, s.o = ix, q, o
	s.k1, s.b, s.boost, s.prox = ix.opts.K1, ix.opts.B, ix.opts.TitleBoost, ix.opts.Proximity
	if ix.opts.Paragraphs {
		s.avg = float64(ix.nWords) / math.Max(1, float64(ix.nParas))
	} else {
		s.avg = float64(ix.windowWords) / math.Max(1, float64(len(ix.sentDoc)))
	}
	t := len(q.terms)
	s.cur = resize(s.cur, t)
	s.tcur = resize(s.tcur, t)
	clear(s.cur)
	clear(s.tcur)
	s.heap = s.heap[:0]
	s.proxMax = 0
	if s.prox > 0 {
		for i, a := range q.terms {
			for _, b := range q.terms[i+1:] {
				if a.word != b.word {
					s.proxMax += math.Min(a.idf, b.idf)
				}
			}
		}
		s.proxMax *= s.prox
	}
}

func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// run scores every document that holds a query term.
func (s *searcher) run() {
	ix, terms := s.ix, s.q.terms
	T := len(terms)
	for {
		d := int32(math.MaxInt32)
		for t := range terms {
			ps := ix.terms[terms[t].id].sents
			if c := s.cur[t]; c < len(ps) {
				d = min(d, ix.sentDoc[ps[c]])
			}
		}
		if d == math.MaxInt32 {
			return
		}
		e := &ix.docs[d]
		n := len(e.doc.Sentences)
		s.tf = resize(s.tf, n*T)
		s.rowMask = resize(s.rowMask, n)
		end := e.first + int32(n)
		var body uint64
		for t := range terms {
			te := &ix.terms[terms[t].id]
			c := s.cur[t]
			for c < len(te.sents) && te.sents[c] < end {
				r := te.sents[c] - e.first
				if s.rowMask[r] == 0 {
					s.touched = append(s.touched, r)
				}
				s.rowMask[r] |= 1 << t
				s.tf[int(r)*T+t] = te.tfs[c]
				c++
			}
			if c > s.cur[t] {
				body |= 1 << t
			}
			s.cur[t] = c
		}
		if !e.dead {
			title := s.titleMask(d)
			if s.bound(body|title) > s.threshold() {
				s.scoreDoc(d, e, title)
			}
		}
		for _, r := range s.touched {
			s.rowMask[r] = 0
			clear(s.tf[int(r)*T : int(r)*T+T])
		}
		s.touched = s.touched[:0]
	}
}

// titleMask returns the query terms in the title of document d, advancing
// the title cursors.
func (s *searcher) titleMask(d int32) uint64 {
	var m uint64
	for t := range s.q.terms {
		ts := s.ix.terms[s.q.terms[t].id].titles
		c := s.tcur[t]
		for c < len(ts) && ts[c] < d {
			c++
		}
		if c < len(ts) && ts[c] == d {
			m |= 1 << t
		}
		s.tcur[t] = c
	}
	return m
}

// bound returns the most a passage holding the terms of mask can score.
func (s *searcher) bound(mask uint64) float64 {
	var ub float64
	for t := range s.q.terms {
		if mask&(1<<t) != 0 {
			ub += s.q.terms[t].idf * (s.k1 + 1)
		}
	}
	return ub + s.proxMax
}

// threshold returns the score a candidate must beat to enter a full heap.
func (s *searcher) threshold() float64 {
	if len(s.heap) < s.o.K {
		return math.Inf(-1)
	}
	return s.heap[0].score
}

// scoreDoc scores the passages of document d around its matching sentences
// and offers the best to the heap.
func (s *searcher) scoreDoc(d int32, e *docEntry, title uint64) {
	slices.Sort(s.touched)
	n := int32(len(e.doc.Sentences))
	s.sentScore = resize(s.sentScore, int(n))
	s.proxS = resize(s.proxS, int(n))
	for _, r := range s.touched {
		s.sentScore[r] = s.maskIDF(s.rowMask[r])
		s.proxS[r] = math.NaN()
	}
	s.cands = s.cands[:0]
	last := int32(-1)
	for _, r := range s.touched {
		lo, hi := s.passage(e, r)
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
	slices.SortFunc(s.cands, func(a, b candidate) int {
		if worse(&b, &a) {
			return -1
		}
		if worse(&a, &b) {
			return 1
		}
		return 0
	})
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
func (s *searcher) passage(e *docEntry, r int32) (lo, hi int32) {
	ss := e.doc.Sentences
	if !s.ix.opts.Paragraphs {
		w := int32(s.ix.opts.Window)
		return max(r-w, 0), min(r+w, int32(len(ss))-1)
	}
	lo, hi = r, r
	for lo > 0 && ss[lo-1].Para == ss[r].Para {
		lo--
	}
	for int(hi) < len(ss)-1 && ss[hi+1].Para == ss[r].Para {
		hi++
	}
	return lo, hi
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
		length += float64(s.ix.sentLen[e.first+i])
		m := s.rowMask[i]
		if m == 0 {
			continue
		}
		mask |= m
		if best < 0 || s.sentScore[i] > s.sentScore[best] || s.sentScore[i] == s.sentScore[best] && abs(i-center) < abs(best-center) {
			best = i
		}
	}
	if best < 0 || !s.phrasesIn(e, lo, hi, mask) {
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
	if score+s.proxMax <= s.threshold() {
		return
	}
	if s.prox > 0 {
		var p float64
		for i := lo; i <= hi; i++ {
			if bits(s.rowMask[i]) > 1 {
				p = math.Max(p, s.proximity(e, i))
			}
		}
		score += s.prox * p
	}
	s.cands = append(s.cands, candidate{score: score, doc: d, center: center, lo: lo, hi: hi, best: best, mask: mask})
}

func abs(x int32) int32 {
	if x < 0 {
		return -x
	}
	return x
}

func bits(m uint64) int {
	n := 0
	for ; m != 0; m &= m - 1 {
		n++
	}
	return n
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

// offer puts a candidate into the min-heap of the K best.
func (s *searcher) offer(c candidate) {
	h := s.heap
	if len(h) < s.o.K {
		h = append(h, c)
		for i := len(h) - 1; i > 0; {
			p := (i - 1) / 2
			if !worse(&h[i], &h[p]) {
				break
			}
			h[i], h[p] = h[p], h[i]
			i = p
		}
		s.heap = h
		return
	}
	if !worse(&h[0], &c) {
		return
	}
	h[0] = c
	for i := 0; ; {
		l, r, m := 2*i+1, 2*i+2, i
		if l < len(h) && worse(&h[l], &h[m]) {
			m = l
		}
		if r < len(h) && worse(&h[r], &h[m]) {
			m = r
		}
		if m == i {
			break
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
}

// hits turns the heap into hits, best first.
func (s *searcher) hits() []Hit {
	slices.SortFunc(s.heap, func(a, b candidate) int {
		if worse(&b, &a) {
			return -1
		}
		return 1
	})
	out := make([]Hit, len(s.heap))
	for i, c := range s.heap {
		var terms []string
		for t := range s.q.terms {
			if c.mask&(1<<t) != 0 {
				terms = append(terms, s.q.terms[t].text)
			}
		}
		out[i] = Hit{Doc: s.ix.docs[c.doc].doc, Sentence: int(c.best), First: int(c.lo), Last: int(c.hi), Score: c.score, Terms: terms}
	}
	return out
}
