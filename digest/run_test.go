package digest

import (
	"context"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/newsdesk/newsdesk/telegram"
)

// runner runs a Service's Run loop in the background of a synctest bubble.
type runner struct {
	stop func()
	done chan error
}

func start(svc *Service) *runner {
	ctx, cancel := context.WithCancel(context.Background())
	r := &runner{stop: cancel, done: make(chan error, 1)}
	go func() { r.done <- svc.Run(ctx) }()
	return r
}

// halt ends Run and waits for it to return.
func (r *runner) halt(t *testing.T) {
	t.Helper()
	r.stop()
	if err := <-r.done; err != nil {
		t.Errorf("Run returned %v", err)
	}
}

// sleepUntil sleeps, in the bubble's virtual time, until the given time of
// day on day (0 = the bubble's first day, 1 January 2000, a Saturday).
func sleepUntil(day, hour, minute int) {
	at := time.Date(2000, 1, 1+day, hour, minute, 0, 0, time.UTC)
	time.Sleep(time.Until(at))
}

// TestTwoSchedules: a private chat at 07:00 daily and a group every six
// hours; material is added between their digests and the service is
// restarted between runs; each gets exactly the new items once, and no
// message when nothing is new.
func TestTwoSchedules(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const private, group = 101, -202
		e := newEnv(t, Options{}, telegram.DefaultLimits())
		e.subscribe(private, "0 7 * * *")
		e.subscribe(group, "0 */6 * * *")
		run := start(e.svc)
		check := func(when string, wantPrivate, wantGroup []int) {
			t.Helper()
			if got := reports(e.sent(private)); !slices.Equal(got, wantPrivate) {
				t.Errorf("%s: private chat got %v, want %v", when, got, wantPrivate)
			}
			if got := reports(e.sent(group)); !slices.Equal(got, wantGroup) {
				t.Errorf("%s: group got %v, want %v", when, got, wantGroup)
			}
		}

		sleepUntil(0, 0, 30)
		e.add(articles(1, 4)...)
		sleepUntil(0, 6, 30)
		check("day 0 06:30", nil, []int{3, 2, 1})
		sleepUntil(0, 7, 30)
		check("day 0 07:30", []int{3, 2, 1}, []int{3, 2, 1})
		e.add(articles(4, 6)...)
		sleepUntil(0, 12, 30)
		check("day 0 12:30", []int{3, 2, 1}, []int{3, 2, 1, 5, 4})
		e.add(article(6, "Courier"))

		sleepUntil(0, 13, 0) // restart
		run.halt(t)
		e.restart()
		run = start(e.svc)

		sleepUntil(0, 18, 30)
		check("day 0 18:30", []int{3, 2, 1}, []int{3, 2, 1, 5, 4, 6})
		sleepUntil(1, 7, 30)
		check("day 1 07:30", []int{3, 2, 1, 6, 5, 4}, []int{3, 2, 1, 5, 4, 6})
		sleepUntil(2, 23, 0) // nothing new: no message
		check("day 2 23:00", []int{3, 2, 1, 6, 5, 4}, []int{3, 2, 1, 5, 4, 6})
		if n, m := e.attempts(private), e.attempts(group); n != 2 || m != 3 {
			t.Errorf("%d and %d messages sent; want 2 and 3", n, m)
		}
		run.halt(t)
	})
}

// TestRunWakesForNewSubscriber: a Run asleep until tomorrow's digest
// notices a subscription due sooner.
func TestRunWakesForNewSubscriber(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, Options{})
		e.subscribe(1, "@daily")
		run := start(e.svc)
		sleepUntil(0, 1, 0)
		e.subscribe(2, "0 2 * * *")
		e.add(articles(1, 3)...)
		sleepUntil(0, 2, 30)
		if got := reports(e.sent(2)); !slices.Equal(got, []int{2, 1}) {
			t.Errorf("subscriber due at 02:00 got %v by 02:30", got)
		}
		run.halt(t)
	})
}

// TestShutdownAtPartBoundary: when Run's context ends while a digest of
// three parts is being sent, the part already on its way is sent and
// recorded, no other; after a restart the rest follows.
func TestShutdownAtPartBoundary(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const chat = 7
		e := newEnv(t, Options{MaxItems: 100}, telegram.DefaultLimits()) // 1 s between messages to a chat
		e.subscribe(chat, "0 6 * * *")
		threeParts(t, e)
		want, err := e.svc.Preview(t.Context(), chat)
		if err != nil || len(want) != 3 {
			t.Fatalf("Preview: %d parts, %v", len(want), err)
		}
		run := start(e.svc)
		sleepUntil(0, 6, 0)
		time.Sleep(500 * time.Millisecond) // the first part is sent, the second waits for its turn
		synctest.Wait()
		if got := e.sentHTML(chat); !slices.Equal(got, want[:1]) {
			t.Fatalf("at 06:00:00.5, %d parts sent; want 1", len(got))
		}
		run.halt(t)
		if got := e.sentHTML(chat); !slices.Equal(got, want[:2]) {
			t.Errorf("after shutdown, %d parts sent; want the 2 that were on their way", len(got))
		}
		if sub, _ := e.svc.Subscription(t.Context(), chat); sub.Pending != 1 {
			t.Errorf("%d parts pending after shutdown, want 1", sub.Pending)
		}
		e.restart()
		run = start(e.svc)
		time.Sleep(time.Minute)
		if got := e.sentHTML(chat); !slices.Equal(got, want) {
			t.Errorf("after restart, %d messages in all; want the 3 parts once each", len(got))
		}
		run.halt(t)
	})
}
