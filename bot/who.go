package bot

import (
	"context"
	"fmt"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/newsdesk/newsdesk/corpus"
	"github.com/newsdesk/newsdesk/qa"
	"github.com/newsdesk/newsdesk/telegram"
)

// /who NAME: who a person or organisation is according to the sources —
// each description verbatim with who gives it, the spellings that may be
// one person's, what they are quoted as saying — every line credited only
// to sources that print it.

// who answers /who NAME.
func (b *Bot) who(ctx context.Context, m *tgbotapi.Message, name string) {
	if name == "" {
		b.reply(ctx, m, "Name a person or an organisation after the command: <code>/who Namazov</code>.", nil)
		return
	}
	p, err := b.opts.Answerer.Who(ctx, name)
	if err != nil {
		b.log.Error("who failed", "chat", m.Chat.ID, "user", m.From.ID, "err", err)
		b.reply(ctx, m, "Sorry, I could not look that up just now. Please try again in a moment.", nil)
		return
	}
	b.reply(ctx, m, b.profileHTML(ctx, p), nil)
}

// profileHTML renders a profile.
func (b *Bot) profileHTML(ctx context.Context, p qa.Profile) string {
	if len(p.Descriptions)+len(p.Sayings)+len(p.Spellings) == 0 {
		return nothingOn(p.Name, b.count(ctx))
	}
	sources := map[int]qa.Source{}
	for _, s := range p.Sources {
		sources[s.N] = s
	}
	var sb strings.Builder
	sb.WriteString(telegram.Bold(p.Name) + "\n")
	if len(p.Descriptions) > 0 {
		sb.WriteString("\n" + telegram.Italic("As the sources describe them:") + "\n")
		for _, d := range p.Descriptions {
			sb.WriteString("• “" + telegram.EscapeHTML(d.Text) + "” " + b.marks(d.Sources, sources, qa.Quote{}) + "\n")
		}
	}
	if len(p.Spellings) > 0 {
		sb.WriteString("\n" + telegram.Italic("The sources spell the name differently (perhaps one person):") + "\n")
		for _, s := range p.Spellings {
			sb.WriteString("• “" + telegram.EscapeHTML(s.Name) + "” " + b.marks(s.Sources, sources, qa.Quote{}) + "\n")
		}
	}
	if len(p.Sayings) > 0 {
		sb.WriteString("\n" + telegram.Italic("Quoted as saying:") + "\n")
		for _, q := range p.Sayings {
			sb.WriteString(b.quoteBlock(q, sources) + "\n")
		}
	}
	sb.WriteString("\n" + telegram.Bold("Sources"))
	for _, s := range p.Sources {
		sb.WriteString("\n" + b.sourceLine(s))
	}
	return sb.String()
}

// nothingOn says that the sources say nothing of name, in the language it
// is written in (Russian or English).
func nothingOn(name string, total int) string {
	if corpus.DetectLang(name) == "ru" || cyrillic(name) {
		return fmt.Sprintf("В %d статьях, которые у меня есть, нет ничего о «%s».", total, telegram.EscapeHTML(name))
	}
	return fmt.Sprintf("The %d articles I hold say nothing of “%s”.", total, telegram.EscapeHTML(name))
}
