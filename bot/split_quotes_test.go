package bot

import (
	"testing"

	"github.com/newsdesk/newsdesk/qa"
)

// TestSplitQuotesShowsEveryPart: "who … and why" with three quotes each
// shows the best of both parts before the "more quotes" button, grouped
// by part, and hides the rest in their order.
func TestSplitQuotesShowsEveryPart(t *testing.T) {
	q := func(aspect, text string) qa.Quote { return qa.Quote{Aspect: aspect, Text: text} }
	quotes := []qa.Quote{q("who", "w1"), q("who", "w2"), q("who", "w3"), q("why", "y1"), q("why", "y2"), q("why", "y3")}
	shown, rest := splitQuotes(quotes, 3)
	texts := func(qs []qa.Quote) (out []string) {
		for _, q := range qs {
			out = append(out, q.Text)
		}
		return out
	}
	if got := texts(shown); len(got) != 3 || got[0] != "w1" || got[1] != "w2" || got[2] != "y1" {
		t.Errorf("shown %v, want [w1 w2 y1]", got)
	}
	if got := texts(rest); len(got) != 3 || got[0] != "w3" || got[1] != "y2" || got[2] != "y3" {
		t.Errorf("rest %v, want [w3 y2 y3]", got)
	}
	if shown, rest := splitQuotes(quotes[:2], 3); len(shown) != 2 || rest != nil {
		t.Errorf("two quotes, three shown: shown %d rest %v", len(shown), rest)
	}
}
