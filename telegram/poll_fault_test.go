package telegram

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Fault tests: the Poller, the Dispatcher and the Client together against
// a Bot API over httptest that keeps updates as Telegram does (confirmed
// by the next getUpdates offset, long-polled) and fails on cue with 429
// and retry_after, 502, answers slower than the call timeout, and dropped
// connections. Retry and backoff waits go to fake clocks, which record
// them instead of sleeping.

// fakeTelegram is the Bot API: getMe, deleteWebhook, getUpdates and
// sendMessage.
type fakeTelegram struct {
	perPoll int // most updates one getUpdates returns

	mu      sync.Mutex
	faults  map[string]map[int]http.HandlerFunc // method → call number → fault
	calls   map[string]int
	offsets []int // offset of each getUpdates answered
	queue   []tgbotapi.Update
	nextID  int
	wake    chan struct{} // closed and replaced when updates are pushed
	sent    map[int64][]string
	msgID   int
	changed chan struct{} // closed and replaced when a message is sent
}

func newFakeTelegram(t *testing.T, perPoll int, faults map[string]map[int]http.HandlerFunc) (*fakeTelegram, *httptest.Server) {
	f := &fakeTelegram{
		perPoll: perPoll, faults: faults, calls: map[string]int{}, nextID: 1,
		wake: make(chan struct{}), sent: map[int64][]string{}, changed: make(chan struct{}),
	}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv
}

// push queues questions from chats, numbering the updates.
func (f *fakeTelegram) push(chats ...int64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, chat := range chats {
		id := f.nextID
		f.nextID++
		f.queue = append(f.queue, chatUpdate(id, chat, "q"+strconv.Itoa(id)))
	}
	close(f.wake)
	f.wake = make(chan struct{})
}

func (f *fakeTelegram) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	method := path.Base(r.URL.Path)
	_ = r.ParseForm() // reading the body lets the server see a client hang up
	f.mu.Lock()
	f.calls[method]++
	fault := f.faults[method][f.calls[method]]
	f.mu.Unlock()
	if fault != nil {
		fault(w, r)
		return
	}
	var result any = true
	switch method {
	case "getMe":
		result = map[string]any{"id": 77, "is_bot": true, "first_name": "Desk", "username": "desk_bot"}
	case "getUpdates":
		offset, _ := strconv.Atoi(r.Form.Get("offset"))
		timeout, _ := strconv.Atoi(r.Form.Get("timeout"))
		updates, ok := f.take(r.Context(), offset, time.Duration(timeout)*time.Second)
		if !ok {
			return // the client gave up
		}
		result = updates
	case "sendMessage":
		chat, _ := strconv.ParseInt(r.Form.Get("chat_id"), 10, 64)
		f.mu.Lock()
		f.sent[chat] = append(f.sent[chat], r.Form.Get("text"))
		f.msgID++
		result = map[string]any{"message_id": f.msgID, "date": 1, "chat": map[string]any{"id": chat, "type": "private"}, "text": r.Form.Get("text")}
		close(f.changed)
		f.changed = make(chan struct{})
		f.mu.Unlock()
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"ok": true, "result": result})
}

// take confirms the updates below offset and returns up to perPoll of the
// rest, waiting up to timeout for one.
func (f *fakeTelegram) take(ctx context.Context, offset int, timeout time.Duration) ([]tgbotapi.Update, bool) {
	expire := time.NewTimer(timeout)
	defer expire.Stop()
	for {
		f.mu.Lock()
		f.queue = slices.DeleteFunc(f.queue, func(u tgbotapi.Update) bool { return u.UpdateID < offset })
		batch := f.queue[:min(len(f.queue), f.perPoll)]
		wake := f.wake
		if len(batch) > 0 || timeout == 0 {
			f.offsets = append(f.offsets, offset)
			f.mu.Unlock()
			return slices.Clone(batch), true
		}
		f.mu.Unlock()
		select {
		case <-wake:
		case <-expire.C:
			timeout = 0
		case <-ctx.Done():
			return nil, false
		}
	}
}

// waitSent waits until n messages were sent in all, or fails the test.
func (f *fakeTelegram) waitSent(t *testing.T, n int) {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		f.mu.Lock()
		total := 0
		for _, texts := range f.sent {
			total += len(texts)
		}
		changed := f.changed
		f.mu.Unlock()
		if total >= n {
			return
		}
		select {
		case <-changed:
		case <-deadline:
			t.Fatalf("%d of %d answers arrived in 30 s", total, n)
		}
	}
}

// answerer counts how often each update is handled and answers it with
// "answer to" and the question.
type answerer struct {
	c     *Client
	mu    sync.Mutex
	times map[int]int
	errs  []error
}

func (a *answerer) Handle(ctx context.Context, u tgbotapi.Update) {
	a.mu.Lock()
	if a.times == nil {
		a.times = map[int]int{}
	}
	a.times[u.UpdateID]++
	a.mu.Unlock()
	if _, err := a.c.Send(ctx, tgbotapi.NewMessage(u.Message.Chat.ID, "answer to "+u.Message.Text)); err != nil {
		a.mu.Lock()
		a.errs = append(a.errs, fmt.Errorf("update %d: %w", u.UpdateID, err))
		a.mu.Unlock()
	}
}

// checkAnswers fails unless each chat got "answer to qN" once for each of
// its questions, in order, and no handler ran twice or failed to send.
func checkAnswers(t *testing.T, f *fakeTelegram, questions map[int64][]int, handlers ...*answerer) {
	t.Helper()
	times := map[int]int{}
	for _, a := range handlers {
		for id, n := range a.times {
			times[id] += n
		}
		for _, err := range a.errs {
			t.Errorf("answer lost: %v", err)
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for chat, ids := range questions {
		var want []string
		for _, id := range ids {
			want = append(want, "answer to q"+strconv.Itoa(id))
			if times[id] != 1 {
				t.Errorf("update %d handled %d times, want once", id, times[id])
			}
		}
		if got := f.sent[chat]; !slices.Equal(got, want) {
			t.Errorf("chat %d got %q, want %q", chat, got, want)
		}
	}
}

// pushRound queues one question from each chat and notes the ids.
func pushRound(f *fakeTelegram, questions map[int64][]int, chats ...int64) {
	f.mu.Lock()
	next := f.nextID
	f.mu.Unlock()
	f.push(chats...)
	for i, chat := range chats {
		questions[chat] = append(questions[chat], next+i)
	}
}

func TestPollerThroughFaults(t *testing.T) {
	tooMany := func(after int) http.HandlerFunc {
		return apiErr(429, "Too Many Requests: retry after "+strconv.Itoa(after), map[string]any{"retry_after": after})
	}
	f, srv := newFakeTelegram(t, 3, map[string]map[int]http.HandlerFunc{
		// The Client (8 attempts here, so that no answer can meet all
		// the send faults and be dropped) absorbs a few failures in a
		// row; eight (9-16) make it give up, and the poller backs off.
		"getUpdates": {2: tooMany(2), 3: badGateway, 5: slow, 6: drop,
			9: drop, 10: drop, 11: badGateway, 12: drop, 13: drop, 14: badGateway, 15: drop, 16: drop},
		"sendMessage": {1: badGateway, 3: drop, 5: slow, 7: tooMany(1), 8: drop},
	})
	tc := faultClient(t, srv)
	pollClock, logs := newFakeClock(), &syncBuffer{}
	a := &answerer{c: tc.Client}
	p := NewPoller(tc.Client, NewDispatcher(a, DispatcherOptions{Workers: 4, Logger: quiet()}), PollerOptions{
		Timeout: time.Second, Clock: pollClock, Logger: slog.New(slog.NewTextHandler(logs, nil)),
	})
	questions := map[int64][]int{}
	chats := []int64{11, 12, 13, 14, 15}
	for range 3 {
		pushRound(f, questions, chats...)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error)
	go func() { done <- p.Run(ctx) }()
	f.waitSent(t, 15)
	for range 3 { // more questions while the faults go on
		pushRound(f, questions, chats...)
	}
	f.waitSent(t, 30)
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}

	checkAnswers(t, f, questions, a)
	f.mu.Lock()
	sends, polls := f.calls["sendMessage"], f.calls["getUpdates"]
	f.mu.Unlock()
	if sends < 30+5 {
		t.Errorf("%d sendMessage calls, want at least 35: 30 answers and a retry for each of the 5 faults", sends)
	}
	if polls < 17 {
		t.Errorf("only %d getUpdates calls: the faults from the 9th to the 16th were not all met", polls)
	}
	if !strings.Contains(logs.String(), "telegram poll failed, waiting") {
		t.Errorf("the poller did not log its backoff:\n%s", logs)
	}
	waits := tc.clock.waits()
	for _, want := range []time.Duration{2 * time.Second, time.Second} {
		if !slices.Contains(waits, want) {
			t.Errorf("the Client's waits %v lack the %v that retry_after asked for", waits, want)
		}
	}
	for _, w := range waits {
		if w < 250*time.Millisecond || w > 10*time.Second {
			t.Errorf("Client wait %v is outside the backoffs of 0.25-10 s", w)
		}
	}
	backoffs := pollClock.waits()
	if len(backoffs) == 0 || backoffs[0] < time.Second || backoffs[0] > 2*time.Second {
		t.Errorf("poller waits %v, want one backoff of 1-2 s after the Client gave up", backoffs)
	}
}

// faultClient is a Client of srv that makes 8 attempts per call, with
// its waits on a fake clock.
func faultClient(t *testing.T, srv *httptest.Server) *testClient {
	t.Helper()
	clock := newFakeClock()
	c, err := New(t.Context(), Config{
		Token:       testToken,
		Endpoint:    srv.URL + "/bot%s/%s",
		CallTimeout: 500 * time.Millisecond, // well above a loaded machine's loopback call
		Retry:       RetryPolicy{MaxAttempts: 8},
		Clock:       clock,
		Pacer:       NewPacer(Limits{}, clock),
		Logger:      quiet(),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return &testClient{Client: c, clock: clock}
}

func TestPollerRestartOverHTTP(t *testing.T) {
	f, srv := newFakeTelegram(t, 100, map[string]map[int]http.HandlerFunc{
		"getUpdates": {3: drop},
	})
	offsets := &memOffsets{}
	questions := map[int64][]int{}
	run := func(rounds int) *answerer {
		tc := mustClient(t, srv, Limits{})
		a := &answerer{c: tc.Client}
		p := NewPoller(tc.Client, NewDispatcher(a, DispatcherOptions{Logger: quiet()}), PollerOptions{
			Offsets: offsets, Timeout: time.Second, Clock: newFakeClock(), Logger: quiet(),
		})
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error)
		go func() { done <- p.Run(ctx) }()
		f.mu.Lock()
		sent := f.msgID
		f.mu.Unlock()
		for range rounds {
			pushRound(f, questions, 21, 22)
		}
		f.waitSent(t, sent+2*rounds)
		cancel()
		if err := <-done; err != nil {
			t.Fatalf("Run: %v", err)
		}
		return a
	}
	first := run(3)
	if got, _ := offsets.Offset(t.Context()); got != 7 {
		t.Fatalf("saved offset %d after six updates, want 7", got)
	}
	f.mu.Lock()
	before := len(f.offsets)
	f.mu.Unlock()
	second := run(2)
	f.mu.Lock()
	resumed := f.offsets[before]
	f.mu.Unlock()
	if resumed != 7 {
		t.Errorf("restarted poller asked from offset %d, want 7", resumed)
	}
	checkAnswers(t, f, questions, first, second)
}
