package qa

import (
	"math"
	"runtime"
	"slices"
	"sync/atomic"
)

// Splitting a walk. On a large index one search visits tens of thousands
// of documents, and most of its time goes in waiting for memory, not in
// arithmetic. With a second CPU, a search whose terms hold more than
// splitPostings postings walks the two halves of the documents at once,
// on two goroutines with a searcher each, and the two heaps are merged.
//
// This stays exact. Each half prunes with the better of its own θ and
// the other's: a passage that scores no more than the K-th best passage
// of either half is not among the K best of both. On a tie the earlier
// document ranks first (worse), so the later half publishes its θ a hair
// lower: a passage of the earlier half that ties with it still enters.
// TestSplitWalk compares the split search with one walk.
//
// Two halves, not one part a CPU: the machine this is measured on has
// two, and with more parts each would start further from a useful θ
// (every part fills its own heap before it prunes); a machine with more
// CPUs serves more questions at once instead.

// splitPostings is how many postings the query's terms must hold, in all,
// for a search to be split: about a millisecond of walking (see
// commonPostings); below it, starting a goroutine costs more than it
// saves.
const splitPostings = 20_000

// The halves of a split walk run at once, or, in tests, one after the
// other: the half that runs second then prunes with the first's final θ,
// which is when a wrong rule for ties would show.
const (
	together = iota
	laterFirst
	earlierFirst
)

// walk runs the search, split in two when it is worth it: when the index
// is large enough and a CPU is free. A split search costs more CPU in all
// (each half starts with no θ), so when other searches already keep the
// CPUs busy, as when several chats ask at once, it is not split.
func (s *searcher) walk() {
	if s.exhaustive || s.postings() <= s.ix.splitPostings || int(s.ix.searching.Load())*2 > runtime.GOMAXPROCS(0) {
		s.run()
		return
	}
	o := searchers.Get().(*searcher)
	defer searchers.Put(o)
	o.views = append(o.views[:0], s.views...) // the terms' postings, looked up once
	o.begin(s.ix, s.q, s.o)
	s.ix.splits.Add(1)
	var a, b atomic.Uint64
	a.Store(math.Float64bits(math.Inf(-1)))
	b.Store(math.Float64bits(math.Inf(-1)))
	mid := s.docs() / 2
	s.hi, s.mine, s.other = mid, &a, &b
	o.lo, o.mine, o.other, o.later = mid, &b, &a, true
	s.runHalves(o)
	if s.err == nil {
		s.err = o.err
	}
	s.heap = append(s.heap, o.heap...)
	slices.SortFunc(s.heap, byRank)
	s.heap = s.heap[:min(len(s.heap), s.keep)]
	s.lo, s.hi, s.mine, s.other = 0, math.MaxInt32, nil, nil
	o.mine, o.other = nil, nil
}

// runHalves walks s's half and o's, and returns when both are done.
func (s *searcher) runHalves(o *searcher) {
	switch s.ix.splitOrder {
	case laterFirst:
		o.run()
		s.run()
		return
	case earlierFirst:
		s.run()
		o.run()
		return
	}
	// A panic on the second goroutine is carried over to this one, where
	// the caller's recover (the bot's handler) sees it; and whether this
	// half panics or not, the other has stopped before this returns.
	var crash any
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() { crash = recover() }()
		o.run()
	}()
	defer func() {
		<-done
		if crash != nil {
			panic(crash)
		}
	}()
	s.run()
}

// publish tells the other half this half's θ.
func (s *searcher) publish() {
	theta := s.heap[0].score
	if s.later {
		theta = math.Nextafter(theta, math.Inf(-1))
	}
	s.mine.Store(math.Float64bits(theta))
}

// postings returns how many postings the query's terms hold.
func (s *searcher) postings() int {
	n := 0
	for _, t := range s.q.terms {
		n += t.posts
	}
	return n
}

// docs returns how many documents the parts number, dead ones included.
func (s *searcher) docs() int32 {
	last := &s.views[len(s.views)-1]
	return last.base + int32(max(len(last.docStart)-1, 0))
}

// localRange returns the local documents of part k that s walks.
func (s *searcher) localRange(k int) (lo, hi int32) {
	v := &s.views[k]
	n := int32(max(len(v.docStart)-1, 0))
	return min(max(s.lo-v.base, 0), n), min(max(s.hi-v.base, 0), n)
}
