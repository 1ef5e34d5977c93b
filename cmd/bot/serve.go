package main

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/newsdesk/newsdesk/bot"
	"github.com/newsdesk/newsdesk/config"
	"github.com/newsdesk/newsdesk/corpus"
	"github.com/newsdesk/newsdesk/digest"
	"github.com/newsdesk/newsdesk/fetch"
	"github.com/newsdesk/newsdesk/follow"
	"github.com/newsdesk/newsdesk/intake"
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
	follows *follow.Service
	library *intake.Library
	bot     *bot.Bot
}

// newApp opens the corpus (the sample corpus in memory when cfg.DB is
// empty), loads the index and builds the handlers around client. files
// downloads the documents administrators send; nil turns that off.
func newApp(ctx context.Context, cfg config.Config, client *telegram.Client, files bot.Downloader) (*app, error) {
	store, err := openCorpus(ctx, cfg.DB)
	if err != nil {
		return nil, err
	}
	a := &app{cfg: cfg, store: store, client: client}
	a.index, err = loadIndex(ctx, cfg.DB, store)
	if err != nil {
		store.Close()
		return nil, err
	}
	slog.Info("corpus loaded", "documents", a.index.Len(), "db", corpus.RedactURL(cfg.DB))
	a.digests, err = digest.New(ctx, store, digest.TelegramSender{Client: client},
		digest.Options{Schedule: cfg.Digest.Schedule, Location: cfg.Digest.Location})
	if err != nil {
		store.Close()
		return nil, err
	}
	a.follows, err = follow.New(ctx, store, digest.TelegramSender{Client: client}, follow.Options{})
	if err != nil {
		store.Close()
		return nil, err
	}
	a.library = intake.NewLibrary(store, a.index, slog.Default()).
		WithFetcher(fetch.New(fetch.Options{AllowPrivate: cfg.Intake.FetchPrivate}))
	opts := bot.Options{
		Answerer: qa.NewAnswerer(a.index, qa.DefaultAnswerOptions()),
		Index:    a.index,
		Library:  store,
		Digests:  a.digests,
		Follows:  a.follows,
		Allowed:  cfg.Telegram.Allowed,
		Admins:   cfg.Telegram.Admins,
		Flood:    cfg.Telegram.Flood,
		Logger:   slog.Default(),
	}
	if files != nil {
		opts.Ingester, opts.Files = a.library, files
	}
	a.bot, err = bot.New(client, opts)
	if err != nil {
		store.Close()
		return nil, err
	}
	return a, nil
}

// intake returns the loops that bring in new material while the bot runs:
// the watched folder and the feeds, as configured.
func (a *app) intake() ([]func(context.Context) error, error) {
	loops := []func(context.Context) error{func(ctx context.Context) error { return a.index.Keep(ctx, a.store, indexEvery) }}
	if dir := a.cfg.Intake.WatchDir; dir != "" {
		w := intake.NewWatcher(a.library, dir, intake.WatchOptions{Interval: a.cfg.Intake.WatchInterval})
		loops = append(loops, w.Run)
	}
	if len(a.cfg.Intake.Feeds) > 0 {
		feeds := make([]intake.Feed, len(a.cfg.Intake.Feeds))
		for i, f := range a.cfg.Intake.Feeds {
			feeds[i] = intake.Feed{URL: f.URL, Schedule: f.Schedule}
		}
		f, err := intake.NewFeeds(a.library, feeds, intake.FeedOptions{
			Schedule: a.cfg.Intake.FeedSchedule, Location: a.cfg.Digest.Location, UserAgent: "newsdesk-bot"})
		if err != nil {
			return nil, fmt.Errorf("FEEDS: %w", err)
		}
		loops = append(loops, f.Run)
	}
	return loops, nil
}

// indexEvery is how often the index reads the articles another process
// added to the store (a replica, or bot ingest), and a tenth of how often
// it writes what it holds in memory to the index folder (qa.Index.Keep).
const indexEvery = 30 * time.Second

// Close closes the index and the store. Call it after everything using
// the app stopped.
func (a *app) Close() error {
	a.index.Close()
	return a.store.Close()
}

// poll runs the long-polling loop until ctx ends, then finishes the
// answers in flight. claims, when not nil, decide which replica handles
// each update (see updateClaims).
func (a *app) poll(ctx context.Context, h telegram.Handler, opts telegram.PollerOptions, claims telegram.Claimer) error {
	d := telegram.NewDispatcher(h, telegram.DispatcherOptions{Claims: claims})
	opts.Offsets = offsets{a.store}
	return telegram.NewPoller(a.client, d, opts).Run(ctx)
}

// updateClaims are the claims, kept in the store, by which replicas
// sharing it decide who handles an update that reached several: the live
// bot's, in webhook mode and when polling. (The mock session replays its
// feed's update ids on every run, so it claims nothing.)
func (a *app) updateClaims() telegram.Claimer {
	return a.store.Claims("telegram.update", 0, nil)
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
