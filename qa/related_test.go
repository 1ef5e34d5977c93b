package qa

import (
	"context"
	"strings"
	"testing"
)

// TestIssueQuestionsAnswered: the questions the product was specified
// with, asked in a journalist's words, must be answered from the sentence
// that answers them, not the nearest word match.
func TestIssueQuestionsAnswered(t *testing.T) {
	a, _ := seedAnswerer(t)
	for _, tc := range []struct {
		q    string
		want []string // the answer's quotes hold each of these
	}{
		// "sites went down": the sources write "disruptions to websites".
		{"Which sites went down?", []string{"Report.Az", "Oxu.Az"}},
		// "Moscow say": the sources write "Moscow ... denies".
		{"What did Moscow say?", []string{"denies such accusations", "Russia has not commented"}},
		{"when did the cyberattack happen", []string{"February 20"}},
	} {
		ans, err := a.Ask(context.Background(), tc.q)
		if err != nil {
			t.Fatal(err)
		}
		var all strings.Builder
		for _, q := range ans.Quotes {
			all.WriteString(q.Text + "\n")
		}
		for _, w := range tc.want {
			if !strings.Contains(all.String(), w) {
				t.Errorf("%q: no quote holds %q; quotes:\n%s", tc.q, w, all.String())
			}
		}
	}
}

// TestEverySourceIsCited: a numbered source that no quote and no
// disagreement cites would be a reference to nothing.
func TestEverySourceIsCited(t *testing.T) {
	a, _ := seedAnswerer(t)
	for _, q := range []string{"Who blamed Russia for the cyberattack?", "Who was blamed for the cyberattack and why?",
		"What did Moscow say?", "Which sites went down?", "What is APT29?", "who is Mushfig Alasgarli"} {
		ans, err := a.Ask(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		cited := map[int]bool{}
		for _, qu := range ans.Quotes {
			for _, n := range qu.Sources {
				cited[n] = true
			}
		}
		for _, d := range ans.Disagreements {
			for _, v := range d.Versions {
				for _, n := range v.Sources {
					cited[n] = true
				}
			}
		}
		for _, s := range ans.Sources {
			if !cited[s.N] {
				t.Errorf("%q: source [%d] %q is listed but nothing cites it", q, s.N, s.Title)
			}
		}
	}
}

func TestSpeechBonus(t *testing.T) {
	subject := []string{"mosco", "russi"}
	for _, tc := range []struct {
		s    string
		want float64
	}{
		{"Moscow usually ignores or denies such accusations.", 1},
		{"Russia has not commented on the accusations from Azerbaijan.", 1},
		{"Moscow-linked hackers attacked the sites, a lawmaker in Baku said on Friday after a long inquiry.", 0.5},
		{"This came amid a sharp cooling of relations between Baku and Moscow.", 0},
	} {
		if got := speechBonus(tc.s, subject); got != tc.want {
			t.Errorf("speechBonus(%q) = %v, want %v", tc.s, got, tc.want)
		}
	}
}
