package digest

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/newsdesk/newsdesk/corpus"
	"github.com/newsdesk/newsdesk/telegram"
)

// Replicas: several Services, each on its own connection to one store,
// delivering through one Telegram (the env's mock), as replicas of the bot
// sharing a PostgreSQL database do. Leases (lease.go) must have each part
// sent once.

// replica opens another Service on e's store, as a second replica.
func (e *env) replica(o Options) *Service {
	e.t.Helper()
	st, err := corpus.Open(context.Background(), e.path)
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { st.Close() })
	if o.Logger == nil {
		o.Logger = e.opts.Logger
	}
	svc, err := New(context.Background(), st, TelegramSender{Client: e.client}, o)
	if err != nil {
		e.t.Fatal(err)
	}
	return svc
}

// replicaSetup subscribes chats and adds articles until their digest takes
// three messages; it returns those messages, the same for every chat.
func replicaSetup(t *testing.T, e *env, chats []int64) []string {
	t.Helper()
	for _, c := range chats {
		e.subscribe(c, "")
	}
	threeParts(t, e)
	want, err := e.svc.Preview(t.Context(), chats[0])
	if err != nil || len(want) != 3 {
		t.Fatalf("Preview: %d parts, %v", len(want), err)
	}
	return want
}

// checkOnce fails t unless every chat got want exactly, once each.
func checkOnce(t *testing.T, e *env, chats []int64, want []string) {
	t.Helper()
	for _, c := range chats {
		if got := e.sentHTML(c); !slices.Equal(got, want) {
			t.Errorf("chat %d got %d messages; want the %d parts once each, in order", c, len(got), len(want))
		}
		if sub, err := e.svc.Subscription(t.Context(), c); err != nil || sub.Pending != 0 {
			t.Errorf("chat %d: %d parts still pending (%v)", c, sub.Pending, err)
		}
	}
}

var replicaChats = []int64{11, 12, 13, 14, 15, 16}

// TestReplicasDeliverEachPartOnce runs the schedule on two replicas at
// the same moment: each subscriber gets its digest once.
func TestReplicasDeliverEachPartOnce(t *testing.T) {
	e := newEnv(t, Options{MaxItems: 100})
	want := replicaSetup(t, e, replicaChats)
	other := e.replica(Options{MaxItems: 100})
	var wg sync.WaitGroup
	for _, svc := range []*Service{e.svc, other} {
		wg.Go(func() {
			if _, err := svc.DeliverDue(t.Context(), tomorrow()); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	checkOnce(t, e, replicaChats, want)
}

// cutAfter stops a replica mid-digest: once Telegram confirmed n parts,
// the next send fails with a 502 and stop is called, as a replica whose
// process is stopped then would.
func cutAfter(e *env, n int, stop context.CancelFunc) {
	var mu sync.Mutex
	sends := 0
	e.setHook(func(c telegram.Call) *tgbotapi.APIResponse {
		if c.Method != "sendMessage" {
			return nil
		}
		mu.Lock()
		defer mu.Unlock()
		if sends++; sends > n {
			stop()
			return &tgbotapi.APIResponse{ErrorCode: 502, Description: "Bad Gateway"}
		}
		return nil
	})
}

// stopMidDigest has e's replica deliver, one subscriber at a time, and
// stops it once Telegram confirmed its first two parts.
func stopMidDigest(t *testing.T, e *env) {
	t.Helper()
	ctx, stop := context.WithCancel(t.Context())
	cutAfter(e, 2, stop)
	if _, err := e.svc.DeliverDue(ctx, tomorrow()); err != nil {
		t.Fatal(err)
	}
	e.setHook(nil)
	sent := 0
	for _, c := range replicaChats {
		sent += len(e.sentHTML(c))
	}
	if sent != 2 {
		t.Fatalf("the stopped replica had %d parts confirmed, want 2", sent)
	}
}

// TestReplicaStoppedMidDigest: a replica stopped after its first sends
// leaves the rest to the other, which sends every part not yet sent, and
// none again. (The stopped one delivers to one subscriber at a time, so
// that no part is in flight when it stops: that one would go again.)
func TestReplicaStoppedMidDigest(t *testing.T) {
	e := newEnv(t, Options{MaxItems: 100, Workers: 1})
	want := replicaSetup(t, e, replicaChats)
	other := e.replica(Options{MaxItems: 100})

	stopMidDigest(t, e)
	r, err := other.DeliverDue(t.Context(), tomorrow())
	if left := 3*len(replicaChats) - 2; err != nil || r.Parts != left {
		t.Errorf("the other replica: %+v, %v; want the %d parts left", r, err, left)
	}
	checkOnce(t, e, replicaChats, want)
}

// TestLeaseOfADeadReplicaExpires: a replica that died mid-digest, its
// leases held, holds up those subscribers only until the leases expire;
// then another replica finishes their digests, sending each part once.
func TestLeaseOfADeadReplicaExpires(t *testing.T) {
	e := newEnv(t, Options{MaxItems: 100, Workers: 1, Replica: "dead"})
	want := replicaSetup(t, e, replicaChats)
	other := e.replica(Options{MaxItems: 100})

	stopMidDigest(t, e)
	// It died rather than stopped: its leases were not freed.
	res, err := e.store.DB().ExecContext(t.Context(), "INSERT INTO leases (kind, key, owner, until) SELECT 'digest', sub_id, 'dead', ? FROM digest_pending",
		time.Now().Add(5*time.Minute).Unix())
	if n, _ := res.RowsAffected(); err != nil || n == 0 {
		t.Fatalf("hold the dead replica's leases: %d rows, %v", n, err)
	}

	r, err := other.DeliverDue(t.Context(), tomorrow())
	if err != nil {
		t.Fatal(err)
	}
	held := 0
	for _, c := range replicaChats {
		if sub, _ := e.svc.Subscription(t.Context(), c); sub.Pending > 0 {
			held++
			if n := len(e.sentHTML(c)); n >= len(want) {
				t.Errorf("chat %d, leased by the dead replica, got %d parts before its lease expired", c, n)
			}
		}
	}
	if held == 0 {
		t.Fatalf("no digest left pending under the dead replica's leases (report %+v)", r)
	}
	// Five minutes later, its leases have expired.
	if _, err := e.store.DB().ExecContext(t.Context(), "UPDATE leases SET until = ? WHERE owner = 'dead'", time.Now().Unix()); err != nil {
		t.Fatal(err)
	}
	if _, err := other.DeliverDue(t.Context(), tomorrow()); err != nil {
		t.Fatal(err)
	}
	checkOnce(t, e, replicaChats, want)
}

// TestLeaseRereadsTheSubscription: a replica that read a subscription as
// due, and takes its lease after another replica delivered to it, finds
// it no longer due, and its next time moved on, so that its scheduler
// sleeps until then.
func TestLeaseRereadsTheSubscription(t *testing.T) {
	e := newEnv(t, Options{MaxItems: 100})
	replicaSetup(t, e, replicaChats[:1])
	other := e.replica(Options{MaxItems: 100})
	now := tomorrow()
	subs, err := other.subscriptions(t.Context(), "WHERE s.active = 1")
	if err != nil || len(subs) != 1 || subs[0].Next.After(now) {
		t.Fatalf("subscriptions as read before the delivery: %+v, %v; want one due", subs, err)
	}
	if _, err := e.svc.DeliverDue(t.Context(), now); err != nil {
		t.Fatal(err)
	}
	x := subs[0]
	state, fires, err := other.take(t.Context(), &x, now)
	if err != nil || state != notDue || fires {
		t.Errorf("take after the other replica delivered: state %d, fires %v, %v; want not due", state, fires, err)
	}
	if !x.Next.After(now) {
		t.Errorf("next time %v as read again, want after %v", x.Next, now)
	}
	if held, err := e.svc.leases.Take(t.Context(), x.id); err != nil || !held {
		t.Errorf("the lease was not freed when the subscription was found not due: %v, %v", held, err)
	}
}
