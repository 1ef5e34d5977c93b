package bot

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/newsdesk/newsdesk/corpus"
	"github.com/newsdesk/newsdesk/telegram"
)

// hugeSource is an article whose one paragraph is a single sentence of
// about 9,000 characters, full of characters HTML must escape.
func hugeSource() (corpus.Source, string) {
	var sb strings.Builder
	sb.WriteString("The zebrafish moratorium covers")
	for i := range 300 {
		fmt.Fprintf(&sb, " river %d < lake %d & pond *%d*,", i, i+1, i+2)
	}
	sb.WriteString(" and nothing else.")
	sentence := sb.String()
	content := "Zebrafish moratorium extended\n\n" + sentence + "\n\nOfficials said the rule would be reviewed next spring by the ministry."
	return corpus.Source{Origin: "test/huge.txt", Format: corpus.Text, Content: content,
		Meta: corpus.Meta{Title: "Zebrafish moratorium extended", Outlet: "Fish & Wildlife <Weekly>", URL: "https://example.org/fish?a=1&b=<2>"}}, sentence
}

// escapeSource is an article whose text, title and outlet hold markup
// that must reach the reader as text.
func escapeSource() (corpus.Source, string) {
	sentence := `The quokka council voted 5 < 7 & agreed that <b>bold</b> claims, *starred* notes and &amp; entities stay literal.`
	content := "Quokka council <votes> & *decides*\n\n" + sentence + " It met on Tuesday in the town hall of Perth.\n\n" +
		"Members of the quokka council said the vote was close and the debate long."
	return corpus.Source{Origin: "test/escape.txt", Format: corpus.Text, Content: content,
		Meta: corpus.Meta{Title: "Quokka council <votes> & *decides*", Outlet: "AT&T <News>"}}, sentence
}

func TestLongAnswerSplit(t *testing.T) {
	src, sentence := hugeSource()
	h := newHarness(t, []corpus.Source{src}, nil)
	const q = "What does the zebrafish moratorium cover?"
	h.handle(privateText(1, 1, ann, q))

	parts := h.repliesTo(ann, 1)
	if len(parts) < 3 {
		t.Fatalf("an answer quoting %d characters came in %d messages, want at least 3", len(sentence), len(parts))
	}
	var visible []string
	for i, p := range parts {
		if n := len(utf16.Encode([]rune(p))); n > telegram.MaxMessageLength {
			t.Errorf("part %d is %d UTF-16 units of HTML, over %d", i+1, n, telegram.MaxMessageLength)
		}
		if strings.Count(p, "<blockquote>") != strings.Count(p, "</blockquote>") {
			t.Errorf("part %d leaves a block quote open:\n%s", i+1, p)
		}
		visible = append(visible, telegram.StripHTML(p))
	}
	// Read together, the parts say what one message would have said: the
	// sentence whole, every character escaped and unescaped again.
	a, err := h.opts.Answerer.Ask(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	whole, _ := h.bot.renderAnswer(a, "k", 0)
	if got, want := words(strings.Join(visible, " ")), words(telegram.StripHTML(whole)); got != want {
		t.Errorf("the parts' text differs from the whole answer's:\n got %.300q…\nwant %.300q…", got, want)
	}
	if !strings.Contains(words(strings.Join(visible, " ")), words(sentence)) {
		t.Errorf("the parts do not hold the quoted sentence whole")
	}
	// The buttons go under the last part only.
	sent := h.sentTo(ann)
	for i, c := range sent {
		if has := param(c, "reply_markup") != ""; has != (i == len(sent)-1) {
			t.Errorf("part %d of %d: has buttons = %v", i+1, len(sent), has)
		}
	}
}

func TestCorpusTextEscaped(t *testing.T) {
	src, sentence := escapeSource()
	h := newHarness(t, []corpus.Source{src}, nil)
	h.handle(privateText(1, 1, ann, "How did the quokka council vote?"))
	h.handle(privateText(2, 2, ann, "/search quokka starred notes literal"))
	h.handle(privateText(3, 3, ann, "/latest"))
	h.handle(privateText(4, 4, ann, "/sources"))
	h.handle(privateText(5, 5, ann, "/source 6"))
	h.handle(privateText(6, 6, ann, "/search <b>quokka</b> & *council*"))

	for id, want := range map[int][]string{
		1: {sentence, "AT&T <News>"},
		2: {sentence, "Quokka council <votes> & *decides*"},
		3: {"Quokka council <votes> & *decides*", "AT&T <News>"},
		4: {"Quokka council <votes> & *decides*", "AT&T <News>"},
		5: {"Quokka council <votes> & *decides*", "AT&T <News>", "5 < 7 & agreed that <b>bold</b> claims"},
		6: {"Passages for “<b>quokka</b> & *council*”"},
	} {
		got := h.repliesTo(ann, id) // h.calls, inside, fails on any message the mock refused
		if len(got) != 1 {
			t.Errorf("message %d: %d replies, want 1", id, len(got))
			continue
		}
		text := telegram.StripHTML(got[0])
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("message %d: the reader does not see %q literally:\n%s", id, w, got[0])
			}
		}
		if strings.Contains(got[0], "<b>bold</b>") || strings.Contains(got[0], "<votes>") {
			t.Errorf("message %d: corpus markup reached the HTML unescaped:\n%s", id, got[0])
		}
	}
}

// words normalises white space, which a split drops at its cuts.
func words(s string) string { return strings.Join(strings.Fields(s), " ") }
