package qa

import (
	"regexp"
	"strings"
)

// Cues that make a sentence a better answer to a kind of question. They are
// scored on the sentence's own text, so a quote is chosen for what it says,
// never rewritten to say it.
var (
	// causeRE finds words that give a cause or motive; weakCauseRE those
	// that only link two things ("has been linked to hacks of European
	// infrastructure"), which half answer a "why".
	causeRE = regexp.MustCompile(`(?i)\b(because|retaliat\w*|in response to|motivat\w*|triggered|reason\w*|revenge|motive|in order to|aimed at|sought to)\b` +
		`|(?i)(?:^|[^\p{L}])(потому что|из-за|в ответ на|мест[ьию]\p{L}*|отместк\p{L}*|мотив\p{L}*|причин\p{L}*|чтобы)(?:[^\p{L}]|$)`)
	weakCauseRE = regexp.MustCompile(`(?i)\b(linked (?:it |them )?to|due to|response|after)\b` +
		`|(?i)(?:^|[^\p{L}])(связ\p{L}* с|после)(?:[^\p{L}]|$)`)
	dateRE = regexp.MustCompile(`(?i)\b(?:(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.\s*\d{1,2}|\d{1,2}\s+(?:january|february|march|april|may|june|july|august|september|october|november|december)(?:\s+\d{4})?|(?:january|february|march|april|may|june|july|august|september|october|november|december)\s+\d{1,2}(?:,?\s+\d{4})?|(?:19|20)\d\d-\d\d-\d\d)\b` +
		`|(?i)\d{1,2}\s+(?:января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)(?:\s+\d{4})?(?:[^\p{L}]|$)`)
	numRE   = regexp.MustCompile(`\b\d[\d,.]*\b`)
	nameRE  = regexp.MustCompile(`\b\p{Lu}[\p{L}\d]+(?:[ .-]\p{Lu}[\p{L}\d]+)*\b`)
	placeRE = regexp.MustCompile(`\b(?:in|at|from|near)\s+\p{Lu}\p{L}+`)
	// listRE finds a run of at least three comma-separated names, the shape
	// of an answer to "which".
	listRE = regexp.MustCompile(`\p{Lu}[\p{L}.]+(?:, \p{Lu}[\p{L}.]+){2,}`)
)

// kindBonus scores how well a sentence's shape fits the kind of question,
// from 0 to 1.
func kindBonus(k Kind, s string) float64 {
	switch k {
	case KindWhy:
		switch {
		case causeRE.MatchString(s):
			return 1
		case weakCauseRE.MatchString(s):
			return 0.5
		}
	case KindWhen:
		if dateRE.MatchString(s) {
			return 1
		}
	case KindHowMany:
		if numRE.MatchString(s) {
			return 1
		}
	case KindWhere:
		if placeRE.MatchString(s) {
			return 1
		}
	case KindWhich:
		if listRE.MatchString(s) {
			return 1
		}
		return 0.3 * float64(min(len(nameRE.FindAllString(s, -1)), 3)) / 3
	case KindWho:
		// Names beyond the first word of the sentence.
		n := 0
		for _, m := range nameRE.FindAllStringIndex(s, -1) {
			if m[0] > 0 {
				n++
			}
		}
		return float64(min(n, 3)) / 3
	}
	return 0
}

// shortAnswer picks, from a quote, the span that answers the kind of
// question directly: a date for "when", a number for "how many". It is a
// substring of the quote, so the bot still says nothing of its own.
func shortAnswer(k Kind, quote string) string {
	switch k {
	case KindWhen:
		return trimDate(dateRE.FindString(quote))
	case KindHowMany:
		return numRE.FindString(quote)
	case KindWhich:
		return listRE.FindString(quote)
	}
	return ""
}

// normalize folds case, quote marks and white space, so that texts that
// differ only in those compare equal.
func normalize(s string) string {
	r := strings.NewReplacer("“", `"`, "”", `"`, "„", `"`, "«", `"`, "»", `"`, "‘", "'", "’", "'", "\u00a0", " ")
	return strings.Join(strings.Fields(strings.ToLower(r.Replace(s))), " ")
}

// trimDate drops the character after a date that dateRE matches to tell
// a Russian month name from a longer word ("мая" from "маяк").
func trimDate(s string) string { return strings.TrimRight(s, " ,.;:!?)»\"\n") }
