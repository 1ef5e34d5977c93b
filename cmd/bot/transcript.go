package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/newsdesk/newsdesk/telegram"
)

// transcript turns a mock session into something a person reads: each
// update as the user's message, each Bot API call the bot makes as what
// the chat would show, HTML stripped and buttons listed. It takes the
// calls as the JSON lines the mock writes (it is the mock's output) and
// the updates from the handler.
type transcript struct {
	mu      sync.Mutex
	w       io.Writer
	pending []byte // a call line not yet ended
}

func newTranscript(w io.Writer) *transcript { return &transcript{w: w} }

// update prints an incoming update.
func (t *transcript) update(u tgbotapi.Update) {
	var who, where, text string
	switch {
	case u.Message != nil || u.ChannelPost != nil:
		m := u.Message
		if m == nil {
			m = u.ChannelPost
		}
		who, where, text = sender(m.From, m.SenderChat), chatName(m.Chat), m.Text
		if m.Document != nil {
			text = fmt.Sprintf("[document %s, %d bytes] %s", m.Document.FileName, m.Document.FileSize, m.Caption)
		}
	case u.CallbackQuery != nil:
		q := u.CallbackQuery
		who, text = sender(q.From, nil), "[presses button "+q.Data+"]"
		if q.Message != nil {
			where = chatName(q.Message.Chat)
		}
	default:
		who, text = "?", "[an update of another kind]"
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	fmt.Fprintf(t.w, "\n» %s in %s (update %d):\n    %s\n", who, where, u.UpdateID, indent(text))
}

func sender(u *tgbotapi.User, chat *tgbotapi.Chat) string {
	switch {
	case u != nil && u.UserName != "":
		return "@" + u.UserName
	case u != nil:
		return fmt.Sprintf("%s (%d)", u.FirstName, u.ID)
	case chat != nil:
		return chatName(chat)
	}
	return "someone"
}

func chatName(c *tgbotapi.Chat) string {
	if c == nil {
		return "?"
	}
	switch {
	case c.Type == "private":
		return fmt.Sprintf("private chat %d", c.ID)
	case c.Title != "":
		return fmt.Sprintf("%s %q (%d)", c.Type, c.Title, c.ID)
	}
	return fmt.Sprintf("%s %d", c.Type, c.ID)
}

// Write takes the mock's JSON lines and prints each call.
func (t *transcript) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.pending = append(t.pending, p...)
	for {
		i := bytes.IndexByte(t.pending, '\n')
		if i < 0 {
			return len(p), nil
		}
		line := t.pending[:i]
		t.pending = t.pending[i+1:]
		var c telegram.Call
		if err := json.Unmarshal(line, &c); err != nil {
			fmt.Fprintf(t.w, "« %s\n", line)
			continue
		}
		t.call(c)
	}
}

// call prints one call; t.mu is held.
func (t *transcript) call(c telegram.Call) {
	p := c.Params
	str := func(k string) string { s, _ := p[k].(string); return s }
	switch c.Method {
	case "sendMessage", "editMessageText":
		verb := "says"
		if c.Method == "editMessageText" {
			verb = "edits message " + str("message_id") + " to"
		}
		fmt.Fprintf(t.w, "« bot %s in chat %s:\n    %s\n", verb, str("chat_id"), indent(telegram.StripHTML(str("text"))))
		if b := buttons(p["reply_markup"]); b != "" {
			fmt.Fprintf(t.w, "    buttons: %s\n", b)
		}
	case "answerCallbackQuery":
		if s := str("text"); s != "" {
			fmt.Fprintf(t.w, "« bot shows a notice: %s\n", s)
		}
	case telegram.MockDownloadMethod:
		fmt.Fprintf(t.w, "« bot downloads the file %s\n", str("file_path"))
	case "sendChatAction", "getUpdates", "getMe", "deleteWebhook":
		// what a chat does not show
	case "setMyCommands":
		fmt.Fprintf(t.w, "« bot registers its commands: %s\n", commandList(p["commands"]))
	default:
		args, _ := json.Marshal(p)
		fmt.Fprintf(t.w, "« bot calls %s %s\n", c.Method, args)
	}
	if c.Error != "" {
		fmt.Fprintf(t.w, "    ! Telegram refused it: %s\n", c.Error)
	}
}

// buttons lists an inline keyboard's labels.
func buttons(markup any) string {
	var kb struct {
		Rows [][]struct {
			Text string `json:"text"`
		} `json:"inline_keyboard"`
	}
	if !decodeJSONValue(markup, &kb) {
		return ""
	}
	var labels []string
	for _, row := range kb.Rows {
		for _, b := range row {
			labels = append(labels, "["+b.Text+"]")
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
