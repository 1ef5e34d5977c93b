// Package bot is the newsdesk's Telegram face: it turns one Bot API update
// into calls on the question answerer, the corpus and the digest service,
// and their results into Bot API calls through a telegram.Client, which
// owns the wire (retries, pacing, splitting under Telegram's limits).
//
// Who is answered: in a private chat, every message (plain text is a
// question); in a group, commands, messages that mention the bot and
// replies to the bot's own messages, and nothing else; in a channel, only
// the digest commands an editor posts there. Users and chats outside
// Options.Allowed get one polite refusal and nothing from the corpus.
//
// An edited question is answered again in place: the bot edits the
// messages of its earlier answer (see edits.go).
//
// Every piece of text that does not come from this package's templates
// (corpus text, titles, the user's words) is escaped for Telegram HTML.
// Buttons carry their state in their callback data (a document id, a page
// offset, a short key of the question); the question behind a key is kept
// in a bounded memory and, after a restart has emptied it, read back from
// the question the answer replied to, or the user is asked to send it
// again.
package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/newsdesk/newsdesk/corpus"
	"github.com/newsdesk/newsdesk/internal/bounded"
	"github.com/newsdesk/newsdesk/qa"
	"github.com/newsdesk/newsdesk/telegram"
)

// Answerer answers a question from the corpus; *qa.Answerer is one.
type Answerer interface {
	Ask(ctx context.Context, question string) (qa.Answer, error)
	Timeline(ctx context.Context, query string) (qa.Timeline, error)
	Who(ctx context.Context, name string) (qa.Profile, error)
}

// Searcher finds ranked passages for /search; *qa.Index is one.
type Searcher interface {
	SearchWith(q string, o qa.SearchOptions) []qa.Hit
}

// Library lists and reads the stored documents; *corpus.Store is one.
type Library interface {
	Count(ctx context.Context) (int, error)
	Document(ctx context.Context, id int64) (*corpus.Document, error)
	// Recent returns up to limit documents, newest first, after skipping
	// the offset newest.
	Recent(ctx context.Context, offset, limit int) ([]*corpus.Document, error)
}

// Digests keeps the chats' digest subscriptions; *digest.Service is one.
type Digests interface {
	// Subscribe subscribes chatID on schedule ("" for the default). An
	// unreadable schedule is an error whose message the user may read.
	// query, when not "", narrows the digests to the articles matching it.
	Subscribe(ctx context.Context, chatID int64, title, schedule, query string) error
	// Unsubscribe stops the chat's digests and reports whether it had any.
	Unsubscribe(ctx context.Context, chatID int64) (bool, error)
	// Preview returns the Telegram-HTML messages of the chat's next digest;
	// none when nothing is new.
	Preview(ctx context.Context, chatID int64) ([]string, error)
	// Migrate moves a group's subscription to the supergroup it became.
	Migrate(ctx context.Context, from, to int64) error
}

// Ingester adds a document an administrator sent, or the page at a link
// an administrator sent, to the corpus (and makes it searchable).
// intake.Library is one.
type Ingester interface {
	AddFile(ctx context.Context, name string, data []byte) (corpus.Summary, error)
	AddURL(ctx context.Context, rawURL string) (corpus.Summary, error)
}

// Downloader fetches a file the Bot API keeps, by the file_path getFile
// returned, reading at most limit bytes. HTTPFiles is one.
type Downloader interface {
	Download(ctx context.Context, filePath string, limit int64) ([]byte, error)
}

// Options are a Bot's dependencies and policies. Answerer, Index and
// Library are required; the rest may be left zero.
type Options struct {
	Answerer Answerer // answers questions and /ask
	Index    Searcher // serves /search
	Library  Library  // serves /help, /sources, /source, /latest and the source buttons

	// Digests serves /subscribe, /unsubscribe and /digest, and moves
	// subscriptions of groups that became supergroups; nil answers that
	// digests are off.
	Digests Digests
	// Follows serves /follow, /following and /unfollow; nil answers that
	// following is off.
	Follows Follows
	// Ingester takes the documents administrators send in a private chat;
	// nil answers that adding documents is off.
	Ingester Ingester
	// Files downloads those documents; nil uses the telegram.Client when it
	// can download, and otherwise answers that adding documents is off.
	Files Downloader

	Allowed []int64 // user or chat ids served; empty serves everyone
	Admins  []int64 // user ids that administer the bot (always served)

	// Flood is how many messages and button presses one user may send per
	// minute; more get one polite notice, then silence until the minute is
	// over. 0 means no limit.
	Flood int
	// Now is the clock of the flood limit (default time.Now).
	Now func() time.Time
	// Logger receives a line per update (default slog.Default()).
	Logger *slog.Logger

	// MaxQuestion is the longest question answered, in characters
	// (default 1000).
	MaxQuestion int
	// MaxUpload is the largest document accepted, in bytes (default 20
	// MiB, what the Bot API lets a bot download).
	MaxUpload int64
	// QuotesShown is how many quotes an answer shows before its "more
	// quotes" button (default 3).
	QuotesShown int
	// Examples are the example questions /help suggests; when empty, /help
	// offers the newest titles as topics to ask about.
	Examples []string
}

// Bot handles updates. It is safe for concurrent use; see Handle.
type Bot struct {
	client  *telegram.Client
	opts    Options
	self    tgbotapi.User
	allowed map[int64]bool
	admins  map[int64]bool
	flood   *floodLimit
	memo    *memo
	topics  *topics
	answers *bounded.Map[questionRef, []int] // see edits.go
	log     *slog.Logger
}

// New returns a Bot answering through client with the given options.
func New(client *telegram.Client, o Options) (*Bot, error) {
	switch {
	case client == nil:
		return nil, errors.New("bot: client is nil")
	case o.Answerer == nil:
		return nil, errors.New("bot: Options.Answerer is nil")
	case o.Index == nil:
		return nil, errors.New("bot: Options.Index is nil")
	case o.Library == nil:
		return nil, errors.New("bot: Options.Library is nil")
	case o.Flood < 0:
		return nil, fmt.Errorf("bot: Options.Flood is %d, want ≥ 0", o.Flood)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.MaxQuestion <= 0 {
		o.MaxQuestion = 1000
	}
	if o.MaxUpload <= 0 {
		o.MaxUpload = 20 << 20
	}
	if o.QuotesShown <= 0 {
		o.QuotesShown = 3
	}
	if o.Files == nil {
		if d, ok := any(client).(Downloader); ok {
			o.Files = d
		}
	}
	b := &Bot{
		client:  client,
		opts:    o,
		self:    client.Self(),
		allowed: idSet(o.Allowed),
		admins:  idSet(o.Admins),
		flood:   newFloodLimit(o.Flood, time.Minute, o.Now),
		memo:    newMemo(4096),
		topics:  newTopics(4096),
		answers: bounded.NewMap[questionRef, []int](maxAnswers),
		log:     o.Logger,
	}
	return b, nil
}

func idSet(ids []int64) map[int64]bool {
	m := make(map[int64]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}

// request is one update being handled: what the log line reports.
type request struct {
	update  int
	chat    int64
	user    int64
	command string // the command, "question", "callback:ACTION", …; "" when ignored
}

// Handle processes one update completely: it answers, logs what failed
// and never panics. The dispatcher calls it concurrently for different
// chats and in order for one chat.
func (b *Bot) Handle(ctx context.Context, u tgbotapi.Update) {
	start := b.opts.Now()
	r := &request{update: u.UpdateID}
	defer func() {
		if p := recover(); p != nil {
			b.log.Error("handler panicked", "update", r.update, "chat", r.chat, "user", r.user,
				"command", r.command, "panic", p, "stack", string(debug.Stack()))
			return
		}
		if r.command == "" {
			return
		}
		b.log.Info("update handled", "update", r.update, "chat", r.chat, "user", r.user,
			"command", r.command, "took", b.opts.Now().Sub(start))
	}()
	switch {
	case u.Message != nil:
		b.onMessage(ctx, r, u.Message)
	case u.EditedMessage != nil:
		b.onEdit(ctx, r, u.EditedMessage)
	case u.ChannelPost != nil:
		b.onChannelPost(ctx, r, u.ChannelPost)
	case u.CallbackQuery != nil:
		b.onCallback(ctx, r, u.CallbackQuery)
	default:
		b.log.Debug("update ignored: no message, edited message, channel post or button press", "update", u.UpdateID)
	}
}

// onMessage handles a message in a private chat or a group.
func (b *Bot) onMessage(ctx context.Context, r *request, m *tgbotapi.Message) {
	if m.Chat == nil || m.Chat.ID == 0 {
		b.log.Debug("message ignored: no chat", "update", r.update)
		return
	}
	r.chat = m.Chat.ID
	if m.From != nil {
		r.user = m.From.ID
	}
	if m.MigrateToChatID != 0 {
		r.command = "migrate"
		b.migrate(ctx, m.Chat.ID, m.MigrateToChatID)
		return
	}
	if m.From == nil || m.From.ID == 0 || m.From.IsBot {
		b.log.Debug("message ignored: no human sender", "update", r.update, "chat", r.chat)
		return
	}
	private := m.Chat.IsPrivate()
	if m.Document != nil {
		if !private {
			b.log.Debug("document ignored outside a private chat", "update", r.update, "chat", r.chat)
			return
		}
		r.command = "document"
		if b.admit(ctx, m) {
			b.upload(ctx, m)
		}
		return
	}
	text, cmd, args := b.addressed(m)
	switch {
	case text == "":
		b.log.Debug("message ignored: not addressed to the bot or no text", "update", r.update, "chat", r.chat)
		return
	case cmd != "":
		r.command = "/" + cmd
	default:
		r.command = "question"
	}
	if private && cmd == "" && isLink(text) {
		r.command = "link"
	}
	if !b.admit(ctx, m) {
		return
	}
	if r.command == "link" {
		b.addLink(ctx, m, text)
		return
	}
	if cmd == "" {
		b.ask(ctx, m, text)
		return
	}
	b.command(ctx, m, cmd, args)
}

// reply sends html to the message's chat as a reply to it; errors are
// logged.
func (b *Bot) reply(ctx context.Context, m *tgbotapi.Message, html string, markup *tgbotapi.InlineKeyboardMarkup) {
	b.send(ctx, m.Chat.ID, m.MessageID, html, markup)
}

// send sends html to chat, as a reply to message replyTo when not 0, with
// the buttons of markup under its last part, and returns the ids of the
// messages sent; errors are logged.
func (b *Bot) send(ctx context.Context, chat int64, replyTo int, html string, markup *tgbotapi.InlineKeyboardMarkup) []int {
	sent, err := b.client.SendHTML(ctx, message(chat, replyTo, html, markup))
	if err != nil {
		b.log.Error("send failed", "chat", chat, "err", err)
	}
	ids := make([]int, len(sent))
	for i, m := range sent {
		ids[i] = m.MessageID
	}
	return ids
}

// message makes the message html to chat, replying to message replyTo
// when not 0, with the buttons of markup.
func message(chat int64, replyTo int, html string, markup *tgbotapi.InlineKeyboardMarkup) tgbotapi.MessageConfig {
	msg := tgbotapi.NewMessage(chat, html)
	msg.ReplyToMessageID = replyTo
	msg.AllowSendingWithoutReply = true // the question may have been deleted meanwhile
	msg.DisableWebPagePreview = true
	if markup != nil {
		msg.ReplyMarkup = *markup
	}
	return msg
}
