package bot

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/newsdesk/newsdesk/corpus"
	"github.com/newsdesk/newsdesk/telegram"
)

// edited turns an Update with a message (privateText, groupText) into the
// Update Telegram sends when that message is edited to text.
func edited(t *testing.T, js, text string) string {
	t.Helper()
	var u map[string]any
	if err := json.Unmarshal([]byte(js), &u); err != nil {
		t.Fatal(err)
	}
	m := u["message"].(map[string]any)
	m["text"], m["edit_date"] = text, 1746262900
	delete(u, "message")
	u["edited_message"] = m
	out, _ := json.Marshal(u)
	return string(out)
}

// since returns the calls made after the first n, all but getMe and
// getUpdates; it fails the test on any the Bot API refused.
func (h *harness) since(n int) []telegram.Call {
	h.t.Helper()
	return h.calls()[n:]
}

// answerIDs returns the ids of the messages sent in reply to message id in
// chat (the parts of its answer, as repliesTo finds them), as the
// MockTransport numbers sent messages: 1, 2, … in the order sent.
func (h *harness) answerIDs(chat int64, id int) []int {
	h.t.Helper()
	var out []int
	for _, i := range h.replyIndexes(chat, id) {
		out = append(out, i+1) // the mock numbers the bot's messages from 1
	}
	return out
}

// methods lists the methods of calls with their message ids, as
// "editMessageText 3".
func methods(calls []telegram.Call) []string {
	var out []string
	for _, c := range calls {
		out = append(out, strings.TrimSpace(c.Method+" "+param(c, "message_id")))
	}
	return out
}

func TestEditedQuestionAnsweredInPlace(t *testing.T) {
	h := newHarness(t, nil, nil)
	const first, second = "Who was blamed for the cyberattack?", "When did the cyberattack on Azerbaijani media happen?"
	ask := privateText(1, 10, ann, first)
	h.handle(ask)
	ids := h.answerIDs(ann, 10)
	if len(ids) != 1 {
		t.Fatalf("the question got %d messages, want one", len(ids))
	}
	old := h.repliesTo(ann, 10)[0]

	n := len(h.calls())
	h.handle(edited(t, ask, second))
	got := h.since(n)
	if want := []string{"editMessageText " + strconv.Itoa(ids[0])}; !slices.Equal(methods(got), want) {
		t.Fatalf("the edited question made calls %v, want %v", methods(got), want)
	}
	edit := got[0]
	text := telegram.StripHTML(param(edit, "text"))
	dated := strings.Contains(text, "Feb. 20") || strings.Contains(text, "February 20") || strings.Contains(text, "20 February")
	if param(edit, "text") == old || !dated || param(edit, "parse_mode") != "HTML" {
		t.Errorf("the answer was edited to %q, want the answer to %q", text, second)
	}
	// Its buttons re-ask the question as it now reads.
	for label, data := range buttons(t, edit) {
		if strings.HasPrefix(data, actionAll+":") && data != actionAll+":"+questionKey(second) {
			t.Errorf("button %q carries %q, want the key of the edited question", label, data)
		}
	}
	if len(buttons(t, edit)) == 0 {
		t.Errorf("the edited answer lost its buttons")
	}

	// Editing the /ask command answers it again; editing it into another
	// command changes nothing.
	cmd := privateText(3, 12, ann, "/ask "+first)
	h.handle(cmd)
	ids = h.answerIDs(ann, 12)
	n = len(h.calls())
	h.handle(edited(t, cmd, "/ask "+second))
	if got, want := methods(h.since(n)), []string{"editMessageText " + strconv.Itoa(ids[0])}; !slices.Equal(got, want) {
		t.Errorf("the edited /ask made calls %v, want %v", got, want)
	}
	n = len(h.calls())
	h.handle(edited(t, cmd, "/help"))
	h.handle(edited(t, cmd, "https://example.org/story"))
	if got := h.since(n); len(got) != 0 {
		t.Errorf("an edit into /help or a link made calls %v, want none", methods(got))
	}
}

// editCorpus holds, beside the seeds, two reports of a harbour strike's
// end in two long sentences each, whose answer takes two messages, and a
// short item on a pension, whose answer takes one.
func editCorpus() []corpus.Source {
	words := [][]string{
		{"cranes", "pilots", "tugs", "berths", "quays", "ferries", "barges"},
		{"stood idle", "were moored", "waited", "were rerouted", "sat empty", "were delayed", "were checked"},
		{"Rotterdam", "Antwerp", "Hamburg", "Gdansk", "Bremen", "Le Havre", "Felixstowe"},
	}
	long := func(n int) string {
		var parts []string
		for i := range 16 {
			parts = append(parts, fmt.Sprintf("%s of terminal %d %s near %s until the harbour strike ended with vote %d",
				words[0][(n+i)%7], n*100+i, words[1][(n*3+i)%7], words[2][(n*5+i)%7], n*40+i))
		}
		return "The harbour strike ended in full: " + strings.Join(parts, ", ") + "."
	}
	var out []corpus.Source
	for i, title := range []string{"How the harbour strike ended", "The harbour strike's end, in full"} {
		out = append(out, corpus.Source{Origin: fmt.Sprintf("edit/%d.md", i), Format: corpus.Markdown,
			Content: long(2*i) + "\n\n" + long(2*i+1) + "\n", Meta: corpus.Meta{Title: title, Outlet: "Port Gazette"}})
	}
	out = append(out, corpus.Source{Origin: "edit/pension.md", Format: corpus.Markdown,
		Content: "The pension of the lighthouse keepers rose by three percent in May, the ministry said.\n", Meta: corpus.Meta{Title: "Lighthouse keepers' pension", Outlet: "Coast Daily"}})
	return out
}

func TestEditedQuestionChangesParts(t *testing.T) {
	const long, short = "How did the harbour strike end, in full?", "How much did the lighthouse keepers' pension rise?"
	h := newHarness(t, editCorpus(), nil)
	ask := privateText(1, 10, ann, long)
	h.handle(ask)
	ids := h.answerIDs(ann, 10)
	if len(ids) != 2 {
		t.Fatalf("the long answer took %d messages, want 2", len(ids))
	}

	// Two parts become one: the first is edited, with the buttons, and the
	// second deleted.
	n := len(h.calls())
	h.handle(edited(t, ask, short))
	got := h.since(n)
	want := []string{"editMessageText " + strconv.Itoa(ids[0]), "deleteMessage " + strconv.Itoa(ids[1])}
	if !slices.Equal(methods(got), want) {
		t.Fatalf("two parts to one: calls %v, want %v", methods(got), want)
	}
	if len(buttons(t, got[0])) == 0 {
		t.Errorf("the one part left has no buttons")
	}

	// One part becomes two again: the first is edited, without buttons,
	// and the second sent as a reply to the question, with them.
	n = len(h.calls())
	h.handle(edited(t, ask, long))
	got = h.since(n)
	if want := []string{"editMessageText " + strconv.Itoa(ids[0]), "sendMessage"}; !slices.Equal(methods(got), want) {
		t.Fatalf("one part to two: calls %v, want %v", methods(got), want)
	}
	if len(buttons(t, got[0])) != 0 || len(buttons(t, got[1])) == 0 {
		t.Errorf("buttons on the first part %v and the second %v, want on the second only", buttons(t, got[0]), buttons(t, got[1]))
	}
	if param(got[1], "reply_to_message_id") != "10" {
		t.Errorf("the new second part replies to %q, want the question, 10", param(got[1], "reply_to_message_id"))
	}
	joined := telegram.StripHTML(param(got[0], "text") + param(got[1], "text"))
	if strings.Count(joined, "The harbour strike ended in full:") != 3 {
		t.Errorf("the two parts do not hold the three long quotes:\n%s", joined)
	}

	// And back to one, deleting the part just sent: the bot remembers it.
	second := len(h.calls("sendMessage"))
	n = len(h.calls())
	h.handle(edited(t, ask, short))
	if got, want := methods(h.since(n)), []string{"editMessageText " + strconv.Itoa(ids[0]), "deleteMessage " + strconv.Itoa(second)}; !slices.Equal(got, want) {
		t.Errorf("two parts to one again: calls %v, want %v", got, want)
	}
}

func TestEditedQuestionForgotten(t *testing.T) {
	h := newHarness(t, nil, nil)
	const q = "Who was blamed for the cyberattack?"
	ask := privateText(1, 10, ann, q)
	h.handle(ask)

	// After a restart the bot no longer knows its answer: the edit is
	// answered as a new question, in a reply.
	h.bot = h.newBot()
	n := len(h.calls())
	h.handle(edited(t, ask, q+" And why?"))
	got := h.since(n)
	if len(got) != 1 || got[0].Method != "sendMessage" || param(got[0], "reply_to_message_id") != "10" ||
		!strings.Contains(param(got[0], "text"), "<blockquote>") {
		t.Fatalf("edit after a restart: calls %v, want one new answer replying to 10", methods(got))
	}

	// The memory keeps the newest maxAnswers answers: once as many
	// questions came after it, an answer is forgotten too.
	for i := range maxAnswers {
		h.handle(privateText(2+i, 11+i, ann, "/ask"))
	}
	n = len(h.calls())
	h.handle(edited(t, ask, q))
	got = h.since(n)
	if len(got) != 1 || got[0].Method != "sendMessage" || param(got[0], "reply_to_message_id") != "10" {
		t.Errorf("edit of a forgotten answer: calls %v, want one new answer replying to 10", methods(got))
	}
	// The newest of them is still answered in place.
	n = len(h.calls())
	h.handle(edited(t, privateText(9000, 10+maxAnswers, ann, "/ask"), "/ask "+q))
	if got := h.since(n); len(got) != 1 || got[0].Method != "editMessageText" {
		t.Errorf("edit of a remembered answer: calls %v, want one edit", methods(got))
	}
}

func TestEditedQuestionNotServed(t *testing.T) {
	h := newHarness(t, nil, func(o *Options) { o.Allowed = []int64{ann} })
	const q = "Who was blamed for the cyberattack?"
	ask := privateText(1, 10, bob, q)
	h.handle(ask)
	if got := h.repliesTo(bob, 10); len(got) != 1 || !strings.Contains(got[0], "only serves") {
		t.Fatalf("the question from a user not allowed got %q, want the refusal", got)
	}
	n := len(h.calls())
	h.handle(edited(t, ask, q+" And why?"))
	h.handle(edited(t, groupText(2, 11, bob, groupChat, "@newsdesk_mock_bot "+q), "@newsdesk_mock_bot why?"))
	if got := h.since(n); len(got) != 0 {
		t.Errorf("edits by a user not allowed made calls %v, want none", methods(got))
	}
}

func TestEditNotModified(t *testing.T) {
	var logs bytes.Buffer
	h := newHarness(t, nil, func(o *Options) {
		o.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	// Telegram refuses an edit that changes nothing, as when only the
	// question's punctuation changed and the answer did not.
	h.mock.Hook = func(c telegram.Call) *tgbotapi.APIResponse {
		if c.Method != "editMessageText" {
			return nil
		}
		return &tgbotapi.APIResponse{ErrorCode: 400, Description: "Bad Request: message is not modified: " +
			"specified new message content and reply markup are exactly the same as a current content and reply markup of the message"}
	}
	const q = "Who was blamed for the cyberattack?"
	ask := privateText(1, 10, ann, q)
	h.handle(ask)
	n := len(h.mock.Calls())
	h.handle(edited(t, ask, q))
	h.handle(edited(t, ask, q))
	var got []string
	for _, c := range h.mock.Calls()[n:] {
		got = append(got, c.Method)
	}
	if want := []string{"editMessageText", "editMessageText"}; !slices.Equal(got, want) {
		t.Errorf("edits to the same question made calls %v, want %v (no new answer)", got, want)
	}
	for _, level := range []string{"level=ERROR", "level=WARN"} {
		if strings.Contains(logs.String(), level) {
			t.Errorf("an edit that changed nothing was logged at %s:\n%s", level, logs.String())
		}
	}
}

func TestEditedQuestionAnswerDeleted(t *testing.T) {
	h := newHarness(t, nil, nil)
	// The reporter deleted the bot's answer: Telegram finds nothing to edit.
	h.mock.Hook = func(c telegram.Call) *tgbotapi.APIResponse {
		if c.Method != "editMessageText" {
			return nil
		}
		return &tgbotapi.APIResponse{ErrorCode: 400, Description: "Bad Request: message to edit not found"}
	}
	const q = "Who was blamed for the cyberattack?"
	ask := privateText(1, 10, ann, q)
	h.handle(ask)
	n := len(h.mock.Calls())
	h.handle(edited(t, ask, q+" And why?"))
	var got []string
	for _, c := range h.mock.Calls()[n:] {
		got = append(got, c.Method+" "+param(c, "reply_to_message_id"))
	}
	if want := []string{"editMessageText ", "sendMessage 10"}; !slices.Equal(got, want) {
		t.Errorf("edit of a question whose answer is gone: calls %q, want %q", got, want)
	}
}
