package telegram

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/newsdesk/newsdesk/corpus"
	"github.com/newsdesk/newsdesk/internal/storetest"
)

// Tests of replicas sharing one store: the update claims (corpus.Claims)
// decide which replica's Dispatcher handles an update. They run on the
// real store, SQLite and PostgreSQL (see storetest), outside synctest, whose
// bubble must not own database connections.

// replicaStores opens n stores on one new database, as n replicas do.
func replicaStores(t *testing.T, n int) []*corpus.Store {
	t.Helper()
	loc := storetest.Location(t, "shared.db")
	var out []*corpus.Store
	for range n {
		s, err := corpus.Open(context.Background(), loc)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		out = append(out, s)
	}
	return out
}

// countHandled counts how often each update id was handled, by any
// replica, and fails t for ids not handled exactly once.
func countHandled(t *testing.T, journals []*journal, ids int) {
	t.Helper()
	times := map[int]int{}
	for _, j := range journals {
		for _, id := range j.handled() {
			times[id]++
		}
	}
	for id := 1; id <= ids; id++ {
		if times[id] != 1 {
			t.Errorf("update %d handled %d times, want once", id, times[id])
		}
	}
}

// TestWebhookReplicasHandleEachUpdateOnce posts every update to the
// webhooks of two replicas at once, as Telegram's redelivery through a
// load balancer may: each is answered 200 by both and handled by one.
func TestWebhookReplicasHandleEachUpdateOnce(t *testing.T) {
	stores := replicaStores(t, 2)
	const ids = 40
	var journals []*journal
	var hooks []*Webhook
	for _, s := range stores {
		j := &journal{}
		d := NewDispatcher(j, DispatcherOptions{Logger: quiet(), Claims: s.Claims("telegram.update", 0, nil)})
		t.Cleanup(func() { d.Close(context.Background()) })
		h, err := NewWebhook(d, WebhookOptions{Secret: "s3cret", Logger: quiet()})
		if err != nil {
			t.Fatal(err)
		}
		journals, hooks = append(journals, j), append(hooks, h)
	}
	var wg sync.WaitGroup
	for id := 1; id <= ids; id++ {
		body := updateJSON(t, chatUpdate(id, int64(100+id%5), "q"))
		for _, h := range hooks {
			wg.Go(func() {
				if rec := deliver(h, http.MethodPost, "s3cret", body); rec.Code != http.StatusOK {
					t.Errorf("update %d answered %d, want 200", id, rec.Code)
				}
			})
		}
	}
	wg.Wait()
	for i, h := range hooks {
		if err := h.d.Close(t.Context()); err != nil {
			t.Fatal(err)
		}
		if got := h.d.Handled(); got != ids {
			t.Errorf("replica %d: Handled() = %d, want %d: updates the other replica took count as handled", i, got, ids)
		}
	}
	countHandled(t, journals, ids)
}

// TestWebhookClaimFailureAsksForRedelivery: when the store cannot record
// the claim, the webhook answers 503 so that Telegram delivers the update
// again, and handles nothing; the redelivery, once the store is back, is
// handled.
func TestWebhookClaimFailureAsksForRedelivery(t *testing.T) {
	loc := storetest.Location(t, "shared.db")
	down, err := corpus.Open(context.Background(), loc)
	if err != nil {
		t.Fatal(err)
	}
	down.Close()
	j := &journal{}
	d := NewDispatcher(j, DispatcherOptions{Logger: quiet(), Claims: down.Claims("telegram.update", 0, nil)})
	h, err := NewWebhook(d, WebhookOptions{Secret: "s3cret", Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	body := updateJSON(t, chatUpdate(7, 100, "q"))
	if rec := deliver(h, http.MethodPost, "s3cret", body); rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("with the store down: %d, want 503", rec.Code)
	}
	d.Close(t.Context())
	if got := j.handled(); len(got) != 0 {
		t.Fatalf("handled %v without a claim", got)
	}

	up := replicaStoresAt(t, loc)
	j = &journal{}
	d = NewDispatcher(j, DispatcherOptions{Logger: quiet(), Claims: up.Claims("telegram.update", 0, nil)})
	if h, err = NewWebhook(d, WebhookOptions{Secret: "s3cret", Logger: quiet()}); err != nil {
		t.Fatal(err)
	}
	if rec := deliver(h, http.MethodPost, "s3cret", body); rec.Code != http.StatusOK {
		t.Fatalf("redelivery: %d, want 200", rec.Code)
	}
	d.Close(t.Context())
	if got := j.handled(); len(got) != 1 || got[0] != 7 {
		t.Errorf("after redelivery handled %v, want [7]", got)
	}
}

// replicaStoresAt opens the store at loc for the rest of t.
func replicaStoresAt(t *testing.T, loc string) *corpus.Store {
	t.Helper()
	s, err := corpus.Open(context.Background(), loc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestPollersOnOneStoreHandleEachUpdateOnce runs two pollers whose
// getUpdates both bring every update (Telegram refuses a second poller
// with 409, an emulator or a misconfigured deployment may not): the
// claims let one handle each.
func TestPollersOnOneStoreHandleEachUpdateOnce(t *testing.T) {
	stores := replicaStores(t, 2)
	const ids = 30
	var updates []tgbotapi.Update
	for id := 1; id <= ids; id++ {
		updates = append(updates, chatUpdate(id, int64(200+id%3), "q"))
	}
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	var journals []*journal
	var wg sync.WaitGroup
	for _, s := range stores {
		c, m := pollClient(t, &syncBuffer{})
		feedUpdates(t, m, updates...)
		m.EndFeed()
		j := &journal{}
		d := NewDispatcher(j, DispatcherOptions{Logger: quiet(), Claims: s.Claims("telegram.update", 0, nil)})
		p := NewPoller(c, d, PollerOptions{MinInterval: 10 * time.Millisecond, Logger: quiet()})
		runCtx, stop := context.WithCancel(ctx)
		wg.Go(func() {
			<-m.Done()
			stop()
		})
		wg.Go(func() {
			if err := p.Run(runCtx); err != nil {
				t.Errorf("Poller.Run: %v", err)
			}
		})
		journals = append(journals, j)
	}
	wg.Wait()
	if ctx.Err() != nil {
		t.Fatal("the pollers did not confirm every update within 30 s")
	}
	countHandled(t, journals, ids)
}
