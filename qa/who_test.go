package qa

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// TestWhoOnTheSeeds: Namazov as the sample corpus describes him, each
// description verbatim in every source credited with it, the sources'
// different descriptions all shown, his two given names flagged, and what
// he is quoted as saying.
func TestWhoOnTheSeeds(t *testing.T) {
	a, ix := seedAnswerer(t)
	p, err := a.Who(context.Background(), "Namazov")
	if err != nil {
		t.Fatal(err)
	}
	var descs []string
	for _, d := range p.Descriptions {
		descs = append(descs, d.Text)
		for _, n := range d.Sources {
			if doc := ix.Doc(p.Sources[n-1].DocID); doc == nil || !Prints(doc.Body, d.Text) {
				t.Errorf("description %q credited to [%d], which does not print it", d.Text, n)
			}
		}
	}
	for _, want := range []string{"head of the Azerbaijani parliament's commission on countering hybrid threats", "Azerbaijan's parliament chairman"} {
		if !slices.Contains(descs, want) {
			t.Errorf("descriptions %q lack %q", descs, want)
		}
	}
	for _, d := range descs {
		if strings.Contains(d, "Russia was behind") || strings.HasPrefix(d, "According") {
			t.Errorf("%q is a clause, not a description", d)
		}
	}
	var names []string
	for _, s := range p.Spellings {
		names = append(names, s.Name)
	}
	if !slices.Contains(names, "Ramid Namazov") || !slices.Contains(names, "Azer Namazov") {
		t.Errorf("spellings %q, want Ramid and Azer Namazov flagged", names)
	}
	if len(p.Sayings) == 0 {
		t.Fatal("no quote of what Namazov said")
	}
	for _, q := range p.Sayings {
		for _, n := range q.Sources {
			if doc := ix.Doc(p.Sources[n-1].DocID); doc == nil || !Prints(doc.Body, q.Text) {
				t.Errorf("saying %q credited to [%d], which does not print it", q.Text, n)
			}
		}
	}
}

// TestWhoFindsARespelledName: the rewrite names the union leader "Nick
// Stamm"; asked about Stam, the profile flags both spellings, each credited
// to the text that prints it.
func TestWhoFindsARespelledName(t *testing.T) {
	ix := NewIndex(DefaultOptions())
	ix.Add(strikeDocs()...)
	p, err := NewAnswerer(ix, AnswerOptions{}).Who(context.Background(), "Stam")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]int{}
	for _, s := range p.Spellings {
		got[s.Name] = s.Sources
		for _, n := range s.Sources {
			if doc := ix.Doc(p.Sources[n-1].DocID); doc == nil || !Prints(doc.Body, s.Name) {
				t.Errorf("spelling %q credited to [%d], which does not print it", s.Name, n)
			}
		}
	}
	if len(got["Niek Stam"]) == 0 || len(got["Nick Stamm"]) == 0 {
		t.Errorf("spellings %v, want Niek Stam and Nick Stamm", got)
	}
	if len(p.Descriptions) == 0 || p.Descriptions[0].Text != "union leader" {
		t.Errorf("descriptions %+v, want union leader", p.Descriptions)
	}
}
