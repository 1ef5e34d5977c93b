package bot

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestAnswerGolden renders the answers to seed questions as a phone gets
// them: testdata/answer-NAME.golden holds the HTML, then the buttons.
// Refresh with go test ./bot -run TestAnswerGolden -update, and read the
// diff.
func TestAnswerGolden(t *testing.T) {
	h := newHarness(t, nil, nil)
	for _, c := range []struct{ name, question string }{
		{"blamed-why", "Who was blamed for the cyberattack and why?"},
		{"outlets-hit", "Which websites were disrupted by the attack?"},
		{"off-topic", "Who won the football World Cup in 2022?"},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, err := h.opts.Answerer.Ask(context.Background(), c.question)
			if err != nil {
				t.Fatal(err)
			}
			html, markup := h.bot.renderAnswer(a, questionKey(c.question), 5)
			buttons, err := json.MarshalIndent(markup, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got := html + "\n---- buttons ----\n" + string(buttons) + "\n"
			path := filepath.Join("testdata", "answer-"+c.name+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from the rendered answer (run with -update and read the diff):\n%s", path, got)
			}
		})
	}
}
