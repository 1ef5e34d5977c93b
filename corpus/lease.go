package corpus

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Leases let one of several replicas sharing the store do a long piece of
// work (deliver a subscriber's digest, a chat's alerts) while the others
// leave it alone, and let another take it over when that replica dies.
// A lease names its owner and lasts until a time; the owner extends it as
// it goes (Renew) and frees it when done (Free). Taking one is a single
// upsert that succeeds only when the key is not leased, its lease
// expired, or the taker already holds it, so it is atomic on both
// databases without the store's write lock.
//
// A lease is a row, not a row lock of an open transaction (PostgreSQL's
// SELECT … FOR UPDATE SKIP LOCKED): the work takes minutes of paced sends,
// every write transaction on PostgreSQL holds the store's write lock, and
// SQLite has no row locks.
type Leases struct {
	store *Store
	kind  string
	owner string
	ttl   time.Duration
	now   func() time.Time
}

// ErrLeaseLost means a lease expired and another owner took it.
var ErrLeaseLost = errors.New("lease taken by another replica")

// Leases returns the leases of one kind (a name of the caller's choosing,
// such as "digest") as owner holds them: each lasts ttl from when it was
// taken or last renewed, timed by now (time.Now when nil). Owners must
// have names of their own.
func (s *Store) Leases(kind, owner string, ttl time.Duration, now func() time.Time) *Leases {
	if now == nil {
		now = time.Now
	}
	return &Leases{store: s, kind: kind, owner: owner, ttl: ttl, now: now}
}

// Take takes key's lease, or extends it if the owner holds it already,
// and reports whether the owner holds it now.
func (l *Leases) Take(ctx context.Context, key int64) (bool, error) {
	now := l.now()
	res, err := l.store.db.ExecContext(ctx, `INSERT INTO leases (kind, key, owner, until) VALUES (?, ?, ?, ?)
		ON CONFLICT (kind, key) DO UPDATE SET owner = excluded.owner, until = excluded.until
		WHERE leases.owner = excluded.owner OR leases.until <= ?`,
		l.kind, key, l.owner, now.Add(l.ttl).Unix(), now.Unix())
	if err != nil {
		return false, fmt.Errorf("lease %s %d: %w", l.kind, key, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("lease %s %d: %w", l.kind, key, err)
	}
	return n == 1, nil
}

// Renew extends the owner's lease on key by the ttl from now, or returns
// an error wrapping ErrLeaseLost when the owner no longer holds it.
func (l *Leases) Renew(ctx context.Context, key int64) error {
	res, err := l.store.db.ExecContext(ctx, "UPDATE leases SET until = ? WHERE kind = ? AND key = ? AND owner = ?",
		l.now().Add(l.ttl).Unix(), l.kind, key, l.owner)
	if err == nil {
		var n int64
		if n, err = res.RowsAffected(); err == nil && n == 0 {
			err = ErrLeaseLost
		}
	}
	if err != nil {
		return fmt.Errorf("renew lease %s %d: %w", l.kind, key, err)
	}
	return nil
}

// Free gives up the owner's lease on key, if it still holds it, so that
// another owner may take it at once.
func (l *Leases) Free(ctx context.Context, key int64) error {
	if _, err := l.store.db.ExecContext(ctx, "DELETE FROM leases WHERE kind = ? AND key = ? AND owner = ?", l.kind, key, l.owner); err != nil {
		return fmt.Errorf("free lease %s %d: %w", l.kind, key, err)
	}
	return nil
}
