package qa

import (
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/newsdesk/newsdesk/corpus"
)

// Sources may date the same event differently: a rewrite puts the attack
// on the 21st where the others say the 20th. For a "when" question the
// answer shows each date as its sources write it.
//
// The dates compared are those the best sentences give for the event: a
// date right after a verb of saying ("Namazov said on 2 May") dates the
// statement, not the event, and is left out; a document whose sentences
// give more than one date for it is left out as ambiguous (it may tell of
// two events). Dates must name a day: "early February" is not compared.

// dateTop is how many of a "when" part's best candidates are read for
// dates.
const dateTop = 15

// monthNumbers maps month names and abbreviations to their numbers.
var monthNumbers = map[string]int{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
	"may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
	"september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
	"января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
	"августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
}

// statedRE ends just before a date that dates a statement.
var statedRE = regexp.MustCompile(`(?i)\b(?:said|says|told|reported|announced|stated|revealed|wrote|added|published)(?:\s+\w+){0,2}\s+(?:on|in)?\s*$`)

var dateNumRE = regexp.MustCompile(`\d{1,4}`)
var dateWordRE = regexp.MustCompile(`\p{L}+`)

// dayOf returns the month and day a date mention names, or ok false.
func dayOf(mention string) (month, day int, ok bool) {
	if t, err := timeParseISO(mention); err == nil {
		return t[1], t[2], true
	}
	for _, w := range dateWordRE.FindAllString(mention, -1) {
		if m, ok := monthNumbers[strings.ToLower(w)]; ok {
			month = m
			break
		}
	}
	for _, n := range dateNumRE.FindAllString(mention, -1) {
		if len(n) <= 2 {
			day, _ = strconv.Atoi(n)
			break
		}
	}
	return month, day, month > 0 && day >= 1 && day <= 31
}

// timeParseISO reads YYYY-MM-DD into year, month, day.
func timeParseISO(s string) ([3]int, error) {
	var out [3]int
	parts := strings.Split(s, "-")
	if len(parts) != 3 {
		return out, strconv.ErrSyntax
	}
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil {
			return out, err
		}
		out[i] = n
	}
	return out, nil
}

// eventDates returns the dates sentence s gives that are not the dates of
// a statement, as (month, day) keys with their verbatim text.
func eventDates(s string) map[[2]int]string {
	out := map[[2]int]string{}
	for _, loc := range dateRE.FindAllStringIndex(s, -1) {
		if statedRE.MatchString(s[:loc[0]]) {
			continue
		}
		text := trimDate(s[loc[0]:loc[1]])
		if m, d, ok := dayOf(text); ok {
			if _, seen := out[[2]int{m, d}]; !seen {
				out[[2]int{m, d}] = text
			}
		}
	}
	return out
}

// dateDisagreement compares the event dates that the best candidates of a
// "when" part give, one vote per independent document (a near-duplicate
// votes with its original), and returns the versions when there are two
// or more.
func dateDisagreement(cands []quoteCandidate, minCoverage float64, ans *Answer, cite *citations) (Disagreement, bool) {
	byDoc := map[int64]map[[2]int]string{}
	docs := map[int64]*corpus.Document{}
	var order []int64
	for _, c := range cands[:min(len(cands), dateTop)] {
		if c.coverage < minCoverage {
			continue
		}
		id := c.doc.ID
		if c.doc.DuplicateOf != 0 {
			id = c.doc.DuplicateOf
		}
		if _, ok := byDoc[id]; !ok {
			byDoc[id] = map[[2]int]string{}
			docs[id] = c.doc
			order = append(order, id)
		}
		for k, text := range eventDates(c.doc.Text(c.doc.Sentences[c.sent])) {
			if _, ok := byDoc[id][k]; !ok {
				byDoc[id][k] = text
			}
		}
	}
	versions := map[[2]int][]*corpus.Document{}
	texts := map[[2]int]string{}
	var keys [][2]int
	for _, id := range order {
		if len(byDoc[id]) != 1 { // none, or ambiguous
			continue
		}
		for k, text := range byDoc[id] {
			if _, ok := versions[k]; !ok {
				keys = append(keys, k)
				texts[k] = text
			}
			versions[k] = append(versions[k], docs[id])
		}
	}
	if len(keys) < 2 {
		return Disagreement{}, false
	}
	dis := Disagreement{Aspect: "date"}
	for _, k := range keys {
		var srcs []int
		for _, d := range versions[k] {
			srcs = append(srcs, cite.number(ans, d))
		}
		sort.Ints(srcs)
		dis.Versions = append(dis.Versions, Version{Text: texts[k], Sources: srcs})
	}
	return dis, true
}
