package telegram

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

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

func TestClientRetries(t *testing.T) {
	type want struct {
		ok       bool
		attempts int
		waits    [][2]time.Duration // allowed range of each wait, in order
		timeouts int                // attempts that must have run into the 200ms CallTimeout
	}
	p := DefaultRetryPolicy()
	b1, b2, b3 := [2]time.Duration{p.BaseDelay / 2, p.BaseDelay}, [2]time.Duration{p.BaseDelay, 2 * p.BaseDelay}, [2]time.Duration{2 * p.BaseDelay, 4 * p.BaseDelay}
	flood := apiErr(429, "Too Many Requests: retry after 7", map[string]any{"retry_after": 7})
	cases := []struct {
		name  string
		steps []http.HandlerFunc
		want  want
	}{
		{"429 retry_after honoured", []http.HandlerFunc{flood}, want{true, 2, [][2]time.Duration{{7 * time.Second, 7 * time.Second}}, 0}},
		{"502 page then success", []http.HandlerFunc{badGateway}, want{true, 2, [][2]time.Duration{b1}, 0}},
		{"502 JSON then success", []http.HandlerFunc{apiErr(502, "Bad Gateway", nil)}, want{true, 2, [][2]time.Duration{b1}, 0}},
		{"502 past the limit", repeat(badGateway, 10), want{false, 4, [][2]time.Duration{b1, b2, b3}, 0}},
		{"slow response then success", []http.HandlerFunc{slow}, want{true, 2, [][2]time.Duration{b1}, 1}},
		{"slow past the limit", repeat(slow, 10), want{false, 4, [][2]time.Duration{b1, b2, b3}, 4}},
		{"dropped connection then success", []http.HandlerFunc{drop, drop}, want{true, 3, [][2]time.Duration{b1, b2}, 0}},
		{"dropped past the limit", repeat(drop, 10), want{false, 4, [][2]time.Duration{b1, b2, b3}, 0}},
		{"400 not retried", []http.HandlerFunc{apiErr(400, "Bad Request: can't parse entities", nil)}, want{false, 1, nil, 0}},
		{"403 not retried", []http.HandlerFunc{apiErr(403, "Forbidden: bot was blocked by the user", nil)}, want{false, 1, nil, 0}},
		{"flood wait too long", []http.HandlerFunc{apiErr(429, "Too Many Requests: retry after 3600", map[string]any{"retry_after": 3600})}, want{false, 1, nil, 0}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			api, srv := newBotAPI(t, map[string][]http.HandlerFunc{"sendMessage": tc.steps})
			c := mustClient(t, srv, Limits{})
			start := time.Now()
			m, err := c.Send(t.Context(), text(42, "hello"))
			real := time.Since(start)
			if tc.want.ok != (err == nil) {
				t.Fatalf("Send error = %v, want ok=%v", err, tc.want.ok)
			}
			if tc.want.ok && (m.MessageID != tc.want.attempts || m.Chat.ID != 42) {
				t.Errorf("message = %d in chat %d, want %d in 42", m.MessageID, m.Chat.ID, tc.want.attempts)
			}
			if got := api.count("sendMessage"); got != tc.want.attempts {
				t.Errorf("%d attempts reached the server, want %d", got, tc.want.attempts)
			}
			waits := c.clock.waits()
			if len(waits) != len(tc.want.waits) {
				t.Fatalf("waits = %v, want %d of them", waits, len(tc.want.waits))
			}
			for i, w := range waits {
				between(t, fmt.Sprintf("wait %d", i+1), w, tc.want.waits[i][0], tc.want.waits[i][1])
			}
			// Real time is spent only on attempts that time out (200ms each).
			timeouts := time.Duration(tc.want.timeouts) * 200 * time.Millisecond
			between(t, "real time", real, timeouts, timeouts+time.Second)
			if err != nil {
				if !strings.HasPrefix(err.Error(), "telegram sendMessage: ") {
					t.Errorf("error %q does not name the method", err)
				}
				if strings.Contains(err.Error(), testToken) {
					t.Errorf("error %q leaks the token", err)
				}
			}
			if strings.Contains(c.logs.String(), testToken) {
				t.Errorf("logs leak the token:\n%s", c.logs)
			}
		})
	}
}

func TestClientErrorKinds(t *testing.T) {
	_, srv := newBotAPI(t, map[string][]http.HandlerFunc{"sendMessage": {
		apiErr(403, "Forbidden: bot was blocked by the user", nil),
		apiErr(400, "Bad Request: group chat was upgraded to a supergroup chat", map[string]any{"migrate_to_chat_id": -1001234}),
		apiErr(429, "Too Many Requests: retry after 3600", map[string]any{"retry_after": 3600}),
		slow, slow, slow, slow,
	}})
	c := mustClient(t, srv, Limits{})

	_, err := c.Send(t.Context(), text(42, "a"))
	if !IsForbidden(err) {
		t.Errorf("IsForbidden(%v) = false", err)
	}
	_, err = c.Send(t.Context(), text(-42, "b"))
	if id, ok := IsMigrated(err); !ok || id != -1001234 || IsForbidden(err) {
		t.Errorf("IsMigrated(%v) = %d, %v; IsForbidden = %v", err, id, ok, IsForbidden(err))
	}
	_, err = c.Send(t.Context(), text(42, "c"))
	if d, ok := RetryAfter(err); !ok || d != time.Hour {
		t.Errorf("RetryAfter(%v) = %v, %v; want 1h", err, d, ok)
	}
	_, err = c.Send(t.Context(), text(42, "d"))
	if !errors.Is(err, context.DeadlineExceeded) || IsForbidden(err) {
		t.Errorf("timeout error %v is not a deadline", err)
	}
}

func TestClientNew(t *testing.T) {
	// getMe is retried like any call.
	api, srv := newBotAPI(t, map[string][]http.HandlerFunc{"getMe": {badGateway, drop}})
	c := mustClient(t, srv, Limits{})
	if c.Self().UserName != "desk_bot" || api.count("getMe") != 3 {
		t.Errorf("Self = %+v after %d getMe calls", c.Self(), api.count("getMe"))
	}
	for _, tok := range api.tokens {
		if tok != testToken {
			t.Errorf("request path carried token %q", tok)
		}
	}

	// A bad token fails at once.
	api, srv = newBotAPI(t, map[string][]http.HandlerFunc{"getMe": {apiErr(401, "Unauthorized", nil)}})
	if _, err := newTestClient(t, srv.URL+"/bot%s/%s", Limits{}); err == nil || api.count("getMe") != 1 {
		t.Errorf("New with a bad token: %v after %d calls", err, api.count("getMe"))
	}

	// Nothing listening: an error after the attempts, without the token.
	srv = httptest.NewServer(http.NotFoundHandler())
	dead := srv.URL
	srv.Close()
	_, err := newTestClient(t, dead+"/bot%s/%s", Limits{})
	if err == nil || strings.Contains(err.Error(), testToken) || !strings.Contains(err.Error(), "giving up after 4 attempts") {
		t.Errorf("New against a closed port: %v", err)
	}

	for _, ep := range []string{"https://api.example/bot/%s", "https://api.example/bot%s/%s/%d"} {
		if _, err := newTestClient(t, ep, Limits{}); err == nil || !strings.Contains(err.Error(), "Config.Endpoint") {
			t.Errorf("New with endpoint %q: %v", ep, err)
		}
	}
}

// Close and cancellation end retry waits at once, with the real clock.
func TestClientCloseStopsWaits(t *testing.T) {
	flood := apiErr(429, "Too Many Requests: retry after 30", map[string]any{"retry_after": 30})
	_, srv := newBotAPI(t, map[string][]http.HandlerFunc{"sendMessage": repeat(flood, 10)})
	c, err := New(t.Context(), Config{Token: testToken, Endpoint: srv.URL + "/bot%s/%s", Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = c.Send(ctx, text(42, "a"))
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > time.Second {
		t.Errorf("cancelled Send: %v after %v", err, time.Since(start))
	}

	done := make(chan error, 1)
	go func() {
		_, err := c.Send(t.Context(), text(43, "b"))
		done <- err
	}()
	time.Sleep(50 * time.Millisecond) // let it reach the 30 s wait
	start = time.Now()
	c.Close()
	select {
	case err := <-done:
		if !errors.Is(err, ErrClosed) {
			t.Errorf("Send during Close = %v, want ErrClosed", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Close did not end the retry wait")
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("Send returned %v after Close", took)
	}
	if _, err := c.Send(t.Context(), text(42, "c")); !errors.Is(err, ErrClosed) {
		t.Errorf("Send after Close = %v", err)
	}
}

// Sends are paced per chat; chat actions and other methods are not.
func TestClientPacesSends(t *testing.T) {
	api, srv := newBotAPI(t, nil)
	c := mustClient(t, srv, DefaultLimits())
	for range 3 {
		if _, err := c.Send(t.Context(), text(42, "x")); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Request(t.Context(), tgbotapi.NewChatAction(42, tgbotapi.ChatTyping)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.Send(t.Context(), text(-100, "group")); err != nil {
		t.Fatal(err)
	}
	waits := c.clock.waits()
	if want := []time.Duration{time.Second, time.Second, DefaultLimits().Global}; !slices.Equal(waits, want) {
		t.Errorf("waits = %v, want %v: 1s between sends to one chat, the global spacing before the group", waits, want)
	}
	if api.count("sendChatAction") != 3 {
		t.Errorf("%d chat actions", api.count("sendChatAction"))
	}
}

// Long polls get their poll timeout on top of the call timeout.
func TestClientGetUpdates(t *testing.T) {
	pollSlowly := func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(400 * time.Millisecond) // past CallTimeout, within the poll
		serveDefault(w, r, "getUpdates", 2)
	}
	api, srv := newBotAPI(t, map[string][]http.HandlerFunc{"getUpdates": {badGateway, pollSlowly}})
	c := mustClient(t, srv, Limits{})
	updates, err := c.GetUpdates(t.Context(), 5, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if len(updates) != 1 || updates[0].UpdateID != 5 || updates[0].Message.Text != "hi" {
		t.Errorf("updates = %+v", updates)
	}
	forms := api.formsOf("getUpdates")
	if len(forms) != 2 || forms[1].Get("offset") != "5" || forms[1].Get("timeout") != "2" {
		t.Errorf("getUpdates forms = %v, want offset 5 and timeout 2 twice", forms)
	}
}
