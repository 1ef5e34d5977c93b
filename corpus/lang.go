package corpus

// Language detection by script and stop words.
//
// DetectLang reads the letters of a text once. Their script settles most
// languages outright: Greek, Armenian, Georgian, Hebrew, Thai, Hangul,
// Japanese kana and Han each map to one code. Cyrillic is Russian unless
// the letters only Ukrainian writes (і ї є ґ) clearly outnumber the ones
// only Russian writes (ы э ъ ё) and Ukrainian stop words are at least as
// frequent. Latin text is scored by stop words: every word that is a stop
// word of k languages adds 1/k to each of them, so shared words such as
// "a", "de" or "i" count for little, and the best language wins if it has
// at least two such points and beats the runner-up. Anything less certain
// is "" (unknown), which is better than a wrong guess: the caller keeps
// the document and stems it as English.

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// langInfo describes one language the stop-word tables know.
type langInfo struct {
	code     string // ISO 639-1
	snowball string // github.com/kljensen/snowball language name; "" when it has no stemmer
	stop     string // stop words separated by white space
	// minShare is the share of stop words below which a sentence of six
	// words or more is not taken for prose (shape.prose). Measured on the
	// sentences of the shared data: in English 0.16% of XQuAD's and 0.13%
	// of BBC News's have less than 10%, but in Russian, which has no
	// articles, 3.2% of XQuAD's do and 1% have none at all ("Тесла умер 7
	// января 1943 года."), so Russian prose is not judged by them.
	// Languages without measurements keep English's share.
	minShare float64
}

// langs lists the languages with stop words; the index is the bit of the
// language in stopTable. Never modified.
var langs = [...]langInfo{
	{"en", "english", stopEnglish, 0.1},
	{"es", "spanish", stopSpanish, 0.1},
	{"fr", "french", stopFrench, 0.1},
	{"ru", "russian", stopRussian, 0},
	{"sv", "swedish", stopSwedish, 0.1},
	{"no", "norwegian", stopNorwegian, 0.1},
	{"hu", "hungarian", stopHungarian, 0.1},
	{"uk", "", stopUkrainian, 0.1},
	{"de", "", stopGerman, 0.1},
	{"it", "", stopItalian, 0.1},
	{"pt", "", stopPortuguese, 0.1},
	// Azerbaijani, written in the seeds' region: Snowball has no stemmer
	// for it, so its words are indexed and searched as written.
	{"az", "", stopAzerbaijani, 0.1},
}

// Indexes into langs that the detector treats specially.
const (
	langEN = 0
	langRU = 3
	langUK = 7
	langAZ = 11
)

// stopTable maps each stop word to the set of languages (bit i for
// langs[i]) whose list has it; built once on first use, read-only after.
var stopTable = sync.OnceValue(func() map[string]uint16 {
	m := make(map[string]uint16, 2048)
	for i, l := range langs {
		for _, w := range strings.Fields(l.stop) {
			m[w] |= 1 << i
		}
	}
	return m
})

// langIndex returns the index in langs of an ISO 639-1 code, accepting
// upper case and region suffixes ("en-GB", "pt_BR") and the Norwegian
// written standards "nb" and "nn"; "" means English.
func langIndex(code string) (int, bool) {
	if i := strings.IndexAny(code, "-_"); i >= 0 {
		code = code[:i]
	}
	switch {
	case code == "":
		return langEN, true
	case strings.EqualFold(code, "nb"), strings.EqualFold(code, "nn"):
		code = "no"
	}
	for i, l := range langs {
		if strings.EqualFold(l.code, code) {
			return i, true
		}
	}
	return 0, false
}

// IsStopWord reports whether word, in lower case, is a stop word of the
// language lang (an ISO 639-1 code; "" means English). Languages without a
// list have no stop words. A typographic apostrophe (’) counts as '.
func IsStopWord(lang, word string) bool {
	i, ok := langIndex(lang)
	if !ok {
		return false
	}
	if strings.Contains(word, "’") {
		word = strings.ReplaceAll(word, "’", "'")
	}
	return stopTable()[word]&(1<<i) != 0
}

// SnowballLanguage returns the name github.com/kljensen/snowball uses for
// the language with ISO 639-1 code lang ("en" → "english"), and false when
// snowball has no stemmer for it. Like IsStopWord it treats "" as English,
// accepts region suffixes ("en-US") and maps "nb" and "nn" to Norwegian.
func SnowballLanguage(lang string) (string, bool) {
	i, ok := langIndex(lang)
	if !ok || langs[i].snowball == "" {
		return "", false
	}
	return langs[i].snowball, true
}

// DetectLang guesses the language of text and returns its ISO 639-1 code,
// or "" when the text is too short or too mixed to tell. Only the first
// 16 KB are read.
func DetectLang(text string) string {
	const maxRead = 16 << 10
	if len(text) > maxRead {
		text = text[:maxRead] // a cut rune decodes as RuneError, not a letter
	}
	var (
		scripts         [numScripts]int
		scores          [len(langs)]float64
		ukOnly, ruOnly  int
		schwas          int // ə, Ə
		words, cyrWords int
		buf             [32]byte
		word            = buf[:0]
		wordScript      script
		long            bool // word overflowed buf: not a stop word
	)
	table := stopTable()
	endWord := func() {
		if len(word) == 0 && !long {
			return
		}
		words++
		if wordScript == scriptCyrillic {
			cyrWords++
		}
		if !long {
			if set := table[string(word)]; set != 0 {
				w := 1 / float64(popcount(set))
				for i := range langs {
					if set&(1<<i) != 0 {
						scores[i] += w
					}
				}
			}
		}
		word, long = buf[:0], false
	}
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf { // ASCII, most of most texts
			i++
			if c |= 0x20; c < 'a' || c > 'z' {
				endWord()
				continue
			}
			scripts[scriptLatin]++
			wordScript = scriptLatin
			if len(word) < len(buf) {
				word = append(word, c)
			} else {
				long = true
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		i += n
		s := scriptOf(r)
		if s == scriptNone {
			endWord()
			continue
		}
		scripts[s]++
		wordScript = s
		switch r {
		case 'і', 'ї', 'є', 'ґ', 'І', 'Ї', 'Є', 'Ґ':
			ukOnly++
		case 'ы', 'э', 'ъ', 'ё', 'Ы', 'Э', 'Ъ', 'Ё':
			ruOnly++
		case 'ə', 'Ə':
			schwas++
		}
		if long || len(word)+utf8.UTFMax > len(buf) {
			long = true
			continue
		}
		word = utf8.AppendRune(word, unicode.ToLower(r))
	}
	endWord()

	best := scriptNone
	for s := scriptLatin; s < numScripts; s++ {
		if scripts[s] > scripts[best] {
			best = s
		}
	}
	switch best {
	case scriptNone:
		return ""
	case scriptLatin:
		if schwas >= 1 && scores[langAZ] >= 1 {
			// ə is Azerbaijani's own letter: no other language the
			// tables know writes it.
			return "az"
		}
		return bestByStopWords(scores[:], words)
	case scriptCyrillic:
		if cyrWords < 2 {
			return ""
		}
		if ukOnly >= 2 && ukOnly > 2*ruOnly && scores[langUK] >= scores[langRU] {
			return "uk"
		}
		return "ru"
	case scriptHan:
		if scripts[scriptKana] > 0 {
			return "ja"
		}
	}
	if scripts[best] < 4 {
		return ""
	}
	return scriptCodes[best]
}

// bestByStopWords picks the language with the highest stop-word score if
// it is sure enough: at least three words, two points, and ahead of the
// runner-up.
func bestByStopWords(scores []float64, words int) string {
	if words < 3 {
		return ""
	}
	best, second := -1, -1
	for i, s := range scores {
		if best < 0 || s > scores[best] {
			best, second = i, best
		} else if second < 0 || s > scores[second] {
			second = i
		}
	}
	if scores[best] < 2 || scores[best] <= scores[second] {
		return ""
	}
	return langs[best].code
}

func popcount(x uint16) int {
	n := 0
	for ; x != 0; x &= x - 1 {
		n++
	}
	return n
}

// script is a writing system that DetectLang tells apart.
type script uint8

const (
	scriptNone script = iota // not a letter
	scriptLatin
	scriptCyrillic
	scriptGreek
	scriptArmenian
	scriptGeorgian
	scriptHebrew
	scriptThai
	scriptHangul
	scriptKana
	scriptHan
	scriptOther // a letter of any other script (Arabic, Devanagari, …)
	numScripts
)

// scriptCodes is the language a script alone implies; "" when it does not
// imply one (Arabic script writes Arabic, Persian, Urdu, …).
var scriptCodes = [numScripts]string{
	scriptGreek:    "el",
	scriptArmenian: "hy",
	scriptGeorgian: "ka",
	scriptHebrew:   "he",
	scriptThai:     "th",
	scriptHangul:   "ko",
	scriptKana:     "ja",
	scriptHan:      "zh",
}

// scriptOf classifies a rune, with the common cases first and cheap.
func scriptOf(r rune) script {
	switch {
	case r < 0x80:
		if 'a' <= r|0x20 && r|0x20 <= 'z' {
			return scriptLatin
		}
		return scriptNone
	case r >= 0xC0 && r <= 0x24F && r != 0xD7 && r != 0xF7:
		return scriptLatin
	case r >= 0x400 && r <= 0x52F:
		return scriptCyrillic
	case !unicode.IsLetter(r):
		return scriptNone
	case unicode.Is(unicode.Latin, r):
		return scriptLatin
	case unicode.Is(unicode.Greek, r):
		return scriptGreek
	case unicode.Is(unicode.Armenian, r):
		return scriptArmenian
	case unicode.Is(unicode.Georgian, r):
		return scriptGeorgian
	case unicode.Is(unicode.Hebrew, r):
		return scriptHebrew
	case unicode.Is(unicode.Thai, r):
		return scriptThai
	case unicode.Is(unicode.Hangul, r):
		return scriptHangul
	case unicode.Is(unicode.Hiragana, r), unicode.Is(unicode.Katakana, r):
		return scriptKana
	case unicode.Is(unicode.Han, r):
		return scriptHan
	case unicode.Is(unicode.Cyrillic, r):
		return scriptCyrillic
	}
	return scriptOther
}
