package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/newsdesk/newsdesk/config"
	"github.com/newsdesk/newsdesk/qa"
)

func runWho(ctx context.Context, e env, cfg config.Config, args []string) error {
	return runAnswerer(ctx, e, cfg, args, "who", "the profile", "name a person or an organisation: bot who Namazov", (*qa.Answerer).Who, printProfile)
}

// printProfile writes who someone is according to the sources, as text.
func printProfile(w io.Writer, p qa.Profile) {
	if len(p.Descriptions)+len(p.Sayings)+len(p.Spellings) == 0 {
		fmt.Fprintf(w, "The sources say nothing of %s.\n", p.Name)
		return
	}
	if len(p.Descriptions) > 0 {
		fmt.Fprintf(w, "%s, as the sources describe them:\n", p.Name)
		for _, d := range p.Descriptions {
			fmt.Fprintf(w, "  “%s” %s\n", d.Text, refList(d.Sources))
		}
		fmt.Fprintln(w)
	}
	if len(p.Spellings) > 0 {
		fmt.Fprintln(w, "The sources spell the name differently (perhaps one person):")
		for _, s := range p.Spellings {
			fmt.Fprintf(w, "  “%s” %s\n", s.Name, refList(s.Sources))
		}
		fmt.Fprintln(w)
	}
	if len(p.Sayings) > 0 {
		fmt.Fprintln(w, "Quoted as saying:")
		for _, q := range p.Sayings {
			fmt.Fprintf(w, "> %s %s\n", q.Text, refList(q.Sources))
		}
		fmt.Fprintln(w)
	}
	for _, s := range p.Sources {
		fmt.Fprintf(w, "[%d] %s\n", s.N, strings.TrimSpace(describe(s)))
	}
}
