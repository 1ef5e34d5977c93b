package telegram

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

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
	api, srv := newBotAPI(t, map[string][]http.HandlerFunc{"sendMessage": repeat(flood, 10)})
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
	for api.count("sendMessage") < 2 { // until it is in the 30 s wait
		time.Sleep(time.Millisecond)
	}
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
