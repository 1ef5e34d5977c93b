package corpus

import (
	"io/fs"
	"path"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/sample"
)

func TestDetectLang(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"english", "Russia was behind the February cyberattack on Azerbaijani media, the head of the parliament's commission said on Friday.", "en"},
		{"spanish", "El gobierno de Azerbaiyán acusó a Rusia de estar detrás del ataque informático contra los medios de comunicación, según informó la agencia.", "es"},
		{"french", "Le gouvernement azerbaïdjanais accuse la Russie d'être à l'origine de la cyberattaque contre les médias du pays, selon l'agence de presse.", "fr"},
		{"russian", "Азербайджан обвинил Россию в кибератаке на местные СМИ, которая произошла в феврале, сообщает агентство.", "ru"},
		{"russian without stop words", "Кибератака. Бакинские новости.", "ru"},
		{"swedish", "Regeringen i Azerbajdzjan anklagar Ryssland för att ha legat bakom cyberattacken mot landets medier, och det är inte första gången.", "sv"},
		{"norwegian", "Regjeringen i Aserbajdsjan anklager Russland for å ha stått bak dataangrepet mot landets medier, og det er ikke første gang de gjør det.", "no"},
		{"hungarian", "Azerbajdzsán kormánya azzal vádolja Oroszországot, hogy a kibertámadás mögött állt, és ez nem az első alkalom, amikor ilyen történik.", "hu"},
		{"ukrainian", "Азербайджан звинуватив Росію у кібератаці на місцеві медіа, яка сталася в лютому, повідомляє агенція.", "uk"},
		{"russian quoting a Ukrainian name", "Президент выступил в Киеве (укр. Київ) и заявил, что переговоры будут продолжены в ближайшее время.", "ru"},
		{"german", "Die Regierung von Aserbaidschan wirft Russland vor, hinter dem Cyberangriff auf die Medien des Landes zu stecken, und das ist nicht das erste Mal.", "de"},
		{"italian", "Il governo dell'Azerbaigian accusa la Russia di essere dietro l'attacco informatico contro i media del paese, secondo l'agenzia.", "it"},
		{"portuguese", "O governo do Azerbaijão acusa a Rússia de estar por trás do ataque informático contra os meios de comunicação do país, segundo a agência.", "pt"},
		{"azerbaijani", "Azərbaycan mediasına qarşı kiberhücum fevral ayında baş verib və bir neçə xəbər saytı işləməyib.", "az"},
		{"azerbaijani question", "Kiberhücum nə vaxt baş verib?", "az"},
		{"turkish is not azerbaijani", "Azerbaycan medyasına yönelik siber saldırı şubat ayında gerçekleşti ve birkaç haber sitesi çalışmadı.", ""},
		{"greek", "Η κυβέρνηση του Αζερμπαϊτζάν κατηγορεί τη Ρωσία.", "el"},
		{"armenian", "Ադրբեջանը մեղադրում է Ռուսաստանին", "hy"},
		{"georgian", "აზერბაიჯანი რუსეთს ადანაშაულებს", "ka"},
		{"japanese", "アゼルバイジャンはロシアを非難した。", "ja"},
		{"chinese", "阿塞拜疆指责俄罗斯发动网络攻击。", "zh"},
		{"empty", "", ""},
		{"punctuation only", "… — 2025 !!", ""},
		{"one word", "Cyberattack", ""},
		{"one Cyrillic word", "- Реклама -", ""},
		{"names, no stop words", "Ramid Namazov, Ilham Aliyev, Caliber.Az", ""},
		{"one stop word only", "Subscribe to newsletter", ""},
		{"two stop words suffice", "Subscribe to the newsletter", "en"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DetectLang(tt.text); got != tt.want {
				t.Errorf("DetectLang(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

// TestDetectLangSeeds checks the raw sample articles, chrome and Russian
// ad markers included, and each of their long paragraphs: all English.
func TestDetectLangSeeds(t *testing.T) {
	for _, name := range seedNames(t) {
		raw := readSeed(t, name)
		if got := DetectLang(raw); got != "en" {
			t.Errorf("%s: DetectLang = %q, want en", name, got)
		}
		for i, line := range strings.Split(raw, "\n") {
			if len(strings.Fields(line)) < 20 {
				continue // headlines and chrome may have too few stop words to tell
			}
			if got := DetectLang(line); got != "en" {
				t.Errorf("%s line %d: DetectLang = %q, want en: %q", name, i+1, got, line)
			}
		}
	}
}

func TestIsStopWord(t *testing.T) {
	tests := []struct {
		lang, word string
		want       bool
	}{
		{"", "the", true},
		{"en", "the", true},
		{"en", "which", true},
		{"en", "don't", true},
		{"en", "don’t", true},
		{"en", "russia", false},
		{"en", "cyberattack", false},
		{"en", "may", false}, // the month
		{"en", "us", false},  // the country, lower-cased
		{"EN-gb", "the", true},
		{"es", "los", true},
		{"es", "the", false},
		{"fr", "les", true},
		{"fr", "être", true},
		{"ru", "которые", true},
		{"ru", "россия", false},
		{"uk", "які", true},
		{"sv", "och", true},
		{"no", "ikke", true},
		{"nb", "ikke", true},
		{"sv", "ikke", false},
		{"hu", "hogy", true},
		{"de", "und", true},
		{"it", "della", true},
		{"pt", "não", true},
		{"zz", "the", false},
		{"el", "the", false},
	}
	for _, tt := range tests {
		if got := IsStopWord(tt.lang, tt.word); got != tt.want {
			t.Errorf("IsStopWord(%q, %q) = %v, want %v", tt.lang, tt.word, got, tt.want)
		}
	}
}

// TestStopListsSize keeps the lists in the size the Q&A ranking was tuned
// for and catches a list that lost its contents by a bad edit.
func TestStopListsSize(t *testing.T) {
	for _, l := range langs {
		n := len(strings.Fields(l.stop))
		lo, hi := 90, 220
		if l.code == "en" {
			lo, hi = 250, 400
		}
		if n < lo || n > hi {
			t.Errorf("%s: %d stop words, want %d..%d", l.code, n, lo, hi)
		}
		for _, w := range strings.Fields(l.stop) {
			if w != strings.ToLower(w) {
				t.Errorf("%s: stop word %q is not lower case", l.code, w)
			}
		}
	}
}

func TestSnowballLanguage(t *testing.T) {
	tests := []struct {
		lang, want string
		ok         bool
	}{
		{"en", "english", true},
		{"", "english", true},
		{"es", "spanish", true},
		{"fr", "french", true},
		{"ru", "russian", true},
		{"sv", "swedish", true},
		{"no", "norwegian", true},
		{"nb", "norwegian", true},
		{"nn-NO", "norwegian", true},
		{"hu", "hungarian", true},
		{"en-US", "english", true},
		{"uk", "", false},
		{"de", "", false},
		{"xx", "", false},
	}
	for _, tt := range tests {
		got, ok := SnowballLanguage(tt.lang)
		if got != tt.want || ok != tt.ok {
			t.Errorf("SnowballLanguage(%q) = %q, %v; want %q, %v", tt.lang, got, ok, tt.want, tt.ok)
		}
	}
}

func BenchmarkDetectLang(b *testing.B) {
	text := readSeed(b, "004_27f2d6e0deaba1bd.txt")[:3000]
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		DetectLang(text)
	}
}

// seedNames lists the sample articles.
func seedNames(t testing.TB) []string {
	t.Helper()
	entries, err := fs.ReadDir(sample.FS, sample.Dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) == 0 {
		t.Fatal("no sample articles")
	}
	return names
}

// readSeed returns the raw text of one sample article.
func readSeed(t testing.TB, name string) string {
	t.Helper()
	b, err := fs.ReadFile(sample.FS, path.Join(sample.Dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
