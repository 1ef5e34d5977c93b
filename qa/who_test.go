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

// TestDescriptionsAndSpeakers: what counts as a description of a person
// and as their words, on sentences of the Reuters archive's kind.
func TestDescriptionsAndSpeakers(t *testing.T) {
	for _, tc := range []struct {
		sentence, surname string
		want              []string
	}{
		{"Federal Reserve Board chairman Paul Volcker said the dollar had fallen enough.", "Volcker", []string{"Federal Reserve Board chairman"}},
		{"Funaro, chief architect of economic policy, said the talks would go on.", "Funaro", []string{"chief architect of economic policy"}},
		{"Testifying before the Senate Banking Committee, Volcker said rates would hold.", "Volcker", nil},
		{"Reagan reappointed Volcker in 1983.", "Volcker", nil},
		{"Brazil sought loans from banks in Switzerland and Italy, Funaro said.", "Funaro", nil},
		{"Italian Treasury Minister Giovanni Goria met Funaro in Rome.", "Funaro", nil},
		{"According to Namazov, the investigation found that the attack took place on Feb. 20.", "Namazov", nil},
	} {
		if got := descriptions(tc.sentence, tc.surname); !slices.Equal(got, tc.want) {
			t.Errorf("descriptions(%q) = %q, want %q", tc.sentence, got, tc.want)
		}
	}
	for _, tc := range []struct {
		sentence string
		want     bool
	}{
		{`"I don't think it's an answer," Volcker said at a press conference.`, true},
		{"Volcker, first appointed by President Carter in 1979, said he would leave.", true},
		{`"There is a time to leave," said Volcker.`, true},
		{"According to Volcker, the dollar had fallen enough.", true},
		{"Anyone nominated to replace Volcker would have paled in comparison, Hormats said.", false},
		{"Administration officials said Volcker arrived at the White House yesterday.", false},
	} {
		if got := speaks(tc.sentence, "Volcker"); got != tc.want {
			t.Errorf("speaks(%q) = %v, want %v", tc.sentence, got, tc.want)
		}
	}
}
