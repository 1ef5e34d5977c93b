package corpus

import (
	"fmt"
	"strings"
	"time"
)

// Explicit metadata fields (an archive's JSON fields, a front matter's keys)
// are read by the same rules, so that a date or a language code means the
// same wherever it is given.

// dateLayouts are the forms an explicit date field may take (an archive's
// "published", a front matter's "date"), tried in order. Ambiguous forms such
// as 02/05/2025 (May 2 or February 5?) are not among them.
var dateLayouts = []string{
	time.RFC3339Nano,            // 2025-05-02T20:27:00+03:00
	"2006-01-02",                // 2025-05-02
	"2006-01-02T15:04:05",       // no zone
	"2006-01-02T15:04",          //
	"2006-01-02 15:04:05Z07:00", // SQL-like with zone
	"2006-01-02 15:04:05 -0700", //
	"2006-01-02 15:04:05 -0700 MST",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006/01/02",
	"02.01.2006", // day.month.year, as European sites print it
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700", // RSS with a one-digit day
	"Mon, 2 Jan 2006 15:04:05 MST",
	"January 2, 2006",
	"Jan 2, 2006",
	"2 January 2006",
	"2 Jan 2006",
}

// parseDate reads an explicit date and returns the article's day at UTC
// midnight: "2025-05-02T23:30:00-05:00" is May 2 where it was written, so
// May 2 it stays, though it was already May 3 in UTC.
func parseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return day(t), nil
		}
	}
	// A string shaped like an ISO date whose fields are wrong ("2025-13-01")
	// is best explained by the parser's own words ("month out of range").
	if len(s) >= 10 && s[4] == '-' && s[7] == '-' {
		layout := "2006-01-02"
		if len(s) > 10 {
			layout = time.RFC3339
		}
		if _, err := time.Parse(layout, s); err != nil {
			return time.Time{}, fmt.Errorf("cannot read date %q: %w", s, err)
		}
	}
	return time.Time{}, fmt.Errorf("cannot read date %q: write it as 2025-05-02 or 2025-05-02T20:27:00+03:00 (RFC 3339)", s)
}

// unixDate turns seconds (or, when too large for seconds, milliseconds)
// since 1970 into the day at UTC midnight.
func unixDate(n int64) (time.Time, error) {
	const maxSeconds = 1e11 // year 5138: larger values are milliseconds
	t := time.Unix(n, 0)
	if n > maxSeconds || n < -maxSeconds {
		t = time.UnixMilli(n)
	}
	if y := t.UTC().Year(); y < 1800 || y > 9999 {
		return time.Time{}, fmt.Errorf("timestamp %d is year %d: want seconds since 1970", n, y)
	}
	return day(t.UTC()), nil
}

// day returns the calendar day of t, in t's own zone, at UTC midnight.
func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// langCode reads a language given as an ISO 639-1 code, ignoring case and a
// region or script suffix: "EN", "en-US" and "en_GB" are all "en".
func langCode(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	code, _, _ := strings.Cut(strings.ReplaceAll(s, "_", "-"), "-")
	code = strings.ToLower(code)
	if len(code) != 2 || code[0] < 'a' || code[0] > 'z' || code[1] < 'a' || code[1] > 'z' {
		return "", fmt.Errorf("want a two-letter language code such as \"en\" or \"ru\", got %q", s)
	}
	return code, nil
}
