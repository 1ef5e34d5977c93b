package telegram

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// words is plain text of about n characters, cut by SplitHTML at spaces.
func words(n int) string { return strings.Repeat("word ", n/5) }

func TestEditHTML(t *testing.T) {
	kb := tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonData("More", "more:k")))
	notModified := apiErr(400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message", nil)
	for _, tc := range []struct {
		name   string
		ids    []int
		text   string
		script map[string][]http.HandlerFunc
		want   []int // ids holding the text
		edits  []string
		sends  []string // reply_to_message_id of each sendMessage
		marked string   // the method and message id that carry the buttons
		drops  []string // message_id of each deleteMessage
		err    bool
	}{
		{name: "same number of parts", ids: []int{40}, text: "<b>new</b> answer",
			want: []int{40}, edits: []string{"40"}, marked: "edit 40"},
		{name: "nothing changed", ids: []int{40}, text: "same answer",
			script: map[string][]http.HandlerFunc{"editMessageText": {notModified}},
			want:   []int{40}, edits: []string{"40"}, marked: "edit 40"},
		{name: "fewer parts: the rest deleted", ids: []int{40, 41, 42}, text: "short now",
			want: []int{40}, edits: []string{"40"}, marked: "edit 40", drops: []string{"41", "42"}},
		{name: "fewer parts, one too old to delete", ids: []int{40, 41}, text: "short now",
			script: map[string][]http.HandlerFunc{"deleteMessage": {apiErr(400, "Bad Request: message can't be deleted for everyone", nil)}},
			want:   []int{40}, edits: []string{"40", "41"}, marked: "edit 40", drops: []string{"41"}},
		{name: "more parts: the rest sent as replies", ids: []int{40}, text: words(9000),
			want: []int{40, 1, 2}, edits: []string{"40"}, sends: []string{"7", "7"}, marked: "send 2"},
		{name: "the first part is gone", ids: []int{40, 41}, text: "new answer",
			script: map[string][]http.HandlerFunc{"editMessageText": {apiErr(400, "Bad Request: message to edit not found", nil)}},
			want:   nil, edits: []string{"40"}, err: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			api, srv := newBotAPI(t, tc.script)
			tc2 := mustClient(t, srv, Limits{})
			msg := tgbotapi.NewMessage(9, tc.text)
			msg.ReplyToMessageID = 7
			msg.ReplyMarkup = kb
			got, err := tc2.EditHTML(t.Context(), tc.ids, msg)
			if (err != nil) != tc.err {
				t.Fatalf("EditHTML error %v, want error %v", err, tc.err)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("ids holding the text %v, want %v", got, tc.want)
			}
			marked := ""
			var edits, sends, drops []string
			for _, f := range api.formsOf("editMessageText") {
				edits = append(edits, f.Get("message_id"))
				if f.Get("text") != Shortened && f.Get("parse_mode") != "HTML" {
					t.Errorf("edit of %s without parse_mode HTML", f.Get("message_id"))
				}
				if f.Get("reply_markup") != "" {
					marked += " edit " + f.Get("message_id")
				}
			}
			for i, f := range api.formsOf("sendMessage") {
				sends = append(sends, f.Get("reply_to_message_id"))
				if f.Get("reply_markup") != "" {
					marked += " send " + strconv.Itoa(i+1)
				}
			}
			for _, f := range api.formsOf("deleteMessage") {
				drops = append(drops, f.Get("message_id"))
			}
			if !slices.Equal(edits, tc.edits) || !slices.Equal(sends, tc.sends) || !slices.Equal(drops, tc.drops) {
				t.Errorf("edited %v, sent replying to %v, deleted %v; want %v, %v, %v", edits, sends, drops, tc.edits, tc.sends, tc.drops)
			}
			if !tc.err && strings.TrimSpace(marked) != tc.marked {
				t.Errorf("buttons on %q, want on %q only", strings.TrimSpace(marked), tc.marked)
			}
			if logs := tc2.logs.String(); logs != "" {
				t.Errorf("the client logged:\n%s", logs)
			}
		})
	}
}

func TestEditHTMLRefusesWhatTelegramCannotEdit(t *testing.T) {
	api, srv := newBotAPI(t, nil)
	tc := mustClient(t, srv, Limits{})
	msg := tgbotapi.NewMessage(9, "text")
	msg.ReplyMarkup = tgbotapi.NewReplyKeyboard(tgbotapi.NewKeyboardButtonRow(tgbotapi.NewKeyboardButton("yes")))
	if _, err := tc.EditHTML(t.Context(), []int{40}, msg); err == nil {
		t.Error("EditHTML with a reply keyboard: no error")
	}
	if _, err := tc.EditHTML(t.Context(), []int{40}, tgbotapi.NewMessage(9, "  ")); err == nil {
		t.Error("EditHTML with blank text: no error")
	}
	if n := api.count("editMessageText"); n != 0 {
		t.Errorf("%d edits reached Telegram", n)
	}
}

func TestIsNotModified(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{tgbotapi.Error{Code: 400, Message: "Bad Request: message is not modified: specified new message content and reply markup are exactly the same"}, true},
		{&tgbotapi.Error{Code: 400, Message: "Bad Request: message to edit not found"}, false},
		{tgbotapi.Error{Code: 403, Message: "Forbidden: bot was blocked by the user"}, false},
		{nil, false},
	} {
		if got := IsNotModified(tc.err); got != tc.want {
			t.Errorf("IsNotModified(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}
