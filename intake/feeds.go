package intake

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"

	"github.com/mmcdole/gofeed"
	"github.com/robfig/cron/v3"

	"github.com/newsdesk/newsdesk/corpus"
	"github.com/newsdesk/newsdesk/telegram"
)

// Feeds polls RSS and Atom feeds (and JSON Feed, which the parser,
// github.com/mmcdole/gofeed, reads too), each on its own schedule, and
// adds their new items to a Library.
//
// A poll is a conditional GET: the ETag and Last-Modified of the feed's
// last response are sent back, and a 304 costs nothing more. Each item
// the feed has not given before (by GUID, else link) becomes a Source
// (see item.go) and is added; items seen before are not added again, even
// when their text was edited, and the cleaned text's hash keeps an article
// that came by another way from being stored twice. Validators, the last
// fetch time and the items seen live in the store, so a restart neither
// refetches a feed before its time nor re-adds its items.
//
// A feed that fails (an HTTP error, a timeout, a response over MaxSize,
// something that is not a feed) is logged with its URL and reported by
// Poll, and the other feeds go on; its items are fetched again next time.
type Feeds struct {
	lib   *Library
	feeds []scheduledFeed
	o     FeedOptions
}

// Feed is one feed to poll.
type Feed struct {
	URL string // http or https
	// Schedule says when to poll it: a cron expression ("*/10 * * * *",
	// optionally after CRON_TZ=Zone) or a descriptor ("@hourly",
	// "@every 15m"); "" means FeedOptions.Schedule.
	Schedule string
}

// FeedOptions tune Feeds. The zero value is ready to use.
type FeedOptions struct {
	// Schedule is the schedule of feeds that have none (default
	// "@every 15m").
	Schedule string
	// Location is the time zone cron expressions without CRON_TZ= are
	// read in (default UTC).
	Location *time.Location
	// Client makes the requests (default: a client following redirects
	// with Timeout on the whole request).
	Client *http.Client
	// Timeout bounds each fetch, from connecting to the last byte
	// (default 30 s).
	Timeout time.Duration
	// MaxSize is the largest response read, in bytes (default 8 MiB);
	// a larger one fails the feed.
	MaxSize int64
	// UserAgent names the bot to the feeds' servers.
	UserAgent string
	// Parallel is how many feeds are fetched at once (default 4).
	Parallel int
	// Clock drives the schedules (default the system's).
	Clock Clock
	// Logger receives a line per feed polled and per failure (default
	// the Library's).
	Logger *slog.Logger
}

// scheduleParser reads five-field cron expressions and descriptors, as
// the configuration does.
var scheduleParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// scheduledFeed is a Feed with its schedule read.
type scheduledFeed struct {
	Feed
	sched cron.Schedule
}

// NewFeeds returns Feeds polling feeds into lib. A URL that is not http
// or https, one given twice, or a schedule that cannot be read is an
// error naming the feed.
func NewFeeds(lib *Library, feeds []Feed, opts FeedOptions) (*Feeds, error) {
	if opts.Schedule == "" {
		opts.Schedule = "@every 15m"
	}
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 30 * time.Second
	}
	if opts.Client == nil {
		opts.Client = &http.Client{Timeout: opts.Timeout}
	}
	if opts.MaxSize <= 0 {
		opts.MaxSize = 8 << 20
	}
	if opts.UserAgent == "" {
		opts.UserAgent = "newsdesk/1 (feed reader)"
	}
	if opts.Parallel <= 0 {
		opts.Parallel = 4
	}
	if opts.Clock == nil {
		opts.Clock = telegram.SystemClock{}
	}
	if opts.Logger == nil {
		opts.Logger = lib.logger
	}
	f := &Feeds{lib: lib, o: opts}
	seen := map[string]bool{}
	for _, fd := range feeds {
		u, err := url.Parse(fd.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("feed %q: want an http or https URL", fd.URL)
		}
		if seen[fd.URL] {
			return nil, fmt.Errorf("feed %s: listed twice", fd.URL)
		}
		seen[fd.URL] = true
		spec := fd.Schedule
		if spec == "" {
			spec = opts.Schedule
		}
		sched, err := scheduleParser.Parse(spec)
		if err != nil {
			return nil, fmt.Errorf("feed %s: schedule %q: %w", fd.URL, spec, err)
		}
		f.feeds = append(f.feeds, scheduledFeed{Feed: fd, sched: sched})
	}
	return f, nil
}

// Poll polls every feed once, now, whatever their schedules, and returns
// what was added from all of them. Its error joins those of the feeds
// that failed, each naming its feed; the others' items are added all the
// same.
func (f *Feeds) Poll(ctx context.Context) (corpus.Summary, error) {
	all := make([]int, len(f.feeds))
	for i := range all {
		all[i] = i
	}
	return f.poll(ctx, all)
}

// Run polls each feed on its schedule until ctx ends, then returns nil. A
// feed is polled at once when it was never fetched or its schedule came
// round since it last was (before a restart), else at its next time.
// Failures are logged; the failing feed is tried again at its next time.
func (f *Feeds) Run(ctx context.Context) error {
	for {
		err := f.lib.schema(ctx)
		if err == nil {
			break
		}
		f.o.Logger.Error("intake: feeds cannot start", "error", err)
		if f.o.Clock.Sleep(ctx, time.Minute) != nil {
			return nil
		}
	}
	next := make([]time.Time, len(f.feeds)) // zero: due now
	for i, fd := range f.feeds {
		_, fetched, err := f.feedState(ctx, fd.URL)
		if err != nil {
			f.o.Logger.Warn("intake: feed state unreadable, polling now", "feed", fd.URL, "error", err)
		}
		if !fetched.IsZero() {
			next[i] = f.next(i, fetched)
		}
	}
	f.o.Logger.Info("intake: polling feeds", "feeds", len(f.feeds))
	for {
		now := f.o.Clock.Now()
		var due []int
		for i, t := range next {
			if !t.After(now) {
				due = append(due, i)
			}
		}
		if len(due) > 0 {
			f.poll(ctx, due) // each feed logs its own outcome
			if ctx.Err() != nil {
				return nil
			}
			for _, i := range due {
				next[i] = f.next(i, now)
			}
		}
		if len(next) == 0 {
			<-ctx.Done()
			return nil
		}
		if f.o.Clock.Sleep(ctx, slices.MinFunc(next, time.Time.Compare).Sub(f.o.Clock.Now())) != nil {
			return nil
		}
	}
}

// next is when feed i is due after t.
func (f *Feeds) next(i int, t time.Time) time.Time {
	return f.feeds[i].sched.Next(t.In(f.o.Location))
}

// poll polls the feeds with the given indexes, Parallel at a time.
func (f *Feeds) poll(ctx context.Context, which []int) (corpus.Summary, error) {
	if err := f.lib.schema(ctx); err != nil {
		return corpus.Summary{}, err
	}
	type result struct {
		sum corpus.Summary
		err error
	}
	results := make([]result, len(which))
	sem := make(chan struct{}, f.o.Parallel)
	var wg sync.WaitGroup
	for r, i := range which {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			results[r].sum, results[r].err = f.pollFeed(ctx, f.feeds[i].URL)
		})
	}
	wg.Wait()
	var sum corpus.Summary
	var errs []error
	for _, r := range results {
		merge(&sum, r.sum)
		if r.err != nil {
			errs = append(errs, r.err)
		}
	}
	return sum, errors.Join(errs...)
}

// pollFeed fetches the feed at url and adds its new items.
func (f *Feeds) pollFeed(ctx context.Context, url string) (corpus.Summary, error) {
	start := f.o.Clock.Now()
	log := f.o.Logger.With("feed", url)
	fail := func(sum corpus.Summary, err error) (corpus.Summary, error) {
		err = fmt.Errorf("feed %s: %w", url, err)
		if ctx.Err() == nil {
			log.Warn("intake: feed failed", "error", err)
		}
		return sum, err
	}
	v, _, err := f.feedState(ctx, url)
	if err != nil {
		return fail(corpus.Summary{}, fmt.Errorf("read its state: %w", err))
	}
	body, nv, notModified, err := f.fetch(ctx, url, v)
	if err != nil {
		return fail(corpus.Summary{}, err)
	}
	if notModified {
		if err := f.remember(ctx, url, start, v, nil); err != nil {
			return fail(corpus.Summary{}, fmt.Errorf("remember the poll: %w", err))
		}
		log.Debug("intake: feed not modified")
		return corpus.Summary{}, nil
	}
	fd, err := parseFeed(body)
	if err != nil {
		return fail(corpus.Summary{}, err)
	}

	items := oldestFirst(fd.Items)
	keys := make([]string, 0, len(items))
	byKey := make(map[string]*gofeed.Item, len(items))
	for _, it := range items {
		k := itemKey(it)
		if _, dup := byKey[k]; !dup {
			byKey[k] = it
			keys = append(keys, k)
		}
	}
	fresh, err := f.unseen(ctx, url, keys)
	if err != nil {
		return fail(corpus.Summary{}, fmt.Errorf("read the items seen: %w", err))
	}
	var srcs []corpus.Source
	var newKeys []string
	for _, k := range keys {
		if fresh[k] {
			srcs = append(srcs, itemSource(url, fd, byKey[k]))
			newKeys = append(newKeys, k)
		}
	}
	var sum corpus.Summary
	if len(srcs) > 0 {
		sum, err = f.lib.Add(ctx, sourcesOf(srcs))
		for _, e := range sum.Errors {
			log.Warn("intake: feed item not added", "error", e)
		}
		if err != nil {
			return fail(sum, err)
		}
	}
	if err := f.remember(ctx, url, start, nv, newKeys); err != nil {
		return fail(sum, fmt.Errorf("remember the poll: %w", err))
	}
	log.Info("intake: feed polled", "items", len(keys), "new", len(newKeys),
		"added", sum.Added, "duplicates", sum.Duplicates, "carried", sum.Carried, "unchanged", sum.Unchanged, "failed", sum.Failed)
	return sum, nil
}

// parseFeed reads an RSS, Atom or JSON feed.
func parseFeed(body []byte) (*gofeed.Feed, error) {
	fd, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("not a feed: %w", err)
	}
	return fd, nil
}

// oldestFirst orders a feed's items by date, oldest first, so that later
// news gets later sequence numbers; a feed with undated items keeps its
// own order, reversed, as feeds list the newest first.
func oldestFirst(items []*gofeed.Item) []*gofeed.Item {
	out := slices.Clone(items)
	out = slices.DeleteFunc(out, func(it *gofeed.Item) bool { return it == nil })
	slices.Reverse(out)
	for _, it := range out {
		if it.PublishedParsed == nil {
			return out
		}
	}
	slices.SortStableFunc(out, func(a, b *gofeed.Item) int { return a.PublishedParsed.Compare(*b.PublishedParsed) })
	return out
}

// sourcesOf yields srcs, without errors.
func sourcesOf(srcs []corpus.Source) iter.Seq2[corpus.Source, error] {
	return func(yield func(corpus.Source, error) bool) {
		for _, s := range srcs {
			if !yield(s, nil) {
				return
			}
		}
	}
}

// merge adds the counts and errors of b to a, keeping at most
// corpus.MaxErrors errors.
func merge(a *corpus.Summary, b corpus.Summary) {
	a.Added += b.Added
	a.Unchanged += b.Unchanged
	a.Duplicates += b.Duplicates
	a.Carried += b.Carried
	a.Failed += b.Failed
	for _, e := range b.Errors {
		if len(a.Errors) < corpus.MaxErrors {
			a.Errors = append(a.Errors, e)
		}
	}
}
