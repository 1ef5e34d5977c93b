package telegram

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// The pacing tests run under testing/synctest: SystemClock's time is
// virtual there and jumps ahead whenever every goroutine is waiting, so
// minutes of pacing take microseconds.

func TestPacerOneChat(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := NewPacer(DefaultLimits(), nil)
		start := time.Now()
		for i := range 100 {
			if err := p.Wait(t.Context(), "42"); err != nil {
				t.Fatalf("send %d: %v", i, err)
			}
		}
		if took := time.Since(start); took < 99*time.Second || took >= 100*time.Second {
			t.Fatalf("100 sends to one private chat took %v, want 99 s", took)
		}
	})
}

func TestPacerGroup(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := NewPacer(DefaultLimits(), nil)
		start := time.Now()
		for range 21 {
			if err := p.Wait(t.Context(), "-100123"); err != nil {
				t.Fatal(err)
			}
		}
		if took := time.Since(start); took < time.Minute {
			t.Fatalf("21 sends to one group took %v, want at least a minute", took)
		}
	})
}

func TestPacerManyChats(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := NewPacer(DefaultLimits(), nil)
		start := time.Now()
		var wg sync.WaitGroup
		for i := range 60 {
			wg.Go(func() {
				if err := p.Wait(t.Context(), strconv.Itoa(1000+i)); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		// 60 sends at 30 a second: the first at once, the last 59/30 s later.
		if took := time.Since(start); took < 1900*time.Millisecond || took > 2*time.Second {
			t.Fatalf("60 sends across 60 chats took %v, want about 2 s", took)
		}
	})
}

// A chat with a backlog must not delay another chat beyond the global
// spacing.
func TestPacerBusyChatDoesNotBlockOthers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := NewPacer(DefaultLimits(), nil)
		start := time.Now()
		var wg sync.WaitGroup
		for range 10 {
			wg.Go(func() { _ = p.Wait(t.Context(), "1") })
		}
		synctest.Wait() // the busy chat's senders are all queued
		if err := p.Wait(t.Context(), "2"); err != nil {
			t.Fatal(err)
		}
		if took := time.Since(start); took > 2*DefaultLimits().Global {
			t.Errorf("a send to an idle chat waited %v behind a busy chat", took)
		}
		wg.Wait()
		if took := time.Since(start); took < 9*time.Second {
			t.Errorf("10 sends to the busy chat took %v, want at least 9 s", took)
		}
	})
}

func TestPacerHoldAndCancel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := NewPacer(DefaultLimits(), nil)
		start := time.Now()
		p.Hold("42", 7*time.Second)
		if err := p.Wait(t.Context(), "42"); err != nil {
			t.Fatal(err)
		}
		if took := time.Since(start); took != 7*time.Second {
			t.Errorf("send after Hold(7s) went out after %v", took)
		}

		ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
		defer cancel()
		start = time.Now()
		err := p.Wait(ctx, "42") // the chat is busy for another second
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Wait = %v, want the context's deadline", err)
		}
		if took := time.Since(start); took != 100*time.Millisecond {
			t.Errorf("cancelled Wait returned after %v, want 100ms", took)
		}
	})
}

func TestPacerUnlimited(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := NewPacer(Limits{}, nil)
		start := time.Now()
		for range 1000 {
			if err := p.Wait(t.Context(), "-1"); err != nil {
				t.Fatal(err)
			}
		}
		if took := time.Since(start); took != 0 {
			t.Errorf("unlimited pacer waited %v", took)
		}
	})
}
