package corpus

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Claims are once-only marks in the store: the first caller of Claim for
// a key gets true, every later one false, whichever process of those
// sharing the store it runs in. Replicas use them to decide which one
// handles a Telegram update that reached several (webhook retries spread
// by a load balancer, or two pollers): the one whose claim was first.
//
// A claim is one INSERT … ON CONFLICT DO NOTHING, atomic on both
// databases without the store's write lock. Claims older than the
// retention are deleted, at most once per hour and by whichever replica
// claims then; a key claimed again after that is taken again, so the
// retention must outlast the time within which the same key can come back
// (Telegram gives up redelivering an update within a day).
type Claims struct {
	store     *Store
	kind      string
	retention time.Duration
	now       func() time.Time

	mu     sync.Mutex
	pruned time.Time // when this process last deleted old claims
}

// DefaultClaimRetention is how long a claim is kept by default.
const DefaultClaimRetention = 48 * time.Hour

// pruneEvery is the least time between two prunes by one process.
const pruneEvery = time.Hour

// Claims returns the claims of one kind (a name of the caller's choosing,
// such as "telegram.update"), kept for retention (DefaultClaimRetention
// when 0), timed by now (time.Now when nil).
func (s *Store) Claims(kind string, retention time.Duration, now func() time.Time) *Claims {
	if retention <= 0 {
		retention = DefaultClaimRetention
	}
	if now == nil {
		now = time.Now
	}
	return &Claims{store: s, kind: kind, retention: retention, now: now}
}

// Claim claims key and reports whether this call was the first to.
func (c *Claims) Claim(ctx context.Context, key int64) (bool, error) {
	now := c.now()
	if err := c.prune(ctx, now); err != nil {
		return false, err
	}
	res, err := c.store.db.ExecContext(ctx, "INSERT INTO claims (kind, key, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
		c.kind, key, now.Unix())
	if err != nil {
		return false, fmt.Errorf("claim %s %d: %w", c.kind, key, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("claim %s %d: %w", c.kind, key, err)
	}
	return n == 1, nil
}

// prune deletes the claims older than the retention, if this process has
// not done so within pruneEvery.
func (c *Claims) prune(ctx context.Context, now time.Time) error {
	c.mu.Lock()
	due := c.pruned.IsZero() || now.Sub(c.pruned) >= pruneEvery
	if due {
		c.pruned = now
	}
	c.mu.Unlock()
	if !due {
		return nil
	}
	_, err := c.store.db.ExecContext(ctx, "DELETE FROM claims WHERE kind = ? AND at < ?", c.kind, now.Add(-c.retention).Unix())
	if err != nil {
		c.mu.Lock()
		c.pruned = time.Time{} // try again with the next claim
		c.mu.Unlock()
		return fmt.Errorf("prune claims %s: %w", c.kind, err)
	}
	return nil
}
