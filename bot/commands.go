package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/newsdesk/newsdesk/qa"
	"github.com/newsdesk/newsdesk/telegram"
)

// commandList is what setMyCommands registers, in menu order, with the
// chats it is offered in.
var commandList = []struct {
	name, doc string
	private   bool // offered in private chats
	group     bool // offered in groups
}{
	{"ask", "Ask a question: /ask who was blamed?", true, true},
	{"search", "Passages that match words: /search APT29", true, true},
	{"latest", "The newest articles", true, true},
	{"sources", "Every article, newest first", true, true},
	{"source", "Read an article: /source 12", true, true},
	{"timeline", "A story's dated events in order: /timeline port strike", true, true},
	{"who", "Who someone is, by the sources: /who Namazov", true, true},
	{"follow", "Get each new article on a story: /follow port strike", true, true},
	{"following", "What this chat follows", true, true},
	{"unfollow", "Stop following: /unfollow 2", true, true},
	{"subscribe", "Get digests of new articles", true, true},
	{"unsubscribe", "Stop the digests", true, true},
	{"digest", "What the next digest would hold", true, true},
	{"help", "What the bot knows and how to ask", true, true},
	{"start", "Start", true, false},
}

// RegisterCommands tells Telegram the bot's commands (setMyCommands), one
// list for private chats and one for groups, so that clients offer them.
func (b *Bot) RegisterCommands(ctx context.Context) error {
	var private, group []tgbotapi.BotCommand
	for _, c := range commandList {
		cmd := tgbotapi.BotCommand{Command: c.name, Description: c.doc}
		if c.private {
			private = append(private, cmd)
		}
		if c.group {
			group = append(group, cmd)
		}
	}
	for _, set := range []tgbotapi.SetMyCommandsConfig{
		tgbotapi.NewSetMyCommandsWithScope(tgbotapi.NewBotCommandScopeAllPrivateChats(), private...),
		tgbotapi.NewSetMyCommandsWithScope(tgbotapi.NewBotCommandScopeAllGroupChats(), group...),
	} {
		if _, err := b.client.Request(ctx, set); err != nil {
			return fmt.Errorf("register commands for %s: %w", set.Scope.Type, err)
		}
	}
	return nil
}

// command runs a command from an admitted sender.
func (b *Bot) command(ctx context.Context, m *tgbotapi.Message, cmd, args string) {
	switch cmd {
	case "start":
		if payload, ok := strings.CutPrefix(args, deepLinkPrefix); ok {
			b.readLink(ctx, m, payload)
			return
		}
		b.reply(ctx, m, b.helpHTML(ctx, true), nil)
	case "help":
		b.reply(ctx, m, b.helpHTML(ctx, false), nil)
	case "ask":
		if args == "" {
			b.replyAnswer(ctx, m, "Write your question after the command: <code>/ask Who was blamed for the attack?</code>", nil)
			return
		}
		b.ask(ctx, m, args)
	case "search":
		b.search(ctx, m, args)
	case "sources":
		html, markup := b.sourcesPage(ctx, 0)
		b.reply(ctx, m, html, markup)
	case "source":
		id, err := strconv.ParseInt(strings.TrimPrefix(args, "#"), 10, 64)
		if err != nil || id <= 0 {
			b.reply(ctx, m, "Give the number of an article: <code>/source 12</code>. /sources lists them.", nil)
			return
		}
		html, markup, _ := b.articlePage(ctx, articleRef{id: id})
		b.reply(ctx, m, html, markup)
	case "latest":
		b.reply(ctx, m, b.latestHTML(ctx), nil)
	case "timeline":
		b.timeline(ctx, m, args)
	case "who":
		b.who(ctx, m, args)
	case "follow":
		b.follow(ctx, m, args)
	case "following":
		b.following(ctx, m)
	case "unfollow":
		b.unfollow(ctx, m, args)
	case "subscribe":
		b.subscribe(ctx, m, args)
	case "unsubscribe":
		b.unsubscribe(ctx, m, args)
	case "digest":
		b.preview(ctx, m)
	case "add":
		if !m.Chat.IsPrivate() || !isLink(args) {
			b.reply(ctx, m, "Send a link in a private chat with me: <code>/add https://example.org/article</code>.", nil)
			return
		}
		b.addLink(ctx, m, args)
	default:
		b.reply(ctx, m, "I don't know /"+telegram.EscapeHTML(cmd)+". /help lists what I can do; "+
			"anything else you write me is taken as a question.", nil)
	}
}

// ask answers a question, in a new reply or, for an edited question, in
// place of the earlier answer (replyAnswer).
func (b *Bot) ask(ctx context.Context, m *tgbotapi.Message, question string) {
	if n := utf8.RuneCountInString(question); n > b.opts.MaxQuestion {
		b.replyAnswer(ctx, m, fmt.Sprintf("That question is %d characters long; I take questions of up to %d. "+
			"Please ask it in fewer words.", n, b.opts.MaxQuestion), nil)
		return
	}
	a, err := b.answerQuestion(ctx, question)
	if err != nil {
		b.log.Error("answer failed", "chat", m.Chat.ID, "user", m.From.ID, "err", err)
		b.replyAnswer(ctx, m, "Sorry, I could not answer that just now. Please try again in a moment.", nil)
		return
	}
	asked, note := question, ""
	if prev := b.topics.get(m.Chat.ID); a.Abstained && prev != "" && followsUp(m, question) {
		asked = question + " " + prev
		if again, err := b.answerQuestion(ctx, asked); err == nil && !again.Abstained {
			a = again
			note = "<i>Read with your earlier question, as about: " + telegram.EscapeHTML(prev) + "</i>\n\n"
		} else {
			asked = question
		}
	}
	total := 0
	if a.Abstained {
		total = b.count(ctx)
	} else {
		b.topics.set(m.Chat.ID, topicOf(asked))
	}
	html, markup := b.renderAnswer(a, b.memo.put(asked), total)
	b.replyAnswer(ctx, m, note+html, markup)
}

// answerQuestion asks the answerer the question as read (plainQuestion)
// and returns the answer with the question as written, which is what its
// "more quotes" and "all sources" messages echo (escaped).
func (b *Bot) answerQuestion(ctx context.Context, question string) (qa.Answer, error) {
	a, err := b.opts.Answerer.Ask(ctx, plainQuestion(question))
	a.Question = question
	return a, err
}

// count returns the number of documents, 0 when it cannot be read.
func (b *Bot) count(ctx context.Context) int {
	n, err := b.opts.Library.Count(ctx)
	if err != nil {
		b.log.Error("count documents failed", "err", err)
	}
	return n
}

// helpHTML says what the bot knows and how to ask it.
func (b *Bot) helpHTML(ctx context.Context, greeting bool) string {
	var sb strings.Builder
	if greeting {
		sb.WriteString("Hello! I answer questions about the news from the articles I hold, " +
			"only with sentences quoted word for word, each with its source.\n\n")
	}
	n := b.count(ctx)
	newest, err := b.opts.Library.Recent(ctx, 0, 3)
	if err != nil {
		b.log.Error("newest documents failed", "err", err)
	}
	fmt.Fprintf(&sb, "%s I hold %d articles.", telegram.Bold("What I know:"), n)
	if len(newest) > 0 {
		d := newest[0]
		sb.WriteString(" The newest: " + telegram.EscapeHTML(docTitle(d)))
		if meta := joinNonEmpty(", ", d.Outlet, dateOf(d)); meta != "" {
			sb.WriteString(" (" + telegram.EscapeHTML(meta) + ")")
		}
		sb.WriteString(".")
	}
	if examples := b.opts.Examples; len(examples) > 0 {
		sb.WriteString("\n\n" + telegram.Bold("Try asking:") + "\n")
		for _, e := range examples[:min(len(examples), 3)] {
			sb.WriteString("• " + telegram.EscapeHTML(e) + "\n")
		}
	} else if len(newest) > 0 {
		sb.WriteString("\n\n" + telegram.Bold("Ask in your own words") +
			" — who, what, when, where, why, how many — for instance about the newest stories:\n")
		for _, d := range newest {
			sb.WriteString("• " + telegram.EscapeHTML(docTitle(d)) + "\n")
		}
	}
	sb.WriteString("\n" + telegram.Bold("Commands:") + "\n")
	for _, c := range commandList {
		if c.name != "start" {
			sb.WriteString("/" + c.name + " — " + telegram.EscapeHTML(c.doc) + "\n")
		}
	}
	sb.WriteString("\nIn a group, mention me or reply to my message to ask.")
	return sb.String()
}

// search answers /search with the best passages.
func (b *Bot) search(ctx context.Context, m *tgbotapi.Message, q string) {
	switch n := utf8.RuneCountInString(q); {
	case n == 0:
		b.reply(ctx, m, "Write the words to look for after the command: <code>/search APT29</code>. "+
			"Put words in quote marks to find them together.", nil)
		return
	case n > b.opts.MaxQuestion:
		b.reply(ctx, m, fmt.Sprintf("That search is %d characters long; I take up to %d.", n, b.opts.MaxQuestion), nil)
		return
	}
	hits := b.opts.Index.SearchWith(q, qa.SearchOptions{K: 5, PerDoc: 1})
	if len(hits) == 0 {
		b.reply(ctx, m, "No passage matches “"+telegram.EscapeHTML(q)+"”.", nil)
		return
	}
	var sb strings.Builder
	sb.WriteString(telegram.Bold("Passages for “"+q+"”") + "\n")
	for i, h := range hits {
		d := h.Doc
		fmt.Fprintf(&sb, "\n%d. %s", i+1, telegram.Link(b.sourceHref(d.URL, d.ID), docTitle(d)))
		if meta := joinNonEmpty(", ", d.Outlet, dateOf(d)); meta != "" {
			sb.WriteString(" — " + telegram.EscapeHTML(meta))
		}
		sb.WriteString(" · /source " + strconv.FormatInt(d.ID, 10) + "\n")
		sb.WriteString(telegram.Blockquote(telegram.EscapeHTML(passage(h, maxPassage))) + "\n")
	}
	b.reply(ctx, m, sb.String(), nil)
}

// maxPassage is the most characters of a passage /search shows.
const maxPassage = 400

// passage returns the text of a hit's passage, or, when that is longer
// than limit characters, of its best sentence, cut at a word if still too
// long.
func passage(h qa.Hit, limit int) string {
	d := h.Doc
	if h.First < 0 || h.Last >= len(d.Sentences) || h.Sentence < h.First || h.Sentence > h.Last {
		return ""
	}
	text := d.Body[d.Sentences[h.First].Start:d.Sentences[h.Last].End]
	if utf8.RuneCountInString(text) > limit {
		text = d.Text(d.Sentences[h.Sentence])
		if h.Sentence > h.First {
			text = "… " + text
		}
	}
	return truncate(text, limit)
}
