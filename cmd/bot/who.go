package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/newsdesk/newsdesk/config"
	"github.com/newsdesk/newsdesk/qa"
)

func runWho(ctx context.Context, e env, cfg config.Config, args []string) error {
	fs := flags("who", e)
	db := fs.String("db", cfg.DB, "SQLite `file` (NEWSDESK_DB); empty: the sample corpus")
	asJSON := fs.Bool("json", false, "print the profile as one JSON object")
	if err := parse(fs, args); err != nil {
		return err
	}
	name := joinArgs(fs.Args())
	if name == "" {
		return fmt.Errorf("%w: name a person or an organisation: bot who Namazov", errUsage)
	}
	ix, done, err := openIndex(ctx, *db)
	if err != nil {
		return err
	}
	defer done()
	p, err := qa.NewAnswerer(ix, qa.AnswerOptions{}).Who(ctx, name)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(p)
	}
	printProfile(e.stdout, p)
	return nil
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
