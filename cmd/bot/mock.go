package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/newsdesk/newsdesk/config"
	"github.com/newsdesk/newsdesk/sample"
	"github.com/newsdesk/newsdesk/telegram"
)

// runMock plays a feed of Telegram updates through the bot's handlers and
// the real Bot API client, over an in-process Bot API, and prints every
// call the bot makes.
func runMock(ctx context.Context, e env, cfg config.Config, args []string) error {
	fs := flags("mock", e)
	db := fs.String("db", cfg.DB, "SQLite `file` (NEWSDESK_DB); empty: the sample corpus in memory")
	pretty := fs.Bool("pretty", false, "print a readable transcript instead of JSON lines")
	example := fs.Bool("example", false, "play the example feed that ships with the bot")
	if err := parse(fs, args); err != nil {
		return err
	}
	var feed io.Reader = e.stdin
	switch {
	case *example && fs.NArg() > 0:
		return fmt.Errorf("%w: give a FILE or --example, not both", errUsage)
	case *example:
		feed = bytes.NewReader(sample.Feed)
	case fs.NArg() > 1:
		return fmt.Errorf("%w: one feed file at most", errUsage)
	case fs.NArg() == 1 && fs.Arg(0) != "-":
		f, err := os.Open(fs.Arg(0))
		if err != nil {
			return err
		}
		defer f.Close()
		feed = f
	}
	cfg.DB = *db
	return mockSession(ctx, e, cfg, feed, *pretty)
}

// mockSession runs one mock session: the feed in, the calls out.
func mockSession(ctx context.Context, e env, cfg config.Config, feed io.Reader, pretty bool) error {
	var out io.Writer = e.stdout
	var tr *transcript
	if pretty {
		tr = newTranscript(e.stdout)
		out = tr
	}
	mock := telegram.NewMockTransport(out)
	client, err := telegram.New(ctx, telegram.Config{
		Token:      "mock",
		Endpoint:   telegram.MockEndpoint,
		HTTPClient: &http.Client{Transport: mock},
		Pacer:      telegram.NewPacer(telegram.Limits{}, nil),
	})
	if err != nil {
		return err
	}
	defer client.Close()
	// Documents sent in a mock session are not added: the mock Bot API
	// keeps no files to download.
	a, err := newApp(ctx, cfg, client, nil)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.bot.RegisterCommands(ctx); err != nil {
		return err
	}

	var h telegram.Handler = a.bot
	if tr != nil {
		h = telegram.HandlerFunc(func(ctx context.Context, u tgbotapi.Update) {
			tr.update(u)
			a.bot.Handle(ctx, u)
		})
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
	err = a.poll(pollCtx, h, telegram.PollerOptions{Timeout: time.Second, MinInterval: 10 * time.Millisecond})
	if err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := <-feedErr; err != nil {
		return fmt.Errorf("feed: %w", err)
	}
	return mock.OutputErr()
}
