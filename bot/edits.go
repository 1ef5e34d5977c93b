package bot

import (
	"context"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Edited questions. A reporter who fixes a typo in a question, or narrows
// it, edits the message rather than send another. The bot then answers
// again in place: it edits the messages of its earlier answer
// (telegram.Client.EditHTML), buttons included, so that the chat holds one
// answer under each question, the one to the question as it now reads.
// When the new answer takes fewer messages than the old, the ones left
// over are deleted: a part that said "(shortened)" would be noise, and a
// part left as it was would quote the answer to a question nobody asks any
// more. When it takes more, the extra parts are sent as replies to the
// question.
//
// To find the earlier answer the bot remembers, per question message, the
// ids of the messages it answered with, for the most recent maxAnswers
// questions; a restart forgets them all. An edit whose earlier answer is
// no longer known is answered as a new question, in a new reply.
//
// Only questions and /ask are answered again. An edit that turns a message
// into something else (another command, a link, text not addressed to the
// bot) changes nothing; the earlier answer stays. An edit counts against
// the flood limit as a message does, and a sender who is not served, or
// is over the limit, gets nothing for it: a refusal or notice per edit
// would let anyone make the bot write by editing one message again and
// again.

// maxAnswers is how many questions' answers the bot remembers for edits.
const maxAnswers = 4096

// questionRef names a question message: its chat and its id there.
type questionRef struct {
	chat    int64
	message int
}

// onEdit handles an edited message in a private chat or a group.
func (b *Bot) onEdit(ctx context.Context, r *request, m *tgbotapi.Message) {
	if m.Chat == nil || m.Chat.ID == 0 {
		b.log.Debug("edit ignored: no chat", "update", r.update)
		return
	}
	r.chat = m.Chat.ID
	if m.From != nil {
		r.user = m.From.ID
	}
	if m.From == nil || m.From.ID == 0 || m.From.IsBot {
		b.log.Debug("edit ignored: no human sender", "update", r.update, "chat", r.chat)
		return
	}
	text, cmd, args := b.addressed(m)
	switch {
	case text == "":
		b.log.Debug("edit ignored: not addressed to the bot or no text", "update", r.update, "chat", r.chat)
		return
	case cmd != "" && cmd != "ask":
		b.log.Debug("edit ignored: only questions are answered again", "update", r.update, "chat", r.chat, "command", "/"+cmd)
		return
	case cmd == "" && m.Chat.IsPrivate() && isLink(text):
		b.log.Debug("edit ignored: a link is added only when sent", "update", r.update, "chat", r.chat)
		return
	case cmd == "ask":
		r.command = "edit:/ask"
	default:
		r.command = "edit:question"
	}
	if ok, _ := b.screen(m); !ok {
		return
	}
	if cmd == "ask" {
		b.command(ctx, m, cmd, args)
		return
	}
	b.ask(ctx, m, text)
}

// replyAnswer sends html, with the buttons of markup, as the answer to the
// question m, or, when m is an edited question whose earlier answer the
// bot remembers, puts it in place of that answer; either way it remembers
// the messages that now hold it. Errors are logged. An earlier answer
// that cannot be edited at all (its first message was deleted) is
// replaced by a new reply.
func (b *Bot) replyAnswer(ctx context.Context, m *tgbotapi.Message, html string, markup *tgbotapi.InlineKeyboardMarkup) {
	ref := questionRef{m.Chat.ID, m.MessageID}
	if old, ok := b.answers.Get(ref); ok {
		ids, err := b.client.EditHTML(ctx, old, message(m.Chat.ID, m.MessageID, html, markup))
		if len(ids) > 0 {
			b.answers.Set(ref, ids)
		}
		switch {
		case err == nil:
			return
		case len(ids) > 0:
			b.log.Error("edit of an answer failed", "chat", ref.chat, "question", ref.message, "err", err)
			return
		}
		b.log.Warn("earlier answer not editable, answering anew", "chat", ref.chat, "question", ref.message, "err", err)
	}
	if ids := b.send(ctx, m.Chat.ID, m.MessageID, html, markup); len(ids) > 0 {
		b.answers.Set(ref, ids)
	}
}
