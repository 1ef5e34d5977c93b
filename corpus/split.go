package corpus

// Sentence splitting.
//
// A body is paragraphs separated by "\n\n"; every "\n\n" ends a paragraph,
// so the paragraphs and their indexes are exactly those of
// strings.Split(body, "\n\n"). Sentences never span paragraphs, and each is
// trimmed of the white space around it, so that between the sentences of a
// paragraph there is only white space.
//
// A sentence ends at a terminal run — one or more of . ! ? … followed by
// any closing quotes and brackets (” ’ " ' » ) ]) — when white space and a
// plausible sentence start follow: an upper-case or caseless letter, a
// digit, a currency sign, or an opening quote or bracket. So:
//
//   - "3.5", "Report.Az", "kyivindependent.com" and "U.S.-backed" never end
//     a sentence: no space follows the dot;
//   - a closing quote stays with the sentence it closes; a quotation that
//     spans sentences is split like any text, its opening mark in the first
//     sentence and its closing mark in the last;
//   - a quote followed by a lower-case attribution stays one sentence with
//     it: “We will stand by you.” he said. is one sentence, because the
//     words a journalist cites are the quote with who said it; with “He
//     said” the attribution starts a sentence of its own;
//   - an ellipsis ends a sentence only before a plausible start;
//   - inside parentheses or brackets that close later in the paragraph no
//     sentence ends, so a parenthetical stays with its sentence.
//
// A single dot after a known abbreviation or an initial is judged by the
// abbreviation's kind (see abbrevs): titles such as "Mr.", "Gen." and
// "e.g." never end a sentence; "Feb." or "No." do not before a number;
// names and initials ("St.", "U.S.", "J.") do not unless the next word is
// a stop word ("... in the U.S. The next day"); Russian "г." does not
// unless a year precedes it ("в 2025 г. Затем"). Known limits: a sentence
// that really ends in an initial or "St." before a capitalised name runs
// on, and German ordinals ("20. Februar") end a sentence.
//
// The scanner looks at bytes and decodes runes only around dots, so it
// allocates nothing but the result.

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Split returns the sentences of body in order, with their byte offsets and
// paragraph indexes. A paragraph without final punctuation is one sentence;
// a paragraph of white space has none.
func Split(body string) []Sentence {
	out := make([]Sentence, 0, len(body)/96+1)
	for start, para := 0, 0; ; para++ {
		end := strings.Index(body[start:], "\n\n")
		if end < 0 {
			return splitPara(out, body, start, len(body), para)
		}
		out = splitPara(out, body, start, start+end, para)
		start += end + 2
	}
}

// splitPara appends the sentences of the paragraph body[ps:pe].
func splitPara(out []Sentence, body string, ps, pe, para int) []Sentence {
	s := ps         // start of the current sentence, before trimming
	depth := 0      // brackets open in the current sentence
	lastClose := -2 // offset of the paragraph's last ")" or "]"; -2 until needed
	for i := ps; i < pe; {
		switch c := body[i]; c {
		case '(', '[':
			depth++
			i++
			continue
		case ')', ']':
			if depth > 0 {
				depth--
			}
			i++
			continue
		case '.', '!', '?':
		case 0xE2: // first byte of "…"
			if !strings.HasPrefix(body[i:pe], "…") {
				i++
				continue
			}
		default:
			i++
			continue
		}
		// A terminal run starts at i.
		j := i
		for j < pe {
			if c := body[j]; c == '.' || c == '!' || c == '?' {
				j++
			} else if strings.HasPrefix(body[j:pe], "…") {
				j += len("…")
			} else {
				break
			}
		}
		k := j
		for k < pe {
			n := closerLen(body[k:pe])
			if n == 0 {
				break
			}
			if c := body[k]; (c == ')' || c == ']') && depth > 0 {
				depth--
			}
			k += n
		}
		next := skipSpace(body, k, pe)
		if depth > 0 && lastClose == -2 {
			if lastClose = strings.LastIndexAny(body[ps:pe], ")]"); lastClose >= 0 {
				lastClose += ps
			}
		}
		if next == k || next == pe || !sentenceStart(body[next:pe]) ||
			depth > 0 && next < lastClose || // a bracket still open closes later
			j-i == 1 && body[i] == '.' && !endsAfterDot(body, s, i, next, pe) {
			i = k
			continue
		}
		out = appendTrimmed(out, body, s, k, para)
		s, depth, i = next, 0, next
	}
	return appendTrimmed(out, body, s, pe, para)
}

// appendTrimmed appends body[s:e] without its surrounding white space, if
// anything is left.
func appendTrimmed(out []Sentence, body string, s, e, para int) []Sentence {
	s = skipSpace(body, s, e)
	for e > s {
		r, n := utf8.DecodeLastRuneInString(body[s:e])
		if !isSpace(r) {
			break
		}
		e -= n
	}
	if s < e {
		out = append(out, Sentence{Start: s, End: e, Para: para})
	}
	return out
}

// skipSpace returns the offset of the first non-space rune in body[i:e],
// or e.
func skipSpace(body string, i, e int) int {
	for i < e {
		if c := body[i]; c < utf8.RuneSelf {
			if c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\v' && c != '\f' {
				return i
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(body[i:e])
		if !isSpace(r) {
			return i
		}
		i += n
	}
	return e
}

func isSpace(r rune) bool { return unicode.IsSpace(r) }

// closerLen returns the length of the closing quote or bracket s starts
// with, or 0.
func closerLen(s string) int {
	switch {
	case s == "":
		return 0
	case s[0] == '"' || s[0] == '\'' || s[0] == ')' || s[0] == ']' || s[0] == '}':
		return 1
	case strings.HasPrefix(s, "”"), strings.HasPrefix(s, "’"):
		return len("”")
	case strings.HasPrefix(s, "»"):
		return len("»")
	}
	return 0
}

// isOpener reports whether r opens a quotation or a bracket.
func isOpener(r rune) bool {
	switch r {
	case '"', '\'', '(', '[', '{', '“', '‘', '«', '„', '‚', '¿', '¡':
		return true
	}
	return false
}

// sentenceStart reports whether s begins like a sentence.
func sentenceStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	switch {
	case r < utf8.RuneSelf:
		return 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '$' || isOpener(r)
	case unicode.IsLetter(r):
		return !unicode.IsLower(r) // upper case, title case, or a caseless script
	}
	return unicode.IsDigit(r) || isOpener(r) || unicode.Is(unicode.Sc, r)
}
