package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/telegram"
)

// mockCalls runs bot mock with the given feed on stdin and returns the
// calls it printed.
func mockCalls(t *testing.T, feed string, args ...string) (int, []telegram.Call, string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := env{stdin: strings.NewReader(feed), stdout: &out, stderr: &errb,
		lookup: func(string) (string, bool) { return "", false }}
	code := run(context.Background(), append([]string{"mock"}, args...), e)
	var calls []telegram.Call
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var c telegram.Call
		if err := json.Unmarshal([]byte(line), &c); err != nil || c.Method == "" {
			t.Fatalf("output line %q is not a Bot API call: %v", line, err)
		}
		calls = append(calls, c)
	}
	return code, calls, errb.String()
}

// TestMockExampleFeed plays the feed that ships with the bot, as a
// newcomer's first run does, and checks what the chats would see.
func TestMockExampleFeed(t *testing.T) {
	code, calls, stderr := mockCalls(t, "", "--example")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	seed, err := os.ReadFile("../../sample/seeds/004_27f2d6e0deaba1bd.txt")
	if err != nil {
		t.Fatal(err)
	}
	byChat := map[string][]string{}
	for _, c := range calls {
		if c.Error != "" {
			t.Errorf("Telegram refused %s: %s", c.Method, c.Error)
		}
		if c.Method == "sendMessage" {
			chat, _ := c.Params["chat_id"].(string)
			text, _ := c.Params["text"].(string)
			byChat[chat] = append(byChat[chat], text)
		}
	}
	private, group := byChat["42"], byChat["-1001234567890"]
	// Private: 11 updates, each answered (the question the corpus cannot
	// answer gets a plain "nothing on this").
	if len(private) != 11 {
		t.Errorf("private chat got %d messages, want an answer to each of its 11 updates", len(private))
	}
	// Group: the mention and the command are answered, the chatter not.
	if len(group) != 2 {
		t.Errorf("group got %d messages, want 2 (mention and /ask, not the chatter): %q", len(group), group)
	}
	// The answer to "which sites went down?" quotes Caliber.Az verbatim.
	found := false
	for _, text := range group {
		plain := telegram.StripHTML(text)
		if strings.Contains(plain, "Report.Az, Oxu.Az, Media.Az") && strings.Contains(string(seed), "Report.Az, Oxu.Az, Media.Az") {
			found = true
		}
	}
	if !found {
		t.Errorf("no group answer quotes the list of disrupted sites; got %q", group)
	}
}

// TestMockReportsBadFeedLines: a malformed line is reported with its line
// number and skipped; the updates around it are still answered.
func TestMockReportsBadFeedLines(t *testing.T) {
	feed := `{"update_id":1,"message":{"message_id":1,"chat":{"id":7,"type":"private"},"from":{"id":7,"first_name":"A"},"date":1,"text":"/start","entities":[{"type":"bot_command","offset":0,"length":6}]}}
this is not json
{"update_id":3,"message":{"message_id":3,"chat":{"id":7,"type":"private"},"from":{"id":7,"first_name":"A"},"date":1,"text":"What is APT29?"}}
`
	code, calls, stderr := mockCalls(t, feed)
	if code == 0 || !strings.Contains(stderr, "line 2") {
		t.Errorf("exit %d, stderr %q; want a failure naming line 2", code, stderr)
	}
	sent := 0
	for _, c := range calls {
		if c.Method == "sendMessage" {
			sent++
		}
	}
	if sent != 2 {
		t.Errorf("%d messages sent, want 2: the updates before and after the bad line are answered", sent)
	}
}

func TestMockPrettyTranscript(t *testing.T) {
	feed := filepath.Join(t.TempDir(), "feed.jsonl")
	os.WriteFile(feed, []byte(`{"update_id":5,"message":{"message_id":5,"chat":{"id":9,"type":"private"},"from":{"id":9,"first_name":"Leyla","username":"leyla"},"date":1,"text":"What is APT29?"}}`+"\n"), 0o644)
	code, out, stderr := runBot(t, nil, "mock", "--pretty", feed)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"» @leyla in private chat 9", "What is APT29?", "« bot says in chat 9:", "Cozy Bear"} {
		if !strings.Contains(out, want) {
			t.Errorf("transcript lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "<blockquote>") || strings.Contains(out, `"method"`) {
		t.Errorf("transcript shows raw HTML or JSON:\n%s", out)
	}
}
