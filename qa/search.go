package qa

import (
	"math"
	"slices"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/newsdesk/newsdesk/corpus"
)

// Search runs in two steps. First BM25 (bm25.go) finds the best passages:
// walk.go visits the documents that hold query terms, skipping those that
// cannot beat the current K-th best, and passage.go scores each visited
// document's passages. Then, when Options.Proximity is set, the proximity
// bonus (proximity.go) is added to the best K+rerankExtra passages and they
// are ordered again. Proximity only reorders what BM25 found, which keeps
// the BM25 bounds tight enough to skip most documents.

// rerankExtra is how many passages beyond K proximity may lift into the
// first K.
const rerankExtra = 10

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
	return ix.search(q, o, false)
}

// search is SearchWith; exhaustive turns off every shortcut (the tests
// compare the two).
func (ix *Index) search(q string, o SearchOptions, exhaustive bool) []Hit {
	if o.K <= 0 {
		o.K = 10
	}
	for {
		hits, err := ix.searchOnce(q, o, exhaustive)
		if err == nil || !ix.repair(err) {
			return hits
		}
	}
}

// searchOnce is one search; it fails when a segment proves corrupt, and
// search then repairs the segment (persist.go) and searches again.
func (ix *Index) searchOnce(q string, o SearchOptions, exhaustive bool) ([]Hit, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	lang := o.Lang
	if lang == "" {
		lang = ix.queryLang(q)
	}
	qr, ok := ix.parseQuery(q, lang)
	if !ok {
		return nil, nil
	}
	ix.searching.Add(1)
	defer ix.searching.Add(-1)
	s := searchers.Get().(*searcher)
	defer searchers.Put(s)
	if err := s.reset(ix, qr, o); err != nil {
		return nil, err
	}
	s.exhaustive = exhaustive
	s.walk()
	s.rerank()
	if s.err != nil {
		return nil, s.err
	}
	return s.hits(), nil
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

// byRank orders candidates best first.
func byRank(a, b candidate) int {
	switch {
	case worse(&b, &a):
		return -1
	case worse(&a, &b):
		return 1
	}
	return 0
}

// searcher holds one search's state; pooled to spare allocations.
type searcher struct {
	ix    *Index
	q     query
	o     SearchOptions
	keep  int // passages kept in the heap: K, plus rerankExtra with proximity
	views []partView
	p     *partView // the part being walked
	err   error     // a segment proved corrupt
	ebuf  docEntry  // the entry of a segment's document being scored

	exhaustive bool // score every passage: no bounds, no common-term rules

	lo, hi      int32          // the global documents walked: lo..hi-1 (split.go)
	mine, other *atomic.Uint64 // θ of this half and of the other, as float64 bits; nil when not split
	later       bool           // this half holds the later documents

	k1, b, boost, avg float64

	order     []int     // query terms by upper bound, ascending
	cum       []float64 // cum[i]: summed upper bounds of order[:i+1]
	cur, tcur []int     // cursors into each term's post and titles
	docTF     []int     // per term: occurrences in the current document
	tf        []uint8   // per local sentence × term: occurrences
	rowMask   []uint64  // per local sentence: the terms it holds
	touched   []int32   // local sentences with a match
	cands     []candidate
	heap      []candidate
	occ       []occurrence
}

// partView is one part of the index with the query's terms looked up.
type partView struct {
	part
	ids    []int32 // per query term: its id in the part, -1 when absent
	post   [][]uint64
	titles [][]int32
}

func (s *searcher) reset(ix *Index, q query, o SearchOptions) error {
	s.views = s.views[:0]
	for _, p := range ix.parts() {
		v := partView{part: p, ids: make([]int32, len(q.terms)), post: make([][]uint64, len(q.terms)), titles: make([][]int32, len(q.terms))}
		for t, qt := range q.terms {
			v.ids[t] = ix.lookup(&p, qt.text)
			if v.ids[t] >= 0 {
				var err error
				if v.post[t], v.titles[t], err = ix.termData(&p, v.ids[t]); err != nil {
					return err
				}
			}
		}
		s.views = append(s.views, v)
	}
	s.begin(ix, q, o)
	return nil
}

// begin readies s for a walk of the parts in s.views: no cursor moved,
// nothing in the heap, the whole index its to walk.
func (s *searcher) begin(ix *Index, q query, o SearchOptions) {
	s.ix, s.q, s.o, s.err = ix, q, o, nil
	s.exhaustive, s.lo, s.hi, s.mine, s.other, s.later = false, 0, math.MaxInt32, nil, nil, false
	s.k1, s.b, s.boost = ix.opts.K1, ix.opts.B, ix.opts.TitleBoost
	s.keep = o.K
	if ix.opts.Proximity > 0 && q.words > 1 {
		s.keep += rerankExtra
	}
	if ix.opts.Paragraphs {
		s.avg = float64(ix.nWords) / math.Max(1, float64(ix.nParas))
	} else {
		s.avg = float64(ix.windowWords) / math.Max(1, float64(ix.nSents))
	}
	t := len(q.terms)
	s.cur, s.tcur, s.docTF = resize(s.cur, t), resize(s.tcur, t), resize(s.docTF, t)
	s.usePart(0)
	clear(s.docTF)
	s.heap = s.heap[:0]
}

// usePart makes part k the one walked, its cursors at the start.
func (s *searcher) usePart(k int) {
	s.p = &s.views[k]
	clear(s.cur)
	clear(s.tcur)
}

// viewOf returns the part holding global document d.
func (s *searcher) viewOf(d int32) *partView {
	return &s.views[sort.Search(len(s.views), func(i int) bool { return s.views[i].base > d })-1]
}

// entry returns the forward index of local document d of the part walked;
// a segment's entry lives in s.ebuf until the next call. It is nil, with
// s.err set, when the segment proves corrupt.
func (s *searcher) entry(d int32) *docEntry {
	return s.entryFor(d, true)
}

// scoringEntry is entry for scoring a document's passages, which reads
// its terms only to find quoted phrases: without phrases, a segment's
// entry holds just where its sentences start, and its forward index is
// neither read nor checked (thousands of documents are scored for one
// question; the forward index of the few that are quoted is read later).
func (s *searcher) scoringEntry(d int32) *docEntry {
	return s.entryFor(d, len(s.q.phrases) > 0)
}

func (s *searcher) entryFor(d int32, terms bool) *docEntry {
	if s.p.seg == nil {
		return &s.ix.docs[d]
	}
	if !terms {
		s.ebuf = docEntry{first: s.p.docStart[d]}
		return &s.ebuf
	}
	e, err := s.p.seg.entry(d)
	if err != nil {
		s.err = err
		return nil
	}
	s.ebuf = e
	return &s.ebuf
}

func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// threshold returns the score a candidate must beat to enter a full
// heap, or, when the walk is split, to beat the other half's too.
func (s *searcher) threshold() float64 {
	if s.exhaustive {
		return math.Inf(-1)
	}
	theta := math.Inf(-1)
	if len(s.heap) == s.keep {
		theta = s.heap[0].score
	}
	if s.other != nil {
		theta = max(theta, math.Float64frombits(s.other.Load()))
	}
	return theta
}

// offer puts a candidate into the min-heap of the best s.keep.
func (s *searcher) offer(c candidate) {
	s.push(c)
	if s.mine != nil && len(s.heap) == s.keep {
		s.publish()
	}
}

func (s *searcher) push(c candidate) {
	h := s.heap
	if len(h) < s.keep {
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

// rerank adds the proximity bonus to the passages in the heap.
func (s *searcher) rerank() {
	w := s.ix.opts.Proximity
	if w <= 0 || s.q.words < 2 {
		return
	}
	for i := range s.heap {
		c := &s.heap[i]
		s.p = s.viewOf(c.doc)
		e := s.entry(c.doc - s.p.base)
		if e == nil {
			return
		}
		var p float64
		for j := c.lo; j <= c.hi; j++ {
			p = math.Max(p, s.proximity(e, j))
		}
		c.score += w * p
	}
}

// hits returns the best K passages of the heap, best first.
func (s *searcher) hits() []Hit {
	slices.SortFunc(s.heap, byRank)
	top := s.heap[:min(len(s.heap), s.o.K)]
	ds := make([]int32, len(top))
	for i, c := range top {
		ds[i] = c.doc
	}
	s.ix.prefetch(ds)
	out := make([]Hit, 0, len(top))
	for _, c := range top {
		var terms []string
		for t := range s.q.terms {
			if c.mask&(1<<t) != 0 {
				terms = append(terms, s.q.terms[t].text)
			}
		}
		doc := s.ix.docOf(c.doc)
		if doc == nil {
			continue // its store could not be read: not quoted
		}
		out = append(out, Hit{Doc: doc, Sentence: int(c.best), First: int(c.lo), Last: int(c.hi), Score: c.score, Terms: terms})
	}
	return out
}
