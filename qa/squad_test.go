package qa

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// benchDir is where the public evaluation data lies beside the project.
var benchDir = filepath.Join("..", "..", "shared", "bench")

// TestAttributionOnSharedData answers every question of the shared SQuAD
// and XQuAD files, stored whole and half, and checks every quote of every
// answer against the sources it cites: each must print its exact text. It
// also holds the answers to floors well under the figures in the README, so
// that a change that breaks ranking or abstention fails here and not only
// in a report.
func TestAttributionOnSharedData(t *testing.T) {
	if testing.Short() {
		t.Skip("answers thousands of questions")
	}
	for _, tc := range []struct {
		file      string
		ooc       bool
		hit1      float64 // floor for the answer in quote 1, of answerable questions
		abstainIn float64 // ceiling for abstention on answerable questions
	}{
		{"squad-v1.1-dev-A.jsonl", false, 0.70, 0.03},
		{"squad-v1.1-dev-A.jsonl", true, 0.72, 0.03},
		{"xquad-ru-A.jsonl", false, 0.68, 0.03},
		{"xquad-ru-A.jsonl", true, 0.70, 0.05},
		{"xquad-en-A.jsonl", false, 0.72, 0.05},
	} {
		path := filepath.Join(benchDir, tc.file)
		if _, err := os.Stat(path); err != nil {
			t.Skipf("%s: %v (the shared data is not beside the project)", tc.file, err)
		}
		cases, err := ReadSquad(path)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := EvalSquad(context.Background(), cases, SquadOptions{OOC: tc.ooc}, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, bad := range rep.AttributionBad {
			t.Errorf("%s: %s", tc.file, bad)
		}
		a := rep.All
		if a.Quotes == 0 || a.QuotesAttributed != a.Quotes {
			t.Errorf("%s ooc=%v: %d of %d quotes attributed", tc.file, tc.ooc, a.QuotesAttributed, a.Quotes)
		}
		if hit := float64(a.Hit1) / float64(a.Answerable); hit < tc.hit1 {
			t.Errorf("%s ooc=%v: answer in quote 1 for %.1f%%, want at least %.0f%%", tc.file, tc.ooc, 100*hit, 100*tc.hit1)
		}
		if ab := float64(a.Abstained) / float64(a.Answerable); ab > tc.abstainIn {
			t.Errorf("%s ooc=%v: abstained on %.1f%% of answerable questions, want at most %.0f%%", tc.file, tc.ooc, 100*ab, 100*tc.abstainIn)
		}
		if a.ShortShown > 0 && float64(a.ShortRight)/float64(a.ShortShown) < 0.9 {
			t.Errorf("%s ooc=%v: %d of %d short answers right, want 90%%", tc.file, tc.ooc, a.ShortRight, a.ShortShown)
		}
		if tc.ooc && float64(a.OOCAbstained)/float64(a.OOCQuestions) < 0.75 {
			t.Errorf("%s: abstained on %d of %d questions about articles not stored", tc.file, a.OOCAbstained, a.OOCQuestions)
		}
		// What --misses lists of them: each one answered, with its quote.
		if n := a.OOCQuestions - a.OOCAbstained; len(rep.Answered) != n {
			t.Errorf("%s: %d questions about articles not stored listed as answered, want %d", tc.file, len(rep.Answered), n)
		}
		for _, m := range rep.Answered {
			if m.Quote == "" {
				t.Errorf("%s: %s listed as answered without a quote", tc.file, m.ID)
			}
		}
	}
}

// A quote holds a gold answer on word boundaries, after SQuAD's
// normalisation: a dash parts words, a hyphen inside a name matches the
// same name, and a word that only starts with the answer does not hold it.
func TestHoldsAnswer(t *testing.T) {
	for _, c := range []struct {
		quote, gold string
		want        bool
	}{
		{"Some time later, Dyrrachium—one of the most important naval bases—fell.", "Dyrrachium", true},
		{"The treaty of Saint-Clair-sur-Epte was signed in 911.", "Saint-Clair-sur-Epte", true},
		{"It was the Normans' doing.", "The Normans", true},
		{"Normandy lies in northern France.", "Norman", false},
		{"В 1066 году — битва при Гастингсе.", "битва при Гастингсе", true},
	} {
		if got := holdsAnswer(c.quote, []string{c.gold}); got != c.want {
			t.Errorf("holdsAnswer(%q, %q) = %v, want %v", c.quote, c.gold, got, c.want)
		}
	}
}
