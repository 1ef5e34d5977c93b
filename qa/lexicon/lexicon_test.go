package lexicon

import (
	"slices"
	"strings"
	"testing"
)

func TestRelated(t *testing.T) {
	tests := []struct {
		word    string
		want    []string // all of these
		without []string // none of these
	}{
		// A pertainym: the adjective points at the country.
		{"iranian", []string{"iran", "persian"}, nil},
		// The reverse pertainym: the country finds its adjective.
		{"iran", []string{"iranian", "persia"}, nil},
		// "website, internet site, site" is the third sense of the noun
		// "site", which three senses keep; "website" reaches "site" as a
		// synonym of its first.
		{"websites", []string{"site"}, nil},
		{"sites", []string{"website", "locate", "situation"}, []string{"sites", "site", "computer"}},
		// Verb rule ing→"" finds "visit", whose derivations are the nouns.
		{"visiting", []string{"visitor", "visitant"}, []string{"visit", "visiting"}},
		// The exception list maps "went" to "go"; only go's verb senses
		// count, so the noun "go" (ecstasy, xtc) brings nothing.
		{"went", []string{"move", "proceed", "travel"}, []string{"go", "xtc"}},
		// An irregular noun plural.
		{"mice", []string{"mousy"}, []string{"creep"}},
		// Derivations of a verb of saying.
		{"denied", []string{"denial", "denier"}, nil},
		// The adjective "fired" (dismissed) and the verb's first senses.
		{"fired", []string{"dismissed", "discharge", "firing"}, nil},
		// Hyponyms are never related: "website" is a kind of computer.
		{"website", []string{"site"}, []string{"computer"}},
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			got := Related(tt.word)
			if !slices.IsSorted(got) || len(slices.Compact(slices.Clone(got))) != len(got) {
				t.Errorf("Related(%q) = %v: not sorted or has duplicates", tt.word, got)
			}
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("Related(%q) = %v, lacks %q", tt.word, got, w)
				}
			}
			for _, w := range tt.without {
				if slices.Contains(got, w) {
					t.Errorf("Related(%q) = %v, has %q", tt.word, got, w)
				}
			}
		})
	}
}

func TestEmbedded(t *testing.T) {
	lx := load()
	if len(lx.lemmas) < 80000 || len(lx.inflections[verb]) < 1800 || len(lx.speech) < 200 {
		t.Errorf("embedded data has %d lemmas, %d verb inflections, %d speech verbs: want about 83,000, 1,800, 200",
			len(lx.lemmas), len(lx.inflections[verb]), len(lx.speech))
	}
}

func TestRelatedNil(t *testing.T) {
	for _, w := range []string{"zzzz", ""} {
		if got := Related(w); got != nil {
			t.Errorf("Related(%q) = %v, want nil", w, got)
		}
	}
	// The verb rule ed→e reads "bed" as "be" too; the noun sense of "Be"
	// (beryllium) must not leak in through it.
	if got := Related("bed"); slices.Contains(got, "beryllium") {
		t.Errorf("Related(%q) = %v, holds beryllium", "bed", got)
	}
}

func TestRelatedCollocations(t *testing.T) {
	for _, w := range []string{"iranian", "went", "fired", "strike", "blamed"} {
		for _, r := range Related(w) {
			if strings.ContainsAny(r, "_ ") || r != strings.ToLower(r) {
				t.Errorf("Related(%q) has %q: want single lowercase words", w, r)
			}
		}
	}
}

func TestSpeechVerb(t *testing.T) {
	tests := []struct {
		word string
		want bool
	}{
		{"said", true},      // exception list: said → say
		{"says", true},      // rule s→""
		{"say", true},       // the seed itself
		{"denied", true},    // exception list: denied → deny
		{"denies", true},    // rule ies→y
		{"commented", true}, // rule ed→""
		{"told", true},      // exception list: told → tell
		{"announced", true}, // rule ed→e
		{"claiming", true},  // rule ing→""
		{"added", true},     // a hyponym of "state, say, tell"
		{"declared", true},  // a hyponym
		{"explained", true}, // a hyponym
		{"bakes", false},
		{"went", false},
		{"decline", false}, // "declined to comment": the verb of saying is "comment"
		{"zzzz", false},
	}
	for _, tt := range tests {
		if got := SpeechVerb(tt.word); got != tt.want {
			t.Errorf("SpeechVerb(%q) = %v, want %v", tt.word, got, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"magic", "#something else\n", "wordnet.tsv.gz:1: first line"},
		{"outside", magic + "\nword\tn:\n", "wordnet.tsv.gz:2: line outside"},
		{"pos", magic + "\n#section lemmas 1\nword\tq:x\n", "wordnet.tsv.gz:3: lemma \"word\""},
		{"inflection", magic + "\n#section inflections 1\nwent\tv\n", "wordnet.tsv.gz:3: inflection line"},
		{"section", magic + "\n#section lemmas\n", "wordnet.tsv.gz:2: section line"},
		{"empty", magic + "\n", "no lemmas"},
		{"order", magic + "\n#section lemmas 2\nsite\tn:\nsit\tv:\n", "wordnet.tsv.gz:4: lemma \"sit\" out of order"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseText(tt.text)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("parseText error %v, want %q", err, tt.want)
			}
		})
	}
}

// TestParseSmall checks lookups on a hand-written data file, without the
// embedded one.
func TestParseSmall(t *testing.T) {
	lx, err := parseText(magic + "\n#section lemmas 3\n" +
		"go\tn:xtc\tv:move travel\n" +
		"sit\tv:sitting\n" +
		"site\tn:website\tv:locate\n" +
		"#section inflections 1\nwent\tv\tgo\n" +
		"#section sets 1\n@speech\tsay\n")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range lx.baseForms("sites") {
		got = append(got, b.lemma+"/"+string(posLetters[b.pos]))
	}
	if want := []string{"site/n", "site/v", "sit/v"}; !slices.Equal(got, want) {
		t.Errorf("baseForms(sites) = %v, want %v", got, want)
	}
	if got := lx.baseForms("went"); len(got) != 1 || got[0] != (baseForm{"go", verb}) {
		t.Errorf("baseForms(went) = %v, want go as a verb", got)
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := parse(compressed); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRelated(b *testing.B) {
	load()
	for b.Loop() {
		Related("visiting")
	}
}

func TestKnown(t *testing.T) {
	for w, want := range map[string]bool{"Motors": true, "airlines": true, "went": true, "Stamm": false, "Namazov": false, "": false} {
		if got := Known(w); got != want {
			t.Errorf("Known(%q) = %v, want %v", w, got, want)
		}
	}
}
