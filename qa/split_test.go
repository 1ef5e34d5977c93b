package qa

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"testing"
)

// TestSplitWalk checks that a search walked in two halves at once finds
// exactly what one walk finds: the same passages in the same order, to
// the last bit of their scores, ties included (a corpus whose later
// documents repeat earlier ones scores them alike, and the earlier
// document must still come first), in memory and over segments.
func TestSplitWalk(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	g := generate(2000, 11)
	docs := g.docs
	for i, d := range g.docs[:300] {
		c := *d
		c.ID = int64(len(g.docs) + i + 1)
		docs = append(docs, &c)
	}
	// A story filed forty times, word for word, across both halves.
	story := []string{"Dockworkers at Rotterdam stopped work at dawn over the cranes."}
	for i := range 40 {
		docs = slices.Insert(docs, i*len(docs)/40, newDoc(int64(3000+i), "", story))
	}
	queries := append(g.queries[:300], "dockworkers rotterdam cranes")
	for _, opts := range []Options{DefaultOptions(), {K1: 1.5, B: 0.4, TitleBoost: 0, Window: 1}} {
		one := NewIndex(opts)
		one.splitPostings = math.MaxInt
		one.Add(docs...)
		for _, order := range []int{together, laterFirst, earlierFirst} {
			two := NewIndex(opts)
			two.splitPostings, two.splitOrder = 0, order
			two.Add(docs...)
			for i, q := range queries {
				o := SearchOptions{K: 1 + i%20, PerDoc: i % 3}
				sameHits(t, q, two.SearchWith(q, o), one.SearchWith(q, o))
			}
			if n := two.splits.Load(); n != int64(len(queries)) {
				t.Errorf("%d of %d searches split", n, len(queries))
			}
		}
		if n := one.splits.Load(); n != 0 {
			t.Errorf("%d searches split with splitPostings at its largest", n)
		}
	}

	// While another search runs, the second CPU is taken: no split.
	busy := NewIndex(DefaultOptions())
	busy.splitPostings = 0
	busy.Add(docs...)
	busy.searching.Add(1)
	busy.Search(queries[0], 10)
	if n := busy.splits.Load(); n != 0 {
		t.Errorf("a search beside another was split (%d)", n)
	}

	// Over two segments and the documents in memory, answers too.
	p := newPersisted(t, 600)
	p.store(t, 0, 400)
	w := p.open(t)
	defer w.Close()
	p.store(t, 400, 600)
	r := p.open(t) // w holds the lock: the newest 200 stay in memory
	defer r.Close()
	if len(r.segs) == 0 || len(r.docs) == 0 {
		t.Fatalf("%d segments, %d documents in memory; want both", len(r.segs), len(r.docs))
	}
	mem := p.inMemory(t)
	r.splitPostings, mem.splitPostings = 0, math.MaxInt
	sameResults(t, r, mem, p.queries[:200])
	if r.splits.Load() == 0 {
		t.Error("no search over the segments was split")
	}
}

// sameHits fails the test unless got and want are the same passages with
// the same scores, in the same order.
func sameHits(t *testing.T, q string, got, want []Hit) {
	t.Helper()
	same := len(got) == len(want)
	for i := 0; same && i < len(got); i++ {
		g, w := got[i], want[i]
		same = g.Doc.ID == w.Doc.ID && g.Sentence == w.Sentence && g.First == w.First && g.Last == w.Last && g.Score == w.Score
	}
	if !same {
		t.Fatalf("%q split in two:\n%v\none walk:\n%v", q, brief(got), brief(want))
	}
}

func brief(hs []Hit) []string {
	var out []string
	for _, h := range hs {
		out = append(out, fmt.Sprintf("doc %d sentence %d %.17g", h.Doc.ID, h.Sentence, h.Score))
	}
	return out
}

// TestSplitWalkPanics checks that a panic on the second half's goroutine
// reaches the searching goroutine, where the bot's handler recovers it,
// instead of ending the process: here the later half reads a document
// whose sentence table is broken.
func TestSplitWalkPanics(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	g := generate(200, 5)
	ix := NewIndex(DefaultOptions())
	ix.splitPostings = 0
	ix.Add(g.docs...)
	last := len(ix.docStart) - 2 // the last document, in the later half
	q := g.docs[len(g.docs)-1].Title
	ix.docStart[last+1] = ix.docStart[last] - 1
	defer func() {
		if recover() == nil {
			t.Error("the search over a broken document did not panic")
		}
		if ix.splits.Load() != 1 {
			t.Errorf("%d searches split, want 1", ix.splits.Load())
		}
	}()
	ix.SearchWith(q, SearchOptions{K: 5})
}
