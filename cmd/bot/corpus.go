package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/config"
	"github.com/newsdesk/newsdesk/corpus"
	"github.com/newsdesk/newsdesk/fetch"
	"github.com/newsdesk/newsdesk/qa"
	"github.com/newsdesk/newsdesk/sample"
)

// openCorpus opens the configured store, or, with none configured, an
// in-memory store holding the embedded sample corpus.
func openCorpus(ctx context.Context, db string) (*corpus.Store, error) {
	st, err := corpus.Open(ctx, db)
	if err != nil {
		return nil, err
	}
	if db != "" {
		return st, nil
	}
	sum, err := corpus.Ingest(ctx, st, corpus.SourcesFS(sample.FS, sample.Dir), corpus.IngestOptions{})
	if err == nil && sum.Failed > 0 {
		err = fmt.Errorf("sample corpus: %d articles failed: %v", sum.Failed, sum.Errors)
	}
	if err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

// loadIndex indexes the store at db: through the index folder beside it
// (db + ".index", made if missing), which keeps the index between runs,
// or, for the sample corpus (db "") and a PostgreSQL store, which has no
// folder beside it, in memory, read from the store.
func loadIndex(ctx context.Context, db string, st *corpus.Store) (*qa.Index, error) {
	if db == "" || st.Dialect() == corpus.PostgreSQL {
		ix := qa.NewIndex(qa.DefaultOptions())
		_, err := ix.Load(ctx, st)
		return ix, err
	}
	return qa.OpenIndex(ctx, db+".index", st, qa.DefaultOptions())
}

// openStored opens the store of a command that only reads: the sample
// corpus when db is "", or a database that exists. A mistyped path must not
// become an empty database that answers "nothing". (A PostgreSQL database
// must exist on its server, or connecting fails saying so.)
func openStored(ctx context.Context, db string) (*corpus.Store, error) {
	if db != "" && !corpus.IsPostgres(db) {
		if _, err := os.Stat(db); errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("database %s does not exist: bot ingest --db %s PATH... creates it", db, db)
		} else if err != nil {
			return nil, fmt.Errorf("database %s: %w", db, err)
		}
	}
	return openCorpus(ctx, db)
}

func runIngest(ctx context.Context, e env, cfg config.Config, args []string) error {
	fs := flags("ingest", e)
	db := fs.String("db", cfg.DB, "SQLite `file` or postgres:// URL to store into (NEWSDESK_DB)")
	chrome := fs.Bool("site-chrome", true, "first learn the paragraphs each outlet repeats across the inputs, then strip them (reads the inputs twice)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return fmt.Errorf("%w: name at least one file, folder or link", errUsage)
	}
	if *db == "" {
		return fmt.Errorf("%w: no database: give --db PATH or set NEWSDESK_DB", errUsage)
	}
	st, err := corpus.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	sources := inputs(ctx, fs.Args(), fetch.New(fetch.Options{AllowPrivate: cfg.Intake.FetchPrivate}))

	var opts corpus.IngestOptions
	start := time.Now()
	total := 0 // sources to come, when known
	if *chrome {
		opts.Boilerplate = corpus.NewBoilerplate(3)
		if total, err = corpus.LearnBoilerplate(ctx, sources, opts.Boilerplate, 0); err != nil {
			return err
		}
	}
	if isTerminal(e.stderr) {
		opts.Progress = func(s corpus.Summary) { fmt.Fprint(e.stderr, "\r"+progressLine(s.Total(), total, time.Since(start))) }
	}
	sum, err := corpus.Ingest(ctx, st, sources, opts)
	if opts.Progress != nil {
		fmt.Fprintln(e.stderr)
	}
	for _, ferr := range sum.Errors {
		fmt.Fprintf(e.stderr, "skipped: %v\n", ferr)
	}
	took := time.Since(start).Round(time.Millisecond)
	fmt.Fprintf(e.stdout, "added %d, unchanged %d, duplicates %d, carried %d, failed %d in %v\n",
		sum.Added, sum.Unchanged, sum.Duplicates, sum.Carried, sum.Failed, took)
	if err != nil {
		return err
	}
	// Index what was stored now, so that the next question opens at once.
	ixStart := time.Now()
	ix, err := loadIndex(ctx, *db, st)
	if err != nil {
		return err
	}
	ix.Close()
	fmt.Fprintf(e.stdout, "indexed %d articles in %v\n", ix.Len(), time.Since(ixStart).Round(time.Millisecond))
	if sum.Failed > 0 {
		return fmt.Errorf("%d of %d inputs failed", sum.Failed, sum.Total())
	}
	if sum.Total() == 0 {
		return fmt.Errorf("found no articles in %s: nothing stored (bot reads text, HTML, Markdown and JSON Lines archives, .jsonl.gz too)", strings.Join(fs.Args(), ", "))
	}
	return nil
}

// progressLine says how far an ingestion is: done of total (when known,
// else just done), the rate, and the time left at that rate.
func progressLine(done, total int, took time.Duration) string {
	rate := float64(done) / max(took.Seconds(), 1e-3)
	if total <= 0 || rate == 0 {
		return fmt.Sprintf("%d articles, %.0f/s", done, rate)
	}
	left := time.Duration(float64(max(total-done, 0)) / rate * float64(time.Second)).Round(time.Second)
	return fmt.Sprintf("%d of %d articles (%d%%), %.0f/s, about %v left   ", done, total, done*100/total, rate, left)
}

// docJSON is a document as inspect and sources print it.
type docJSON struct {
	ID          int64          `json:"id,omitempty"`
	Origin      string         `json:"origin"`
	Title       string         `json:"title"`
	Outlet      string         `json:"outlet"`
	Author      string         `json:"author"`
	Published   string         `json:"published"`
	URL         string         `json:"url"`
	Lang        string         `json:"lang"`
	Body        string         `json:"body,omitempty"`
	Sentences   []sentenceJSON `json:"sentences,omitempty"`
	DuplicateOf string         `json:"duplicate_of"`
	CarriedBy   []carrierJSON  `json:"carried_by,omitempty"`
}

// carrierJSON is another outlet that printed the same text.
type carrierJSON struct {
	Outlet    string `json:"outlet"`
	URL       string `json:"url"`
	Origin    string `json:"origin"`
	Published string `json:"published"`
}

type sentenceJSON struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Para  int    `json:"para"`
}

func toJSON(d *corpus.Document, origins map[int64]string, full bool) docJSON {
	j := docJSON{Origin: d.Origin, Title: d.Title, Outlet: d.Outlet, Author: d.Author,
		Published: date(d.Published), URL: d.URL, Lang: d.Lang, DuplicateOf: origins[d.DuplicateOf]}
	for _, c := range d.Carriers {
		j.CarriedBy = append(j.CarriedBy, carrierJSON{c.Outlet, c.URL, c.Origin, date(c.Published)})
	}
	if full {
		j.Body = d.Body
		j.Sentences = make([]sentenceJSON, len(d.Sentences))
		for i, s := range d.Sentences {
			j.Sentences[i] = sentenceJSON{d.Text(s), s.Start, s.End, s.Para}
		}
	} else {
		j.ID = d.ID
	}
	return j
}

func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// runInspect stores the files in a throwaway in-memory store, so that what
// it shows, duplicates included, is exactly what ingest would store.
func runInspect(ctx context.Context, e env, cfg config.Config, args []string) error {
	fs := flags("inspect", e)
	asJSON := fs.Bool("json", false, "print one JSON object per article")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return fmt.Errorf("%w: name at least one file", errUsage)
	}
	st, err := corpus.Open(ctx, "")
	if err != nil {
		return err
	}
	defer st.Close()
	sum, err := corpus.Ingest(ctx, st, corpus.Sources(fs.Args()...), corpus.IngestOptions{})
	if err != nil {
		return err
	}
	for _, ferr := range sum.Errors {
		fmt.Fprintf(e.stderr, "skipped: %v\n", ferr)
	}
	if err := printDocs(ctx, st, e.stdout, *asJSON, true, printDoc); err != nil {
		return err
	}
	if sum.Failed > 0 {
		return fmt.Errorf("%d inputs failed", sum.Failed)
	}
	return nil
}

func printDoc(w io.Writer, d *corpus.Document, origins map[int64]string) {
	fmt.Fprintf(w, "== %s\ntitle:     %s\noutlet:    %s\nauthor:    %s\npublished: %s\nurl:       %s\nlang:      %s\n",
		d.Origin, d.Title, d.Outlet, d.Author, date(d.Published), d.URL, d.Lang)
	if o := origins[d.DuplicateOf]; o != "" {
		fmt.Fprintf(w, "copy of:   %s\n", o)
	}
	if len(d.Carriers) > 0 {
		fmt.Fprintf(w, "also carried by: %s\n", corpus.CarriersLine(d.Carriers))
	}
	fmt.Fprintf(w, "sentences: %d\n\n%s\n\n", len(d.Sentences), d.Body)
}

// printDocs writes every stored document, as JSON lines (with body and
// sentences when full) or with print, naming each copy's original.
func printDocs(ctx context.Context, st *corpus.Store, w io.Writer, asJSON, full bool,
	print func(io.Writer, *corpus.Document, map[int64]string)) error {
	var docs []*corpus.Document
	origins := map[int64]string{}
	for d, err := range st.Documents(ctx, 0) {
		if err != nil {
			return err
		}
		docs = append(docs, d)
		origins[d.ID] = d.Origin
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, d := range docs {
		if !asJSON {
			print(w, d, origins)
			continue
		}
		if err := enc.Encode(toJSON(d, origins, full)); err != nil {
			return err
		}
	}
	return nil
}

func runSources(ctx context.Context, e env, cfg config.Config, args []string) error {
	fs := flags("sources", e)
	db := fs.String("db", cfg.DB, "SQLite `file` or postgres:// URL (NEWSDESK_DB); empty: the sample corpus")
	asJSON := fs.Bool("json", false, "print one JSON object per article")
	if err := parse(fs, args); err != nil {
		return err
	}
	st, err := openStored(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	return printDocs(ctx, st, e.stdout, *asJSON, false, printLine)
}

// printLine writes a document as one line of the sources list.
func printLine(w io.Writer, d *corpus.Document, origins map[int64]string) {
	line := fmt.Sprintf("%4d  %-10s  %-20.20s  %s", d.ID, orDash(date(d.Published)), orDash(d.Outlet), d.Title)
	if o := origins[d.DuplicateOf]; o != "" {
		line += "  (copy of " + o + ")"
	}
	if len(d.Carriers) > 0 {
		line += "  (also carried by " + corpus.CarriersLine(d.Carriers) + ")"
	}
	fmt.Fprintln(w, line)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// evalKeep ingests an archive into a new store in a temporary folder, as
// bot ingest does with its default passes, and reports what was kept.
func evalKeep(ctx context.Context, e env, archive string, misses int) error {
	dir, err := os.MkdirTemp("", "newsdesk-keep-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	name := archive
	if archive, err = squadArchive(archive, dir); err != nil {
		return err
	}
	st, err := corpus.Open(ctx, filepath.Join(dir, "keep.db"))
	if err != nil {
		return err
	}
	defer st.Close()
	start := time.Now()
	opts := corpus.IngestOptions{Boilerplate: corpus.NewBoilerplate(3)}
	if _, err := corpus.LearnBoilerplate(ctx, corpus.Sources(archive), opts.Boilerplate, 0); err != nil {
		return err
	}
	sum, err := corpus.Ingest(ctx, st, corpus.Sources(archive), opts)
	if err != nil {
		return err
	}
	took := time.Since(start)
	peak := peakRSS()
	c, err := corpus.MeasureCoverage(ctx, st, corpus.Sources(archive), opts.Boilerplate)
	if err != nil {
		return err
	}
	pct := func(a, b int) float64 { return 100 * float64(a) / float64(max(b, 1)) }
	fmt.Fprintf(e.stdout, "%s: %d articles, kept %d (%.2f%%); sentences of %s: %d, present %d (%.2f%%)\n",
		name, c.Articles, c.Kept, pct(c.Kept, c.Articles), "six words or more", c.Sentences, c.Present, pct(c.Present, c.Sentences))
	fmt.Fprintf(e.stdout, "ingest: added %d, unchanged %d, duplicates %d, carried %d, failed %d in %v: %.0f articles/s; peak RSS %s\n",
		sum.Added, sum.Unchanged, sum.Duplicates, sum.Carried, sum.Failed, took.Round(time.Millisecond),
		float64(sum.Total())/took.Seconds(), peak)
	for _, l := range c.Lost[:min(misses, len(c.Lost))] {
		fmt.Fprintf(e.stdout, "lost %s\n", l)
	}
	return nil
}

// peakRSS returns the process's peak resident memory as the kernel counts
// it (VmHWM), or "unknown" where /proc does not say.
func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

// squadArchive returns path, or when path is a SQuAD-format file (one
// question a line, with its paragraph as "context"), an archive written in
// dir that gives each of its paragraphs once as an article's text, so that
// encyclopedia paragraphs dense with names are measured like news.
func squadArchive(path, dir string) (string, error) {
	first, err := firstLine(path)
	if err != nil || !strings.Contains(first, `"context"`) || !strings.Contains(first, `"question"`) {
		return path, nil // not SQuAD: the loader reports what is wrong with it
	}
	cases, err := qa.ReadSquad(path)
	if err != nil {
		return "", err
	}
	out := filepath.Join(dir, strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))+"-paragraphs.jsonl")
	f, err := os.Create(out)
	if err != nil {
		return "", err
	}
	enc := json.NewEncoder(f)
	seen := map[string]bool{}
	for _, c := range cases {
		id := fmt.Sprintf("%s/%d", c.Title, c.Para)
		if seen[id] {
			continue
		}
		seen[id] = true
		rec := map[string]string{"id": id, "title": c.Title, "text": c.Context, "outlet": "Wikipedia"}
		if err := enc.Encode(rec); err != nil {
			f.Close()
			return "", err
		}
	}
	return out, f.Close()
}

// firstLine returns the first line of a file, up to 64 KiB of it.
func firstLine(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	b := make([]byte, 64<<10)
	n, err := io.ReadFull(f, b)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return "", err
	}
	line, _, _ := strings.Cut(string(b[:n]), "\n")
	return line, nil
}

// inputs yields the articles of args, files, folders and http(s) links,
// in order. Links are fetched once, on the first pass, and kept, so that
// the learning pass and the storing pass read the same pages. A link that
// cannot be fetched is a *corpus.LoadError naming it without its query.
func inputs(ctx context.Context, args []string, f *fetch.Fetcher) iter.Seq2[corpus.Source, error] {
	type fetched struct {
		src corpus.Source
		err error
	}
	pages := map[int]fetched{}
	return func(yield func(corpus.Source, error) bool) {
		for i, arg := range args {
			lower := strings.ToLower(arg)
			if !strings.HasPrefix(lower, "http://") && !strings.HasPrefix(lower, "https://") {
				for src, err := range corpus.Sources(arg) {
					if !yield(src, err) {
						return
					}
				}
				continue
			}
			p, ok := pages[i]
			if !ok {
				page, err := f.Get(ctx, arg)
				if err != nil {
					if errors.Is(err, fetch.ErrForbiddenAddress) {
						err = fmt.Errorf("%w (set FETCH_ALLOW_PRIVATE=true to fetch from an intranet)", err)
					}
					p.err = &corpus.LoadError{Path: fetch.Redact(arg), Err: err}
				} else {
					p.src, p.err = corpus.FetchedSource(fetch.Redact(page.URL), page.URL, page.ContentType, page.Body)
				}
				pages[i] = p
			}
			if !yield(p.src, p.err) {
				return
			}
		}
	}
}
