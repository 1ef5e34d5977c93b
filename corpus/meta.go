package corpus

// Metadata a page's text gives away, read from where a site prints it:
//
//   - Title: the headline layout found (body.go).
//   - Author: a byline ("By Aghakazim Guliyev") between the headline and
//     the article, or right after the article.
//   - Outlet: a desk byline ("by The Kyiv Independent news desk"), then a
//     site name signed alone under the article ("Caliber.Az"), then a
//     "Read more @ site" or "Source: site" line, then a copyright line
//     ("Caliber.az © 2025", "© 2025 The Outlet. All rights reserved.").
//   - Published: a date in the byline or on a line of its own between the
//     headline and the article ("May 2, 2025 8:27 PM", "21 February 2025
//     18:17"), or in a byline under it. A date above the headline is the
//     site's header (today's date), never the article's; without a
//     headline only a date that comes with a time or a byline counts.
//     When unsure the date stays empty: no date beats a wrong one.
//   - URL: the article's own link in a "Read more" line. An outlet's home
//     page ("Read more @ kyivindependent.com") is not the article's link:
//     the URL then stays empty, and answers cite the stored article.

import (
	"cmp"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// months maps month names and abbreviations (English; Russian and
// Ukrainian in the genitive, as dates write them) to months.
var months = map[string]time.Month{
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
	"may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
	"september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
	"december": 12, "dec": 12,
	"января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
	"августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
	"січня": 1, "лютого": 2, "березня": 3, "квітня": 4, "травня": 5, "червня": 6, "липня": 7,
	"серпня": 8, "вересня": 9, "жовтня": 10, "листопада": 11, "грудня": 12,
}

// dateFillers are the words a line holding only a date may also have.
var dateFillers = map[string]bool{
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true,
	"saturday": true, "sunday": true, "mon": true, "tue": true, "tues": true, "wed": true,
	"thu": true, "thur": true, "thurs": true, "fri": true, "sat": true, "sun": true,
	"понедельник": true, "вторник": true, "среда": true, "четверг": true, "пятница": true,
	"суббота": true, "воскресенье": true,
	"at": true, "on": true, "updated": true, "published": true, "posted": true, "last": true,
	"am": true, "pm": true, "a.m": true, "p.m": true, "gmt": true, "utc": true, "est": true,
	"edt": true, "bst": true, "cet": true, "cest": true, "eet": true, "eest": true, "msk": true,
	"pst": true, "pdt": true, "kyiv": true, "time": true, "опубликовано": true, "обновлено": true, "в": true,
}

var (
	mdyRE    = regexp.MustCompile(`(?:^|[^\pL\pN])(\pL{3,10})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:$|[^\pL\pN])`)
	dmyRE    = regexp.MustCompile(`(?:^|[^\pL\pN])(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(\pL{3,10})\.?,?\s+(\d{4})(?:$|[^\pL\pN])`)
	isoRE    = regexp.MustCompile(`(?:^|[^\pN])(\d{4})-(\d{2})-(\d{2})(?:$|[^\pN])`)
	dottedRE = regexp.MustCompile(`(?:^|[^\pN.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?:$|[^\pN])`)
	clockRE  = regexp.MustCompile(`(?i)(?:^|[^\pN])\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\b\.?)?`)
)

// dateMatch is one date found in a line.
type dateMatch struct {
	t          time.Time // at UTC midnight
	start, end int       // byte span in the line
}

// findDates returns the valid dates written in s, in order. Day-month order
// is taken from the month's name; numeric dates are read as ISO
// (2025-05-02) or European (02.05.2025), never the ambiguous 02/05/2025.
func findDates(s string) []dateMatch {
	if !strings.ContainsAny(s, "0123456789") {
		return nil
	}
	var out []dateMatch
	add := func(y, m, d string, mon time.Month, start, end int) {
		year, _ := strconv.Atoi(y)
		dd, _ := strconv.Atoi(d)
		if mon == 0 {
			mm, _ := strconv.Atoi(m)
			mon = time.Month(mm)
		}
		if year < 1900 || year > 2200 || mon < 1 || mon > 12 || dd < 1 || dd > 31 {
			return
		}
		t := time.Date(year, mon, dd, 0, 0, 0, 0, time.UTC)
		if t.Day() != dd { // February 30
			return
		}
		out = append(out, dateMatch{t, start, end})
	}
	for _, m := range mdyRE.FindAllStringSubmatchIndex(s, -1) {
		add(s[m[6]:m[7]], "", s[m[4]:m[5]], months[strings.ToLower(s[m[2]:m[3]])], m[2], m[7])
	}
	for _, m := range dmyRE.FindAllStringSubmatchIndex(s, -1) {
		add(s[m[6]:m[7]], "", s[m[2]:m[3]], months[strings.ToLower(s[m[4]:m[5]])], m[2], m[7])
	}
	for _, m := range isoRE.FindAllStringSubmatchIndex(s, -1) {
		add(s[m[2]:m[3]], s[m[4]:m[5]], s[m[6]:m[7]], 0, m[2], m[7])
	}
	for _, m := range dottedRE.FindAllStringSubmatchIndex(s, -1) {
		add(s[m[6]:m[7]], s[m[4]:m[5]], s[m[2]:m[3]], 0, m[2], m[7])
	}
	sort.Slice(out, func(i, j int) bool { return out[i].start < out[j].start })
	return out
}

// isDateOnly reports whether t is a date or a time of day and nothing
// else but weekday names, "updated", time zones and punctuation.
func isDateOnly(t string) bool {
	found := false
	rest := t
	if ds := findDates(t); len(ds) > 0 {
		found = true
		var b strings.Builder
		prev := 0
		for _, d := range ds {
			if d.start >= prev {
				b.WriteString(t[prev:d.start])
				b.WriteByte(' ')
				prev = d.end
			}
		}
		b.WriteString(t[prev:])
		rest = b.String()
	}
	if clockRE.MatchString(rest) {
		found = true
		rest = clockRE.ReplaceAllString(rest, " ")
	}
	if !found {
		return false
	}
	for w := range strings.FieldsSeq(rest) {
		if w = strings.TrimRight(normWord(w), "."); w != "" && !dateFillers[w] {
			return false
		}
	}
	return true
}

var (
	// deskRE reads an outlet out of a desk byline: "The Kyiv Independent
	// news desk", "Reuters staff".
	deskRE = regexp.MustCompile(`(?i)^(.+?)(?:'s|’s)?\s+(?:news\s*desk|desk|staff|newsroom|editorial\s+(?:team|board|staff|office)|editors|reporters|correspondents?|team)$`)
	// readMoreRE reads the site of "Read more @ kyivindependent.com",
	// "Source: https://...", "Originally published at site".
	readMoreRE = regexp.MustCompile(`(?i)^(?:read\s+(?:more|the\s+full\s+(?:story|article))|full\s+story|more|source|via|originally\s+(?:published|appeared)(?:\s+(?:at|on|in))?)\s*(?:@|:|at\b|on\b|in\b|-|—|–)?\s*(\S+?)[.]?$`)
	domainRE   = regexp.MustCompile(`^(?:[\pL\pN](?:[\pL\pN-]*[\pL\pN])?\.)+\pL{2,}$`)
	nameWordRE = regexp.MustCompile(`^(?:\p{Lu}[\pL'’.-]*|\p{Lu}\.|de|da|di|del|der|den|van|von|la|le|du|al|el|bin|ibn|ter|y)$`)
)

// byline is what a byline line says.
type byline struct {
	author, outlet string
	date           time.Time
}

// parseByline reads a byline: who wrote it, or which outlet's desk, and
// the date it carries.
func parseByline(t string) (byline, bool) {
	m := bylineRE.FindStringSubmatch(t)
	if m == nil {
		m = wireCreditRE.FindStringSubmatch(t)
	}
	if m == nil {
		return byline{}, false
	}
	var b byline
	name := m[1]
	if ds := findDates(name); len(ds) > 0 {
		b.date = ds[0].t
		name = name[:ds[0].start]
	}
	if i := strings.IndexFunc(name, func(r rune) bool { return unicode.IsDigit(r) || strings.ContainsRune("|•·—–", r) }); i >= 0 {
		name = name[:i]
	}
	name = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(name), ",;:-"))
	if d := deskRE.FindStringSubmatch(name); d != nil {
		b.outlet = strings.TrimSpace(d[1])
	} else if personNames(name) {
		b.author = name
	} else if who, role, ok := strings.Cut(name, ","); ok && personNames(who) && isRole(role) {
		b.author = strings.TrimSpace(who) // "Anna Visser, labour economist"
	}
	return b, b.author != "" || b.outlet != "" || !b.date.IsZero()
}

// isRole reports whether s, the words after a name and a comma in a
// byline, describe the author rather than name another: lower-case words
// ("labour economist", "senior correspondent in Kyiv").
func isRole(s string) bool {
	s = strings.TrimSpace(s)
	r, _ := utf8.DecodeRuneInString(s)
	return s != "" && unicode.IsLower(r) && len(strings.Fields(s)) <= 8
}

// personNames reports whether s reads as one or more names: capitalised
// words and name particles, joined by commas, "and" or "&".
func personNames(s string) bool {
	s = strings.NewReplacer(",", " , ", " & ", " , ", " and ", " , ").Replace(s)
	n, inName := 0, 0
	for w := range strings.FieldsSeq(s) {
		if w == "," {
			if inName == 0 {
				return false
			}
			inName = 0
			continue
		}
		if !nameWordRE.MatchString(w) {
			return false
		}
		n++
		inName++
		if inName > 5 {
			return false
		}
	}
	return n > 0 && inName > 0
}

// siteOf reads the target of a "Read more @ site" line: the outlet as
// written, and the URL it names, if it names one.
func siteOf(t string) (outlet, link string, ok bool) {
	m := readMoreRE.FindStringSubmatch(t)
	if m == nil {
		return "", "", false
	}
	target := strings.Trim(m[1], "()<>[]")
	if u, err := url.Parse(target); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		return strings.TrimPrefix(u.Hostname(), "www."), u.String(), true
	}
	if domainRE.MatchString(target) {
		return strings.TrimPrefix(target, "www."), "", true // a site, not the article's link
	}
	return "", "", false
}

var copyrightStripRE = regexp.MustCompile(`(?i)©|\(c\)|\bcopyright\b|\ball rights reserved\b\.?|все права защищены\.?|\b(?:19|20)\d{2}(?:\s*[-–—]\s*(?:19|20)\d{2})?\b`)

// copyrightOutlet reads the outlet of a copyright line: "Caliber.az © 2025.",
// "© 2025 The Outlet. All rights reserved."
func copyrightOutlet(t string) (string, bool) {
	if !isCopyright(t) {
		return "", false
	}
	rest := copyrightStripRE.ReplaceAllString(t, " ")
	rest = strings.TrimFunc(fold(rest), func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) })
	rest = strings.TrimSpace(strings.TrimRight(rest, ". "))
	if rest == "" || len(strings.Fields(rest)) > 6 || strings.ContainsAny(rest, ".!?") && !domainRE.MatchString(rest) {
		return "", false
	}
	return rest, true
}

// tailSize is how many paragraphs after the article are read for a
// signature, a byline or a source line.
const tailSize = 4

// meta returns the metadata the page's text gives away.
func (pg *page) meta() Meta {
	var m Meta
	if pg.start == pg.end {
		return m
	}
	if pg.hasTitle {
		m.Title = pg.paras[pg.title].text
	}
	// Between the headline and the article: bylines and dates.
	head := max(0, pg.start-3)
	if pg.hasTitle && pg.title < pg.start {
		head = pg.title + 1
	}
	tail := min(len(pg.paras), pg.end+tailSize)
	var desk string
	for _, i := range append(seq(head, pg.start), seq(pg.end, tail)...) {
		t := pg.paras[i].text
		if b, ok := parseByline(t); ok && pg.shapes[i].chrome == chromeByline {
			m.Author = cmp.Or(m.Author, b.author)
			desk = cmp.Or(desk, b.outlet)
			if m.Published.IsZero() {
				m.Published = b.date
			}
			continue
		}
		if !m.Published.IsZero() || pg.prose[i] || pg.shapes[i].words > 20 {
			continue
		}
		ds := findDates(t)
		if len(ds) == 0 {
			continue
		}
		// Without a headline only a dated line with a time, or a line
		// after the article, is the article's.
		if i < pg.start && !pg.hasTitle && !clockRE.MatchString(t) {
			continue
		}
		if i >= pg.end && pg.shapes[i].chrome != chromeDate {
			continue
		}
		m.Published = ds[0].t
	}
	m.Outlet, m.URL = pg.outlet(desk, tail)
	return m
}

// outlet names the outlet and a URL from a desk byline, a signature under
// the article, a "Read more" line or a copyright line, in that order.
func (pg *page) outlet(desk string, tail int) (outlet, link string) {
	var sig, more, moreURL, copy string
	for i := pg.end; i < tail && sig == ""; i++ {
		if t := pg.paras[i].text; domainRE.MatchString(t) {
			sig = t
		}
	}
	for i, p := range pg.paras {
		if i >= pg.start && i < pg.end {
			continue
		}
		if len(p.text) > 200 { // no Read-more or copyright line is this long
			continue
		}
		if o, u, ok := siteOf(p.text); ok && more == "" {
			more, moreURL = o, u
		}
		if o, ok := copyrightOutlet(p.text); ok && copy == "" {
			copy = o
		}
	}
	outlet = cmp.Or(desk, sig, more, copy)
	return outlet, articleLink(moreURL)
}

// articleLink returns u when it can be an article's own address, and ""
// for an outlet's home page ("https://caliber.az", "https://x.com/"): a
// citation must not send a reader to a site's front page as if it were
// the article.
func articleLink(u string) string {
	p, err := url.Parse(u)
	if err != nil || strings.Trim(p.Path, "/") == "" && p.RawQuery == "" {
		return ""
	}
	return u
}

// seq returns the integers [from, to).
func seq(from, to int) []int {
	var out []int
	for i := from; i < to; i++ {
		out = append(out, i)
	}
	return out
}
