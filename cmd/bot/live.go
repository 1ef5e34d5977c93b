package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/newsdesk/newsdesk/bot"
	"github.com/newsdesk/newsdesk/config"
	"github.com/newsdesk/newsdesk/sample"
	"github.com/newsdesk/newsdesk/telegram"
)

// runServe runs the live bot until SIGINT or SIGTERM: long polling, or a
// webhook server when WEBHOOK_URL is set, and the digest scheduler. With
// no token it plays the example feed through the in-process Bot API
// instead, so that a first run shows the bot at work.
func runServe(ctx context.Context, e env, cfg config.Config, args []string) error {
	fs := flags("run", e)
	db := fs.String("db", cfg.DB, "SQLite `file` or postgres:// URL (NEWSDESK_DB); empty: the sample corpus in memory")
	if err := parse(fs, args); err != nil {
		return err
	}
	cfg.DB = *db
	if cfg.Telegram.Token == "" {
		fmt.Fprintln(e.stderr, "TELEGRAM_BOT_TOKEN is not set: playing the example feed through the in-process Bot API (bot mock --pretty --example).")
		return mockSession(ctx, e, cfg, bytes.NewReader(sample.Feed), true)
	}
	if cfg.DB == "" {
		slog.Warn("no NEWSDESK_DB: answering from the sample corpus in memory; subscriptions, " +
			"added documents and the update offset are lost when the bot stops")
	}
	httpClient := telegram.DefaultHTTPClient()
	client, err := telegram.New(ctx, telegram.Config{Token: cfg.Telegram.Token, Endpoint: cfg.Telegram.Endpoint, HTTPClient: httpClient})
	if err != nil {
		return err
	}
	defer client.Close()
	files := bot.HTTPFiles{Client: httpClient, Token: cfg.Telegram.Token,
		Endpoint: strings.Replace(cfg.Telegram.Endpoint, "/bot%s/", "/file/bot%s/", 1)}
	a, err := newApp(ctx, cfg, client, files)
	if err != nil {
		return err
	}
	defer a.Close()
	loops, err := a.intake()
	if err != nil {
		return err
	}
	if err := a.bot.RegisterCommands(ctx); err != nil {
		slog.Warn("commands not registered; Telegram will not suggest them", "err", err)
	}
	slog.Info("bot running", "bot", client.Self().UserName, "webhook", cfg.Telegram.WebhookURL != "")

	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error { return a.digests.Run(gctx) })
	g.Go(func() error { return a.follows.Run(gctx) })
	for _, loop := range loops {
		g.Go(func() error { return loop(gctx) })
	}
	if cfg.Telegram.WebhookURL == "" {
		g.Go(func() error { return a.poll(gctx, a.bot, telegram.PollerOptions{}, a.updateClaims()) })
	} else {
		g.Go(func() error { return a.serveWebhook(gctx) })
	}
	err = g.Wait()
	if errors.Is(err, context.Canceled) && ctx.Err() != nil {
		err = nil // a signal, not a failure
	}
	slog.Info("bot stopped", "err", err)
	return err
}

// serveWebhook registers the webhook with Telegram and serves it until
// ctx ends, then lets the answers in flight finish. It listens on plain
// HTTP at WEBHOOK_LISTEN: Telegram posts only to HTTPS, so a TLS proxy
// (or a load balancer) forwards WEBHOOK_URL to it.
func (a *app) serveWebhook(ctx context.Context) error {
	u, err := url.Parse(a.cfg.Telegram.WebhookURL)
	if err != nil {
		return fmt.Errorf("WEBHOOK_URL: %w", err)
	}
	d := telegram.NewDispatcher(a.bot, telegram.DispatcherOptions{Claims: a.updateClaims()})
	hook, err := telegram.NewWebhook(d, telegram.WebhookOptions{Secret: a.cfg.Telegram.WebhookSecret})
	if err != nil {
		return err
	}
	path := u.Path
	if path == "" {
		path = "/"
	}
	mux := http.NewServeMux()
	mux.Handle(path, hook)
	srv := &http.Server{Addr: a.cfg.Telegram.WebhookListen, Handler: mux,
		ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second, WriteTimeout: 30 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	if err := a.client.SetWebhook(ctx, a.cfg.Telegram.WebhookURL, a.cfg.Telegram.WebhookSecret); err != nil {
		srv.Close()
		return err
	}
	select {
	case err := <-errc:
		return fmt.Errorf("webhook server on %s: %w", a.cfg.Telegram.WebhookListen, err)
	case <-ctx.Done():
	}
	stop, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	srv.Shutdown(stop) // no new updates; those accepted are in the dispatcher
	return d.Close(stop)
}
