package follow

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/corpus"
	"github.com/newsdesk/newsdesk/intake"
	"github.com/newsdesk/newsdesk/internal/storetest"
	"github.com/newsdesk/newsdesk/qa"
)

// recorder is a Sender that keeps what each chat received, and can be
// told to fail, as a bot killed mid-send or Telegram unreachable would.
type recorder struct {
	mu    sync.Mutex
	got   map[int64][]string
	fails int // sends still to fail
}

func (r *recorder) SendHTMLPart(_ context.Context, chat int64, html string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fails > 0 {
		r.fails--
		return errors.New("connection reset")
	}
	if r.got == nil {
		r.got = map[int64][]string{}
	}
	r.got[chat] = append(r.got[chat], html)
	return nil
}

// deployment is the bot's store, library and watched folder, opened as a
// process opens them at start.
type deployment struct {
	store   *corpus.Store
	watcher *intake.Watcher
	follows *Service
}

func start(t *testing.T, db, dir string, r *recorder) *deployment {
	t.Helper()
	ctx := context.Background()
	store, err := corpus.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	ix := qa.NewIndex(qa.DefaultOptions())
	if _, err := ix.Load(ctx, store); err != nil {
		t.Fatal(err)
	}
	lib := intake.NewLibrary(store, ix, nil)
	svc, err := New(ctx, store, r, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return &deployment{store: store, watcher: intake.NewWatcher(lib, dir, intake.WatchOptions{Settle: time.Millisecond}), follows: svc}
}

// tick is one round of the running bot: the watcher's scan, then the
// follow service's pass.
func (d *deployment) tick(t *testing.T) error {
	t.Helper()
	if _, err := d.watcher.Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	_, err := d.follows.Pass(context.Background())
	return err
}

func drop(t *testing.T, dir, name, title, body string) {
	t.Helper()
	content := fmt.Sprintf("---\ntitle: %s\noutlet: Port Courier\n---\n\n%s\n", title, body)
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Minute) // written and closed a minute ago
	if err := os.Chtimes(p, old, old); err != nil {
		t.Fatal(err)
	}
}

// TestFollowedFilesReachChatsOnce drops files into the watched folder
// while the bot runs, restarts it twice, once with a send failing as the
// process dies: every following chat gets each matching article exactly
// once, an article matching two of a chat's follows is one alert, and a
// chat that follows nothing it matches gets nothing.
func TestFollowedFilesReachChatsOnce(t *testing.T) {
	const desk, wire, ferries = 101, 102, 103
	dir, db := t.TempDir(), storetest.Location(t, "news.db")
	r := &recorder{}
	d := start(t, db, dir, r)
	ctx := context.Background()
	for _, f := range []struct {
		chat  int64
		query string
	}{{desk, "Rotterdam strike"}, {desk, "dockworkers"}, {wire, "crane automation"}, {ferries, "ferry"}} {
		if _, err := d.follows.Follow(ctx, f.chat, f.query); err != nil {
			t.Fatal(err)
		}
	}
	drop(t, dir, "a.md", "Rotterdam dockworkers strike", "Dockworkers in Rotterdam went on strike on Tuesday over crane automation, the union said.")
	if err := d.tick(t); err != nil {
		t.Fatal(err)
	}
	d.store.Close()

	// Restart: nothing new, nothing sent again.
	d = start(t, db, dir, r)
	if err := d.tick(t); err != nil {
		t.Fatal(err)
	}
	drop(t, dir, "b.md", "Strike spreads in Rotterdam", "The strike in Rotterdam spread to the oil terminals on Wednesday, the port said.")
	drop(t, dir, "c.md", "Harbour reopens", "The harbour of Harwich reopened after repairs, the council said.")
	r.mu.Lock()
	r.fails = 1 // the process dies as it sends
	r.mu.Unlock()
	if err := d.tick(t); err == nil {
		t.Fatal("a pass whose send failed reported no error")
	}
	d.store.Close()

	// Restart again: the alert that failed goes out, and only it.
	d = start(t, db, dir, r)
	if err := d.tick(t); err != nil {
		t.Fatal(err)
	}
	defer d.store.Close()

	titles := func(chat int64) []string {
		r.mu.Lock()
		defer r.mu.Unlock()
		var out []string
		for _, html := range r.got[chat] {
			for _, title := range []string{"Rotterdam dockworkers strike", "Strike spreads in Rotterdam", "Harbour reopens"} {
				if strings.Contains(html, ">"+title+"<") || strings.Contains(html, " "+title+"\n") {
					out = append(out, title)
				}
			}
		}
		return out
	}
	for _, c := range []struct {
		chat int64
		want []string
	}{
		{desk, []string{"Rotterdam dockworkers strike", "Strike spreads in Rotterdam"}},
		{wire, []string{"Rotterdam dockworkers strike"}},
		{ferries, nil},
	} {
		if got := titles(c.chat); strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("chat %d got %q, want %q once each, in order", c.chat, got, c.want)
		}
	}
	r.mu.Lock()
	first := r.got[desk][0]
	r.mu.Unlock()
	if !strings.Contains(first, "<blockquote>Dockworkers in Rotterdam went on strike on Tuesday over crane automation, the union said.</blockquote>") {
		t.Errorf("the alert does not quote the article's sentence verbatim:\n%s", first)
	}
}

// TestFollowList numbers a chat's follows, keeps one of a repeated query,
// and unfollows by number.
func TestFollowList(t *testing.T) {
	d := start(t, storetest.Location(t, "news.db"), t.TempDir(), &recorder{})
	defer d.store.Close()
	ctx := context.Background()
	for _, q := range []string{"Rotterdam strike", "ferry", "  Rotterdam   strike "} {
		if _, err := d.follows.Follow(ctx, 7, q); err != nil {
			t.Fatal(err)
		}
	}
	qs, err := d.follows.Following(ctx, 7)
	if err != nil || len(qs) != 2 || qs[0] != (Query{1, "Rotterdam strike"}) || qs[1] != (Query{2, "ferry"}) {
		t.Fatalf("Following = %v, %v; want Rotterdam strike and ferry", qs, err)
	}
	if q, ok, err := d.follows.Unfollow(ctx, 7, 1); err != nil || !ok || q.Query != "Rotterdam strike" {
		t.Errorf("Unfollow 1 = %v, %v, %v", q, ok, err)
	}
	if _, ok, _ := d.follows.Unfollow(ctx, 7, 9); ok {
		t.Error("Unfollow of a number the chat does not have succeeded")
	}
	if qs, _ := d.follows.Following(ctx, 7); len(qs) != 1 || qs[0].Query != "ferry" {
		t.Errorf("after Unfollow: %v", qs)
	}
}

// TestReplicasSendEachAlertOnce runs the passes of two replicas on one
// store at once, as every replica's Run does: each chat gets each alert
// once.
func TestReplicasSendEachAlertOnce(t *testing.T) {
	dir, db := t.TempDir(), storetest.Location(t, "news.db")
	r := &recorder{}
	a, b := start(t, db, dir, r), start(t, db, dir, r)
	defer a.store.Close()
	defer b.store.Close()
	ctx := context.Background()
	const chats = 8
	for c := int64(1); c <= chats; c++ {
		if _, err := a.follows.Follow(ctx, c, "Rotterdam strike"); err != nil {
			t.Fatal(err)
		}
	}
	var docs []*corpus.Document
	for i := range 5 {
		body := fmt.Sprintf("The strike in Rotterdam entered day %d at terminal %d, the union said.", i+2, 10+i)
		docs = append(docs, &corpus.Document{Origin: fmt.Sprintf("r%d.md", i), Title: fmt.Sprintf("Rotterdam strike, day %d", i+2),
			Outlet: "Port Courier", Lang: "en", Body: body, Sentences: corpus.Split(body)})
	}
	if _, err := a.store.AddBatch(ctx, docs); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for _, d := range []*deployment{a, b, a, b} {
		wg.Go(func() {
			if _, err := d.follows.Pass(ctx); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	r.mu.Lock()
	defer r.mu.Unlock()
	for c := int64(1); c <= chats; c++ {
		if n := len(r.got[c]); n != len(docs) {
			t.Errorf("chat %d got %d alerts, want %d: one per article", c, n, len(docs))
		}
	}
}
