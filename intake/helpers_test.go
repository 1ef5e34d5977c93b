package intake

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/corpus"
	"github.com/newsdesk/newsdesk/internal/storetest"
	"github.com/newsdesk/newsdesk/qa"
)

// testLibrary is a Library over a real SQLite file in a temporary folder,
// with its index and its log.
type testLibrary struct {
	*Library
	store *corpus.Store
	ix    *qa.Index
	log   *logBuffer
	path  string // the store's file or PostgreSQL URL
}

func newTestLibrary(t testing.TB) *testLibrary {
	t.Helper()
	return openTestLibrary(t, storetest.Location(t, "corpus.db"))
}

// openTestLibrary opens (or reopens, as after a restart) the store at
// path, loads an index from it and wraps both in a Library.
func openTestLibrary(t testing.TB, path string) *testLibrary {
	t.Helper()
	ctx := context.Background()
	store, err := corpus.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	ix := qa.NewIndex(qa.DefaultOptions())
	if _, err := ix.Load(ctx, store); err != nil {
		t.Fatal(err)
	}
	log := &logBuffer{}
	logger := slog.New(slog.NewTextHandler(log, &slog.HandlerOptions{Level: slog.LevelDebug}))
	return &testLibrary{Library: NewLibrary(store, ix, logger), store: store, ix: ix, log: log, path: path}
}

// searchTitles returns the titles of the documents the index finds for
// query, best first, each once.
func (l *testLibrary) searchTitles(query string) []string {
	var titles []string
	seen := map[int64]bool{}
	for _, h := range l.ix.Search(query, 10) {
		if !seen[h.Doc.ID] {
			seen[h.Doc.ID] = true
			titles = append(titles, h.Doc.Title)
		}
	}
	return titles
}

// count returns the number of stored documents.
func (l *testLibrary) count(t *testing.T) int {
	t.Helper()
	n, err := l.store.Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// logBuffer collects log output; slog handlers may write from several
// goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// lines returns the logged lines that contain every one of the words.
func (b *logBuffer) lines(words ...string) []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for line := range strings.Lines(b.buf.String()) {
		ok := true
		for _, w := range words {
			ok = ok && strings.Contains(line, w)
		}
		if ok {
			out = append(out, strings.TrimSpace(line))
		}
	}
	return out
}

// fakeClock is a Clock whose time moves only when a test says. Sleep
// blocks until Advance has moved the time past its end (or ctx ends), and
// announces itself on sleeping first, so a test knows the sleeper is
// waiting: everything it did before sleeping is done.
type fakeClock struct {
	mu       sync.Mutex
	now      time.Time
	wake     []chan struct{}
	until    []time.Time
	sleeping chan time.Duration
}

func newFakeClock(now time.Time) *fakeClock {
	return &fakeClock{now: now, sleeping: make(chan time.Duration, 16)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	ch := make(chan struct{})
	c.wake = append(c.wake, ch)
	c.until = append(c.until, c.now.Add(d))
	c.mu.Unlock()
	c.sleeping <- d
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// Advance moves the time on by d and wakes the sleepers whose time came.
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	for i := 0; i < len(c.wake); {
		if !c.until[i].After(c.now) {
			close(c.wake[i])
			c.wake = append(c.wake[:i], c.wake[i+1:]...)
			c.until = append(c.until[:i], c.until[i+1:]...)
			continue
		}
		i++
	}
}

// waitSleep waits for the next Sleep call and returns how long it sleeps.
func (c *fakeClock) waitSleep(t *testing.T) time.Duration {
	t.Helper()
	select {
	case d := <-c.sleeping:
		return d
	case <-time.After(10 * time.Second):
		t.Fatal("nothing went to sleep within 10 s")
		return 0
	}
}
