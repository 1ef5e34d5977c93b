package bot

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/corpus"
	"github.com/newsdesk/newsdesk/telegram"
)

// press is an Update for a press, by user in their private chat, of a
// button with data under message 900; question, when not "", is the
// message the answer replied to, as Telegram sends it along.
func press(updateID int, user int64, data, question string) string {
	msg := map[string]any{"message_id": 900, "date": 1746262800, "text": "an answer",
		"from": map[string]any{"id": 1000000001, "is_bot": true, "first_name": "Newsdesk", "username": "newsdesk_mock_bot"},
		"chat": map[string]any{"id": user, "type": "private"}}
	if question != "" {
		msg["reply_to_message"] = map[string]any{"message_id": 1, "date": 1746262800, "text": question,
			"from": map[string]any{"id": user, "is_bot": false, "first_name": "A"},
			"chat": map[string]any{"id": user, "type": "private"}}
	}
	js, _ := json.Marshal(map[string]any{"update_id": updateID, "callback_query": map[string]any{
		"id": fmt.Sprintf("cb%d", updateID), "chat_instance": "ci", "data": data,
		"from": map[string]any{"id": user, "is_bot": false, "first_name": "A"}, "message": msg}})
	return string(js)
}

// pressed hands the Bot a button press and returns the note its
// answerCallbackQuery showed and the messages it sent or edited.
func (h *harness) pressed(updateID int, data, question string) (note string, sent []telegram.Call) {
	h.t.Helper()
	before := len(h.calls())
	h.handle(press(updateID, ann, data, question))
	for _, c := range h.calls()[before:] {
		if c.Method == "answerCallbackQuery" {
			if param(c, "callback_query_id") != fmt.Sprintf("cb%d", updateID) {
				h.t.Errorf("press %d answered as %q", updateID, param(c, "callback_query_id"))
			}
			note = param(c, "text")
			continue
		}
		sent = append(sent, c)
	}
	if n := len(h.calls("answerCallbackQuery")); n != updateID {
		h.t.Errorf("after press %d, %d callback queries answered, want one per press", updateID, n)
	}
	return note, sent
}

func TestCallbackButtons(t *testing.T) {
	var extra []corpus.Source
	for i := range 12 {
		extra = append(extra, corpus.Source{Origin: fmt.Sprintf("test/%02d.txt", i), Format: corpus.Text,
			Content: fmt.Sprintf("Harbour report number %d\n\nThe harbour of town %d reopened after repairs that took %d weeks.", i, i, i+2),
			Meta:    corpus.Meta{Title: fmt.Sprintf("Harbour report number %d", i), Outlet: "Port Gazette"}})
	}
	h := newHarness(t, extra, nil)
	const q = "Who was blamed for the cyberattack and why?"
	h.handle(privateText(1, 1, ann, q))
	answer := h.sentTo(ann)
	bs := buttons(t, answer[len(answer)-1])
	var more, all, doc string
	for label, data := range bs {
		switch {
		case strings.HasPrefix(label, "More quotes"):
			more = data
		case strings.HasPrefix(label, "All "):
			all = data
		case strings.HasPrefix(label, "ℹ️ [1]"):
			doc = data
		}
	}
	if more == "" || all == "" || doc == "" {
		t.Fatalf("the answer lacks a more-quotes, all-sources or source-details button: %v", bs)
	}

	// More quotes: the quotes the answer did not show, as a reply to it.
	note, sent := h.pressed(1, more, "")
	if note != "" || len(sent) != 1 || param(sent[0], "reply_to_message_id") != "900" {
		t.Fatalf("more quotes: note %q, sent %v", note, sent)
	}
	if text := param(sent[0], "text"); !strings.Contains(text, "More quotes on: "+q) || len(blockquotes(text)) == 0 {
		t.Errorf("more quotes: got\n%s", text)
	}
	// Every source.
	_, sent = h.pressed(2, all, "")
	if len(sent) != 1 || !strings.Contains(param(sent[0], "text"), "All sources on: ") ||
		strings.Count(param(sent[0], "text"), "/source ") != strings.Count(param(sent[0], "text"), "\n[") {
		t.Errorf("all sources: got %v", sent)
	}
	// One source's details: the article of citation [1].
	_, sent = h.pressed(3, doc, "")
	if len(sent) != 1 || !strings.Contains(telegram.StripHTML(param(sent[0], "text")), "Article ") {
		t.Errorf("source details: got %v", sent)
	}

	// /sources pages: 17 articles, two pages, turned in place.
	h.handle(privateText(4, 4, ann, "/sources"))
	list := h.repliesTo(ann, 4)
	if len(list) != 1 || !strings.Contains(list[0], "Articles 1–10 of 17") {
		t.Fatalf("/sources: got %q", list)
	}
	pages := h.sentTo(ann)
	older := buttons(t, pages[len(pages)-1])["Older ›"]
	_, sent = h.pressed(4, older, "")
	if len(sent) != 1 || sent[0].Method != "editMessageText" || param(sent[0], "message_id") != "900" ||
		!strings.Contains(param(sent[0], "text"), "Articles 11–17 of 17") {
		t.Fatalf("older page: got %v", sent)
	}
	newer := buttons(t, sent[0])["‹ Newer"]
	if _, sent = h.pressed(5, newer, ""); len(sent) != 1 || !strings.Contains(param(sent[0], "text"), "Articles 1–10 of 17") {
		t.Errorf("newer page: got %v", sent)
	}

	// After a restart the memory of questions is empty: a button under a
	// single-part answer reads the question it replied to; otherwise the
	// user is asked to send it again.
	h.bot = h.newBot()
	if note, sent = h.pressed(6, more, ""); note != expiredNote || len(sent) != 0 {
		t.Errorf("more quotes after a restart, question unknown: note %q, sent %v", note, sent)
	}
	if note, sent = h.pressed(7, more, "Another question?"); note != expiredNote || len(sent) != 0 {
		t.Errorf("more quotes after a restart, reply to another question: note %q, sent %v", note, sent)
	}
	if note, sent = h.pressed(8, more, q); note != "" || len(sent) != 1 || !strings.Contains(param(sent[0], "text"), "More quotes on: "+q) {
		t.Errorf("more quotes after a restart, question replied to: note %q, sent %v", note, sent)
	}
	// Buttons the bot never made.
	for i, data := range []string{"zzz:1", "doc:x", "page:-10", ""} {
		if note, sent = h.pressed(9+i, data, ""); !strings.Contains(note, "no longer works") || len(sent) != 0 {
			t.Errorf("button %q: note %q, sent %v", data, note, sent)
		}
	}
}
