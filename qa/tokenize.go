package qa

import (
	"unicode"
	"unicode/utf8"
)

// Tokenising. A word is a run of letters, digits and combining marks.
// Words joined by a dot, hyphen, underscore, apostrophe or ampersand with
// no space ("Report.Az", "J2-8243", "Russia-linked", "AT&T") form a
// compound: the analyser emits the compound as one token ("report.az")
// and then each of its parts ("report", "az"), so a question may name
// either. The compound takes the position of its first part and the parts
// count on from there, as if the text read "report az"; a phrase of parts
// therefore still matches.
//
// Case is folded (with "ё" read as "е" and final sigma as sigma), every
// apostrophe and hyphen look-alike reads as its ASCII form, soft hyphens
// and zero-width characters are ignored, and an English possessive falls
// away ("Russia's" and "Russia’s" are "russia"). Digits group with a comma
// only as thousands ("20,000" is "20000"). Chinese and Japanese characters,
// written without spaces, are one token each. Stop words stay in the token
// stream, flagged, so that positions count every word.

// Token is one word of an analysed text.
type Token struct {
	Text       string // as written in the text
	Term       string // case-folded and stemmed: what the index matches on
	Start, End int    // byte offsets into the analysed text
	Pos        int    // word position, from 0; a compound shares it with its first part
	Stop       bool   // a stop word of the text's language
	Part       bool   // a part of the compound token emitted just before it
}

// Analyze splits text into tokens and stems them by the rules of lang, an
// ISO 639-1 code; a language without a stemmer is only case-folded.
func Analyze(text, lang string) []Token {
	return appendTokens(nil, text, lang, 0)
}

// maxParts bounds the parts of one compound ("a.b.c.d…" in a URL).
const maxParts = 16

// segment is one run of word characters within a compound.
type segment struct{ start, end int }

// appendTokens appends the tokens of text to dst, numbering positions from
// pos, and returns the extended slice.
func appendTokens(dst []Token, text, lang string, pos int) []Token {
	a := analyzerFor(lang)
	var (
		buf  [64]byte
		segs [maxParts]segment
	)
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case isIdeograph(r):
			w := fold(buf[:0], text[i:i+size])
			dst = append(dst, Token{Text: text[i : i+size], Term: a.lookup(w).term, Start: i, End: i + size, Pos: pos})
			pos++
			i += size
			continue
		case !isWordRune(r):
			i += size
			continue
		}
		n, end := scanCompound(text, i, segs[:])
		dst, pos = appendWord(dst, a, text, segs[:n], pos, buf[:0])
		i = end
	}
	return dst
}

// scanCompound reads the compound starting at text[i], filling segs with
// its parts, and returns how many parts it has and where it ends.
func scanCompound(text string, i int, segs []segment) (n, end int) {
	for {
		j := scanRun(text, i)
		segs[n] = segment{i, j}
		n++
		if n == len(segs) {
			return n, j
		}
		r, size := utf8.DecodeRuneInString(text[j:])
		if !isJoiner(r) {
			return n, j
		}
		next, _ := utf8.DecodeRuneInString(text[j+size:])
		if !isWordRune(next) || isIdeograph(next) {
			return n, j
		}
		if r == ',' && !isThousands(text, i, j+size) {
			return n, j
		}
		i = j + size
	}
}

// scanRun returns the end of the run of word characters starting at i.
func scanRun(text string, i int) int {
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !(isWordRune(r) || isInvisible(r)) || isIdeograph(r) {
			break
		}
		i += size
	}
	return i
}

// isThousands reports whether a comma after the digits text[start:comma-1]
// groups thousands: digits before, exactly three digits after.
func isThousands(text string, start, after int) bool {
	for _, r := range text[start : after-1] {
		if r < '0' || r > '9' {
			return false
		}
	}
	k := after
	for k < len(text) && text[k] >= '0' && text[k] <= '9' {
		k++
	}
	return k-after == 3
}

// appendWord appends the tokens of one word made of segs: a plain word,
// or a compound followed by its parts.
func appendWord(dst []Token, a *langAnalyzer, text string, segs []segment, pos int, buf []byte) ([]Token, int) {
	// "Russia's", "Report.Az's": the possessive is not part of the name.
	if k := len(segs); k > 1 && isApostropheBetween(text, segs[k-2], segs[k-1]) && isLetterS(text[segs[k-1].start:segs[k-1].end]) {
		segs = segs[:k-1]
	}
	first, last := segs[0], segs[len(segs)-1]
	whole := text[first.start:last.end]
	if len(segs) == 1 {
		info := a.lookup(fold(buf, whole))
		return append(dst, Token{Text: whole, Term: info.term, Start: first.start, End: last.end, Pos: pos, Stop: info.stop}), pos + 1
	}
	if text[segs[0].end] == ',' { // thousands: "20,000" is the number 20000
		w := buf
		for _, r := range whole {
			if r != ',' {
				w = utf8.AppendRune(w, r)
			}
		}
		return append(dst, Token{Text: whole, Term: a.lookup(w).term, Start: first.start, End: last.end, Pos: pos}), pos + 1
	}
	info := a.lookup(fold(buf, whole))
	dst = append(dst, Token{Text: whole, Term: info.term, Start: first.start, End: last.end, Pos: pos, Stop: info.stop})
	if info.stop { // "don't", "c'est": a stop word as a whole
		return dst, pos + 1
	}
	for k, s := range segs {
		w := text[s.start:s.end]
		p := a.lookup(fold(buf, w))
		dst = append(dst, Token{Text: w, Term: p.term, Start: s.start, End: s.end, Pos: pos + k, Stop: p.stop, Part: true})
	}
	return dst, pos + len(segs)
}

func isApostropheBetween(text string, a, b segment) bool {
	r, _ := utf8.DecodeRuneInString(text[a.end:b.start])
	return isApostrophe(r)
}

func isLetterS(w string) bool { return w == "s" || w == "S" }

// fold appends the case-folded form of w to buf: lower case, "ё" as "е",
// final sigma as sigma, apostrophe and hyphen look-alikes as ASCII, soft
// hyphens and zero-width characters dropped.
func fold(buf []byte, w string) []byte {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			return foldSlow(buf, w[i:])
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	return buf
}

func foldSlow(buf []byte, w string) []byte {
	for _, r := range w {
		switch {
		case isInvisible(r):
			continue
		case isApostrophe(r):
			r = '\''
		case isHyphen(r):
			r = '-'
		case r == 'ё' || r == 'Ё':
			r = 'е'
		case r == 'ς':
			r = 'σ'
		default:
			r = unicode.ToLower(r)
		}
		buf = utf8.AppendRune(buf, r)
	}
	return buf
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// isJoiner reports characters that join two words into a compound when
// nothing separates them.
func isJoiner(r rune) bool {
	switch r {
	case '.', '-', '_', '&', ',':
		return true
	}
	return isApostrophe(r) || isHyphen(r)
}

func isApostrophe(r rune) bool {
	switch r {
	case '\'', '\u2019', '\u2018', '\u02BC', '\u2032':
		return true
	}
	return false
}

func isHyphen(r rune) bool {
	switch r {
	case '-', '\u2010', '\u2011':
		return true
	}
	return false
}

// isInvisible reports characters that may sit inside a word without
// showing: soft hyphen, zero-width space and joiners, word joiner, BOM.
func isInvisible(r rune) bool {
	switch r {
	case '\u00AD', '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF':
		return true
	}
	return false
}

// isIdeograph reports characters of scripts written without spaces
// between words, which are indexed one character at a time.
func isIdeograph(r rune) bool {
	return r >= 0x2E80 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r))
}
