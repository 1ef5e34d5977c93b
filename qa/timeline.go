package qa

import (
	"cmp"
	"context"
	"slices"
	"strings"
)

// A timeline is the dated events of a story in order, each a verbatim
// quote with its citations: the answer's path (retrieve, candidates,
// features, rank) up to the candidates, then every candidate that speaks
// of the query and dates its event (dates.go), the most relevant first,
// ordered by date. The same event dated differently by two sources (a
// copy that changed "Tuesday" to "Wednesday", a report that dates it
// otherwise) is one entry with both versions, each credited to who says
// it, never a blend.

// MaxEvents is the most events a timeline lists.
const MaxEvents = 40

// timelineDocuments is how many of the best-ranked documents a timeline
// reads: a story's events are spread over its reports, one or two a
// report, where an answer's evidence is in the best few.
const timelineDocuments = 60

// Timeline is the dated events of a story.
type Timeline struct {
	Query   string   `json:"query"`
	Events  []Event  `json:"events"`
	Sources []Source `json:"sources"`
}

// Event is one dated event: the quote that dates it.
type Event struct {
	Date      string `json:"date"`               // 2025-02-20, 2025-02 or 2025
	Precision string `json:"precision"`          // "day", "month" or "year"
	Said      string `json:"said"`               // the words that date it, as the quote writes them
	Resolved  string `json:"resolved,omitempty"` // how a partial date was read against the publication date
	Quote     Quote  `json:"quote"`
	// Others are the same event as other sources date it: each a version
	// with its own date, quote and citations.
	Others []Event `json:"others,omitempty"`
}

// wide returns a copy of a that reads timelineDocuments documents, for
// timelines and profiles, which gather from a story's many reports.
func (a *Answerer) wide() *Answerer {
	w := *a
	w.opts.Documents = max(a.opts.Documents, timelineDocuments)
	return &w
}

// dated is a candidate quote and the date it gives.
type dated struct {
	c *quoteCand
	d eventDate
}

// Timeline returns the dated events the sources give about query, in
// order of date (a month or a year before the days within it), at most
// MaxEvents. No event is an empty timeline.
func (a *Answerer) Timeline(ctx context.Context, query string) (Timeline, error) {
	tl := Timeline{Query: query, Events: []Event{}, Sources: []Source{}}
	r, err := a.wide().ranked(ctx, query)
	if err != nil || r == nil {
		return tl, err
	}
	var evs []dated
	seen := map[string]bool{}
	for _, c := range originalsFirst(r.cands) {
		if !r.q.touches(c.set) {
			continue
		}
		d, ok := eventDateOf(c.text, c.doc.Published)
		if !ok {
			continue
		}
		if k := squashSpace(c.text); !seen[k] {
			seen[k] = true
			evs = append(evs, dated{c, d})
		}
	}
	// The most relevant first, so that the cap keeps them and an event's
	// first version is the better source's.
	slices.SortStableFunc(evs, func(x, y dated) int { return cmp.Compare(y.c.score, x.c.score) })
	evs = evs[:min(len(evs), MaxEvents)]

	ans := &Answer{Sources: []Source{}}
	cite := &citations{print: printed{}}
	event := func(e dated) Event {
		srcs := cite.printers(ans, e.c, r.docs)
		s := e.c.doc.Sentences
		return Event{Date: e.d.key(), Precision: e.d.precision.String(), Said: e.d.said, Resolved: e.d.resolved,
			Quote: Quote{Text: e.c.text, Source: srcs[0], Sources: srcs, Aspect: "when", DocID: e.c.doc.ID,
				Start: s[e.c.u.first].Start, End: s[e.c.u.last].End, Page: e.c.doc.Page(s[e.c.u.first].Para)}}
	}
	taken := make([]bool, len(evs))
	for i, e := range evs {
		if taken[i] {
			continue
		}
		ev := event(e)
		for j := i + 1; j < len(evs); j++ {
			o := evs[j]
			if !taken[j] && o.c.doc != e.c.doc && o.d.key() != e.d.key() && sameEvent(e, o) {
				taken[j] = true
				ev.Others = append(ev.Others, event(o))
			}
		}
		tl.Events = append(tl.Events, ev)
	}
	slices.SortStableFunc(tl.Events, func(x, y Event) int { return strings.Compare(x.Date, y.Date) })
	tl.Sources = ans.Sources
	return tl, nil
}

// sameEvent reports whether two quotes tell the same event with other
// dates: they align word for word but for one value (align.go), and that
// value is the date each gives (a copy that changed "Tuesday" to
// "Wednesday"). Two reports of a strike's eighth and ninth day differ in
// more than the date, and stay two events.
func sameEvent(a, b dated) bool {
	va, vb, ok := differing(a.c.text, b.c.text, a.c.doc.Lang)
	return ok && overlaps(va, a.d.said) && overlaps(vb, b.d.said)
}

// overlaps reports whether one of two phrases holds the other.
func overlaps(x, y string) bool {
	return x != "" && y != "" && (strings.Contains(x, y) || strings.Contains(y, x))
}
