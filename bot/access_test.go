package bot

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/qa"
	"github.com/newsdesk/newsdesk/telegram"
)

// groupText is an Update with a text message from user in a group chat.
func groupText(updateID, messageID int, user, chat int64, text string) string {
	return fmt.Sprintf(`{"update_id":%d,"message":{"message_id":%d,"date":1746262800,"text":%q,`+
		`"from":{"id":%d,"is_bot":false,"first_name":"U"},"chat":{"id":%d,"type":"group","title":"G"}}}`,
		updateID, messageID, text, user, chat)
}

func TestNotAllowed(t *testing.T) {
	h := newHarness(t, nil, func(o *Options) {
		o.Allowed = []int64{ann, groupChat}
		o.Admins = []int64{admin}
	})
	const q = "Who was blamed for the cyberattack and why?"
	h.handle(privateText(1, 1, bob, q))
	h.handle(privateText(2, 2, bob, "/start"))
	h.handle(groupText(3, 3, bob, groupChat, "@newsdesk_mock_bot "+q))
	h.handle(groupText(4, 4, bob, -4002, "@newsdesk_mock_bot "+q))
	h.handle(groupText(5, 5, bob, -4002, "chatter in a group the bot is not for"))
	h.handle(privateText(6, 6, admin, q))
	h.handle(privateText(7, 7, ann, q))

	refused := func(chat int64, id int) {
		t.Helper()
		got := h.repliesTo(chat, id)
		if len(got) != 1 {
			t.Fatalf("message %d in %d got %d replies, want one refusal: %q", id, chat, len(got), got)
		}
		text := telegram.StripHTML(got[0])
		if !strings.Contains(text, "Sorry, this bot only serves") || !strings.Contains(text, "222") {
			t.Errorf("message %d in %d: reply is not the refusal with the user's id:\n%s", id, chat, text)
		}
		if strings.Contains(got[0], "<blockquote>") || strings.Contains(text, "Azerbaijan") || strings.Contains(text, "articles") {
			t.Errorf("message %d in %d: the refusal gives away the corpus:\n%s", id, chat, text)
		}
	}
	answered := func(chat int64, id int) {
		t.Helper()
		got := h.repliesTo(chat, id)
		if len(got) != 1 || !strings.Contains(got[0], "<blockquote>") {
			t.Errorf("message %d in %d: want an answer with quotes, got %q", id, chat, got)
		}
	}
	refused(bob, 1)
	refused(bob, 2)
	answered(groupChat, 3) // the group is allowed, so its members are
	refused(-4002, 4)
	if got := h.repliesTo(-4002, 5); len(got) != 0 {
		t.Errorf("chatter in an unlisted group got %q, want silence", got)
	}
	answered(admin, 6) // administrators are always served
	answered(ann, 7)

	// A button press by someone not allowed: answered, nothing sent.
	before := len(h.calls("sendMessage"))
	h.handle(`{"update_id":8,"callback_query":{"id":"cb1","chat_instance":"x","data":"doc:1",` +
		`"from":{"id":222,"is_bot":false,"first_name":"Bob"},` +
		`"message":{"message_id":50,"date":1,"chat":{"id":222,"type":"private"},"text":"an old answer"}}}`)
	acks := h.calls("answerCallbackQuery")
	if len(acks) != 1 || !strings.Contains(param(acks[0], "text"), "only serves") {
		t.Errorf("button press by a user not allowed: answerCallbackQuery calls %v, want one with the refusal", acks)
	}
	if n := len(h.calls("sendMessage")); n != before {
		t.Errorf("button press by a user not allowed sent %d messages", n-before)
	}
}

func TestFloodLimit(t *testing.T) {
	h := newHarness(t, nil, func(o *Options) { o.Flood = 2 })
	const q = "When did the cyberattack on Azerbaijani media happen?"
	for i := 1; i <= 4; i++ {
		h.handle(privateText(i, i, ann, q))
		h.clock.advance(time.Second)
	}
	h.handle(privateText(5, 5, bob, q)) // another user is not held back
	for _, id := range []int{1, 2} {
		if got := h.repliesTo(ann, id); len(got) != 1 || !strings.Contains(got[0], "<blockquote>") {
			t.Errorf("message %d within the limit: want an answer, got %q", id, got)
		}
	}
	got := h.repliesTo(ann, 3)
	if len(got) != 1 || !strings.Contains(got[0], "faster than I can answer") || !strings.Contains(got[0], "wait 58 s") {
		t.Errorf("message 3 over the limit: want one notice to wait 58 s, got %q", got)
	}
	if got := h.repliesTo(ann, 4); len(got) != 0 {
		t.Errorf("message 4, still over the limit: want silence after the notice, got %q", got)
	}
	if got := h.repliesTo(bob, 5); len(got) != 1 || !strings.Contains(got[0], "<blockquote>") {
		t.Errorf("another user's message: want an answer, got %q", got)
	}
	h.clock.advance(57 * time.Second) // the first answer leaves the window
	h.handle(privateText(6, 6, ann, q))
	if got := h.repliesTo(ann, 6); len(got) != 1 || !strings.Contains(got[0], "<blockquote>") {
		t.Errorf("message 6, a minute after the first: want an answer, got %q", got)
	}
}

func TestFloodLimitWindow(t *testing.T) {
	c := &clock{now: time.Unix(0, 0)}
	f := newFloodLimit(3, time.Minute, c.Now)
	var got []string
	for i := range 9 {
		ok, warn, wait := f.allow(7)
		got = append(got, fmt.Sprintf("%v/%v/%v", ok, warn, wait))
		c.advance(10 * time.Second)
		if i == 4 {
			c.advance(30 * time.Second) // t=80s: the events at 0, 10 and 20 s have left the window
		}
	}
	want := []string{"true/false/0s", "true/false/0s", "true/false/0s", "false/true/30s", "false/false/20s",
		"true/false/0s", "true/false/0s", "true/false/0s", "false/true/30s"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("allow over time:\n got %v\nwant %v", got, want)
	}
}

func TestOversizedQuestion(t *testing.T) {
	h := newHarness(t, nil, nil)
	h.handle(privateText(1, 1, ann, "Who "+strings.Repeat("é", 997)+"?"))
	h.handle(privateText(2, 2, ann, "/search "+strings.Repeat("x", 1001)))
	for id, want := range map[int]string{1: "1002 characters", 2: "1001 characters"} {
		got := h.repliesTo(ann, id)
		if len(got) != 1 || !strings.Contains(got[0], want) || strings.Contains(got[0], "<blockquote>") {
			t.Errorf("oversized message %d: want one refusal naming %q, got %q", id, want, got)
		}
	}
}

// panicking is an Answerer that fails as a bug would.
type panicking struct{}

func (panicking) Ask(context.Context, string) (qa.Answer, error)        { panic("answerer bug") }
func (panicking) Timeline(context.Context, string) (qa.Timeline, error) { panic("answerer bug") }
func (panicking) Who(context.Context, string) (qa.Profile, error)       { panic("answerer bug") }

func TestMalformedUpdatesIgnored(t *testing.T) {
	h := newHarness(t, nil, func(o *Options) { o.Answerer = panicking{} })
	for _, js := range []string{
		`{"update_id":1}`,
		`{"update_id":2,"message":{"message_id":1,"date":1,"text":"no chat"}}`,
		`{"update_id":3,"message":{"message_id":2,"date":1,"chat":{"id":111,"type":"private"},"text":"no sender"}}`,
		`{"update_id":4,"message":{"message_id":3,"date":1,"chat":{"id":111,"type":"private"},"from":{"id":5,"is_bot":true,"first_name":"B"},"text":"a bot"}}`,
		`{"update_id":5,"edited_message":{"message_id":4,"date":1,"chat":{"id":111,"type":"private"},"from":{"id":5,"is_bot":true,"first_name":"B"},"text":"a bot's edit"}}`,
		`{"update_id":6,"message":{"message_id":5,"date":1,"chat":{"id":111,"type":"private"},"from":{"id":111,"first_name":"A"},"text":"   "}}`,
		`{"update_id":7,"callback_query":{"id":"","chat_instance":"x","data":"doc:1"}}`,
		`{"update_id":8,"channel_post":{"message_id":6,"date":1,"chat":{"id":-100777,"type":"channel","title":"C"},"text":"news of the day"}}`,
		`{"update_id":9,"my_chat_member":{"chat":{"id":-4001,"type":"group"},"from":{"id":111,"first_name":"A"},"date":1,` +
			`"old_chat_member":{"user":{"id":1000000001,"is_bot":true,"first_name":"N"},"status":"left"},` +
			`"new_chat_member":{"user":{"id":1000000001,"is_bot":true,"first_name":"N"},"status":"member"}}}`,
	} {
		h.handle(js)
	}
	if got := h.calls(); len(got) != 0 {
		t.Errorf("malformed or irrelevant updates made calls: %v", got)
	}
	// A bug in a dependency is logged, not raised.
	var log bytes.Buffer
	h.opts.Logger = slog.New(slog.NewTextHandler(&log, nil))
	h.bot = h.newBot()
	h.handle(privateText(10, 10, ann, "Who was blamed?"))
	if !strings.Contains(log.String(), `msg="handler panicked" update=10 chat=111 user=111 command=question panic="answerer bug"`) {
		t.Errorf("the panic was not logged with the update's fields:\n%s", log.String())
	}
}
