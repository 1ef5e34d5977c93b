package qa

import (
	"context"
	"strings"
	"testing"
)

func TestEventDates(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want []string
	}{
		{"The cyberattack against Azerbaijan that took place on Feb. 20, was carried out by APT29.", []string{"Feb. 20"}},
		{"The cyberattack on Azerbaijani media took place in the morning of 20 February.", []string{"20 February"}},
		{"APT29 is involved, Ramid Namazov said on 2 May, Azerbaijani media reported.", nil},
		{"The outage began on 2025-02-20 and ended on February 21, 2025.", []string{"2025-02-20", "February 21, 2025"}},
		{"The Russian House closed in early February.", nil},
	} {
		got := eventDates(tc.s)
		if len(got) != len(tc.want) {
			t.Errorf("eventDates(%q) = %v, want %v", tc.s, got, tc.want)
			continue
		}
		for _, w := range tc.want {
			found := false
			for _, text := range got {
				found = found || text == w
			}
			if !found {
				t.Errorf("eventDates(%q) = %v, lacks %q", tc.s, got, w)
			}
		}
	}
}

// TestDateDisagreementShown: a source that dates the attack a day later
// than the others is shown as a second version, not blended or dropped;
// and the seeds alone, which agree on February 20, show none.
func TestDateDisagreementShown(t *testing.T) {
	const q = "When did the cyberattack on Azerbaijani media happen?"
	a, ix := seedAnswerer(t)
	ans, err := a.Ask(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ans.Disagreements {
		if d.Aspect == "date" {
			t.Errorf("the seeds agree on the date, but the answer shows %+v", d)
		}
	}

	late := newDoc(99, "Hackers hit Azerbaijani news sites",
		[]string{"The cyberattack on Azerbaijani media outlets happened on February 21, according to the sites' owners.",
			"Several news websites were down for hours."})
	late.Origin = "late.txt"
	ix.Add(late)
	ans, err = a.Ask(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	origin := map[int]string{}
	for _, s := range ans.Sources {
		origin[s.N] = s.Origin
	}
	var dates *Disagreement
	for i, d := range ans.Disagreements {
		if d.Aspect == "date" {
			dates = &ans.Disagreements[i]
		}
	}
	if dates == nil {
		t.Fatalf("no date disagreement; disagreements %+v", ans.Disagreements)
	}
	by := map[string][]string{}
	for _, v := range dates.Versions {
		for _, n := range v.Sources {
			by[v.Text] = append(by[v.Text], origin[n])
		}
	}
	if got := by["February 21"]; len(got) != 1 || got[0] != "late.txt" {
		t.Errorf(`"February 21" credited to %v, want late.txt alone; all %v`, got, by)
	}
	twentieth := 0
	for text, srcs := range by {
		if m, d, _ := dayOf(text); m == 2 && d == 20 {
			twentieth += len(srcs)
			for _, o := range srcs {
				if !strings.HasPrefix(o, "seeds/") {
					t.Errorf("February 20 credited to %s", o)
				}
			}
		}
	}
	if twentieth < 2 {
		t.Errorf("February 20 credited to %d seeds, want at least 2; all %v", twentieth, by)
	}
}
