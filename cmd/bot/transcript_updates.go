package main

import (
	"fmt"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// What an update reads as in the transcript: one line that says who did
// what, where, and the update's id,
//
//	» @ann in private chat 7 (update 3) edits message 12 to:
//	    the new text
//
// then the text, indented, when there is one. A text message says no
// verb: "» @ann in private chat 7 (update 2):" and the text. A message
// without text says what it holds, and that it is not a question
// ("sends a sticker 👍 (no text: not a question)"); a button press names
// the button ("presses [More quotes (3)] under message 4").

// buttonLabels finds the label of the button with some callback data in a
// chat, from the keyboards the bot sent there; ok is false when it knows
// of none.
type buttonLabels func(chat int64, data string) (label string, ok bool)

// describeUpdate returns the lines that show u.
func describeUpdate(u tgbotapi.Update, labels buttonLabels) string {
	actor, verb, text := updateParts(u, labels)
	var b strings.Builder
	fmt.Fprintf(&b, "» %s (update %d)", actor, u.UpdateID)
	if verb != "" {
		b.WriteString(" " + verb)
	}
	if strings.TrimSpace(text) != "" {
		fmt.Fprintf(&b, ":\n    %s", indent(text))
	}
	b.WriteString("\n")
	return b.String()
}

// updateParts returns who acted where, what they did (empty for a plain text
// message) and the text that goes with it.
func updateParts(u tgbotapi.Update, labels buttonLabels) (actor, verb, text string) {
	switch {
	case u.Message != nil:
		actor = sender(u.Message.From, u.Message.SenderChat) + " in " + chatName(u.Message.Chat)
		verb, text = messageContent(u.Message)
	case u.EditedMessage != nil:
		m := u.EditedMessage
		actor = sender(m.From, m.SenderChat) + " in " + chatName(m.Chat)
		verb, text = edit("message", m)
	case u.ChannelPost != nil:
		actor = channelActor(u.ChannelPost)
		verb, text = messageContent(u.ChannelPost)
		if verb == "" {
			verb = "posts"
		}
	case u.EditedChannelPost != nil:
		actor = channelActor(u.EditedChannelPost)
		verb, text = edit("post", u.EditedChannelPost)
	case u.CallbackQuery != nil:
		actor, verb = press(u.CallbackQuery, labels)
	case u.MyChatMember != nil:
		c := u.MyChatMember
		actor = sender(&c.From, nil) + " in " + chatName(&c.Chat)
		verb = memberChange(c, "the bot")
	case u.ChatMember != nil:
		c := u.ChatMember
		actor = sender(&c.From, nil) + " in " + chatName(&c.Chat)
		verb = memberChange(c, sender(c.NewChatMember.User, nil))
	case u.InlineQuery != nil:
		actor, verb, text = sender(u.InlineQuery.From, nil), "types an inline query", u.InlineQuery.Query
	case u.ChosenInlineResult != nil:
		actor, verb = sender(u.ChosenInlineResult.From, nil), fmt.Sprintf("chooses inline result %q", u.ChosenInlineResult.ResultID)
	case u.ShippingQuery != nil:
		actor, verb = sender(u.ShippingQuery.From, nil), "gives a shipping address"
	case u.PreCheckoutQuery != nil:
		actor, verb = sender(u.PreCheckoutQuery.From, nil), "confirms a payment"
	case u.Poll != nil:
		actor, verb, text = "Telegram", "reports a poll's new state", u.Poll.Question
	case u.PollAnswer != nil:
		actor, verb = sender(&u.PollAnswer.User, nil), "answers poll "+u.PollAnswer.PollID
	default:
		actor, verb = "Telegram", "sends an update of a kind this transcript does not know"
	}
	return actor, verb, text
}

// messageContent says what a new message holds: no verb and its text for
// a text message, else what it is, with its caption as text.
func messageContent(m *tgbotapi.Message) (verb, text string) {
	var what string
	switch {
	case m.Text != "":
		switch {
		case m.ForwardFrom != nil || m.ForwardFromChat != nil || m.ForwardSenderName != "":
			return "forwards a message from " + forwardedFrom(m), m.Text
		case m.ReplyToMessage != nil:
			return fmt.Sprintf("replies to message %d", m.ReplyToMessage.MessageID), m.Text
		}
		return "", m.Text
	case m.Document != nil:
		// The bot reads documents admins send: no "not a question".
		return fmt.Sprintf("sends the document %s (%d bytes)", m.Document.FileName, m.Document.FileSize), m.Caption
	case m.Sticker != nil:
		what = strings.TrimSpace("a sticker " + m.Sticker.Emoji)
	case len(m.Photo) > 0:
		p := m.Photo[len(m.Photo)-1] // the largest
		what = fmt.Sprintf("a photo (%d×%d)", p.Width, p.Height)
	case m.Voice != nil:
		what = fmt.Sprintf("a voice message (%d s)", m.Voice.Duration)
	case m.VideoNote != nil:
		what = fmt.Sprintf("a video message (%d s)", m.VideoNote.Duration)
	case m.Video != nil:
		what = fmt.Sprintf("a video (%d s)", m.Video.Duration)
	case m.Animation != nil:
		what = "a GIF"
	case m.Audio != nil:
		what = strings.TrimSpace(fmt.Sprintf("audio %s %s", m.Audio.Performer, m.Audio.Title))
	case m.Contact != nil:
		what = strings.TrimSpace("the contact " + m.Contact.FirstName + " " + m.Contact.LastName)
	case m.Venue != nil:
		what = fmt.Sprintf("the venue %s, %s", m.Venue.Title, m.Venue.Address)
	case m.Location != nil:
		what = fmt.Sprintf("a location (%.4f, %.4f)", m.Location.Latitude, m.Location.Longitude)
	case m.Poll != nil:
		what = fmt.Sprintf("a poll %q", m.Poll.Question)
	case m.Dice != nil:
		what = fmt.Sprintf("a dice %s, which shows %d", m.Dice.Emoji, m.Dice.Value)
	case m.Game != nil:
		what = "a game"
	default:
		if verb := serviceEvent(m); verb != "" {
			return verb, ""
		}
		what = "a message"
	}
	if m.Caption != "" {
		return "sends " + what + " with the caption", m.Caption
	}
	return "sends " + what + " (no text: not a question)", ""
}

// serviceEvent says what a service message reports (a member joined, the
// title changed), or "" when it is none of those.
func serviceEvent(m *tgbotapi.Message) string {
	switch {
	case len(m.NewChatMembers) == 1 && m.From != nil && m.NewChatMembers[0].ID == m.From.ID:
		return "joins"
	case len(m.NewChatMembers) > 0:
		names := make([]string, len(m.NewChatMembers))
		for i := range m.NewChatMembers {
			names[i] = sender(&m.NewChatMembers[i], nil)
		}
		return "adds " + strings.Join(names, ", ")
	case m.LeftChatMember != nil && m.From != nil && m.LeftChatMember.ID == m.From.ID:
		return "leaves"
	case m.LeftChatMember != nil:
		return "removes " + sender(m.LeftChatMember, nil)
	case m.NewChatTitle != "":
		return fmt.Sprintf("renames the chat %q", m.NewChatTitle)
	case len(m.NewChatPhoto) > 0:
		return "changes the chat's photo"
	case m.DeleteChatPhoto:
		return "removes the chat's photo"
	case m.GroupChatCreated, m.SuperGroupChatCreated:
		return "creates the group"
	case m.ChannelChatCreated:
		return "creates the channel"
	case m.PinnedMessage != nil:
		return fmt.Sprintf("pins message %d", m.PinnedMessage.MessageID)
	case m.MigrateToChatID != 0:
		return fmt.Sprintf("turns the group into supergroup %d", m.MigrateToChatID)
	case m.MigrateFromChatID != 0:
		return fmt.Sprintf("makes the supergroup from group %d", m.MigrateFromChatID)
	}
	return ""
}

func forwardedFrom(m *tgbotapi.Message) string {
	switch {
	case m.ForwardFrom != nil:
		return sender(m.ForwardFrom, nil)
	case m.ForwardFromChat != nil:
		return chatName(m.ForwardFromChat)
	}
	return m.ForwardSenderName
}

// edit says which message (or post) an edit changed, and to what.
func edit(what string, m *tgbotapi.Message) (verb, text string) {
	text = m.Text
	if text == "" {
		text = m.Caption
	}
	if text == "" {
		return fmt.Sprintf("edits %s %d", what, m.MessageID), ""
	}
	return fmt.Sprintf("edits %s %d to", what, m.MessageID), text
}

// channelActor names the channel a post is in, after its author when the
// channel signs its posts.
func channelActor(m *tgbotapi.Message) string {
	if m.AuthorSignature != "" {
		return m.AuthorSignature + " in " + chatName(m.Chat)
	}
	return chatName(m.Chat)
}

// press says who pressed which button under which message.
func press(q *tgbotapi.CallbackQuery, labels buttonLabels) (actor, verb string) {
	actor = sender(q.From, nil)
	if q.Message == nil {
		return actor, fmt.Sprintf("presses %s under an inline message", buttonName(q.Data, nil, 0, labels))
	}
	chat := int64(0)
	if q.Message.Chat != nil {
		chat = q.Message.Chat.ID
	}
	actor += " in " + chatName(q.Message.Chat)
	return actor, fmt.Sprintf("presses %s under message %d", buttonName(q.Data, q.Message.ReplyMarkup, chat, labels), q.Message.MessageID)
}

// buttonName is "[label]" for the button with data: from the keyboard
// Telegram sent with the message, else from those the bot sent to the
// chat; or the data itself when neither has it.
func buttonName(data string, kb *tgbotapi.InlineKeyboardMarkup, chat int64, labels buttonLabels) string {
	if kb != nil {
		for _, row := range kb.InlineKeyboard {
			for _, b := range row {
				if b.CallbackData != nil && *b.CallbackData == data {
					return "[" + b.Text + "]"
				}
			}
		}
	}
	if labels != nil {
		if label, ok := labels(chat, data); ok {
			return "[" + label + "]"
		}
	}
	return fmt.Sprintf("a button with the data %q", data)
}

// memberChange says how a chat member's status changed; who names the
// member ("the bot" for the bot's own status).
func memberChange(c *tgbotapi.ChatMemberUpdated, who string) string {
	was, is := c.OldChatMember.Status, c.NewChatMember.Status
	private := c.Chat.Type == "private"
	gone := func(s string) bool { return s == "left" || s == "kicked" || s == "" }
	switch {
	case private && is == "kicked":
		return "blocks " + who
	case private && was == "kicked":
		return "unblocks " + who
	case gone(was) && !gone(is):
		return fmt.Sprintf("adds %s as %s", who, article(is))
	case !gone(was) && gone(is):
		return "removes " + who
	}
	return fmt.Sprintf("makes %s %s (was %s)", who, article(is), article(was))
}

// article puts "a" or "an" before a member status.
func article(status string) string {
	if status == "" {
		return "nothing"
	}
	if strings.ContainsRune("aeiou", rune(status[0])) {
		return "an " + status
	}
	return "a " + status
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
