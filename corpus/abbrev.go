package corpus

// Abbreviations and initials: whether a single dot ends a sentence.

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// abbrevKind says how a dot after an abbreviation is read when white
// space and a plausible sentence start follow it.
type abbrevKind uint8

const (
	abbrevEnds     abbrevKind = iota + 1 // an ordinary word: the dot ends the sentence
	abbrevTitle                          // precedes what it qualifies ("Mr.", "Gen.", "e.g."): never ends
	abbrevNumber                         // precedes a number ("Feb. 20", "No. 5"): ends unless a digit follows
	abbrevName                           // part of a name ("St. Petersburg", "Inc."): ends only before a stop word
	abbrevCityYear                       // Russian "г.": a year before it ("2025 г.") ends, a city after it ("г. Баку") does not
)

// abbrevs maps lower-case abbreviations, without their final dot, to their
// kind. Dotted single letters ("U.S.", "a.m.") and single capitals (the
// initials "J.", "Д.") need no entry: they are names. Read-only.
var abbrevs = map[string]abbrevKind{
	// Titles and ranks, and Latin that introduces something.
	"mr": abbrevTitle, "mrs": abbrevTitle, "ms": abbrevTitle, "messrs": abbrevTitle,
	"dr": abbrevTitle, "prof": abbrevTitle, "gen": abbrevTitle, "lt": abbrevTitle,
	"col": abbrevTitle, "maj": abbrevTitle, "capt": abbrevTitle, "cmdr": abbrevTitle,
	"adm": abbrevTitle, "sgt": abbrevTitle, "cpl": abbrevTitle, "pvt": abbrevTitle,
	"gov": abbrevTitle, "sen": abbrevTitle, "rep": abbrevTitle, "rev": abbrevTitle,
	"hon": abbrevTitle, "pres": abbrevTitle, "supt": abbrevTitle, "amb": abbrevTitle,
	"e.g": abbrevTitle, "i.e": abbrevTitle, "vs": abbrevTitle, "v": abbrevTitle,
	"cf": abbrevTitle, "viz": abbrevTitle, "approx": abbrevTitle, "ca": abbrevTitle,
	// Before numbers.
	"jan": abbrevNumber, "feb": abbrevNumber, "mar": abbrevNumber, "apr": abbrevNumber,
	"jun": abbrevNumber, "jul": abbrevNumber, "aug": abbrevNumber, "sep": abbrevNumber,
	"sept": abbrevNumber, "oct": abbrevNumber, "nov": abbrevNumber, "dec": abbrevNumber,
	"no": abbrevNumber, "nos": abbrevNumber, "nr": abbrevNumber, "vol": abbrevNumber,
	"art": abbrevNumber, "fig": abbrevNumber, "p": abbrevNumber, "pp": abbrevNumber,
	"sec": abbrevNumber, "ch": abbrevNumber, "tel": abbrevNumber, "pt": abbrevNumber,
	// Parts of names.
	"st": abbrevName, "mt": abbrevName, "ft": abbrevName, "jr": abbrevName,
	"sr": abbrevName, "inc": abbrevName, "ltd": abbrevName, "co": abbrevName,
	"corp": abbrevName, "bros": abbrevName, "dept": abbrevName, "univ": abbrevName,
	// Russian.
	"т.е": abbrevTitle, "т.к": abbrevTitle, "т.н": abbrevTitle, "т.ч": abbrevTitle,
	"и.о": abbrevTitle, "им": abbrevTitle, "ул": abbrevTitle, "пр": abbrevTitle,
	"просп": abbrevTitle, "пер": abbrevTitle, "проф": abbrevTitle, "акад": abbrevTitle,
	"ген": abbrevTitle, "св": abbrevTitle, "см": abbrevTitle, "пос": abbrevTitle,
	"д": abbrevNumber, "рис": abbrevNumber, "стр": abbrevNumber, "ст": abbrevNumber,
	"п": abbrevNumber, "ч": abbrevNumber, "гл": abbrevNumber, "табл": abbrevNumber,
	"г": abbrevCityYear, "гг": abbrevCityYear,
	"т.д": abbrevEnds, "т.п": abbrevEnds, "др": abbrevEnds,
}

// endsAfterDot reports whether the single dot at body[dot] ends a
// sentence, given that white space and a plausible sentence start at
// body[next] follow it. The current sentence began at s.
func endsAfterDot(body string, s, dot, next, pe int) bool {
	ts := tokenStart(body, s, dot)
	tok := body[ts:dot]
	for tok != "" { // drop opening quotes and brackets: (Gen. → Gen
		r, n := utf8.DecodeRuneInString(tok)
		if !isOpener(r) {
			break
		}
		tok = tok[n:]
	}
	if tok == "" {
		return true
	}
	if r, n := utf8.DecodeRuneInString(tok); n == len(tok) && unicode.IsUpper(r) {
		// An initial ("J.", "Д."), even where the lower-case letter is an
		// abbreviation ("p." page, "г." city).
		return nextIsStopWord(body[next:pe])
	}
	var buf [24]byte
	low := buf[:0]
	for _, r := range tok {
		if len(low)+utf8.UTFMax > len(buf) {
			return true // longer than any abbreviation
		}
		low = utf8.AppendRune(low, unicode.ToLower(r))
	}
	switch abbrevs[string(low)] {
	case abbrevEnds:
		return true
	case abbrevTitle:
		return false
	case abbrevNumber:
		return !startsWithDigit(body[next:pe])
	case abbrevName:
		return nextIsStopWord(body[next:pe])
	case abbrevCityYear:
		prevEnd := skipSpaceBack(body, s, ts)
		return isNumber(body[tokenStart(body, s, prevEnd):prevEnd])
	}
	if dottedLetters(tok) {
		return nextIsStopWord(body[next:pe]) // "U.S", "a.m"
	}
	return true
}

// tokenStart returns where the non-space token ending at body[end] begins,
// not before s.
func tokenStart(body string, s, end int) int {
	for end > s {
		r, n := utf8.DecodeLastRuneInString(body[s:end])
		if isSpace(r) {
			break
		}
		end -= n
	}
	return end
}

// skipSpaceBack returns the end of body[s:end] without its trailing white
// space.
func skipSpaceBack(body string, s, end int) int {
	for end > s {
		r, n := utf8.DecodeLastRuneInString(body[s:end])
		if !isSpace(r) {
			break
		}
		end -= n
	}
	return end
}

// dottedLetters reports whether tok is single letters joined by dots, as
// in "U.S" or "a.m" (the final dot is not part of tok).
func dottedLetters(tok string) bool {
	letters := 0
	for tok != "" {
		r, n := utf8.DecodeRuneInString(tok)
		if !unicode.IsLetter(r) {
			return false
		}
		letters++
		tok = tok[n:]
		if tok == "" {
			break
		}
		if tok[0] != '.' {
			return false
		}
		tok = tok[1:]
	}
	return letters >= 2
}

func startsWithDigit(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsDigit(r)
}

func isNumber(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// nextIsStopWord reports whether the word s starts with (after an opening
// quote) is a stop word: English for Latin script, Russian or Ukrainian
// for Cyrillic. Other languages' stop words are not consulted, because
// name particles such as "De" or "La" are stop words there. An initial
// ("S." in "T. S. Eliot") is not a stop word.
func nextIsStopWord(s string) bool {
	if r, n := utf8.DecodeRuneInString(s); isOpener(r) {
		s = s[n:]
	}
	var buf [32]byte
	low := buf[:0]
	cyrillic, letters, end := false, 0, len(s)
	for i, r := range s {
		if !unicode.IsLetter(r) && r != '\'' && r != '’' {
			end = i
			break
		}
		if len(low)+utf8.UTFMax > len(buf) {
			return false
		}
		if r == '’' {
			r = '\''
		}
		letters++
		cyrillic = cyrillic || scriptOf(r) == scriptCyrillic
		low = utf8.AppendRune(low, unicode.ToLower(r))
	}
	if letters == 1 && strings.HasPrefix(s[end:], ".") {
		return false
	}
	if cyrillic {
		set := stopTable()[string(low)]
		return set&(1<<langRU|1<<langUK) != 0
	}
	return stopTable()[string(low)]&(1<<langEN) != 0
}

// IsTitle reports whether word, with or without its dot, is a title or
// rank written before a name ("Mr", "Dr.", "Gen"): a word that stands
// before a surname without being a given name.
func IsTitle(word string) bool {
	return abbrevs[strings.ToLower(strings.TrimSuffix(word, "."))] == abbrevTitle
}

// IsNamePart reports whether word, with or without its dot, is an
// abbreviation that is part of a name ("Inc", "Ltd.", "St"): a company's
// or a place's, never a person's surname.
func IsNamePart(word string) bool {
	return abbrevs[strings.ToLower(strings.TrimSuffix(word, "."))] == abbrevName
}
