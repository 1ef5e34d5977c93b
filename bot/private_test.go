package bot

import (
	"context"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/corpus"
	"github.com/newsdesk/newsdesk/telegram"
)

// TestPrivateChat runs testdata/private.jsonl, a journalist's session in a
// private chat, and checks what each message got back.
func TestPrivateChat(t *testing.T) {
	h := newHarness(t, nil, nil)
	h.runFile("private.jsonl")

	one := func(id int) string {
		t.Helper()
		got := h.repliesTo(ann, id)
		if len(got) != 1 {
			t.Fatalf("message %d got %d replies, want 1: %q", id, len(got), got)
		}
		return got[0]
	}
	for _, c := range []struct {
		id   int
		want []string // in the visible text
	}{
		{1, []string{"Hello!", "I hold 5 articles", "Ask in your own words", "/search"}},
		{4, []string{"I found nothing on this in the 5 articles I hold"}},
		{5, []string{"I hold 5 articles", "The newest:", "/subscribe"}},
		{6, []string{"Articles 1–5 of 5", "/source 1"}},
		{7, []string{"Azerbaijani lawmaker blames Russia for February cyberattack", "Russia was behind the February cyberattack", "seeds/000_91b28376def04010.txt"}},
		{8, []string{"Passages for “APT29”", "APT29"}},
		{9, []string{"The newest articles", "/source 5"}},
		{10, []string{"I don't know /weather", "/help"}},
		{11, []string{"Write your question after the command"}},
		{12, []string{"Give the number of an article"}},
		{13, []string{"Azerbaijani lawmaker blames Russia for February cyberattack", "Article 1,"}}, // a citation's deep link
		{14, []string{"I hold no article number 999"}},
	} {
		text := telegram.StripHTML(one(c.id))
		for _, w := range c.want {
			if !strings.Contains(text, w) {
				t.Errorf("reply to message %d lacks %q:\n%s", c.id, w, text)
			}
		}
	}
	// The off-topic question gets nothing from the corpus.
	if strings.Contains(one(4), "<blockquote>") {
		t.Errorf("the abstention quotes something:\n%s", one(4))
	}

	bodies := seedBodies(t, h.store)
	for _, id := range []int{2, 3} {
		html := one(id)
		quotes := blockquotes(html)
		if len(quotes) == 0 {
			t.Fatalf("answer to message %d has no quote:\n%s", id, html)
		}
		for _, q := range quotes {
			text := strings.TrimSpace(stripMarks(telegram.StripHTML(q)))
			if !inAny(bodies, text) {
				t.Errorf("answer to message %d quotes %q, which no seed says verbatim", id, text)
			}
		}
		if !strings.Contains(html, `<a href="`) {
			t.Errorf("answer to message %d has no citation link:\n%s", id, html)
		}
	}
	// The answer's buttons: one source's details at least.
	var answer telegram.Call
	for _, c := range h.sentTo(ann) {
		if param(c, "reply_to_message_id") == "2" {
			answer = c
		}
	}
	if bs := buttons(t, answer); len(bs) == 0 {
		t.Errorf("the answer to message 2 has no buttons")
	}
}

// blockquotes returns the inner HTML of every block quote in html.
func blockquotes(html string) []string {
	var out []string
	for {
		_, rest, ok := strings.Cut(html, "<blockquote>")
		if !ok {
			return out
		}
		inner, after, _ := strings.Cut(rest, "</blockquote>")
		out = append(out, inner)
		html = after
	}
}

// stripMarks removes the trailing citation marks " [1][3]" of a quote.
func stripMarks(s string) string {
	s = strings.TrimSpace(s)
	for strings.HasSuffix(s, "]") {
		i := strings.LastIndexByte(s, '[')
		if i < 0 {
			break
		}
		s = strings.TrimSpace(s[:i])
	}
	return s
}

// seedBodies returns the bodies of every stored document.
func seedBodies(t *testing.T, s *corpus.Store) []string {
	t.Helper()
	var out []string
	for d, err := range s.Documents(context.Background(), 0) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, d.Body)
	}
	return out
}

func inAny(bodies []string, s string) bool {
	for _, b := range bodies {
		if strings.Contains(b, s) {
			return true
		}
	}
	return false
}
