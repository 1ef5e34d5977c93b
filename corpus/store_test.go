package corpus

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/storetest"
)

// openTestStore opens a new store: a file under t.TempDir(), or a new
// PostgreSQL database (see storetest).
func openTestStore(t testing.TB) (*Store, string) {
	t.Helper()
	path := storetest.Location(t, "news.db")
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

func mustAdd(t testing.TB, s *Store, docs ...*Document) []Outcome {
	t.Helper()
	out, err := s.AddBatch(context.Background(), docs)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// dumpStore lists everything the store holds for each document, one line
// each in seq order, then a digest of the band table; withAdded includes
// the time of adding, which differs between two runs.
func dumpStore(t testing.TB, s *Store, withAdded bool) string {
	t.Helper()
	var b strings.Builder
	for d, err := range s.Documents(context.Background(), 0) {
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "seq=%d id=%d hash=%s dup=%d origin=%q title=%q outlet=%q author=%q published=%s url=%q lang=%q body=%x sentences=%v",
			d.Seq, d.ID, d.Hash, d.DuplicateOf, d.Origin, d.Title, d.Outlet, d.Author,
			d.Published.Format(dateLayout), d.URL, d.Lang, sha256.Sum256([]byte(d.Body)), d.Sentences)
		if withAdded {
			fmt.Fprintf(&b, " added=%s", d.Added.Format(addedLayout))
		}
		b.WriteByte('\n')
	}
	rows, err := s.db.Query("SELECT band, key, doc_id FROM lsh_bands ORDER BY band, key, doc_id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	h, n := sha256.New(), 0
	for rows.Next() {
		var band, key, id int64
		if err := rows.Scan(&band, &key, &id); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintln(h, band, key, id)
		n++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&b, "lsh_bands: %d rows, sha256 %x\n", n, h.Sum(nil))
	return b.String()
}

func TestStoreAddAndRead(t *testing.T) {
	ctx := context.Background()
	s, _ := openTestStore(t)
	clock := time.Date(2025, 5, 2, 20, 27, 0, 123456789, time.UTC)
	s.now = func() time.Time { return clock }

	docs := seedDocs(t)
	docs[0].Published = time.Date(2025, 5, 2, 0, 0, 0, 0, time.UTC)
	docs[0].Title, docs[0].URL = "Azerbaijani lawmaker blames Russia for February cyberattack", "https://kyivindependent.com/x"
	out := mustAdd(t, s, docs...)
	for i, d := range docs {
		if out[i] != Added {
			t.Errorf("%s: outcome %v, want added", d.Origin, out[i])
		}
		if d.ID == 0 || d.Seq != int64(i+1) || !d.Added.Equal(clock) || d.DuplicateOf != 0 {
			t.Errorf("%s: ID %d Seq %d Added %v DuplicateOf %d, want an id, seq %d, added %v, no duplicate",
				d.Origin, d.ID, d.Seq, d.Added, d.DuplicateOf, i+1, clock)
		}
		got, err := s.Document(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, d) {
			t.Errorf("Document(%d) = %+v\nwant %+v", d.ID, got, d)
		}
	}
	if n, err := s.Count(ctx); err != nil || n != len(docs) {
		t.Errorf("Count = %d, %v; want %d", n, err, len(docs))
	}
	if n, err := s.MaxSeq(ctx); err != nil || n != int64(len(docs)) {
		t.Errorf("MaxSeq = %d, %v; want %d", n, err, len(docs))
	}
	if _, err := s.Document(ctx, 999); !errors.Is(err, ErrNotFound) {
		t.Errorf("Document(999) error = %v, want ErrNotFound", err)
	}
	// Several at once, as an answer reads the articles it quotes.
	ids := []int64{docs[2].ID, docs[0].ID, 999}
	byID, err := s.DocumentsByID(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	if len(byID) != 2 || !reflect.DeepEqual(byID[docs[0].ID], docs[0]) || !reflect.DeepEqual(byID[docs[2].ID], docs[2]) {
		t.Errorf("DocumentsByID(%v) = %v, want documents %d and %d as stored", ids, byID, docs[2].ID, docs[0].ID)
	}
}

func TestStoreReAddUnchanged(t *testing.T) {
	s, _ := openTestStore(t)
	first := seedDocs(t)
	mustAdd(t, s, first...)
	before := dumpStore(t, s, true)

	again := seedDocs(t)
	// The same text with other spacing and quotes is the same content.
	again[2].Body = strings.ReplaceAll(again[2].Body, " ", "  ")
	again[2].Hash = ContentHash(again[2].Body)
	again[2].Sentences = nil
	for i, o := range mustAdd(t, s, again...) {
		if o != Unchanged || again[i].ID != first[i].ID || again[i].Seq != first[i].Seq || !again[i].Added.Equal(first[i].Added) {
			t.Errorf("%s re-added: %v id %d seq %d, want unchanged id %d seq %d",
				again[i].Origin, o, again[i].ID, again[i].Seq, first[i].ID, first[i].Seq)
		}
	}
	if after := dumpStore(t, s, true); after != before {
		t.Errorf("re-adding changed the store:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}

// rewrite returns a copy of d as another site would publish it: other
// chrome around the text and some paragraphs in another order.
func rewrite(d *Document, site string) *Document {
	paras := strings.Split(d.Body, "\n\n")
	for i := 0; i+1 < len(paras); i += 4 {
		paras[i], paras[i+1] = paras[i+1], paras[i]
	}
	body := site + " | Home | Politics\n\n" + strings.Join(paras, "\n\n") + "\n\nShare this story. © 2025 " + site
	return &Document{Origin: site + "/" + d.Origin, Body: body, Hash: ContentHash(body), Sentences: Split(body)}
}

func TestStoreNearDuplicateLinked(t *testing.T) {
	s, _ := openTestStore(t)
	seeds := seedDocs(t)
	mustAdd(t, s, seeds[0])

	// A rewrite in a later batch, a rewrite of the rewrite, and a rewrite of
	// another seed next to that seed in one batch.
	copy1 := rewrite(seeds[0], "Syndicate")
	copy2 := rewrite(copy1, "Aggregator")
	copy3 := rewrite(seeds[1], "Syndicate")
	out := mustAdd(t, s, copy1, copy2, seeds[1], copy3, seeds[2])

	want := []struct {
		doc     *Document
		outcome Outcome
		of      *Document
	}{
		{copy1, Duplicate, seeds[0]},
		{copy2, Duplicate, seeds[0]}, // linked to the original, not to the copy it copies
		{seeds[1], Added, nil},
		{copy3, Duplicate, seeds[1]},
		{seeds[2], Added, nil},
	}
	for i, w := range want {
		var of int64
		if w.of != nil {
			of = w.of.ID
		}
		if out[i] != w.outcome || w.doc.DuplicateOf != of {
			t.Errorf("%s: %v of %d, want %v of %d", w.doc.Origin, out[i], w.doc.DuplicateOf, w.outcome, of)
		}
		got, err := s.Document(context.Background(), w.doc.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.DuplicateOf != of {
			t.Errorf("stored %s: DuplicateOf %d, want %d", w.doc.Origin, got.DuplicateOf, of)
		}
	}
}

func TestStoreSeqMonotonicAcrossReopen(t *testing.T) {
	ctx := context.Background()
	path := storetest.Location(t, "news.db")
	docs := seedDocs(t)
	var seqs []int64
	for _, batch := range [][]*Document{docs[:2], docs[2:3], docs[3:]} {
		s, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		mustAdd(t, s, batch...)
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for d, err := range s.Documents(ctx, 0) {
		if err != nil {
			t.Fatal(err)
		}
		seqs = append(seqs, d.Seq)
	}
	if want := []int64{1, 2, 3, 4, 5}; !slices.Equal(seqs, want) {
		t.Errorf("seqs after three sessions = %v, want %v", seqs, want)
	}
}

func TestStoreDocumentsAfterSeq(t *testing.T) {
	ctx := context.Background()
	s, _ := openTestStore(t)
	// More than two pages, in several batches.
	const n = 2*pageSize + 37
	g := newArticleGen(3)
	for start := 0; start < n; start += 300 {
		var batch []*Document
		for i := start; i < min(start+300, n); i++ {
			body := fmt.Sprintf("Article %d. %s", i, g.sentence())
			batch = append(batch, &Document{Origin: fmt.Sprint(i), Body: body, Sentences: Split(body)})
		}
		mustAdd(t, s, batch...)
	}
	for _, after := range []int64{0, 1, pageSize - 1, pageSize, n - 1, n, n + 10} {
		var got []int64
		for d, err := range s.Documents(ctx, after) {
			if err != nil {
				t.Fatal(err)
			}
			if d.Origin != fmt.Sprint(d.Seq-1) {
				t.Fatalf("seq %d holds %q, want the document added %d-th", d.Seq, d.Origin, d.Seq)
			}
			got = append(got, d.Seq)
		}
		var want []int64
		for seq := after + 1; seq <= n; seq++ {
			want = append(want, seq)
		}
		if !slices.Equal(got, want) {
			t.Errorf("Documents(after %d) yielded %d documents (%v...), want seqs %d..%d",
				after, len(got), got[:min(len(got), 3)], after+1, n)
		}
	}
	// Stopping early stops the iteration.
	k := 0
	for range s.Documents(ctx, 0) {
		if k++; k == 3 {
			break
		}
	}
}

// TestStoreInMemory checks the in-memory store, which keeps one connection,
// lets a reader call back into the store while it iterates.
func TestStoreInMemory(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mustAdd(t, s, seedDocs(t)...)
	n := 0
	for d, err := range s.Documents(ctx, 0) {
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Document(ctx, d.ID); err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 5 {
		t.Errorf("in-memory store yielded %d documents, want 5", n)
	}
	other, err := Open(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if c, _ := other.Count(ctx); c != 0 {
		t.Errorf("a second in-memory store holds %d documents, want its own empty database", c)
	}
}

func TestStoreRejectsBadBatch(t *testing.T) {
	s, _ := openTestStore(t)
	docs := seedDocs(t)
	bad := &Document{Origin: "broken.txt", Body: "Short.", Sentences: []Sentence{{Start: 0, End: 40}}}
	_, err := s.AddBatch(context.Background(), []*Document{docs[0], bad})
	if err == nil || !strings.Contains(err.Error(), "broken.txt") {
		t.Errorf("AddBatch with a sentence outside its body: error %v, want one naming broken.txt", err)
	}
	if docs[0].ID != 0 {
		t.Errorf("a document of the failed batch got ID %d", docs[0].ID)
	}
	if n, _ := s.Count(context.Background()); n != 0 {
		t.Errorf("the failed batch stored %d documents", n)
	}
}

// TestStoreRefusesNUL adds a document whose body holds a NUL character,
// which PostgreSQL's text cannot hold: both stores refuse it the same way,
// naming the document and the field, and store nothing of the batch.
func TestStoreRefusesNUL(t *testing.T) {
	s, _ := openTestStore(t)
	docs := seedDocs(t)
	bad := &Document{Origin: "nul.txt", Title: "Ports", Body: "The strike\x00 began.", Sentences: []Sentence{{Start: 0, End: 20}}}
	_, err := s.AddBatch(context.Background(), []*Document{docs[0], bad})
	if !errors.Is(err, ErrBinary) || !strings.Contains(err.Error(), "nul.txt: body") {
		t.Errorf("AddBatch with a NUL in a body: error %v, want ErrBinary naming nul.txt and the body", err)
	}
	if n, _ := s.Count(context.Background()); n != 0 {
		t.Errorf("the refused batch stored %d documents", n)
	}
}

// TestStoreTwoWriters adds from two handles on one file at once, as two
// processes would: both wait for the lock and every seq is used once.
func TestStoreTwoWriters(t *testing.T) {
	ctx := context.Background()
	a, path := openTestStore(t)
	b, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var wg sync.WaitGroup
	for w, s := range []*Store{a, b} {
		wg.Go(func() {
			for i := range 20 {
				body := fmt.Sprintf("Writer %d wrote batch %d on a quiet day in the newsroom.", w, i)
				if _, err := s.AddBatch(ctx, []*Document{{Origin: "w", Body: body}}); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if n, _ := a.MaxSeq(ctx); n != 40 {
		t.Errorf("MaxSeq after 40 single adds from two writers = %d, want 40", n)
	}
}

// edited returns body with its k-th word (counted among words not next to
// a paragraph break) replaced: a near-duplicate of body, as another site
// that reworded a phrase would publish it.
func edited(body string, k int) string {
	words := strings.Split(body, " ")
	n := 0
	for i, w := range words {
		if strings.Contains(w, "\n") {
			continue
		}
		if n++; n == 10*(k+1) {
			words[i] = fmt.Sprintf("reworded%d", k)
			break
		}
	}
	return strings.Join(words, " ")
}

// storyDoc returns a document of body published on day ("" for undated).
func storyDoc(t testing.TB, origin, body, day string) *Document {
	t.Helper()
	d := &Document{Origin: origin, Body: body, Sentences: Split(body)}
	if day != "" {
		var err error
		if d.Published, err = time.Parse(dateLayout, day); err != nil {
			t.Fatal(err)
		}
	}
	return d
}

// TestStoreOriginalIsEarliestPublished adds near-duplicates of one story
// in various orders and batches: whatever the order, the one published
// first (then stored first) is the original and the others link to it,
// as a journalist reading Store.Document sees them.
func TestStoreOriginalIsEarliestPublished(t *testing.T) {
	type doc struct {
		name, day string // day "" is undated
	}
	tests := []struct {
		name     string
		batches  [][]doc
		original string             // the document all others link to
		outcomes map[string]Outcome // as AddBatch reported them
	}{
		{
			name:     "rewrite added before the original",
			batches:  [][]doc{{{"rewrite", "2026-03-05"}}, {{"original", "2026-03-03"}}},
			original: "original",
			outcomes: map[string]Outcome{"rewrite": Added, "original": Added},
		},
		{
			name:     "rewrite before the original in one batch",
			batches:  [][]doc{{{"rewrite", "2026-03-05"}, {"original", "2026-03-03"}}},
			original: "original",
			outcomes: map[string]Outcome{"rewrite": Duplicate, "original": Added},
		},
		{
			name:     "three added newest first",
			batches:  [][]doc{{{"third", "2026-03-07"}}, {{"second", "2026-03-05"}}, {{"first", "2026-03-03"}}},
			original: "first",
			outcomes: map[string]Outcome{"third": Added, "second": Added, "first": Added},
		},
		{
			name:     "three added newest first in one batch",
			batches:  [][]doc{{{"third", "2026-03-07"}, {"second", "2026-03-05"}, {"first", "2026-03-03"}}},
			original: "first",
			outcomes: map[string]Outcome{"third": Duplicate, "second": Duplicate, "first": Added},
		},
		{
			name:     "newest first then one between",
			batches:  [][]doc{{{"third", "2026-03-07"}, {"first", "2026-03-03"}}, {{"second", "2026-03-05"}}},
			original: "first",
			outcomes: map[string]Outcome{"third": Duplicate, "first": Added, "second": Duplicate},
		},
		{
			name:     "undated copy before a dated original",
			batches:  [][]doc{{{"undated", ""}}, {{"dated", "2026-03-03"}}},
			original: "dated",
			outcomes: map[string]Outcome{"undated": Added, "dated": Added},
		},
		{
			name:     "dated original before an undated copy",
			batches:  [][]doc{{{"dated", "2026-03-03"}}, {{"undated", ""}}},
			original: "dated",
			outcomes: map[string]Outcome{"dated": Added, "undated": Duplicate},
		},
		{
			name:     "original added first",
			batches:  [][]doc{{{"original", "2026-03-03"}}, {{"rewrite", "2026-03-05"}, {"rewrite2", "2026-03-06"}}},
			original: "original",
			outcomes: map[string]Outcome{"original": Added, "rewrite": Duplicate, "rewrite2": Duplicate},
		},
		{
			name:     "same day: the first stored",
			batches:  [][]doc{{{"first stored", "2026-03-03"}}, {{"second stored", "2026-03-03"}}},
			original: "first stored",
			outcomes: map[string]Outcome{"first stored": Added, "second stored": Duplicate},
		},
		{
			name:     "both undated: the first stored",
			batches:  [][]doc{{{"first stored", ""}, {"second stored", ""}}},
			original: "first stored",
			outcomes: map[string]Outcome{"first stored": Added, "second stored": Duplicate},
		},
	}
	ctx := context.Background()
	base := newArticleGen(21).body(8)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := openTestStore(t)
			// Each document rewords another word of the story.
			bodies := map[string]string{}
			for _, batch := range tc.batches {
				for _, d := range batch {
					bodies[d.name] = edited(base, len(bodies))
				}
			}
			docs := map[string]*Document{}
			var all []*Document
			for _, batch := range tc.batches {
				var ds []*Document
				for _, d := range batch {
					docs[d.name] = storyDoc(t, d.name, bodies[d.name], d.day)
					ds = append(ds, docs[d.name])
				}
				for i, o := range mustAdd(t, s, ds...) {
					if want := tc.outcomes[ds[i].Origin]; o != want {
						t.Errorf("%s: outcome %v, want %v", ds[i].Origin, o, want)
					}
				}
				all = append(all, ds...)
			}
			orig := docs[tc.original].ID
			check := func(when string) {
				t.Helper()
				for _, d := range all {
					want := orig
					if d.Origin == tc.original {
						want = 0
					}
					got, err := s.Document(ctx, d.ID)
					if err != nil {
						t.Fatal(err)
					}
					if got.DuplicateOf != want {
						t.Errorf("%s: stored %s (published %s): DuplicateOf %d, want %d (%s)",
							when, d.Origin, got.Published.Format(dateLayout), got.DuplicateOf, want, tc.original)
					}
				}
			}
			check("after adding")
			// The documents of the last batch report what is stored.
			for _, d := range all[len(all)-len(tc.batches[len(tc.batches)-1]):] {
				want := orig
				if d.Origin == tc.original {
					want = 0
				}
				if d.DuplicateOf != want {
					t.Errorf("%s: returned DuplicateOf %d, want %d", d.Origin, d.DuplicateOf, want)
				}
			}

			// Adding the same files again, in one batch, changes nothing.
			before := dumpStore(t, s, true)
			var again []*Document
			for _, d := range all {
				again = append(again, storyDoc(t, d.Origin, d.Body, d.Published.Format(dateLayout)))
			}
			for i, o := range mustAdd(t, s, again...) {
				want := orig
				if again[i].Origin == tc.original {
					want = 0
				}
				if o != Unchanged || again[i].ID != all[i].ID || again[i].DuplicateOf != want {
					t.Errorf("%s re-added: %v, id %d of %d; want unchanged, id %d of %d",
						again[i].Origin, o, again[i].ID, again[i].DuplicateOf, all[i].ID, want)
				}
			}
			if after := dumpStore(t, s, true); after != before {
				t.Errorf("re-adding changed the store:\nbefore:\n%s\nafter:\n%s", before, after)
			}
			check("after re-adding")
		})
	}
}

// TestStoreEarlierCopyOfACopy adds a document published before a group's
// original that near-duplicates only a copy of it: the whole group, the
// former original included, is linked to the new one.
func TestStoreEarlierCopyOfACopy(t *testing.T) {
	ctx := context.Background()
	g := newArticleGen(22)
	paras := make([]string, 12)
	other := make([]string, 12)
	for i := range paras {
		paras[i], other[i] = g.paragraph(), g.paragraph()
	}
	// a, then b with its last three paragraphs replaced, then c with its
	// last six: c is close to b but not to a.
	mix := func(keep, from int) string {
		return strings.Join(append(slices.Clone(paras[:keep]), other[from:]...), "\n\n")
	}
	a, b, c := mix(12, 12), mix(9, 9), mix(6, 6)
	sim := func(x, y string) float64 { return Similarity(Signature(x), Signature(y)) }
	if sim(a, b) < NearDuplicate || sim(b, c) < NearDuplicate || sim(a, c) >= NearDuplicate {
		t.Fatalf("similarities a-b %.2f, b-c %.2f, a-c %.2f: want c a near-duplicate of b only", sim(a, b), sim(b, c), sim(a, c))
	}
	s, _ := openTestStore(t)
	da := storyDoc(t, "a", a, "2026-03-05")
	db := storyDoc(t, "b", b, "2026-03-06")
	dc := storyDoc(t, "c", c, "2026-03-03")
	mustAdd(t, s, da)
	mustAdd(t, s, db)
	if out := mustAdd(t, s, dc); out[0] != Added {
		t.Errorf("c: outcome %v, want added", out[0])
	}
	for _, w := range []struct {
		d  *Document
		of int64
	}{{da, dc.ID}, {db, dc.ID}, {dc, 0}} {
		got, err := s.Document(ctx, w.d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.DuplicateOf != w.of {
			t.Errorf("stored %s: DuplicateOf %d, want %d", w.d.Origin, got.DuplicateOf, w.of)
		}
	}
}

// TestStoreRelinkUsesIndex checks that re-linking a group finds its copies
// through an index, not by reading every document.
func TestStoreRelinkUsesIndex(t *testing.T) {
	s, _ := openTestStore(t)
	storetest.SQLiteOnly(t, "reads SQLite's query plan")
	text := queryPlan(t, s, "UPDATE documents SET duplicate_of = ?1 WHERE id = ?2 OR duplicate_of = ?2", 2, 1)
	if !strings.Contains(text, "documents_by_original") || strings.Contains(text, "SCAN") {
		t.Errorf("re-link plan %q, want a search of documents_by_original and no scan", text)
	}
}

// TestStoreRecentUsesIndex: a page of /sources reads the date index, not
// a sort of every document.
func TestStoreRecentUsesIndex(t *testing.T) {
	s, _ := openTestStore(t)
	storetest.SQLiteOnly(t, "reads SQLite's query plan")
	text := queryPlan(t, s, recentQuery, 10, 0)
	if !strings.Contains(text, "documents_by_date") || strings.Contains(text, "TEMP B-TREE") {
		t.Errorf("listing plan %q, want the date index and no sort", text)
	}
}

// queryPlan returns SQLite's plan for query, its steps joined by "; ".
func queryPlan(t *testing.T, s *Store, query string, args ...any) string {
	t.Helper()
	rows, err := s.db.Query("EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(plan, "; ")
}

// TestOpenInAMissingFolder: a database path whose folder does not exist is
// refused naming the folder, not with SQLite's "unable to open database
// file (14)".
func TestOpenInAMissingFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "no-such-folder")
	_, err := Open(context.Background(), filepath.Join(dir, "news.db"))
	if err == nil || !strings.Contains(err.Error(), "folder "+dir+" does not exist") {
		t.Errorf("Open in a missing folder: %v", err)
	}
}

// TestOpenSaysWhy checks that a database SQLite cannot open is refused
// with the cause in the file system, not only SQLite's "(14)".
func TestOpenSaysWhy(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	folder := filepath.Join(dir, "news.db")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	cases := []struct{ path, want string }{
		{filepath.Join(file, "news.db"), file + " is a file, not a folder"},
		{folder, folder + " is a folder, not a database file"},
	}
	if os.Geteuid() != 0 { // root may write anywhere
		locked := filepath.Join(dir, "locked")
		if err := os.Mkdir(locked, 0o555); err != nil {
			t.Fatal(err)
		}
		cases = append(cases, struct{ path, want string }{filepath.Join(locked, "news.db"), "cannot create files in folder " + locked + ": permission denied"})
	}
	for _, c := range cases {
		s, err := Open(context.Background(), c.path)
		if err == nil {
			s.Close()
			t.Errorf("Open(%s) succeeded", c.path)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("Open(%s) = %v, want it to say %q", c.path, err, c.want)
		}
	}
}
