package qa

import (
	"context"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/corpus"
)

// TestRewriteOfSeed: of the five seeds, only 003 — the sloppy rewrite of
// the Kyiv Independent's report, with "Azer" for "Ramid" Namazov — is
// taken for a copy, and of 000; and an answer citing both says so.
func TestRewriteOfSeed(t *testing.T) {
	a, ix := seedAnswerer(t)
	var docs []*corpus.Document
	for id := int64(1); id <= 5; id++ {
		docs = append(docs, ix.Doc(id))
	}
	cp := copies(docs, shingleCache{})
	if len(cp) != 1 {
		t.Fatalf("copies: %d pairs, want 1: %v", len(cp), cp)
	}
	for d, orig := range cp {
		if !strings.Contains(d.Origin, "003_") || !strings.Contains(orig.Origin, "000_") {
			t.Errorf("%s taken for a copy of %s, want 003 of 000", d.Origin, orig.Origin)
		}
	}

	ans, err := a.Ask(context.Background(), "Who blamed Russia for the cyberattack?")
	if err != nil {
		t.Fatal(err)
	}
	byOrigin := map[string]Source{}
	for _, s := range ans.Sources {
		byOrigin[s.Origin[len("seeds/"):len("seeds/")+3]] = s
	}
	rewrite, orig := byOrigin["003"], byOrigin["000"]
	if rewrite.N == 0 || orig.N == 0 {
		t.Fatalf("the answer does not cite both 000 and 003: %+v", ans.Sources)
	}
	if rewrite.Copies != orig.N {
		t.Errorf("source 003 copies = %d, want %d (000)", rewrite.Copies, orig.N)
	}
	for _, s := range ans.Sources {
		if s.N != rewrite.N && s.Copies != 0 {
			t.Errorf("source %s marked as a copy of %d", s.Origin, s.Copies)
		}
	}
}
