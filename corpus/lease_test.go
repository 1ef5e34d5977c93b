package corpus

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestLeaseTakeRenewExpireFree plays two replicas over one key: one holds
// the lease and renews it while the other waits; when it stops renewing
// the lease expires and the other takes it, and the first learns it lost
// it; a freed lease is taken at once.
func TestLeaseTakeRenewExpireFree(t *testing.T) {
	s, path := openTestStore(t)
	s2, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s2.Close() })
	ctx := context.Background()
	now := time.Unix(1_700_000_000, 0)
	clock := func() time.Time { return now }
	a := s.Leases("digest", "a", time.Minute, clock)
	b := s2.Leases("digest", "b", time.Minute, clock)
	take := func(l *Leases, who string, want bool) {
		t.Helper()
		if got, err := l.Take(ctx, 7); err != nil || got != want {
			t.Fatalf("%s takes: %v, %v; want %v", who, got, err, want)
		}
	}
	take(a, "a", true)
	take(b, "b, while a holds it,", false)
	take(a, "a, again,", true)
	now = now.Add(50 * time.Second)
	if err := a.Renew(ctx, 7); err != nil {
		t.Fatalf("a renews: %v", err)
	}
	now = now.Add(50 * time.Second) // 100 s after taking, 50 s after renewing
	take(b, "b, after a renewed,", false)
	if got, err := b.Take(ctx, 8); err != nil || !got {
		t.Errorf("b takes another key: %v, %v", got, err)
	}
	now = now.Add(11 * time.Second)
	take(b, "b, after a's lease expired,", true)
	if err := a.Renew(ctx, 7); !errors.Is(err, ErrLeaseLost) {
		t.Errorf("a renews a lease b took: %v, want ErrLeaseLost", err)
	}
	if err := a.Free(ctx, 7); err != nil {
		t.Fatal(err)
	}
	take(a, "a, after freeing what it no longer held,", false)
	if err := b.Free(ctx, 7); err != nil {
		t.Fatal(err)
	}
	take(a, "a, after b freed it,", true)
}
