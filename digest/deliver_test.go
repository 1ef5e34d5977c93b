package digest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/newsdesk/newsdesk/telegram"
)

// tomorrow is a time every "@daily" subscription made now is due at.
func tomorrow() time.Time { return time.Now().Add(25 * time.Hour) }

// attempts counts the sendMessage calls to chat, refused ones included.
func (e *env) attempts(chat int64) int {
	n := 0
	for _, c := range e.mock.Calls() {
		if c.Method == "sendMessage" && c.Params["chat_id"] == fmt.Sprint(chat) {
			n++
		}
	}
	return n
}

func TestSubscribe(t *testing.T) {
	e := newEnv(t, Options{})
	ctx := t.Context()
	e.add(articles(1, 4)...)

	err := e.svc.Subscribe(ctx, 7, "Ann", "every morning", "")
	var se *ScheduleError
	if !errors.As(err, &se) || !strings.Contains(err.Error(), `"every morning" is not a schedule`) {
		t.Errorf("Subscribe with a bad schedule: %v", err)
	}
	if _, err := e.svc.Subscription(ctx, 7); !errors.Is(err, ErrNotSubscribed) {
		t.Errorf("a refused schedule subscribed the chat: %v", err)
	}

	// A new subscriber gets what is added from now on, not what was there.
	e.subscribe(7, "")
	sub, err := e.svc.Subscription(ctx, 7)
	if err != nil || sub.Watermark != 3 || !sub.Active || sub.Schedule != "" {
		t.Fatalf("new subscription %+v, %v; want watermark 3, active, default schedule", sub, err)
	}
	if r, err := e.svc.DeliverDue(ctx, tomorrow()); err != nil || r.Empty != 1 || len(e.sent(7)) != 0 {
		t.Errorf("first digest with nothing added since subscribing: %+v, %v, sent %q", r, err, e.sent(7))
	}
	e.add(articles(4, 6)...)
	if _, err := e.svc.DeliverDue(ctx, tomorrow().Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got := reports(e.sent(7)); !slices.Equal(got, []int{5, 4}) {
		t.Errorf("digest listed reports %v, want [5 4]", got)
	}

	// Subscribing again changes the schedule and keeps the watermark.
	if err := e.svc.Subscribe(ctx, 7, "Ann's desk", "0 7 * * 1-5", ""); err != nil {
		t.Fatal(err)
	}
	sub, _ = e.svc.Subscription(ctx, 7)
	if sub.Watermark != 5 || sub.Schedule != "0 7 * * 1-5" || sub.Title != "Ann's desk" {
		t.Errorf("re-subscribed: %+v", sub)
	}
	if wd := sub.Next.Weekday(); sub.Next.Hour() != 7 || wd == time.Saturday || wd == time.Sunday {
		t.Errorf("next digest %v is not 07:00 on a weekday", sub.Next)
	}

	if ok, err := e.svc.Unsubscribe(ctx, 7); !ok || err != nil {
		t.Errorf("Unsubscribe = %v, %v", ok, err)
	}
	if ok, err := e.svc.Unsubscribe(ctx, 7); ok || err != nil {
		t.Errorf("second Unsubscribe = %v, %v; want false", ok, err)
	}
	if _, err := e.svc.Preview(ctx, 7); !errors.Is(err, ErrNotSubscribed) {
		t.Errorf("Preview after unsubscribing: %v", err)
	}
}

func TestNothingNewNoMessage(t *testing.T) {
	e := newEnv(t, Options{})
	e.add(articles(1, 3)...)
	e.subscribe(7, "")
	if p, err := e.svc.Preview(t.Context(), 7); p != nil || err != nil {
		t.Errorf("Preview = %q, %v; want nil", p, err)
	}
	for day := 1; day <= 3; day++ {
		r, err := e.svc.DeliverDue(t.Context(), time.Now().Add(time.Duration(day)*25*time.Hour))
		if err != nil || r.Due != 1 || r.Empty != 1 || r.Parts != 0 {
			t.Errorf("day %d: %+v, %v", day, r, err)
		}
	}
	if n := e.attempts(7); n != 0 {
		t.Errorf("%d messages sent with nothing new", n)
	}
}

func TestPreviewMovesNothing(t *testing.T) {
	e := newEnv(t, Options{})
	e.subscribe(7, "")
	e.add(articles(1, 3)...)
	preview, err := e.svc.Preview(t.Context(), 7)
	if err != nil || len(preview) != 1 || !slices.Equal(reports(preview), []int{2, 1}) {
		t.Fatalf("Preview = %q, %v", preview, err)
	}
	if _, err := e.svc.DeliverDue(t.Context(), tomorrow()); err != nil {
		t.Fatal(err)
	}
	if got := e.sentHTML(7); !slices.Equal(got, preview) {
		t.Errorf("sent %q, previewed %q", got, preview)
	}
	if p, err := e.svc.Preview(t.Context(), 7); p != nil || err != nil {
		t.Errorf("Preview after delivery = %q, %v; want nil", p, err)
	}
}

// threeParts adds articles until the digest of everything takes three
// messages, and returns how many it added.
func threeParts(t *testing.T, e *env) int64 {
	t.Helper()
	for n := 1; n < 200; n++ {
		e.add(article(n, "Courier"))
		c, err := e.svc.compose(t.Context(), 0, int64(n), "")
		if err != nil {
			t.Fatal(err)
		}
		if len(c.parts) == 3 {
			return int64(n)
		}
	}
	t.Fatal("no digest of three parts")
	return 0
}

// TestCrashAfterFirstPart: the process dies while the second of three
// messages is on its way; after a restart the second and third are sent,
// the first is not sent again, and only then is newer material composed.
func TestCrashAfterFirstPart(t *testing.T) {
	e := newEnv(t, Options{MaxItems: 100})
	e.subscribe(7, "")
	n := threeParts(t, e)
	want, err := e.svc.Preview(t.Context(), 7)
	if err != nil || len(want) != 3 {
		t.Fatalf("Preview: %d parts, %v", len(want), err)
	}

	ctx, crash := context.WithCancel(t.Context())
	sends := 0
	e.setHook(func(c telegram.Call) *tgbotapi.APIResponse {
		if c.Method != "sendMessage" {
			return nil
		}
		if sends++; sends == 2 {
			crash()
			return &tgbotapi.APIResponse{ErrorCode: 502, Description: "Bad Gateway"}
		}
		return nil
	})
	if _, err := e.svc.DeliverDue(ctx, tomorrow()); err != nil {
		t.Fatal(err)
	}
	if got := e.sentHTML(7); !slices.Equal(got, want[:1]) {
		t.Fatalf("before the crash Telegram confirmed %d parts, want the first", len(got))
	}
	if sub, _ := e.svc.Subscription(t.Context(), 7); sub.Pending != 2 || sub.Watermark != 0 {
		t.Errorf("after the crash: %d parts pending, watermark %d; want 2 and 0", sub.Pending, sub.Watermark)
	}

	e.setHook(nil)
	e.restart()
	e.add(article(500, "Courier")) // newer material waits for the next digest
	if p, err := e.svc.Preview(t.Context(), 7); err != nil || len(p) < 3 || !slices.Equal(p[:2], want[1:]) {
		t.Errorf("Preview after the crash does not start with the unsent parts: %v", err)
	}
	r, err := e.svc.DeliverDue(t.Context(), time.Now())
	if err != nil || r.Digests != 1 || r.Parts != 2 {
		t.Errorf("resuming: %+v, %v; want one digest of 2 parts", r, err)
	}
	if got := e.sentHTML(7); !slices.Equal(got, want) {
		t.Errorf("Telegram got %d messages; want the 3 parts once each, in order", len(got))
	}
	if sub, _ := e.svc.Subscription(t.Context(), 7); sub.Watermark != n || sub.Pending != 0 {
		t.Errorf("after resuming: watermark %d, %d pending; want %d, 0", sub.Watermark, sub.Pending, n)
	}

	if _, err := e.svc.DeliverDue(t.Context(), tomorrow().Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	sent := e.sent(7)
	if len(sent) != 4 || !slices.Equal(reports(sent[3:]), []int{500}) {
		t.Errorf("next digest: %d messages in all, last lists %v; want 4, [500]", len(sent), reports(sent[3:]))
	}
}

func TestForbiddenDeactivates(t *testing.T) {
	e := newEnv(t, Options{})
	e.subscribe(7, "")
	e.subscribe(8, "")
	e.add(articles(1, 3)...)
	e.setHook(func(c telegram.Call) *tgbotapi.APIResponse {
		if c.Method == "sendMessage" && c.Params["chat_id"] == "8" {
			return &tgbotapi.APIResponse{ErrorCode: 403, Description: "Forbidden: bot was blocked by the user"}
		}
		return nil
	})
	r, err := e.svc.DeliverDue(t.Context(), tomorrow())
	if err != nil || r.Forbidden != 1 || r.Digests != 1 || r.Failed != 0 {
		t.Errorf("DeliverDue: %+v, %v", r, err)
	}
	sub, err := e.svc.Subscription(t.Context(), 8)
	if err != nil || sub.Active || !strings.Contains(sub.Stopped, "blocked") || sub.Pending != 0 {
		t.Errorf("blocked subscriber: %+v, %v; want inactive, why, nothing pending", sub, err)
	}
	if _, err := e.svc.Preview(t.Context(), 8); !errors.Is(err, ErrNotSubscribed) {
		t.Errorf("Preview of a deactivated subscription: %v", err)
	}

	e.add(articles(3, 5)...)
	if _, err := e.svc.DeliverDue(t.Context(), tomorrow().Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if n := e.attempts(8); n != 1 {
		t.Errorf("%d attempts to the chat that blocked the bot; want only the refused one", n)
	}
	if got := reports(e.sent(7)); !slices.Equal(got, []int{2, 1, 4, 3}) {
		t.Errorf("the other subscriber got %v", got)
	}

	// Subscribing again starts afresh, from what is stored now.
	e.setHook(nil)
	e.subscribe(8, "")
	if sub, _ := e.svc.Subscription(t.Context(), 8); !sub.Active || sub.Watermark != 4 {
		t.Errorf("re-subscribed after a block: %+v", sub)
	}
}

func TestMigrationFollowed(t *testing.T) {
	const group, super = -300, -1000000000300
	e := newEnv(t, Options{})
	e.subscribe(group, "")
	e.add(articles(1, 3)...)
	e.setHook(func(c telegram.Call) *tgbotapi.APIResponse {
		if c.Method == "sendMessage" && c.Params["chat_id"] == fmt.Sprint(group) {
			return &tgbotapi.APIResponse{ErrorCode: 400, Description: "Bad Request: group chat was upgraded to a supergroup chat",
				Parameters: &tgbotapi.ResponseParameters{MigrateToChatID: super}}
		}
		return nil
	})
	r, err := e.svc.DeliverDue(t.Context(), tomorrow())
	if err != nil || r.Migrated != 1 || r.Digests != 1 {
		t.Errorf("DeliverDue: %+v, %v", r, err)
	}
	if got := reports(e.sent(super)); !slices.Equal(got, []int{2, 1}) {
		t.Errorf("supergroup got %v", got)
	}
	if _, err := e.svc.Subscription(t.Context(), group); !errors.Is(err, ErrNotSubscribed) {
		t.Errorf("old group still subscribed: %v", err)
	}
	if sub, err := e.svc.Subscription(t.Context(), super); err != nil || sub.Watermark != 2 {
		t.Errorf("supergroup subscription %+v, %v", sub, err)
	}
}

func TestMigrate(t *testing.T) {
	e := newEnv(t, Options{})
	ctx := t.Context()
	e.subscribe(-400, "0 9 * * *")
	e.subscribe(-500, "")
	e.subscribe(-600, "")
	if err := e.svc.Migrate(ctx, -400, -1000000000400); err != nil {
		t.Fatal(err)
	}
	if sub, err := e.svc.Subscription(ctx, -1000000000400); err != nil || sub.Schedule != "0 9 * * *" {
		t.Errorf("moved subscription %+v, %v", sub, err)
	}
	// Moving onto a chat that has its own subscription keeps that one.
	if err := e.svc.Migrate(ctx, -500, -600); err != nil {
		t.Fatal(err)
	}
	subs, err := e.svc.Subscriptions(ctx)
	var chats []int64
	for _, s := range subs {
		chats = append(chats, s.ChatID)
	}
	if err != nil || !slices.Equal(chats, []int64{-1000000000400, -600}) {
		t.Errorf("subscriptions %v, %v", chats, err)
	}
	if err := e.svc.Migrate(ctx, -700, -701); err != nil {
		t.Errorf("migrating an unsubscribed chat: %v", err)
	}
}

// TestRefusedPartPassedOver: a part Telegram refuses with 400 is logged
// and passed over; the others arrive and the digest is done, rather than
// the subscriber waiting for ever on a message Telegram will never take.
func TestRefusedPartPassedOver(t *testing.T) {
	e := newEnv(t, Options{MaxItems: 100})
	e.subscribe(7, "")
	threeParts(t, e)
	want, _ := e.svc.Preview(t.Context(), 7)
	e.setHook(func(c telegram.Call) *tgbotapi.APIResponse {
		if c.Method == "sendMessage" && c.Params["text"] == want[1] {
			return &tgbotapi.APIResponse{ErrorCode: 400, Description: "Bad Request: can't parse entities"}
		}
		return nil
	})
	r, err := e.svc.DeliverDue(t.Context(), tomorrow())
	if err != nil || r.Refused != 1 || r.Parts != 2 || r.Digests != 1 || r.Failed != 0 {
		t.Errorf("DeliverDue: %+v, %v", r, err)
	}
	if got := e.sentHTML(7); !slices.Equal(got, []string{want[0], want[2]}) {
		t.Errorf("%d parts arrived; want the first and third", len(got))
	}
	if sub, _ := e.svc.Subscription(t.Context(), 7); !sub.Active || sub.Pending != 0 {
		t.Errorf("after a refused part: %+v", sub)
	}

	// A chat Telegram does not know is as good as a 403.
	e.subscribe(9, "")
	e.add(article(300, "Courier"))
	e.setHook(func(c telegram.Call) *tgbotapi.APIResponse {
		if c.Method == "sendMessage" && c.Params["chat_id"] == "9" {
			return &tgbotapi.APIResponse{ErrorCode: 400, Description: "Bad Request: chat not found"}
		}
		return nil
	})
	if r, err := e.svc.DeliverDue(t.Context(), tomorrow().Add(24*time.Hour)); err != nil || r.Forbidden != 1 {
		t.Errorf("DeliverDue to an unknown chat: %+v, %v", r, err)
	}
	if sub, _ := e.svc.Subscription(t.Context(), 9); sub.Active {
		t.Errorf("subscription of an unknown chat still active")
	}
}

// TestUnsubscribeDuringDigest: a chat that unsubscribes while its digest
// is being sent gets no further part.
func TestUnsubscribeDuringDigest(t *testing.T) {
	e := newEnv(t, Options{MaxItems: 100})
	e.subscribe(7, "")
	threeParts(t, e)
	e.setHook(func(c telegram.Call) *tgbotapi.APIResponse {
		if c.Method == "sendMessage" {
			if _, err := e.svc.Unsubscribe(context.Background(), 7); err != nil {
				t.Error(err)
			}
		}
		return nil
	})
	r, err := e.svc.DeliverDue(t.Context(), tomorrow())
	if err != nil || r.Failed != 0 || r.Digests != 0 {
		t.Errorf("DeliverDue: %+v, %v", r, err)
	}
	if n := e.attempts(7); n != 1 {
		t.Errorf("%d parts sent to a chat that unsubscribed during the first", n)
	}
}
