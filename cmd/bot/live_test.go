package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/corpus"
	"github.com/newsdesk/newsdesk/telegram"
)

// TestRunLive runs `bot run` the way an owner does, with a token and
// TELEGRAM_API_ENDPOINT pointing at a Bot API over HTTP (the in-process
// mock Bot API behind an httptest server), stops it as SIGINT would, and
// checks the answer went out, the token stayed out of the logs and the
// offset was saved, so that a restart does not answer again.
func TestRunLive(t *testing.T) {
	const token = "123456:live-test-token-XYZ"
	mock := telegram.NewMockTransport(nil)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.URL.Scheme, r.URL.Host = "http", "bot-api.mock"
		resp, err := mock.RoundTrip(r)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		for k, v := range resp.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(resp.StatusCode)
		io.Copy(w, resp.Body)
	}))
	defer srv.Close()

	db := filepath.Join(t.TempDir(), "news.db")
	if code, _, stderr := runBot(t, nil, "ingest", "--db", db, "../../sample/seeds"); code != 0 {
		t.Fatal(stderr)
	}
	vars := map[string]string{"TELEGRAM_BOT_TOKEN": token, "TELEGRAM_API_ENDPOINT": srv.URL, "NEWSDESK_DB": db, "LOG_LEVEL": "debug"}
	update := `{"update_id":500,"message":{"message_id":1,"chat":{"id":77,"type":"private"},"from":{"id":77,"first_name":"Rena"},"date":1,"text":"What is APT29?"}}` + "\n"

	live := func() (int, string) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var out, errb bytes.Buffer
		done := make(chan int, 1)
		go func() {
			done <- run(ctx, []string{"run"}, env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb,
				lookup: func(k string) (string, bool) { v, ok := vars[k]; return v, ok }})
		}()
		deadline := time.After(20 * time.Second)
		for {
			select {
			case code := <-done:
				t.Fatalf("bot run ended early: exit %d\n%s", code, errb.String())
			case <-deadline:
				t.Fatalf("no update handled in time\n%s", errb.String())
			case <-time.After(20 * time.Millisecond):
			}
			if strings.Contains(errb.String(), "update handled") {
				break
			}
		}
		cancel() // as SIGINT does
		select {
		case code := <-done:
			return code, errb.String()
		case <-time.After(20 * time.Second):
			t.Fatal("bot run did not stop after the signal")
		}
		return 0, ""
	}

	if err := mock.Feed(strings.NewReader(update)); err != nil {
		t.Fatal(err)
	}
	code, logs := live()
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, logs)
	}
	if strings.Contains(logs, "live-test-token") {
		t.Error("the token appears in the logs")
	}
	answers := 0
	for _, c := range mock.Calls() {
		if c.Method == "sendMessage" && c.Params["chat_id"] == "77" {
			answers++
			if !strings.Contains(telegram.StripHTML(c.Params["text"].(string)), "Cozy Bear") {
				t.Errorf("answer does not quote the sources on APT29: %q", c.Params["text"])
			}
		}
	}
	if answers != 1 {
		t.Fatalf("%d answers to chat 77, want 1", answers)
	}
	st, err := corpus.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	off, _, _ := st.Value(context.Background(), offsetKey)
	st.Close()
	if off != "501" {
		t.Errorf("saved offset %q, want 501 (past the handled update)", off)
	}

	// A restart answers the next question and not the first again.
	if err := mock.Feed(strings.NewReader(strings.ReplaceAll(update, `"update_id":500`, `"update_id":501`))); err != nil {
		t.Fatal(err)
	}
	if code, logs := live(); code != 0 {
		t.Fatalf("restart: exit %d\n%s", code, logs)
	}
	answers = 0
	for _, c := range mock.Calls() {
		if c.Method == "sendMessage" && c.Params["chat_id"] == "77" {
			answers++
		}
	}
	if answers != 2 {
		t.Errorf("after a restart chat 77 has %d answers, want 2: one per update", answers)
	}
}
