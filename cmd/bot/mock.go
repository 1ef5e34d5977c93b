package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/newsdesk/newsdesk/bot"
	"github.com/newsdesk/newsdesk/config"
	"github.com/newsdesk/newsdesk/sample"
	"github.com/newsdesk/newsdesk/telegram"
)

// runMock plays a feed of Telegram updates through the bot's handlers and
// the real Bot API client, over an in-process Bot API, and prints every
// call the bot makes.
func runMock(ctx context.Context, e env, cfg config.Config, args []string) error {
	fset := flags("mock", e)
	db := fset.String("db", cfg.DB, "SQLite `file` or postgres:// URL (NEWSDESK_DB); empty: the sample corpus in memory")
	pretty := fset.Bool("pretty", false, "print a readable transcript instead of JSON lines")
	example := fset.Bool("example", false, "play the example feed that ships with the bot")
	files := fset.String("files", "", "serve the files under `DIR` as the Bot API's, file_id = path under DIR, "+
		"so that documents admins (TELEGRAM_ADMINS) send are added; without it documents are not added")
	if err := parse(fset, args); err != nil {
		return err
	}
	var feed io.Reader = e.stdin
	switch {
	case *example && fset.NArg() > 0:
		return fmt.Errorf("%w: give a FILE or --example, not both", errUsage)
	case *example:
		feed = bytes.NewReader(sample.Feed)
	case fset.NArg() > 1:
		return fmt.Errorf("%w: one feed file at most", errUsage)
	case fset.NArg() == 1 && fset.Arg(0) != "-":
		f, err := os.Open(fset.Arg(0))
		if err != nil {
			return err
		}
		defer f.Close()
		feed = f
	}
	opts := mockOptions{pretty: *pretty}
	if *files != "" {
		fi, err := os.Stat(*files)
		if err != nil {
			return fmt.Errorf("--files: %w", err)
		}
		if !fi.IsDir() {
			return fmt.Errorf("--files %s: not a directory", *files)
		}
		opts.files = os.DirFS(*files)
	}
	cfg.DB = *db
	return playMock(ctx, e, cfg, feed, opts)
}

// mockOptions shape a mock session.
type mockOptions struct {
	pretty bool  // a transcript instead of JSON lines
	files  fs.FS // the files the mock Bot API keeps; nil for none
	// hook sees each Bot API call first (MockTransport.Hook): tests slow
	// or refuse some.
	hook func(telegram.Call) *tgbotapi.APIResponse
}

// mockSession runs one mock session: the feed in, the calls out.
func mockSession(ctx context.Context, e env, cfg config.Config, feed io.Reader, pretty bool) error {
	return playMock(ctx, e, cfg, feed, mockOptions{pretty: pretty})
}

// playMock runs one mock session with opts.
func playMock(ctx context.Context, e env, cfg config.Config, feed io.Reader, opts mockOptions) error {
	var mock *telegram.MockTransport
	var transport http.RoundTripper
	var tr *transcript
	if opts.pretty {
		// The transcript learns of each update as the poller receives
		// it and files each call under the update that made it (see
		// transcript).
		tr = newTranscript(e.stdout)
		defer tr.end()
		mock = telegram.NewMockTransport(nil)
		mock.Observe = tr.observe
		transport = tr.tap(mock)
	} else {
		mock = telegram.NewMockTransport(e.stdout)
		transport = mock
	}
	mock.Files = opts.files
	mock.Hook = opts.hook
	httpClient := &http.Client{Transport: transport}
	client, err := telegram.New(ctx, telegram.Config{
		Token:      "mock",
		Endpoint:   telegram.MockEndpoint,
		HTTPClient: httpClient,
		Pacer:      telegram.NewPacer(telegram.Limits{}, nil),
	})
	if err != nil {
		return err
	}
	defer client.Close()
	// Documents admins send are downloaded from the mock's files, as the
	// live bot downloads them from Telegram; with no files they are not
	// added.
	var files bot.Downloader
	if opts.files != nil {
		files = bot.HTTPFiles{Client: httpClient, Endpoint: telegram.MockFileEndpoint, Token: "mock"}
	}
	a, err := newApp(ctx, cfg, client, files)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.bot.RegisterCommands(ctx); err != nil {
		return err
	}

	var h telegram.Handler = a.bot
	if tr != nil {
		h = tr.handler(a.bot)
	}
	feedErr := make(chan error, 1)
	go func() {
		err := mock.Feed(feed)
		mock.EndFeed()
		feedErr <- err
	}()
	pollCtx, stop := context.WithCancel(ctx)
	defer stop()
	go func() {
		select {
		case <-mock.Done():
		case <-ctx.Done():
		}
		stop()
	}()
	// The mock answers an empty poll at once once the feed has ended:
	// a short interval keeps the session quick without spinning.
	err = a.poll(pollCtx, h, telegram.PollerOptions{Timeout: time.Second, MinInterval: 10 * time.Millisecond}, nil)
	if err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := <-feedErr; err != nil {
		return fmt.Errorf("feed: %w", err)
	}
	if tr != nil {
		tr.end()
		return tr.Err()
	}
	return mock.OutputErr()
}
