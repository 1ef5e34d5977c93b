package bot

import (
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/telegram"
)

// TestGroupChat runs testdata/group.jsonl: in groups the bot answers
// commands for it, mentions and replies to its messages, and nothing else.
func TestGroupChat(t *testing.T) {
	h := newHarness(t, nil, nil)
	h.runFile("group.jsonl")

	for _, c := range []struct {
		chat int64
		id   int
		why  string
		want string // in the reply's visible text; "" for silence
	}{
		{groupChat, 21, "chatter", ""},
		{groupChat, 22, "a question with a mention", "20"},
		{groupChat, 23, "a bare mention, in another case", "Ask in your own words"},
		{groupChat, 24, "a reply to the bot's message", "Report.Az"},
		{groupChat, 25, "a reply to someone else", ""},
		{groupChat, 26, "/help for this bot", "What I know"},
		{groupChat, 27, "/help for another bot", ""},
		{groupChat, 28, "/latest", "The newest articles"},
		{groupChat, 29, "a longer name that starts like the bot's", ""},
		{superChat, 30, "a text mention", "APT29"},
		{groupChat, 31, "a photo whose caption mentions the bot", ""},
		{superChat, 32, "/ask@bot", "APT29"},
	} {
		got := h.repliesTo(c.chat, c.id)
		switch {
		case c.want == "" && len(got) > 0:
			t.Errorf("message %d (%s) got a reply, want silence: %q", c.id, c.why, got)
		case c.want != "" && len(got) != 1:
			t.Errorf("message %d (%s) got %d replies, want 1: %q", c.id, c.why, len(got), got)
		case c.want != "" && !strings.Contains(telegram.StripHTML(got[0]), c.want):
			t.Errorf("reply to message %d (%s) lacks %q:\n%s", c.id, c.why, c.want, got[0])
		}
	}
	// Nothing went anywhere but as a reply to what the bot was asked.
	if n, want := len(h.calls("sendMessage")), 7; n != want {
		t.Errorf("%d messages sent, want %d", n, want)
	}
}
