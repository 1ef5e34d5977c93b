package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/newsdesk/newsdesk/corpus"
	"github.com/newsdesk/newsdesk/qa"
	"github.com/newsdesk/newsdesk/telegram"
)

// /timeline QUERY: the dated events of a story in order, each a verbatim
// quote with its citation marks, eventsPerPage to a message with ‹ ›
// buttons that turn the page in place. A date the bot read against the
// article's publication date ("on Tuesday") says so; an event sources date
// differently shows every version with who gives it.

// eventsPerPage is how many events one page of a timeline shows: about a
// screen on a phone, well under Telegram's 4096 characters.
const eventsPerPage = 6

// actionTimeline turns a timeline's page: tl:KEY:PAGE, KEY the memo key
// of the query.
const actionTimeline = "tl"

// timeline answers /timeline QUERY with its first page.
func (b *Bot) timeline(ctx context.Context, m *tgbotapi.Message, query string) {
	if query == "" {
		b.reply(ctx, m, "Name the story after the command: <code>/timeline cyberattack on Azerbaijani media</code>.", nil)
		return
	}
	tl, err := b.opts.Answerer.Timeline(ctx, query)
	if err != nil {
		b.log.Error("timeline failed", "chat", m.Chat.ID, "user", m.From.ID, "err", err)
		b.reply(ctx, m, "Sorry, I could not build that timeline just now. Please try again in a moment.", nil)
		return
	}
	html, markup := b.timelinePage(ctx, tl, b.memo.put(query), 0)
	b.reply(ctx, m, html, markup)
}

// turnTimeline edits the timeline message msg to page p of query.
func (b *Bot) turnTimeline(ctx context.Context, msg *tgbotapi.Message, key string, p int) (note string) {
	query, ok := b.memo.get(key)
	if !ok {
		return "This button is from before the bot restarted. Please send /timeline again."
	}
	tl, err := b.opts.Answerer.Timeline(ctx, query)
	if err != nil {
		b.log.Error("timeline failed", "chat", msg.Chat.ID, "err", err)
		return "Sorry, I could not build that timeline just now."
	}
	html, markup := b.timelinePage(ctx, tl, key, p)
	edit := tgbotapi.NewEditMessageText(msg.Chat.ID, msg.MessageID, html)
	edit.ParseMode = tgbotapi.ModeHTML
	edit.DisableWebPagePreview = true
	if markup != nil {
		edit.ReplyMarkup = markup
	}
	if _, err := b.client.Request(ctx, edit); err != nil {
		b.log.Debug("edit of a timeline page failed", "chat", msg.Chat.ID, "err", err)
	}
	return ""
}

// timelinePage renders page p of a timeline: its events, then the sources
// they cite, and the buttons to the other pages.
func (b *Bot) timelinePage(ctx context.Context, tl qa.Timeline, key string, p int) (string, *tgbotapi.InlineKeyboardMarkup) {
	if len(tl.Events) == 0 {
		return nothingDated(tl.Query, b.count(ctx)), nil
	}
	pages := (len(tl.Events) + eventsPerPage - 1) / eventsPerPage
	p = min(max(p, 0), pages-1)
	events := tl.Events[p*eventsPerPage : min((p+1)*eventsPerPage, len(tl.Events))]
	sources := map[int]qa.Source{}
	for _, s := range tl.Sources {
		sources[s.N] = s
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s\n", telegram.Bold("Timeline: "+tl.Query))
	cited := map[int]bool{}
	line := func(e qa.Event) {
		sb.WriteString("\n" + telegram.Bold(e.Date) + "\n")
		sb.WriteString(b.quoteBlock(e.Quote, sources) + "\n")
		if e.Resolved != "" {
			sb.WriteString(telegram.Italic("“"+e.Said+"”: "+e.Resolved) + "\n")
		}
		for _, n := range e.Quote.Sources {
			cited[n] = true
		}
	}
	for _, e := range events {
		if len(e.Others) == 0 {
			line(e)
			continue
		}
		sb.WriteString("\n" + telegram.Italic("Sources date this event differently:"))
		for _, v := range append([]qa.Event{e}, e.Others...) {
			line(v)
		}
	}
	sb.WriteString("\n" + telegram.Bold("Sources"))
	for _, s := range tl.Sources {
		if cited[s.N] {
			sb.WriteString("\n" + b.sourceLine(s))
		}
	}
	if pages == 1 {
		return sb.String(), nil
	}
	var row []tgbotapi.InlineKeyboardButton
	if p > 0 {
		row = appendButton(row, "‹ Earlier", actionTimeline, key, strconv.Itoa(p-1))
	}
	row = appendButton(row, fmt.Sprintf("%d / %d", p+1, pages), actionNoop)
	if p < pages-1 {
		row = appendButton(row, "Later ›", actionTimeline, key, strconv.Itoa(p+1))
	}
	markup := tgbotapi.NewInlineKeyboardMarkup(row)
	return sb.String(), &markup
}

// nothingDated says that the sources date no event on query, in the
// query's language (Russian or English), with how many articles were read.
func nothingDated(query string, total int) string {
	if corpus.DetectLang(query) == "ru" || cyrillic(query) {
		return fmt.Sprintf("В %d статьях, которые у меня есть, нет событий с датой по запросу «%s».",
			total, telegram.EscapeHTML(query))
	}
	return fmt.Sprintf("I found no dated event on “%s” in the %d articles I hold.", telegram.EscapeHTML(query), total)
}

// cyrillic reports whether most letters of s are Cyrillic: a query too
// short for DetectLang is still in Russian when written in its alphabet.
func cyrillic(s string) bool {
	cyr, letters := 0, 0
	for _, r := range s {
		switch {
		case r >= 'А' && r <= 'я' || r == 'ё' || r == 'Ё':
			cyr++
			letters++
		case r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z':
			letters++
		}
	}
	return letters > 0 && cyr*2 > letters
}
