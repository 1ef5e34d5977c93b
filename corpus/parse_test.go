package corpus

import (
	"slices"
	"strings"
	"testing"
)

// TestArchiveTextKeptWhole: text an archive gives explicitly is the
// article. Wire briefs and tables of figures that the cleaner dropped
// whole as chrome are kept, their hard-wrapped lines joined into the
// paragraphs the indentation marks.
func TestArchiveTextKeptWhole(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"brief", // Reuters-21578 #9, refused whole before
			"Champion Products Inc said its\nboard of directors approved a two-for-one stock split of its\ncommon shares for shareholders of record as of April 1, 1987.\n    The company also said its board voted to recommend to\nshareholders at the annual meeting April 23 an increase in the\nauthorized capital stock from five mln to 25 mln shares.\n Reuter",
			[]string{"Champion Products Inc said its board of directors approved a two-for-one stock split of its common shares for shareholders of record as of April 1, 1987.",
				"The company also said its board voted to recommend to shareholders at the annual meeting April 23 an increase in the authorized capital stock from five mln to 25 mln shares.", "Reuter"}},
		{"figures", "Shr one dlr vs 73 cts\n    Net 12.6 mln vs 15.8 mln\n    Revs 401.5 mln vs 398.2 mln",
			[]string{"Shr one dlr vs 73 cts", "Net 12.6 mln vs 15.8 mln", "Revs 401.5 mln vs 398.2 mln"}},
	} {
		d, err := Parse(Source{Origin: "wire.jsonl#1", Line: 1, Format: Text, Content: tc.text})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		got := strings.Split(d.Body, "\n\n")
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: paragraphs %q, want %q", tc.name, got, tc.want)
		}
	}
	// A whole file is no archive: what cleaning leaves nothing of stays refused.
	if _, err := Parse(Source{Origin: "menu.txt", Format: Text, Content: "Home\nNews\nSport"}); err == nil {
		t.Error("a file of menu words was stored")
	}
}
