package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/newsdesk/newsdesk/config"
	"github.com/newsdesk/newsdesk/qa"
)

func runTimeline(ctx context.Context, e env, cfg config.Config, args []string) error {
	return runAnswerer(ctx, e, cfg, args, "timeline", "the timeline", "name the story: bot timeline cyberattack on Azerbaijani media", (*qa.Answerer).Timeline, printTimeline)
}

// printTimeline writes a timeline as text: a date, the quote and its
// citation marks on each line; a date read against the publication date
// says how; an event sources date differently lists each version.
func printTimeline(w io.Writer, tl qa.Timeline) {
	if len(tl.Events) == 0 {
		fmt.Fprintln(w, "The sources hold no dated event on this.")
		return
	}
	line := func(indent string, e qa.Event) {
		fmt.Fprintf(w, "%s%-10s  > %s %s", indent, e.Date, e.Quote.Text, refList(e.Quote.Sources))
		if e.Quote.Page > 0 {
			fmt.Fprintf(w, " (p. %d)", e.Quote.Page)
		}
		fmt.Fprintln(w)
		if e.Resolved != "" {
			fmt.Fprintf(w, "%s            (“%s”: %s)\n", indent, e.Said, e.Resolved)
		}
	}
	for _, e := range tl.Events {
		if len(e.Others) == 0 {
			line("", e)
			continue
		}
		fmt.Fprintf(w, "%-10s  Sources date this differently:\n", e.Date)
		for _, v := range append([]qa.Event{e}, e.Others...) {
			line("  ", v)
		}
	}
	fmt.Fprintln(w)
	for _, s := range tl.Sources {
		fmt.Fprintf(w, "[%d] %s\n", s.N, strings.TrimSpace(describe(s)))
	}
}
