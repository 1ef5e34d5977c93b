package qa

import (
	"context"
	"strings"
	"testing"
)

// TestTimelineShowsBothDates: the rewrite moved the strike from Tuesday to
// Wednesday; the timeline has the event once, with both dates, each read
// against its own article's publication date and credited only to the
// source that prints it, and every line is verbatim in what it cites.
func TestTimelineShowsBothDates(t *testing.T) {
	ix := NewIndex(DefaultOptions())
	ix.Add(strikeDocs()...)
	tl, err := NewAnswerer(ix, AnswerOptions{}).Timeline(context.Background(), "dockworkers strike")
	if err != nil {
		t.Fatal(err)
	}
	var stop *Event
	for i, e := range tl.Events {
		if strings.Contains(e.Quote.Text, "stopped work") {
			if stop != nil {
				t.Fatalf("the stoppage is listed twice:\n%+v\n%+v", *stop, e)
			}
			stop = &tl.Events[i]
		}
	}
	if stop == nil {
		t.Fatalf("no event for the stoppage: %+v", tl.Events)
	}
	if stop.Date != "2026-03-03" || !strings.Contains(stop.Quote.Text, "on Tuesday") || stop.Resolved == "" {
		t.Errorf("first version %s %q (resolved %q), want the original's Tuesday, 2026-03-03, marked as resolved", stop.Date, stop.Quote.Text, stop.Resolved)
	}
	if len(stop.Others) != 1 || stop.Others[0].Date != "2026-03-04" || !strings.Contains(stop.Others[0].Quote.Text, "on Wednesday") {
		t.Fatalf("other versions %+v, want the rewrite's Wednesday, 2026-03-04", stop.Others)
	}
	for i := 1; i < len(tl.Events); i++ {
		if tl.Events[i-1].Date > tl.Events[i].Date {
			t.Errorf("events out of order: %s before %s", tl.Events[i-1].Date, tl.Events[i].Date)
		}
	}
	checkTimelineAttribution(t, ix, tl)
}

// checkTimelineAttribution fails t for any line credited to a source that
// does not print it.
func checkTimelineAttribution(t *testing.T, ix *Index, tl Timeline) {
	t.Helper()
	bySource := map[int]Source{}
	for _, s := range tl.Sources {
		bySource[s.N] = s
	}
	check := func(e Event) {
		for _, n := range e.Quote.Sources {
			d := ix.Doc(bySource[n].DocID)
			if d == nil || !Prints(d.Body, e.Quote.Text) {
				t.Errorf("%q credited to [%d], which does not print it", e.Quote.Text, n)
			}
		}
	}
	for _, e := range tl.Events {
		check(e)
		for _, o := range e.Others {
			check(o)
		}
	}
}
