package telegram

import (
	"errors"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// RetryPolicy says which failed calls the Client repeats and how long it
// waits in between. What is retried:
//
//   - 429 Too Many Requests: after exactly parameters.retry_after seconds,
//     and the chat is held in the Pacer for as long; a retry_after above
//     MaxRetryAfter fails at once (RetryAfter reads it from the error).
//   - 5xx answers (JSON or not) and network failures: connection refused or
//     dropped, a response cut short, an attempt past its timeout; after an
//     exponential backoff with jitter.
//   - Nothing else: 400 (bad request, chat migrated), 401, 403 (blocked by
//     the user, kicked), 404, 409 are returned at once.
//
// Telegram has no idempotency keys: a send whose connection dropped after
// Telegram took it is delivered twice when retried. A duplicate answer is
// judged better than a lost one. Uploads from an io.Reader cannot be
// re-read and must not be retried (MaxAttempts 1); this package sends text.
type RetryPolicy struct {
	// MaxAttempts counts every attempt, the first included (default 4).
	MaxAttempts int
	// BaseDelay is the backoff before the second attempt; it doubles for
	// each further one (default 500ms).
	BaseDelay time.Duration
	// MaxDelay caps one backoff (default 10s).
	MaxDelay time.Duration
	// MaxRetryAfter is the longest 429 wait honoured (default 1m).
	MaxRetryAfter time.Duration
}

// DefaultRetryPolicy returns the policy used for zero fields: 4 attempts,
// backoffs of about 0.5 s, 1 s and 2 s, 429 waits up to a minute.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{MaxAttempts: 4, BaseDelay: 500 * time.Millisecond, MaxDelay: 10 * time.Second, MaxRetryAfter: time.Minute}
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	d := DefaultRetryPolicy()
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = d.MaxAttempts
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = d.BaseDelay
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = d.MaxDelay
	}
	if p.MaxRetryAfter <= 0 {
		p.MaxRetryAfter = d.MaxRetryAfter
	}
	return p
}

// backoff is the wait after failed attempt n (1-based): the exponential
// delay d = min(MaxDelay, BaseDelay·2^(n-1)), then a uniformly random point
// of [d/2, d] ("equal jitter"), so that clients that failed together do not
// retry together yet each waits at least half the nominal delay. rnd
// returns a number in [0, 1).
func (p RetryPolicy) backoff(n int, rnd func() float64) time.Duration {
	d := p.BaseDelay
	for i := 1; i < n && d < p.MaxDelay; i++ {
		d *= 2
	}
	d = min(d, p.MaxDelay)
	return d/2 + time.Duration(rnd()*float64(d/2))
}

// decide says whether the failed attempt is worth repeating and, for a 429,
// how long Telegram asked us to wait.
func decide(err error, a *callClient) (retry bool, retryAfter time.Duration) {
	if e := APIError(err); e != nil {
		switch {
		case e.RetryAfter > 0:
			return true, time.Duration(e.RetryAfter) * time.Second
		case e.Code >= 500 || e.Code == 429:
			return true, 0
		case e.Code != 0:
			return false, 0
		}
		// Uploads leave Code empty; fall back on the HTTP status.
	}
	switch {
	case a.status >= 500 || a.status == 429:
		return true, 0
	case a.status >= 400:
		return false, 0
	case a.status != 0:
		return true, 0 // the answer's body was cut short or garbled
	}
	return a.doErr != nil, 0 // no answer: retry network failures, not errors raised before sending
}

// APIError returns the Bot API error in err's chain, or nil: its Code is
// the HTTP status Telegram answered with, its Message Telegram's
// description.
func APIError(err error) *tgbotapi.Error {
	var p *tgbotapi.Error
	if errors.As(err, &p) {
		return p
	}
	var v tgbotapi.Error
	if errors.As(err, &v) {
		return &v
	}
	return nil
}

// IsForbidden reports whether err is Telegram's 403: the bot was blocked by
// the user, kicked from the group, or may not write there. Callers should
// stop writing to that chat.
func IsForbidden(err error) bool {
	e := APIError(err)
	return e != nil && (e.Code == 403 || strings.HasPrefix(e.Message, "Forbidden"))
}

// IsNotModified reports whether err is Telegram's refusal of an edit that
// would change nothing: the message already holds that text and those
// buttons. For whoever edits, the message is as wanted.
func IsNotModified(err error) bool {
	e := APIError(err)
	return e != nil && e.Code == 400 && strings.Contains(e.Message, "message is not modified")
}

// IsMigrated reports whether err says the group became a supergroup, and
// the new chat id to write to instead.
func IsMigrated(err error) (newChatID int64, ok bool) {
	if e := APIError(err); e != nil && e.MigrateToChatID != 0 {
		return e.MigrateToChatID, true
	}
	return 0, false
}

// RetryAfter reports whether err is Telegram's 429 and how long it asked to
// wait; the Client returns such errors when the wait exceeds
// RetryPolicy.MaxRetryAfter or the attempts run out.
func RetryAfter(err error) (time.Duration, bool) {
	if e := APIError(err); e != nil && e.RetryAfter > 0 {
		return time.Duration(e.RetryAfter) * time.Second, true
	}
	return 0, false
}
