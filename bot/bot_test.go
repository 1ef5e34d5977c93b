package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func TestNewChecksOptions(t *testing.T) {
	h := newHarness(t, nil, nil)
	for name, change := range map[string]func(*Options){
		"Answerer": func(o *Options) { o.Answerer = nil },
		"Index":    func(o *Options) { o.Index = nil },
		"Library":  func(o *Options) { o.Library = nil },
		"Flood":    func(o *Options) { o.Flood = -1 },
	} {
		o := h.opts
		change(&o)
		if _, err := New(h.client, o); err == nil || !strings.Contains(err.Error(), "Options."+name) {
			t.Errorf("New without a valid %s: error %v", name, err)
		}
	}
	if _, err := New(nil, h.opts); err == nil {
		t.Errorf("New without a client succeeded")
	}
}

func TestRegisterCommands(t *testing.T) {
	h := newHarness(t, nil, nil)
	if err := h.bot.RegisterCommands(context.Background()); err != nil {
		t.Fatal(err)
	}
	calls := h.calls("setMyCommands")
	if len(calls) != 2 {
		t.Fatalf("%d setMyCommands calls, want 2 (private chats, groups)", len(calls))
	}
	for i, scope := range []string{"all_private_chats", "all_group_chats"} {
		var s tgbotapi.BotCommandScope
		var cmds []tgbotapi.BotCommand
		if err := json.Unmarshal([]byte(param(calls[i], "scope")), &s); err != nil || s.Type != scope {
			t.Errorf("call %d: scope %s (%v), want %s", i, param(calls[i], "scope"), err, scope)
		}
		if err := json.Unmarshal([]byte(param(calls[i], "commands")), &cmds); err != nil {
			t.Fatalf("call %d: commands: %v", i, err)
		}
		names := map[string]bool{}
		for _, c := range cmds {
			names[c.Command] = true
			if c.Description == "" || len(c.Description) > 256 {
				t.Errorf("/%s: description %q", c.Command, c.Description)
			}
		}
		for _, want := range []string{"ask", "search", "sources", "source", "latest", "help", "subscribe", "unsubscribe", "digest"} {
			if !names[want] {
				t.Errorf("%s: /%s not registered", scope, want)
			}
		}
	}
}

// TestConcurrentChats hands the Bot questions from many chats at once, as
// the dispatcher does; run with -race.
func TestConcurrentChats(t *testing.T) {
	h := newHarness(t, nil, func(o *Options) { o.Flood = 5 })
	questions := []string{
		"Who was blamed for the cyberattack and why?",
		"When did the cyberattack on Azerbaijani media happen?",
		"What is APT29?",
		"/search Cozy Bear",
		"/latest",
	}
	var wg sync.WaitGroup
	for chat := int64(1); chat <= 20; chat++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, q := range questions { // in order within a chat
				h.handle(privateText(int(chat)*100+i, i+1, 5000+chat, q))
			}
		}()
	}
	wg.Wait()
	for chat := int64(1); chat <= 20; chat++ {
		for i := range questions {
			if got := h.repliesTo(5000+chat, i+1); len(got) != 1 {
				t.Errorf("chat %d, message %d: %d replies, want 1", 5000+chat, i+1, len(got))
			}
		}
	}
}

func TestLogLine(t *testing.T) {
	var log bytes.Buffer
	h := newHarness(t, nil, func(o *Options) { o.Logger = slog.New(slog.NewJSONHandler(&log, nil)) })
	h.handle(privateText(77, 1, ann, "/search APT29"))
	var line map[string]any
	if err := json.Unmarshal(bytes.TrimSpace(log.Bytes()), &line); err != nil {
		t.Fatalf("log %q: %v", log.String(), err)
	}
	for key, want := range map[string]any{"msg": "update handled", "update": 77.0, "chat": float64(ann), "user": float64(ann), "command": "/search"} {
		if line[key] != want {
			t.Errorf("log field %s = %v, want %v", key, line[key], want)
		}
	}
	if _, ok := line["took"]; !ok {
		t.Errorf("log line lacks took: %v", line)
	}
	if strings.Contains(log.String(), testToken) {
		t.Errorf("the token is in the log")
	}
}
