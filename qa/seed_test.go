package qa

import (
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/corpus"
	"github.com/newsdesk/newsdesk/sample"
)

// seedQuestions are the questions of ../shared/eval/seed-qa.jsonl that
// expect an answer, with the sample articles allowed to support it.
var seedQuestions = []struct {
	q    string
	cite []string
}{
	{"Who was blamed for the cyberattack and why?", []string{"000_91b28376def04010", "001_98fe5cbea81bddac", "002_846e467d5a17b438"}},
	{"When did the cyberattack on Azerbaijani media happen?", []string{"000_91b28376def04010", "001_98fe5cbea81bddac", "002_846e467d5a17b438", "004_27f2d6e0deaba1bd"}},
	{"Which websites were disrupted by the attack?", []string{"004_27f2d6e0deaba1bd", "001_98fe5cbea81bddac"}},
	{"What is APT29?", []string{"000_91b28376def04010", "001_98fe5cbea81bddac", "003_0e04e3c30134285b"}},
	{"What did the journalists' trade union call for?", []string{"002_846e467d5a17b438"}},
	{"Why did some think Iran was behind the attack?", []string{"004_27f2d6e0deaba1bd"}},
}

// seedIndex indexes the sample articles with opts.
func seedIndex(t testing.TB, opts Options) *Index {
	t.Helper()
	ix := NewIndex(opts)
	for src, err := range corpus.SourcesFS(sample.FS, sample.Dir) {
		if err != nil {
			t.Fatal(err)
		}
		d, err := corpus.Parse(src)
		if err != nil {
			t.Fatal(err)
		}
		ix.Add(d)
	}
	return ix
}

// seedName returns the sample article name of a document ("000_91b…").
func seedName(d *corpus.Document) string {
	return strings.TrimSuffix(path.Base(d.Origin), path.Ext(d.Origin))
}

// seedFigures returns, over the seed questions, the mean reciprocal rank
// of the first passage from a citable article and the share of citable
// articles among the documents of the first 10 passages.
func seedFigures(ix *Index) (mrr, recall float64) {
	for _, sq := range seedQuestions {
		hits := ix.Search(sq.q, 10)
		found := map[string]bool{}
		first := 0
		for i, h := range hits {
			if name := seedName(h.Doc); slices.Contains(sq.cite, name) {
				found[name] = true
				if first == 0 {
					first = i + 1
				}
			}
		}
		if first > 0 {
			mrr += 1 / float64(first)
		}
		recall += float64(len(found)) / float64(len(sq.cite))
	}
	n := float64(len(seedQuestions))
	return mrr / n, recall / n
}

// TestSeedQuestionsFindTheirSources checks the retrieval a user of the
// sample corpus sees: for every seed question the best passage comes from
// an article that supports the answer, or from a copy of one (the answer
// then quotes the original: see original in compose.go), and the first 10
// passages reach most of the supporting articles. Titles count in the
// ranking (DefaultOptions: SciFact nDCG@10 0.677 → 0.688), so the sloppy
// rewrite 003, titled "Russia Blamed for Cyberattack on Azerbaijan", takes
// the first place for "Who was blamed …" and one of the ten: recall of
// the supporting articles is 0.889 where it was 0.9 without titles.
func TestSeedQuestionsFindTheirSources(t *testing.T) {
	ix := seedIndex(t, DefaultOptions())
	if ix.Len() != 5 {
		t.Fatalf("indexed %d sample articles, want 5", ix.Len())
	}
	var docs []*corpus.Document
	for _, h := range ix.Search("cyberattack Azerbaijan", 50) {
		if !slices.Contains(docs, h.Doc) {
			docs = append(docs, h.Doc)
		}
	}
	cp := copies(docs, shingleCache{})
	for _, sq := range seedQuestions {
		hits := ix.Search(sq.q, 10)
		if len(hits) == 0 {
			t.Errorf("%q: no hits", sq.q)
			continue
		}
		best := hits[0].Doc
		if o := cp[best]; o != nil && !slices.Contains(sq.cite, seedName(best)) {
			best = o
		}
		if name := seedName(best); !slices.Contains(sq.cite, name) {
			t.Errorf("%q: best passage from %s, which is not among %v nor copies one: %q", sq.q, seedName(hits[0].Doc), sq.cite, hitText(hits[0]))
		}
	}
	mrr, recall := seedFigures(ix)
	t.Logf("MRR %.3f, recall of citable articles in the first 10 passages %.3f", mrr, recall)
	if recall < 0.85 {
		t.Errorf("recall %.3f of citable articles in the first 10 passages, want at least 0.85", recall)
	}
}
