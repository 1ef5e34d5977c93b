package bot

import (
	"context"
	"fmt"
	"math"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// allowedIn reports whether user, writing in chat, is served: everyone is
// when Options.Allowed is empty; otherwise the listed users anywhere, every
// member of a listed chat, and the administrators.
func (b *Bot) allowedIn(user, chat int64) bool {
	return len(b.allowed) == 0 || b.allowed[user] || b.allowed[chat] || b.admins[user]
}

// isAdmin reports whether user administers the bot.
func (b *Bot) isAdmin(user int64) bool { return b.admins[user] }

// admit decides whether the message's sender is served now, and answers
// the ones who are not: a refusal for those not allowed (nothing from the
// corpus), a notice for those over the flood limit. The flood limit counts
// refused messages too, so that nobody can make the bot write without end.
func (b *Bot) admit(ctx context.Context, m *tgbotapi.Message) bool {
	ok, notice := b.screen(m)
	if !ok && notice != "" {
		b.reply(ctx, m, notice, nil)
	}
	return ok
}

// screen decides whether the message's sender is served now and, when
// not, what to tell them: a refusal, a notice of the flood limit, or ""
// for silence (the notice was given this minute). It counts the message
// against the flood limit.
func (b *Bot) screen(m *tgbotapi.Message) (ok bool, notice string) {
	user := m.From.ID
	ok, warn, wait := b.flood.allow(user)
	if !ok {
		b.log.Debug("flood limit", "chat", m.Chat.ID, "user", user, "wait", wait, "noticed", warn)
		if warn {
			return false, floodNotice(wait)
		}
		return false, ""
	}
	if !b.allowedIn(user, m.Chat.ID) {
		b.log.Info("refused: not allowed", "chat", m.Chat.ID, "user", user)
		return false, refusal(user)
	}
	return true, ""
}

// refusal is what a user outside Options.Allowed reads.
func refusal(user int64) string {
	return fmt.Sprintf("Sorry, this bot only serves the newsroom it was set up for. "+
		"If you belong there, ask the bot's owner to add your id, <code>%d</code>.", user)
}

// floodNotice is what a user over the flood limit reads, once per minute.
func floodNotice(wait time.Duration) string {
	s := int(math.Ceil(wait.Seconds()))
	return fmt.Sprintf("You are sending messages faster than I can answer them. "+
		"Please wait %d s; I will not answer what you send before then.", max(s, 1))
}

// floodLimit allows each user at most per events in any window (a sliding
// window log). It is safe for concurrent use.
type floodLimit struct {
	per    int
	window time.Duration
	now    func() time.Time

	mu    sync.Mutex
	users map[int64]*floodState
}

type floodState struct {
	times  []time.Time // the allowed events within the window, oldest first
	warned bool        // the user was told of the limit since the last allowed event
}

// maxFloodUsers is how many users the limiter tracks before it forgets the
// ones with nothing in their window.
const maxFloodUsers = 4096

func newFloodLimit(per int, window time.Duration, now func() time.Time) *floodLimit {
	return &floodLimit{per: per, window: window, now: now, users: map[int64]*floodState{}}
}

// allow records an event of user and reports whether it is within the
// limit. When it is not, warn is true the first time since the user's last
// allowed event (the time to tell them), and wait is how long until an
// event would be allowed again.
func (f *floodLimit) allow(user int64) (ok, warn bool, wait time.Duration) {
	if f.per <= 0 {
		return true, false, 0
	}
	now := f.now()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.users) >= maxFloodUsers {
		f.sweep(now)
	}
	st := f.users[user]
	if st == nil {
		st = &floodState{}
		f.users[user] = st
	}
	st.times = trimBefore(st.times, now.Add(-f.window))
	if len(st.times) < f.per {
		st.times = append(st.times, now)
		st.warned = false
		return true, false, 0
	}
	warn = !st.warned
	st.warned = true
	return false, warn, st.times[0].Add(f.window).Sub(now)
}

// sweep forgets the users with no event in the window. f.mu must be held.
func (f *floodLimit) sweep(now time.Time) {
	for id, st := range f.users {
		if st.times = trimBefore(st.times, now.Add(-f.window)); len(st.times) == 0 {
			delete(f.users, id)
		}
	}
}

// trimBefore drops the times not after cutoff from the sorted ts.
func trimBefore(ts []time.Time, cutoff time.Time) []time.Time {
	k := 0
	for k < len(ts) && !ts[k].After(cutoff) {
		k++
	}
	return append(ts[:0], ts[k:]...)
}
