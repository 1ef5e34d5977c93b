package qa

import (
	"testing"

	"github.com/newsdesk/newsdesk/corpus"
)

// TestAgreementCountsCopiesOnce: a claim repeated by a syndicated copy of
// its own article is not confirmed by it; the same claim in an
// independent source is.
func TestAgreementCountsCopiesOnce(t *testing.T) {
	story := []string{"The port of Baku reopened on Monday after repairs to the main pier.",
		"Officials at the transport ministry praised the contractors for finishing two weeks ahead of schedule.",
		"Ferries to Turkmenbashi will resume their usual timetable at the weekend, the operator announced."}
	orig := newDoc(1, "Port reopens", story)
	copyOf := newDoc(2, "Port reopens", story)
	copyOf.DuplicateOf = 1
	// An independent report: one sentence close to the original's, the
	// rest its own, so the two do not read as a rewrite.
	other := newDoc(3, "Harbour news", []string{"The port of Baku reopened on Monday after long repairs to its main pier.",
		"Dock workers said the cranes had been idle since the storm damaged the eastern berths in early spring.",
		"Shipping agents expect the first grain vessels from Kazakhstan to arrive by Thursday evening.",
		"The harbour master declined to say how much the repairs had cost the city budget this year."})
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
	agreement(cs, rootOf(copies([]*corpus.Document{orig, copyOf, other, lone}, shingleCache{})))
	for _, c := range cs {
		if c.score != 0 {
			t.Errorf("doc %d scored %v with only its own copy agreeing; want 0", c.doc.ID, c.score)
		}
	}
	cs = cands(orig, copyOf, other, lone)
	agreement(cs, rootOf(copies([]*corpus.Document{orig, copyOf, other, lone}, shingleCache{})))
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
