package bot

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/newsdesk/newsdesk/telegram"
)

// The digest commands: /subscribe [SCHEDULE], /unsubscribe and /digest in
// private chats and groups; /subscribe @channel [SCHEDULE] and
// /unsubscribe @channel from a private chat for a channel's editor (see
// channel.go); and a group's migration to a supergroup.

const digestsOff = "Digests are off on this bot."

// subscribe handles /subscribe in a private chat or a group.
func (b *Bot) subscribe(ctx context.Context, m *tgbotapi.Message, args string) {
	if b.opts.Digests == nil {
		b.reply(ctx, m, digestsOff, nil)
		return
	}
	if strings.HasPrefix(args, "@") {
		b.subscribeChannel(ctx, m, args)
		return
	}
	schedule, query := splitAbout(args)
	b.reply(ctx, m, b.subscribeChat(ctx, m.Chat.ID, chatTitle(m.Chat, m.From), schedule, query, false), nil)
}

// aboutRE separates a subscription's schedule from its query:
// "/subscribe 0 7 * * * about Rotterdam strike".
var aboutRE = regexp.MustCompile(`(?i)(?:^|\s)about\s+`)

// splitAbout splits /subscribe's arguments into a schedule and a query.
func splitAbout(args string) (schedule, query string) {
	if loc := aboutRE.FindStringIndex(args); loc != nil {
		return strings.TrimSpace(args[:loc[0]]), strings.TrimSpace(args[loc[1]:])
	}
	return strings.TrimSpace(args), ""
}

// subscribeChat subscribes chat and returns what to tell whoever asked;
// in a channel, where only /subscribe and /unsubscribe work, the reply
// says less.
func (b *Bot) subscribeChat(ctx context.Context, chat int64, title, schedule, query string, channel bool) string {
	if err := b.opts.Digests.Subscribe(ctx, chat, title, schedule, query); err != nil {
		b.log.Info("subscribe refused", "chat", chat, "schedule", schedule, "err", err)
		if schedule != "" {
			// The digest service words schedule errors for the user.
			return "I could not subscribe with that schedule: " + telegram.EscapeHTML(err.Error())
		}
		return "Sorry, I could not subscribe this chat just now."
	}
	b.log.Info("chat subscribed", "chat", chat, "schedule", schedule)
	when := "on the default schedule"
	if schedule != "" {
		when = "on the schedule " + telegram.Code(schedule)
	}
	if query != "" {
		when += ", only of articles on " + telegram.Bold(query)
	}
	if channel {
		return "Subscribed: digests of newly added articles will be posted here " + when + ". /unsubscribe stops them."
	}
	note := "Subscribed: a digest of newly added articles will come " + when + "; nothing new, no message. " +
		"/digest shows what the next one holds, /unsubscribe stops them."
	if schedule == "" {
		note += " To choose the time, give a cron schedule: <code>/subscribe 0 7 * * 1-5</code>."
	}
	return note
}

// unsubscribe handles /unsubscribe in a private chat or a group.
func (b *Bot) unsubscribe(ctx context.Context, m *tgbotapi.Message, args string) {
	if b.opts.Digests == nil {
		b.reply(ctx, m, digestsOff, nil)
		return
	}
	if strings.HasPrefix(args, "@") {
		b.unsubscribeChannel(ctx, m, args)
		return
	}
	b.reply(ctx, m, b.unsubscribeChat(ctx, m.Chat.ID), nil)
}

// unsubscribeChat stops chat's digests and returns what to tell whoever
// asked.
func (b *Bot) unsubscribeChat(ctx context.Context, chat int64) string {
	had, err := b.opts.Digests.Unsubscribe(ctx, chat)
	switch {
	case err != nil:
		b.log.Error("unsubscribe failed", "chat", chat, "err", err)
		return "Sorry, I could not unsubscribe just now."
	case !had:
		return "There was no subscription to stop."
	}
	return "Unsubscribed: no more digests. /subscribe starts them again."
}

// preview handles /digest: the next digest, now.
func (b *Bot) preview(ctx context.Context, m *tgbotapi.Message) {
	if b.opts.Digests == nil {
		b.reply(ctx, m, digestsOff, nil)
		return
	}
	parts, err := b.opts.Digests.Preview(ctx, m.Chat.ID)
	switch {
	case err != nil:
		// Most often the chat is not subscribed; the Digests interface
		// does not say which, so the reply covers both.
		b.log.Info("digest preview failed", "chat", m.Chat.ID, "err", err)
		b.reply(ctx, m, "I could not make a digest for this chat. Is it subscribed? /subscribe starts digests.", nil)
		return
	case len(parts) == 0:
		b.reply(ctx, m, "Nothing new since the last digest: the next one would be empty, and so not sent.", nil)
		return
	}
	for i, p := range parts {
		replyTo := 0
		if i == 0 {
			replyTo = m.MessageID
		}
		b.send(ctx, m.Chat.ID, replyTo, p, nil)
	}
}

// migrate moves the subscription of a group that became a supergroup.
func (b *Bot) migrate(ctx context.Context, from, to int64) {
	if b.opts.Digests == nil {
		return
	}
	if err := b.opts.Digests.Migrate(ctx, from, to); err != nil {
		b.log.Error("moving a subscription to the supergroup failed", "chat", from, "to", to, "err", err)
		return
	}
	b.log.Info("group became a supergroup", "chat", from, "to", to)
}

// onChannelPost handles a post in a channel the bot administers: only
// /subscribe, /unsubscribe, /follow, /following and /unfollow, which only
// the channel's editors can post.
func (b *Bot) onChannelPost(ctx context.Context, r *request, p *tgbotapi.Message) {
	if p.Chat == nil || p.Chat.ID == 0 {
		b.log.Debug("channel post ignored: no chat", "update", r.update)
		return
	}
	r.chat = p.Chat.ID
	name, args, ok := parseCommand(strings.TrimSpace(p.Text), b.self.UserName)
	switch name {
	case "subscribe", "unsubscribe", "follow", "following", "unfollow":
	default:
		ok = false
	}
	if !ok {
		b.log.Debug("channel post ignored", "update", r.update, "chat", r.chat)
		return
	}
	r.command = "/" + name + " (channel)"
	if b.allowedIn(0, p.Chat.ID) {
		switch name {
		case "follow":
			b.follow(ctx, p, args)
			return
		case "following":
			b.following(ctx, p)
			return
		case "unfollow":
			b.unfollow(ctx, p, args)
			return
		}
	}
	var html string
	switch {
	case !b.allowedIn(0, p.Chat.ID):
		b.log.Info("refused: channel not allowed", "chat", p.Chat.ID)
		html = "Sorry, this bot only serves the newsroom it was set up for; this channel is not on its list."
	case b.opts.Digests == nil:
		html = digestsOff
	case name == "subscribe":
		schedule, query := splitAbout(args)
		html = b.subscribeChat(ctx, p.Chat.ID, chatTitle(p.Chat, nil), schedule, query, true)
	default:
		html = b.unsubscribeChat(ctx, p.Chat.ID)
	}
	b.send(ctx, p.Chat.ID, p.MessageID, html, nil)
}

// chatTitle names a chat for its subscription: a group's or channel's
// title, a private chat's user.
func chatTitle(c *tgbotapi.Chat, from *tgbotapi.User) string {
	switch {
	case c.Title != "":
		return c.Title
	case c.UserName != "":
		return "@" + c.UserName
	case from != nil:
		return strings.TrimSpace(from.FirstName + " " + from.LastName)
	}
	return fmt.Sprint(c.ID)
}
