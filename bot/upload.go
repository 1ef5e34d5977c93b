package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"unicode"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/newsdesk/newsdesk/corpus"
	"github.com/newsdesk/newsdesk/fetch"
	"github.com/newsdesk/newsdesk/telegram"
)

// An administrator adds a document by sending it to the bot in a private
// chat: the bot asks Telegram where the file is (getFile), downloads it
// (Downloader), passes it to the Ingester and replies with what was added.

// upload handles a document sent in a private chat by an admitted sender.
func (b *Bot) upload(ctx context.Context, m *tgbotapi.Message) {
	doc := m.Document
	switch {
	case !b.isAdmin(m.From.ID):
		b.reply(ctx, m, "Thank you, but only the bot's administrators can add documents. "+
			"Send your question as text instead.", nil)
		return
	case b.opts.Ingester == nil || b.opts.Files == nil:
		b.reply(ctx, m, "Adding documents through the chat is off on this bot.", nil)
		return
	case doc.FileID == "":
		b.log.Debug("document ignored: no file id", "chat", m.Chat.ID)
		return
	case int64(doc.FileSize) > b.opts.MaxUpload:
		b.reply(ctx, m, fmt.Sprintf("That file is %s; I take files of up to %s.",
			size(int64(doc.FileSize)), size(b.opts.MaxUpload)), nil)
		return
	}
	name := doc.FileName
	if name == "" {
		name = doc.FileUniqueID
	}
	data, err := b.fetch(ctx, doc.FileID)
	if err != nil {
		b.log.Error("document download failed", "chat", m.Chat.ID, "user", m.From.ID, "file", name, "err", err)
		b.reply(ctx, m, "Sorry, I could not download "+telegram.EscapeHTML(name)+" from Telegram.", nil)
		return
	}
	sum, err := b.opts.Ingester.AddFile(ctx, name, data)
	if err != nil {
		// The ingester names what is wrong with the file (binary, empty,
		// a bad line), and the sender administers the bot: show it.
		b.log.Error("document not added", "chat", m.Chat.ID, "user", m.From.ID, "file", name, "err", err)
		b.reply(ctx, m, "I could not add "+telegram.Bold(name)+": "+telegram.EscapeHTML(err.Error()), nil)
		return
	}
	b.log.Info("document added", "chat", m.Chat.ID, "user", m.From.ID, "file", name, "bytes", len(data),
		"added", sum.Added, "unchanged", sum.Unchanged, "duplicates", sum.Duplicates, "carried", sum.Carried, "failed", sum.Failed)
	b.reply(ctx, m, summaryHTML(name, sum), nil)
}

// fetch finds and downloads a file by its id.
func (b *Bot) fetch(ctx context.Context, fileID string) ([]byte, error) {
	resp, err := b.client.Request(ctx, tgbotapi.FileConfig{FileID: fileID})
	if err != nil {
		return nil, err
	}
	var f tgbotapi.File
	if err := json.Unmarshal(resp.Result, &f); err != nil {
		return nil, fmt.Errorf("getFile: decode: %w", err)
	}
	if f.FilePath == "" {
		return nil, errors.New("getFile: no file_path (the file may be over the Bot API's download limit)")
	}
	return b.opts.Files.Download(ctx, f.FilePath, b.opts.MaxUpload)
}

// summaryHTML reports what adding one file did.
func summaryHTML(name string, s corpus.Summary) string {
	var sb strings.Builder
	sb.WriteString(telegram.Bold(name) + ": ")
	var parts []string
	for _, c := range []struct {
		n    int
		what string
	}{
		{s.Added, "added"}, {s.Duplicates, "added as near-duplicates of articles I hold"},
		{s.Carried, "already held from another outlet, noted as carried by this one too"},
		{s.Unchanged, "already held"}, {s.Failed, "could not be read"},
	} {
		if c.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s %s", c.n, plural(c.n, "article", "articles"), c.what))
		}
	}
	if len(parts) == 0 {
		parts = append(parts, "no article found in it")
	}
	sb.WriteString(strings.Join(parts, "; ") + ".")
	for _, err := range s.Errors[:min(len(s.Errors), 5)] {
		sb.WriteString("\n• " + telegram.EscapeHTML(err.Error()))
	}
	return sb.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// size formats a byte count for people.
func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// HTTPFiles downloads the files the Bot API keeps for a bot, with a GET on
// its file endpoint. Give it the HTTP client of the telegram.Client, so
// that downloads take the same transport (in a mock run, the transport
// that plays the Bot API).
type HTTPFiles struct {
	// Client carries the requests (default http.DefaultClient).
	Client *http.Client
	// Endpoint is the URL pattern with two %s, for the token and the file
	// path (default tgbotapi.FileEndpoint,
	// "https://api.telegram.org/file/bot%s/%s").
	Endpoint string
	// Token is the bot token. It never appears in errors.
	Token string
}

// Download fetches the file at filePath, as getFile returned it, failing
// when it is longer than limit bytes.
func (f HTTPFiles) Download(ctx context.Context, filePath string, limit int64) ([]byte, error) {
	endpoint := f.Endpoint
	if endpoint == "" {
		endpoint = tgbotapi.FileEndpoint
	}
	hc := f.Client
	if hc == nil {
		hc = http.DefaultClient
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf(endpoint, f.Token, filePath), nil)
	if err != nil {
		return nil, f.scrub(fmt.Errorf("download %s: %w", filePath, err))
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, f.scrub(fmt.Errorf("download %s: %w", filePath, err))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("download %s: HTTP status %d", filePath, resp.StatusCode)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, f.scrub(fmt.Errorf("download %s: %w", filePath, err))
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("download %s: longer than %d bytes", filePath, limit)
	}
	return data, nil
}

// scrub removes the token from err's message; the chain is kept only when
// the message does not hold the token.
func (f HTTPFiles) scrub(err error) error {
	if f.Token == "" || !strings.Contains(err.Error(), f.Token) {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), f.Token, "<token>"))
}

// isLink reports whether text is one http or https link and nothing else:
// what an administrator sends to add a page. A question that holds a link
// among its words is a question.
func isLink(text string) bool {
	text = strings.TrimSpace(text)
	lower := strings.ToLower(text)
	return (strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://")) &&
		!strings.ContainsFunc(text, unicode.IsSpace) && len(text) > len("https://")
}

// addLink fetches the page at link, sent by an admitted sender in a
// private chat, and adds it when the sender administers the bot.
func (b *Bot) addLink(ctx context.Context, m *tgbotapi.Message, link string) {
	link = strings.TrimSpace(link)
	shown := fetch.Redact(link) // a link's query may carry a token: never logged or echoed
	switch {
	case !b.isAdmin(m.From.ID):
		b.reply(ctx, m, "Thank you, but only the bot's administrators can add articles. "+
			"Write your question as text, and I will answer it from the articles I hold.", nil)
		return
	case b.opts.Ingester == nil:
		b.reply(ctx, m, "Adding articles through the chat is off on this bot.", nil)
		return
	}
	sum, err := b.opts.Ingester.AddURL(ctx, link)
	if err != nil {
		b.log.Error("link not added", "chat", m.Chat.ID, "user", m.From.ID, "link", shown, "err", err)
		msg := err.Error()
		if errors.Is(err, fetch.ErrForbiddenAddress) {
			msg += ". Set FETCH_ALLOW_PRIVATE=true where the bot runs to let it fetch from an intranet."
		}
		b.reply(ctx, m, "I could not add "+telegram.EscapeHTML(shown)+": "+telegram.EscapeHTML(msg), nil)
		return
	}
	b.log.Info("link added", "chat", m.Chat.ID, "user", m.From.ID, "link", shown,
		"added", sum.Added, "unchanged", sum.Unchanged, "duplicates", sum.Duplicates, "carried", sum.Carried)
	b.reply(ctx, m, summaryHTML(shown, sum), nil)
}
