package qa

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Typed spans: the values of a text a short answer can be (short.go),
// read from its words without a tagger. A year is four digits from 1000
// to 2099; a date a run of a day, a month's name (the calendar's words,
// dates.go) and a year, with a space or a comma between; a number digits
// with their separators, the currency sign before them and the per cent
// sign after; a quantity a number with the lower-case word after it; a
// range two numbers joined by a dash; a name a run of capitalised words
// that are not stop words, joined by initials and by the lower-case words
// the fitted data's names held (Model.ShortJoins). A capitalised word
// that opens a sentence is a name only with another after it, and the run
// is taken without it too. The same rules type a gold answer (typeOf), so
// that what the model learns of the answers' types is what it finds in
// the quotes.

// The types of a short answer.
const (
	tYear     = iota // a year alone: "1998"
	tDate            // a date with a month: "10 February 2025", "May 2013"
	tNumber          // a number, with its sign: "4,000", "$5.5", "20%"
	tQuantity        // a number with the word after it: "5 million", "10 years"
	tName            // capitalised words: "Denver Broncos", "University of Chicago"
	tRange           // two numbers joined by a dash: "1754–1763"
	tDated           // a year or date with the word after it: "1969 году", "8 февраля 2007 года"
	tOther           // anything else
	nTypes
)

var typeNames = [nTypes]string{"year", "date", "number", "quantity", "name", "range", "dated", "other"}

// word is a token of a quote as typed extraction reads it.
type word struct {
	text       string
	start, end int
	stop       bool
	opens      bool // it opens a sentence
	asked      bool // the question has it
}

// words returns the whole words of text (no parts of compounds), with
// numbers that the tokenizer splits at a decimal comma ("3,5") joined.
func words(text, lang string, qwords map[string]bool) []word {
	var out []word
	opens := true
	toks := Analyze(text, lang)
	for i, t := range toks {
		if t.Part {
			continue
		}
		w := word{text: t.Text, start: t.Start, end: t.End, stop: t.Stop, opens: opens,
			asked: qwords[strings.ToLower(t.Text)]}
		opens = endsSentence(text, t.End, toks, i)
		if n := len(out); n > 0 && isNumeral(w.text) && isNumeral(out[n-1].text) && out[n-1].end+1 == w.start &&
			(text[out[n-1].end] == ',' || text[out[n-1].end] == '.') {
			out[n-1].end, out[n-1].text = w.end, text[out[n-1].start:w.end]
			out[n-1].asked = out[n-1].asked || w.asked
			continue
		}
		out = append(out, w)
	}
	return out
}

// isNumeral reports whether w is digits, with the separators numbers hold.
func isNumeral(w string) bool {
	return w != "" && strings.IndexFunc(w, func(r rune) bool { return !unicode.IsDigit(r) && r != ',' && r != '.' }) < 0
}

// isOrdinalDay reports whether w is a day of the month: "10", "10th".
func isOrdinalDay(w string) bool {
	d := strings.TrimRight(w, "stndrh")
	if d == "" || len(d) > 2 || !isNumeral(d) || strings.ContainsAny(d, ",.") {
		return false
	}
	return d != "0" && d != "00" && (len(d) == 1 || d < "32")
}

// isMonth reports whether w names a month ("May" only in capitals).
func isMonth(w string) bool {
	_, ok := month(w)
	return ok
}

// typedSpans returns the candidate short answers of text: its years,
// dates, ranges, numbers, quantities and names, less those the question
// names. joins are the lower-case words a name may hold (Model.ShortJoins).
func typedSpans(text, lang string, qwords, joins map[string]bool) []shortSpan {
	ws := words(text, lang, qwords)
	var out []shortSpan
	inDate := make([]bool, len(ws))
	// Dates and years: runs of days, months and years, with a comma or
	// space between.
	for i := 0; i < len(ws); i++ {
		if !isDatePart(ws[i].text) {
			continue
		}
		j := i
		for j+1 < len(ws) && isDatePart(ws[j+1].text) && dateGap(text[ws[j].end:ws[j+1].start]) {
			j++
		}
		months, years, asked := 0, 0, false
		for k := i; k <= j; k++ {
			asked = asked || ws[k].asked
			switch {
			case isMonth(ws[k].text):
				months++
			case isYear(ws[k].text):
				years++
				if !ws[k].asked {
					out = append(out, shortSpan{typ: tYear, start: ws[k].start, end: ws[k].end})
				}
			}
		}
		if months > 0 {
			for k := i; k <= j; k++ {
				inDate[k] = true
			}
			if !asked && j > i {
				out = append(out, shortSpan{typ: tDate, start: ws[i].start, end: ws[j].end})
			}
		}
		if j+1 < len(ws) && !asked && (months > 0 && j > i || years > 0 && i == j) {
			if n := ws[j+1]; !n.stop && !n.asked && isLower(n.text) && onlySpace(text[ws[j].end:n.start]) {
				out = append(out, shortSpan{typ: tDated, start: ws[i].start, end: n.end})
			}
		}
		if months == 0 && years > 0 {
			for k := i; k <= j; k++ {
				inDate[k] = isYear(ws[k].text)
			}
		}
		i = j
	}
	// Ranges: two numbers joined by a dash, "1754–1763", "2008-2009".
	for i, a := range ws {
		if a.asked {
			continue
		}
		if l, r, ok := cutDash(a.text); ok && isNumber(l) && isNumber(r) {
			out = append(out, shortSpan{typ: tRange, start: a.start, end: a.end})
		}
		if i+1 < len(ws) {
			b := ws[i+1]
			if isNumber(a.text) && isNumber(b.text) && !b.asked && isDash(strings.TrimSpace(text[a.end:b.start])) {
				out = append(out, shortSpan{typ: tRange, start: a.start, end: b.end})
			}
		}
	}
	// Numbers, with their signs, and with the word after them.
	for i, w := range ws {
		if inDate[i] || w.asked || !isNumber(w.text) {
			continue
		}
		start, end := w.start, w.end
		for start > 0 {
			r, n := utf8.DecodeLastRuneInString(text[:start])
			if !unicode.Is(unicode.Sc, r) {
				break
			}
			start -= n
		}
		if strings.HasPrefix(text[end:], "%") {
			end++
		}
		out = append(out, shortSpan{typ: tNumber, start: start, end: end})
		if i+1 < len(ws) {
			n := ws[i+1]
			if end == w.end && !n.stop && !n.asked && onlySpace(text[w.end:n.start]) && isLower(n.text) {
				out = append(out, shortSpan{typ: tQuantity, start: start, end: n.end})
			}
		}
	}
	// Names: runs of capitalised words the question does not have,
	// joined by the lower-case words names hold and by initials ("Thomas
	// B. Edsall"). A run that opens a sentence is taken without its
	// first word too, which may be capitalised only for opening it.
	for i := 0; i < len(ws); i++ {
		if !nameWord(ws[i]) {
			continue
		}
		j := i
		for {
			switch {
			case j+1 < len(ws) && nameWord(ws[j+1]) && nameGap(ws[j], text[ws[j].end:ws[j+1].start]):
				j++
				continue
			case j+2 < len(ws) && joins[strings.ToLower(ws[j+1].text)] && isLower(ws[j+1].text) && nameWord(ws[j+2]) &&
				onlySpace(text[ws[j].end:ws[j+1].start]) && onlySpace(text[ws[j+1].end:ws[j+2].start]):
				j += 2
				continue
			}
			break
		}
		end := ws[j].end
		if j > i && utf8.RuneCountInString(ws[j].text) == 1 && strings.HasPrefix(text[end:], ".") {
			end++ // an initial's full stop
		}
		if !ws[i].opens || j > i {
			out = append(out, shortSpan{typ: tName, start: ws[i].start, end: end})
		}
		// With the question's capitalised words before it, as a name
		// the question names in part ("Ohio Company of Virginia").
		k := i
		for k > 0 && ws[k-1].asked && !ws[k-1].stop && !isLower(ws[k-1].text) && onlySpace(text[ws[k-1].end:ws[k].start]) {
			k--
		}
		if k < i {
			out = append(out, shortSpan{typ: tName, start: ws[k].start, end: end, asked: true})
		}
		if ws[i].opens && j > i && nameWord(ws[i+1]) {
			out = append(out, shortSpan{typ: tName, start: ws[i+1].start, end: end})
		}
		i = j
	}
	return out
}

// nameGap reports whether s, between two capitalised words, keeps them
// one name: a space, or an initial's full stop and a space.
func nameGap(prev word, s string) bool {
	if utf8.RuneCountInString(prev.text) == 1 && s == ". " {
		return true
	}
	return onlySpace(s)
}

// isNumber reports whether w is a number: digits with their separators,
// or an English ordinal ("135th").
func isNumber(w string) bool {
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		if d, ok := strings.CutSuffix(w, suf); ok && d != "" {
			w = d
			break
		}
	}
	return isNumeral(w) && strings.ContainsFunc(w, unicode.IsDigit)
}

// cutDash splits w at a dash between two parts, "2008-2009".
func cutDash(w string) (before, after string, ok bool) {
	i := strings.IndexFunc(w, func(r rune) bool { return r == '-' || unicode.Is(unicode.Pd, r) })
	if i <= 0 {
		return "", "", false
	}
	_, n := utf8.DecodeRuneInString(w[i:])
	return w[:i], w[i+n:], i+n < len(w)
}

// isDash reports whether s is a dash or hyphen alone.
func isDash(s string) bool {
	r, n := utf8.DecodeRuneInString(s)
	return n > 0 && n == len(s) && (r == '-' || unicode.Is(unicode.Pd, r))
}

// isDatePart reports whether w can be part of a date.
func isDatePart(w string) bool { return isYear(w) || isMonth(w) || isOrdinalDay(w) }

// dateGap reports whether s, between two parts of a date, keeps them one.
func dateGap(s string) bool {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "."), ",")
	return s == " "
}

// nameWord reports whether w can be part of a name: a capitalised word,
// not a stop word, that the question does not have.
func nameWord(w word) bool {
	r, _ := utf8.DecodeRuneInString(w.text)
	return unicode.IsUpper(r) && !w.stop && !w.asked && !strings.ContainsFunc(w.text, unicode.IsDigit) && !isMonth(w.text)
}

// isLower reports whether w starts with a lower-case letter.
func isLower(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsLower(r)
}

// nameJoins returns the lower-case words that stand between two
// capitalised words of answer, a name ("of" in "University of Chicago").
func nameJoins(answer, lang string) []string {
	ws := words(answer, lang, nil)
	var out []string
	for i := 1; i+1 < len(ws); i++ {
		if isLower(ws[i].text) && !conjunctions[strings.ToLower(ws[i].text)] && nameWord(ws[i-1]) && nameWord(ws[i+1]) {
			out = append(out, strings.ToLower(ws[i].text))
		}
	}
	return out
}

// typeOf returns the type of an answer text, by the rules typedSpans
// reads a quote with.
func typeOf(s, lang string, joins map[string]bool) int {
	const lead = "x " // so that the answer does not open a sentence
	s = strings.TrimSpace(s)
	for _, sp := range typedSpans(lead+s, lang, nil, joins) {
		if sp.start == len(lead) && sp.end == len(lead)+len(s) {
			return sp.typ
		}
	}
	return tOther
}

// capitalisedWithin reports whether body holds w, capitalised, inside a
// sentence: a name, not a word capitalised for opening one.
func capitalisedWithin(body, w string) bool {
	for i := 0; ; {
		k := strings.Index(body[i:], w)
		if k < 0 {
			return false
		}
		at := i + k
		i = at + len(w)
		if at == 0 || i < len(body) && isWordByte(body[i]) {
			continue
		}
		before := strings.TrimRightFunc(body[:at], unicode.IsSpace)
		if len(before) == len(body[:at]) || before == "" {
			continue // inside a word, or at the start
		}
		if r, _ := utf8.DecodeLastRuneInString(before); unicode.IsLetter(r) || unicode.IsDigit(r) || r == ',' {
			return true
		}
	}
}

// isWordByte reports whether b continues a word (a letter or digit, or
// a byte of a longer character).
func isWordByte(b byte) bool {
	return b >= 0x80 || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}
