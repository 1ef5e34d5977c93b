package e2e

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/corpus"
	"github.com/newsdesk/newsdesk/digest"
	"github.com/newsdesk/newsdesk/internal/storetest"
	"github.com/newsdesk/newsdesk/telegram"
)

// The environment TestReplicaKilledMidDigest gives the replica it kills.
const (
	childStore = "NEWSDESK_E2E_CHILD_STORE"
	childAPI   = "NEWSDESK_E2E_CHILD_API"
	childToken = "NEWSDESK_E2E_CHILD_TOKEN"
	childNow   = "NEWSDESK_E2E_CHILD_NOW"
	childLease = "NEWSDESK_E2E_CHILD_LEASE"
)

// TestReplicaKilledMidDigest kills a replica for real: a second process
// delivering digests from the shared PostgreSQL store is sent SIGKILL as it
// asks Telegram to send its third message, so it never frees its lease or
// says goodbye. The other replica delivers the digests the dead one did not
// hold at once, waits for the dead one's lease to expire, and then
// finishes its subscriber's digest: every subscriber gets every part of
// its digest exactly once, in order.
func TestReplicaKilledMidDigest(t *testing.T) {
	loc := storetest.Location(t, "news.db")
	if !storetest.Postgres() {
		t.Skipf("replicas share a PostgreSQL database: this test runs in the PostgreSQL pass, with %s set", storetest.Env)
	}
	api := startEmulator(t)
	const token = "4251:e2e-killed-token"
	const lease = 2 * time.Second
	ctx := t.Context()
	logger, _ := debugLogs(t, "survivor's")
	seed := sampleStore(t, loc)
	survivor := startReplica(t, api+"/bot%s/%s", token, loc, logger, digest.Options{Lease: lease})
	subscribers := []int64{7201, 7202, 7203}
	for _, chat := range subscribers {
		if err := survivor.digests.Subscribe(ctx, chat, "desk "+strconv.FormatInt(chat, 10), "", ""); err != nil {
			t.Fatal(err)
		}
	}
	want := addNews(t, seed, survivor.digests, 2, subscribers, 3)

	// The doomed replica runs in its own process, reaching the Bot API
	// through a proxy that kills it when it asks for its third message.
	tomorrow := time.Now().Add(25 * time.Hour)
	stopper, viaStopper := newStopAfterSends(t, api)
	cmd := exec.Command(os.Args[0], "-test.run", "^TestReplicaChild$", "-test.v")
	cmd.Env = append(os.Environ(), childStore+"="+loc, childAPI+"="+viaStopper.URL+"/bot%s/%s", childToken+"="+token,
		childNow+"="+strconv.FormatInt(tomorrow.Unix(), 10), childLease+"="+lease.String())
	out := &logBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	stopper.arm(2, func() { cmd.Process.Kill() })
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("the doomed replica ended with %v, not killed; its output:\n%s", err, out)
	}
	stopper.mu.Lock()
	sentByDead := stopper.sent
	stopper.mu.Unlock()
	if sentByDead != 2 {
		t.Fatalf("the doomed replica sent %d messages before it was killed, want 2", sentByDead)
	}

	// At once, the survivor delivers what the dead replica did not hold;
	// the digest under its lease waits.
	if _, err := survivor.digests.DeliverDue(ctx, tomorrow); err != nil {
		t.Fatal(err)
	}
	held := 0
	for _, chat := range subscribers {
		if n := len(botHistory(t, api, token, chat)); n < len(want[chat]) {
			held++
			if n != 2 {
				t.Errorf("chat %d, held by the dead replica's lease, has %d messages; want the 2 it sent", chat, n)
			}
		}
	}
	if held != 1 {
		t.Errorf("%d digests left unfinished after the survivor's first round; want the dead replica's one", held)
	}

	time.Sleep(lease + time.Second)
	if _, err := survivor.digests.DeliverDue(ctx, tomorrow); err != nil {
		t.Fatal(err)
	}
	for _, chat := range subscribers {
		var texts []string
		for _, m := range botHistory(t, api, token, chat) {
			texts = append(texts, m.Text)
		}
		if !slices.Equal(texts, want[chat]) {
			t.Errorf("chat %d got %d digest messages; want its %d parts once each, in order", chat, len(texts), len(want[chat]))
		}
	}
}

// TestReplicaChild is the replica TestReplicaKilledMidDigest kills: it
// delivers the digests due, one subscriber at a time, until it is killed.
func TestReplicaChild(t *testing.T) {
	loc := os.Getenv(childStore)
	if loc == "" {
		t.Skip("run by TestReplicaKilledMidDigest")
	}
	now, err := strconv.ParseInt(os.Getenv(childNow), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	lease, err := time.ParseDuration(os.Getenv(childLease))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	store, err := corpus.Open(ctx, loc)
	if err != nil {
		t.Fatal(err)
	}
	client, err := telegram.New(ctx, telegram.Config{Token: os.Getenv(childToken), Endpoint: os.Getenv(childAPI),
		Pacer: telegram.NewPacer(telegram.Limits{}, nil)})
	if err != nil {
		t.Fatal(err)
	}
	svc, err := digest.New(ctx, store, digest.TelegramSender{Client: client}, digest.Options{Workers: 1, Lease: lease})
	if err != nil {
		t.Fatal(err)
	}
	r, err := svc.DeliverDue(ctx, time.Unix(now, 0))
	t.Fatalf("delivered every digest (%+v, %v) instead of being killed", r, err)
}
