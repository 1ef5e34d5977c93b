package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/corpus"
	"github.com/newsdesk/newsdesk/internal/storetest"
	"github.com/newsdesk/newsdesk/telegram"
)

// botAPIServer serves the in-process mock Bot API over real HTTP, as a
// Bot API server or an emulator would.
func botAPIServer(t *testing.T, mock *telegram.MockTransport) *httptest.Server {
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
	t.Cleanup(srv.Close)
	return srv
}

// lockedBuffer is a buffer the bot writes its logs to while a test reads.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// liveBot is `bot run` running in the test's process.
type liveBot struct {
	cancel context.CancelFunc
	done   chan int
	logs   *lockedBuffer
}

// startLive starts `bot run` with the given environment.
func startLive(vars map[string]string) *liveBot {
	ctx, cancel := context.WithCancel(context.Background())
	l := &liveBot{cancel: cancel, done: make(chan int, 1), logs: &lockedBuffer{}}
	go func() {
		l.done <- run(ctx, []string{"run"}, env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: l.logs,
			lookup: func(k string) (string, bool) { v, ok := vars[k]; return v, ok }})
	}()
	return l
}

// waitLog waits until the logs hold s.
func (l *liveBot) waitLog(t *testing.T, s string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(l.logs.String(), s) {
		select {
		case code := <-l.done:
			t.Fatalf("bot run ended early, exit %d, waiting for %q:\n%s", code, s, l.logs)
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("no %q in the logs in time:\n%s", s, l.logs)
		}
	}
}

// stop ends the bot as SIGINT does and returns its exit status and logs.
func (l *liveBot) stop(t *testing.T) (int, string) {
	t.Helper()
	l.cancel()
	select {
	case code := <-l.done:
		return code, l.logs.String()
	case <-time.After(20 * time.Second):
		t.Fatal("bot run did not stop after the signal")
	}
	return 0, ""
}

// sampleDB returns a store file holding the sample corpus.
func sampleDB(t *testing.T) string {
	return sampleStore(t, filepath.Join(t.TempDir(), "news.db"))
}

// sampleStore ingests the sample corpus into the store at db.
func sampleStore(t *testing.T, db string) string {
	if code, _, stderr := runBot(t, nil, "ingest", "--db", db, "../../sample/seeds"); code != 0 {
		t.Fatal(stderr)
	}
	return db
}

func answersTo(mock *telegram.MockTransport, chat string) []string {
	var out []string
	for _, c := range mock.Calls() {
		if c.Method == "sendMessage" && c.Params["chat_id"] == chat {
			out = append(out, telegram.StripHTML(c.Params["text"].(string)))
		}
	}
	return out
}

const liveToken = "123456:live-test-token-XYZ"

// TestRunLive runs `bot run` the way an owner does, with a token and
// TELEGRAM_API_ENDPOINT pointing at a Bot API over HTTP, stops it as
// SIGINT would, and checks the answer went out, the token stayed out of
// the logs and the offset was saved, so that a restart does not answer
// again.
func TestRunLive(t *testing.T) {
	mock := telegram.NewMockTransport(nil)
	srv := botAPIServer(t, mock)
	db := sampleDB(t)
	vars := map[string]string{"TELEGRAM_BOT_TOKEN": liveToken, "TELEGRAM_API_ENDPOINT": srv.URL, "NEWSDESK_DB": db, "LOG_LEVEL": "debug"}
	update := `{"update_id":500,"message":{"message_id":1,"chat":{"id":77,"type":"private"},"from":{"id":77,"first_name":"Rena"},"date":1,"text":"What is APT29?"}}` + "\n"

	if err := mock.Feed(strings.NewReader(update)); err != nil {
		t.Fatal(err)
	}
	bot := startLive(vars)
	bot.waitLog(t, "update handled")
	code, logs := bot.stop(t)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, logs)
	}
	if strings.Contains(logs, "live-test-token") {
		t.Error("the token appears in the logs")
	}
	answers := answersTo(mock, "77")
	if len(answers) != 1 || !strings.Contains(answers[0], "Cozy Bear") {
		t.Fatalf("answers to chat 77: %q, want one quoting the sources on APT29", answers)
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
	bot = startLive(vars)
	bot.waitLog(t, "update handled")
	if code, logs := bot.stop(t); code != 0 {
		t.Fatalf("restart: exit %d\n%s", code, logs)
	}
	if n := len(answersTo(mock, "77")); n != 2 {
		t.Errorf("after a restart chat 77 has %d answers, want 2: one per update", n)
	}
}

// freeAddr returns a loopback address nothing listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// postUpdate posts update to the webhook served at listen with the secret
// header (none when ""), as Telegram does, retrying while the server is
// not up yet, and returns the status.
func postUpdate(t *testing.T, listen, header, update string) int {
	t.Helper()
	var resp *http.Response
	var err error
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		req, _ := http.NewRequest(http.MethodPost, "http://"+listen+"/telegram/hook", strings.NewReader(update))
		req.Header.Set("Content-Type", "application/json")
		if header != "" {
			req.Header.Set(telegram.SecretHeader, header)
		}
		if resp, err = http.DefaultClient.Do(req); err == nil || time.Now().After(deadline) {
			break
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// webhookVars is the environment of `bot run` in webhook mode against the
// Bot API at api, listening at listen.
func webhookVars(api, db, listen, secret string) map[string]string {
	return map[string]string{"TELEGRAM_BOT_TOKEN": liveToken, "TELEGRAM_API_ENDPOINT": api,
		"NEWSDESK_DB": db, "WEBHOOK_URL": "https://bot.example.org/telegram/hook",
		"WEBHOOK_LISTEN": listen, "WEBHOOK_SECRET": secret, "LOG_LEVEL": "debug"}
}

// TestRunWebhook runs `bot run` in webhook mode: it registers the webhook
// with its secret, refuses a post without the secret, answers one with
// it, and stops on the signal.
func TestRunWebhook(t *testing.T) {
	mock := telegram.NewMockTransport(nil)
	srv := botAPIServer(t, mock)
	listen := freeAddr(t)
	const secret = "s3cret-token_for-hooks"
	bot := startLive(webhookVars(srv.URL, sampleDB(t), listen, secret))
	bot.waitLog(t, "bot running")

	var set map[string]any
	for deadline := time.Now().Add(10 * time.Second); set == nil && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		for _, c := range mock.Calls() {
			if c.Method == "setWebhook" {
				set = c.Params
			}
		}
	}
	if set["url"] != "https://bot.example.org/telegram/hook" || set["secret_token"] != secret {
		t.Fatalf("setWebhook params %v, want the URL and the secret", set)
	}

	update := `{"update_id":900,"message":{"message_id":1,"chat":{"id":78,"type":"private"},"from":{"id":78,"first_name":"Elnur"},"date":1,"text":"What is APT29?"}}`
	if code := postUpdate(t, listen, "wrong", update); code == http.StatusOK {
		t.Errorf("a post with the wrong secret was accepted")
	}
	if code := postUpdate(t, listen, secret, update); code != http.StatusOK {
		t.Fatalf("a post with the secret: status %d", code)
	}
	bot.waitLog(t, "update handled")
	code, logs := bot.stop(t)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, logs)
	}
	answers := answersTo(mock, "78")
	if len(answers) != 1 || !strings.Contains(answers[0], "Cozy Bear") {
		t.Errorf("answers to chat 78: %q", answers)
	}
	if strings.Contains(logs, secret) || strings.Contains(logs, "live-test-token") {
		t.Error("the secret or the token appears in the logs")
	}
}

// TestRunWebhookReplicas runs two `bot run` replicas in webhook mode on
// one store and posts each update to both, as Telegram's redelivery
// through a load balancer may: each question is answered once.
func TestRunWebhookReplicas(t *testing.T) {
	mock := telegram.NewMockTransport(nil)
	srv := botAPIServer(t, mock)
	db := sampleStore(t, storetest.Location(t, "news.db"))
	const secret = "s3cret-token_for-hooks"
	var bots []*liveBot
	var listens []string
	for range 2 {
		listen := freeAddr(t)
		b := startLive(webhookVars(srv.URL, db, listen, secret))
		b.waitLog(t, "bot running")
		bots, listens = append(bots, b), append(listens, listen)
	}
	const updates = 4
	for i := range updates {
		update := fmt.Sprintf(`{"update_id":%d,"message":{"message_id":%d,"chat":{"id":%d,"type":"private"},"from":{"id":78,"first_name":"Elnur"},"date":1,"text":"What is APT29?"}}`,
			910+i, i+1, 80+i)
		for j := range listens {
			listen := listens[(i+j)%2] // first to one replica, then the other
			if code := postUpdate(t, listen, secret, update); code != http.StatusOK {
				t.Fatalf("update %d to %s: status %d", 910+i, listen, code)
			}
		}
	}
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		n := 0
		for _, b := range bots {
			n += strings.Count(b.logs.String(), "update handled")
		}
		if n >= updates {
			break
		}
	}
	for i, b := range bots {
		if code, logs := b.stop(t); code != 0 {
			t.Fatalf("replica %d: exit %d\n%s", i, code, logs)
		}
	}
	for i := range updates {
		chat := fmt.Sprint(80 + i)
		if answers := answersTo(mock, chat); len(answers) != 1 {
			t.Errorf("chat %s got %d answers, want 1", chat, len(answers))
		}
	}
}
