package e2e

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/bot"
	"github.com/newsdesk/newsdesk/corpus"
	"github.com/newsdesk/newsdesk/digest"
	"github.com/newsdesk/newsdesk/internal/newsgen"
	"github.com/newsdesk/newsdesk/internal/storetest"
	"github.com/newsdesk/newsdesk/qa"
	"github.com/newsdesk/newsdesk/sample"
	"github.com/newsdesk/newsdesk/telegram"
)

// A replica is one bot process of several sharing a PostgreSQL store: its
// own connections to the store, index, Telegram client, digest service,
// handlers, Dispatcher (claiming updates in the store) and webhook server.
type replica struct {
	store   *corpus.Store
	client  *telegram.Client
	digests *digest.Service
	d       *telegram.Dispatcher
	hook    *httptest.Server
}

const replicaSecret = "e2e-replica-secret"

// sampleStore opens the store at loc with the sample corpus ingested into
// it, closed when the test ends.
func sampleStore(t *testing.T, loc string) *corpus.Store {
	t.Helper()
	st, err := corpus.Open(t.Context(), loc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if sum, err := corpus.Ingest(t.Context(), st, corpus.SourcesFS(sample.FS, sample.Dir), corpus.IngestOptions{}); err != nil || sum.Added == 0 {
		t.Fatalf("ingest the sample: %+v, %v", sum, err)
	}
	return st
}

// startReplica builds a replica on the store at loc, talking to the Bot API
// at endpoint (a URL with "%s" for the token and for the method).
func startReplica(t *testing.T, endpoint, token, loc string, logger *slog.Logger, digestOpts digest.Options) *replica {
	t.Helper()
	ctx := t.Context()
	store, err := corpus.Open(ctx, loc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	ix := qa.NewIndex(qa.DefaultOptions())
	if _, err := ix.Load(ctx, store); err != nil {
		t.Fatal(err)
	}
	client, err := telegram.New(ctx, telegram.Config{Token: token, Endpoint: endpoint, Logger: logger,
		Pacer: telegram.NewPacer(telegram.Limits{}, nil)})
	if err != nil {
		t.Fatalf("telegram.New against the emulator: %v", err)
	}
	t.Cleanup(func() { client.Close() })
	digestOpts.Logger = logger
	digests, err := digest.New(ctx, store, digest.TelegramSender{Client: client}, digestOpts)
	if err != nil {
		t.Fatal(err)
	}
	b, err := bot.New(client, bot.Options{Answerer: qa.NewAnswerer(ix, qa.DefaultAnswerOptions()), Index: ix,
		Library: store, Digests: digests, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	d := telegram.NewDispatcher(b, telegram.DispatcherOptions{Logger: logger, Claims: store.Claims("telegram.update", 0, nil)})
	t.Cleanup(func() { d.Close(context.Background()) })
	wh, err := telegram.NewWebhook(d, telegram.WebhookOptions{Secret: replicaSecret, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	hook := httptest.NewServer(wh)
	t.Cleanup(hook.Close)
	return &replica{store: store, client: client, digests: digests, d: d, hook: hook}
}

// redeliveringBalancer is the load balancer in front of the replicas'
// webhooks, with Telegram's retries at their worst: it posts each update
// to one replica and then again to the other, taking turns at which comes
// first. (It also adds the secret token, which the emulator's webhook
// posts lack.)
func redeliveringBalancer(t *testing.T, replicas []*replica, done chan<- struct{}) *httptest.Server {
	var n atomic.Int64
	lb := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() { done <- struct{}{} }()
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		first := int(n.Add(1))
		status := http.StatusBadGateway
		for i := range replicas {
			rep := replicas[(first+i)%len(replicas)]
			req, _ := http.NewRequestWithContext(r.Context(), http.MethodPost, rep.hook.URL, bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set(telegram.SecretHeader, replicaSecret)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Errorf("balancer to replica: %v", err)
				continue
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Errorf("replica answered the webhook post %s", resp.Status)
			}
			status = min(status, resp.StatusCode)
		}
		w.WriteHeader(status)
	}))
	t.Cleanup(lb.Close)
	return lb
}

// stopAfterSends is a replica's way to the Bot API that stops the replica
// mid-digest: once it is armed and Telegram has confirmed n messages
// through it, the next sendMessage calls stop (the replica's delivery
// context) and is answered 502 without reaching Telegram. Before it is
// armed it passes everything through.
type stopAfterSends struct {
	proxy *httputil.ReverseProxy

	mu      sync.Mutex
	armed   bool
	n       int
	stop    context.CancelFunc
	sent    int
	refused int
	first   chan struct{} // closed at the first send once armed
}

func newStopAfterSends(t *testing.T, api string) (*stopAfterSends, *httptest.Server) {
	target, err := url.Parse(api)
	if err != nil {
		t.Fatal(err)
	}
	s := &stopAfterSends{proxy: httputil.NewSingleHostReverseProxy(target), first: make(chan struct{})}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, srv
}

func (s *stopAfterSends) arm(n int, stop context.CancelFunc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.armed, s.n, s.stop = true, n, stop
}

func (s *stopAfterSends) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	if !s.armed || path.Base(r.URL.Path) != "sendMessage" {
		s.mu.Unlock()
		s.proxy.ServeHTTP(w, r)
		return
	}
	if s.sent == 0 {
		close(s.first)
	}
	if s.sent >= s.n {
		s.refused++
		s.stop()
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadGateway)
		io.WriteString(w, `{"ok":false,"error_code":502,"description":"Bad Gateway"}`)
		return
	}
	s.sent++ // sends are one at a time: the replica delivers to one chat at a time
	s.mu.Unlock()
	s.proxy.ServeHTTP(w, r)
}

// TestReplicasOnOnePostgres runs two replicas of the bot on one PostgreSQL
// database against the Bot API emulator in webhook mode, with a load
// balancer that delivers every update to both (Telegram's retries reaching
// the other replica): every question and command is answered once. Then
// both run a digest round for several subscribers; one is stopped after
// its first two messages, mid-digest, and the other finishes: every
// subscriber gets each part of its digest exactly once, in order.
func TestReplicasOnOnePostgres(t *testing.T) {
	loc := storetest.Location(t, "news.db")
	if !storetest.Postgres() {
		t.Skipf("replicas share a PostgreSQL database: this test runs in the PostgreSQL pass, with %s set", storetest.Env)
	}
	api := startEmulator(t)
	const token = "4250:e2e-replicas-token"
	ctx := t.Context()
	logger, _ := debugLogs(t, "replicas'")
	seed := sampleStore(t, loc)

	stopper, viaStopper := newStopAfterSends(t, api)
	a := startReplica(t, viaStopper.URL+"/bot%s/%s", token, loc, logger.With("replica", "a"), digest.Options{Workers: 1})
	b := startReplica(t, api+"/bot%s/%s", token, loc, logger.With("replica", "b"), digest.Options{})
	delivered := make(chan struct{}, 1)
	lb := redeliveringBalancer(t, []*replica{a, b}, delivered)
	if err := a.client.SetWebhook(ctx, lb.URL+"/telegram", replicaSecret); err != nil {
		t.Fatal(err)
	}

	// Questions and commands, each update posted to both replicas. They
	// are sent one at a time: the emulator numbers an update only once its
	// webhook post returned, so updates sent together would share an id.
	asks := map[int64]string{
		7001: "Who was blamed for the cyberattack and why?",
		7002: "What is APT28?",
		7003: "/timeline cyberattack on Azerbaijani media",
		7004: "What is APT29?",
	}
	subscribers := []int64{7101, 7102, 7103, 7104}
	for _, chat := range subscribers {
		asks[chat] = "/subscribe"
	}
	for chat, text := range asks {
		sendAsUser(t, api, token, chat, text)
		select {
		case <-delivered:
		case <-time.After(30 * time.Second):
			t.Fatalf("the emulator posted no update for %q to the webhook", text)
		}
		waitReplies(t, api, token, chat, 30*time.Second)
	}
	for _, r := range []*replica{a, b} {
		if err := r.d.Close(ctx); err != nil { // the answers in flight finish
			t.Fatal(err)
		}
	}
	for chat, text := range asks {
		if got := botHistory(t, api, token, chat); len(got) != 1 {
			t.Errorf("chat %d asked %q and got %d messages, want 1", chat, text, len(got))
		}
	}
	for _, chat := range subscribers {
		if sub, err := b.digests.Subscription(ctx, chat); err != nil || !sub.Active {
			t.Fatalf("chat %d not subscribed: %+v, %v", chat, sub, err)
		}
	}

	// New articles since the subscriptions: a digest of several parts each.
	want := addNews(t, seed, b.digests, 1, subscribers, 2)

	// Both replicas run the digest round; a is stopped after its first two
	// messages, and b, in its next round, finishes what a left.
	tomorrow := time.Now().Add(25 * time.Hour)
	aCtx, stopA := context.WithCancel(ctx)
	defer stopA()
	stopper.arm(2, stopA)
	var wg sync.WaitGroup
	var rb digest.Report
	wg.Go(func() {
		if _, err := a.digests.DeliverDue(aCtx, tomorrow); err != nil {
			t.Errorf("replica a: %v", err)
		}
	})
	select {
	case <-stopper.first:
	case <-time.After(30 * time.Second):
		t.Fatal("replica a sent no digest")
	}
	wg.Go(func() {
		var err error
		if rb, err = b.digests.DeliverDue(ctx, tomorrow); err != nil {
			t.Errorf("replica b: %v", err)
		}
	})
	wg.Wait()
	next, err := b.digests.DeliverDue(ctx, tomorrow)
	if err != nil {
		t.Fatal(err)
	}
	stopper.mu.Lock()
	sentByA, refused := stopper.sent, stopper.refused
	stopper.mu.Unlock()
	if sentByA != 2 || refused == 0 || aCtx.Err() == nil {
		t.Errorf("replica a sent %d parts and had %d refused; want it stopped after 2", sentByA, refused)
	}
	total := 0
	for _, chat := range subscribers {
		got := botHistory(t, api, token, chat)
		if len(got) > 0 {
			got = got[1:] // the reply to /subscribe
		}
		var texts []string
		for _, m := range got {
			texts = append(texts, m.Text)
		}
		if !slices.Equal(texts, want[chat]) {
			t.Errorf("chat %d got %d digest messages; want its %d parts once each, in order", chat, len(texts), len(want[chat]))
		}
		total += len(want[chat])
	}
	t.Logf("digest parts: %d in all; replica a sent %d before it stopped, b %d in the same round and %d in its next",
		total, sentByA, rb.Parts, next.Parts)
}

// addNews stores 60 new articles (newsgen, from the sample's seeds, with
// seed n) and returns the digest each subscriber is due, which must have at
// least min parts.
func addNews(t *testing.T, store *corpus.Store, digests *digest.Service, n uint64, subscribers []int64, min int) map[int64][]string {
	t.Helper()
	pool, err := newsgen.Load(n, "../sample/seeds")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := corpus.Ingest(t.Context(), store, pool.Articles(60), corpus.IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	want := map[int64][]string{}
	for _, chat := range subscribers {
		parts, err := digests.Preview(t.Context(), chat)
		if err != nil || len(parts) < min {
			t.Fatalf("chat %d's digest: %d parts, %v; want at least %d", chat, len(parts), err, min)
		}
		want[chat] = parts
	}
	return want
}
