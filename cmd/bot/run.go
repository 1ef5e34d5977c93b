package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"strings"

	"github.com/newsdesk/newsdesk/config"
)

// env is what a command sees of the process: its streams and environment.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	lookup         func(string) (string, bool)
}

// command is one subcommand of bot.
type command struct {
	usage string // arguments, after the command's name
	short string // one line for "bot help"
	run   func(ctx context.Context, e env, cfg config.Config, args []string) error
}

var commands = map[string]command{
	"inspect":  {"[--json] FILE...", "show what would be stored for each file, without storing", runInspect},
	"ingest":   {"--db PATH [--site-chrome=false] PATH...", "clean and store articles from files, folders and JSON Lines archives", runIngest},
	"sources":  {"[--db PATH] [--json]", "list the stored articles", runSources},
	"ask":      {"[--db PATH] [--json] QUESTION", "answer a question with quotes and citations", runAsk},
	"search":   {"[--db PATH] [--json] [-n N] QUERY", "show the ranked passages that match a query", runSearch},
	"timeline": {"[--db PATH] [--json] QUERY", "the dated events of a story in order, each a quote with its citations", runTimeline},
	"who":      {"[--db PATH] [--json] NAME", "who a person or organisation is according to the sources: descriptions, quotes, spellings", runWho},
	"eval":     {"[--db PATH] --qa FILE.jsonl | --beir DIR | --squad FILE [--ooc] [-n N] [--half all|fit|check]", "score answers or retrieval against a question set", runEval},
	"fit":      {"[--out FILE] SQUAD.jsonl...", "fit the answer model (weights, answer shapes, cue words, thresholds) on SQuAD-format files", runFit},
	"run":      {"[--db PATH]", "run the Telegram bot (the example feed through the mock Bot API when no token is set)", runServe},
	"digest":   {"[--db PATH] --chat ID --dry-run", "print the next digest of a subscribed chat without sending it", runDigest},
	"mock":     {"[--db PATH] [--pretty] [--files DIR] [--example | FILE]", "play Telegram updates (JSON lines; stdin without FILE) through the bot, no network, and print its Bot API calls", runMock},
}

// errUsage marks a mistake in how a command was called: exit status 2.
var errUsage = errors.New("usage")

// run executes one bot invocation and returns its exit status.
func run(ctx context.Context, args []string, e env) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		if len(args) > 1 {
			if _, ok := commands[args[1]]; !ok {
				fmt.Fprintf(e.stderr, "bot help: unknown command %q; run \"bot help\" for the list\n", args[1])
				return 2
			}
		}
		help(e.stdout, args)
		if len(args) > 1 {
			// The command's own flags, as its flag set describes them.
			commands[args[1]].run(ctx, env{stdin: e.stdin, stdout: e.stdout, stderr: e.stdout, lookup: e.lookup}, config.Config{}, []string{"-h"})
		}
		return 0
	}
	name := args[0]
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(e.stderr, "bot: unknown command %q; run \"bot help\" for the list\n", name)
		return 2
	}
	cfg, err := config.Load(e.lookup, ".env")
	if err != nil {
		fmt.Fprintf(e.stderr, "bot: configuration: %v\n", err)
		return 2
	}
	slog.SetDefault(newLogger(e.stderr, cfg))
	err = cmd.run(ctx, e, cfg, args[1:])
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintf(e.stderr, "bot %s: %v\nusage: bot %s %s\n", name, err, name, cmd.usage)
		return 2
	default:
		fmt.Fprintf(e.stderr, "bot %s: %v\n", name, err)
		return 1
	}
}

func help(w io.Writer, args []string) {
	if len(args) > 1 {
		if cmd, ok := commands[args[1]]; ok {
			fmt.Fprintf(w, "usage: bot %s %s\n\n%s\n", args[1], cmd.usage, cmd.short)
			return
		}
	}
	fmt.Fprintln(w, "bot answers journalists' questions from a corpus of news articles,")
	fmt.Fprintln(w, "quoting the sources verbatim with numbered citations.")
	fmt.Fprintln(w, "\nusage: bot COMMAND [flags] [args]\n\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-8s %s\n", n, commands[n].short)
	}
	fmt.Fprintln(w, "\nWith no database (--db or NEWSDESK_DB), commands work on the embedded")
	fmt.Fprintln(w, "sample corpus in memory. Settings: see .env.example.")
}

// flags returns a flag set for a command that reports errors as usage
// errors instead of exiting.
func flags(name string, e env) *flag.FlagSet {
	fs := flag.NewFlagSet("bot "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "flags:")
		fs.PrintDefaults()
	}
	return fs
}

// parse parses args and wraps a bad flag as a usage error.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	return nil
}

func newLogger(w io.Writer, cfg config.Config) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// isTerminal reports whether w is an interactive terminal, where progress
// lines are welcome.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func joinArgs(args []string) string { return strings.TrimSpace(strings.Join(args, " ")) }
