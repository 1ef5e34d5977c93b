package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/newsdesk/newsdesk/config"
	"github.com/newsdesk/newsdesk/telegram"
)

// prettyMock plays feed through bot mock --pretty, with hook on the mock
// Bot API, and returns the transcript.
func prettyMock(t *testing.T, feed []string, hook func(telegram.Call) *tgbotapi.APIResponse) string {
	t.Helper()
	noEnv := func(string) (string, bool) { return "", false }
	cfg, err := config.Load(noEnv, filepath.Join(t.TempDir(), ".env"))
	if err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	e := env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, lookup: noEnv}
	lines := strings.Join(feed, "\n") + "\n"
	if err := playMock(t.Context(), e, cfg, strings.NewReader(lines), mockOptions{pretty: true, hook: hook}); err != nil {
		t.Fatalf("mock session: %v\n%s", err, errb.String())
	}
	return out.String()
}

// updateLine is one Update JSON line: kind ("message", "callback_query"…)
// holding v.
func updateLine(t *testing.T, id int, kind string, v map[string]any) string {
	t.Helper()
	line, err := json.Marshal(map[string]any{"update_id": id, kind: v})
	if err != nil {
		t.Fatal(err)
	}
	return string(line)
}

// chatMessage is a message user sends in their private chat with the bot,
// fields added.
func chatMessage(id int, user int64, name string, fields map[string]any) map[string]any {
	m := map[string]any{"message_id": id, "date": 1746262800,
		"from": map[string]any{"id": user, "is_bot": false, "first_name": "U", "username": name},
		"chat": map[string]any{"id": user, "type": "private"}}
	for k, v := range fields {
		m[k] = v
	}
	return m
}

// shownBlock is one update's part of a transcript: the update's id and the
// chats the bot's messages in it went to.
type shownBlock struct {
	update int
	chats  []string
}

var (
	updateHead = regexp.MustCompile(`^» .* \(update (\d+)\)`)
	botSays    = regexp.MustCompile(`^« bot says in chat (-?\d+):`)
)

// blocks splits a transcript into its updates' blocks, in order.
func blocks(transcript string) []shownBlock {
	var bs []shownBlock
	for line := range strings.SplitSeq(transcript, "\n") {
		if m := updateHead.FindStringSubmatch(line); m != nil {
			n, _ := strconv.Atoi(m[1])
			bs = append(bs, shownBlock{update: n})
		} else if m := botSays.FindStringSubmatch(line); m != nil && len(bs) > 0 {
			bs[len(bs)-1].chats = append(bs[len(bs)-1].chats, m[1])
		}
	}
	return bs
}

// TestTranscriptRepliesUnderTheirMessages: the answer to an early question
// is held up until a later chat's two messages are answered; the
// transcript still shows every message with its own answer right under
// it, in the feed's order.
func TestTranscriptRepliesUnderTheirMessages(t *testing.T) {
	feed := []string{
		updateLine(t, 1, "message", chatMessage(1, 7, "ann", map[string]any{"text": "What is APT29?"})),
		updateLine(t, 2, "message", chatMessage(2, 8, "ben", map[string]any{"text": "/sources",
			"entities": []any{map[string]any{"type": "bot_command", "offset": 0, "length": 8}}})),
		updateLine(t, 3, "message", chatMessage(3, 7, "ann", map[string]any{"text": "/latest",
			"entities": []any{map[string]any{"type": "bot_command", "offset": 0, "length": 7}}})),
		updateLine(t, 4, "message", chatMessage(4, 8, "ben", map[string]any{"text": "Who was blamed for the cyberattack?"})),
	}
	// The answer to update 1 (chat 7) waits until chat 8's second answer
	// is on its way.
	var mu sync.Mutex
	var order []string
	chat8Answered := make(chan struct{})
	hook := func(c telegram.Call) *tgbotapi.APIResponse {
		if c.Method != "sendMessage" {
			return nil
		}
		reply := c.Params["chat_id"].(string) + ":" + c.Params["reply_to_message_id"].(string)
		switch reply {
		case "7:1":
			select {
			case <-chat8Answered:
			case <-time.After(10 * time.Second):
				t.Error("chat 8 was not answered while chat 7's answer waited")
			}
		case "8:4":
			close(chat8Answered)
		}
		mu.Lock()
		order = append(order, reply)
		mu.Unlock()
		return nil
	}
	out := prettyMock(t, feed, hook)

	if i, j := slices.Index(order, "8:4"), slices.Index(order, "7:1"); i < 0 || j < i {
		t.Fatalf("answers sent in the order %v; the test wants chat 8's last before chat 7's first", order)
	}
	want := []shownBlock{{1, []string{"7"}}, {2, []string{"8"}}, {3, []string{"7"}}, {4, []string{"8"}}}
	if got := blocks(out); !slices.EqualFunc(got, want, func(a, b shownBlock) bool {
		return a.update == b.update && slices.Equal(a.chats, b.chats)
	}) {
		t.Errorf("updates and the chats answered under them: %v, want %v\n%s", got, want, out)
	}
	// Each message's first reply is the line after it.
	for _, q := range []string{"What is APT29?", "/sources", "/latest", "Who was blamed for the cyberattack?"} {
		if !regexp.MustCompile(`(?m)^    ` + regexp.QuoteMeta(q) + "\n« bot says in chat").MatchString(out) {
			t.Errorf("%q is not followed by its answer:\n%s", q, out)
		}
	}
	// What the bot does before any update is there, on its own.
	head, _, _ := strings.Cut(out, "\n» ")
	for _, want := range []string{
		"« bot, on its own, checks its token and learns its name (getMe)",
		"« bot, on its own, registers its commands for private chats: /ask",
		"« bot, on its own, registers its commands for groups: /ask",
		"« bot, on its own, turns off any webhook, to poll for updates (deleteWebhook)",
	} {
		if !strings.Contains(head, want) {
			t.Errorf("the transcript does not open with %q:\n%s", want, head)
		}
	}
}

// TestTranscriptShowsWhatUpdatesAre: an edit, a sticker, a photo, a voice
// message, button presses, a new member and a channel post are shown for
// what they are, each with what the bot did about it.
func TestTranscriptShowsWhatUpdatesAre(t *testing.T) {
	keyboard := func(label, data string) map[string]any {
		return map[string]any{"inline_keyboard": []any{[]any{map[string]any{"text": label, "callback_data": data}}}}
	}
	botMessage := func(id int, kb map[string]any) map[string]any {
		return map[string]any{"message_id": id, "date": 1746262800, "text": "an answer",
			"from":         map[string]any{"id": 1000000001, "is_bot": true, "first_name": "Newsdesk", "username": "newsdesk_mock_bot"},
			"chat":         map[string]any{"id": 7, "type": "private"},
			"reply_markup": kb}
	}
	ann := map[string]any{"id": 7, "is_bot": false, "first_name": "Ann", "username": "ann"}
	group := map[string]any{"id": -1005, "type": "supergroup", "title": "Desk"}
	feed := []string{
		updateLine(t, 1, "message", chatMessage(1, 7, "ann", map[string]any{"text": "What is APT29?"})),
		updateLine(t, 2, "edited_message", chatMessage(1, 7, "ann", map[string]any{"text": "What is APT28?", "edit_date": 1746262860})),
		updateLine(t, 3, "message", chatMessage(3, 7, "ann", map[string]any{"sticker": map[string]any{
			"file_id": "s", "file_unique_id": "s", "width": 512, "height": 512, "emoji": "👍"}})),
		updateLine(t, 4, "callback_query", map[string]any{"id": "cb4", "from": ann, "chat_instance": "x",
			"data": "doc:1", "message": botMessage(100, keyboard("ℹ️ [1]", "doc:1"))}),
		updateLine(t, 5, "callback_query", map[string]any{"id": "cb5", "from": ann, "chat_instance": "x",
			"data": "more:AAAAAAAAAAAA", "message": botMessage(101, keyboard("More quotes (3)", "more:AAAAAAAAAAAA"))}),
		updateLine(t, 6, "message", chatMessage(6, 7, "ann", map[string]any{"photo": []any{
			map[string]any{"file_id": "p1", "file_unique_id": "p1", "width": 90, "height": 60},
			map[string]any{"file_id": "p2", "file_unique_id": "p2", "width": 1280, "height": 853}}})),
		updateLine(t, 7, "message", chatMessage(7, 7, "ann", map[string]any{"voice": map[string]any{
			"file_id": "v", "file_unique_id": "v", "duration": 7}})),
		updateLine(t, 8, "message", map[string]any{"message_id": 8, "date": 1746262800, "chat": group,
			"from":             map[string]any{"id": 43, "is_bot": false, "first_name": "Tural"},
			"new_chat_members": []any{map[string]any{"id": 44, "is_bot": false, "first_name": "Leyla"}}}),
		updateLine(t, 9, "channel_post", map[string]any{"message_id": 9, "date": 1746262800,
			"chat": map[string]any{"id": -1003333, "type": "channel", "title": "Evening Wire"},
			"text": "Tonight's edition is out."}),
	}
	out := prettyMock(t, feed, nil)
	for _, want := range []string{
		// The edited question is answered again by editing the answer.
		"» @ann in private chat 7 (update 2) edits message 1 to:\n    What is APT28?\n« bot edits its message ",
		"» @ann in private chat 7 (update 3) sends a sticker 👍 (no text: not a question)\n« (no reply)\n",
		"» @ann in private chat 7 (update 4) presses [ℹ️ [1]] under message 100\n« bot says in chat 7:\n",
		"» @ann in private chat 7 (update 5) presses [More quotes (3)] under message 101\n" +
			"« bot shows a notice: This button is from before the bot restarted. Please send the question again.\n",
		"» @ann in private chat 7 (update 6) sends a photo (1280×853) (no text: not a question)\n« (no reply)\n",
		"» @ann in private chat 7 (update 7) sends a voice message (7 s) (no text: not a question)\n« (no reply)\n",
		"» Tural (43) in supergroup \"Desk\" (-1005) (update 8) adds Leyla (44)\n« (no reply)\n",
		"» channel \"Evening Wire\" (-1003333) (update 9) posts:\n    Tonight's edition is out.\n« (no reply)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("transcript lacks\n%s\n--- transcript:\n%s", want, out)
		}
	}
	if strings.Contains(out, "update of a kind") || strings.Contains(out, `{"`) {
		t.Errorf("an update is shown as unknown or as JSON:\n%s", out)
	}
}

// TestTranscriptOrder drives a transcript by hand: an update answered
// before an earlier one waits for it; a call outside any update comes
// after the updates received before it.
func TestTranscriptOrder(t *testing.T) {
	var out bytes.Buffer
	tr := newTranscript(&out)
	msg := func(id int, chat int64, text string) tgbotapi.Update {
		return tgbotapi.Update{UpdateID: id, Message: &tgbotapi.Message{MessageID: id, Text: text,
			From: &tgbotapi.User{ID: chat, UserName: "u" + text}, Chat: &tgbotapi.Chat{ID: chat, Type: "private"}}}
	}
	say := func(id int, chat, text string) {
		ctx := context.Background()
		if id != 0 {
			ctx = context.WithValue(ctx, updateKey{}, id)
		}
		tr.observe(ctx, telegram.Call{Method: "sendMessage", Params: map[string]any{"chat_id": chat, "text": text}})
	}
	u1, u2 := msg(1, 7, "slow"), msg(2, 8, "fast")
	tr.received([]tgbotapi.Update{u1, u2})
	tr.start(u1)
	tr.start(u2)
	say(2, "8", "fast answer")
	tr.finish(2)
	say(0, "9", "a digest")
	if out.Len() != 0 {
		t.Fatalf("printed before the first update was answered:\n%s", out.String())
	}
	say(1, "7", "slow answer")
	tr.finish(1)
	tr.end()
	want := `
» @uslow in private chat 7 (update 1):
    slow
« bot says in chat 7:
    slow answer

» @ufast in private chat 8 (update 2):
    fast
« bot says in chat 8:
    fast answer

« bot, on its own, says in chat 9:
    a digest
`
	if out.String() != want {
		t.Errorf("transcript:\n%s\nwant:\n%s", out.String(), want)
	}
}

// TestDescribeUpdate: how each kind of update reads.
func TestDescribeUpdate(t *testing.T) {
	ann := &tgbotapi.User{ID: 7, FirstName: "Ann", UserName: "ann"}
	private := &tgbotapi.Chat{ID: 7, Type: "private"}
	group := &tgbotapi.Chat{ID: -1005, Type: "supergroup", Title: "Desk"}
	data := func(s string) *string { return &s }
	for _, tc := range []struct {
		name string
		u    tgbotapi.Update
		want string
	}{
		{"text", tgbotapi.Update{Message: &tgbotapi.Message{From: ann, Chat: private, Text: "Who?"}},
			"» @ann in private chat 7 (update 1):\n    Who?\n"},
		{"reply", tgbotapi.Update{Message: &tgbotapi.Message{From: ann, Chat: group, Text: "and why?",
			ReplyToMessage: &tgbotapi.Message{MessageID: 4}}},
			"» @ann in supergroup \"Desk\" (-1005) (update 1) replies to message 4:\n    and why?\n"},
		{"forward", tgbotapi.Update{Message: &tgbotapi.Message{From: ann, Chat: private, Text: "news",
			ForwardFromChat: &tgbotapi.Chat{ID: -1009, Type: "channel", Title: "Wire"}}},
			"» @ann in private chat 7 (update 1) forwards a message from channel \"Wire\" (-1009):\n    news\n"},
		{"document", tgbotapi.Update{Message: &tgbotapi.Message{From: ann, Chat: private, Caption: "for the archive",
			Document: &tgbotapi.Document{FileName: "note.md", FileSize: 812}}},
			"» @ann in private chat 7 (update 1) sends the document note.md (812 bytes):\n    for the archive\n"},
		{"photo with caption", tgbotapi.Update{Message: &tgbotapi.Message{From: ann, Chat: private, Caption: "the pier",
			Photo: []tgbotapi.PhotoSize{{Width: 640, Height: 480}}}},
			"» @ann in private chat 7 (update 1) sends a photo (640×480) with the caption:\n    the pier\n"},
		{"edit without text", tgbotapi.Update{EditedMessage: &tgbotapi.Message{MessageID: 3, From: ann, Chat: private}},
			"» @ann in private chat 7 (update 1) edits message 3\n"},
		{"signed edited post", tgbotapi.Update{EditedChannelPost: &tgbotapi.Message{MessageID: 5, AuthorSignature: "Ann",
			Chat: &tgbotapi.Chat{ID: -100, Type: "channel", Title: "Wire"}, Text: "fixed"}},
			"» Ann in channel \"Wire\" (-100) (update 1) edits post 5 to:\n    fixed\n"},
		{"joins", tgbotapi.Update{Message: &tgbotapi.Message{From: ann, Chat: group, NewChatMembers: []tgbotapi.User{*ann}}},
			"» @ann in supergroup \"Desk\" (-1005) (update 1) joins\n"},
		{"leaves", tgbotapi.Update{Message: &tgbotapi.Message{From: ann, Chat: group, LeftChatMember: ann}},
			"» @ann in supergroup \"Desk\" (-1005) (update 1) leaves\n"},
		{"bot made admin", tgbotapi.Update{MyChatMember: &tgbotapi.ChatMemberUpdated{From: *ann, Chat: *group,
			OldChatMember: tgbotapi.ChatMember{Status: "left"}, NewChatMember: tgbotapi.ChatMember{Status: "administrator"}}},
			"» @ann in supergroup \"Desk\" (-1005) (update 1) adds the bot as an administrator\n"},
		{"bot blocked", tgbotapi.Update{MyChatMember: &tgbotapi.ChatMemberUpdated{From: *ann, Chat: *private,
			OldChatMember: tgbotapi.ChatMember{Status: "member"}, NewChatMember: tgbotapi.ChatMember{Status: "kicked"}}},
			"» @ann in private chat 7 (update 1) blocks the bot\n"},
		{"press named by the bot's keyboard", tgbotapi.Update{CallbackQuery: &tgbotapi.CallbackQuery{From: ann, Data: "all:K",
			Message: &tgbotapi.Message{MessageID: 9, Chat: private}}},
			"» @ann in private chat 7 (update 1) presses [All sources (2)] under message 9\n"},
		{"press of an unknown button", tgbotapi.Update{CallbackQuery: &tgbotapi.CallbackQuery{From: ann, Data: "x:1",
			Message: &tgbotapi.Message{MessageID: 9, Chat: private, ReplyMarkup: &tgbotapi.InlineKeyboardMarkup{
				InlineKeyboard: [][]tgbotapi.InlineKeyboardButton{{{Text: "Other", CallbackData: data("x:2")}}}}}}},
			"» @ann in private chat 7 (update 1) presses a button with the data \"x:1\" under message 9\n"},
		{"inline query", tgbotapi.Update{InlineQuery: &tgbotapi.InlineQuery{From: ann, Query: "APT29"}},
			"» @ann (update 1) types an inline query:\n    APT29\n"},
		{"unknown", tgbotapi.Update{},
			"» Telegram (update 1) sends an update of a kind this transcript does not know\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.u.UpdateID = 1
			labels := func(chat int64, data string) (string, bool) {
				if chat == 7 && data == "all:K" {
					return "All sources (2)", true
				}
				return "", false
			}
			if got := describeUpdate(tc.u, labels); got != tc.want {
				t.Errorf("got\n%q\nwant\n%q", got, tc.want)
			}
		})
	}
}
