package digest

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/newsdesk/newsdesk/corpus"
	"github.com/newsdesk/newsdesk/telegram"
)

// Sender delivers one Telegram-HTML message (at most
// telegram.MaxMessageLength long) to a chat and returns once Telegram has
// confirmed it. Its errors must keep the Bot API error in their chain, so
// that telegram.IsForbidden and telegram.IsMigrated can read them.
// TelegramSender adapts a *telegram.Client.
type Sender interface {
	SendHTMLPart(ctx context.Context, chatID int64, html string) error
}

// TelegramSender is the Sender of a live bot: it sends through the Client,
// which paces messages under Telegram's limits and retries 429s and 5xx.
type TelegramSender struct{ Client *telegram.Client }

// SendHTMLPart sends html as one message in HTML parse mode, without link
// previews (a digest holds many links).
func (t TelegramSender) SendHTMLPart(ctx context.Context, chatID int64, html string) error {
	m := tgbotapi.NewMessage(chatID, html)
	m.ParseMode = tgbotapi.ModeHTML
	m.DisableWebPagePreview = true
	_, err := t.Client.Send(ctx, m)
	return err
}

// Clock is the time source of the scheduler. telegram.SystemClock is the
// running system's; tests run under testing/synctest, where its time is
// virtual, or pass a fake.
type Clock interface {
	Now() time.Time
	// Sleep waits for d, or returns the cause of ctx's end if that comes
	// first.
	Sleep(ctx context.Context, d time.Duration) error
}

// Options configure a Service. The zero value is ready to use.
type Options struct {
	// Schedule is the schedule of subscribers that chose none (default
	// "@daily"): a cron expression or descriptor, see Subscribe.
	Schedule string
	// Location is the time zone schedules without a CRON_TZ= prefix are
	// read in, and digests' dates are shown in (default UTC).
	Location *time.Location
	// Clock drives the scheduler (default telegram.SystemClock).
	Clock Clock
	// Logger receives a line per digest sent and per failure (default
	// slog.Default()).
	Logger *slog.Logger
	// MaxItems is the most stories one digest lists, newest first; the rest
	// are counted in a closing line (default 30).
	MaxItems int
	// MaxScan is the most new documents one digest reads, the newest ones;
	// a subscriber further behind is told that earlier additions are not
	// listed (default 1000).
	MaxScan int
	// Workers is how many subscribers are delivered to at once (default
	// 100). Each sends its parts in order and waits in the Client's Pacer
	// between them (1 s per private chat, 3 s per group), so filling
	// Telegram's 30 messages a second with group chats takes 30 × 3 = 90
	// chats in progress.
	Workers int
	// RetryAfter is how long a digest whose delivery failed (Telegram
	// unreachable, retries exhausted) waits before it is tried again
	// (default 10 minutes). A restart tries at once.
	RetryAfter time.Duration
	// Grace is how long, once Run's context ends, a part already on its
	// way may take to be confirmed before it is cut (default 10 s).
	Grace time.Duration
	// Lease is how long a replica may deliver a subscription's digest
	// without a word before another replica takes over (default 5
	// minutes); it is extended before every part, so it must outlast the
	// sending of one, retries and pacing included. See lease.go.
	Lease time.Duration
	// Replica names this service among the replicas sharing the store
	// (default a random name, new for each Service).
	Replica string
}

func (o Options) withDefaults() Options {
	if o.Schedule == "" {
		o.Schedule = "@daily"
	}
	if o.Location == nil {
		o.Location = time.UTC
	}
	if o.Clock == nil {
		o.Clock = telegram.SystemClock{}
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.MaxItems <= 0 {
		o.MaxItems = 30
	}
	if o.MaxScan <= 0 {
		o.MaxScan = 1000
	}
	if o.Workers <= 0 {
		o.Workers = 100
	}
	if o.RetryAfter <= 0 {
		o.RetryAfter = 10 * time.Minute
	}
	if o.Grace <= 0 {
		o.Grace = 10 * time.Second
	}
	if o.Lease <= 0 {
		o.Lease = 5 * time.Minute
	}
	if o.Replica == "" {
		o.Replica = newReplicaID()
	}
	return o
}

// Service keeps the subscriptions and delivers their digests. It is safe
// for concurrent use: the bot's handlers call Subscribe, Unsubscribe,
// Preview and Migrate while Run delivers.
type Service struct {
	store  *corpus.Store
	leases *corpus.Leases // of subscriptions being delivered, among replicas
	sender Sender
	o      Options
	log    *slog.Logger

	mu    sync.Mutex
	busy  map[int64]bool      // subscriptions being delivered to, by id
	retry map[int64]time.Time // failed deliveries: subscription id → when to try again
	poke  context.CancelFunc  // ends Run's current sleep, so it looks at the subscriptions again
	dirty bool                // wake was called since Run last read the subscriptions
}

// New returns a Service keeping its tables in store (created or brought up
// to date with store.Extend) and sending through sender. It fails when
// o.Schedule is not a schedule.
func New(ctx context.Context, store *corpus.Store, sender Sender, o Options) (*Service, error) {
	o = o.withDefaults()
	if _, err := parseSchedule(o.Schedule, o.Location); err != nil {
		return nil, fmt.Errorf("digest: default schedule: %w", err)
	}
	if err := store.Extend(ctx, "digest", migrations); err != nil {
		return nil, fmt.Errorf("digest: %w", err)
	}
	return &Service{
		store:  store,
		leases: store.Leases("digest", o.Replica, o.Lease, o.Clock.Now),
		sender: sender,
		o:      o,
		log:    o.Logger.With("component", "digest"),
		busy:   make(map[int64]bool),
		retry:  make(map[int64]time.Time),
	}, nil
}

// wake ends Run's current sleep, if it sleeps, so that it reads the
// subscriptions again (one was added or its schedule changed).
func (s *Service) wake() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dirty = true
	if s.poke != nil {
		s.poke()
	}
}
