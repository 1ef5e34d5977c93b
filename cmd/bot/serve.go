package main

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"

	"github.com/newsdesk/newsdesk/bot"
	"github.com/newsdesk/newsdesk/config"
	"github.com/newsdesk/newsdesk/corpus"
	"github.com/newsdesk/newsdesk/digest"
	"github.com/newsdesk/newsdesk/qa"
	"github.com/newsdesk/newsdesk/telegram"
)

// app is the bot as it runs: the corpus, its index, the Telegram client
// and the handlers, wired from the configuration. The live bot and the
// mock feed build the same app; only the client's transport differs.
type app struct {
	cfg     config.Config
	store   *corpus.Store
	index   *qa.Index
	client  *telegram.Client
	digests *digest.Service
	bot     *bot.Bot
}

// newApp opens the corpus (the sample corpus in memory when cfg.DB is
// empty), loads the index and builds the handlers around client.
func newApp(ctx context.Context, cfg config.Config, client *telegram.Client) (*app, error) {
	store, err := openCorpus(ctx, cfg.DB)
	if err != nil {
		return nil, err
	}
	a := &app{cfg: cfg, store: store, client: client, index: qa.NewIndex(qa.DefaultOptions())}
	n, err := a.index.Load(ctx, store)
	if err != nil {
		store.Close()
		return nil, err
	}
	slog.Info("corpus loaded", "documents", n, "db", cfg.DB)
	a.digests, err = digest.New(ctx, store, digest.TelegramSender{Client: client},
		digest.Options{Schedule: cfg.Digest.Schedule, Location: cfg.Digest.Location})
	if err != nil {
		store.Close()
		return nil, err
	}
	a.bot, err = bot.New(client, bot.Options{
		Answerer: qa.NewAnswerer(a.index, qa.DefaultAnswerOptions()),
		Index:    a.index,
		Library:  store,
		Digests:  a.digests,
		Allowed:  cfg.Telegram.Allowed,
		Admins:   cfg.Telegram.Admins,
		Flood:    cfg.Telegram.Flood,
	})
	if err != nil {
		store.Close()
		return nil, err
	}
	return a, nil
}

// Close closes the store. Call it after everything using the app stopped.
func (a *app) Close() error { return a.store.Close() }

// poll runs the long-polling loop until ctx ends, then finishes the
// answers in flight.
func (a *app) poll(ctx context.Context, h telegram.Handler, opts telegram.PollerOptions) error {
	d := telegram.NewDispatcher(h, telegram.DispatcherOptions{})
	opts.Offsets = offsets{a.store}
	return telegram.NewPoller(a.client, d, opts).Run(ctx)
}

// offsets keeps the poller's offset in the store's settings, so that a
// restart neither drops nor repeats updates.
type offsets struct{ store *corpus.Store }

const offsetKey = "telegram.offset"

func (o offsets) Offset(ctx context.Context) (int, error) {
	v, ok, err := o.store.Value(ctx, offsetKey)
	if err != nil || !ok {
		return 0, err
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("setting %s: %q is not an update id", offsetKey, v)
	}
	return n, nil
}

func (o offsets) SetOffset(ctx context.Context, offset int) error {
	return o.store.SetValue(ctx, offsetKey, strconv.Itoa(offset))
}
