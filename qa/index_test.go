package qa

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/newsdesk/newsdesk/corpus"
)

// newDoc builds an English document from paragraphs of sentences, with
// exact sentence offsets (independent of corpus.Split).
func newDoc(id int64, title string, paras ...[]string) *corpus.Document {
	d := &corpus.Document{ID: id, Title: title, Lang: "en", Origin: fmt.Sprintf("doc%d", id)}
	var b strings.Builder
	for p, sents := range paras {
		if p > 0 {
			b.WriteString("\n\n")
		}
		for i, s := range sents {
			if i > 0 {
				b.WriteString(" ")
			}
			d.Sentences = append(d.Sentences, corpus.Sentence{Start: b.Len(), End: b.Len() + len(s), Para: p})
			b.WriteString(s)
		}
	}
	d.Body = b.String()
	return d
}

// windows returns the default options with passages of w sentences on
// each side of a centre instead of paragraphs.
func windows(w int) Options {
	o := DefaultOptions()
	o.Paragraphs, o.Window = false, w
	return o
}

// hitText returns the best sentence of a hit.
func hitText(h Hit) string { return h.Doc.Text(h.Doc.Sentences[h.Sentence]) }

func TestSearchFindsTheSentence(t *testing.T) {
	ix := NewIndex(DefaultOptions())
	ix.Add(
		newDoc(1, "Weather", []string{"It rained in Baku on Monday.", "The wind was strong."}),
		newDoc(2, "Hackers", []string{"Officials met on Monday.", "Hackers linked to APT29 attacked Report.Az.", "The site was down for hours."}),
	)
	hits := ix.Search("who attacked report.az?", 5)
	if len(hits) == 0 {
		t.Fatal("no hits")
	}
	h := hits[0]
	if h.Doc.ID != 2 || hitText(h) != "Hackers linked to APT29 attacked Report.Az." {
		t.Fatalf("best hit = doc %d %q", h.Doc.ID, hitText(h))
	}
	if h.First > h.Sentence || h.Last < h.Sentence || h.Last-h.First > 2 {
		t.Errorf("passage = %d..%d, want at most 3 sentences holding sentence %d", h.First, h.Last, h.Sentence)
	}
	if !slices.Contains(h.Terms, "attack") || !slices.Contains(h.Terms, "report.az") {
		t.Errorf("terms = %q, want attack and report.az among them", h.Terms)
	}
	for _, h := range hits {
		if h.Doc.ID == 1 {
			t.Errorf("doc 1 matched nothing of the query but was returned: %q", hitText(h))
		}
	}
}

func TestSearchParagraphPassages(t *testing.T) {
	opts := DefaultOptions()
	opts.Paragraphs = true
	ix := NewIndex(opts)
	ix.Add(newDoc(1, "", []string{"Intro one.", "Intro two."}, []string{"Nothing here.", "The flight J2-8243 crashed.", "More text."}, []string{"Outro."}))
	hits := ix.Search("J2-8243 crash", 3)
	if len(hits) != 1 {
		t.Fatalf("got %d hits, want 1", len(hits))
	}
	if h := hits[0]; h.First != 2 || h.Last != 4 || h.Sentence != 3 {
		t.Errorf("hit = sentence %d in %d..%d, want 3 in the paragraph 2..4", h.Sentence, h.First, h.Last)
	}
}

func TestSearchTitleBoost(t *testing.T) {
	opts := DefaultOptions()
	opts.TitleBoost = 1
	ix := NewIndex(opts)
	body := []string{"The ministry said the sanctions would follow.", "Details were not given."}
	ix.Add(newDoc(1, "Markets close higher", body), newDoc(2, "New sanctions announced", body))
	hits := ix.SearchWith("sanctions", SearchOptions{K: 2, PerDoc: 1})
	if len(hits) != 2 || hits[0].Doc.ID != 2 {
		t.Fatalf("want the article with the query in its title first, got %v", docIDs(hits))
	}
	if hits[0].Score <= hits[1].Score {
		t.Errorf("title match scores %.3f, body only %.3f", hits[0].Score, hits[1].Score)
	}
	// A headline's words are its article's: a word only in a title finds
	// the article, and what it quotes is the lead, which tells what the
	// headline says.
	got := ix.Search("announced", 5)
	if len(got) != 1 || got[0].Doc.ID != 2 || got[0].Sentence != 0 || got[0].First != 0 {
		t.Fatalf("a word only in a title gave %v, want the lead of the article with that headline", got)
	}
	if got := ix.Search("markets announced", 5); len(got) != 2 || got[0].Score != got[1].Score {
		t.Errorf("each of two headline words should find its article's lead alike, got %v", got)
	}
}

func docIDs(hits []Hit) []int64 {
	var ids []int64
	for _, h := range hits {
		ids = append(ids, h.Doc.ID)
	}
	return ids
}

func TestSearchPhrase(t *testing.T) {
	ix := NewIndex(DefaultOptions())
	ix.Add(
		newDoc(1, "", []string{"The bear was cozy in the den near Russia."}),
		newDoc(2, "", []string{"The group Cozy Bear is linked to Russia."}),
		newDoc(3, "", []string{"A cozy cafe opened.", "A bear was seen nearby."}),
	)
	if got := docIDs(ix.Search(`"Cozy Bear"`, 5)); !slices.Equal(got, []int64{2}) {
		t.Errorf(`"Cozy Bear" found docs %v, want [2]`, got)
	}
	if got := docIDs(ix.Search(`“cozy bear”`, 5)); !slices.Equal(got, []int64{2}) {
		t.Errorf(`curly-quoted phrase found docs %v, want [2]`, got)
	}
	if got := docIDs(ix.SearchWith("cozy bear", SearchOptions{K: 5, PerDoc: 1})); len(got) != 3 || got[0] != 2 {
		t.Errorf("unquoted cozy bear found %v, want all three with doc 2 first (proximity)", got)
	}
	if got := ix.Search(`"cozy unicorn"`, 5); len(got) != 0 {
		t.Errorf("a phrase with an unknown word found %v", docIDs(got))
	}
}

func TestSearchMergesOverlappingPassages(t *testing.T) {
	ix := NewIndex(windows(1))
	ix.Add(newDoc(1, "", []string{"Alpha.", "The protest was called by the union.", "Beta.", "Gamma.", "Delta.", "The union later ended the protest."}))
	hits := ix.Search("union protest", 10)
	var best []int
	for _, h := range hits {
		best = append(best, h.Sentence)
	}
	slices.Sort(best)
	if !slices.Equal(best, []int{1, 5}) {
		t.Errorf("best sentences %v, want [1 5]: one hit per matching sentence", best)
	}
}

func TestSearchPerDoc(t *testing.T) {
	ix := NewIndex(windows(1))
	ix.Add(newDoc(1, "", []string{"Floods hit the north.", "A.", "B.", "C.", "Floods hit the south."}), newDoc(2, "", []string{"Floods again."}))
	if got := docIDs(ix.SearchWith("floods", SearchOptions{K: 10, PerDoc: 1})); len(got) != 2 {
		t.Errorf("PerDoc 1 gave docs %v", got)
	}
	if got := ix.Search("floods", 10); len(got) != 3 {
		t.Errorf("no PerDoc limit gave %d hits, want 3", len(got))
	}
}

func TestSearchK(t *testing.T) {
	ix := NewIndex(DefaultOptions())
	for i := range 30 {
		ix.Add(newDoc(int64(i+1), "", []string{fmt.Sprintf("Storm number %d reached the coast.", i)}))
	}
	hits := ix.Search("storm coast", 7)
	if len(hits) != 7 {
		t.Fatalf("got %d hits, want 7", len(hits))
	}
	for i := 1; i < len(hits); i++ {
		if hits[i].Score > hits[i-1].Score {
			t.Errorf("hit %d scores %.3f above hit %d's %.3f", i, hits[i].Score, i-1, hits[i-1].Score)
		}
	}
}

func TestAddReplacesSameID(t *testing.T) {
	ix := NewIndex(DefaultOptions())
	ix.Add(newDoc(7, "", []string{"The minister resigned on Friday."}))
	ix.Add(newDoc(7, "", []string{"The minister stayed in office."}))
	if ix.Len() != 1 {
		t.Errorf("Len = %d after replacing, want 1", ix.Len())
	}
	if got := ix.Search("resigned", 5); len(got) != 0 {
		t.Errorf("the replaced text is still found: %q", hitText(got[0]))
	}
	if got := ix.Search("stayed", 5); len(got) != 1 {
		t.Errorf("the new text is not found")
	}
	if d := ix.Doc(7); d == nil || !strings.Contains(d.Body, "stayed") {
		t.Errorf("Doc(7) = %v, want the new version", d)
	}
}

func TestIDFAndDocFreq(t *testing.T) {
	ix := NewIndex(DefaultOptions())
	ix.Add(
		newDoc(1, "Russia", []string{"Russia denied it.", "Russia said nothing else."}),
		newDoc(2, "", []string{"Russia and Azerbaijan talked."}),
		newDoc(3, "", []string{"Weather was fine."}),
	)
	if got := ix.DocFreq("russia"); got != 2 {
		t.Errorf("DocFreq(russia) = %d, want 2", got)
	}
	if got := ix.DocFreq("azerbaijan"); got != 1 {
		t.Errorf("DocFreq(azerbaijan) = %d, want 1", got)
	}
	common, rare, unknown := ix.IDF("russia"), ix.IDF("azerbaijan"), ix.IDF("unicorn")
	if !(common < rare && rare < unknown) {
		t.Errorf("IDF russia %.3f, azerbaijan %.3f, unknown %.3f: want increasing", common, rare, unknown)
	}
}

func TestSentenceTerms(t *testing.T) {
	ix := NewIndex(DefaultOptions())
	d := newDoc(1, "", []string{"Intro.", "The hackers hit Report.Az on Monday."})
	ix.Add(d)
	if got, want := ix.SentenceTerms(d, 1), []string{"hacker", "hit", "report.az", "report", "az", "monday"}; !slices.Equal(got, want) {
		t.Errorf("SentenceTerms = %q, want %q", got, want)
	}
	if got, want := ix.SentencePositions(d, 1), []int{1, 2, 3, 3, 4, 6}; !slices.Equal(got, want) {
		t.Errorf("SentencePositions = %v, want %v", got, want)
	}
	if got := ix.SentenceTerms(newDoc(2, "", []string{"x"}), 0); got != nil {
		t.Errorf("SentenceTerms of an unindexed document = %q", got)
	}
	if got := ix.SentenceTerms(d, 2); got != nil {
		t.Errorf("SentenceTerms out of range = %q", got)
	}
}

// TestAddWhileSearching runs searches while documents are added: each
// document must be found by a search that starts after its Add returns.
// Run with -race.
func TestAddWhileSearching(t *testing.T) {
	ix := NewIndex(DefaultOptions())
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 2 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
					ix.Search("earthquake town", 5)
				}
			}
		})
	}
	for i := range 200 {
		word := fmt.Sprintf("marker%d", i)
		ix.Add(newDoc(int64(i+1), "", []string{"An earthquake shook the town of " + word + "."}))
		if hits := ix.Search(word, 1); len(hits) != 1 || hits[0].Doc.ID != int64(i+1) {
			t.Fatalf("document %d not found at once", i+1)
		}
	}
	close(stop)
	wg.Wait()
}

// TestPruningKeepsTheBest checks that the exact shortcuts of the walk
// (MaxScore, document and passage bounds) change nothing: every query gets
// the same hits as scoring every passage. The common-term rules, which do
// change results, are turned off.
func TestPruningKeepsTheBest(t *testing.T) {
	g := generate(3000, 3)
	for _, opts := range []Options{DefaultOptions(), {K1: 1.5, B: 0.4, TitleBoost: 0, Window: 0}, {K1: 1.2, B: 0.75, TitleBoost: 1, Paragraphs: true, Proximity: 1}} {
		ix := NewIndex(opts)
		ix.commonPostings = math.MaxInt
		ix.Add(g.docs...)
		for i, q := range g.queries[:200] {
			o := SearchOptions{K: 10, PerDoc: i % 3}
			got, want := ix.search(q, o, false), ix.search(q, o, true)
			if len(got) != len(want) {
				t.Fatalf("%+v %q: %d hits, exhaustive %d", opts, q, len(got), len(want))
			}
			for j := range got {
				g, w := got[j], want[j]
				if g.Doc != w.Doc || g.Sentence != w.Sentence || g.First != w.First || g.Last != w.Last || math.Abs(g.Score-w.Score) > 1e-9 {
					t.Fatalf("%+v %q hit %d: doc %d sentence %d (%d..%d) %.6f, exhaustive doc %d sentence %d (%d..%d) %.6f",
						opts, q, j, g.Doc.ID, g.Sentence, g.First, g.Last, g.Score, w.Doc.ID, w.Sentence, w.First, w.Last, w.Score)
				}
			}
		}
	}
}

func TestCommonTerms(t *testing.T) {
	ix := NewIndex(DefaultOptions())
	ix.commonPostings, ix.recentPostings = 3, 2
	for i := range 6 {
		ix.Add(newDoc(int64(i+1), "", []string{fmt.Sprintf("The council said the budget was late, report %d.", i)}))
	}
	ix.Add(newDoc(7, "", []string{"The council met.", "Nothing else."}))
	ix.Add(newDoc(8, "", []string{"A drought hit the farms in the east."}))
	ix.Add(newDoc(9, "", []string{"The council said the drought was over."}))

	// "council" and "said" are common (more than 3 sentences); "drought"
	// is not, so only documents with "drought" are considered.
	if got := docIDs(ix.SearchWith("council said drought", SearchOptions{K: 10, PerDoc: 1})); !slices.Equal(got, []int64{9, 8}) {
		t.Errorf("mixed query found %v, want [9 8]: common words alone do not make a hit", got)
	}
	// Only common words: the walk starts where the commonest has 2
	// sentences left, so only the newest documents answer.
	got := docIDs(ix.SearchWith("council said", SearchOptions{K: 10, PerDoc: 1}))
	if len(got) == 0 {
		t.Fatal("a query of common words found nothing")
	}
	for _, id := range got {
		if id < 7 {
			t.Errorf("a query of common words found old document %d (hits %v)", id, got)
		}
	}
}
