package qa

// Aligned disagreements.
//
// Sources disagree only when they state different values for the same
// thing. Two sentences that share a word ("In Houston, the concert…" and
// "Whitney Houston sang…") are about different things, and showing them as
// a conflict would mislead a journalist. What makes two statements be
// about the same thing is that they say it in the same words: "Dockworkers
// stopped work at 6 a.m. on Tuesday" and "Dockworkers stopped work at
// 6 a.m. on Wednesday" align word for word except for one value. differing
// aligns two sentences and reports such a value, and only such a value:
//
//   - the sentences differ in exactly one place, where a short run of
//     words (at most maxHunkWords) replaces another; a pure insertion or
//     deletion adds a detail rather than contradicting one;
//   - the words they share are most of each sentence (minCommonPercent)
//     and at least minCommonWords, so the alignment is not a coincidence;
//   - both differing runs hold a value — a number, a name (a capitalised
//     word that is neither the sentence's first nor a stop word), a month
//     or a weekday — so that a rewording ("said" for "stated") is not
//     taken for a disagreement.
//
// The alignment is the word-level diff of the two sentences, comparing
// words case-folded but not stemmed ("people" and "person" differ).
// The longest common subsequence of two sequences is their longest common
// prefix, plus their longest common suffix, plus the longest common
// subsequence of what lies between; so a diff with a single hunk exists
// exactly when the middles left by the common prefix and suffix share no
// word, and that hunk is those middles. differing therefore needs no
// O(n·m) table: it strips the common prefix and suffix and checks that
// the middles are disjoint.

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

const (
	// maxAlignWords is the longest sentence differing aligns; a longer
	// text is not a sentence and is never reported.
	maxAlignWords = 200
	// maxHunkWords is the most words a differing value may span.
	maxHunkWords = 4
	// minCommonWords is the fewest words two aligned sentences must share.
	minCommonWords = 5
	// minCommonPercent is the least share of each sentence, in percent,
	// that its shared words must make.
	minCommonPercent = 70
)

// span is the half-open range [lo, hi) of the words of a sentence.
type span struct{ lo, hi int }

// differing reports whether sentences a and b, in language lang, state the
// same thing with one different value, and returns the two values as the
// exact text of a and of b that holds them. See the file comment for the
// rules.
func differing(a, b string, lang string) (va, vb string, ok bool) {
	wa, wb := alignWords(a, lang), alignWords(b, lang)
	if wa == nil || wb == nil {
		return "", "", false
	}
	ha, hb, ok := soleHunk(wa, wb)
	if !ok || !alignedEnough(len(wa), len(wb), len(wa)-(ha.hi-ha.lo)) {
		return "", "", false
	}
	if !holdsValue(wa, ha) || !holdsValue(wb, hb) {
		return "", "", false
	}
	va, vb = spanText(a, wa, ha), spanText(b, wb, hb)
	if strings.EqualFold(va, vb) {
		return "", "", false
	}
	return va, vb, true
}

// alignWords returns the words of s that take part in the alignment: the
// tokens of s in lang, stop words included but compound parts left out.
// It returns nil for an empty text or one of more than maxAlignWords words.
func alignWords(s, lang string) []Token {
	var out []Token
	for _, t := range Analyze(s, lang) {
		if t.Part {
			continue
		}
		if len(out) == maxAlignWords {
			return nil
		}
		out = append(out, t)
	}
	return out
}

// sameWord reports whether two words align: equal once case-folded.
func sameWord(x, y Token) bool {
	return strings.ToLower(x.Text) == strings.ToLower(y.Text)
}

// soleHunk returns the one place where wa and wb differ, as a span of each,
// when their word-level diff has exactly one hunk and that hunk replaces
// words on both sides.
func soleHunk(wa, wb []Token) (ha, hb span, ok bool) {
	p := 0
	for p < len(wa) && p < len(wb) && sameWord(wa[p], wb[p]) {
		p++
	}
	s := 0
	for s < len(wa)-p && s < len(wb)-p && sameWord(wa[len(wa)-1-s], wb[len(wb)-1-s]) {
		s++
	}
	ha, hb = span{p, len(wa) - s}, span{p, len(wb) - s}
	if ha.lo == ha.hi || hb.lo == hb.hi || ha.hi-ha.lo > maxHunkWords || hb.hi-hb.lo > maxHunkWords {
		return ha, hb, false
	}
	return ha, hb, !shareWord(wa[ha.lo:ha.hi], wb[hb.lo:hb.hi])
}

// shareWord reports whether any word of xs aligns with a word of ys: then
// the diff aligns it too, and the sentences differ in two places.
func shareWord(xs, ys []Token) bool {
	for _, x := range xs {
		for _, y := range ys {
			if sameWord(x, y) {
				return true
			}
		}
	}
	return false
}

// alignedEnough reports whether common shared words are enough to align
// sentences of na and nb words.
func alignedEnough(na, nb, common int) bool {
	return common >= minCommonWords &&
		common*100 >= minCommonPercent*na &&
		common*100 >= minCommonPercent*nb
}

// holdsValue reports whether the words of span h hold a value: a digit,
// a month or weekday name, or a name, that is a capitalised word that is
// neither the sentence's first word nor a stop word.
func holdsValue(words []Token, h span) bool {
	for i := h.lo; i < h.hi; i++ {
		t := words[i]
		if hasDigit(t.Text) || isDateName(t.Text) || i > 0 && !t.Stop && isCapitalised(t.Text) {
			return true
		}
	}
	return false
}

// isDateName reports whether word names a month or a day of the week.
func isDateName(word string) bool {
	w := strings.ToLower(word)
	_, month := monthNames[w]
	_, weekday := weekdays[w]
	return month || weekday
}

// isCapitalised reports whether word begins with an upper-case letter.
func isCapitalised(word string) bool {
	r, _ := utf8.DecodeRuneInString(word)
	return unicode.IsUpper(r)
}

// spanText returns the exact text of s from the start of the first word of
// h to the end of its last.
func spanText(s string, words []Token, h span) string {
	return s[words[h.lo].Start:words[h.hi-1].End]
}

// valueKind labels a differing value: "date" when it holds a month or
// weekday name or is a four-digit year alone, "number" when it holds a
// digit, "name" otherwise.
func valueKind(v string) string {
	for _, t := range Analyze(v, "") {
		if isDateName(t.Text) {
			return "date"
		}
	}
	if isYear(strings.TrimSpace(v)) {
		return "date"
	}
	if hasDigit(v) {
		return "number"
	}
	return "name"
}
