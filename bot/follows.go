package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/newsdesk/newsdesk/follow"
	"github.com/newsdesk/newsdesk/telegram"
)

// Follows keeps the queries chats follow; *follow.Service is one.
type Follows interface {
	Follow(ctx context.Context, chatID int64, query string) (follow.Query, error)
	Following(ctx context.Context, chatID int64) ([]follow.Query, error)
	Unfollow(ctx context.Context, chatID int64, n int) (follow.Query, bool, error)
}

// follow answers /follow QUERY.
func (b *Bot) follow(ctx context.Context, m *tgbotapi.Message, query string) {
	if b.opts.Follows == nil {
		b.reply(ctx, m, "Following stories is off on this bot.", nil)
		return
	}
	if strings.TrimSpace(query) == "" {
		b.reply(ctx, m, "Name what to follow after the command: <code>/follow Rotterdam strike</code>. "+
			"I will send each new article that holds all its words in one paragraph, once.", nil)
		return
	}
	q, err := b.opts.Follows.Follow(ctx, m.Chat.ID, query)
	switch {
	case errors.Is(err, follow.ErrTooMany):
		b.reply(ctx, m, fmt.Sprintf("This chat follows %d stories already, the most I keep. /following lists them; /unfollow N stops one.", follow.MaxFollows), nil)
		return
	case errors.Is(err, follow.ErrQuery):
		b.reply(ctx, m, fmt.Sprintf("Please follow something shorter: at most %d characters.", follow.MaxQuery), nil)
		return
	case err != nil:
		b.log.Error("follow failed", "chat", m.Chat.ID, "err", err)
		b.reply(ctx, m, "Sorry, I could not save that just now. Please try again in a moment.", nil)
		return
	}
	b.reply(ctx, m, fmt.Sprintf("Following %d: %s. New articles that hold all its words in one paragraph will come here as they are added, each once. /following lists what this chat follows.",
		q.N, telegram.Bold(q.Query)), nil)
}

// following answers /following.
func (b *Bot) following(ctx context.Context, m *tgbotapi.Message) {
	if b.opts.Follows == nil {
		b.reply(ctx, m, "Following stories is off on this bot.", nil)
		return
	}
	qs, err := b.opts.Follows.Following(ctx, m.Chat.ID)
	if err != nil {
		b.log.Error("following failed", "chat", m.Chat.ID, "err", err)
		b.reply(ctx, m, "Sorry, I could not read the list just now.", nil)
		return
	}
	if len(qs) == 0 {
		b.reply(ctx, m, "This chat follows nothing. <code>/follow Rotterdam strike</code> starts.", nil)
		return
	}
	var sb strings.Builder
	sb.WriteString(telegram.Bold("This chat follows:") + "\n")
	for _, q := range qs {
		fmt.Fprintf(&sb, "%d. %s\n", q.N, telegram.EscapeHTML(q.Query))
	}
	sb.WriteString("/unfollow N stops one.")
	b.reply(ctx, m, sb.String(), nil)
}

// unfollow answers /unfollow N.
func (b *Bot) unfollow(ctx context.Context, m *tgbotapi.Message, args string) {
	if b.opts.Follows == nil {
		b.reply(ctx, m, "Following stories is off on this bot.", nil)
		return
	}
	n, err := strconv.Atoi(strings.TrimSpace(args))
	if err != nil || n <= 0 {
		b.reply(ctx, m, "Give the number /following shows: <code>/unfollow 2</code>.", nil)
		return
	}
	q, ok, err := b.opts.Follows.Unfollow(ctx, m.Chat.ID, n)
	switch {
	case err != nil:
		b.log.Error("unfollow failed", "chat", m.Chat.ID, "err", err)
		b.reply(ctx, m, "Sorry, I could not change the list just now.", nil)
	case !ok:
		b.reply(ctx, m, fmt.Sprintf("This chat follows no number %d. /following lists them.", n), nil)
	default:
		b.reply(ctx, m, "No longer following "+telegram.Bold(q.Query)+".", nil)
	}
}
