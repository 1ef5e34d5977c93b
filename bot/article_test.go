package bot

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/newsdesk/newsdesk/corpus"
	"github.com/newsdesk/newsdesk/telegram"
)

// longSource is an article of about 12,500 characters: eleven paragraphs
// that each fit on a page and, sixth, one of thirty sentences that does
// not. Its sentences hold characters HTML escapes and one outside
// the Basic Multilingual Plane, which Telegram counts twice.
func longSource() corpus.Source {
	inspectors := []string{"Maes", "Peeters", "Janssens", "Claes", "Wouters", "Goossens", "Willems"}
	var paras []string
	n := 0
	for p := range 12 {
		count := 5
		if p == 5 {
			count = 30
		}
		var sents []string
		for range count {
			n++
			sents = append(sents, fmt.Sprintf("Inspector %s of the Ostend harbour board counted %d containers & %d cranes on pier %d, "+
				"\"a record\" <by far> for the week 🚢 of the count number %d.", inspectors[n%len(inspectors)], 100+n, n%9+1, n%4+1, n))
		}
		paras = append(paras, strings.Join(sents, " "))
	}
	return corpus.Source{Origin: "test/ostend.txt", Format: corpus.Paragraphs, Content: strings.Join(paras, "\n\n"),
		Meta: corpus.Meta{Title: "Ostend harbour counts its containers", Outlet: "Coast & Port <Daily>", Author: "Lies Maes",
			URL: "https://example.org/ostend?count=1&week=2"}}
}

// docByOrigin returns the stored document that came from origin.
func docByOrigin(t *testing.T, h *harness, origin string) *corpus.Document {
	t.Helper()
	for id := int64(1); ; id++ {
		d, err := h.store.Document(context.Background(), id)
		if errors.Is(err, corpus.ErrNotFound) {
			t.Fatalf("no stored document from %s", origin)
		}
		if err != nil {
			t.Fatal(err)
		}
		if d.Origin == origin {
			return d
		}
	}
}

// articleText returns the article text a page shows, as the reader sees
// it: what lies between the header and the footer.
func articleText(t *testing.T, html string) string {
	t.Helper()
	visible := telegram.StripHTML(html)
	i, j := strings.Index(visible, "\n\n"), strings.LastIndex(visible, "\n\n")
	if i < 0 || j <= i {
		t.Fatalf("page without header, text and footer:\n%s", html)
	}
	return visible[i+2 : j]
}

// checkPageSize fails when a page would not go out as one message.
func checkPageSize(t *testing.T, k int, html string) {
	t.Helper()
	if n := len(utf16.Encode([]rune(html))); n > telegram.MaxMessageLength {
		t.Errorf("page %d is %d UTF-16 units of HTML, over %d", k+1, n, telegram.MaxMessageLength)
	}
	if parts := telegram.SplitHTML(html, telegram.MaxMessageLength); len(parts) != 1 {
		t.Errorf("page %d would go out as %d messages", k+1, len(parts))
	}
}

var pageCountRE = regexp.MustCompile(`Page (\d+) of (\d+)`)

// pageNumber reads "Page k of n" from a page's header.
func pageNumber(t *testing.T, html string) (k, n int) {
	t.Helper()
	m := pageCountRE.FindStringSubmatch(telegram.StripHTML(html))
	if m == nil {
		t.Fatalf("page without its number:\n%s", html)
	}
	k, _ = strconv.Atoi(m[1])
	n, _ = strconv.Atoi(m[2])
	return k, n
}

// marked returns the HTML inside the page's marks.
func marked(html string) []string {
	var out []string
	for {
		_, rest, ok := strings.Cut(html, markOpen)
		if !ok {
			return out
		}
		inner, after, _ := strings.Cut(rest, markClose)
		out = append(out, inner)
		html = after
	}
}

// turnPages presses › under the article page first until the last page,
// numbering the presses on from *presses, and returns every page's HTML.
// Each press must edit the page in place.
func turnPages(t *testing.T, h *harness, first telegram.Call, presses *int) []string {
	t.Helper()
	pages := []string{param(first, "text")}
	for bs := buttons(t, first); bs["›"] != ""; {
		if len(pages) == 30 {
			t.Fatal("› never reaches a last page")
		}
		*presses++
		_, sent := h.pressed(*presses, bs["›"], "")
		if len(sent) != 1 || sent[0].Method != "editMessageText" || param(sent[0], "message_id") != "900" {
			t.Fatalf("› on page %d: got %v, want one edit of the message", len(pages), sent)
		}
		pages = append(pages, param(sent[0], "text"))
		bs = buttons(t, sent[0])
	}
	return pages
}

func TestArticlePages(t *testing.T) {
	h := newHarness(t, []corpus.Source{longSource()}, nil)
	d := docByOrigin(t, h, "test/ostend.txt")
	if n := utf8.RuneCountInString(d.Body); n < 11000 || strings.Count(d.Body, "\n\n") != 11 {
		t.Fatalf("the stored article is %d characters in %d paragraphs, want the whole test article", n, strings.Count(d.Body, "\n\n")+1)
	}
	h.handle(privateText(1, 1, ann, "/source "+strconv.FormatInt(d.ID, 10)))
	first := h.sentTo(ann)
	if len(first) != 1 {
		t.Fatalf("/source sent %d messages, want one page", len(first))
	}

	// Turn the pages with ›, each edit in place, to the last.
	presses := 0
	pages := turnPages(t, h, first[0], &presses)
	if len(pages) < 3 {
		t.Fatalf("a %d-byte article came in %d pages, want several", len(d.Body), len(pages))
	}
	for k, p := range pages {
		checkPageSize(t, k, p)
		if gotK, gotN := pageNumber(t, p); gotK != k+1 || gotN != len(pages) {
			t.Errorf("page %d says it is page %d of %d, want %d of %d", k+1, gotK, gotN, k+1, len(pages))
		}
		if !strings.Contains(p, `<a href="https://example.org/ostend?count=1&amp;week=2">`) || !strings.Contains(p, "test/ostend.txt") ||
			!strings.Contains(telegram.StripHTML(p), "Coast & Port <Daily> · Lies Maes") {
			t.Errorf("page %d lacks the header or footer:\n%s", k+1, p)
		}
		if strings.Contains(p, markOpen) {
			t.Errorf("page %d marks something, but no quote was asked for", k+1)
		}
	}
	// ‹ turns back: the page before the last, as it was.
	last := len(pages) - 1
	presses++
	_, sent := h.pressed(presses, buttons(t, h.calls("editMessageText")[last-1])["‹"], "")
	if len(sent) != 1 || sent[0].Method != "editMessageText" || param(sent[0], "text") != pages[last-1] {
		t.Errorf("‹ on the last page: got %v, want the page before it", sent)
	}

	// The pages read in order are the body: each page's text is the next
	// stretch of it, only white space between them, none left over.
	body := d.Body
	pos := 0
	var starts []int
	for k, p := range pages {
		text := articleText(t, p)
		i := strings.Index(body[pos:], text)
		if i < 0 || strings.TrimSpace(body[pos:pos+i]) != "" {
			t.Fatalf("page %d is not the next stretch of the body after byte %d:\n%.200q…", k+1, pos, text)
		}
		starts = append(starts, pos+i)
		pos += i + len(text)
	}
	if strings.TrimSpace(body[pos:]) != "" {
		t.Errorf("the pages leave out the body's end: %.100q", body[pos:])
	}
	if got := words(strings.Join(func() []string {
		var out []string
		for _, p := range pages {
			out = append(out, articleText(t, p))
		}
		return out
	}(), " ")); got != words(body) {
		t.Errorf("the pages together differ from the body")
	}
	// Every paragraph that fits a page is on one page, whole; the long
	// one is cut only between sentences.
	paraStarts := map[int]bool{0: true}
	sentStarts := map[int]bool{}
	for _, s := range d.Sentences {
		sentStarts[s.Start] = true
	}
	for i := 0; ; {
		j := strings.Index(body[i:], "\n\n")
		if j < 0 {
			break
		}
		i += j + 2
		paraStarts[i] = true
	}
	for k, at := range starts[1:] {
		if !sentStarts[at] {
			t.Errorf("page %d starts inside a sentence: %.60q", k+2, body[at:])
		}
	}
	for i, para := range strings.Split(body, "\n\n") {
		holding := 0
		for _, p := range pages {
			holding += strings.Count(articleText(t, p), para)
		}
		if fits := pageUnits(para) <= pageText; fits && holding != 1 {
			t.Errorf("paragraph %d, which fits a page, is whole on %d pages, want 1", i+1, holding)
		}
	}
	cutInside := 0
	for _, at := range starts[1:] {
		if !paraStarts[at] {
			cutInside++
		}
	}
	if cutInside == 0 {
		t.Errorf("the paragraph longer than a page was not cut")
	}
}

func TestArticleAtQuote(t *testing.T) {
	h := newHarness(t, []corpus.Source{longSource()}, nil)
	d := docByOrigin(t, h, "test/ostend.txt")
	id := strconv.FormatInt(d.ID, 10)

	// A sentence late in the long paragraph: its page, by paging through.
	s := d.Sentences[5*5+25]
	sentence := d.Text(s)
	h.handle(privateText(1, 1, ann, "/source "+id))
	presses := 0
	pages := turnPages(t, h, h.sentTo(ann)[0], &presses)
	want := -1
	for k, p := range pages {
		if strings.Contains(articleText(t, p), sentence) {
			want = k
		}
	}
	if want < 1 {
		t.Fatalf("the sentence is on page %d; the test wants one after the first", want+1)
	}

	// The deep link that names the sentence opens its page, the sentence,
	// and only it, marked.
	h.handle(privateText(2, 2, ann, fmt.Sprintf("/start src%s_%d", id, s.Start)))
	got := h.repliesTo(ann, 2)
	if len(got) != 1 {
		t.Fatalf("deep link: %d replies, want one page", len(got))
	}
	page := got[0]
	checkPageSize(t, want, page)
	if k, _ := pageNumber(t, page); k != want+1 {
		t.Errorf("deep link opened page %d, want %d, the page that holds the sentence", k, want+1)
	}
	if m := marked(page); len(m) != 1 || m[0] != telegram.EscapeHTML(sentence) {
		t.Errorf("deep link marked %q, want exactly %q", m, telegram.EscapeHTML(sentence))
	}
	if !strings.Contains(telegram.StripHTML(page), "the quote is underlined") {
		t.Errorf("the page does not say what the underline is")
	}
	// Its ‹ button goes to the page before, with nothing on it to mark,
	// and › comes back to the sentence, marked.
	reply := h.sentTo(ann)
	bs := buttons(t, reply[len(reply)-1])
	presses++
	_, sent := h.pressed(presses, bs["‹"], "")
	if len(sent) != 1 || articleText(t, param(sent[0], "text")) != articleText(t, pages[want-1]) || len(marked(param(sent[0], "text"))) != 0 {
		t.Fatalf("‹ from the marked page: got %v", sent)
	}
	presses++
	_, sent = h.pressed(presses, buttons(t, sent[0])["›"], "")
	if len(sent) != 1 || param(sent[0], "text") != page {
		t.Errorf("› back to the marked page: got %v, want it as the deep link showed it", sent)
	}
}

// TestAnswerOpensQuotes follows the citation links of an answer from
// articles without a link: each opens the article at its quote, and marks
// exactly the quoted text.
func TestAnswerOpensQuotes(t *testing.T) {
	h := newHarness(t, nil, nil)
	h.handle(privateText(1, 1, ann, "Which websites were disrupted by the attack?"))
	answer := h.repliesTo(ann, 1)
	if len(answer) != 1 {
		t.Fatalf("%d replies, want one answer", len(answer))
	}
	hrefRE := regexp.MustCompile(`<a href="https://t\.me/newsdesk_mock_bot\?start=(src[0-9]+_[0-9]+-[0-9]+)">\[\d+\]</a>`)
	quotes := blockquotes(answer[0])
	if len(quotes) == 0 {
		t.Fatalf("the answer has no quotes:\n%s", answer[0])
	}
	for i, q := range quotes {
		m := hrefRE.FindStringSubmatch(q)
		if m == nil {
			t.Errorf("quote %d does not link into the bot at the quote: %s", i+1, q)
			continue
		}
		text, _, _ := strings.Cut(q, " <a href")
		h.handle(privateText(10+i, 10+i, ann, "/start "+m[1]))
		page := h.repliesTo(ann, 10+i)
		if len(page) != 1 {
			t.Fatalf("link %s: %d replies, want one page", m[1], len(page))
		}
		if got := marked(page[0]); len(got) != 1 || got[0] != text {
			t.Errorf("link %s marks %q, want exactly the quote %q", m[1], got, text)
		}
	}
}

func TestArticleLinkRefused(t *testing.T) {
	h := newHarness(t, []corpus.Source{longSource()}, nil)
	d := docByOrigin(t, h, "test/ostend.txt")
	id := strconv.FormatInt(d.ID, 10)
	s := d.Sentences[3]
	for i, c := range []struct{ text, want string }{
		{"/start src999", "I hold no article number 999"},
		{"/start src999_0", "I hold no article number 999"},
		{"/source 999", "I hold no article number 999"},
		{"/start src" + id + "_99999999", "Article " + id + " has no sentence at the place this link names"},
		{fmt.Sprintf("/start src%s_%d", id, s.Start+3), "has no sentence at the place"},                 // inside a sentence
		{fmt.Sprintf("/start src%s_%d-%d", id, s.Start, s.End-1), "has no sentence at the place"},       // not a sentence's end
		{fmt.Sprintf("/start src%s_%d-%d", id, s.Start, len(d.Body)+5), "has no sentence at the place"}, // past the end
		{"/start srcabc", "does not name an article"},
		{"/start src" + id + "_5-2", "does not name an article"},
		{"/start src" + id + "_x", "does not name an article"},
	} {
		h.handle(privateText(i+1, i+1, ann, c.text))
		got := h.repliesTo(ann, i+1)
		if len(got) != 1 || !strings.Contains(got[0], c.want) || strings.Contains(got[0], "Ostend harbour") {
			t.Errorf("%q: got %q, want one reply saying %q", c.text, got, c.want)
		}
	}
	// Buttons the bot never made, or for an article it no longer holds.
	for i, c := range []struct{ data, want string }{
		{"art:x:0", "no longer works"},
		{"art:" + id, "no longer works"},
		{"art:" + id + ":-5", "no longer works"},
		{"art:" + id + ":0:9:3", "no longer works"},
		{"art:999:0", "I hold no article number 999"},
		{"art:" + id + ":99999999", "has no sentence at the place"},
		{"art:" + id + ":0:1:9", "has no sentence at the place"},
	} {
		if note, sent := h.pressed(i+1, c.data, ""); !strings.Contains(note, c.want) || len(sent) != 0 {
			t.Errorf("button %q: note %q, sent %v; want the note %q and no edit", c.data, note, sent, c.want)
		}
	}
}

func TestArticleNotAllowed(t *testing.T) {
	h := newHarness(t, []corpus.Source{longSource()}, func(o *Options) { o.Allowed = []int64{ann} })
	d := docByOrigin(t, h, "test/ostend.txt")
	id := strconv.FormatInt(d.ID, 10)
	for i, text := range []string{"/source " + id, "/start src" + id, fmt.Sprintf("/start src%s_%d", id, d.Sentences[0].Start)} {
		h.handle(privateText(i+1, i+1, bob, text))
		got := h.repliesTo(bob, i+1)
		if len(got) != 1 || !strings.Contains(got[0], "only serves") || strings.Contains(got[0], "Ostend") {
			t.Errorf("%q from a user not allowed: got %q, want only the refusal", text, got)
		}
	}
	before := len(h.calls("sendMessage", "editMessageText"))
	h.handle(press(1, bob, "art:"+id+":0", ""))
	if acks := h.calls("answerCallbackQuery"); len(acks) != 1 || !strings.Contains(param(acks[0], "text"), "only serves") {
		t.Errorf("a page button pressed by a user not allowed: answered %v, want the refusal", acks)
	}
	if n := len(h.calls("sendMessage", "editMessageText")); n != before {
		t.Errorf("a page button pressed by a user not allowed sent or edited %d messages", n-before)
	}
}

// TestArticlePDFPages: a PDF's paragraphs carry their page; the label "p.
// N" opens each paragraph where the page changes, and each message page.
func TestArticlePDFPages(t *testing.T) {
	var paras []string
	var pdfPages []int
	for i := range 9 {
		var sents []string
		for j := range 8 {
			sents = append(sents, fmt.Sprintf("The Bruges council report of section %d states that canal lock %d needs %d new gates before winter.", i+1, j+1, i+j+2))
		}
		paras = append(paras, strings.Join(sents, " "))
		pdfPages = append(pdfPages, i/3+2) // three paragraphs a page, from page 2
	}
	src := corpus.Source{Origin: "test/locks.pdf", Format: corpus.Paragraphs, Content: strings.Join(paras, "\n\n"), Pages: pdfPages,
		Meta: corpus.Meta{Title: "Bruges canal locks report"}}
	h := newHarness(t, []corpus.Source{src}, nil)
	d := docByOrigin(t, h, "test/locks.pdf")
	if len(d.Pages) != 9 {
		t.Fatalf("stored pages %v, want 9", d.Pages)
	}
	h.handle(privateText(1, 1, ann, "/source "+strconv.FormatInt(d.ID, 10)))
	presses := 0
	pages := turnPages(t, h, h.sentTo(ann)[0], &presses)
	if len(pages) < 2 {
		t.Fatalf("%d pages, want several", len(pages))
	}
	labels := 0
	for k, p := range pages {
		checkPageSize(t, k, p)
		text := articleText(t, p)
		if !strings.HasPrefix(text, "p. ") {
			t.Errorf("page %d does not open with its PDF page: %.40q", k+1, text)
		}
		for _, para := range strings.Split(text, "\n\n") {
			if strings.HasPrefix(para, "p. ") {
				labels++
			}
		}
	}
	// Each page change (2, 3, 4) is labelled at its paragraph; the pages
	// that open inside a PDF page add theirs.
	for i, para := range strings.Split(d.Body, "\n\n") {
		want := "p. " + strconv.Itoa(d.Pages[i]) + " " + para[:40]
		found := false
		for _, p := range pages {
			found = found || strings.Contains(articleText(t, p), want)
		}
		if labelled(d, i) && !found {
			t.Errorf("paragraph %d, the first on PDF page %d, is not labelled %q", i+1, d.Pages[i], want[:5])
		}
	}
	if labels < 3 || labels > 3+len(pages) {
		t.Errorf("%d labels on %d pages, want one per PDF page change and at most one more per page", labels, len(pages))
	}
}

// TestPaginate cuts hand-made bodies with a small budget.
func TestPaginate(t *testing.T) {
	long := strings.Repeat("Ships wait at the lock. ", 12) + "The end."
	for _, c := range []struct {
		name   string
		body   string
		budget int
		cuts   []string // what each page after the first starts with
	}{
		{"one page", "First paragraph.\n\nSecond paragraph.", 100, nil},
		{"paragraphs", "Alpha beta gamma.\n\nDelta epsilon zeta.\n\nEta theta iota.", 40, []string{"Eta"}},
		{"escaped text counts", "A & B & C.\n\nD & E.", 20, []string{"D &"}},
		{"long paragraph at sentences", "Short one.\n\n" + long, 100, []string{"Ships", "Ships", "Ships"}},
		{"long sentence at words", "one two three four five six seven eight nine ten eleven.", 20, []string{"five", "eight", "eleven"}},
		{"long word at characters", "abcdefghijklmnopqrstuvwxyz0123456789", 16, []string{"qrst", "6789"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := &corpus.Document{Body: c.body, Sentences: corpus.Split(c.body)}
			starts := paginate(d, c.budget)
			if starts[0] != 0 || len(starts) != len(c.cuts)+1 {
				t.Fatalf("pages start at %v, want %d pages", starts, len(c.cuts)+1)
			}
			for i, at := range starts[1:] {
				if !strings.HasPrefix(c.body[at:], c.cuts[i]) {
					t.Errorf("page %d starts %.20q, want %q", i+2, c.body[at:], c.cuts[i])
				}
			}
			for k, from := range starts {
				to := len(c.body)
				if k+1 < len(starts) {
					to = starts[k+1]
				}
				if n := pageUnits(strings.TrimSpace(c.body[from:to])); n > c.budget {
					t.Errorf("page %d holds %d units, over %d", k+1, n, c.budget)
				}
			}
		})
	}
}

func TestDeepLinkPayload(t *testing.T) {
	payloadRE := regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
	b := &Bot{}
	b.self.UserName = "newsdesk_bot"
	const maxInt = 1<<63 - 1
	for _, c := range []struct {
		id   int64
		mark span
		want articleRef
	}{
		{12, span{}, articleRef{id: 12}},
		{12, span{340, 612}, articleRef{id: 12, at: 340, mark: span{340, 612}}},
		{maxInt, span{maxInt - 1, maxInt}, articleRef{id: maxInt, at: maxInt - 1, mark: span{maxInt - 1, maxInt}}},
	} {
		href := b.articleHref(c.id, c.mark)
		payload, ok := strings.CutPrefix(href, "https://t.me/newsdesk_bot?start=")
		if !ok || !payloadRE.MatchString(payload) {
			t.Errorf("%d %v: link %q is not a valid start parameter", c.id, c.mark, href)
		}
		if got, ok := parseDeepLink(strings.TrimPrefix(payload, deepLinkPrefix)); !ok || got != c.want {
			t.Errorf("%q reads back as %v %v, want %v", payload, got, ok, c.want)
		}
	}
	if got, ok := parseDeepLink("12_340"); !ok || got != (articleRef{id: 12, at: 340, mark: span{340, -1}}) {
		t.Errorf("12_340 reads as %v %v, want the sentence at 340", got, ok)
	}
	for _, bad := range []string{"", "x", "0", "-3", "12_", "12_-4", "12_5-5", "12_9-3", "12_4-", "12_a-9", "12_4-9-11", "12__4"} {
		if got, ok := parseDeepLink(bad); ok {
			t.Errorf("%q reads as %v, want it refused", bad, got)
		}
	}
}
