package corpus

import (
	"context"
	"sync"
	"testing"
	"time"
)

// TestClaimOnceAcrossStores claims the same keys from two stores open on
// one database, as two replicas do, all at once: each key is won exactly
// once, and a key of another kind is a claim of its own.
func TestClaimOnceAcrossStores(t *testing.T) {
	a, path := openTestStore(t)
	b, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	ctx := context.Background()
	const keys = 50
	won := make([]int, keys+1)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, c := range []*Claims{a.Claims("update", 0, nil), b.Claims("update", 0, nil), a.Claims("update", 0, nil)} {
		wg.Go(func() {
			for k := 1; k <= keys; k++ {
				ok, err := c.Claim(ctx, int64(k))
				if err != nil {
					t.Error(err)
					return
				}
				if ok {
					mu.Lock()
					won[k]++
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	for k := 1; k <= keys; k++ {
		if won[k] != 1 {
			t.Errorf("key %d won %d times, want once", k, won[k])
		}
	}
	if ok, err := b.Claims("digest", 0, nil).Claim(ctx, 1); err != nil || !ok {
		t.Errorf("key 1 of another kind: %v, %v; want a claim of its own", ok, err)
	}
}

// TestClaimsPruned: a claim older than the retention is deleted by a later
// claim, so the table does not grow for ever, and its key can be won again;
// a recent one stays.
func TestClaimsPruned(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	now := time.Unix(1_700_000_000, 0)
	c := s.Claims("update", 48*time.Hour, func() time.Time { return now })
	for _, k := range []int64{1, 2} {
		if ok, err := c.Claim(ctx, k); err != nil || !ok {
			t.Fatalf("first claim of %d: %v, %v", k, ok, err)
		}
		now = now.Add(47 * time.Hour)
	}
	// Now 94 h after key 1, 47 h after key 2.
	if ok, err := c.Claim(ctx, 3); err != nil || !ok {
		t.Fatalf("claim 3: %v, %v", ok, err)
	}
	if ok, err := c.Claim(ctx, 1); err != nil || !ok {
		t.Errorf("key 1, claimed 94 h ago with 48 h retention: %v, %v; want pruned and won again", ok, err)
	}
	if ok, err := c.Claim(ctx, 2); err != nil || ok {
		t.Errorf("key 2, claimed 47 h ago: %v, %v; want still claimed", ok, err)
	}
	var n int
	if err := s.DB().QueryRow("SELECT count(*) FROM claims").Scan(&n); err != nil || n != 3 {
		t.Errorf("%d claims stored (%v), want 3", n, err)
	}
}
