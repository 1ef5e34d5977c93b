package qa

import (
	"context"
	"testing"
)

// FuzzAsk asks the sample corpus arbitrary questions: no question may make
// the answerer fail or panic, and every answer keeps the attribution
// invariant — each quote and each version of a disagreement is printed by
// every source it cites — and abstains with nothing cited.
func FuzzAsk(f *testing.F) {
	for _, q := range []string{"Who was blamed for the cyberattack and why?", "Кто атаковал сайты и почему?",
		"When did it happen?", "\"Cozy Bear\"", "", "?", "what what what", "APT29 APT29 APT29 Report.Az",
		"Как назывался замок?", "\xff\xfe", "who and why and when and where"} {
		f.Add(q)
	}
	a, ix := seedAnswerer(f)
	f.Fuzz(func(t *testing.T, q string) {
		ans, err := a.Ask(context.Background(), q)
		if err != nil {
			t.Fatalf("Ask(%q): %v", q, err)
		}
		if ans.Abstained && (len(ans.Quotes) > 0 || len(ans.Sources) > 0 || len(ans.Disagreements) > 0) {
			t.Fatalf("Ask(%q) abstained with quotes, sources or disagreements: %+v", q, ans)
		}
		checkAttribution(t, ix, ans)
		for _, q := range ans.Quotes {
			if len(q.Sources) == 0 || q.Source != q.Sources[0] {
				t.Fatalf("quote %q cites %d / %v", q.Text, q.Source, q.Sources)
			}
		}
	})
}

// FuzzParseModel: a model file is either read and checked or refused with
// an error, never a panic.
func FuzzParseModel(f *testing.F) {
	f.Add(modelJSON)
	f.Add([]byte(`{"rank":{"features":["cover"],"mean":[0],"scale":[0],"weights":[1]}}`))
	f.Add([]byte(`{`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseModel(data)
		if err == nil && m.Check() != nil {
			t.Fatal("ParseModel accepted a model Check refuses")
		}
	})
}
