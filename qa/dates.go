package qa

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Dates: values sources disagree on (align.go), and the dates of events,
// as news text writes them (timeline.go).
//
// A sentence gives its event's date whole ("on 20 February 2025"), or in
// part and counting on the reader to know when the article appeared: "on
// Feb. 20" (this year), "on Tuesday" (the last Tuesday), "yesterday",
// "earlier this month". eventDate reads both, and says which it read
// against the publication date, so that a timeline can mark a resolved
// date as such. An article without a date resolves nothing: only dates
// written whole count there.
//
// The words are the languages' calendars (English and Russian), not
// choices: month and weekday names and the few words for "yesterday",
// "today" and "this/last month".

// Precision says how much of a date the text gives.
type Precision int

// The precisions of an event's date.
const (
	Year Precision = iota + 1
	Month
	Day
)

func (p Precision) String() string {
	switch p {
	case Day:
		return "day"
	case Month:
		return "month"
	case Year:
		return "year"
	}
	return ""
}

// eventDate is the date a sentence gives its event.
type eventDate struct {
	t         time.Time // the first day of the period, UTC
	precision Precision
	said      string // the words that give it, as written
	resolved  string // how it was read against the publication date; "" when written whole
}

// key is the date as a timeline shows it: 2025-02-20, 2025-02 or 2025.
func (e eventDate) key() string {
	switch e.precision {
	case Day:
		return e.t.Format("2006-01-02")
	case Month:
		return e.t.Format("2006-01")
	}
	return e.t.Format("2006")
}

// monthNames maps month names and abbreviations, lower case, to months:
// they also tell a date from another capitalised word (align.go).
var monthNames = map[string]time.Month{
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
	"may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
	"september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
	"december": 12, "dec": 12,
	// Russian: genitive (20 февраля), nominative (февраль 2025), prepositional (в феврале).
	"января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
	"августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
	"январь": 1, "февраль": 2, "март": 3, "апрель": 4, "май": 5, "июнь": 6, "июль": 7,
	"август": 8, "сентябрь": 9, "октябрь": 10, "ноябрь": 11, "декабрь": 12,
	"январе": 1, "феврале": 2, "марте": 3, "апреле": 4, "мае": 5, "июне": 6, "июле": 7,
	"августе": 8, "сентябре": 9, "октябре": 10, "ноябре": 11, "декабре": 12,
}

// weekdays holds the names of the days of the week, lower case: the
// English names and the Russian ones in their common case forms
// (nominative, genitive, dative, accusative, instrumental, prepositional).
var weekdays = func() map[string]time.Weekday {
	m := map[string]time.Weekday{}
	for d, forms := range map[time.Weekday]string{
		time.Monday:    "monday понедельник понедельника понедельнику понедельником понедельнике",
		time.Tuesday:   "tuesday вторник вторника вторнику вторником вторнике",
		time.Wednesday: "wednesday среда среды среде среду средой",
		time.Thursday:  "thursday четверг четверга четвергу четвергом четверге",
		time.Friday:    "friday пятница пятницы пятнице пятницу пятницей",
		time.Saturday:  "saturday суббота субботы субботе субботу субботой",
		time.Sunday:    "sunday воскресенье воскресенья воскресенью воскресеньем",
	} {
		for _, w := range strings.Fields(forms) {
			m[w] = d
		}
	}
	return m
}()

// relativeDays are words for a day counted from the publication date.
var relativeDays = map[string]int{"today": 0, "yesterday": -1, "сегодня": 0, "вчера": -1, "позавчера": -2}

// alternation returns the keys of m as a regexp alternation, longest first.
func alternation[V any](m map[string]V) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, regexp.QuoteMeta(k))
	}
	slices.SortFunc(keys, func(a, b string) int { return len(b) - len(a) })
	return strings.Join(keys, "|")
}

// datePatterns are tried in order; the first that matches a span wins it.
var datePatterns = func() []struct {
	re   *regexp.Regexp
	read func(m []string, pub time.Time) (eventDate, bool)
} {
	mon, wd, rel := alternation(monthNames), alternation(weekdays), alternation(relativeDays)
	b, e := `(?:^|[^\pL\pN])`, `(?:$|[^\pL\pN])` // word edges that \b does not give for Cyrillic
	type pattern = struct {
		re   *regexp.Regexp
		read func(m []string, pub time.Time) (eventDate, bool)
	}
	re := func(s string) *regexp.Regexp { return regexp.MustCompile(`(?i)` + s) }
	return []pattern{
		{re(b + `((\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(` + mon + `)\.?,?\s+(\d{4}))` + e), func(m []string, _ time.Time) (eventDate, bool) {
			return whole(m[1], m[4], m[3], m[2])
		}},
		{re(b + `((` + mon + `)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4}))` + e), func(m []string, _ time.Time) (eventDate, bool) {
			return whole(m[1], m[4], m[2], m[3])
		}},
		{re(b + `((\d{4})-(\d{2})-(\d{2}))` + e), func(m []string, _ time.Time) (eventDate, bool) {
			y, _ := strconv.Atoi(m[2])
			mo, _ := strconv.Atoi(m[3])
			d, _ := strconv.Atoi(m[4])
			return day(m[1], y, time.Month(mo), d, "")
		}},
		{re(b + `((` + mon + `)\s+(?:of\s+)?(\d{4}))` + e), func(m []string, _ time.Time) (eventDate, bool) {
			y, _ := strconv.Atoi(m[3])
			mo, ok := month(m[2])
			if !ok || y < 1000 {
				return eventDate{}, false
			}
			return eventDate{t: time.Date(y, mo, 1, 0, 0, 0, 0, time.UTC), precision: Month, said: m[1]}, true
		}},
		{re(b + `((\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(` + mon + `))` + e), func(m []string, pub time.Time) (eventDate, bool) {
			return partial(m[1], m[3], m[2], pub)
		}},
		{re(b + `((` + mon + `)\.?\s+(\d{1,2})(?:st|nd|rd|th)?)(?:$|[^\pL\pN,.:]|[,.:](?:\s|$))`), func(m []string, pub time.Time) (eventDate, bool) {
			return partial(m[1], m[2], m[3], pub)
		}},
		{re(b + `((?:on\s+|во?\s+)?(` + wd + `))` + e), func(m []string, pub time.Time) (eventDate, bool) {
			if pub.IsZero() {
				return eventDate{}, false
			}
			want := weekdays[strings.ToLower(m[2])]
			back := (int(pub.Weekday()) - int(want) + 7) % 7
			t := pub.AddDate(0, 0, -back)
			return eventDate{t: t, precision: Day, said: m[1],
				resolved: "the " + m[2] + " on or before publication, " + pub.Format("2006-01-02")}, true
		}},
		// Lower case only: "Russia Today" is a broadcaster.
		{regexp.MustCompile(b + `((` + rel + `))` + e), func(m []string, pub time.Time) (eventDate, bool) {
			if pub.IsZero() {
				return eventDate{}, false
			}
			return eventDate{t: pub.AddDate(0, 0, relativeDays[strings.ToLower(m[2])]), precision: Day, said: m[1],
				resolved: "counted from publication, " + pub.Format("2006-01-02")}, true
		}},
		{re(b + `((?:earlier|later|at the (?:start|beginning|end)) (?:this|of this) month|в начале (?:этого )?месяца|в этом месяце)` + e), func(m []string, pub time.Time) (eventDate, bool) {
			if pub.IsZero() {
				return eventDate{}, false
			}
			return eventDate{t: time.Date(pub.Year(), pub.Month(), 1, 0, 0, 0, 0, time.UTC), precision: Month, said: m[1],
				resolved: "the month of publication, " + pub.Format("2006-01-02")}, true
		}},
		{re(b + `((?:last month|в прошлом месяце))` + e), func(m []string, pub time.Time) (eventDate, bool) {
			if pub.IsZero() {
				return eventDate{}, false
			}
			t := time.Date(pub.Year(), pub.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -1, 0)
			return eventDate{t: t, precision: Month, said: m[1], resolved: "the month before publication, " + pub.Format("2006-01-02")}, true
		}},
		{re(b + `((?:in|во?)\s+(` + mon + `))` + e), func(m []string, pub time.Time) (eventDate, bool) {
			mo, ok := month(m[2])
			if !ok || pub.IsZero() {
				return eventDate{}, false
			}
			t := nearest(pub, mo, 1)
			return eventDate{t: t, precision: Month, said: m[1],
				resolved: "year taken from publication, " + pub.Format("2006-01-02")}, true
		}},
		{re(b + `((?:in|since|by|until|в|с|до)\s+((?:1[89]|20|21)\d\d)(?:\s+(?:году|года|г\.))?)` + e), func(m []string, _ time.Time) (eventDate, bool) {
			y, _ := strconv.Atoi(m[2])
			return eventDate{t: time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), precision: Year, said: m[1]}, true
		}},
	}
}()

// month reads a month's name; "May" only in capitals, as "may" is a verb.
func month(name string) (time.Month, bool) {
	m, ok := monthNames[strings.ToLower(strings.TrimSuffix(name, "."))]
	if ok && strings.EqualFold(name, "may") && name != "May" && name != "MAY" {
		return 0, false
	}
	return m, ok
}

// whole reads a date written with its year.
func whole(said, year, monthName, dayNum string) (eventDate, bool) {
	y, _ := strconv.Atoi(year)
	d, _ := strconv.Atoi(dayNum)
	mo, ok := month(monthName)
	if !ok {
		return eventDate{}, false
	}
	return day(said, y, mo, d, "")
}

// partial reads a day and month without a year: the year is the one that
// puts the date nearest the publication date.
func partial(said, monthName, dayNum string, pub time.Time) (eventDate, bool) {
	mo, ok := month(monthName)
	d, _ := strconv.Atoi(dayNum)
	if !ok || pub.IsZero() || d < 1 || d > 31 {
		return eventDate{}, false
	}
	t := nearest(pub, mo, d)
	return day(said, t.Year(), mo, d, "year taken from publication, "+pub.Format("2006-01-02"))
}

// nearest returns the date of month mo, day d, in the year (publication's,
// the one before or after) that puts it nearest pub.
func nearest(pub time.Time, mo time.Month, d int) time.Time {
	best := time.Time{}
	for _, y := range []int{pub.Year() - 1, pub.Year(), pub.Year() + 1} {
		t := time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)
		if best.IsZero() || absDays(t.Sub(pub)) < absDays(best.Sub(pub)) {
			best = t
		}
	}
	return best
}

func absDays(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// day checks a calendar date.
func day(said string, y int, mo time.Month, d int, resolved string) (eventDate, bool) {
	if y < 1000 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31 {
		return eventDate{}, false
	}
	t := time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return eventDate{}, false
	}
	return eventDate{t: t, precision: Day, said: said, resolved: resolved}, true
}

// eventDateOf returns the first date text gives, read against pub (the
// article's publication date, zero when unknown), and false when it
// gives none. Where two readings overlap ("in February 2025" is also "in
// February"), the one tried first, the more complete, wins.
func eventDateOf(text string, pub time.Time) (eventDate, bool) {
	type found struct {
		d          eventDate
		start, end int
		prio       int
	}
	var all []found
	for i, p := range datePatterns {
		for _, loc := range p.re.FindAllStringSubmatchIndex(text, -1) {
			m := make([]string, len(loc)/2)
			for k := range m {
				if loc[2*k] >= 0 {
					m[k] = text[loc[2*k]:loc[2*k+1]]
				}
			}
			if d, ok := p.read(m, pub); ok {
				all = append(all, found{d, loc[2], loc[3], i})
				break
			}
		}
	}
	if len(all) == 0 {
		return eventDate{}, false
	}
	best := all[0]
	for _, f := range all[1:] {
		if f.start < best.start {
			best = f
		}
	}
	for _, f := range all {
		if f.prio < best.prio && f.start < best.end && best.start < f.end {
			best = f
		}
	}
	return best.d, true
}
