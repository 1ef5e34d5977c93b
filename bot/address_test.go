package bot

import (
	"fmt"
	"testing"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func TestParseCommand(t *testing.T) {
	for _, c := range []struct {
		text, name, rest string
		ok               bool
	}{
		{"/start", "start", "", true},
		{"/Ask  who was blamed? ", "ask", "who was blamed?", true},
		{"/ask@newsdesk_mock_bot who?", "ask", "who?", true},
		{"/ask@NEWSDESK_MOCK_BOT who?", "ask", "who?", true},
		{"/ask@other_bot who?", "", "", true},
		{"/ask\nwho was blamed?", "ask", "who was blamed?", true},
		{"/subscribe 0 7 * * 1-5", "subscribe", "0 7 * * 1-5", true},
		{"/", "", "", false},
		{"/ how", "", "", false},
		{"/путин", "", "", false},
		{"/a-b", "", "", false},
		{"who /ask", "", "", false},
	} {
		name, rest, ok := parseCommand(c.text, "newsdesk_mock_bot")
		if name != c.name || rest != c.rest || ok != c.ok {
			t.Errorf("parseCommand(%q) = %q, %q, %v; want %q, %q, %v", c.text, name, rest, ok, c.name, c.rest, c.ok)
		}
	}
}

func TestAddressedInGroup(t *testing.T) {
	b := &Bot{self: tgbotapi.User{ID: 1000000001, IsBot: true, UserName: "newsdesk_mock_bot"}}
	group := &tgbotapi.Chat{ID: groupChat, Type: "group"}
	botMsg := &tgbotapi.Message{MessageID: 7, From: &b.self, Chat: group}
	other := &tgbotapi.Message{MessageID: 8, From: &tgbotapi.User{ID: ann}, Chat: group}
	// "Привет 👋 Newsdesk, what is APT29?" with a text mention of the bot:
	// offsets count UTF-16 units, and the emoji takes two.
	emoji := "Привет 👋 Newsdesk, what is APT29?"
	for _, c := range []struct {
		msg       tgbotapi.Message
		text, cmd string
	}{
		{tgbotapi.Message{Text: "lunch anyone?"}, "", ""},
		{tgbotapi.Message{Text: "@newsdesk_mock_bot what is APT29?"}, "what is APT29?", ""},
		{tgbotapi.Message{Text: "What is APT29, @Newsdesk_Mock_Bot?"}, "What is APT29, ?", ""},
		{tgbotapi.Message{Text: "@newsdesk_mock_bot"}, "@newsdesk_mock_bot", "help"},
		{tgbotapi.Message{Text: "@newsdesk_mock_botx what?"}, "", ""},
		{tgbotapi.Message{Text: "email a@newsdesk_mock_bot.org"}, "email a .org", ""}, // still names the bot
		{tgbotapi.Message{Text: "and why?", ReplyToMessage: botMsg}, "and why?", ""},
		{tgbotapi.Message{Text: "and why?", ReplyToMessage: other}, "", ""},
		{tgbotapi.Message{Text: emoji, Entities: []tgbotapi.MessageEntity{
			{Type: "text_mention", Offset: 10, Length: 8, User: &b.self}}}, "Привет 👋 , what is APT29?", ""},
		{tgbotapi.Message{Text: emoji, Entities: []tgbotapi.MessageEntity{
			{Type: "text_mention", Offset: 10, Length: 8, User: &tgbotapi.User{ID: 5}}}}, "", ""},
		{tgbotapi.Message{Text: "/latest"}, "/latest", "latest"},
	} {
		m := c.msg
		m.Chat = group
		text, cmd, _ := b.addressed(&m)
		if text != c.text || cmd != c.cmd {
			t.Errorf("addressed(%q) = %q, %q; want %q, %q", m.Text, text, cmd, c.text, c.cmd)
		}
	}
}

func TestMemoForgetsOldest(t *testing.T) {
	m := newMemo(3)
	var keys []string
	for i := range 5 {
		keys = append(keys, m.put(fmt.Sprintf("question %d", i)))
	}
	if again := m.put("question 4"); again != keys[4] {
		t.Errorf("the same question got a new key")
	}
	for i, k := range keys {
		q, ok := m.get(k)
		if want := i >= 2; ok != want || (ok && q != fmt.Sprintf("question %d", i)) {
			t.Errorf("question %d: get = %q, %v; want remembered = %v", i, q, ok, want)
		}
	}
	if len(keys[0]) != 12 {
		t.Errorf("key %q is %d characters, want 12", keys[0], len(keys[0]))
	}
}

func TestTruncate(t *testing.T) {
	for _, c := range []struct {
		in    string
		limit int
		want  string
	}{
		{"short", 10, "short"},
		{"exactly ten", 11, "exactly ten"},
		{"one two three four five six", 20, "one two three four…"},
		{"Ünïcödé wörds everywhere here", 12, "Ünïcödé wör…"}, // no space in the last fifth
		{"averyveryverylongwordwithoutspaces", 10, "averyvery…"},
	} {
		got := truncate(c.in, c.limit)
		if got != c.want || utf8.RuneCountInString(got) > c.limit {
			t.Errorf("truncate(%q, %d) = %q, want %q", c.in, c.limit, got, c.want)
		}
	}
}
