package bot

import (
	"context"
	"encoding/json"
	"flag"
	"io"
	"iter"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/newsdesk/newsdesk/corpus"
	"github.com/newsdesk/newsdesk/internal/storetest"
	"github.com/newsdesk/newsdesk/qa"
	"github.com/newsdesk/newsdesk/sample"
	"github.com/newsdesk/newsdesk/telegram"
)

// testToken is the bot token of the tests' clients; it must never show in
// a log line or a message.
const testToken = "4242:test-secret-token"

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// The test users and chats of the feeds in testdata.
const (
	ann       = 111            // a journalist, in private chats
	bob       = 222            // another user
	admin     = 999            // administers the bot
	groupChat = -4001          // a group
	superChat = -1001234567890 // a supergroup
)

// harness is a Bot over the real tgbotapi client and a MockTransport,
// answering from the sample corpus (plus any extra sources) in a SQLite
// file.
type harness struct {
	t      testing.TB
	mock   *telegram.MockTransport
	client *telegram.Client
	store  *corpus.Store
	index  *qa.Index
	bot    *Bot
	opts   Options
	clock  *clock
}

// clock is a settable time for the flood limit.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// newHarness builds the corpus (the seeds, then extra), the index, the
// client and the Bot; configure adjusts the Options before New.
func newHarness(t testing.TB, extra []corpus.Source, configure func(*Options)) *harness {
	t.Helper()
	ctx := context.Background()
	store, err := corpus.Open(ctx, storetest.Location(t, "news.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	if sum, err := corpus.Ingest(ctx, store, corpus.SourcesFS(sample.FS, sample.Dir), corpus.IngestOptions{}); err != nil || sum.Added == 0 {
		t.Fatalf("ingest seeds: %+v, %v", sum, err)
	}
	if len(extra) > 0 {
		if sum, err := corpus.Ingest(ctx, store, sourcesOf(extra), corpus.IngestOptions{}); err != nil || sum.Failed > 0 {
			t.Fatalf("ingest extra sources: %+v, %v", sum, err)
		}
	}
	ix := qa.NewIndex(qa.DefaultOptions())
	if _, err := ix.Load(ctx, store); err != nil {
		t.Fatal(err)
	}
	mock := telegram.NewMockTransport(nil)
	start := time.Date(2025, 5, 3, 9, 0, 0, 0, time.UTC)
	mock.Now = func() time.Time { return start }
	h := &harness{t: t, mock: mock, store: store, index: ix, clock: &clock{now: start}}
	h.client = h.newClient(&http.Client{Transport: mock}, telegram.MockEndpoint)
	h.opts = Options{
		Answerer: qa.NewAnswerer(ix, qa.DefaultAnswerOptions()),
		Index:    ix,
		Library:  store,
		Now:      h.clock.Now,
		Logger:   testLogger(t),
	}
	if configure != nil {
		configure(&h.opts)
	}
	h.bot = h.newBot()
	return h
}

// newClient makes a Client over hc with no pacing.
func (h *harness) newClient(hc *http.Client, endpoint string) *telegram.Client {
	h.t.Helper()
	c, err := telegram.New(context.Background(), telegram.Config{
		Token:      testToken,
		Endpoint:   endpoint,
		HTTPClient: hc,
		Pacer:      telegram.NewPacer(telegram.Limits{}, nil),
		Logger:     testLogger(h.t),
	})
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { c.Close() })
	return c
}

// newBot makes a Bot from h.opts, as after a restart: nothing in memory.
func (h *harness) newBot() *Bot {
	h.t.Helper()
	b, err := New(h.client, h.opts)
	if err != nil {
		h.t.Fatal(err)
	}
	return b
}

// testLogger logs to the test's output, debug lines included.
func testLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Helper()
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// sourcesOf yields sources for corpus.Ingest.
func sourcesOf(srcs []corpus.Source) iter.Seq2[corpus.Source, error] {
	return func(yield func(corpus.Source, error) bool) {
		for _, s := range srcs {
			if !yield(s, nil) {
				return
			}
		}
	}
}

// runFeed feeds the Update lines of r through the mock's getUpdates and
// hands each update to the Bot, in order, as a polling loop would.
func (h *harness) runFeed(r io.Reader) {
	h.t.Helper()
	if err := h.mock.Feed(r); err != nil {
		h.t.Fatalf("feed: %v", err)
	}
	h.mock.EndFeed()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	offset := 0
	for {
		select {
		case <-h.mock.Done():
			return
		default:
		}
		updates, err := h.client.GetUpdates(ctx, offset, 0)
		if err != nil {
			h.t.Fatalf("getUpdates: %v", err)
		}
		for _, u := range updates {
			h.bot.Handle(ctx, u)
			offset = u.UpdateID + 1
		}
	}
}

// runFile runs the feed in testdata/name.
func (h *harness) runFile(name string) {
	h.t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		h.t.Fatal(err)
	}
	defer f.Close()
	h.runFeed(f)
}

// handle hands the Bot one update given as Bot API JSON.
func (h *harness) handle(js string) {
	h.t.Helper()
	var u tgbotapi.Update
	if err := json.Unmarshal([]byte(js), &u); err != nil {
		h.t.Fatalf("update %s: %v", js, err)
	}
	h.bot.Handle(context.Background(), u)
}

// calls returns the recorded calls of the given methods (all but getMe and
// getUpdates when none are given), and fails the test on any call the mock
// refused: invalid HTML, a message too long, bad button data.
func (h *harness) calls(methods ...string) []telegram.Call {
	h.t.Helper()
	var out []telegram.Call
	for _, c := range h.mock.Calls() {
		if c.Error != "" {
			h.t.Errorf("the Bot API refused %s: %s\nparams: %v", c.Method, c.Error, c.Params)
		}
		switch {
		case len(methods) == 0 && c.Method != "getMe" && c.Method != "getUpdates":
			out = append(out, c)
		case len(methods) > 0 && slices.Contains(methods, c.Method):
			out = append(out, c)
		}
	}
	return out
}

// repliesTo returns the texts of the messages sent in reply to message id
// in chat, in order, with the parts of a split answer after its first part
// (which alone carries the reply).
func (h *harness) repliesTo(chat int64, id int) []string {
	h.t.Helper()
	calls := h.calls("sendMessage")
	var out []string
	for _, i := range h.replyIndexes(chat, id) {
		out = append(out, param(calls[i], "text"))
	}
	return out
}

// replyIndexes returns the indexes, among all sendMessage calls, of the
// messages that reply to message id in chat, as repliesTo reads them.
func (h *harness) replyIndexes(chat int64, id int) []int {
	var out []int
	following := false
	for i, c := range h.calls("sendMessage") {
		if param(c, "chat_id") != strconv.FormatInt(chat, 10) {
			continue
		}
		switch param(c, "reply_to_message_id") {
		case strconv.Itoa(id):
			following = true
		case "":
		default:
			following = false
		}
		if following {
			out = append(out, i)
		}
	}
	return out
}

// sentTo returns the sendMessage calls to chat.
func (h *harness) sentTo(chat int64) []telegram.Call {
	var out []telegram.Call
	for _, c := range h.calls("sendMessage") {
		if param(c, "chat_id") == strconv.FormatInt(chat, 10) {
			out = append(out, c)
		}
	}
	return out
}

// param returns a call parameter as text.
func param(c telegram.Call, key string) string {
	switch v := c.Params[key].(type) {
	case string:
		return v
	case json.RawMessage:
		return string(v)
	}
	return ""
}

// buttons returns the inline buttons of a call, label to callback data.
func buttons(t *testing.T, c telegram.Call) map[string]string {
	t.Helper()
	raw := param(c, "reply_markup")
	if raw == "" {
		return nil
	}
	var m tgbotapi.InlineKeyboardMarkup
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		t.Fatalf("reply_markup %s: %v", raw, err)
	}
	out := map[string]string{}
	for _, row := range m.InlineKeyboard {
		for _, b := range row {
			if b.CallbackData != nil {
				out[b.Text] = *b.CallbackData
			}
		}
	}
	return out
}

// privateText is an Update with a text message from user in their private
// chat.
func privateText(updateID, messageID int, user int64, text string) string {
	u := map[string]any{
		"update_id": updateID,
		"message": map[string]any{
			"message_id": messageID, "date": 1746262800, "text": text,
			"from": map[string]any{"id": user, "is_bot": false, "first_name": "User" + strconv.FormatInt(user, 10)},
			"chat": map[string]any{"id": user, "type": "private", "first_name": "User" + strconv.FormatInt(user, 10)},
		},
	}
	js, _ := json.Marshal(u)
	return string(js)
}
