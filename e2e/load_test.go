package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/newsdesk/newsdesk/bot"
	"github.com/newsdesk/newsdesk/telegram"
)

// loadQuestions are what the simulated journalists ask, in turn.
var loadQuestions = []string{
	"Who was blamed for the cyberattack and why?",
	"When did the cyberattack on Azerbaijani media happen?",
	"Which media outlets were attacked?",
	"What is APT29?",
	"/ask who investigated the attack",
	"What did the Press Council say?",
	"Did anyone doubt that Russia was behind it?",
	"What happened to the websites?",
}

// answerLog records, from the mock's Hook, when the first message
// answering each question went out and in which order per chat.
type answerLog struct {
	mu      sync.Mutex
	first   map[int]time.Time // question message id → first reply
	byChat  map[string][]int  // chat → question ids answered, in order
	want    int
	allDone chan struct{}
}

func (a *answerLog) hook(c telegram.Call) *tgbotapi.APIResponse {
	if c.Method != "sendMessage" {
		return nil
	}
	at := time.Now()
	id, err := strconv.Atoi(paramString(c.Params["reply_to_message_id"]))
	if err != nil {
		return nil // not an answer to a question
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if _, seen := a.first[id]; seen {
		return nil // a later part of a split answer
	}
	a.first[id] = at
	chat := paramString(c.Params["chat_id"])
	a.byChat[chat] = append(a.byChat[chat], id)
	if len(a.first) == a.want {
		close(a.allDone)
	}
	return nil // let the mock answer
}

func paramString(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case json.RawMessage:
		return string(v)
	}
	return ""
}

func cpuTime(t *testing.T) time.Duration {
	t.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestLoad sends a burst of 200 questions from 50 private chats (four
// each) through the MockTransport's getUpdates, the Poller, the
// Dispatcher and the bot's handlers over the sample corpus, with pacing
// off as in a mock run, and logs the latency from the update's arrival to
// its answer's sendMessage and the CPU the process used meanwhile. It
// asserts only what must hold: every question answered, each chat's
// answers in the order of its questions.
func TestLoad(t *testing.T) {
	const chats, perChat = 50, 4
	s := newSeeds(t)
	quiet := slog.New(slog.DiscardHandler)
	ctx := t.Context()

	answers := &answerLog{first: map[int]time.Time{}, byChat: map[string][]int{}, want: chats * perChat, allDone: make(chan struct{})}
	m := telegram.NewMockTransport(nil)
	m.Hook = answers.hook
	client, err := telegram.New(ctx, telegram.Config{
		Token: "mock", Endpoint: telegram.MockEndpoint, HTTPClient: &http.Client{Transport: m},
		Pacer: telegram.NewPacer(telegram.Limits{}, nil), Logger: quiet,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	b, err := bot.New(client, bot.Options{Answerer: s.answerer, Index: s.index, Library: s.store, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	p := telegram.NewPoller(client, telegram.NewDispatcher(b, telegram.DispatcherOptions{Logger: quiet}), telegram.PollerOptions{Logger: quiet})

	// Question k of chat c is message and update k*chats+c+1: chats take
	// turns, as a burst of journalists would.
	var feed bytes.Buffer
	asked := map[string][]int{}
	for k := range perChat {
		for c := range chats {
			id := k*chats + c + 1
			chat := int64(100001 + c)
			u := tgbotapi.Update{UpdateID: id, Message: &tgbotapi.Message{
				MessageID: id, Date: 1746262800, Text: loadQuestions[id%len(loadQuestions)],
				From: &tgbotapi.User{ID: chat, FirstName: "Reporter"},
				Chat: &tgbotapi.Chat{ID: chat, Type: "private"},
			}}
			line, _ := json.Marshal(u)
			feed.Write(append(line, '\n'))
			key := strconv.FormatInt(chat, 10)
			asked[key] = append(asked[key], id)
		}
	}

	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	cpu0, start := cpuTime(t), time.Now()
	go func() { done <- p.Run(runCtx) }()
	if err := m.Feed(&feed); err != nil {
		t.Fatal(err)
	}
	select {
	case <-answers.allDone:
	case <-time.After(2 * time.Minute):
	}
	wall, cpu := time.Since(start), cpuTime(t)-cpu0
	stop()
	if err := <-done; err != nil {
		t.Fatalf("Poller.Run: %v", err)
	}

	answers.mu.Lock()
	defer answers.mu.Unlock()
	if len(answers.first) != chats*perChat {
		t.Fatalf("%d of %d questions answered", len(answers.first), chats*perChat)
	}
	for chat, ids := range asked {
		if got := answers.byChat[chat]; !slices.Equal(got, ids) {
			t.Errorf("chat %s was answered in the order %v, want %v", chat, got, ids)
		}
	}
	var lat []time.Duration
	for _, at := range answers.first {
		lat = append(lat, at.Sub(start))
	}
	slices.Sort(lat)
	pct := func(q float64) time.Duration { return lat[int(q*float64(len(lat)-1))] }
	t.Logf("%d questions from %d chats in one burst: latency p50 %v, p99 %v, max %v; all answered in %v (%.0f/s); CPU %v (user+sys) on %d cores",
		len(lat), chats, pct(0.50).Round(time.Millisecond), pct(0.99).Round(time.Millisecond), lat[len(lat)-1].Round(time.Millisecond),
		wall.Round(time.Millisecond), float64(len(lat))/wall.Seconds(), cpu.Round(time.Millisecond), numCPU())
}

func numCPU() int { return runtime.NumCPU() }
