package telegram

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

const testSecret = "s3cret_Token-value"

func updateJSON(t *testing.T, u tgbotapi.Update) string {
	t.Helper()
	b, err := json.Marshal(u)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// deliver posts body to h as Telegram would, with the given secret.
func deliver(h http.Handler, method, secret, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, "/telegram", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set(SecretHeader, secret)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestWebhookRequests(t *testing.T) {
	good := updateJSON(t, chatUpdate(5, 1, "hello"))
	tests := []struct {
		name     string
		method   string
		secret   string
		body     string
		want     int
		dispatch bool
	}{
		{"an update", http.MethodPost, testSecret, good, http.StatusOK, true},
		{"GET", http.MethodGet, testSecret, "", http.StatusMethodNotAllowed, false},
		{"no secret", http.MethodPost, "", good, http.StatusUnauthorized, false},
		{"wrong secret of the same length", http.MethodPost, strings.ToUpper(testSecret), good, http.StatusUnauthorized, false},
		{"secret with more after it", http.MethodPost, testSecret + "x", good, http.StatusUnauthorized, false},
		{"not JSON", http.MethodPost, testSecret, "update_id=5", http.StatusBadRequest, false},
		{"no update_id", http.MethodPost, testSecret, `{"message":{"message_id":1,"chat":{"id":1}}}`, http.StatusBadRequest, false},
		{"body over the cap", http.MethodPost, testSecret, `{"update_id":5,"message":{"text":"` + strings.Repeat("a", 2000) + `"}}`, http.StatusRequestEntityTooLarge, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := &countingJournal{}
			d := NewDispatcher(j, DispatcherOptions{Logger: quiet()})
			h, err := NewWebhook(d, WebhookOptions{Secret: testSecret, MaxBody: 1024, Logger: quiet()})
			if err != nil {
				t.Fatal(err)
			}
			rec := deliver(h, tt.method, tt.secret, tt.body)
			if err := d.Close(t.Context()); err != nil {
				t.Fatal(err)
			}
			if rec.Code != tt.want {
				t.Errorf("status %d, want %d (body %q)", rec.Code, tt.want, rec.Body)
			}
			if got := len(j.times) == 1; got != tt.dispatch {
				t.Errorf("dispatched: %v, want %v", got, tt.dispatch)
			}
		})
	}
}

func TestNewWebhookRefusesBadSecrets(t *testing.T) {
	d := NewDispatcher(&countingJournal{}, DispatcherOptions{Logger: quiet()})
	defer d.Close(t.Context())
	for _, secret := range []string{"", "has space", "ünïcode", strings.Repeat("a", 257)} {
		if _, err := NewWebhook(d, WebhookOptions{Secret: secret}); err == nil {
			t.Errorf("NewWebhook accepted the secret %q", secret)
		}
	}
}

func TestWebhookAnswersFastAndDropsRedeliveries(t *testing.T) {
	g := newGate(1)
	j := &countingJournal{on: func(ctx context.Context, u tgbotapi.Update) { g.wait(ctx, u.UpdateID) }}
	d := NewDispatcher(j, DispatcherOptions{Logger: quiet()})
	h, err := NewWebhook(d, WebhookOptions{Secret: testSecret, Remember: 3, Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	post := func(u tgbotapi.Update) int {
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.URL, strings.NewReader(updateJSON(t, u)))
		req.Header.Set(SecretHeader, testSecret)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	// Update 1's answer hangs, yet its delivery is answered at once.
	for _, id := range []int{1, 2, 1, 3, 2} {
		if code := post(chatUpdate(id, int64(id), "q")); code != http.StatusOK {
			t.Fatalf("delivery of %d answered %d, want 200", id, code)
		}
	}
	// Remember is 3: ids 1, 2, 3 are kept; 4 pushes 1 out.
	post(chatUpdate(4, 4, "q"))
	post(chatUpdate(1, 1, "q")) // forgotten, so taken again
	g.open(1)
	if err := d.Close(t.Context()); err != nil {
		t.Fatal(err)
	}
	want := map[int]int{1: 2, 2: 1, 3: 1, 4: 1}
	for id, n := range want {
		if j.times[id] != n {
			t.Errorf("update %d handled %d times, want %d", id, j.times[id], n)
		}
	}
}

func TestWebhookFullQueue(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		j := &countingJournal{on: func(context.Context, tgbotapi.Update) { <-release }}
		d := NewDispatcher(j, DispatcherOptions{Workers: 1, Queue: 1, Logger: quiet()})
		h, err := NewWebhook(d, WebhookOptions{Secret: testSecret, QueueWait: 2 * time.Second, Logger: quiet()})
		if err != nil {
			t.Fatal(err)
		}
		if rec := deliver(h, http.MethodPost, testSecret, updateJSON(t, chatUpdate(1, 1, "q"))); rec.Code != http.StatusOK {
			t.Fatalf("first delivery answered %d", rec.Code)
		}
		start := time.Now()
		rec := deliver(h, http.MethodPost, testSecret, updateJSON(t, chatUpdate(2, 2, "q")))
		if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" || time.Since(start) != 2*time.Second {
			t.Errorf("delivery into a full queue answered %d (Retry-After %q) after %v, want 503 with Retry-After after 2s",
				rec.Code, rec.Header().Get("Retry-After"), time.Since(start))
		}
		close(release)
		// Telegram delivers it again; now there is room, and it is not
		// taken for a redelivery of an update already accepted.
		if rec := deliver(h, http.MethodPost, testSecret, updateJSON(t, chatUpdate(2, 2, "q"))); rec.Code != http.StatusOK {
			t.Errorf("second delivery answered %d, want 200", rec.Code)
		}
		if err := d.Close(t.Context()); err != nil {
			t.Fatal(err)
		}
		j.checkOnce(t, 1, 2)
	})
}

func TestClientSetWebhook(t *testing.T) {
	api, srv := newBotAPI(t, nil)
	tc := mustClient(t, srv, Limits{})
	if err := tc.SetWebhook(t.Context(), "https://bot.example.org/telegram", testSecret, "message", "callback_query"); err != nil {
		t.Fatal(err)
	}
	forms := api.formsOf("setWebhook")
	if len(forms) != 1 {
		t.Fatalf("setWebhook called %d times, want once", len(forms))
	}
	f := forms[0]
	if f.Get("url") != "https://bot.example.org/telegram" || f.Get("secret_token") != testSecret || f.Get("allowed_updates") != `["message","callback_query"]` {
		t.Errorf("setWebhook sent %v", f)
	}
	for _, bad := range []struct{ url, secret string }{{"not a url", testSecret}, {"https://bot.example.org/t", "bad secret"}} {
		if err := tc.SetWebhook(t.Context(), bad.url, bad.secret); err == nil {
			t.Errorf("SetWebhook(%q, %q) = nil, want an error", bad.url, bad.secret)
		}
	}
	if n := api.count("setWebhook"); n != 1 {
		t.Errorf("invalid settings reached Telegram: %d calls", n)
	}
}
