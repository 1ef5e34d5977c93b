package telegram

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// mockClient is a Client over a MockTransport writing to out.
func mockClient(t *testing.T, out io.Writer) (*Client, *MockTransport) {
	t.Helper()
	m := NewMockTransport(out)
	m.Now = func() time.Time { return time.Unix(1746187200, 0) }
	c, err := New(t.Context(), Config{
		Token:      "mock",
		Endpoint:   MockEndpoint,
		HTTPClient: &http.Client{Transport: m},
		Pacer:      NewPacer(Limits{}, nil),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c, m
}

func htmlMessage(chat int64, text string) tgbotapi.MessageConfig {
	m := tgbotapi.NewMessage(chat, text)
	m.ParseMode = tgbotapi.ModeHTML
	return m
}

func TestMockRecordsSendMessage(t *testing.T) {
	var out bytes.Buffer
	c, m := mockClient(t, &out)
	if c.Self().UserName != "newsdesk_mock_bot" || !c.Self().IsBot {
		t.Errorf("getMe gave %+v", c.Self())
	}
	msg := htmlMessage(42, "<b>Hi</b> &amp; welcome")
	msg.ReplyMarkup = tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonData("Sources", "src:1")))
	sent, err := c.Send(t.Context(), msg)
	if err != nil {
		t.Fatal(err)
	}
	if sent.MessageID != 1 || sent.Chat.ID != 42 || sent.Text != "Hi & welcome" || sent.From.UserName != "newsdesk_mock_bot" {
		t.Errorf("sent message = %+v", sent)
	}

	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("output has %d lines, want getMe and sendMessage:\n%s", len(lines), out.String())
	}
	var got struct {
		Method string `json:"method"`
		Params struct {
			ChatID      string `json:"chat_id"`
			Text        string `json:"text"`
			ParseMode   string `json:"parse_mode"`
			ReplyMarkup struct {
				InlineKeyboard [][]struct {
					Text         string `json:"text"`
					CallbackData string `json:"callback_data"`
				} `json:"inline_keyboard"`
			} `json:"reply_markup"`
		} `json:"params"`
	}
	if err := json.Unmarshal([]byte(lines[1]), &got); err != nil {
		t.Fatalf("line %q: %v", lines[1], err)
	}
	p := got.Params
	if got.Method != "sendMessage" || p.ChatID != "42" || p.Text != "<b>Hi</b> &amp; welcome" || p.ParseMode != "HTML" ||
		len(p.ReplyMarkup.InlineKeyboard) != 1 || p.ReplyMarkup.InlineKeyboard[0][0].CallbackData != "src:1" {
		t.Errorf("recorded %s", lines[1])
	}
	if calls := m.Calls(); len(calls) != 2 || calls[1].Method != "sendMessage" {
		t.Errorf("Calls() = %+v", calls)
	}
}

// TestMockSession replays a short session and compares the recorded JSON
// lines with a golden file (refresh with -update).
func TestMockSession(t *testing.T) {
	var out bytes.Buffer
	c, m := mockClient(t, &out)
	m.Hook = func(call Call) *tgbotapi.APIResponse {
		if call.Params["chat_id"] == "666" {
			return &tgbotapi.APIResponse{ErrorCode: 403, Description: "Forbidden: bot was blocked by the user"}
		}
		return nil
	}
	ctx := t.Context()
	steps := []struct {
		name string
		ch   tgbotapi.Chattable
		ok   bool
	}{
		{"commands", tgbotapi.NewSetMyCommands(tgbotapi.BotCommand{Command: "help", Description: "What the bot knows"}), true},
		{"typing", tgbotapi.NewChatAction(42, tgbotapi.ChatTyping), true},
		{"answer", htmlMessage(-1001234567890, "<blockquote>Quote &lt;1&gt;</blockquote>"), true},
		{"edit", tgbotapi.NewEditMessageText(-1001234567890, 1, "edited"), true},
		{"callback", tgbotapi.NewCallback("cb1", "ok"), true},
		{"member", tgbotapi.GetChatMemberConfig{ChatConfigWithUser: tgbotapi.ChatConfigWithUser{ChatID: -5, UserID: 7}}, true},
		{"upload", tgbotapi.NewDocument(42, tgbotapi.FileBytes{Name: "a.txt", Bytes: []byte("hello")}), true},
		{"blocked", tgbotapi.NewMessage(666, "hi"), false},
		{"bad HTML", htmlMessage(42, "<b>unclosed"), false},
		{"unsupported tag", htmlMessage(42, "a<br>b"), false},
		{"bare ampersand", htmlMessage(42, "Q & A"), false},
		{"blank", tgbotapi.NewMessage(42, "  \n"), false},
		{"too long", tgbotapi.NewMessage(42, strings.Repeat("я", MaxMessageLength+1)), false},
		{"long button data", withButton(tgbotapi.NewMessage(42, "x"), strings.Repeat("d", 65)), false},
	}
	for _, s := range steps {
		_, err := c.Request(ctx, s.ch)
		if s.ok != (err == nil) {
			t.Errorf("%s: error %v, want ok=%v", s.name, err, s.ok)
		}
		if s.name == "blocked" && !IsForbidden(err) {
			t.Errorf("blocked: IsForbidden(%v) = false", err)
		}
	}
	// The emoji-heavy limit case: 4096 UTF-16 units pass, 4097 do not.
	if _, err := c.Send(ctx, tgbotapi.NewMessage(42, strings.Repeat("😀", MaxMessageLength/2))); err != nil {
		t.Errorf("4096 units refused: %v", err)
	}
	if _, err := c.Send(ctx, tgbotapi.NewMessage(42, strings.Repeat("😀", MaxMessageLength/2)+"!")); err == nil {
		t.Error("4097 units accepted")
	}
	var all bytes.Buffer
	if err := m.WriteCalls(&all); err != nil {
		t.Fatal(err)
	}
	if all.String() != out.String() {
		t.Errorf("WriteCalls differs from the streamed output")
	}
	golden := filepath.Join("testdata", "mock", "session.golden")
	if *update {
		if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if out.String() != string(want) {
		t.Errorf("recorded calls differ from %s (run with -update and review):\n%s", golden, out.String())
	}
}

func withButton(m tgbotapi.MessageConfig, data string) tgbotapi.MessageConfig {
	m.ReplyMarkup = tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonData("b", data)))
	return m
}

// A long answer goes out as several messages that Telegram accepts, with
// the reply on the first and the buttons on the last.
func TestSendHTMLThroughMock(t *testing.T) {
	c, m := mockClient(t, nil)
	answer := "<b>Answer</b>\n\n" + strings.Repeat("<blockquote>A quoted sentence with &lt;brackets&gt; &amp; more, long enough to matter. <a href=\"https://e.com/1\">[1]</a></blockquote>\n\n", 80)
	msg := withButton(htmlMessage(42, answer), "more:1")
	msg.ReplyToMessageID = 7
	sent, err := c.SendHTML(t.Context(), msg)
	if err != nil {
		t.Fatal(err)
	}
	if len(sent) < 3 {
		t.Fatalf("sent %d messages for %d units", len(sent), units(answer))
	}
	calls := m.Calls()[1:] // after getMe
	if len(calls) != len(sent) {
		t.Fatalf("%d calls for %d messages", len(calls), len(sent))
	}
	var text strings.Builder
	for i, call := range calls {
		_, markup := call.Params["reply_markup"]
		_, reply := call.Params["reply_to_message_id"]
		if markup != (i == len(calls)-1) || reply != (i == 0) || call.Error != "" {
			t.Errorf("part %d: markup %v, reply %v, error %q", i, markup, reply, call.Error)
		}
		text.WriteString(sent[i].Text)
	}
	if noSpace(text.String()) != noSpace(StripHTML(answer)) {
		t.Error("the parts' text differs from the answer's")
	}
}

func TestMockFeed(t *testing.T) {
	c, m := mockClient(t, nil)
	feed := strings.Join([]string{
		`{"update_id":10,"message":{"message_id":1,"date":1,"chat":{"id":42,"type":"private"},"from":{"id":42,"is_bot":false,"first_name":"Ann"},"text":"hello"}}`,
		`not json`,
		``,
		`{"message":{"message_id":2,"date":1,"chat":{"id":42,"type":"private"},"text":"numbered for me"}}`,
		`{"update_id":5,"message":{"message_id":3,"date":1,"chat":{"id":42,"type":"private"},"text":"too old"}}`,
		`{"update_id":12}`,
		`[1,2]`,
		`{"update_id":"x"}`,
		`{"update_id":20,"callback_query":{"id":"cb1","from":{"id":42,"is_bot":false,"first_name":"Ann"},"data":"src:1"}}`,
	}, "\n")
	err := m.Feed(strings.NewReader(feed))
	var lines []int
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var fe *FeedError
		if !errors.As(e, &fe) {
			t.Fatalf("error %v is not a FeedError", e)
		}
		lines = append(lines, fe.Line)
	}
	if want := []int{2, 5, 6, 7, 8}; !slices.Equal(lines, want) {
		t.Errorf("bad lines reported: %v, want %v (%v)", lines, want, err)
	}

	ctx := t.Context()
	ups, err := c.GetUpdates(ctx, 0, 0)
	if err != nil || len(ups) != 3 || ups[0].UpdateID != 10 || ups[1].UpdateID != 11 || ups[1].Message.Text != "numbered for me" || ups[2].CallbackQuery.Data != "src:1" {
		t.Fatalf("GetUpdates = %+v, %v", ups, err)
	}
	ups, _ = c.GetUpdates(ctx, 11, 0)
	if len(ups) != 2 || ups[0].UpdateID != 11 {
		t.Errorf("after confirming 10: %+v", ups)
	}
	m.EndFeed()
	select {
	case <-m.Done():
		t.Fatal("Done before the last updates were confirmed")
	default:
	}
	start := time.Now()
	ups, err = c.GetUpdates(ctx, 21, 30*time.Second)
	if err != nil || len(ups) != 0 || time.Since(start) > time.Second {
		t.Errorf("poll after the end = %v, %v after %v; want none at once", ups, err, time.Since(start))
	}
	select {
	case <-m.Done():
	default:
		t.Error("Done not closed after every update was confirmed")
	}
}

// A long poll waits for the feed and wakes when an update arrives.
func TestMockLongPoll(t *testing.T) {
	c, m := mockClient(t, nil)
	got := make(chan []tgbotapi.Update, 1)
	go func() {
		ups, err := c.GetUpdates(t.Context(), 0, 30*time.Second)
		if err != nil {
			t.Error(err)
		}
		got <- ups
	}()
	time.Sleep(20 * time.Millisecond)
	select {
	case ups := <-got:
		t.Fatalf("poll returned %v before anything was fed", ups)
	default:
	}
	if err := m.Feed(strings.NewReader(`{"message":{"message_id":1,"date":1,"chat":{"id":1,"type":"private"},"text":"late"}}`)); err != nil {
		t.Fatal(err)
	}
	select {
	case ups := <-got:
		if len(ups) != 1 || ups[0].Message.Text != "late" {
			t.Errorf("poll = %+v", ups)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("poll did not wake for the fed update")
	}
}

// Concurrent senders through one mock get distinct message ids and
// complete lines.
func TestMockConcurrent(t *testing.T) {
	var out syncBuffer
	m := NewMockTransport(&out)
	c, err := New(t.Context(), Config{Token: "mock", Endpoint: MockEndpoint, HTTPClient: &http.Client{Transport: m}, Pacer: NewPacer(Limits{}, nil)})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	ids := map[int]bool{}
	for chat := range 50 {
		wg.Go(func() {
			for range 4 {
				sent, err := c.Send(t.Context(), tgbotapi.NewMessage(int64(chat+1), "q"))
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				ids[sent.MessageID] = true
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(ids) != 200 {
		t.Errorf("%d distinct message ids for 200 sends", len(ids))
	}
	sc := bufio.NewScanner(strings.NewReader(out.String()))
	n := 0
	for sc.Scan() {
		var call Call
		if err := json.Unmarshal(sc.Bytes(), &call); err != nil {
			t.Fatalf("line %d: %v", n+1, err)
		}
		n++
	}
	if n != 201 {
		t.Errorf("%d lines, want 201", n)
	}
}

// TestMockObserve: Observe sees every call, those Omit keeps out of the
// output too, with the context of the request that made it.
func TestMockObserve(t *testing.T) {
	type taskKey struct{}
	m := NewMockTransport(nil)
	var mu sync.Mutex
	seen := map[string]any{} // method → the task value its context held
	m.Observe = func(ctx context.Context, c Call) {
		mu.Lock()
		defer mu.Unlock()
		seen[c.Method] = ctx.Value(taskKey{})
	}
	m.EndFeed()
	c, err := New(t.Context(), Config{Token: "mock", Endpoint: MockEndpoint, HTTPClient: &http.Client{Transport: m}, Pacer: NewPacer(Limits{}, nil)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx := context.WithValue(t.Context(), taskKey{}, "update 7")
	if _, err := c.Send(ctx, tgbotapi.NewMessage(42, "hello")); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetUpdates(t.Context(), 0, 0); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"getMe": nil, "sendMessage": "update 7", "getUpdates": nil}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != len(want) {
		t.Errorf("observed %v, want %v", seen, want)
	}
	for method, task := range want {
		if got, ok := seen[method]; !ok || got != task {
			t.Errorf("%s observed with task %v (seen: %v), want %v", method, got, ok, task)
		}
	}
}
