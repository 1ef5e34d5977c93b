package qa

import (
	"context"
	"io/fs"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/corpus"
	"github.com/newsdesk/newsdesk/sample"
)

// TestRoleDisagreementShown: the seeds agree (mostly) on Namazov's name
// but not on his office. One calls him the parliament's chairman, the
// others the head or chairman of a parliamentary commission; the answer
// must show each description as its source writes it.
func TestRoleDisagreementShown(t *testing.T) {
	a, _ := seedAnswerer(t)
	ans, err := a.Ask(context.Background(), "What did Namazov say about the attack?")
	if err != nil {
		t.Fatal(err)
	}
	bodies := map[string]string{}
	ents, _ := fs.ReadDir(sample.FS, sample.Dir)
	for _, e := range ents {
		b, _ := fs.ReadFile(sample.FS, sample.Dir+"/"+e.Name())
		d, err := corpus.Parse(corpus.Source{Origin: "seeds/" + e.Name(), Content: string(b)})
		if err != nil {
			t.Fatal(err)
		}
		bodies[d.Origin] = d.Body
	}
	origin := map[int]string{}
	for _, s := range ans.Sources {
		origin[s.N] = s.Origin
	}
	var roles *Disagreement
	for i, d := range ans.Disagreements {
		if d.Aspect == "description of Namazov" {
			roles = &ans.Disagreements[i]
		}
	}
	if roles == nil {
		t.Fatalf("no disagreement on Namazov's description; got %+v", ans.Disagreements)
	}
	by := map[string][]string{}
	for _, v := range roles.Versions {
		for _, n := range v.Sources {
			o := origin[n]
			if !strings.Contains(bodies[o], v.Text) {
				t.Errorf("version %q is not verbatim in its source %s", v.Text, o)
			}
			by[v.Text] = append(by[v.Text], o)
		}
	}
	chair := by["Azerbaijan's parliament chairman"]
	if len(chair) != 1 || !strings.Contains(chair[0], "002_") {
		t.Errorf(`"parliament chairman" credited to %v, want the Caliber report 002 alone; all: %v`, chair, by)
	}
	commission := 0
	for text, srcs := range by {
		if strings.Contains(text, "commission") {
			commission += len(srcs)
		}
	}
	if commission != 2 {
		t.Errorf("commission descriptions credited %d times, want 2 (000 and 001); all: %v", commission, by)
	}
}

func TestIsRole(t *testing.T) {
	for _, tc := range []struct {
		phrase string
		want   bool
	}{
		{"head of the Azerbaijani parliament's commission on countering hybrid threats", true},
		{"Azerbaijan's parliament chairman", true},
		{"a board member of the Press Council and head of the Journalists' Trade Union", true},
		{"Russia was behind the February cyberattack on Azerbaijani media", false},
		{"the investigation found that the attack took place", false},
		{"the official said on Monday", false},
		{"", false},
	} {
		if got := isRole(tc.phrase); got != tc.want {
			t.Errorf("isRole(%q) = %v, want %v", tc.phrase, got, tc.want)
		}
	}
}
