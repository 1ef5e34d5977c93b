package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/config"
	"github.com/newsdesk/newsdesk/corpus"
	"github.com/newsdesk/newsdesk/qa"
)

// openIndex opens the corpus (see openStored) and indexes all of it.
func openIndex(ctx context.Context, db string) (*qa.Index, func(), error) {
	st, err := openStored(ctx, db)
	if err != nil {
		return nil, nil, err
	}
	ix, err := loadIndex(ctx, db, st)
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return ix, func() { ix.Close(); st.Close() }, nil
}

func runAsk(ctx context.Context, e env, cfg config.Config, args []string) error {
	return runAnswerer(ctx, e, cfg, args, "ask", "the answer", "ask a question", (*qa.Answerer).Ask, printAnswer)
}

// runAnswerer runs a command that asks the answerer one thing of the
// corpus (a question, a story's timeline, a name): it reads --db and
// --json, takes the rest of the arguments as the query (missing says what
// to give when there is none), asks with do and prints the result as
// indented JSON or with print.
func runAnswerer[T any](ctx context.Context, e env, cfg config.Config, args []string, name, what, missing string,
	do func(*qa.Answerer, context.Context, string) (T, error), print func(io.Writer, T)) error {
	fs := flags(name, e)
	db := fs.String("db", cfg.DB, "SQLite `file` or postgres:// URL (NEWSDESK_DB); empty: the sample corpus")
	asJSON := fs.Bool("json", false, "print "+what+" as one JSON object")
	if err := parse(fs, args); err != nil {
		return err
	}
	q := joinArgs(fs.Args())
	if q == "" {
		return fmt.Errorf("%w: %s", errUsage, missing)
	}
	ix, done, err := openIndex(ctx, *db)
	if err != nil {
		return err
	}
	defer done()
	out, err := do(qa.NewAnswerer(ix, qa.AnswerOptions{}), ctx, q)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	print(e.stdout, out)
	return nil
}

// printAnswer writes an answer for a terminal: the short answer, the
// quotes with their citation numbers, disagreements, then the sources.
func printAnswer(w io.Writer, a qa.Answer) {
	if a.Abstained {
		fmt.Fprintln(w, "The sources hold nothing on this question.")
		return
	}
	if a.Text != "" {
		fmt.Fprintf(w, "%s\n\n", a.Text)
	}
	for _, q := range a.Quotes {
		var refs strings.Builder
		for _, n := range q.Sources {
			fmt.Fprintf(&refs, "[%d]", n)
		}
		if q.Page > 0 {
			fmt.Fprintf(&refs, " (p. %d)", q.Page)
		}
		fmt.Fprintf(w, "> %s %s\n\n", q.Text, refs.String())
	}
	for _, d := range a.Disagreements {
		fmt.Fprintf(w, "Sources disagree on the %s:\n", d.Aspect)
		for _, v := range d.Versions {
			fmt.Fprintf(w, "  %q says %s\n", v.Text, refList(v.Sources))
		}
		fmt.Fprintln(w)
	}
	for _, s := range a.Sources {
		fmt.Fprintf(w, "[%d] %s", s.N, describe(s))
		if s.Copies != 0 {
			fmt.Fprintf(w, " (copies [%d]: not an independent source)", s.Copies)
		}
		fmt.Fprintln(w)
	}
}

func refList(ns []int) string {
	var b strings.Builder
	for _, n := range ns {
		fmt.Fprintf(&b, "[%d]", n)
	}
	return b.String()
}

func describe(s qa.Source) string {
	parts := []string{}
	for _, p := range []string{s.Outlet, quoteTitle(s.Title), s.Published, s.URL} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 || s.URL == "" {
		parts = append(parts, "("+s.Origin+")")
	}
	if s.CarriedBy != "" {
		parts = append(parts, "also carried by "+s.CarriedBy)
	}
	return strings.Join(parts, ", ")
}

func quoteTitle(t string) string {
	if t == "" {
		return ""
	}
	return "“" + t + "”"
}

func runSearch(ctx context.Context, e env, cfg config.Config, args []string) error {
	fs := flags("search", e)
	db := fs.String("db", cfg.DB, "SQLite `file` or postgres:// URL (NEWSDESK_DB); empty: the sample corpus")
	asJSON := fs.Bool("json", false, "print one JSON object per passage")
	n := fs.Int("n", 10, "how many passages")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *n < 1 {
		return fmt.Errorf("%w: -n must be at least 1, not %d", errUsage, *n)
	}
	q := joinArgs(fs.Args())
	if q == "" {
		return fmt.Errorf("%w: give a query", errUsage)
	}
	ix, done, err := openIndex(ctx, *db)
	if err != nil {
		return err
	}
	defer done()
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	for i, h := range ix.Search(q, *n) {
		first, last := h.Doc.Sentences[h.First], h.Doc.Sentences[h.Last]
		text := h.Doc.Body[first.Start:last.End]
		if *asJSON {
			err := enc.Encode(map[string]any{"rank": i + 1, "score": h.Score, "origin": h.Doc.Origin,
				"title": h.Doc.Title, "start": first.Start, "end": last.End, "text": text, "terms": h.Terms})
			if err != nil {
				return err
			}
			continue
		}
		fmt.Fprintf(e.stdout, "%2d. %.3f  %s — %s\n    %s\n\n", i+1, h.Score, h.Doc.Origin, h.Doc.Title, text)
	}
	return nil
}

func runEval(ctx context.Context, e env, cfg config.Config, args []string) error {
	fs := flags("eval", e)
	db := fs.String("db", cfg.DB, "SQLite `file` or postgres:// URL (NEWSDESK_DB); empty: the sample corpus")
	qaFile := fs.String("qa", "", "question `file` (JSON Lines) to answer and check")
	beir := fs.String("beir", "", "BEIR-format `folder` (corpus.jsonl, queries.jsonl, qrels/test.tsv)")
	squad := fs.String("squad", "", "SQuAD-format `file` (JSON Lines): store its paragraphs, ask its questions")
	ooc := fs.Bool("ooc", false, "with --squad: store only half of the articles; questions about the others must be abstained on")
	n := fs.Int("n", 0, "with --squad: ask at most `N` questions, spread over the file (0: all)")
	half := fs.String("half", "all", "with --squad: ask the questions of `all` articles, of the \"fit\" half or of the \"check\" half")
	disagree := fs.String("disagreements", "", "news `archive` (files or folders as bot ingest takes them): ask each article's headline and print the disagreements shown, to judge them")
	model := fs.String("model", "", "with --squad: a model `file` written by bot fit, instead of the embedded one")
	misses := fs.Int("misses", 0, "with --squad: print the first `N` questions whose first quote missed (and, with --ooc, the first N about articles not stored that were answered); with --keep, the first N losses")
	stored := fs.Bool("stored", false, "with --beir: store the documents in a new store and search its index folder, as bot ask --db does, instead of an index in memory")
	keep := fs.String("keep", "", "`archive` (a file or folder as bot ingest takes it): ingest it into a new store as bot ingest does, then print the share of articles and of sentences kept, the rate and the peak memory")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *n < 0 || *misses < 0 {
		return fmt.Errorf("%w: -n and --misses must not be negative", errUsage)
	}
	given := 0
	for _, s := range []string{*qaFile, *beir, *squad, *disagree, *keep} {
		if s != "" {
			given++
		}
	}
	if given != 1 {
		return fmt.Errorf("%w: give exactly one of --qa FILE, --beir DIR, --squad FILE, --disagreements ARCHIVE or --keep ARCHIVE", errUsage)
	}
	switch {
	case *keep != "":
		return evalKeep(ctx, e, *keep, *misses)
	case *disagree != "":
		st, err := corpus.Open(ctx, "")
		if err != nil {
			return err
		}
		defer st.Close()
		sum, err := corpus.Ingest(ctx, st, corpus.Sources(*disagree), corpus.IngestOptions{})
		if err != nil {
			return err
		}
		ix := qa.NewIndex(qa.DefaultOptions())
		if _, err := ix.Load(ctx, st); err != nil {
			return err
		}
		step := 1
		if *n > 0 {
			step = max(1, ix.Len() / *n)
		}
		rep, err := qa.EvalDisagreements(ctx, qa.NewAnswerer(ix, qa.AnswerOptions{}), step)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "stored %d (duplicates %d) of %s\n", sum.Added+sum.Duplicates, sum.Duplicates, *disagree)
		fmt.Fprint(e.stdout, rep.String())
		return nil
	case *squad != "":
		h, ok := map[string]int{"all": 0, "fit": 1, "check": 2}[*half]
		if !ok {
			return fmt.Errorf("%w: --half must be all, fit or check, not %q", errUsage, *half)
		}
		var m *qa.Model
		if *model != "" {
			b, err := os.ReadFile(*model)
			if err != nil {
				return err
			}
			if m, err = qa.ParseModel(b); err != nil {
				return fmt.Errorf("%s: %w", *model, err)
			}
		}
		cases, err := qa.ReadSquad(*squad)
		if err != nil {
			return err
		}
		rep, err := qa.EvalSquad(ctx, cases, qa.SquadOptions{OOC: *ooc, N: *n, Half: h, Baseline: true}, m)
		if err != nil {
			return fmt.Errorf("%s: %w", *squad, err)
		}
		fmt.Fprint(e.stdout, rep.String())
		for _, m := range rep.Misses[:min(*misses, len(rep.Misses))] {
			fmt.Fprintf(e.stdout, "miss %s %q gold %q\n    quote %q\n", m.ID, m.Question, m.Gold, m.Quote)
		}
		for _, m := range rep.Answered[:min(*misses, len(rep.Answered))] {
			fmt.Fprintf(e.stdout, "answered, not stored: %s %q\n    quote %q\n", m.ID, m.Question, m.Quote)
		}
		for _, bad := range rep.AttributionBad {
			fmt.Fprintf(e.stdout, "misattributed: %s\n", bad)
		}
		if len(rep.AttributionBad) > 0 {
			return fmt.Errorf("%d quotes credited to sources that do not print them", len(rep.AttributionBad))
		}
		return nil
	case *beir != "":
		start := time.Now()
		folder := ""
		if *stored {
			var err error
			if folder, err = os.MkdirTemp("", "newsdesk-beir-"); err != nil {
				return err
			}
			defer os.RemoveAll(folder)
		}
		rep, err := qa.EvalBEIRIn(ctx, *beir, qa.DefaultOptions(), folder)
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, strings.TrimSpace(rep.String()))
		fmt.Fprintf(e.stdout, "took %v\n", time.Since(start).Round(time.Millisecond))
		return nil
	default:
		f, err := os.Open(*qaFile)
		if err != nil {
			return err
		}
		defer f.Close()
		ix, done, err := openIndex(ctx, *db)
		if err != nil {
			return err
		}
		defer done()
		rep, err := qa.EvalQA(ctx, qa.NewAnswerer(ix, qa.AnswerOptions{}), f)
		if err != nil {
			return fmt.Errorf("%s: %w", *qaFile, err)
		}
		fmt.Fprint(e.stdout, rep.String())
		if rep.Passed() != len(rep.Results) {
			return fmt.Errorf("%d of %d questions failed", len(rep.Results)-rep.Passed(), len(rep.Results))
		}
		return nil
	}
}
