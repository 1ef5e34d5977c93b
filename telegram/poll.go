package telegram

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// OffsetStore keeps the poller's offset across restarts: the id of the
// first update not yet handled. The bot backs it with the corpus store's
// settings.
type OffsetStore interface {
	// Offset returns the stored offset, or 0 when none was stored.
	Offset(ctx context.Context) (int, error)
	// SetOffset stores offset durably.
	SetOffset(ctx context.Context, offset int) error
}

// PollerOptions configure a Poller. Zero fields take defaults.
type PollerOptions struct {
	// Offsets persists the offset; nil keeps it in memory only, so a
	// restart may see again the updates of the last batch.
	Offsets OffsetStore
	// Timeout is the long-poll wait asked of Telegram (default 30s, at
	// most MaxPollTimeout).
	Timeout time.Duration
	// MinInterval is the least time between the starts of two polls when
	// the first brought nothing new (default 1s). Telegram holds an
	// empty poll for Timeout, so this only matters for servers that
	// answer at once, such as emulators; without it the loop would spin.
	MinInterval time.Duration
	// MaxBackoff caps the wait after a failed poll (default 1m). The wait
	// starts at about a second and doubles with each failure in a row.
	MaxBackoff time.Duration
	// ShutdownTimeout bounds how long Run waits, once its context ends,
	// for the answers in flight (default 30s).
	ShutdownTimeout time.Duration
	// Clock times the waits between polls (default SystemClock).
	Clock Clock
	// Logger receives failed polls, recoveries and shutdown (default
	// slog.Default()).
	Logger *slog.Logger
}

// A Poller is the long-polling loop: it asks Telegram for updates with
// getUpdates and hands them to a Dispatcher.
//
// Offsets. Telegram forgets an update once getUpdates is called with a
// higher offset, so the poller confirms each batch with the next call
// (offset = last id received + 1), while the Dispatcher still holds it.
// What it persists is another number: Dispatcher.Handled()+1, the first
// update not yet handled, saved after each poll and at shutdown. On a
// restart the first getUpdates asks from the persisted offset, which
// confirms the updates handled before the stop and not yet confirmed to
// Telegram, so they are not handled again. A graceful stop finishes the
// updates it holds first; those confirmed and not handled when the process
// is killed outright, or when ShutdownTimeout runs out (then logged by id),
// are lost: at most the Dispatcher's queue. Confirming only handled
// updates instead would make Telegram answer every poll at once with the
// updates still in flight, so the loop could no longer long-poll.
//
// Failures. The Client already repeats a failed call (429, 5xx, network);
// when it gives up the poller waits, a second at first and twice as long
// for each failure in a row up to MaxBackoff (longer if Telegram asked
// with retry_after), logs, and tries again, for as long as its context
// lasts. Errors that waiting cannot fix end Run: 401 (bad token), 404,
// 409 (another poller, or a webhook set behind our back), other 4xx, and
// a closed Client.
type Poller struct {
	c    *Client
	d    *Dispatcher
	opts PollerOptions
	rand func() float64
}

// NewPoller returns a Poller feeding d from c. Run closes d when it stops.
func NewPoller(c *Client, d *Dispatcher, opts PollerOptions) *Poller {
	if opts.Timeout <= 0 {
		opts.Timeout = 30 * time.Second
	}
	opts.Timeout = min(opts.Timeout, MaxPollTimeout)
	if opts.MinInterval <= 0 {
		opts.MinInterval = time.Second
	}
	if opts.MaxBackoff <= 0 {
		opts.MaxBackoff = time.Minute
	}
	if opts.ShutdownTimeout <= 0 {
		opts.ShutdownTimeout = 30 * time.Second
	}
	if opts.Clock == nil {
		opts.Clock = SystemClock{}
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	return &Poller{c: c, d: d, opts: opts, rand: rand.Float64}
}

// Run deletes any webhook (Telegram refuses getUpdates while one is set),
// then polls until ctx ends or a fatal error. Then it stops polling, closes
// the Dispatcher, waiting up to ShutdownTimeout for the answers in flight,
// and saves the offset. It returns nil when ctx ended, or the errors that
// stopped it or spoiled the shutdown.
func (p *Poller) Run(ctx context.Context) error {
	var saved int
	if p.opts.Offsets != nil {
		var err error
		if saved, err = p.opts.Offsets.Offset(ctx); err != nil {
			return errors.Join(fmt.Errorf("telegram poll: read offset: %w", err), p.shutdown(ctx, &saved))
		}
	}
	err := p.loop(ctx, saved, &saved)
	return errors.Join(err, p.shutdown(ctx, &saved))
}

// loop polls from offset next until ctx ends (nil) or a fatal error.
func (p *Poller) loop(ctx context.Context, next int, saved *int) error {
	log := p.opts.Logger
	webhookDeleted := false
	failures := 0
	for ctx.Err() == nil {
		start := p.opts.Clock.Now()
		var updates []tgbotapi.Update
		var err error
		if !webhookDeleted {
			_, err = p.c.Request(ctx, tgbotapi.DeleteWebhookConfig{})
			webhookDeleted = err == nil
		}
		if err == nil {
			updates, err = p.c.GetUpdates(ctx, next, p.opts.Timeout)
		}
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			if fatalPollError(err) {
				log.Error("telegram poll failed for good", "offset", next, "err", err)
				return fmt.Errorf("telegram poll: %w", err)
			}
			failures++
			if !p.wait(ctx, "telegram poll failed, waiting", failures, next, err) {
				return nil
			}
			continue
		}
		if failures > 0 {
			log.Info("telegram polling recovered", "failures", failures, "offset", next)
			failures = 0
		}
		fresh := 0
		var unclaimed error
		for _, u := range updates {
			if u.UpdateID < next {
				continue // an old one served again: handled already
			}
			if err := p.d.Dispatch(ctx, u); err != nil {
				if ctx.Err() != nil {
					return nil
				}
				if errors.Is(err, ErrClaim) {
					unclaimed = err // polled again from u, after a wait
					break
				}
				return fmt.Errorf("telegram poll: update %d: %w", u.UpdateID, err)
			}
			next = u.UpdateID + 1
			fresh++
		}
		if unclaimed != nil {
			failures++
			if !p.wait(ctx, "telegram update not claimed, waiting", failures, next, unclaimed) {
				return nil
			}
			continue
		}
		if ctx.Err() == nil {
			_ = p.save(ctx, saved) // logged; the next poll or the shutdown tries again
		}
		if fresh == 0 {
			if wait := p.opts.MinInterval - p.opts.Clock.Now().Sub(start); wait > 0 {
				if p.opts.Clock.Sleep(ctx, wait) != nil {
					return nil
				}
			}
		}
	}
	return nil
}

// wait logs msg and waits after the n-th failure in a row, err, at offset
// next; it reports false when ctx ended first.
func (p *Poller) wait(ctx context.Context, msg string, n, next int, err error) bool {
	wait := p.backoff(n, err)
	p.opts.Logger.Warn(msg, "failures", n, "offset", next, "wait", wait, "err", err)
	return p.opts.Clock.Sleep(ctx, wait) == nil
}

// backoff is the wait after the n-th failed poll in a row.
func (p *Poller) backoff(n int, err error) time.Duration {
	policy := RetryPolicy{BaseDelay: 2 * time.Second, MaxDelay: p.opts.MaxBackoff}
	wait := policy.backoff(n, p.rand) // about 1 s, 2 s, 4 s, … up to MaxBackoff
	if after, ok := RetryAfter(err); ok {
		wait = max(wait, after)
	}
	return wait
}

// fatalPollError reports whether err is one that waiting cannot fix.
func fatalPollError(err error) bool {
	if errors.Is(err, ErrClosed) {
		return true
	}
	e := APIError(err)
	return e != nil && e.Code >= 400 && e.Code < 500 && e.Code != 429
}

// save persists the Dispatcher's watermark if it moved past *saved.
func (p *Poller) save(ctx context.Context, saved *int) error {
	h := p.d.Handled()
	if p.opts.Offsets == nil || h == 0 || h+1 <= *saved {
		return nil
	}
	if err := p.opts.Offsets.SetOffset(ctx, h+1); err != nil {
		p.opts.Logger.Error("telegram offset not saved", "offset", h+1, "err", err)
		return fmt.Errorf("telegram poll: save offset %d: %w", h+1, err)
	}
	*saved = h + 1
	return nil
}

// shutdown lets the answers in flight finish, for up to ShutdownTimeout
// past ctx's end, then saves the offset.
func (p *Poller) shutdown(ctx context.Context, saved *int) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), p.opts.ShutdownTimeout)
	defer cancel()
	var errs []error
	if err := p.d.Close(ctx); err != nil {
		p.opts.Logger.Warn("telegram shutdown cut answers short", "timeout", p.opts.ShutdownTimeout, "err", err)
		errs = append(errs, fmt.Errorf("telegram poll: shutdown: %w", err))
	}
	errs = append(errs, p.save(ctx, saved))
	p.opts.Logger.Info("telegram polling stopped", "offset", *saved)
	return errors.Join(errs...)
}
