package qa

import (
	"testing"

	"github.com/newsdesk/newsdesk/corpus"
)

// TestAgreementCountsCopiesOnce: a claim repeated by a syndicated copy of
// its own article is not confirmed by it; the same claim in an
// independent source is.
func TestAgreementCountsCopiesOnce(t *testing.T) {
	orig := newDoc(1, "Port reopens", []string{"The port of Baku reopened on Monday after repairs to the main pier."})
	copyOf := newDoc(2, "Port reopens", []string{"The port of Baku reopened on Monday after repairs to the main pier."})
	copyOf.DuplicateOf = 1
	other := newDoc(3, "Harbour news", []string{"The port of Baku reopened on Monday after long repairs to its main pier."})
	lone := newDoc(4, "Weather", []string{"Heavy rain is expected in Baku on Monday, forecasters said."})

	words := func(d int, ix *Index) map[string]bool {
		m := map[string]bool{}
		docs := []*corpus.Document{orig, copyOf, other, lone}
		for _, term := range ix.SentenceTerms(docs[d], 0) {
			m[term] = true
		}
		return m
	}
	ix := NewIndex(DefaultOptions())
	ix.Add(orig, copyOf, other, lone)
	cands := func(with ...*corpus.Document) []quoteCandidate {
		var out []quoteCandidate
		for _, d := range with {
			out = append(out, quoteCandidate{doc: d, words: words(int(d.ID-1), ix)})
		}
		return out
	}

	cs := cands(orig, copyOf, lone)
	agreement(cs)
	for _, c := range cs {
		if c.score != 0 {
			t.Errorf("doc %d scored %v with only its own copy agreeing; want 0", c.doc.ID, c.score)
		}
	}
	cs = cands(orig, copyOf, other, lone)
	agreement(cs)
	for _, c := range cs {
		want := agreementBonus
		if c.doc.ID == 4 {
			want = 0
		}
		if c.score != want {
			t.Errorf("doc %d scored %v, want %v (the original and its copy count as one source)", c.doc.ID, c.score, want)
		}
	}
}
