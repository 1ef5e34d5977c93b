package qa

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// What a question expects. The head of a question is its question word
// with the word after it, stemmed ("what year", "how mani", "в как год"
// is read as "каком|год"): "what year" wants a number, "who" a name, "why"
// a clause. Which shape each head wants is not written here but counted on
// the fitted data (Model.Shapes); heads seen too rarely there fall back to
// the question word alone, then to all questions.

// Shapes of an answer.
const (
	shapeNumber = iota // holds a digit but no year: "4,000", "$5 million", "135th"
	shapeYear          // holds a year, a number of four digits from 1000 to 2099: "1998", "May 2013"
	shapeName          // every word capitalised: "Denver Broncos", "Рио-де-Жанейро"
	shapeOther         // anything else: "because the cranes were automated"
	nShapes
)

// shapeOf returns the shape of an answer text.
func shapeOf(s string) int {
	if strings.ContainsFunc(s, unicode.IsDigit) {
		for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsDigit(r) }) {
			if isYear(w) {
				return shapeYear
			}
		}
		return shapeNumber
	}
	words := strings.FieldsFunc(s, func(r rune) bool { return !isWordRune(r) })
	if len(words) == 0 {
		return shapeOther
	}
	for _, w := range words {
		if r, _ := utf8.DecodeRuneInString(w); !unicode.IsUpper(r) {
			return shapeOther
		}
	}
	return shapeName
}

// whWord returns the kind of a question word, in English or Russian,
// whatever its case ending ("каком", "которого").
func whWord(w string) (Kind, bool) {
	if k, ok := wh[w]; ok {
		return k, true
	}
	switch {
	case strings.HasPrefix(w, "как") && w != "как" && utf8.RuneCountInString(w) <= 6:
		return KindWhich, true
	case strings.HasPrefix(w, "котор"):
		return KindWhich, true
	case strings.HasPrefix(w, "чь"):
		return KindWho, true
	}
	return "", false
}

// heads returns the keys under which the model keeps what a question
// expects, most specific first: "what|year", "what", "". The question
// word is the first one in the question, wherever it stands ("In what
// year …", "В каком году …").
func heads(question, lang string) []string {
	toks := Analyze(question, lang)
	for i, t := range toks {
		if t.Part {
			continue
		}
		w := strings.ToLower(t.Text)
		if _, ok := whWord(w); !ok || w == "y" {
			continue
		}
		for _, n := range toks[i+1:] {
			if n.Part {
				continue
			}
			return []string{w + "|" + n.Term, w, ""}
		}
		return []string{w, ""}
	}
	return []string{""}
}

// expected returns the shares of answer shapes the model has seen for the
// most specific of hs it knows.
func (m *Model) expected(hs []string) [nShapes]float64 {
	for _, h := range hs {
		if s, ok := m.Shapes[h]; ok {
			return s
		}
	}
	return [nShapes]float64{1.0 / nShapes, 1.0 / nShapes, 1.0 / nShapes, 1.0 / nShapes}
}

// cues returns the cue words of the most specific of hs the model knows.
func (m *Model) cues(hs []string) map[string]float64 {
	for _, h := range hs {
		if c, ok := m.Cues[h]; ok {
			return c
		}
	}
	return nil
}

// isYear reports whether s is a year: four digits, from 1000 to 2099.
func isYear(s string) bool {
	if len(s) != 4 || !(s[0] == '1' || s[0] == '2' && s[1] == '0') {
		return false
	}
	for i := range 4 {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
