package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/bot"
	"github.com/newsdesk/newsdesk/corpus"
	"github.com/newsdesk/newsdesk/digest"
	"github.com/newsdesk/newsdesk/follow"
	"github.com/newsdesk/newsdesk/telegram"
)

// The emulator is telegram-test-api (npm), installed by .ci/run from
// testdata/emulator/package-lock.json (every version pinned) into the
// folder NEWSDESK_TELEGRAM_TEST_API names. Its bot side speaks the Bot API
// at /bot<token>/<method>; its client side, at the root, lets a test play
// the user: POST /sendMessage with a message, POST /getUpdates with the
// token and chat id to read what the bot sent there. Its getUpdates
// answers at once and ignores offset and timeout.

const emulatorEnv = "NEWSDESK_TELEGRAM_TEST_API"

// startEmulator starts the emulator on 127.0.0.1 and returns its URL; it
// is stopped when the test ends.
func startEmulator(t *testing.T) string {
	t.Helper()
	dir := os.Getenv(emulatorEnv)
	if dir == "" {
		t.Skipf("%s is not set; to run this test: mkdir -p .ci/node && cp e2e/testdata/emulator/package*.json .ci/node/ && npm ci --prefix .ci/node && export %s=$PWD/.ci/node (bash .ci/run does this)", emulatorEnv, emulatorEnv)
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "telegram-test-api", "package.json")); err != nil {
		t.Fatalf("%s=%s holds no telegram-test-api: %v", emulatorEnv, dir, err)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("%s is set but node is not on PATH: %v", emulatorEnv, err)
	}
	cmd := exec.Command(node, filepath.Join("testdata", "emulator", "emulator.js"), dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start the emulator: %v", err)
	}
	first := make(chan string, 1)
	readDone := make(chan struct{})
	go func() {
		defer close(readDone)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			select {
			case first <- sc.Text():
			default:
			}
		}
		close(first)
	}()
	t.Cleanup(func() {
		stdin.Close() // the script stops the emulator and exits
		select {
		case <-readDone:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-readDone
		}
		cmd.Wait()
	})
	select {
	case line, ok := <-first:
		url, found := strings.CutPrefix(line, "listening ")
		if !ok || !found {
			<-readDone
			cmd.Wait()
			t.Fatalf("the emulator did not start (first line %q):\n%s", line, stderr.String())
		}
		return url
	case <-time.After(30 * time.Second):
		t.Fatalf("the emulator did not listen within 30 s:\n%s", stderr.String())
	}
	return ""
}

// pollCounter is the bot's HTTP transport: it counts the getUpdates calls
// and the update ids they brought.
type pollCounter struct {
	base http.RoundTripper

	mu      sync.Mutex
	polls   int
	updates []int
}

func (p *pollCounter) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := p.base.RoundTrip(req)
	if err != nil || path.Base(req.URL.Path) != "getUpdates" {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	var r struct {
		Result []struct {
			UpdateID int `json:"update_id"`
		} `json:"result"`
	}
	_ = json.Unmarshal(body, &r)
	p.mu.Lock()
	defer p.mu.Unlock()
	p.polls++
	for _, u := range r.Result {
		p.updates = append(p.updates, u.UpdateID)
	}
	return resp, nil
}

func (p *pollCounter) seen() (polls int, updates []int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.polls, append([]int(nil), p.updates...)
}

// emulatorPost posts body as JSON to the emulator's client side and
// decodes the answer into out.
func emulatorPost(ctx context.Context, url string, body, out any) error {
	b, err := json.Marshal(body)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(b))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s: %s", url, resp.Status, raw)
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(raw, out)
}

// botMessage is a message the bot sent, as the emulator keeps it: the
// sendMessage parameters.
type botMessage struct {
	ChatID    string `json:"chat_id"`
	Text      string `json:"text"`
	ParseMode string `json:"parse_mode"`
	ReplyTo   string `json:"reply_to_message_id"`
}

// waitReplies reads what the bot sent to chat until something came.
func waitReplies(t *testing.T, api, token string, chat int64, within time.Duration) []botMessage {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		var r struct {
			Result []struct {
				Message botMessage `json:"message"`
			} `json:"result"`
		}
		if err := emulatorPost(t.Context(), api+"/getUpdates", map[string]any{"token": token, "chatId": chat}, &r); err != nil {
			t.Fatalf("read the bot's messages: %v", err)
		}
		if len(r.Result) > 0 {
			var out []botMessage
			for _, m := range r.Result {
				out = append(out, m.Message)
			}
			return out
		}
		if time.Now().After(deadline) {
			t.Fatalf("no answer in chat %d within %v", chat, within)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// debugLogs returns a logger at debug level writing into the buffer it
// also returns, which the test prints, as whose logs, if it fails.
func debugLogs(t *testing.T, whose string) (*slog.Logger, *logBuffer) {
	t.Helper()
	logs := &logBuffer{}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("%s logs:\n%s", whose, logs)
		}
	})
	return slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})), logs
}

// logBuffer collects the bot's logs.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestEmulatorQuestionThroughLongPolling(t *testing.T) {
	api := startEmulator(t)
	const (
		token    = "4242:e2e-emulator-token"
		user     = 5150
		question = "Who was blamed for the cyberattack and why?"
	)
	ctx := t.Context()
	s := newSeeds(t)
	logger, logs := debugLogs(t, "bot")

	counter := &pollCounter{base: http.DefaultTransport.(*http.Transport).Clone()}
	started := time.Now()
	client, stopPoller := startBot(t, api, token, s, counter, logger)
	offsets := storeOffsets{s.store}

	// The user asks, through the emulator's client side.
	asked := time.Now()
	msg := map[string]any{
		"botToken": token,
		"from":     map[string]any{"id": user, "is_bot": false, "first_name": "Ann", "username": "ann_reporter"},
		"chat":     map[string]any{"id": user, "type": "private", "first_name": "Ann", "username": "ann_reporter"},
		"date":     time.Now().Unix(),
		"text":     question,
	}
	if err := emulatorPost(ctx, api+"/sendMessage", msg, nil); err != nil {
		t.Fatalf("the user could not send the question: %v", err)
	}
	replies := waitReplies(t, api, token, user, 20*time.Second)
	took := time.Since(asked)
	time.Sleep(1500 * time.Millisecond) // let the loop poll on, to see that it does not spin
	if err := stopPoller(); err != nil {
		t.Fatalf("Poller.Run: %v", err)
	}
	elapsed := time.Since(started)

	answer := replies[0]
	if answer.ParseMode != "HTML" {
		t.Errorf("answer parse_mode %q, want HTML", answer.ParseMode)
	}
	quotes := quotesIn(answer.Text)
	if len(quotes) == 0 {
		t.Fatalf("the answer has no block quote:\n%s", answer.Text)
	}
	for _, q := range quotes {
		if !s.verbatim(q) {
			t.Errorf("quote %q is not verbatim from a seed", q)
		}
	}
	// Each quote ends in citation marks linking to its source: the article,
	// or the source's details in the bot when the corpus has no URL for it.
	deepLink := "https://t.me/" + client.Self().UserName + "?start="
	for _, m := range blockquoteRE.FindAllString(answer.Text, -1) {
		links := linksIn(m)
		if len(links) == 0 {
			t.Errorf("quote without a citation link: %s", m)
		}
		for _, l := range links {
			if !s.cites(l) && !strings.HasPrefix(l, deepLink) {
				t.Errorf("citation link %q points at neither a seed article nor the bot", l)
			}
		}
	}
	cited := false
	for _, l := range linksIn(answer.Text) {
		cited = cited || s.cites(l) || s.opens(l, deepLink)
	}
	if !cited {
		t.Errorf("the answer links to no seed article, by its URL or in the bot:\n%s", answer.Text)
	}

	// It came through the long-polling loop, which did not spin.
	polls, updates := counter.seen()
	if len(updates) != 1 {
		t.Fatalf("getUpdates brought updates %v, want the one question", updates)
	}
	if limit := int(elapsed/time.Second) + 2; polls > limit {
		t.Errorf("%d getUpdates calls in %v against an emulator that answers at once, want at most %d (one a second)", polls, elapsed.Round(time.Millisecond), limit)
	}
	if got, err := offsets.Offset(ctx); err != nil || got != updates[0]+1 {
		t.Errorf("stored offset %d (%v), want %d", got, err, updates[0]+1)
	}
	if strings.Contains(logs.String(), token) {
		t.Errorf("the token appears in the logs")
	}
	if testing.Verbose() {
		t.Logf("answer:\n%s", answer.Text)
	}
	t.Logf("answered in %v; %d getUpdates calls in %v; %d quotes, %d bytes of HTML", took.Round(time.Millisecond), polls, elapsed.Round(time.Millisecond), len(quotes), len(answer.Text))
}

// startBot runs the bot over the seeds s against the emulator at api, its
// HTTP calls through transport, long polling until the returned stop is
// called (stop returns the poller's error; called again, it does nothing).
func startBot(t *testing.T, api, token string, s *seeds, transport http.RoundTripper, logger *slog.Logger, configure ...func(*bot.Options, *telegram.Client)) (*telegram.Client, func() error) {
	t.Helper()
	client, err := telegram.New(t.Context(), telegram.Config{
		Token:      token,
		Endpoint:   api + "/bot%s/%s",
		HTTPClient: &http.Client{Transport: transport},
		Logger:     logger,
	})
	if err != nil {
		t.Fatalf("telegram.New against the emulator: %v", err)
	}
	t.Cleanup(func() { client.Close() })
	opts := bot.Options{Answerer: s.answerer, Index: s.index, Library: s.store, Logger: logger}
	for _, c := range configure {
		c(&opts, client)
	}
	b, err := bot.New(client, opts)
	if err != nil {
		t.Fatal(err)
	}
	p := telegram.NewPoller(client, telegram.NewDispatcher(b, telegram.DispatcherOptions{Logger: logger}),
		telegram.PollerOptions{Offsets: storeOffsets{s.store}, Logger: logger}) // default MinInterval: 1 s
	runCtx, stop := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- p.Run(runCtx) }()
	var once sync.Once
	var runErr error
	stopPoller := func() error {
		once.Do(func() {
			stop()
			runErr = <-done
		})
		return runErr
	}
	t.Cleanup(func() { stopPoller() })
	return client, stopPoller
}

// TestEmulatorTimeline asks for a timeline through the emulator: the reply
// lists the attack's dated events in order, each quote verbatim from a
// seed.
func TestEmulatorTimeline(t *testing.T) {
	api := startEmulator(t)
	const (
		token = "4243:e2e-emulator-token"
		user  = 5151
	)
	s := newSeeds(t)
	startBot(t, api, token, s, http.DefaultTransport, slog.New(slog.DiscardHandler))
	sendAsUser(t, api, token, user, "/timeline cyberattack on Azerbaijani media")
	reply := waitReplies(t, api, token, user, 20*time.Second)[0]
	attack, accused := strings.Index(reply.Text, "<b>2025-02-20</b>"), strings.Index(reply.Text, "<b>2025-05-02</b>")
	if attack < 0 || accused < attack {
		t.Errorf("the attack (2025-02-20) should come before the accusation (2025-05-02):\n%s", reply.Text)
	}
	quotes := quotesIn(reply.Text)
	if len(quotes) == 0 {
		t.Fatalf("the timeline has no quote:\n%s", reply.Text)
	}
	for _, q := range quotes {
		if !s.verbatim(q) {
			t.Errorf("quote %q is not verbatim from a seed", q)
		}
	}
}

// TestEmulatorFollow follows a story through the emulator, then adds an
// article on it: the chat gets the alert, quoting the article's sentence.
func TestEmulatorFollow(t *testing.T) {
	api := startEmulator(t)
	const (
		token = "4244:e2e-emulator-token"
		user  = 5152
	)
	s := newSeeds(t)
	var follows *follow.Service
	startBot(t, api, token, s, http.DefaultTransport, slog.New(slog.DiscardHandler), func(o *bot.Options, c *telegram.Client) {
		var err error
		if follows, err = follow.New(t.Context(), s.store, digest.TelegramSender{Client: c}, follow.Options{}); err != nil {
			t.Fatal(err)
		}
		o.Follows = follows
	})
	sendAsUser(t, api, token, user, "/follow Rotterdam strike")
	if r := waitReplies(t, api, token, user, 20*time.Second); !strings.Contains(r[0].Text, "Following 1") {
		t.Fatalf("reply to /follow: %q", r[0].Text)
	}
	const sentence = "Dockworkers in Rotterdam went on strike on Tuesday over crane automation."
	d := &corpus.Document{Origin: "rotterdam.md", Title: "Rotterdam port strike", Outlet: "Port Courier", Lang: "en",
		Body: sentence, Sentences: corpus.Split(sentence)}
	if _, err := s.store.AddBatch(t.Context(), []*corpus.Document{d}); err != nil {
		t.Fatal(err)
	}
	if n, err := follows.Pass(t.Context()); err != nil || n != 1 {
		t.Fatalf("follow pass: %d sent, %v; want the one alert", n, err)
	}
	var alert string
	for deadline := time.Now().Add(10 * time.Second); alert == "" && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		for _, m := range waitReplies(t, api, token, user, 10*time.Second) {
			if strings.Contains(m.Text, "New on Rotterdam strike") {
				alert = m.Text
			}
		}
	}
	if !strings.Contains(alert, "<blockquote>"+sentence+"</blockquote>") {
		t.Errorf("alert %q does not quote the article's sentence", alert)
	}
}

// TestEmulatorEditedQuestion edits a question the bot answered: the bot
// edits its answer in the emulator instead of sending another message.
// The emulator's client side sends only new messages and button presses,
// so the question and its edit arrive as Telegram delivers them in webhook
// mode: Update JSON posted to the bot's webhook with the secret token.
func TestEmulatorEditedQuestion(t *testing.T) {
	api := startEmulator(t)
	const (
		token  = "4245:e2e-emulator-token"
		user   = 5153
		secret = "e2e-webhook-secret"
	)
	s := newSeeds(t)
	logger := slog.New(slog.DiscardHandler)
	client, err := telegram.New(t.Context(), telegram.Config{Token: token, Endpoint: api + "/bot%s/%s", Logger: logger})
	if err != nil {
		t.Fatalf("telegram.New against the emulator: %v", err)
	}
	defer client.Close()
	b, err := bot.New(client, bot.Options{Answerer: s.answerer, Index: s.index, Library: s.store, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	d := telegram.NewDispatcher(b, telegram.DispatcherOptions{Logger: logger})
	defer d.Close(context.Background())
	wh, err := telegram.NewWebhook(d, telegram.WebhookOptions{Secret: secret, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(wh)
	defer srv.Close()
	deliver := func(update map[string]any) {
		t.Helper()
		body, _ := json.Marshal(update)
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.URL, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set(telegram.SecretHeader, secret)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("webhook answered %s", resp.Status)
		}
	}
	message := func(text string, edited bool) map[string]any {
		m := map[string]any{"message_id": 10, "date": time.Now().Unix(), "text": text,
			"from": map[string]any{"id": user, "is_bot": false, "first_name": "Ann"},
			"chat": map[string]any{"id": user, "type": "private", "first_name": "Ann"}}
		if edited {
			m["edit_date"] = time.Now().Unix()
			return map[string]any{"update_id": 2, "edited_message": m}
		}
		return map[string]any{"update_id": 1, "message": m}
	}

	deliver(message("What is APT28?", false))
	first := waitReplies(t, api, token, user, 20*time.Second)
	if len(first) != 1 {
		t.Fatalf("the question got %d messages, want 1", len(first))
	}
	deliver(message("What is APT29?", true))
	var after []botMessage
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if after = botHistory(t, api, token, user); len(after) != 1 || after[0].Text != first[0].Text {
			break
		}
	}
	if len(after) != 1 {
		t.Fatalf("after the edit the chat holds %d messages from the bot, want the one answer, edited", len(after))
	}
	if after[0].Text == first[0].Text || !strings.Contains(after[0].Text, "APT29") {
		t.Errorf("the answer was not edited to answer the edited question:\n%s", after[0].Text)
	}
	for _, q := range quotesIn(after[0].Text) {
		if !s.verbatim(q) {
			t.Errorf("quote %q is not verbatim from a seed", q)
		}
	}
}

// botHistory returns every message the bot sent to chat, as the emulator
// holds them now (edits applied), oldest first.
func botHistory(t *testing.T, api, token string, chat int64) []botMessage {
	t.Helper()
	var r struct {
		Result []struct {
			Message botMessage `json:"message"`
		} `json:"result"`
	}
	if err := emulatorPost(t.Context(), api+"/getUpdatesHistory", map[string]any{"token": token}, &r); err != nil {
		t.Fatalf("read the bot's messages: %v", err)
	}
	var out []botMessage
	for _, m := range r.Result {
		if m.Message.ChatID == strconv.FormatInt(chat, 10) {
			out = append(out, m.Message)
		}
	}
	return out
}

// sendAsUser has user Ann send text to the bot in her private chat,
// through the emulator's client side.
func sendAsUser(t *testing.T, api, token string, user int64, text string) {
	t.Helper()
	msg := map[string]any{
		"botToken": token,
		"from":     map[string]any{"id": user, "is_bot": false, "first_name": "Ann"},
		"chat":     map[string]any{"id": user, "type": "private", "first_name": "Ann"},
		"date":     time.Now().Unix(),
		"text":     text,
	}
	if err := emulatorPost(t.Context(), api+"/sendMessage", msg, nil); err != nil {
		t.Fatalf("the user could not send %q: %v", text, err)
	}
}
