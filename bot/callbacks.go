package bot

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"strconv"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/newsdesk/newsdesk/internal/bounded"
	"github.com/newsdesk/newsdesk/telegram"
)

// The actions of the inline buttons, as the first part of their callback
// data (see telegram.CallbackData). Each carries what it needs: a document
// id, a page offset, or the memo key of a question, so that a button still
// works after a restart, or says plainly that it no longer can.
const (
	actionMore    = "more" // more quotes for a question: more:KEY
	actionAll     = "all"  // every source of an answer: all:KEY
	actionDoc     = "doc"  // one source's article, from its first page: doc:ID
	actionPage    = "page" // a page of /sources: page:OFFSET
	actionArticle = "art"  // a page of an article: art:ID:OFFSET[:START:END] (article.go)
	actionNoop    = "noop" // a label that does nothing (the page counter)
	expiredNote   = "This button is from before the bot restarted. Please send the question again."
)

// onCallback handles a button press. It always answers the callback query,
// so that the button stops spinning, with a short note when there is one.
func (b *Bot) onCallback(ctx context.Context, r *request, q *tgbotapi.CallbackQuery) {
	if q.ID == "" || q.From == nil || q.From.ID == 0 {
		b.log.Debug("button press ignored: no id or sender", "update", r.update)
		return
	}
	r.user = q.From.ID
	action, args := telegram.ParseCallbackData(q.Data)
	r.command = "button:" + action
	note := ""
	defer func() { b.answerCallback(ctx, q.ID, note) }()

	if q.Message == nil || q.Message.Chat == nil || q.Message.Chat.ID == 0 {
		note = "Open the chat with the bot to use this button."
		return
	}
	r.chat = q.Message.Chat.ID
	if ok, warn, wait := b.flood.allow(q.From.ID); !ok {
		if warn {
			note = floodNotice(wait)
		}
		return
	}
	if !b.allowedIn(q.From.ID, r.chat) {
		note = "Sorry, this bot only serves the newsroom it was set up for."
		return
	}
	arg := func(i int) string {
		if i < len(args) {
			return args[i]
		}
		return ""
	}
	switch action {
	case actionMore, actionAll:
		question, ok := b.questionFor(arg(0), q.Message)
		if !ok {
			note = expiredNote
			return
		}
		a, err := b.answerQuestion(ctx, question)
		if err != nil {
			b.log.Error("answer failed", "chat", r.chat, "user", r.user, "err", err)
			note = "Sorry, I could not answer that just now."
			return
		}
		html := b.allSourcesHTML(a)
		if action == actionMore {
			html = b.moreQuotesHTML(a)
		}
		b.send(ctx, r.chat, q.Message.MessageID, html, nil)
	case actionDoc:
		id, err := strconv.ParseInt(arg(0), 10, 64)
		if err != nil {
			note = "This button no longer works."
			return
		}
		html, markup, _ := b.articlePage(ctx, articleRef{id: id})
		b.send(ctx, r.chat, q.Message.MessageID, html, markup)
	case actionTimeline:
		p, err := strconv.Atoi(arg(1))
		if err != nil {
			note = "This button no longer works."
			return
		}
		note = b.turnTimeline(ctx, q.Message, arg(0), p)
	case actionPage:
		offset, err := strconv.Atoi(arg(0))
		if err != nil || offset < 0 {
			note = "This button no longer works."
			return
		}
		b.editSourcesPage(ctx, q.Message, offset)
	case actionArticle:
		ref, ok := parseArticleButton(args)
		if !ok {
			note = "This button no longer works."
			return
		}
		note = b.editArticlePage(ctx, q.Message, ref)
	case actionNoop:
	default:
		note = "This button no longer works."
	}
}

// answerCallback answers a callback query; Telegram shows text, if any, as
// a short notice.
func (b *Bot) answerCallback(ctx context.Context, id, text string) {
	if _, err := b.client.Request(ctx, tgbotapi.NewCallback(id, text)); err != nil {
		b.log.Error("answering a button press failed", "err", err)
	}
}

// questionFor returns the question behind a button's key: from the memo,
// or else from the question the answer replied to (which Telegram sends
// with the message the button is under, when that is the answer's first
// part), checked against the key.
func (b *Bot) questionFor(key string, answer *tgbotapi.Message) (string, bool) {
	if key == "" {
		return "", false
	}
	if q, ok := b.memo.get(key); ok {
		return q, true
	}
	if orig := answer.ReplyToMessage; orig != nil && orig.Chat != nil {
		text, cmd, args := b.addressed(orig)
		if cmd == "ask" {
			text = args
		} else if cmd != "" {
			return "", false
		}
		if text != "" && questionKey(text) == key {
			b.memo.put(text)
			return text, true
		}
	}
	return "", false
}

// questionKey is a question's key in button data: 72 bits of its SHA-256,
// 12 characters.
func questionKey(q string) string {
	sum := sha256.Sum256([]byte(q))
	return base64.RawURLEncoding.EncodeToString(sum[:9])
}

// memo remembers the most recent questions by key, so that an answer's
// buttons can ask them again. It is bounded: the oldest are forgotten
// first. It is safe for concurrent use.
type memo struct{ byKey *bounded.Map[string, string] }

func newMemo(n int) *memo { return &memo{bounded.NewMap[string, string](n)} }

// put remembers q and returns its key.
func (m *memo) put(q string) string {
	key := questionKey(q)
	m.byKey.Add(key, q)
	return key
}

// get returns the question with key.
func (m *memo) get(key string) (string, bool) { return m.byKey.Get(key) }
