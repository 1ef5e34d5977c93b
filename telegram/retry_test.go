package telegram

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

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
