package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/newsdesk/newsdesk/telegram"
)

// A channel's editor subscribes the channel from a private chat with
// "/subscribe @channel [SCHEDULE]". The bot allows it only when Telegram
// confirms, at that moment, that the requester is the channel's creator
// or one of its administrators (getChatMember), and that the bot itself
// may post there: a channel's creator, or an administrator with the right
// to post messages. "/unsubscribe @channel" needs only the first.

// channelTarget is a channel a private-chat command names.
type channelTarget struct {
	chat     tgbotapi.Chat
	handle   string // "@name" as written
	schedule string // the rest of the arguments, up to "about"
	query    string // after "about": what the digests are narrowed to
}

// resolveChannel reads "@name [SCHEDULE]", finds the channel and checks
// that the sender administers it. It returns the reply to send instead
// when the command cannot go on.
func (b *Bot) resolveChannel(ctx context.Context, m *tgbotapi.Message, args string) (channelTarget, string) {
	if !m.Chat.IsPrivate() {
		return channelTarget{}, "Subscribe a channel from a private chat with me."
	}
	handle, schedule, _ := strings.Cut(args, " ")
	sched, query := splitAbout(schedule)
	t := channelTarget{handle: handle, schedule: sched, query: query}
	if len(handle) < 2 || strings.IndexFunc(handle[1:], func(r rune) bool { return !isWordRune(r) }) >= 0 {
		return t, "Name the channel by its public username: <code>/subscribe @mychannel</code>."
	}
	shown := telegram.EscapeHTML(handle)
	resp, err := b.client.Request(ctx, tgbotapi.ChatInfoConfig{ChatConfig: tgbotapi.ChatConfig{SuperGroupUsername: handle}})
	if err == nil {
		err = json.Unmarshal(resp.Result, &t.chat)
	}
	if err != nil {
		b.log.Info("channel lookup failed", "channel", handle, "user", m.From.ID, "err", err)
		return t, "I cannot see " + shown + ". Check the name, and add me to the channel as an administrator first."
	}
	if !t.chat.IsChannel() {
		return t, shown + " is not a channel. In a group, send /subscribe in the group itself."
	}
	member, err := b.chatMember(ctx, t.chat.ID, m.From.ID)
	if err != nil {
		b.log.Info("channel member lookup failed", "channel", t.chat.ID, "user", m.From.ID, "err", err)
		return t, "I could not check that you administer " + shown + ". Add me to the channel as an administrator first."
	}
	if !member.IsCreator() && !member.IsAdministrator() {
		b.log.Info("refused: not a channel administrator", "channel", t.chat.ID, "user", m.From.ID, "status", member.Status)
		return t, "Only an administrator of " + shown + " can do that."
	}
	return t, ""
}

// chatMember asks Telegram for user's membership of chat.
func (b *Bot) chatMember(ctx context.Context, chat, user int64) (tgbotapi.ChatMember, error) {
	var member tgbotapi.ChatMember
	resp, err := b.client.Request(ctx, tgbotapi.GetChatMemberConfig{
		ChatConfigWithUser: tgbotapi.ChatConfigWithUser{ChatID: chat, UserID: user},
	})
	if err != nil {
		return member, err
	}
	if err := json.Unmarshal(resp.Result, &member); err != nil {
		return member, fmt.Errorf("getChatMember %d in %d: decode: %w", user, chat, err)
	}
	return member, nil
}

// subscribeChannel handles /subscribe @channel from a private chat.
func (b *Bot) subscribeChannel(ctx context.Context, m *tgbotapi.Message, args string) {
	t, refusal := b.resolveChannel(ctx, m, args)
	if refusal != "" {
		b.reply(ctx, m, refusal, nil)
		return
	}
	shown := telegram.EscapeHTML(t.handle)
	self, err := b.chatMember(ctx, t.chat.ID, b.self.ID)
	if err != nil || !(self.IsCreator() || self.IsAdministrator() && self.CanPostMessages) {
		b.log.Info("refused: the bot cannot post in the channel", "channel", t.chat.ID, "status", self.Status, "err", err)
		b.reply(ctx, m, "I cannot post in "+shown+" yet: make me an administrator of the channel "+
			"with the right to post messages, then try again.", nil)
		return
	}
	title := t.chat.Title
	if title == "" {
		title = t.handle
	}
	if err := b.opts.Digests.Subscribe(ctx, t.chat.ID, title, t.schedule, t.query); err != nil {
		b.log.Info("subscribe refused", "chat", t.chat.ID, "schedule", t.schedule, "err", err)
		if t.schedule != "" {
			b.reply(ctx, m, "I could not subscribe "+shown+" with that schedule: "+telegram.EscapeHTML(err.Error()), nil)
		} else {
			b.reply(ctx, m, "Sorry, I could not subscribe "+shown+" just now.", nil)
		}
		return
	}
	b.log.Info("channel subscribed", "channel", t.chat.ID, "user", m.From.ID, "schedule", t.schedule)
	when := "on the default schedule"
	if t.schedule != "" {
		when = "on the schedule " + telegram.Code(t.schedule)
	}
	if t.query != "" {
		when += ", only of articles on " + telegram.Bold(t.query)
	}
	b.reply(ctx, m, "Subscribed "+shown+": digests of newly added articles will be posted there "+when+
		". <code>/unsubscribe "+shown+"</code> stops them.", nil)
}

// unsubscribeChannel handles /unsubscribe @channel from a private chat.
func (b *Bot) unsubscribeChannel(ctx context.Context, m *tgbotapi.Message, args string) {
	t, refusal := b.resolveChannel(ctx, m, args)
	if refusal != "" {
		b.reply(ctx, m, refusal, nil)
		return
	}
	b.reply(ctx, m, b.unsubscribeChat(ctx, t.chat.ID), nil)
}
