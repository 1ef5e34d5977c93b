package digest

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/newsdesk/newsdesk/telegram"
)

// floodControl plays Telegram's flood limits on sendMessage: more than 30
// messages in any second, a second message to a private chat within a
// second of the last, or more than 20 messages in a minute to a group are
// answered 429 with retry_after, as Telegram does. It reads the time from
// the time package: run it in a synctest bubble for virtual time.
type floodControl struct {
	mu     sync.Mutex
	global []time.Time // sends in the last second
	chats  map[string][]time.Time
	sent   int
	flood  int // 429 answers
}

func newFloodControl() *floodControl {
	return &floodControl{chats: make(map[string][]time.Time)}
}

func (f *floodControl) hook(c telegram.Call) *tgbotapi.APIResponse {
	if c.Method != "sendMessage" {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	now := time.Now()
	chat, _ := c.Params["chat_id"].(string)
	f.global = since(f.global, now.Add(-time.Second))
	window, limit := time.Second, 1
	if chat[0] == '-' {
		window, limit = time.Minute, 20
	}
	f.chats[chat] = since(f.chats[chat], now.Add(-window))
	if len(f.global) >= 30 || len(f.chats[chat]) >= limit {
		f.flood++
		return &tgbotapi.APIResponse{ErrorCode: 429, Description: "Too Many Requests: retry after 1",
			Parameters: &tgbotapi.ResponseParameters{RetryAfter: 1}}
	}
	f.global = append(f.global, now)
	f.chats[chat] = append(f.chats[chat], now)
	f.sent++
	return nil
}

// since drops the times not after from.
func since(ts []time.Time, from time.Time) []time.Time {
	i := 0
	for i < len(ts) && !ts[i].After(from) {
		i++
	}
	return ts[i:]
}

// loadCase is one delivery of a digest to many subscribers.
type loadCase struct {
	private, groups int  // subscribers of each kind
	parts           int  // messages per digest
	workers         int  // Options.Workers; 0 for the default
	roundUp         bool // space messages by 1s/30 rounded up to the next nanosecond, not down
}

// loadResult is what delivering a loadCase took.
type loadResult struct {
	took     time.Duration // on the clock the Service and Client ran on
	messages int
	flood    int // 429 answers
}

// deliverToMany subscribes c's chats, adds material for a digest of
// c.parts messages, delivers it once, and checks that every chat got every
// part once, in order.
func deliverToMany(t testing.TB, c loadCase, limits telegram.Limits, fc *floodControl) loadResult {
	e := newEnv(t, Options{MaxItems: 200, Workers: c.workers}, limits)
	if fc != nil {
		e.setHook(fc.hook)
	}
	var chats []int64
	for i := 1; i <= c.private; i++ {
		chats = append(chats, int64(i))
	}
	for i := 1; i <= c.groups; i++ {
		chats = append(chats, -int64(i))
	}
	for _, chat := range chats {
		if err := e.svc.Subscribe(context.Background(), chat, "", "@daily", ""); err != nil {
			t.Fatal(err)
		}
	}
	for n := 1; ; n++ {
		e.add(article(n, "Courier"))
		p, err := e.svc.compose(context.Background(), 0, int64(n), "")
		if err != nil {
			t.Fatal(err)
		}
		if len(p.parts) == c.parts {
			break
		}
	}
	want, err := e.svc.Preview(context.Background(), chats[0])
	if err != nil {
		t.Fatal(err)
	}

	start := time.Now()
	r, err := e.svc.DeliverDue(context.Background(), start.Add(25*time.Hour))
	took := time.Since(start)
	if err != nil || r.Digests != len(chats) || r.Parts != len(chats)*c.parts || r.Failed != 0 {
		t.Fatalf("DeliverDue: %+v, %v", r, err)
	}
	got := make(map[string][]string)
	for _, call := range e.mock.Calls() {
		if call.Method == "sendMessage" && call.Error == "" {
			id := call.Params["chat_id"].(string)
			got[id] = append(got[id], call.Params["text"].(string))
		}
	}
	for _, chat := range chats {
		if parts := got[fmt.Sprint(chat)]; !slices.Equal(parts, want) {
			t.Fatalf("chat %d got %d messages, want the %d parts once each, in order", chat, len(parts), len(want))
		}
	}
	res := loadResult{took: took, messages: r.Parts}
	if fc != nil {
		res.flood = fc.flood
	}
	return res
}

// TestDeliveryUnderFloodLimits delivers digests to 1,000 subscribers
// through the real Client and its Pacer (Telegram's limits), against a
// fake that enforces those limits, in virtual time, and reports the time
// taken against the least the global limit allows.
func TestDeliveryUnderFloodLimits(t *testing.T) {
	if testing.Short() {
		t.Skip("delivers 1,000 digests")
	}
	for _, c := range []loadCase{
		{private: 900, groups: 100, parts: 1},
		{private: 900, groups: 100, parts: 3},
		{private: 900, groups: 100, parts: 1, roundUp: true},
		{private: 900, groups: 100, parts: 3, roundUp: true},
		{private: 90, groups: 10, parts: 3, workers: 1},
	} {
		name := fmt.Sprintf("%dx%d-workers%d", c.private+c.groups, c.parts, c.workers)
		if c.roundUp {
			name += "-roundup"
		}
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				limits := telegram.DefaultLimits()
				if c.roundUp {
					limits.Global++
				}
				fc := newFloodControl()
				r := deliverToMany(t, c, limits, fc)
				least := time.Duration(r.messages-1) * time.Second / 30
				ratio := r.took.Seconds() / least.Seconds()
				t.Logf("%d subscribers × %d parts, spacing %v: %d messages in %.1f s virtual; limit's minimum %.1f s (×%.2f); %d 429s",
					c.private+c.groups, c.parts, limits.Global, r.messages, r.took.Seconds(), least.Seconds(), ratio, r.flood)
				switch {
				case c.workers == 1:
					// One subscriber at a time waits out every chat's spacing:
					// the reason Run delivers to many at once.
				case c.roundUp && (ratio > 1.02 || r.flood > 0):
					t.Errorf("×%.2f the minimum with %d 429s; want within 2%% and none", ratio, r.flood)
				case ratio > 1.15 || r.flood > r.messages/20:
					// DefaultLimits spaces messages by 1s/30 rounded down to
					// 33,333,333 ns, so that 31 fit in a second about once a
					// second; Telegram answers 429, the Client waits and resends.
					t.Errorf("×%.2f the minimum with %d 429s; want within 15%% and under 5%%", ratio, r.flood)
				}
			})
		})
	}
}

// BenchmarkDeliver1000 measures the Service's own cost of delivering a
// one-message digest to 1,000 subscribers (composing, recording each part,
// moving watermarks, the Bot API calls over the mock), with pacing off.
// The time Telegram's limits take is measured in virtual time by
// TestDeliveryUnderFloodLimits: a benchmark cannot run in a synctest
// bubble.
func BenchmarkDeliver1000(b *testing.B) {
	var took time.Duration
	var messages int
	for b.Loop() { // ns/op includes subscribing 1,000 chats; deliver-ms/op is DeliverDue alone
		r := deliverToMany(b, loadCase{private: 900, groups: 100, parts: 1}, telegram.Limits{}, nil)
		took += r.took
		messages += r.messages
	}
	b.ReportMetric(float64(took.Milliseconds())/float64(b.N), "deliver-ms/op")
	b.ReportMetric(float64(messages)/took.Seconds(), "msgs/s")
}
