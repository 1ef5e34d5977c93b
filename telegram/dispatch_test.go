package telegram

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// chatUpdate is a text message from user chat in private chat chat.
func chatUpdate(id int, chat int64, text string) tgbotapi.Update {
	return tgbotapi.Update{UpdateID: id, Message: &tgbotapi.Message{
		MessageID: id, Text: text,
		From: &tgbotapi.User{ID: chat},
		Chat: &tgbotapi.Chat{ID: chat, Type: "private"},
	}}
}

// gate blocks the handlers of chosen updates until released.
type gate struct {
	mu      sync.Mutex
	blocked map[int]chan struct{}
}

func newGate(ids ...int) *gate {
	g := &gate{blocked: map[int]chan struct{}{}}
	for _, id := range ids {
		g.blocked[id] = make(chan struct{})
	}
	return g
}

func (g *gate) wait(ctx context.Context, id int) {
	g.mu.Lock()
	ch := g.blocked[id]
	g.mu.Unlock()
	if ch != nil {
		select {
		case <-ch:
		case <-ctx.Done():
		}
	}
}

func (g *gate) open(id int) { close(g.blocked[id]) }

// journal records the order in which updates were handled, per chat.
type journal struct {
	mu     sync.Mutex
	byChat map[int64][]int
	all    []int
}

func (j *journal) Handle(_ context.Context, u tgbotapi.Update) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.byChat == nil {
		j.byChat = map[int64][]int{}
	}
	j.byChat[u.Message.Chat.ID] = append(j.byChat[u.Message.Chat.ID], u.UpdateID)
	j.all = append(j.all, u.UpdateID)
}

func (j *journal) handled() []int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return append([]int(nil), j.all...)
}

func mustDispatch(t *testing.T, d *Dispatcher, u tgbotapi.Update) {
	t.Helper()
	if err := d.Dispatch(t.Context(), u); err != nil {
		t.Fatalf("Dispatch(%d): %v", u.UpdateID, err)
	}
}

func TestDispatcherOrderWithinChat(t *testing.T) {
	j := &journal{}
	d := NewDispatcher(j, DispatcherOptions{Workers: 4, Queue: 8})
	want := map[int64][]int{}
	for id := 1; id <= 300; id++ {
		chat := int64(id*7%13 + 1)
		want[chat] = append(want[chat], id)
		mustDispatch(t, d, chatUpdate(id, chat, "q"))
	}
	if err := d.Close(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := len(j.handled()); got != 300 {
		t.Fatalf("handled %d updates, want 300", got)
	}
	for chat, ids := range want {
		if got := j.byChat[chat]; !equalInts(got, ids) {
			t.Errorf("chat %d handled %v, want %v", chat, got, ids)
		}
	}
	if got := d.Handled(); got != 300 {
		t.Errorf("Handled() = %d, want 300", got)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestDispatcherSlowChatDoesNotBlockOthers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := newGate(1)
		j := &journal{}
		d := NewDispatcher(HandlerFunc(func(ctx context.Context, u tgbotapi.Update) {
			g.wait(ctx, u.UpdateID)
			j.Handle(ctx, u)
		}), DispatcherOptions{Workers: 2})
		mustDispatch(t, d, chatUpdate(1, 10, "slow"))
		mustDispatch(t, d, chatUpdate(2, 10, "behind the slow one"))
		for id := 3; id <= 8; id++ {
			mustDispatch(t, d, chatUpdate(id, 20+int64(id%2), "fast"))
		}
		synctest.Wait()
		if got := j.handled(); !equalInts(got, []int{3, 4, 5, 6, 7, 8}) {
			t.Fatalf("while chat 10 is slow, handled %v, want the other chats' 3..8", got)
		}
		if got := d.Handled(); got != 0 {
			t.Errorf("Handled() = %d while update 1 runs, want 0", got)
		}
		g.open(1)
		if err := d.Close(t.Context()); err != nil {
			t.Fatal(err)
		}
		if got := j.byChat[10]; !equalInts(got, []int{1, 2}) {
			t.Errorf("chat 10 handled %v, want [1 2]", got)
		}
		if got := d.Handled(); got != 8 {
			t.Errorf("Handled() = %d, want 8", got)
		}
	})
}

func TestDispatcherBoundsWorkersAndQueue(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		var mu sync.Mutex
		running, most := 0, 0
		d := NewDispatcher(HandlerFunc(func(ctx context.Context, u tgbotapi.Update) {
			mu.Lock()
			running++
			most = max(most, running)
			mu.Unlock()
			<-release
			mu.Lock()
			running--
			mu.Unlock()
		}), DispatcherOptions{Workers: 3, Queue: 5})
		for id := 1; id <= 5; id++ {
			mustDispatch(t, d, chatUpdate(id, int64(id), "q"))
		}
		synctest.Wait()
		if most != 3 {
			t.Errorf("%d handlers ran at once with 5 chats waiting, want Workers = 3", most)
		}
		// The queue is full: the sixth waits for room until its context ends.
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		start := time.Now()
		err := d.Dispatch(ctx, chatUpdate(6, 6, "q"))
		if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) != time.Second {
			t.Errorf("Dispatch into a full queue = %v after %v, want deadline exceeded after 1s", err, time.Since(start))
		}
		// Room made by a finished handler lets the next one in.
		done := make(chan error)
		go func() { done <- d.Dispatch(t.Context(), chatUpdate(7, 7, "q")) }()
		synctest.Wait()
		select {
		case err := <-done:
			t.Fatalf("Dispatch into a full queue returned %v before any room was made", err)
		default:
		}
		close(release)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if err := d.Close(t.Context()); err != nil {
			t.Fatal(err)
		}
		if most > 3 {
			t.Errorf("%d handlers ran at once, want at most 3", most)
		}
	})
}

func TestDispatcherRecoversPanic(t *testing.T) {
	logs := &syncBuffer{}
	j := &journal{}
	d := NewDispatcher(HandlerFunc(func(ctx context.Context, u tgbotapi.Update) {
		if u.Message.Text == "boom" {
			panic("handler bug")
		}
		j.Handle(ctx, u)
	}), DispatcherOptions{Workers: 2, Logger: slog.New(slog.NewTextHandler(logs, nil))})
	mustDispatch(t, d, chatUpdate(41, 1, "before"))
	mustDispatch(t, d, chatUpdate(42, 1, "boom"))
	mustDispatch(t, d, chatUpdate(43, 1, "after"))
	if err := d.Close(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := j.handled(); !equalInts(got, []int{41, 43}) {
		t.Errorf("handled %v, want [41 43] around the panic", got)
	}
	if out := logs.String(); !strings.Contains(out, "update=42") || !strings.Contains(out, "handler bug") {
		t.Errorf("log does not name the update and the panic:\n%s", out)
	}
	if got := d.Handled(); got != 43 {
		t.Errorf("Handled() = %d, want 43 (a panicked update is not retried forever)", got)
	}
}

func TestDispatcherHandledWatermark(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := newGate(1, 2, 3, 4)
		d := NewDispatcher(HandlerFunc(func(ctx context.Context, u tgbotapi.Update) {
			g.wait(ctx, u.UpdateID)
		}), DispatcherOptions{})
		for id := 1; id <= 4; id++ {
			mustDispatch(t, d, chatUpdate(id, int64(id), "q"))
		}
		steps := []struct {
			open int
			want int
		}{
			{open: 3, want: 0}, // 1 and 2 still run
			{open: 1, want: 1},
			{open: 2, want: 3}, // 3 was done already
			{open: 4, want: 4},
		}
		for _, s := range steps {
			g.open(s.open)
			synctest.Wait()
			if got := d.Handled(); got != s.want {
				t.Errorf("after update %d finished, Handled() = %d, want %d", s.open, got, s.want)
			}
		}
		if err := d.Close(t.Context()); err != nil {
			t.Fatal(err)
		}
	})
}

func TestDispatcherClose(t *testing.T) {
	t.Run("finishes in-flight answers", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			j := &journal{}
			d := NewDispatcher(HandlerFunc(func(ctx context.Context, u tgbotapi.Update) {
				time.Sleep(3 * time.Second) // a slow answer
				j.Handle(ctx, u)
			}), DispatcherOptions{Workers: 1})
			mustDispatch(t, d, chatUpdate(1, 1, "q"))
			mustDispatch(t, d, chatUpdate(2, 2, "q"))
			ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
			defer cancel()
			if err := d.Close(ctx); err != nil {
				t.Fatalf("Close with time to spare: %v", err)
			}
			if got := j.handled(); len(got) != 2 {
				t.Errorf("handled %v before Close returned, want both", got)
			}
			if err := d.Dispatch(t.Context(), chatUpdate(3, 3, "q")); !errors.Is(err, ErrDispatcherClosed) {
				t.Errorf("Dispatch after Close = %v, want ErrDispatcherClosed", err)
			}
		})
	})
	t.Run("gives up at the deadline", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			logs := &syncBuffer{}
			var cancelled []int
			var mu sync.Mutex
			d := NewDispatcher(HandlerFunc(func(ctx context.Context, u tgbotapi.Update) {
				<-ctx.Done() // an answer that never finishes by itself
				mu.Lock()
				cancelled = append(cancelled, u.UpdateID)
				mu.Unlock()
			}), DispatcherOptions{Workers: 1, Logger: slog.New(slog.NewTextHandler(logs, nil))})
			mustDispatch(t, d, chatUpdate(1, 1, "q"))
			mustDispatch(t, d, chatUpdate(2, 2, "q"))
			ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
			defer cancel()
			start := time.Now()
			err := d.Close(ctx)
			if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) != 5*time.Second {
				t.Errorf("Close = %v after %v, want deadline exceeded after 5s", err, time.Since(start))
			}
			if !equalInts(cancelled, []int{1}) {
				t.Errorf("handlers that saw their context end: %v, want [1]", cancelled)
			}
			if !strings.Contains(logs.String(), "update=2") {
				t.Errorf("the update dropped at shutdown is not logged:\n%s", logs)
			}
			if got := d.Handled(); got != 1 {
				t.Errorf("Handled() = %d, want 1: update 2 was never handled", got)
			}
		})
	})
}

func TestChatKeyOf(t *testing.T) {
	user := &tgbotapi.User{ID: 7}
	chat := &tgbotapi.Chat{ID: -100}
	msg := &tgbotapi.Message{Chat: chat, From: user}
	tests := []struct {
		name string
		u    tgbotapi.Update
		want chatKey
	}{
		{"message", tgbotapi.Update{Message: msg}, chatKey{'c', -100}},
		{"edited message", tgbotapi.Update{EditedMessage: msg}, chatKey{'c', -100}},
		{"channel post", tgbotapi.Update{ChannelPost: msg}, chatKey{'c', -100}},
		{"button under a message", tgbotapi.Update{CallbackQuery: &tgbotapi.CallbackQuery{From: user, Message: msg}}, chatKey{'c', -100}},
		{"button under an inline message", tgbotapi.Update{CallbackQuery: &tgbotapi.CallbackQuery{From: user, InlineMessageID: "x"}}, chatKey{'u', 7}},
		{"inline query", tgbotapi.Update{InlineQuery: &tgbotapi.InlineQuery{From: user}}, chatKey{'u', 7}},
		{"membership", tgbotapi.Update{MyChatMember: &tgbotapi.ChatMemberUpdated{Chat: *chat, From: *user}}, chatKey{'c', -100}},
		{"poll", tgbotapi.Update{UpdateID: 99, Poll: &tgbotapi.Poll{ID: "p"}}, chatKey{'n', 99}},
	}
	for _, tt := range tests {
		if got := chatKeyOf(tt.u); got != tt.want {
			t.Errorf("%s: chatKeyOf = %v, want %v", tt.name, got, tt.want)
		}
	}
}
