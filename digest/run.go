package digest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/newsdesk/newsdesk/corpus"
)

// maxNap is the longest Run sleeps without looking at the subscriptions,
// when none is due sooner (or there are none).
const maxNap = 24 * time.Hour

// Report counts what a delivery pass did.
type Report struct {
	Due       int // subscriptions delivered to: their schedule fired, or a pending digest waited
	Digests   int // digests delivered in full (the watermark moved)
	Parts     int // messages Telegram confirmed
	Empty     int // schedules that fired with nothing new: no message
	Forbidden int // subscriptions deactivated by a 403
	Migrated  int // subscriptions moved to the supergroup their group became
	Refused   int // parts Telegram refused with 400 Bad Request, logged and passed over
	Failed    int // deliveries cut by an error; their digest stays pending and is retried after Options.RetryAfter
}

// Run delivers digests at their subscribers' schedules until ctx ends,
// sleeping on Options.Clock in between; Subscribe and Migrate wake it.
// It first resumes the digests a previous process left half-sent. When
// ctx ends it stops each delivery at a part boundary: a part already on
// its way is given Options.Grace to be confirmed and recorded, no further
// part is sent; then Run returns nil. Failures of the store are logged and
// retried after Options.RetryAfter; Run does not end on them.
func (s *Service) Run(ctx context.Context) error {
	sendCtx, cut := context.WithCancel(context.WithoutCancel(ctx))
	defer cut()
	ended, end := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	defer wg.Wait()
	defer end()
	wg.Go(func() {
		select {
		case <-ctx.Done():
			if s.o.Clock.Sleep(ended, s.o.Grace) == nil {
				s.log.Warn("shutdown grace over, cutting deliveries in flight", "grace", s.o.Grace)
				cut()
			}
		case <-ended.Done():
		}
	})

	for {
		s.mu.Lock()
		s.dirty = false
		s.mu.Unlock()
		now := s.o.Clock.Now()
		r, next, err := s.pass(ctx, sendCtx, now)
		if ctx.Err() != nil {
			return nil
		}
		switch {
		case err != nil:
			s.log.Error("digest delivery failed", "err", err, "retry", s.o.RetryAfter)
			next = now.Add(s.o.RetryAfter)
		case r.Due > 0:
			continue // the schedules just run are read again for their next time
		}
		if err := s.nap(ctx, now, next); err != nil {
			return nil
		}
	}
}

// nap sleeps until next (at most maxNap from now), or until wake is
// called, or ctx ends: then it returns ctx's cause.
func (s *Service) nap(ctx context.Context, now, next time.Time) error {
	d := maxNap
	if !next.IsZero() {
		d = min(next.Sub(now), maxNap)
	}
	napCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	s.mu.Lock()
	if s.dirty {
		s.mu.Unlock()
		return nil
	}
	s.poke = cancel
	s.mu.Unlock()
	s.o.Clock.Sleep(napCtx, d)
	s.mu.Lock()
	s.poke = nil
	s.mu.Unlock()
	return context.Cause(ctx)
}

// DeliverDue delivers, at the time now, the digests due then: those of
// subscribers whose schedule fired since it last did, and those left
// half-sent by an interrupted delivery (unless one failed less than
// Options.RetryAfter ago), at most Options.Workers subscribers at once.
// It returns when they are done. Ending ctx cuts the sends in flight too
// (a cut part counts as unsent and goes again next time; Run instead lets
// them finish). Errors of single deliveries are logged and counted in the
// Report; the error is for failures of the store.
func (s *Service) DeliverDue(ctx context.Context, now time.Time) (Report, error) {
	r, _, err := s.pass(ctx, ctx, now)
	return r, err
}

// pass runs one round of deliveries, as DeliverDue, and returns when the
// next subscription not delivered now is due (zero for none).
func (s *Service) pass(ctx, sendCtx context.Context, now time.Time) (Report, time.Time, error) {
	var r Report
	subs, err := s.subscriptions(ctx, "WHERE s.active = 1")
	if err != nil {
		return r, time.Time{}, fmt.Errorf("digest: read subscriptions: %w", err)
	}
	to, err := s.store.MaxSeq(ctx)
	if err != nil {
		return r, time.Time{}, fmt.Errorf("digest: %w", err)
	}

	var due []*sub
	var next time.Time
	later := func(t time.Time) {
		if !t.IsZero() && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	s.mu.Lock()
	for i := range subs {
		x := &subs[i]
		if s.busy[x.id] {
			continue // another pass is delivering to it
		}
		retryAt, failed := s.retry[x.id]
		fires := !x.Next.IsZero() && !x.Next.After(now)
		resume := x.pending && (!failed || !retryAt.After(now))
		switch {
		case fires || resume:
			s.busy[x.id] = true
			due = append(due, x)
		default:
			later(x.Next)
			if x.pending {
				later(retryAt)
			}
		}
	}
	s.mu.Unlock()
	if len(due) == 0 {
		return r, next, nil
	}
	start := s.o.Clock.Now()
	cache := newComposeCache(s)
	var mu sync.Mutex
	var wg sync.WaitGroup
	slots := make(chan struct{}, s.o.Workers)
	for i, x := range due {
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			s.release(due[i:])
			wg.Wait()
			return r, next, nil
		}
		wg.Go(func() {
			defer func() { <-slots }()
			defer s.release([]*sub{x})
			state, fires, err := s.take(ctx, x, now)
			switch {
			case err != nil:
				s.log.Error("digest lease not taken", "chat", x.ChatID, "err", err)
				mu.Lock()
				r.Failed++
				later(now.Add(s.o.RetryAfter))
				mu.Unlock()
				return
			case state == leasedElsewhere:
				mu.Lock()
				later(now.Add(s.o.Lease)) // by then it is done, or its replica died and the lease expired
				mu.Unlock()
				return
			case state == notDue:
				mu.Lock()
				later(x.Next) // as read again: another replica may have delivered and moved it on
				mu.Unlock()
				return
			}
			defer s.unlease(ctx, x.id)
			var out outcome
			err = s.fired(ctx, x, fires, now)
			if err == nil {
				out, err = s.deliver(ctx, sendCtx, x, fires, to, func(ctx context.Context, from, to int64) (composed, error) {
					return cache.compose(ctx, from, to, x.Query)
				})
				err = ignore(err, corpus.ErrLeaseLost) // the replica that took it goes on
			}
			s.mu.Lock()
			if err != nil && !errors.Is(err, context.Canceled) {
				s.retry[x.id] = now.Add(s.o.RetryAfter)
			} else {
				delete(s.retry, x.id)
			}
			s.mu.Unlock()
			if err != nil && ctx.Err() == nil {
				s.log.Error("digest delivery failed", "chat", x.ChatID, "err", err, "retry", s.o.RetryAfter)
			} else if out.parts > 0 {
				s.log.Info("digest sent", "chat", x.ChatID, "parts", out.parts)
			}
			mu.Lock()
			defer mu.Unlock()
			r.Due++
			r.Digests += out.digests
			r.Parts += out.parts
			r.Empty += b2i(out.empty)
			r.Forbidden += b2i(out.forbidden)
			r.Migrated += b2i(out.migrated)
			r.Refused += out.refused
			r.Failed += b2i(err != nil && ctx.Err() == nil)
		})
	}
	wg.Wait()
	s.log.Info("digest round done", "due", r.Due, "digests", r.Digests, "parts", r.Parts, "empty", r.Empty,
		"forbidden", r.Forbidden, "migrated", r.Migrated, "refused", r.Refused, "failed", r.Failed, "took", s.o.Clock.Now().Sub(start))
	return r, next, nil
}

// leaseState is what take found.
type leaseState int

const (
	leased          leaseState = iota // this replica holds the lease and x is due
	leasedElsewhere                   // another replica holds the lease
	notDue                            // nothing to deliver any more (another replica did)
)

// take takes x's lease (lease.go) and reads x again under it, since another
// replica may have delivered to it since it was read; it reports whether x
// is still due at now, and whether its schedule fires. The lease is held
// only when the state is leased.
func (s *Service) take(ctx context.Context, x *sub, now time.Time) (leaseState, bool, error) {
	held, err := s.leases.Take(ctx, x.id)
	if err != nil || !held {
		return leasedElsewhere, false, err
	}
	fresh, err := s.subscriptions(ctx, "WHERE s.id = ? AND s.active = 1", x.id)
	if err != nil {
		s.unlease(ctx, x.id)
		return notDue, false, fmt.Errorf("digest: read subscription of chat %d: %w", x.ChatID, err)
	}
	if len(fresh) == 0 {
		s.unlease(ctx, x.id)
		return notDue, false, nil
	}
	*x = fresh[0]
	fires := !x.Next.IsZero() && !x.Next.After(now)
	if !fires && !x.pending {
		s.unlease(ctx, x.id)
		return notDue, false, nil
	}
	return leased, fires, nil
}

// fired records, when fire is set, that x's schedule fired at now, so
// that it is next due at the schedule's next time after now.
func (s *Service) fired(ctx context.Context, x *sub, fire bool, now time.Time) error {
	if !fire {
		return nil
	}
	if _, err := s.store.DB().ExecContext(ctx, "UPDATE digest_subscriptions SET last_run = ? WHERE id = ?", now.Unix(), x.id); err != nil {
		return fmt.Errorf("digest: record the schedule of chat %d fired: %w", x.ChatID, err)
	}
	return nil
}

// release marks the subscriptions as no longer being delivered to.
func (s *Service) release(subs []*sub) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, x := range subs {
		delete(s.busy, x.id)
	}
}

// composeCache composes each digest of one pass once: subscribers with
// the same watermark get the same digest.
type composeCache struct {
	s  *Service
	mu sync.Mutex
	m  map[composeKey]*composeOnce
}

// composeKey names a digest a pass may compose for several subscribers.
type composeKey struct {
	from  int64
	query string
}

type composeOnce struct {
	once sync.Once
	c    composed
	err  error
}

func newComposeCache(s *Service) *composeCache {
	return &composeCache{s: s, m: make(map[composeKey]*composeOnce)}
}

// compose returns the digest of (from, to] for query, composing it on
// first use. Every call of one pass has the same to.
func (c *composeCache) compose(ctx context.Context, from, to int64, query string) (composed, error) {
	c.mu.Lock()
	k := composeKey{from, query}
	e := c.m[k]
	if e == nil {
		e = &composeOnce{}
		c.m[k] = e
	}
	c.mu.Unlock()
	e.once.Do(func() { e.c, e.err = c.s.compose(ctx, from, to, query) })
	return e.c, e.err
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
