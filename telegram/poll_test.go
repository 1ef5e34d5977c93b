package telegram

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Poller tests over the MockTransport, under testing/synctest: the mock
// answers in process, so the bubble's virtual clock times the polls, the
// backoffs and the shutdown, and nothing really sleeps.

// quiet returns a logger for tests that do not read the logs.
func quiet() *slog.Logger { return slog.New(slog.DiscardHandler) }

// memOffsets is an OffsetStore in memory that remembers every offset set.
type memOffsets struct {
	mu  sync.Mutex
	set []int
}

func (s *memOffsets) Offset(context.Context) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.set) == 0 {
		return 0, nil
	}
	return s.set[len(s.set)-1], nil
}

func (s *memOffsets) SetOffset(_ context.Context, offset int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.set = append(s.set, offset)
	return nil
}

// pollClient is a Client over a fresh MockTransport, logging to logs.
func pollClient(t *testing.T, logs *syncBuffer) (*Client, *MockTransport) {
	t.Helper()
	m := NewMockTransport(nil)
	c, err := New(t.Context(), Config{
		Token:      "mock",
		Endpoint:   MockEndpoint,
		HTTPClient: &http.Client{Transport: m},
		Pacer:      NewPacer(Limits{}, nil),
		Logger:     slog.New(slog.NewTextHandler(logs, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c, m
}

// feedUpdates queues updates for the mock's getUpdates.
func feedUpdates(t *testing.T, m *MockTransport, updates ...tgbotapi.Update) {
	t.Helper()
	var b bytes.Buffer
	for _, u := range updates {
		line, err := json.Marshal(u)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(append(line, '\n'))
	}
	if err := m.Feed(&b); err != nil {
		t.Fatal(err)
	}
}

// callsOf returns the recorded calls of method.
func callsOf(m *MockTransport, method string) []Call {
	var out []Call
	for _, c := range m.Calls() {
		if c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// countingJournal is a journal that also counts how often each update
// was handled and may act on one.
type countingJournal struct {
	journal
	mu    sync.Mutex
	times map[int]int
	on    func(ctx context.Context, u tgbotapi.Update)
}

func (j *countingJournal) Handle(ctx context.Context, u tgbotapi.Update) {
	j.mu.Lock()
	if j.times == nil {
		j.times = map[int]int{}
	}
	j.times[u.UpdateID]++
	j.mu.Unlock()
	if j.on != nil {
		j.on(ctx, u)
	}
	j.journal.Handle(ctx, u)
}

// checkOnce fails unless updates first..last were each handled exactly once.
func (j *countingJournal) checkOnce(t *testing.T, first, last int) {
	t.Helper()
	j.mu.Lock()
	defer j.mu.Unlock()
	for id := first; id <= last; id++ {
		if n := j.times[id]; n != 1 {
			t.Errorf("update %d handled %d times, want once", id, n)
		}
	}
	if len(j.times) != last-first+1 {
		t.Errorf("handled %d distinct updates, want %d", len(j.times), last-first+1)
	}
}

func updates(first, last int) []tgbotapi.Update {
	var us []tgbotapi.Update
	for id := first; id <= last; id++ {
		us = append(us, chatUpdate(id, int64(id%3+1), "question"))
	}
	return us
}

func TestPollerHandlesEachUpdateOnceAndDoesNotSpin(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, m := pollClient(t, &syncBuffer{})
		feedUpdates(t, m, updates(1, 5)...)
		m.EndFeed() // from now on getUpdates answers at once, as emulators do
		j := &countingJournal{}
		offsets := &memOffsets{}
		p := NewPoller(c, NewDispatcher(j, DispatcherOptions{Logger: quiet()}), PollerOptions{Offsets: offsets, MinInterval: time.Second, Logger: quiet()})
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error)
		go func() { done <- p.Run(ctx) }()
		time.Sleep(10 * time.Second)
		cancel()
		if err := <-done; err != nil {
			t.Fatalf("Run: %v", err)
		}
		j.checkOnce(t, 1, 5)
		// The first poll brings the five updates and the next follows at
		// once; from then on one a second.
		if n := len(callsOf(m, "getUpdates")); n < 10 || n > 12 {
			t.Errorf("%d getUpdates calls in 10 s against a server that answers at once, want 10 to 12 (one a second)", n)
		}
		calls := m.Calls()
		if len(calls) < 3 || calls[1].Method != "deleteWebhook" || calls[2].Method != "getUpdates" {
			t.Errorf("calls start %v, want getMe, deleteWebhook, getUpdates", calls[:min(3, len(calls))])
		}
		if got, _ := offsets.Offset(t.Context()); got != 6 {
			t.Errorf("saved offset %d, want 6", got)
		}
		select {
		case <-m.Done():
		default:
			t.Error("the fed updates were never confirmed to the server")
		}
	})
}

func TestPollerSkipsUpdatesServedAgain(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, m := pollClient(t, &syncBuffer{})
		stale, _ := json.Marshal([]tgbotapi.Update{chatUpdate(1, 1, "again")})
		m.Hook = func(call Call) *tgbotapi.APIResponse {
			if call.Method == "getUpdates" { // a server that ignores the offset
				return &tgbotapi.APIResponse{Ok: true, Result: stale}
			}
			return nil
		}
		j := &countingJournal{}
		p := NewPoller(c, NewDispatcher(j, DispatcherOptions{Logger: quiet()}), PollerOptions{Logger: quiet()})
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		defer cancel()
		if err := p.Run(ctx); err != nil {
			t.Fatal(err)
		}
		j.checkOnce(t, 1, 1)
		if n := len(callsOf(m, "getUpdates")); n > 12 {
			t.Errorf("%d getUpdates calls in 10 s of nothing new, want at most 12 (one a second)", n)
		}
	})
}

func TestPollerRestartNeitherDropsNorRepeats(t *testing.T) {
	tests := []struct {
		name     string
		queue    int  // the Dispatcher's queue
		slow     bool // update 3 never finishes by itself: the shutdown cuts it short
		wantErr  bool
		wantSave int
		dropped  []int // updates the shutdown timeout gave up on, logged
	}{
		// The batch was confirmed to the server by the next poll.
		{name: "graceful stop mid-batch", wantSave: 7},
		// The poller waited for room: 1..3 were handled but never
		// confirmed; only the saved offset keeps them from coming again.
		{name: "stopped while waiting for room", queue: 2, wantSave: 4},
		// Confirmed but never handled: lost, and logged.
		{name: "shutdown timeout", slow: true, wantErr: true, wantSave: 4, dropped: []int{4, 5, 6}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				c, m := pollClient(t, &syncBuffer{})
				offsets := &memOffsets{}
				logs := &syncBuffer{}
				logger := slog.New(slog.NewTextHandler(logs, nil))
				feedUpdates(t, m, updates(1, 6)...)

				// First run: stopped (SIGTERM) while the batch 1..6 is
				// handled, once everything waits: update 2's answer for the
				// stop, the poller for the next poll or for room.
				ctx, stop := context.WithCancel(t.Context())
				first := &countingJournal{on: func(hctx context.Context, u tgbotapi.Update) {
					if u.UpdateID == 2 {
						<-ctx.Done()
						time.Sleep(time.Second) // an answer finishing after the stop
					}
					if tt.slow && u.UpdateID == 3 {
						<-hctx.Done()
					}
				}}
				d := NewDispatcher(first, DispatcherOptions{Workers: 1, Queue: tt.queue, Logger: logger})
				p := NewPoller(c, d, PollerOptions{Offsets: offsets, ShutdownTimeout: 5 * time.Second, Logger: logger})
				done := make(chan error)
				go func() { done <- p.Run(ctx) }()
				synctest.Wait()
				stop()
				err := <-done
				if (err != nil) != tt.wantErr {
					t.Fatalf("first Run = %v, want error %v", err, tt.wantErr)
				}
				if got, _ := offsets.Offset(t.Context()); got != tt.wantSave {
					t.Fatalf("saved offset %d after the first run, want %d", got, tt.wantSave)
				}
				for _, id := range tt.dropped {
					if !strings.Contains(logs.String(), `update dropped at shutdown" update=`+itoa(id)+" ") {
						t.Errorf("update %d dropped at shutdown is not logged:\n%s", id, logs)
					}
				}

				// Second run, as after a restart: continues where the first stopped.
				feedUpdates(t, m, updates(7, 9)...)
				m.EndFeed()
				before := len(callsOf(m, "getUpdates"))
				second := &countingJournal{}
				p = NewPoller(c, NewDispatcher(second, DispatcherOptions{Logger: quiet()}), PollerOptions{Offsets: offsets, Logger: quiet()})
				ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
				defer cancel()
				if err := p.Run(ctx); err != nil {
					t.Fatalf("second Run: %v", err)
				}
				if got := callsOf(m, "getUpdates")[before].Params["offset"]; got != itoa(tt.wantSave) {
					t.Errorf("restarted poller asked from offset %v, want %d", got, tt.wantSave)
				}
				both := &countingJournal{times: map[int]int{}}
				for id := range tt.dropped {
					both.times[tt.dropped[id]] = 1
				}
				for id, n := range first.times {
					both.times[id] += n
				}
				for id, n := range second.times {
					both.times[id] += n
				}
				both.checkOnce(t, 1, 9) // the dropped ones counted as once: logged, never twice
			})
		})
	}
}

func itoa(n int) string { return strings.TrimSpace(string(mustJSON(n))) }

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

func TestPollerBackpressure(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, m := pollClient(t, &syncBuffer{})
		feedUpdates(t, m, updates(1, 6)...)
		release := make(chan struct{})
		j := &countingJournal{on: func(context.Context, tgbotapi.Update) { <-release }}
		p := NewPoller(c, NewDispatcher(j, DispatcherOptions{Workers: 1, Queue: 2}), PollerOptions{Logger: quiet()})
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error)
		go func() { done <- p.Run(ctx) }()
		time.Sleep(time.Minute)
		if n := len(callsOf(m, "getUpdates")); n != 1 {
			t.Errorf("%d getUpdates calls while the queue is full, want 1: the poller must wait for room", n)
		}
		close(release)
		m.EndFeed()
		<-m.Done()
		cancel()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		j.checkOnce(t, 1, 6)
	})
}

func TestPollerBacksOffWhileTheServerFails(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		logs := &syncBuffer{}
		c, m := pollClient(t, logs)
		feedUpdates(t, m, updates(1, 1)...)
		var mu sync.Mutex
		var at []time.Time // when each getUpdates arrived
		m.Hook = func(call Call) *tgbotapi.APIResponse {
			if call.Method != "getUpdates" {
				return nil
			}
			mu.Lock()
			defer mu.Unlock()
			at = append(at, time.Now())
			if len(at) <= 12 { // three give-ups of the Client's four attempts
				return &tgbotapi.APIResponse{ErrorCode: 502, Description: "Bad Gateway"}
			}
			return nil
		}
		j := &countingJournal{}
		p := NewPoller(c, NewDispatcher(j, DispatcherOptions{Logger: quiet()}), PollerOptions{Logger: slog.New(slog.NewTextHandler(logs, nil))})
		ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
		defer cancel()
		if err := p.Run(ctx); err != nil {
			t.Fatal(err)
		}
		j.checkOnce(t, 1, 1)
		// Between the Client's give-up (attempt 4, 8, 12) and the next
		// poll, the poller waits [1 s, 2 s], then [2 s, 4 s], then [4 s, 8 s].
		for i, bounds := range [][2]time.Duration{{time.Second, 2 * time.Second}, {2 * time.Second, 4 * time.Second}, {4 * time.Second, 8 * time.Second}} {
			gap := at[4*(i+1)].Sub(at[4*(i+1)-1])
			between(t, "wait after failed poll "+itoa(i+1), gap, bounds[0], bounds[1])
		}
		if n := strings.Count(logs.String(), "telegram poll failed, waiting"); n != 3 {
			t.Errorf("%d failed polls logged, want 3:\n%s", n, logs)
		}
		if !strings.Contains(logs.String(), "telegram polling recovered") {
			t.Errorf("recovery not logged:\n%s", logs)
		}
	})
}

func TestPollerStopsOnFatalErrors(t *testing.T) {
	tests := []struct {
		method string
		code   int
		desc   string
	}{
		{"getUpdates", 401, "Unauthorized"},
		{"getUpdates", 409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"},
		{"deleteWebhook", 404, "Not Found"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+itoa(tt.code), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				c, m := pollClient(t, &syncBuffer{})
				m.Hook = func(call Call) *tgbotapi.APIResponse {
					if call.Method == tt.method {
						return &tgbotapi.APIResponse{ErrorCode: tt.code, Description: tt.desc}
					}
					return nil
				}
				p := NewPoller(c, NewDispatcher(&countingJournal{}, DispatcherOptions{Logger: quiet()}), PollerOptions{Logger: quiet()})
				start := time.Now()
				err := p.Run(t.Context())
				var apiErr *tgbotapi.Error
				if !errors.As(err, &apiErr) || apiErr.Code != tt.code {
					t.Fatalf("Run = %v, want the %d error", err, tt.code)
				}
				if took := time.Since(start); took != 0 {
					t.Errorf("Run took %v to give up on %d, want no waiting", took, tt.code)
				}
				if n := len(callsOf(m, tt.method)); n != 1 {
					t.Errorf("%s called %d times, want once", tt.method, n)
				}
			})
		})
	}
}
