package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/newsdesk/newsdesk/telegram"
)

// transcript turns a mock session into something a person reads: each
// update as what its sender did (transcript_updates.go), followed by what
// the bot did in answer, each Bot API call as the chat would show it, HTML
// stripped and buttons listed.
//
// Replies under their message. The bot answers chats concurrently (one
// update at a time within a chat), so in the order the calls happen the
// answer to a slow question lands under a later message of another chat.
// The transcript keeps instead one block per update, in the order the
// poller received them (the feed's), and files each call in the block of
// the update whose handling made it:
//
//   - the session's transport (tap) tells it of the updates each
//     getUpdates hands the poller, before the poller dispatches them:
//     that reserves their blocks, in order;
//   - the handler (handler) handles each update under a context that
//     holds its id; the Client makes every call of that handling under
//     that context, and the mock Bot API shows it with each call
//     (MockTransport.Observe), so a call is filed by what made it, not
//     guessed from reply_to_message_id or callback_query_id, and a
//     download, a notice or an edit lands where a reply does;
//   - an update's answer is complete when the handler returns: bot.Handle
//     makes its calls on its own goroutine and starts no other, and the
//     mock shows a call before the call returns, so by then every call
//     is in the block. (The Dispatcher's Handled watermark says as much
//     for a prefix of ids, but moves after the handler returns, with
//     nothing to wait on.) When the session ends, the poller has closed
//     the Dispatcher, so every handler has returned; end then prints
//     whatever is left.
//
// A block is printed as soon as it and every block before it are
// complete: a slow answer holds back only the blocks after it. A call
// made outside any update (getMe, setMyCommands, deleteWebhook, a digest)
// is a block of its own, complete at once, after the updates received
// before it, and says "on its own".
type transcript struct {
	mu      sync.Mutex
	w       io.Writer
	err     error          // the first error writing to w
	queue   []*block       // not printed yet, in order
	updates map[int]*block // the blocks of the updates in queue
	last    int            // the highest update id received
	after   bool           // the last block printed was an update's
	// keyboards holds, per chat, the label of each button the bot sent
	// there, by its callback data: a press names its button by it.
	keyboards map[int64]map[string]string
}

// block is what the transcript prints for one update, or for one call
// outside any update (u nil).
type block struct {
	u       *tgbotapi.Update
	buf     bytes.Buffer
	started bool // the handler has begun: the update is in buf
	done    bool // complete: nothing more will be added
	replies int  // calls shown in it
}

// updateKey is the context key of the id of the update being handled.
type updateKey struct{}

func newTranscript(w io.Writer) *transcript {
	return &transcript{w: w, updates: map[int]*block{}, keyboards: map[int64]map[string]string{}}
}

// tap returns a transport that passes requests to next and tells t of
// the updates each getUpdates answer holds.
func (t *transcript) tap(next http.RoundTripper) http.RoundTripper { return updatesTap{next, t} }

type updatesTap struct {
	next http.RoundTripper
	t    *transcript
}

func (p updatesTap) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := p.next.RoundTrip(req)
	if err != nil || path.Base(req.URL.Path) != "getUpdates" {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("getUpdates answer: %w", err)
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	var r struct {
		Result []tgbotapi.Update `json:"result"`
	}
	if json.Unmarshal(body, &r) == nil {
		p.t.received(r.Result)
	}
	return resp, nil
}

// received reserves a block for each update not received before.
func (t *transcript) received(updates []tgbotapi.Update) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, u := range updates {
		if u.UpdateID > t.last {
			t.reserve(u)
		}
	}
}

// reserve queues a block for u; t.mu is held.
func (t *transcript) reserve(u tgbotapi.Update) *block {
	b := &block{u: &u}
	t.queue = append(t.queue, b)
	t.updates[u.UpdateID] = b
	t.last = max(t.last, u.UpdateID)
	return b
}

// handler wraps h: each update is shown when its handling starts, handled
// under a context naming it, and complete when h returns.
func (t *transcript) handler(h telegram.Handler) telegram.Handler {
	return telegram.HandlerFunc(func(ctx context.Context, u tgbotapi.Update) {
		t.start(u)
		defer t.finish(u.UpdateID)
		h.Handle(context.WithValue(ctx, updateKey{}, u.UpdateID), u)
	})
}

// start shows u in its block. It is shown now rather than when received:
// the chat's earlier updates are answered by now, so a button pressed
// under one of those answers is named by its label.
func (t *transcript) start(u tgbotapi.Update) {
	t.mu.Lock()
	defer t.mu.Unlock()
	b := t.updates[u.UpdateID]
	if b == nil { // not seen in a getUpdates answer: shown in the order handled
		b = t.reserve(u)
	}
	b.started = true
	b.buf.WriteString(describeUpdate(u, t.label))
}

// finish marks an update's block complete and prints what can be.
func (t *transcript) finish(id int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if b := t.updates[id]; b != nil {
		t.complete(b)
	}
	t.flush()
}

// complete marks b complete; t.mu is held.
func (t *transcript) complete(b *block) {
	if b.u != nil && b.replies == 0 {
		b.buf.WriteString("« (no reply)\n")
	}
	b.done = true
}

// observe files a call the bot made in the block of the update named by
// ctx, or in a block of its own; it is the mock's Observe.
func (t *transcript) observe(ctx context.Context, c telegram.Call) {
	t.mu.Lock()
	defer t.mu.Unlock()
	id, ok := ctx.Value(updateKey{}).(int)
	if b := t.updates[id]; ok && b != nil && b.started && !b.done {
		if t.call(&b.buf, c, "bot") {
			b.replies++
		}
		return
	}
	b := &block{done: true}
	if t.call(&b.buf, c, "bot, on its own,") {
		t.queue = append(t.queue, b)
		t.flush()
	}
}

// end prints every block left, saying which updates were not handled or
// not finished; call it once the session is over.
func (t *transcript) end() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, b := range t.queue {
		switch {
		case b.done:
		case !b.started:
			b.buf.WriteString(describeUpdate(*b.u, t.label))
			b.buf.WriteString("« (not handled: the session ended first)\n")
		default:
			b.buf.WriteString("« (the session ended before the bot finished)\n")
		}
		b.done = true
	}
	t.flush()
}

// Err returns the first error writing the transcript.
func (t *transcript) Err() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.err
}

// flush prints the complete blocks at the head of the queue; t.mu is
// held.
func (t *transcript) flush() {
	for len(t.queue) > 0 && t.queue[0].done {
		b := t.queue[0]
		t.queue[0] = nil
		t.queue = t.queue[1:]
		if b.u != nil {
			delete(t.updates, b.u.UpdateID)
		}
		// An update's block opens with a blank line; so does the first
		// call on its own after one.
		if b.u != nil || t.after {
			t.write([]byte("\n"))
		}
		t.after = b.u != nil
		t.write(b.buf.Bytes())
	}
}

func (t *transcript) write(p []byte) {
	if t.err == nil {
		_, t.err = t.w.Write(p)
	}
}

// label is the buttonLabels of the keyboards the bot sent; t.mu is held.
func (t *transcript) label(chat int64, data string) (string, bool) {
	l, ok := t.keyboards[chat][data]
	return l, ok
}

// call writes what a call shows, with who as its subject, and reports
// whether it wrote anything; t.mu is held.
func (t *transcript) call(w *bytes.Buffer, c telegram.Call, who string) bool {
	p := c.Params
	str := func(k string) string { s, _ := p[k].(string); return s }
	switch c.Method {
	case "sendMessage", "editMessageText":
		verb := "says in chat " + str("chat_id")
		if c.Method == "editMessageText" {
			verb = fmt.Sprintf("edits its message %s in chat %s to", str("message_id"), str("chat_id"))
		}
		fmt.Fprintf(w, "« %s %s:\n    %s\n", who, verb, indent(telegram.StripHTML(str("text"))))
		if b := t.buttons(str("chat_id"), p["reply_markup"]); b != "" {
			fmt.Fprintf(w, "    buttons: %s\n", b)
		}
	case "answerCallbackQuery":
		s := str("text")
		if s == "" {
			return false // the button stops spinning; nothing to read
		}
		fmt.Fprintf(w, "« %s shows a notice: %s\n", who, s)
	case telegram.MockDownloadMethod:
		fmt.Fprintf(w, "« %s downloads the file %s\n", who, str("file_path"))
	case "getFile":
		fmt.Fprintf(w, "« %s asks where the file %s is\n", who, str("file_id"))
	case "getChat":
		fmt.Fprintf(w, "« %s looks up the chat %s\n", who, str("chat_id"))
	case "getChatMember":
		fmt.Fprintf(w, "« %s checks what user %s is in chat %s\n", who, str("user_id"), str("chat_id"))
	case "getMe":
		fmt.Fprintf(w, "« %s checks its token and learns its name (getMe)\n", who)
	case "deleteWebhook":
		fmt.Fprintf(w, "« %s turns off any webhook, to poll for updates (deleteWebhook)\n", who)
	case "setMyCommands":
		fmt.Fprintf(w, "« %s registers its commands%s: %s\n", who, commandScope(p["scope"]), commandList(p["commands"]))
	case "sendChatAction", "getUpdates":
		return false // what a chat does not show
	default:
		args, _ := json.Marshal(p)
		fmt.Fprintf(w, "« %s calls %s %s\n", who, c.Method, args)
	}
	if c.Error != "" {
		fmt.Fprintf(w, "    ! Telegram refused it: %s\n", c.Error)
	}
	return true
}

// buttons lists an inline keyboard's labels, and keeps them for the
// presses to come in chat; t.mu is held.
func (t *transcript) buttons(chat string, markup any) string {
	var kb tgbotapi.InlineKeyboardMarkup
	if !decodeJSONValue(markup, &kb) {
		return ""
	}
	id, _ := strconv.ParseInt(chat, 10, 64)
	var labels []string
	for _, row := range kb.InlineKeyboard {
		for _, b := range row {
			labels = append(labels, "["+b.Text+"]")
			if b.CallbackData != nil {
				if t.keyboards[id] == nil {
					t.keyboards[id] = map[string]string{}
				}
				t.keyboards[id][*b.CallbackData] = b.Text
			}
		}
	}
	return strings.Join(labels, " ")
}

func commandList(v any) string {
	var cmds []struct {
		Command string `json:"command"`
	}
	if !decodeJSONValue(v, &cmds) {
		return ""
	}
	var names []string
	for _, c := range cmds {
		names = append(names, "/"+c.Command)
	}
	return strings.Join(names, " ")
}

// commandScope says for which chats commands are registered.
func commandScope(v any) string {
	var scope struct {
		Type string `json:"type"`
	}
	if !decodeJSONValue(v, &scope) {
		return ""
	}
	switch scope.Type {
	case "all_private_chats":
		return " for private chats"
	case "all_group_chats":
		return " for groups"
	case "all_chat_administrators":
		return " for group administrators"
	case "", "default":
		return ""
	}
	return " for " + scope.Type
}

// decodeJSONValue decodes a parameter kept as JSON (a string holding JSON,
// or an already decoded value) into dst.
func decodeJSONValue(v any, dst any) bool {
	var raw []byte
	switch x := v.(type) {
	case nil:
		return false
	case string:
		raw = []byte(x)
	default:
		var err error
		if raw, err = json.Marshal(x); err != nil {
			return false
		}
	}
	return json.Unmarshal(raw, dst) == nil
}

func indent(s string) string { return strings.ReplaceAll(strings.TrimSpace(s), "\n", "\n    ") }
