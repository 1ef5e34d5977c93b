package qa

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// terms returns the terms of the tokens of text that are not stop words.
func terms(text, lang string) []string {
	var out []string
	for _, t := range Analyze(text, lang) {
		if !t.Stop {
			out = append(out, t.Term)
		}
	}
	return out
}

func TestAnalyzeTerms(t *testing.T) {
	tests := []struct {
		name, lang, text string
		want             []string
	}{
		{"code name", "en", "APT29", []string{"apt29"}},
		{"two words", "en", "Cozy Bear", []string{"cozi", "bear"}},
		{"site with dot", "en", "Report.Az", []string{"report.az", "report", "az"}},
		{"site lower case", "en", "baku.ws", []string{"baku.ws", "baku", "ws"}},
		{"flight number", "en", "J2-8243", []string{"j2-8243", "j2", "8243"}},
		{"hyphenated", "en", "Russia-linked", []string{"russia-link", "russia", "link"}},
		{"curly possessive", "en", "Russia’s", []string{"russia"}},
		{"straight possessive", "en", "Russia's", []string{"russia"}},
		{"possessive of a site", "en", "Report.Az's", []string{"report.az", "report", "az"}},
		{"plural possessive", "en", "journalists'", []string{"journalist"}},
		{"sentence end is no compound", "en", "in Baku. Police", []string{"baku", "polic"}},
		{"thousands", "en", "20,000 members", []string{"20000", "member"}},
		{"list comma", "en", "1,2", []string{"1", "2"}},
		{"decimal", "en", "3.5", []string{"3.5", "3", "5"}},
		{"soft hyphen ignored", "en", "cyber\u00ADattack", []string{"cyberattack"}},
		{"unicode hyphen", "en", "Russia\u2010linked", []string{"russia-link", "russia", "link"}},
		{"case folding", "en", "CYBERATTACKS", []string{"cyberattack"}},
		{"stemming", "en", "attacked attacking attacks", []string{"attack", "attack", "attack"}},
		{"russian stem", "ru", "Кибератака на азербайджанские СМИ", []string{"кибератак", "азербайджанск", "сми"}},
		{"russian yo", "ru", "Ёлка ёлка елка", []string{"елк", "елк", "елк"}},
		{"french stem", "fr", "cyberattaques", []string{"cyberattaqu"}},
		{"unsupported language folds only", "de", "Angriffe", []string{"angriffe"}},
		{"greek final sigma", "el", "ΟΔΟΣ οδος", []string{"οδοσ", "οδοσ"}},
		{"ideographs one by one", "zh", "新闻", []string{"新", "闻"}},
		{"numbers kept", "en", "38 people on 20 February 2025", []string{"38", "peopl", "20", "februari", "2025"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := terms(tt.text, tt.lang); !slices.Equal(got, tt.want) {
				t.Errorf("terms(%q, %s) = %q, want %q", tt.text, tt.lang, got, tt.want)
			}
		})
	}
}

func TestAnalyzeQuotesAlike(t *testing.T) {
	for _, pair := range [][2]string{
		{"Russia’s Foreign Intelligence Service", "Russia's foreign intelligence service"},
		{"Azerbaijan‘s", "azerbaijan's"},
		{"don’t", "don't"},
	} {
		if a, b := terms(pair[0], "en"), terms(pair[1], "en"); !slices.Equal(a, b) {
			t.Errorf("%q → %q but %q → %q", pair[0], a, pair[1], b)
		}
	}
}

func TestAnalyzePositionsAndOffsets(t *testing.T) {
	text := "Hackers hit Report.Az and Baku TV."
	toks := Analyze(text, "en")
	type tok struct {
		text string
		pos  int
		part bool
	}
	var got []tok
	for _, tk := range toks {
		if text[tk.Start:tk.End] != tk.Text {
			t.Errorf("token %q: text[%d:%d] = %q", tk.Text, tk.Start, tk.End, text[tk.Start:tk.End])
		}
		got = append(got, tok{tk.Text, tk.Pos, tk.Part})
	}
	want := []tok{
		{"Hackers", 0, false}, {"hit", 1, false},
		{"Report.Az", 2, false}, {"Report", 2, true}, {"Az", 3, true},
		{"and", 4, false}, {"Baku", 5, false}, {"TV", 6, false},
	}
	if !slices.Equal(got, want) {
		t.Errorf("tokens = %v\nwant     %v", got, want)
	}
}

func TestAnalyzeStopWords(t *testing.T) {
	for _, tk := range Analyze("the attack", "en") {
		if want := tk.Text == "the"; tk.Stop != want {
			t.Errorf("%q: Stop = %v, want %v", tk.Text, tk.Stop, want)
		}
	}
}

func TestAnalyzeIsSafeForConcurrentUse(t *testing.T) {
	text := strings.Repeat("Azerbaijani lawmakers accused Russia’s hackers of attacking Report.Az. ", 50)
	want := terms(text, "en")
	done := make(chan []string)
	for range 8 {
		go func() { done <- terms(text, "en") }()
	}
	for range 8 {
		if got := <-done; !slices.Equal(got, want) {
			t.Fatalf("concurrent analysis differs")
		}
	}
}

func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{"APT29 hit Report.Az's site", "J2-8243, 20,000 — “Cozy Bear”", "Кибератака на СМИ", "a\u00AD-b..c", "新闻 x", "1,234,5678", "'s's"} {
		f.Add(s, "en")
	}
	f.Add("Ёлка", "ru")
	f.Fuzz(func(t *testing.T, text, lang string) {
		if !utf8.ValidString(text) {
			return
		}
		lastPos := -1
		var start, end int
		for _, tk := range Analyze(text, lang) {
			if tk.Start < 0 || tk.End > len(text) || tk.Start >= tk.End || text[tk.Start:tk.End] != tk.Text {
				t.Fatalf("token %+v does not locate its text in %q", tk, text)
			}
			if tk.Term == "" {
				t.Fatalf("token %+v has no term", tk)
			}
			if tk.Part {
				if tk.Start < start || tk.End > end {
					t.Fatalf("part %+v outside its compound", tk)
				}
			} else {
				if tk.Pos != lastPos+1 {
					t.Fatalf("token %+v: position %d after %d", tk, tk.Pos, lastPos)
				}
				start, end = tk.Start, tk.End
			}
			lastPos = max(lastPos, tk.Pos)
		}
	})
}
