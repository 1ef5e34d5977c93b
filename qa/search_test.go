package qa

import (
	"runtime"
	"slices"
	"testing"
)

// fuzzIndex is a small index with compounds, repeats, several paragraphs
// and languages, for FuzzSearch.
func fuzzIndex() *Index {
	ix := NewIndex(DefaultOptions())
	ix.Add(
		newDoc(1, "Hackers hit Report.Az", []string{"APT29, also called Cozy Bear, hit Report.Az on Feb. 20.", "The site was down."}, []string{"Officials blamed Russia’s intelligence service."}),
		newDoc(2, "Flight J2-8243", []string{"Flight J2-8243 crashed near Aktau.", "Thirty-eight people died."}),
		newDoc(3, "", []string{"The the the of of and.", "Bear bear bear cozy cozy."}),
	)
	ru := newDoc(4, "Кибератака", []string{"Кибератака на азербайджанские СМИ произошла 20 февраля."})
	ru.Lang = "ru"
	ix.Add(ru)
	return ix
}

// FuzzSearch checks that any query, in any language, gives well-formed
// hits: at most K, best first, passages inside their document holding
// their best sentence, matched terms taken from the query, PerDoc kept;
// and the same hits when the walk is split in two (split.go).
func FuzzSearch(f *testing.F) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	split := fuzzIndex()
	split.splitPostings, split.splitOrder = 0, laterFirst
	for _, q := range []string{"who hit Report.Az?", `"cozy bear"`, "J2-8243 crash", "“unclosed quote", "the of and", "кибератака СМИ", "bear bear bear", `""`, "APT29 \"Report.Az\" 20"} {
		f.Add(q, uint8(3), uint8(0), "")
	}
	f.Add("кибератака", uint8(1), uint8(1), "ru")
	ix := fuzzIndex()
	f.Fuzz(func(t *testing.T, q string, k, perDoc uint8, lang string) {
		o := SearchOptions{K: int(k % 12), PerDoc: int(perDoc % 3), Lang: lang}
		hits := ix.SearchWith(q, o)
		sameHits(t, q, split.SearchWith(q, o), hits)
		want := o.K
		if want == 0 {
			want = 10
		}
		if len(hits) > want {
			t.Fatalf("%d hits, want at most %d", len(hits), want)
		}
		perDocSeen := map[int64]int{}
		for i, h := range hits {
			if i > 0 && h.Score > hits[i-1].Score {
				t.Fatalf("hit %d scores %f above hit %d's %f", i, h.Score, i-1, hits[i-1].Score)
			}
			if !(0 <= h.First && h.First <= h.Sentence && h.Sentence <= h.Last && h.Last < len(h.Doc.Sentences)) {
				t.Fatalf("hit %d: sentence %d in %d..%d of %d", i, h.Sentence, h.First, h.Last, len(h.Doc.Sentences))
			}
			if len(h.Terms) == 0 {
				t.Fatalf("hit %d matched no term", i)
			}
			if perDocSeen[h.Doc.ID]++; o.PerDoc > 0 && perDocSeen[h.Doc.ID] > o.PerDoc {
				t.Fatalf("more than %d hits from document %d", o.PerDoc, h.Doc.ID)
			}
			if o.Lang == "" {
				var qterms []string
				for _, tk := range ix.AnalyzeQuery(q) {
					qterms = append(qterms, tk.Term)
				}
				for _, term := range h.Terms {
					if !slices.Contains(qterms, term) {
						t.Fatalf("hit %d matched %q, not a term of the query %q", i, term, qterms)
					}
				}
			}
		}
	})
}

func TestQueryTerms(t *testing.T) {
	ix := fuzzIndex()
	got := ix.QueryTerms("Who hit Report.Az and the Cozy-Bear unicorn?")
	var terms []string
	var words []int
	for _, qt := range got {
		terms = append(terms, qt.Term)
		words = append(words, qt.Word)
		if qt.IDF <= 0 {
			t.Errorf("%s: IDF %f", qt.Term, qt.IDF)
		}
	}
	// "who", "and", "the" are stop words; "unicorn" and "cozy-bear" are
	// not indexed; "report.az" is, so its parts are not searched; the
	// parts of the hyphenated word are.
	if want := []string{"hit", "report.az", "cozi", "bear"}; !slices.Equal(terms, want) {
		t.Errorf("terms %q, want %q", terms, want)
	}
	if want := []int{1, 2, 5, 5}; !slices.Equal(words, want) {
		t.Errorf("words %v, want %v", words, want)
	}
	if got := ix.QueryTerms("the of and"); got != nil {
		t.Errorf("stop words only: %v, want nil", got)
	}
}

func TestSearchInTheQueryLanguage(t *testing.T) {
	ix := NewIndex(DefaultOptions())
	en := newDoc(1, "", []string{"Hackers attacked the news sites on Monday."})
	ru := newDoc(2, "", []string{"Хакеры атаковали новостные сайты в понедельник."})
	ru.Lang = "ru"
	ix.Add(en, ru)
	// Russian stems: "атаковал" matches "атаковали", "сайт" matches "сайты".
	if got := docIDs(ix.Search("Кто атаковал сайт?", 5)); !slices.Equal(got, []int64{2}) {
		t.Errorf("Russian question found %v, want [2]", got)
	}
	if got := docIDs(ix.Search("who attacks news sites", 5)); !slices.Equal(got, []int64{1}) {
		t.Errorf("English question found %v, want [1]", got)
	}
}
