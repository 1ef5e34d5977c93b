package bot

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/newsdesk/newsdesk/qa"
	"github.com/newsdesk/newsdesk/telegram"
)

// An answer as a phone shows it, in Telegram HTML:
//
//	<b>short answer</b>                       (when the answerer found one)
//	<blockquote>quoted sentence [1][3]</blockquote>
//	…                                          (Options.QuotesShown quotes)
//	<b>Sources differ on the ASPECT:</b>
//	• “version” [1][3]
//	<b>Sources</b>
//	[1] TITLE — OUTLET, DATE                   (the title links to the article)
//
// Citation marks link to the source's URL, or, when the corpus knows none,
// to a deep link that opens the article in the bot (see article.go): a
// quote's mark at the quote, marked, the others at the article's start.
// The sources listed are those the shown quotes and disagreements cite;
// the buttons under the answer show the other quotes, every source, and
// one source's article.

// deepLinkPrefix starts the /start parameter of a link to an article in
// the bot: t.me/BOT?start=src12 sends "/start src12".
const deepLinkPrefix = "src"

// sourceHref is where a citation of a document links to: the article's
// URL, or the article in the bot.
func (b *Bot) sourceHref(url string, docID int64) string {
	return b.quoteHref(url, docID, span{})
}

// quoteHref is where the citation of a quote of a document links to: the
// article's URL, or the article in the bot at the quote's bytes at of its
// body, marked (at may be empty).
func (b *Bot) quoteHref(url string, docID int64, at span) string {
	if url != "" {
		return url
	}
	return b.articleHref(docID, at)
}

// marks renders citation marks [n] for the numbered sources, each a link;
// the mark of the source whose document q quotes links to the quote (q is
// the zero Quote for marks that cite no quote).
func (b *Bot) marks(nums []int, sources map[int]qa.Source, q qa.Quote) string {
	var sb strings.Builder
	for _, n := range nums {
		label := "[" + strconv.Itoa(n) + "]"
		s, ok := sources[n]
		if !ok {
			sb.WriteString(label)
			continue
		}
		var at span
		if n == q.Source && s.DocID == q.DocID {
			at = span{q.Start, q.End}
		}
		sb.WriteString(telegram.Link(b.quoteHref(s.URL, s.DocID, at), label))
	}
	return sb.String()
}

// sourceLine renders one numbered source: its title as a link, outlet and
// date.
func (b *Bot) sourceLine(s qa.Source) string {
	title := s.Title
	if title == "" {
		title = baseName(s.Origin)
	}
	line := "[" + strconv.Itoa(s.N) + "] " + telegram.Link(b.sourceHref(s.URL, s.DocID), title)
	if meta := joinNonEmpty(", ", s.Outlet, s.Published); meta != "" {
		line += " — " + telegram.EscapeHTML(meta)
	}
	if s.CarriedBy != "" {
		line += "; also carried by " + telegram.EscapeHTML(s.CarriedBy)
	}
	if s.Copies != 0 {
		line += " " + telegram.Italic("(copies ["+strconv.Itoa(s.Copies)+"], not an independent source)")
	}
	return line
}

// quoteBlock renders a quote as a block quote ending in its citation marks.
func (b *Bot) quoteBlock(q qa.Quote, sources map[int]qa.Source) string {
	nums := q.Sources
	if len(nums) == 0 {
		nums = []int{q.Source}
	}
	page := ""
	if q.Page > 0 {
		page = " (p. " + strconv.Itoa(q.Page) + ")" // the page of the first source, a PDF
	}
	return telegram.Blockquote(telegram.EscapeHTML(q.Text) + " " + b.marks(nums, sources, q) + page)
}

// renderAnswer renders a for a phone, with its buttons; key is the memo key
// of the question, which the buttons that re-ask it carry. total is the
// number of documents in the corpus, for an abstention to mention.
func (b *Bot) renderAnswer(a qa.Answer, key string, total int) (string, *tgbotapi.InlineKeyboardMarkup) {
	if a.Abstained || len(a.Quotes) == 0 {
		return fmt.Sprintf("I found nothing on this in the %d articles I hold, so I have no quote to give. "+
			"Try other words, or /search for a name or a phrase.", total), nil
	}
	sources := sourceMap(a.Sources)
	var sb strings.Builder
	if a.Text != "" {
		sb.WriteString(telegram.Bold(a.Text) + "\n\n")
	}
	shown, rest := splitQuotes(a.Quotes, b.opts.QuotesShown)
	cited := map[int]bool{}
	labelled := len(aspects(shown)) > 1
	for i, q := range shown {
		if labelled && (i == 0 || shown[i-1].Aspect != q.Aspect) {
			sb.WriteString(telegram.Italic(aspectLabel(q.Aspect)) + "\n")
		}
		sb.WriteString(b.quoteBlock(q, sources) + "\n")
		for _, n := range quoteSources(q) {
			cited[n] = true
		}
	}
	for _, d := range a.Disagreements {
		sb.WriteString("\n" + telegram.Bold("Sources differ on the "+d.Aspect+":") + "\n")
		for _, v := range d.Versions {
			sb.WriteString("• “" + telegram.EscapeHTML(v.Text) + "” " + b.marks(v.Sources, sources, qa.Quote{}) + "\n")
			for _, n := range v.Sources {
				cited[n] = true
			}
		}
	}
	sb.WriteString("\n" + telegram.Bold("Sources") + "\n")
	var listed []qa.Source
	for _, s := range a.Sources {
		if cited[s.N] {
			listed = append(listed, s)
			sb.WriteString(b.sourceLine(s) + "\n")
		}
	}
	if more := len(a.Sources) - len(listed); more > 0 {
		sb.WriteString(fmt.Sprintf("…and %d more.\n", more))
	}
	return sb.String(), b.answerButtons(key, len(rest), len(a.Sources), listed)
}

// moreQuotesHTML renders the quotes of a after the first Options.QuotesShown,
// with the sources they cite.
func (b *Bot) moreQuotesHTML(a qa.Answer) string {
	_, rest := splitQuotes(a.Quotes, b.opts.QuotesShown)
	if len(rest) == 0 {
		return "There are no more quotes for this question."
	}
	sources := sourceMap(a.Sources)
	var sb strings.Builder
	sb.WriteString(telegram.Bold("More quotes on: "+a.Question) + "\n")
	var nums []int
	for _, q := range rest {
		sb.WriteString(b.quoteBlock(q, sources) + "\n")
		for _, n := range quoteSources(q) {
			if !slices.Contains(nums, n) {
				nums = append(nums, n)
			}
		}
	}
	slices.Sort(nums)
	sb.WriteString("\n" + telegram.Bold("Sources") + "\n")
	for _, n := range nums {
		if s, ok := sources[n]; ok {
			sb.WriteString(b.sourceLine(s) + "\n")
		}
	}
	return sb.String()
}

// allSourcesHTML renders every source of a, numbered as in the answer.
func (b *Bot) allSourcesHTML(a qa.Answer) string {
	if len(a.Sources) == 0 {
		return "This answer cites no source."
	}
	var sb strings.Builder
	sb.WriteString(telegram.Bold("All sources on: "+a.Question) + "\n")
	for _, s := range a.Sources {
		sb.WriteString(b.sourceLine(s) + " · /source " + strconv.FormatInt(s.DocID, 10) + "\n")
	}
	return sb.String()
}

// maxSourceButtons is how many "details" buttons an answer carries.
const maxSourceButtons = 8

// answerButtons makes the buttons under an answer: more quotes when some
// are not shown, every source (with the commands that open them) when
// there are several, and one source's details per listed source. Buttons whose callback data cannot
// be made are left out.
func (b *Bot) answerButtons(key string, hiddenQuotes, allSources int, listed []qa.Source) *tgbotapi.InlineKeyboardMarkup {
	var rows [][]tgbotapi.InlineKeyboardButton
	var first []tgbotapi.InlineKeyboardButton
	if hiddenQuotes > 0 {
		first = appendButton(first, fmt.Sprintf("More quotes (%d)", hiddenQuotes), actionMore, key)
	}
	if allSources > 1 { // one source has its details button
		first = appendButton(first, fmt.Sprintf("All sources (%d)", allSources), actionAll, key)
	}
	if len(first) > 0 {
		rows = append(rows, first)
	}
	var details []tgbotapi.InlineKeyboardButton
	for _, s := range listed[:min(len(listed), maxSourceButtons)] {
		details = appendButton(details, fmt.Sprintf("ℹ️ [%d]", s.N), actionDoc, strconv.FormatInt(s.DocID, 10))
	}
	for len(details) > 0 { // four to a row
		n := min(len(details), 4)
		rows = append(rows, details[:n])
		details = details[n:]
	}
	if len(rows) == 0 {
		return nil
	}
	m := tgbotapi.NewInlineKeyboardMarkup(rows...)
	return &m
}

// appendButton appends a button with callback data made of action and
// args, unless the data is invalid (too long), which only a bug can make.
func appendButton(row []tgbotapi.InlineKeyboardButton, label, action string, args ...string) []tgbotapi.InlineKeyboardButton {
	data, err := telegram.CallbackData(action, args...)
	if err != nil {
		return row
	}
	return append(row, tgbotapi.NewInlineKeyboardButtonData(label, data))
}

func sourceMap(sources []qa.Source) map[int]qa.Source {
	m := make(map[int]qa.Source, len(sources))
	for _, s := range sources {
		m[s.N] = s
	}
	return m
}

func quoteSources(q qa.Quote) []int {
	if len(q.Sources) == 0 {
		return []int{q.Source}
	}
	return q.Sources
}

// joinNonEmpty joins the non-empty parts with sep.
func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// baseName returns the last element of an origin path (an archive line's
// keeps its "#id"), to name a document without a title.
func baseName(origin string) string {
	if i := strings.LastIndexAny(origin, "/\\"); i >= 0 {
		origin = origin[i+1:]
	}
	if origin == "" {
		return "untitled"
	}
	return origin
}

// splitQuotes picks the n quotes an answer shows first, the rest going
// behind its "more quotes" button. A question of several parts ("who …
// and why") gets its parts' best quotes first, in turn, so that no part is
// left hidden; shown quotes are grouped by part, in the parts' order.
func splitQuotes(quotes []qa.Quote, n int) (shown, rest []qa.Quote) {
	if len(quotes) <= n {
		return quotes, nil
	}
	order := aspects(quotes)
	byAspect := map[string][]int{}
	for i, q := range quotes {
		byAspect[q.Aspect] = append(byAspect[q.Aspect], i)
	}
	picked := map[int]bool{}
	for round := 0; len(picked) < n; round++ {
		for _, asp := range order {
			if idx := byAspect[asp]; round < len(idx) && len(picked) < n {
				picked[idx[round]] = true
			}
		}
	}
	for _, asp := range order {
		for _, i := range byAspect[asp] {
			if picked[i] {
				shown = append(shown, quotes[i])
			}
		}
	}
	for i, q := range quotes {
		if !picked[i] {
			rest = append(rest, q)
		}
	}
	return shown, rest
}

// aspects returns the distinct aspects of quotes in order of appearance.
func aspects(quotes []qa.Quote) []string {
	var out []string
	for _, q := range quotes {
		if !slices.Contains(out, q.Aspect) {
			out = append(out, q.Aspect)
		}
	}
	return out
}

// aspectLabel names a part of a question above its quotes.
func aspectLabel(aspect string) string {
	switch aspect {
	case "how many":
		return "How many"
	case "":
		return "On the question"
	}
	return strings.ToUpper(aspect[:1]) + aspect[1:]
}
