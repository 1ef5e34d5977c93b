package qa

import (
	"context"
	"testing"
	"unicode/utf8"
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

// FuzzTypedSpans cuts short-answer spans from arbitrary quote text: never
// a panic, and every span is a non-empty slice of the text of a known type,
// on character boundaries when the text is UTF-8 (stored text always is) —
// a short answer is always text its source prints.
func FuzzTypedSpans(f *testing.F) {
	for _, s := range []string{"About 4,000 dockworkers stopped work at 6 a.m. on Tuesday, 3 March 2026.",
		"The strike cost the port $5.5 million a day, Niek Stam said.", "Between 1754–1763 and 2008-2009.",
		"В 1969 году — 3,5 млн человек.", "Thomas B. Edsall of the University of Chicago", "\xff\xfe 12 May", "-", ""} {
		f.Add(s, "en")
	}
	f.Add("В 1969 году Юрий Гагарин", "ru")
	joins := map[string]bool{"of": true, "de": true}
	f.Fuzz(func(t *testing.T, text, lang string) {
		for _, sp := range typedSpans(text, lang, map[string]bool{"strike": true}, joins) {
			if sp.start < 0 || sp.end > len(text) || sp.start >= sp.end {
				t.Fatalf("span [%d:%d) of %q", sp.start, sp.end, text)
			}
			if utf8.ValidString(text) && (!utf8.RuneStart(text[sp.start]) || sp.end < len(text) && !utf8.RuneStart(text[sp.end])) {
				t.Fatalf("span [%d:%d) of %q cuts a character", sp.start, sp.end, text)
			}
			if sp.typ < 0 || sp.typ >= nTypes {
				t.Fatalf("span %q of type %d", text[sp.start:sp.end], sp.typ)
			}
		}
	})
}
