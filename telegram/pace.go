package telegram

import (
	"context"
	"strings"
	"sync"
	"time"
)

// Limits are the minimum spacings between outgoing messages that keep a bot
// under Telegram's flood limits (https://core.telegram.org/bots/faq: about 30
// messages a second overall, one a second per chat, 20 a minute per group).
// A zero spacing means no limit.
type Limits struct {
	Global  time.Duration // between any two messages
	Private time.Duration // between two messages to one private chat
	Group   time.Duration // between two messages to one group or channel
}

// DefaultLimits returns Telegram's published limits as spacings: 1/30 s
// overall, 1 s per private chat, 3 s per group. The global spacing is
// rounded up: time.Second/30 truncates to 33,333,333 ns, which lets a 31st
// message into some one-second windows, and a fake enforcing 30 a second
// answered about one message in 30 with 429 until it was.
func DefaultLimits() Limits {
	return Limits{Global: time.Second/30 + time.Nanosecond, Private: time.Second, Group: time.Minute / 20}
}

// A Pacer spaces outgoing messages under Limits. It is safe for concurrent
// use, and a sender to one chat never waits for another chat's spacing, only
// for its turn in the global one.
//
// How it schedules: each chat, and the bot as a whole, has a "next free"
// time. A sender first sleeps, without reserving anything, until its chat is
// free; then it reserves the next global slot (the later of now and the
// global next-free time), moves both next-free times on by their spacing,
// and sleeps until its slot. Only senders whose chat is free queue for the
// global slots, so a chat with a backlog cannot hold slots that other chats
// could use. Which of several waiters on one chat goes first is not fixed:
// callers that need order within a chat must serialise their sends.
type Pacer struct {
	limits Limits
	clock  Clock

	mu      sync.Mutex
	next    time.Time            // global next-free time
	chats   map[string]time.Time // per-chat next-free times still in the future (or recently so)
	sweepAt int                  // size of chats that triggers dropping past entries
}

const minSweep = 1024

// NewPacer returns a Pacer for limits on clock (SystemClock when nil).
// NewPacer(Limits{}, nil) never waits.
func NewPacer(limits Limits, clock Clock) *Pacer {
	if clock == nil {
		clock = SystemClock{}
	}
	return &Pacer{limits: limits, clock: clock, chats: make(map[string]time.Time), sweepAt: minSweep}
}

// Wait blocks until a message to chat may go out, or returns the cause of
// ctx's end. chat is the Bot API chat_id as sent: a negative number or
// "@name" is a group or channel, any other a private chat; "" applies only
// the global limit. If ctx ends after the global slot was reserved, the slot
// is lost.
func (p *Pacer) Wait(ctx context.Context, chat string) error {
	for {
		if ctx.Err() != nil {
			return context.Cause(ctx)
		}
		p.mu.Lock()
		now := p.clock.Now()
		if free, ok := p.chats[chat]; ok && free.After(now) {
			p.mu.Unlock()
			if err := p.clock.Sleep(ctx, free.Sub(now)); err != nil {
				return err
			}
			continue
		}
		at := now
		if p.next.After(at) {
			at = p.next
		}
		p.next = at.Add(p.limits.Global)
		if spacing := p.spacing(chat); chat != "" && spacing > 0 {
			p.chats[chat] = at.Add(spacing)
		}
		p.sweep(now)
		p.mu.Unlock()
		return p.clock.Sleep(ctx, at.Sub(now))
	}
}

// Hold keeps messages to chat (to every chat when chat is "") from going
// out for d from now, as after a 429 answer with retry_after.
func (p *Pacer) Hold(chat string, d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	until := p.clock.Now().Add(d)
	if chat == "" {
		if until.After(p.next) {
			p.next = until
		}
		return
	}
	if until.After(p.chats[chat]) {
		p.chats[chat] = until
	}
}

func (p *Pacer) spacing(chat string) time.Duration {
	if strings.HasPrefix(chat, "-") || strings.HasPrefix(chat, "@") {
		return p.limits.Group
	}
	return p.limits.Private
}

// sweep drops chats whose next-free time has passed, once the map has
// doubled since the last sweep. p.mu must be held.
func (p *Pacer) sweep(now time.Time) {
	if len(p.chats) < p.sweepAt {
		return
	}
	for chat, free := range p.chats {
		if !free.After(now) {
			delete(p.chats, chat)
		}
	}
	p.sweepAt = max(minSweep, 2*len(p.chats))
}
