package telegram

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// A fake Bot API over httptest, and a clock that records waits, for the
// Client tests.

const testToken = "123456:SECRET-token-value"

// fakeClock records the waits asked of it and jumps ahead instead of
// sleeping.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	slept []time.Duration
}

func newFakeClock() *fakeClock { return &fakeClock{now: time.Date(2025, 5, 2, 12, 0, 0, 0, time.UTC)} }

func (f *fakeClock) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	if d <= 0 {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.slept = append(f.slept, d)
	f.now = f.now.Add(d)
	return nil
}

func (f *fakeClock) waits() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.slept...)
}

// botAPI is a Bot API over httptest: each method answers with its scripted
// handlers in turn, then with success.
type botAPI struct {
	mu     sync.Mutex
	script map[string][]http.HandlerFunc
	calls  map[string]int
	tokens []string // tokens seen in request paths
	forms  map[string][]url.Values
}

func newBotAPI(t *testing.T, script map[string][]http.HandlerFunc) (*botAPI, *httptest.Server) {
	api := &botAPI{script: script, calls: map[string]int{}, forms: map[string][]url.Values{}}
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	return api, srv
}

func (b *botAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	method := path.Base(r.URL.Path)
	b.mu.Lock()
	b.calls[method]++
	n := b.calls[method]
	b.tokens = append(b.tokens, strings.TrimPrefix(path.Dir(r.URL.Path), "/bot"))
	_ = r.ParseForm()
	b.forms[method] = append(b.forms[method], r.Form)
	var h http.HandlerFunc
	if steps := b.script[method]; n <= len(steps) {
		h = steps[n-1]
	}
	b.mu.Unlock()
	if h != nil {
		h(w, r)
		return
	}
	serveDefault(w, r, method, n)
}

// serveDefault answers the n-th call of method with success.
func serveDefault(w http.ResponseWriter, r *http.Request, method string, n int) {
	var result any = true
	switch method {
	case "getMe":
		result = map[string]any{"id": 77, "is_bot": true, "first_name": "Desk", "username": "desk_bot"}
	case "sendMessage":
		result = map[string]any{"message_id": n, "date": 1, "chat": map[string]any{"id": json.Number(r.Form.Get("chat_id")), "type": "private"}, "text": r.Form.Get("text")}
	case "getUpdates":
		result = []any{map[string]any{"update_id": 5, "message": map[string]any{"message_id": 1, "date": 1, "chat": map[string]any{"id": 9, "type": "private"}, "text": "hi"}}}
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"ok": true, "result": result})
}

func (b *botAPI) count(method string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.calls[method]
}

func (b *botAPI) formsOf(method string) []url.Values {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.forms[method]
}

func apiErr(status int, desc string, params map[string]any) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		body := map[string]any{"ok": false, "error_code": status, "description": desc}
		if params != nil {
			body["parameters"] = params
		}
		_ = json.NewEncoder(w).Encode(body)
	}
}

func badGateway(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html")
	w.WriteHeader(http.StatusBadGateway)
	fmt.Fprint(w, "<html><body><h1>502 Bad Gateway</h1></body></html>")
}

// slow answers only after the client has given up.
func slow(w http.ResponseWriter, r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-time.After(10 * time.Second):
	}
}

// drop closes the connection without answering.
func drop(w http.ResponseWriter, r *http.Request) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err == nil {
		conn.Close()
	}
}

func repeat(h http.HandlerFunc, n int) []http.HandlerFunc {
	hs := make([]http.HandlerFunc, n)
	for i := range hs {
		hs[i] = h
	}
	return hs
}

// syncBuffer collects log output from concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type testClient struct {
	*Client
	clock *fakeClock
	logs  *syncBuffer
}

func newTestClient(t *testing.T, endpoint string, limits Limits) (*testClient, error) {
	clock, logs := newFakeClock(), &syncBuffer{}
	c, err := New(t.Context(), Config{
		Token:       testToken,
		Endpoint:    endpoint,
		CallTimeout: 200 * time.Millisecond,
		Clock:       clock,
		Pacer:       NewPacer(limits, clock),
		Logger:      slog.New(slog.NewTextHandler(logs, nil)),
	})
	if c != nil {
		t.Cleanup(func() { c.Close() })
	}
	return &testClient{Client: c, clock: clock, logs: logs}, err
}

func mustClient(t *testing.T, srv *httptest.Server, limits Limits) *testClient {
	t.Helper()
	tc, err := newTestClient(t, srv.URL+"/bot%s/%s", limits)
	if err != nil {
		t.Fatal(err)
	}
	return tc
}

func text(chat int64, s string) tgbotapi.MessageConfig { return tgbotapi.NewMessage(chat, s) }

// between asserts lo ≤ d ≤ hi.
func between(t *testing.T, what string, d, lo, hi time.Duration) {
	t.Helper()
	if d < lo || d > hi {
		t.Errorf("%s = %v, want between %v and %v", what, d, lo, hi)
	}
}
