package telegram

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// The MockTransport refuses what Telegram refuses, so that handler tests
// catch it: the error texts follow Telegram's (after "Bad Request: ").

// telegramTags are the tags Telegram's HTML parse mode accepts.
var telegramTags = map[string]bool{
	"b": true, "strong": true, "i": true, "em": true, "u": true, "ins": true,
	"s": true, "strike": true, "del": true, "span": true, "tg-spoiler": true,
	"a": true, "tg-emoji": true, "code": true, "pre": true, "blockquote": true,
}

// checkCall returns why Telegram would refuse the call, or nil.
func checkCall(method string, p map[string]any) error {
	if _, ok := p["chat_id"]; !ok && strings.HasPrefix(method, "send") {
		return errors.New("chat_id is empty")
	}
	html := str(p["parse_mode"]) == tgbotapi.ModeHTML
	if method == "sendMessage" || method == "editMessageText" {
		if err := checkText(str(p["text"]), html, MaxMessageLength, "message text"); err != nil {
			return err
		}
	}
	if c, ok := p["caption"]; ok {
		if err := checkText(str(c), html, MaxCaptionLength, "message caption"); err != nil && !strings.HasSuffix(err.Error(), "is empty") {
			return err
		}
	}
	if rm, ok := p["reply_markup"].(json.RawMessage); ok {
		return checkMarkup(rm)
	}
	return nil
}

// checkText checks a message text or caption as Telegram does: valid
// UTF-8, valid HTML in HTML mode, and not blank or longer than limit UTF-16
// code units once parsed.
func checkText(text string, html bool, limit int, what string) error {
	if !utf8.ValidString(text) {
		return errors.New("strings must be encoded in UTF-8")
	}
	visible := text
	if html {
		if err := checkHTML(text); err != nil {
			return fmt.Errorf("can't parse entities: %w", err)
		}
		visible = StripHTML(text)
	}
	switch n := utf16Len(strings.TrimSpace(visible)); {
	case n == 0:
		return fmt.Errorf("%s is empty", what)
	case n > limit:
		return fmt.Errorf("%s is too long", what)
	}
	return nil
}

// checkHTML is strict where tokenize is lenient: every '<' must start a
// supported tag, tags must nest, '&' must start an entity.
func checkHTML(s string) error {
	var open []string
	for i := 0; i < len(s); {
		switch s[i] {
		case '<':
			name, closing, self, n := parseTag(s[i:])
			switch {
			case n == 0:
				return fmt.Errorf("unexpected character '<' at byte offset %d", i)
			case self || !telegramTags[name]:
				return fmt.Errorf("unsupported start tag %q at byte offset %d", name, i)
			case closing && (len(open) == 0 || open[len(open)-1] != name):
				return fmt.Errorf("unexpected end tag at byte offset %d", i)
			case closing:
				open = open[:len(open)-1]
			default:
				open = append(open, name)
			}
			i += n
		case '&':
			n, _ := parseEntity(s[i:])
			if n == 0 {
				return fmt.Errorf("unsupported HTML entity at byte offset %d", i)
			}
			i += n
		default:
			i++
		}
	}
	if len(open) > 0 {
		return fmt.Errorf("can't find end tag corresponding to start tag %q", open[len(open)-1])
	}
	return nil
}

// checkMarkup checks inline keyboard buttons' callback data.
func checkMarkup(raw json.RawMessage) error {
	var m struct {
		InlineKeyboard [][]struct {
			Text         string  `json:"text"`
			CallbackData *string `json:"callback_data"`
		} `json:"inline_keyboard"`
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		return fmt.Errorf("can't parse reply keyboard markup JSON object: %w", err)
	}
	for _, row := range m.InlineKeyboard {
		for _, b := range row {
			if b.Text == "" {
				return errors.New("BUTTON_TEXT_EMPTY")
			}
			if b.CallbackData != nil && (len(*b.CallbackData) == 0 || len(*b.CallbackData) > MaxCallbackData) {
				return errors.New("BUTTON_DATA_INVALID")
			}
		}
	}
	return nil
}
