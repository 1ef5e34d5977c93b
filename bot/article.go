package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/newsdesk/newsdesk/corpus"
	"github.com/newsdesk/newsdesk/telegram"
)

// Reading a stored article: /source N, the source buttons under an answer
// and the deep links of citations open the whole article, a page to a
// message (see pages.go for how it is cut), turned in place by the page's
// ‹ and › buttons. A page as a phone shows it, in Telegram HTML:
//
//	<b>TITLE</b>
//	OUTLET · AUTHOR · DATE
//	<i>Page k of n · the quote is underlined</i>   (the count when n > 1, the note when a quote is on the page)
//
//	<i>p. 4</i> PARAGRAPH                           (a PDF's page: where it changes, and atop each page)
//
//	PARAGRAPH … <u>QUOTED SENTENCE</u> …
//
//	LINK
//	Also carried by OUTLET (DATE): LINK             (each carrier, at most three)
//	Article 12, 40 sentences, from <code>ORIGIN</code>; it repeats /source 3.
//
// with the buttons ‹, k / n and › when there are several pages.
//
// A citation of an article the corpus has no link for opens it in the bot:
// https://t.me/BOT?start=PAYLOAD makes the user's client send
// "/start PAYLOAD", where PAYLOAD, in the characters Telegram allows there
// (A-Z a-z 0-9 _ -, at most 64), is one of
//
//	src12            article 12 from its first page
//	src12_340        article 12 at the sentence that starts at byte 340 of its body, marked
//	src12_340-612    article 12 at the quote body[340:612], marked
//
// An answer's quote links with the last form: a quote is whole sentences
// of one document, so start and end are a sentence's start and a
// sentence's end, and the mark is exactly the quoted text. The longest
// payload, with three 19-digit numbers, is 62 characters.
//
// The ‹ and › buttons carry art:ID:OFFSET, or art:ID:OFFSET:START:END with a
// quote marked, where OFFSET is the first byte of the page they turn to:
// the page is found again by the text it holds, so a button under an old
// message still opens the right text after the pages were cut anew.

// pageText is the most article text one page holds, in UTF-16 code units
// of its HTML (see pageUnits): Telegram takes 4096 per message, and the
// rest is for the header, the footer, the marks and the PDF labels.
const pageText = 3500

// minPageText is the least article text a page holds, however long the
// header and footer.
const minPageText = 1000

// markReserve is the room each page keeps for the tags that mark a quote:
// a pair for each paragraph the quote touches on the page.
const markReserve = 64

// markTags are the tags around a marked quote.
const markOpen, markClose = "<u>", "</u>"

// Limits of what the header and footer show of an article's metadata,
// in characters, so that they leave a page its room.
const (
	maxFrameField   = 200  // title, metadata line, origin, a carrier's name
	maxShownURL     = 100  // a link's text
	maxHref         = 1000 // a longer link is shown, cut, as text
	maxCarrierLines = 3
)

// span is the bytes [start, end) of a body; the zero span marks nothing.
type span struct{ start, end int }

func (s span) empty() bool { return s.end <= s.start }

// articleRef names what to show of an article: the page that holds byte
// at of its body, and the quote to mark. A mark with end -1 is the
// sentence that starts at mark.start, until checked against the body.
type articleRef struct {
	id   int64
	at   int
	mark span
}

// parseDeepLink reads a deep link's payload after "src" (see above).
func parseDeepLink(payload string) (articleRef, bool) {
	idText, place, located := strings.Cut(payload, "_")
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil || id <= 0 {
		return articleRef{}, false
	}
	ref := articleRef{id: id}
	if !located {
		return ref, true
	}
	from, to, ranged := strings.Cut(place, "-")
	start, err := strconv.Atoi(from)
	if err != nil || start < 0 {
		return articleRef{}, false
	}
	end := -1
	if ranged {
		if end, err = strconv.Atoi(to); err != nil || end <= start {
			return articleRef{}, false
		}
	}
	return articleRef{id: id, at: start, mark: span{start, end}}, true
}

// parseArticleButton reads the arguments of an art button.
func parseArticleButton(args []string) (articleRef, bool) {
	if len(args) != 2 && len(args) != 4 {
		return articleRef{}, false
	}
	var n [4]int64
	for i, a := range args {
		v, err := strconv.ParseInt(a, 10, 64)
		if err != nil || v < 0 {
			return articleRef{}, false
		}
		n[i] = v
	}
	ref := articleRef{id: n[0], at: int(n[1]), mark: span{int(n[2]), int(n[3])}}
	if ref.id <= 0 || len(args) == 4 && ref.mark.empty() {
		return articleRef{}, false
	}
	return ref, true
}

// articleHref is the deep link that opens article id in the bot, at the
// quote mark when it is not empty; "" when the bot's user name is unknown.
func (b *Bot) articleHref(id int64, mark span) string {
	if b.self.UserName == "" {
		return ""
	}
	payload := deepLinkPrefix + strconv.FormatInt(id, 10)
	if !mark.empty() {
		payload += "_" + strconv.Itoa(mark.start) + "-" + strconv.Itoa(mark.end)
	}
	return "https://t.me/" + b.self.UserName + "?start=" + payload
}

// resolve checks ref's place against d: an offset within the body, a mark
// from the start of one of its sentences to the end of the same or a later
// one. It returns ref with the mark's end filled in.
func resolve(d *corpus.Document, ref articleRef) (articleRef, bool) {
	if ref.at < 0 || ref.at > len(d.Body) {
		return ref, false
	}
	if ref.mark == (span{}) {
		return ref, true
	}
	s := d.Sentences
	i := sort.Search(len(s), func(i int) bool { return s[i].Start >= ref.mark.start })
	if i == len(s) || s[i].Start != ref.mark.start {
		return ref, false
	}
	if ref.mark.end < 0 {
		ref.mark.end = s[i].End
		return ref, true
	}
	j := sort.Search(len(s), func(j int) bool { return s[j].End >= ref.mark.end })
	if j == len(s) || s[j].End != ref.mark.end || j < i {
		return ref, false
	}
	return ref, true
}

// readLink answers "/start src…", a deep link into an article.
func (b *Bot) readLink(ctx context.Context, m *tgbotapi.Message, payload string) {
	ref, ok := parseDeepLink(payload)
	if !ok {
		b.reply(ctx, m, "That link does not name an article I can open; it may have been cut short. "+
			"/sources lists the articles.", nil)
		return
	}
	html, markup, _ := b.articlePage(ctx, ref)
	b.reply(ctx, m, html, markup)
}

// articlePage renders the page of an article that ref names, with its
// buttons; when it cannot (no such article or place), a sentence that
// says why, and false.
func (b *Bot) articlePage(ctx context.Context, ref articleRef) (string, *tgbotapi.InlineKeyboardMarkup, bool) {
	d, err := b.opts.Library.Document(ctx, ref.id)
	switch {
	case errors.Is(err, corpus.ErrNotFound):
		return fmt.Sprintf("I hold no article number %d. /sources lists them.", ref.id), nil, false
	case err != nil:
		b.log.Error("read document failed", "doc", ref.id, "err", err)
		return "Sorry, I could not read that article just now.", nil, false
	}
	ref, ok := resolve(d, ref)
	if !ok {
		return fmt.Sprintf("Article %d has no sentence at the place this link names; it may have been cut short. "+
			"/source %d opens the article from the start.", d.ID, d.ID), nil, false
	}
	f := frameOf(d)
	starts := paginate(d, f.budget)
	k := pageOf(starts, ref.at)
	to := len(d.Body)
	if k+1 < len(starts) {
		to = starts[k+1]
	}
	text, marked := pageHTML(d, starts[k], to, ref.mark)
	return f.page(text, k, len(starts), marked), articleButtons(d.ID, starts, k, ref.mark), true
}

// editArticlePage turns the article page msg to the page ref names, and
// returns a note for the button press when it cannot.
func (b *Bot) editArticlePage(ctx context.Context, msg *tgbotapi.Message, ref articleRef) string {
	html, markup, ok := b.articlePage(ctx, ref)
	if !ok {
		return html
	}
	b.edit(ctx, msg, html, markup)
	return ""
}

// frame is what every page of an article shows around its text, and the
// budget that leaves for the text.
type frame struct {
	head, foot string // HTML
	budget     int    // see pageUnits
}

// frameOf makes the header and footer of d's pages.
func frameOf(d *corpus.Document) frame {
	var f frame
	f.head = telegram.Bold(truncate(docTitle(d), maxFrameField))
	if meta := joinNonEmpty(" · ", d.Outlet, d.Author, dateOf(d)); meta != "" {
		f.head += "\n" + telegram.EscapeHTML(truncate(meta, maxFrameField))
	}
	var foot strings.Builder
	if d.URL != "" {
		foot.WriteString(shownLink(d.URL) + "\n")
	}
	for i, c := range d.Carriers {
		if i == maxCarrierLines {
			fmt.Fprintf(&foot, "…and %d more outlets.\n", len(d.Carriers)-i)
			break
		}
		foot.WriteString("Also carried by " + telegram.EscapeHTML(truncate(corpus.CarriersLine([]corpus.Carrier{c}), maxFrameField)))
		if c.URL != "" {
			foot.WriteString(": " + shownLink(c.URL))
		}
		foot.WriteString("\n")
	}
	fmt.Fprintf(&foot, "Article %d, %d sentences, from %s", d.ID, len(d.Sentences), telegram.Code(truncate(d.Origin, maxFrameField)))
	if d.DuplicateOf != 0 {
		fmt.Fprintf(&foot, "; it repeats /source %d", d.DuplicateOf)
	}
	foot.WriteString(".")
	f.foot = foot.String()

	// The widest page: the most pages the body could make, a quote on it,
	// a PDF label atop it.
	most := len(d.Body) + 1
	reserve := htmlUnits(f.page("", most-1, most, true)) + markReserve
	if d.Pages != nil {
		reserve += len(pdfLabel(slices.Max(d.Pages)))
	}
	f.budget = max(min(pageText, telegram.MaxMessageLength-reserve), minPageText)
	return f
}

// page puts the HTML text of page k of n in the frame; marked says a
// quote is marked on it.
func (f frame) page(text string, k, n int, marked bool) string {
	var label []string
	if n > 1 {
		label = append(label, fmt.Sprintf("Page %d of %d", k+1, n))
	}
	if marked {
		label = append(label, "the quote is underlined")
	}
	head := f.head
	if len(label) > 0 {
		l := strings.Join(label, " · ")
		head += "\n" + telegram.Italic(strings.ToUpper(l[:1])+l[1:])
	}
	return head + "\n\n" + text + "\n\n" + f.foot
}

// shownLink shows a link as itself, cut to maxShownURL characters; a link
// longer than maxHref is shown, cut, as text, not to crowd out the page.
func shownLink(u string) string {
	shown := truncate(u, maxShownURL)
	if len(u) > maxHref {
		return telegram.EscapeHTML(shown)
	}
	return telegram.Link(u, shown)
}

// htmlUnits is the length of HTML s in UTF-16 code units.
func htmlUnits(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// pageHTML renders the bytes [from, to) of d's body: its paragraphs, or
// the parts of them the page holds, trimmed and separated by a blank
// line, each escaped, a PDF paragraph labelled with its page where it
// changes and atop the page, and the part of mark within them between
// markOpen and markClose. It reports whether it marked anything.
func pageHTML(d *corpus.Document, from, to int, mark span) (string, bool) {
	body := d.Body
	para := strings.Count(body[:from], "\n\n")
	var parts []string
	marks := 0
	for start := from; start < to; para++ {
		end, next := to, to
		if i := strings.Index(body[start:to], "\n\n"); i >= 0 {
			end, next = start+i, start+i+2
		}
		s := start + len(body[start:end]) - len(strings.TrimLeft(body[start:end], " \t\n"))
		e := s + len(strings.TrimRight(body[s:end], " \t\n"))
		start = next
		if s == e {
			continue
		}
		var sb strings.Builder
		if d.Page(para) > 0 && (len(parts) == 0 || labelled(d, para)) {
			sb.WriteString(pdfLabel(d.Page(para)))
		}
		if m := (span{max(mark.start, s), min(mark.end, e)}); !m.empty() && (marks+1)*len(markOpen+markClose) <= markReserve {
			sb.WriteString(telegram.EscapeHTML(body[s:m.start]) + markOpen + telegram.EscapeHTML(body[m.start:m.end]) +
				markClose + telegram.EscapeHTML(body[m.end:e]))
			marks++
		} else {
			sb.WriteString(telegram.EscapeHTML(body[s:e]))
		}
		parts = append(parts, sb.String())
	}
	return strings.Join(parts, "\n\n"), marks > 0
}

// articleButtons makes the ‹, k / n and › buttons of page k; none for an
// article of one page.
func articleButtons(id int64, starts []int, k int, mark span) *tgbotapi.InlineKeyboardMarkup {
	n := len(starts)
	if n < 2 {
		return nil
	}
	var row []tgbotapi.InlineKeyboardButton
	if k > 0 {
		row = appendArticleButton(row, "‹", id, starts[k-1], mark)
	}
	row = appendButton(row, fmt.Sprintf("%d / %d", k+1, n), actionNoop)
	if k+1 < n {
		row = appendArticleButton(row, "›", id, starts[k+1], mark)
	}
	markup := tgbotapi.NewInlineKeyboardMarkup(row)
	return &markup
}

// appendArticleButton appends a button that turns article id to the page
// that starts at byte at, keeping the quote mark when the button's data
// has room for it.
func appendArticleButton(row []tgbotapi.InlineKeyboardButton, label string, id int64, at int, mark span) []tgbotapi.InlineKeyboardButton {
	args := []string{strconv.FormatInt(id, 10), strconv.Itoa(at)}
	if !mark.empty() {
		if data, err := telegram.CallbackData(actionArticle, append(args, strconv.Itoa(mark.start), strconv.Itoa(mark.end))...); err == nil {
			return append(row, tgbotapi.NewInlineKeyboardButtonData(label, data))
		}
	}
	return appendButton(row, label, actionArticle, args...)
}
