package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/newsdesk/newsdesk/corpus"
	"github.com/newsdesk/newsdesk/telegram"
)

// What the bot shows of the corpus itself: /sources (paged, newest first)
// and /latest; /source N, one article, is in article.go.

// sourcesPerPage is how many articles one page of /sources lists.
const sourcesPerPage = 10

// latestCount is how many articles /latest shows.
const latestCount = 5

// sourcesPage renders the page of /sources that starts offset articles
// from the newest, with buttons to the newer and older pages.
func (b *Bot) sourcesPage(ctx context.Context, offset int) (string, *tgbotapi.InlineKeyboardMarkup) {
	total, err := b.opts.Library.Count(ctx)
	if err != nil {
		b.log.Error("count documents failed", "err", err)
		return "Sorry, I could not read the list of articles just now.", nil
	}
	if total == 0 {
		return "I hold no articles yet.", nil
	}
	if offset >= total {
		offset = (total - 1) / sourcesPerPage * sourcesPerPage
	}
	docs, err := b.opts.Library.Recent(ctx, offset, sourcesPerPage)
	if err != nil {
		b.log.Error("list documents failed", "offset", offset, "err", err)
		return "Sorry, I could not read the list of articles just now.", nil
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s, newest first:\n", telegram.Bold(fmt.Sprintf("Articles %d–%d of %d", offset+1, offset+len(docs), total)))
	for _, d := range docs {
		sb.WriteString("\n" + telegram.Link(d.URL, docTitle(d)))
		if meta := joinNonEmpty(", ", d.Outlet, dateOf(d)); meta != "" {
			sb.WriteString(" — " + telegram.EscapeHTML(meta))
		}
		if len(d.Carriers) > 0 {
			sb.WriteString("; also carried by " + telegram.EscapeHTML(corpus.CarriersLine(d.Carriers)))
		}
		sb.WriteString(" · /source " + strconv.FormatInt(d.ID, 10))
	}
	var row []tgbotapi.InlineKeyboardButton
	if offset > 0 {
		row = appendButton(row, "‹ Newer", actionPage, strconv.Itoa(max(offset-sourcesPerPage, 0)))
	}
	pages := (total + sourcesPerPage - 1) / sourcesPerPage
	if pages > 1 {
		row = appendButton(row, fmt.Sprintf("%d / %d", offset/sourcesPerPage+1, pages), actionNoop)
	}
	if offset+len(docs) < total {
		row = appendButton(row, "Older ›", actionPage, strconv.Itoa(offset+sourcesPerPage))
	}
	if len(row) == 0 {
		return sb.String(), nil
	}
	markup := tgbotapi.NewInlineKeyboardMarkup(row)
	return sb.String(), &markup
}

// editSourcesPage turns the /sources message msg to the page at offset.
func (b *Bot) editSourcesPage(ctx context.Context, msg *tgbotapi.Message, offset int) {
	html, markup := b.sourcesPage(ctx, offset)
	b.edit(ctx, msg, html, markup)
}

// edit replaces the text and buttons of the bot's message msg with a page
// of a list or an article, which fits one message.
func (b *Bot) edit(ctx context.Context, msg *tgbotapi.Message, html string, markup *tgbotapi.InlineKeyboardMarkup) {
	edit := tgbotapi.NewEditMessageText(msg.Chat.ID, msg.MessageID, html)
	edit.ParseMode = tgbotapi.ModeHTML
	edit.DisableWebPagePreview = true
	if markup != nil {
		edit.ReplyMarkup = markup
	}
	if _, err := b.client.Request(ctx, edit); err != nil {
		// Telegram refuses an edit that changes nothing (a double tap);
		// that is not worth a log line above debug.
		b.log.Debug("edit of a page failed", "chat", msg.Chat.ID, "err", err)
	}
}

// latestHTML renders the newest articles with their first sentence.
func (b *Bot) latestHTML(ctx context.Context) string {
	docs, err := b.opts.Library.Recent(ctx, 0, latestCount)
	switch {
	case err != nil:
		b.log.Error("newest documents failed", "err", err)
		return "Sorry, I could not read the newest articles just now."
	case len(docs) == 0:
		return "I hold no articles yet."
	}
	var sb strings.Builder
	sb.WriteString(telegram.Bold("The newest articles") + "\n")
	for _, d := range docs {
		sb.WriteString("\n" + telegram.Link(d.URL, docTitle(d)))
		if meta := joinNonEmpty(", ", d.Outlet, dateOf(d)); meta != "" {
			sb.WriteString(" — " + telegram.EscapeHTML(meta))
		}
		if len(d.Carriers) > 0 {
			sb.WriteString("; also carried by " + telegram.EscapeHTML(corpus.CarriersLine(d.Carriers)))
		}
		sb.WriteString(" · /source " + strconv.FormatInt(d.ID, 10) + "\n")
		if len(d.Sentences) > 0 {
			sb.WriteString(telegram.Blockquote(telegram.EscapeHTML(truncate(d.Text(d.Sentences[0]), 300))) + "\n")
		}
	}
	return sb.String()
}

// docTitle is what names a document: its title, or its origin's base name.
func docTitle(d *corpus.Document) string {
	if t := strings.TrimSpace(d.Title); t != "" {
		return t
	}
	return baseName(d.Origin)
}

// dateOf is a document's publication date, "" when unknown.
func dateOf(d *corpus.Document) string {
	if d.Published.IsZero() {
		return ""
	}
	return d.Published.Format("2006-01-02")
}

// truncate cuts s to at most limit characters, at a space when one is in
// the last fifth, ending with "…" when it cut.
func truncate(s string, limit int) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	cut := 0
	for i := range s {
		if cut == limit-1 {
			s = s[:i]
			break
		}
		cut++
	}
	if i := strings.LastIndexByte(s, ' '); i >= len(s)*4/5 {
		s = s[:i]
	}
	return strings.TrimRight(s, " ,;:") + "…"
}
