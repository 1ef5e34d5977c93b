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
	// Private: 13 updates, each answered (the question the corpus cannot
	// answer gets a plain "nothing on this"), /timeline and /who among them.
	if len(private) != 13 {
		t.Errorf("private chat got %d messages, want an answer to each of its 13 updates", len(private))
	}
	for _, want := range []string{"Timeline: cyberattack on Azerbaijani media", "perhaps one person"} {
		if !strings.Contains(strings.Join(private, "\n"), want) {
			t.Errorf("the private chat's replies lack %q", want)
		}
	}
	// Group: the mention and the command are answered, the chatter not.
	if len(group) != 2 {
		t.Errorf("group got %d messages, want 2 (mention and /ask, not the chatter): %q", len(group), group)
	}
	// The answer to "which sites were attacked?" quotes Caliber.Az verbatim.
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

// mockWithFiles runs bot mock --files dir with the feed on stdin and the
// environment vars, and returns the calls it printed.
func mockWithFiles(t *testing.T, vars map[string]string, dir, feed string) (int, []telegram.Call, string) {
	t.Helper()
	var out, errb bytes.Buffer
	lookup := func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
	e := env{stdin: strings.NewReader(feed), stdout: &out, stderr: &errb, lookup: lookup}
	code := run(context.Background(), []string{"mock", "--files", dir}, e)
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

// privateUpdate is an Update JSON line with a message a user sends in
// their private chat; fields are the message's own (text, document).
func privateUpdate(t *testing.T, updateID int, user int64, fields map[string]any) string {
	t.Helper()
	msg := map[string]any{"message_id": updateID, "date": 1746262800,
		"from": map[string]any{"id": user, "is_bot": false, "first_name": "U"},
		"chat": map[string]any{"id": user, "type": "private"}}
	for k, v := range fields {
		msg[k] = v
	}
	line, err := json.Marshal(map[string]any{"update_id": updateID, "message": msg})
	if err != nil {
		t.Fatal(err)
	}
	return string(line)
}

// feedDocument is an Update with a document a user sends in their private
// chat.
func feedDocument(t *testing.T, updateID int, user int64, fileID, name string, size int) string {
	return privateUpdate(t, updateID, user, map[string]any{"document": map[string]any{
		"file_id": fileID, "file_unique_id": "u" + fileID, "file_name": name, "file_size": size}})
}

// feedText is an Update with a text message a user sends in their private
// chat.
func feedText(t *testing.T, updateID int, user int64, text string) string {
	return privateUpdate(t, updateID, user, map[string]any{"text": text})
}

// TestMockAdminAddsDocument: with --files, an admin's document is
// downloaded from the mock Bot API and added, and the next question is
// answered from it, as in a live session; a non-admin's document is
// refused politely and not added.
func TestMockAdminAddsDocument(t *testing.T) {
	dir := t.TempDir()
	note := "---\ntitle: Ferry service to Kirra Island suspended\noutlet: Harbour Gazette\n" +
		"date: 2025-05-03\n---\n\n" +
		"The harbour master suspended the ferry service to Kirra Island after inspectors found cracks in the pier.\n\n" +
		"Islanders will be taken across by fishing boats until the pier is repaired.\n"
	other := "---\ntitle: Lantern festival moved\noutlet: Valley Post\n---\n\n" +
		"The lantern festival of Orlov Bay was moved to the old quarry because of the drought.\n"
	for name, text := range map[string]string{"docs/note.md": note, "docs/other.md": other} {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	feed := strings.Join([]string{
		feedDocument(t, 1, 42, "docs/note.md", "note.md", len(note)),
		feedText(t, 2, 42, "Why was the ferry service to Kirra Island suspended?"),
		feedDocument(t, 3, 7, "docs/other.md", "other.md", len(other)),
		feedText(t, 4, 7, "Where was the lantern festival of Orlov Bay moved?"),
	}, "\n") + "\n"
	code, calls, stderr := mockWithFiles(t, map[string]string{"TELEGRAM_ADMINS": "42"}, dir, feed)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	byChat := map[string][]string{}
	var downloads []string
	for _, c := range calls {
		if c.Error != "" {
			t.Errorf("Telegram refused %s: %s", c.Method, c.Error)
		}
		switch c.Method {
		case "sendMessage":
			chat, _ := c.Params["chat_id"].(string)
			text, _ := c.Params["text"].(string)
			byChat[chat] = append(byChat[chat], telegram.StripHTML(text))
		case telegram.MockDownloadMethod:
			p, _ := c.Params["file_path"].(string)
			downloads = append(downloads, p)
		}
	}
	admin, user := byChat["42"], byChat["7"]
	if len(admin) != 2 || !strings.Contains(admin[0], "note.md") || !strings.Contains(admin[0], "1 article added") {
		t.Fatalf("admin's messages %q: want the document reported added, then an answer", admin)
	}
	if !strings.Contains(admin[1], "inspectors found cracks in the pier") {
		t.Errorf("answer does not quote the added document:\n%s", admin[1])
	}
	if len(downloads) != 1 || !strings.Contains(downloads[0], "note.md") {
		t.Errorf("downloads %q: want the admin's note only", downloads)
	}
	if len(user) != 2 || !strings.Contains(user[0], "only the bot's administrators can add documents") {
		t.Fatalf("non-admin's messages %q: want a polite refusal, then an answer", user)
	}
	if strings.Contains(user[1], "old quarry") {
		t.Errorf("the refused document answered a question:\n%s", user[1])
	}
}

// TestMockFilesMustBeADirectory: --files names a folder.
func TestMockFilesMustBeADirectory(t *testing.T) {
	file := filepath.Join(t.TempDir(), "note.md")
	os.WriteFile(file, []byte("# Note\n"), 0o644)
	for _, dir := range []string{file, filepath.Join(t.TempDir(), "missing")} {
		code, _, stderr := runBot(t, nil, "mock", "--files", dir)
		if code == 0 || !strings.Contains(stderr, "--files") {
			t.Errorf("--files %s: exit %d, stderr %q; want a failure naming --files", dir, code, stderr)
		}
	}
}
