package bot

import (
	"strings"
	"unicode/utf16"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// addressed reads a message for what it asks of the bot: a command and its
// arguments, or a question in text. It returns text "" for a message that
// is not for the bot: in a group, one that is neither a command (for this
// bot: "/cmd" or "/cmd@ThisBot") nor a mention of the bot nor a reply to
// one of its messages; anywhere, a command for another bot or a message
// without text. A mention with nothing else is read as /help.
func (b *Bot) addressed(m *tgbotapi.Message) (text, cmd, args string) {
	text = strings.TrimSpace(m.Text)
	if text == "" {
		return "", "", ""
	}
	if name, rest, ok := parseCommand(text, b.self.UserName); ok {
		if name == "" {
			return "", "", "" // for another bot
		}
		return text, name, rest
	}
	if m.Chat.IsPrivate() {
		return text, "", ""
	}
	q, mentioned := b.stripMention(m)
	repliedTo := m.ReplyToMessage != nil && m.ReplyToMessage.From != nil && m.ReplyToMessage.From.ID == b.self.ID
	switch {
	case !mentioned && !repliedTo:
		return "", "", ""
	case q == "":
		return text, "help", ""
	}
	return q, "", ""
}

// parseCommand reads text that starts with a bot command, "/name" or
// "/name@bot", and returns the name in lower case and the text after it.
// ok is false when text does not start with a command; name is "" when
// the command names a bot other than self (a username, compared without
// regard to case).
func parseCommand(text, self string) (name, rest string, ok bool) {
	if !strings.HasPrefix(text, "/") {
		return "", "", false
	}
	word, rest, _ := strings.Cut(text[1:], " ")
	if i := strings.IndexAny(word, "\n\t"); i >= 0 {
		word, rest = word[:i], word[i+1:]+" "+rest
	}
	name, at, hasAt := strings.Cut(word, "@")
	if name == "" || strings.IndexFunc(name, func(r rune) bool { return !isWordRune(r) }) >= 0 {
		return "", "", false
	}
	if hasAt && !strings.EqualFold(at, self) {
		return "", "", true
	}
	return strings.ToLower(name), strings.TrimSpace(rest), true
}

// stripMention reports whether the message mentions the bot, by
// @username or by a text mention of its user, and returns its text
// without the mentions.
func (b *Bot) stripMention(m *tgbotapi.Message) (string, bool) {
	text := m.Text
	found := false
	// Text mentions (users without a username) are marked by entities,
	// whose offsets count UTF-16 code units.
	units := utf16.Encode([]rune(text))
	for i := len(m.Entities) - 1; i >= 0; i-- {
		e := m.Entities[i]
		if e.Type != "text_mention" || e.User == nil || e.User.ID != b.self.ID {
			continue
		}
		if e.Offset < 0 || e.Length <= 0 || e.Offset+e.Length > len(units) {
			continue
		}
		units = append(units[:e.Offset], units[e.Offset+e.Length:]...)
		found = true
	}
	if found {
		text = string(utf16.Decode(units))
	}
	if b.self.UserName != "" {
		handle := "@" + strings.ToLower(b.self.UserName)
		for {
			i := indexFold(text, handle)
			if i < 0 {
				break
			}
			text = text[:i] + " " + text[i+len(handle):]
			found = true
		}
	}
	return strings.Join(strings.Fields(text), " "), found
}

// indexFold returns the byte offset in s of the first occurrence of the
// lower-case ASCII handle, matched without regard to ASCII case and not
// followed by a word character, or -1.
func indexFold(s, handle string) int {
	for i := 0; i+len(handle) <= len(s); i++ {
		if !strings.EqualFold(s[i:i+len(handle)], handle) {
			continue
		}
		if j := i + len(handle); j < len(s) && isWordRune(rune(s[j])) {
			continue
		}
		return i
	}
	return -1
}

// isWordRune reports whether r may appear in a command or a username.
func isWordRune(r rune) bool {
	return r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}
