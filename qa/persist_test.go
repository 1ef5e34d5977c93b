package qa

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/corpus"
)

// persisted is a store of generated articles, added in batches, and the
// questions about them.
type persisted struct {
	st      *corpus.Store
	dir     string // the index directory
	docs    []*corpus.Document
	queries []string
}

func newPersisted(t *testing.T, n int) *persisted {
	t.Helper()
	g := generate(n, 7)
	for _, d := range g.docs {
		d.ID, d.Seq = 0, 0
	}
	return &persisted{st: storeWith(t), dir: filepath.Join(t.TempDir(), "index"), docs: g.docs, queries: g.queries}
}

// store adds docs[from:to] to the store.
func (p *persisted) store(t *testing.T, from, to int) {
	t.Helper()
	if _, err := p.st.AddBatch(context.Background(), p.docs[from:to]); err != nil {
		t.Fatal(err)
	}
}

func (p *persisted) open(t *testing.T) *Index {
	t.Helper()
	ix, err := OpenIndex(context.Background(), p.dir, p.st, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// inMemory indexes the whole store in memory, as without an index directory.
func (p *persisted) inMemory(t *testing.T) *Index {
	t.Helper()
	ix := NewIndex(DefaultOptions())
	if _, err := ix.Load(context.Background(), p.st); err != nil {
		t.Fatal(err)
	}
	return ix
}

// sameResults checks that got ranks every question as want does, to the
// last bit of every score, and answers it alike.
func sameResults(t *testing.T, got, want *Index, queries []string) {
	t.Helper()
	type row struct {
		ID                    int64
		Sentence, First, Last int
		Score                 float64
		Terms                 []string
	}
	rows := func(hs []Hit) []row {
		var out []row
		for _, h := range hs {
			out = append(out, row{h.Doc.ID, h.Sentence, h.First, h.Last, h.Score, h.Terms})
		}
		return out
	}
	ag, aw := NewAnswerer(got, AnswerOptions{}), NewAnswerer(want, AnswerOptions{})
	differ := 0
	for i, q := range queries {
		o := SearchOptions{K: 10, PerDoc: 3}
		g, w := rows(got.SearchWith(q, o)), rows(want.SearchWith(q, o))
		if !slices.EqualFunc(g, w, func(a, b row) bool {
			return a.ID == b.ID && a.Sentence == b.Sentence && a.First == b.First && a.Last == b.Last &&
				a.Score == b.Score && slices.Equal(a.Terms, b.Terms)
		}) {
			differ++
			if differ <= 3 {
				t.Errorf("search %q:\n got %+v\nwant %+v", q, g, w)
			}
			continue
		}
		if i%3 != 0 {
			continue
		}
		ga, err1 := ag.Ask(context.Background(), q)
		wa, err2 := aw.Ask(context.Background(), q)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		gj, _ := json.Marshal(ga)
		wj, _ := json.Marshal(wa)
		if string(gj) != string(wj) {
			differ++
			if differ <= 3 {
				t.Errorf("answer to %q:\n got %s\nwant %s", q, gj, wj)
			}
		}
	}
	if differ > 0 {
		t.Errorf("%d of %d questions differ", differ, len(queries))
	}
}

// TestPersistedIndexRanksAsInMemory builds an index directory the way a
// newsroom's store grows — batch after batch, each opening writing a
// segment and merging — and checks that searches and answers over the
// segments, with the newest documents still in memory, are exactly those
// of an index built in memory from the whole store.
func TestPersistedIndexRanksAsInMemory(t *testing.T) {
	p := newPersisted(t, 600)
	p.store(t, 0, 300)
	defer func(n int) { flushDocs = n }(flushDocs)
	flushDocs = 70 // written 70 at a time and merged as they come: 280, then 20
	ix := p.open(t)
	if n := len(ix.segs); n != 2 || ix.segs[0].numDocs() != 280 {
		t.Errorf("after the first opening: %d segments, want 280 documents and 20", n)
	}
	ix.Close()
	flushDocs = 1000
	p.store(t, 300, 400)
	ix = p.open(t) // 100 more: 20+100 merged, then 280+120
	if n := len(ix.segs); n != 1 {
		t.Errorf("after the second opening: %d segments, want 1 (merged)", n)
	}
	ix.Close()
	p.store(t, 400, 460)
	w := p.open(t) // 60 more: a second segment (400 ≥ 4×60); w keeps the lock
	defer w.Close()
	p.store(t, 460, 600)
	r := p.open(t) // cannot write: the newest 140 stay in memory
	defer r.Close()
	if len(w.segs) != 2 || len(r.segs) != 2 || len(r.docs) != 140 || len(w.docs) != 0 {
		t.Fatalf("segments %d and %d, in memory %d and %d; want 2, 2, 140, 0", len(w.segs), len(r.segs), len(r.docs), len(w.docs))
	}
	mem := p.inMemory(t)
	if r.Len() != mem.Len() || r.Units() != mem.Units() || r.Seq() != mem.Seq() {
		t.Fatalf("persisted: %d documents, %d units, seq %d; in memory %d, %d, %d",
			r.Len(), r.Units(), r.Seq(), mem.Len(), mem.Units(), mem.Seq())
	}
	sameResults(t, r, mem, p.queries[:300])

	// What an answer reads of a document in a segment.
	hits := r.Search(p.queries[0], 1)
	if len(hits) == 0 {
		t.Fatal("no hit")
	}
	d := hits[0].Doc
	md := mem.Doc(d.ID)
	for i := range d.Sentences {
		if !slices.Equal(r.SentenceTerms(d, i), mem.SentenceTerms(md, i)) ||
			!slices.Equal(r.SentencePositions(d, i), mem.SentencePositions(md, i)) {
			t.Fatalf("sentence %d of document %d: terms differ", i, d.ID)
		}
	}
	if got := r.Doc(d.ID); got == nil || got.Body != md.Body {
		t.Errorf("Doc(%d) from a segment: %v", d.ID, got)
	}
}

// segmentFile returns the path of the only segment in dir.
func segmentFile(t *testing.T, dir string) string {
	t.Helper()
	names, _ := filepath.Glob(filepath.Join(dir, "seg-*.ndx"))
	if len(names) != 1 {
		t.Fatalf("segments in %s: %v, want one", dir, names)
	}
	return names[0]
}

// flipByte inverts one byte of a file.
func flipByte(t *testing.T, path string, off int64) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b := make([]byte, 1)
	if _, err := f.ReadAt(b, off); err != nil {
		t.Fatal(err)
	}
	b[0] ^= 0xff
	if _, err := f.WriteAt(b, off); err != nil {
		t.Fatal(err)
	}
}

// section returns the offset of a section of the segment file at path.
func section(t *testing.T, path, name string) int64 {
	t.Helper()
	s, err := openSegment(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.close()
	var at int64 = -1
	sectionLayout(&s.h, func(n string, off, _ int64) {
		if n == name {
			at = off
		}
	})
	return at
}

// TestDamagedSegmentIsRebuilt damages a segment file four ways — a byte
// of the tables checked at opening, a byte of one term's postings checked
// when first read, a byte of the forward index of the article the first
// question ranks first, a file cut short — and checks that the damage is never
// served: every search and answer is that of a sound index, the segment
// rebuilt from the store. The damaged forward index is found once by a
// search and once by reading the article's sentence terms before any
// search, as an answer's later stages do.
func TestDamagedSegmentIsRebuilt(t *testing.T) {
	for _, damage := range []string{"tables", "postings", "forward", "forward-read", "torn"} {
		t.Run(damage, func(t *testing.T) {
			p := newPersisted(t, 300)
			p.store(t, 0, 300)
			p.open(t).Close()
			path := segmentFile(t, p.dir)
			q := p.queries[0]
			switch damage {
			case "tables":
				flipByte(t, path, section(t, path, "sentLen")+10)
			case "postings":
				s, err := openSegment(path)
				if err != nil {
					t.Fatal(err)
				}
				term := Analyze(q, "en")
				var id int32 = -1
				for _, tok := range term {
					if i, ok := s.lookup(tok.Term); ok && !tok.Stop {
						id = i
						break
					}
				}
				if id < 0 {
					t.Fatalf("no term of %q in the segment", q)
				}
				off := section(t, path, "postings") + 8*s.postAt[id]
				s.close()
				flipByte(t, path, off+3)
			case "forward", "forward-read":
				ix := p.open(t)
				top := ix.Search(q, 1)
				ix.Close()
				s, err := openSegment(path)
				if err != nil || len(top) == 0 {
					t.Fatal(err, top)
				}
				d, ok := s.byID(top[0].Doc.ID)
				if !ok {
					t.Fatalf("document %d not in the segment", top[0].Doc.ID)
				}
				off := section(t, path, "fwdTerms") + 4*s.termAt[d]
				s.close()
				flipByte(t, path, off+1)
				if damage == "forward-read" {
					ix := p.open(t)
					mem := p.inMemory(t)
					doc, want := ix.Doc(top[0].Doc.ID), mem.Doc(top[0].Doc.ID)
					for i := range want.Sentences {
						if g, w := ix.SentenceTerms(doc, i), mem.SentenceTerms(want, i); !slices.Equal(g, w) {
							t.Fatalf("sentence %d of the damaged article: terms %q, want %q", i, g, w)
						}
					}
					ix.Close()
				}
			case "torn":
				fi, err := os.Stat(path)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.Truncate(path, fi.Size()/2); err != nil {
					t.Fatal(err)
				}
			}
			ix := p.open(t)
			defer ix.Close()
			sameResults(t, ix, p.inMemory(t), p.queries[:100])
			if _, err := os.Stat(path); err == nil {
				t.Errorf("the damaged segment %s is still there", filepath.Base(path))
			}
			segmentFile(t, p.dir) // one sound segment took its place
		})
	}
}

// TestKilledMergeLeavesIndexWhole kills a process in the middle of a
// merge, half of the new segment's postings written, then opens the index
// directory again: it answers as an index built in memory from the store,
// and the half-written file is gone.
func TestKilledMergeLeavesIndexWhole(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a second process")
	}
	p := newPersisted(t, 400)
	p.store(t, 0, 300)
	p.open(t).Close()
	p.store(t, 300, 400) // the child flushes these, then merges 300 + 100

	cmd := exec.Command(os.Args[0], "-test.run", "^TestMergeChild$", "-test.v")
	cmd.Env = append(os.Environ(), "NEWSDESK_MERGE_DB="+p.dbPath(t), "NEWSDESK_MERGE_DIR="+p.dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	merging := false
	for sc.Scan() {
		if strings.Contains(sc.Text(), "merging, half written") {
			merging = true
			break
		}
	}
	cmd.Process.Kill()
	cmd.Wait()
	if !merging {
		t.Fatal("the child never reached the middle of its merge")
	}
	tmps, _ := filepath.Glob(filepath.Join(p.dir, "*.tmp"))
	if len(tmps) == 0 {
		t.Fatal("no half-written segment: the kill did not land mid-merge")
	}

	ix := p.open(t)
	defer ix.Close()
	sameResults(t, ix, p.inMemory(t), p.queries[:200])
	if tmps, _ := filepath.Glob(filepath.Join(p.dir, "*.tmp")); len(tmps) > 0 {
		t.Errorf("half-written files left: %v", tmps)
	}
	if len(ix.segs) != 1 {
		t.Errorf("%d segments after reopening, want 1 (the merge done again)", len(ix.segs))
	}
}

// dbPath returns the path of the store's database file.
func (p *persisted) dbPath(t *testing.T) string {
	t.Helper()
	var path string
	if err := p.st.DB().QueryRow("SELECT file FROM pragma_database_list WHERE name = 'main'").Scan(&path); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestMergeChild is the process TestKilledMergeLeavesIndexWhole kills: it
// opens the index, which flushes and merges, and waits in the merge.
func TestMergeChild(t *testing.T) {
	db, dir := os.Getenv("NEWSDESK_MERGE_DB"), os.Getenv("NEWSDESK_MERGE_DIR")
	if db == "" {
		t.Skip("run by TestKilledMergeLeavesIndexWhole")
	}
	st, err := corpus.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	mergeHook = func() {
		os.Stdout.WriteString("merging, half written\n")
		select {} // until killed
	}
	OpenIndex(context.Background(), dir, st, DefaultOptions())
	t.Fatal("the merge finished")
}

// TestFlushWhileSearching adds documents, writes them as segments and
// merges while other goroutines search, as the running bot does: every
// search sees every document added before it started, and none fails.
// Run it with -race.
func TestFlushWhileSearching(t *testing.T) {
	p := newPersisted(t, 400)
	p.store(t, 0, 100)
	ix := p.open(t)
	defer ix.Close()
	done := make(chan struct{})
	errs := make(chan error, 2)
	for w := range 2 {
		go func() {
			for i := w; ; i += 2 {
				select {
				case <-done:
					errs <- nil
					return
				default:
				}
				// A search that read an unmapped segment would crash the test.
				ix.Search(p.queries[i%50], 5)
				ix.SentenceTerms(p.docs[i%100], 0)
			}
		}()
	}
	for from := 100; from < 400; from += 50 {
		p.store(t, from, from+50)
		ix.Add(p.docs[from : from+50]...)
		if err := ix.Maintain(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	close(done)
	for range 2 {
		<-errs
	}
	if ix.Len() != 400 || len(ix.docs) != 0 {
		t.Fatalf("%d documents, %d in memory; want 400, all in segments", ix.Len(), len(ix.docs))
	}
	sameResults(t, ix, p.inMemory(t), p.queries[:100])
}

// TestKeepFollowsTheStore runs Keep on an index while another process's
// writes reach the store (a replica sharing it, or bot ingest run beside
// the bot): the new articles are found within a few intervals, and Keep
// writes them to the index folder.
func TestKeepFollowsTheStore(t *testing.T) {
	p := newPersisted(t, 120)
	p.store(t, 0, 100)
	ix := p.open(t)
	defer ix.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- ix.Keep(ctx, p.st, 5*time.Millisecond) }()
	p.store(t, 100, 120) // as another process would
	last := p.docs[119]
	deadline := time.Now().Add(10 * time.Second)
	segments := func() int { ix.mu.RLock(); defer ix.mu.RUnlock(); return len(ix.segs) }
	for ix.Doc(last.ID) == nil || segments() < 2 {
		if time.Now().After(deadline) {
			t.Fatalf("after 10 s: %d documents indexed, %d segments; want 120, the new ones written", ix.Len(), segments())
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Keep: %v", err)
	}
	sameResults(t, ix, p.inMemory(t), p.queries[:50])
}
