// Package telegram owns the wire to the Telegram Bot API: a Client around
// github.com/go-telegram-bot-api/v5 that adds contexts, timeouts, retries
// and flood-limit pacing (the library has none); HTML formatting and
// message splitting under Telegram's limits; the ways updates come in (a
// long-polling Poller that persists its offset, a Webhook handler) and a
// Dispatcher that runs handlers concurrently across chats and in order
// within one; and an in-process MockTransport that answers the Bot API for
// local runs and tests. What the bot says lives in package bot.
package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// ErrClosed is the cause of calls ended by Client.Close.
var ErrClosed = errors.New("telegram: client closed")

// MaxPollTimeout is the longest long-poll GetUpdates asks Telegram for.
const MaxPollTimeout = time.Minute

// Config configures a Client. Only Token is required.
type Config struct {
	// Token is the bot token from @BotFather. It is never logged and is
	// scrubbed from errors.
	Token string
	// Endpoint is the Bot API URL pattern with two %s, for the token and
	// the method (default tgbotapi.APIEndpoint,
	// "https://api.telegram.org/bot%s/%s"); point it at a local Bot API
	// server or an emulator.
	Endpoint string
	// HTTPClient carries the requests (default: one with dial, TLS and idle
	// timeouts). Its Timeout is raised, on a copy, to a backstop above the
	// longest attempt; per-attempt deadlines do the real work.
	HTTPClient *http.Client
	// CallTimeout bounds one attempt of one call, response body included
	// (default 15s); GetUpdates adds its long-poll timeout.
	CallTimeout time.Duration
	// Retry says what is retried and how (zero fields take defaults).
	Retry RetryPolicy
	// Pacer spaces sent messages (default NewPacer(DefaultLimits(), Clock));
	// NewPacer(Limits{}, nil) disables pacing, as for a mock run.
	Pacer *Pacer
	// Clock times retry waits (default SystemClock).
	Clock Clock
	// Logger receives a warning per retried attempt (default slog.Default()).
	Logger *slog.Logger
}

// Client calls the Bot API. It is safe for concurrent use; every method
// takes a context, honours its cancellation, and returns errors that name
// the method and never contain the token.
type Client struct {
	bot     *tgbotapi.BotAPI // read-only after New; each call uses a shallow copy
	hc      *http.Client
	pacer   *Pacer
	retry   RetryPolicy
	clock   Clock
	rand    func() float64
	timeout time.Duration
	log     *slog.Logger
	token   string

	closing context.Context // done once Close is called
	close   context.CancelCauseFunc
}

// New checks cfg, then calls getMe (with retries) to validate the token and
// learn the bot's own user.
func New(ctx context.Context, cfg Config) (*Client, error) {
	if cfg.Token == "" {
		return nil, errors.New("telegram: Config.Token is empty")
	}
	endpoint := cfg.Endpoint
	if endpoint == "" {
		endpoint = tgbotapi.APIEndpoint
	}
	if strings.Count(endpoint, "%") != 2 || strings.Count(endpoint, "%s") != 2 {
		return nil, fmt.Errorf("telegram: Config.Endpoint %q must hold exactly two %%s (token, method)", strings.ReplaceAll(endpoint, cfg.Token, redacted))
	}
	c := &Client{
		pacer:   cfg.Pacer,
		retry:   cfg.Retry.withDefaults(),
		clock:   cfg.Clock,
		rand:    rand.Float64,
		timeout: cfg.CallTimeout,
		log:     cfg.Logger,
		token:   cfg.Token,
	}
	if c.clock == nil {
		c.clock = SystemClock{}
	}
	if c.pacer == nil {
		c.pacer = NewPacer(DefaultLimits(), c.clock)
	}
	if c.timeout <= 0 {
		c.timeout = 15 * time.Second
	}
	if c.log == nil {
		c.log = slog.Default()
	}
	c.hc = httpClient(cfg.HTTPClient, c.timeout+MaxPollTimeout+5*time.Second)
	c.closing, c.close = context.WithCancelCause(context.Background())

	err := c.call(ctx, "getMe", 0, func(hc tgbotapi.HTTPClient) error {
		bot, err := tgbotapi.NewBotAPIWithClient(cfg.Token, endpoint, hc)
		if err == nil {
			bot.Client = nil // calls set their own
			c.bot = bot
		}
		return err
	})
	if err != nil {
		c.close(err)
		return nil, err
	}
	return c, nil
}

// DefaultHTTPClient returns the HTTP client a Client uses when Config
// gives none: dial, TLS and idle timeouts, proxies from the environment.
// Give the same one to whatever else talks to the Bot API (file
// downloads), so that it takes the same transport.
func DefaultHTTPClient() *http.Client {
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	return &http.Client{Transport: &http.Transport{
		Proxy:               http.ProxyFromEnvironment,
		DialContext:         dialer.DialContext,
		TLSHandshakeTimeout: 10 * time.Second,
		IdleConnTimeout:     90 * time.Second,
		MaxIdleConnsPerHost: 32,
		ForceAttemptHTTP2:   true,
	}}
}

// httpClient returns hc, or a default client, with Timeout at least backstop.
func httpClient(hc *http.Client, backstop time.Duration) *http.Client {
	if hc == nil {
		hc = DefaultHTTPClient()
	}
	cp := *hc
	if cp.Timeout < backstop {
		cp.Timeout = backstop
	}
	return &cp
}

// Self returns the bot's own user, as getMe reported it.
func (c *Client) Self() tgbotapi.User { return c.bot.Self }

// Send sends a message-producing Chattable (sendMessage, editMessageText of
// a chat message, …) and returns the Message Telegram made.
func (c *Client) Send(ctx context.Context, ch tgbotapi.Chattable) (tgbotapi.Message, error) {
	resp, err := c.Request(ctx, ch)
	if err != nil {
		return tgbotapi.Message{}, err
	}
	var m tgbotapi.Message
	if err := json.Unmarshal(resp.Result, &m); err != nil {
		return tgbotapi.Message{}, fmt.Errorf("telegram %T: decode message: %w", ch, err)
	}
	return m, nil
}

// Request sends any Chattable (answerCallbackQuery, setMyCommands, …) and
// returns Telegram's answer; use it for methods whose result is not a
// Message.
func (c *Client) Request(ctx context.Context, ch tgbotapi.Chattable) (*tgbotapi.APIResponse, error) {
	var resp *tgbotapi.APIResponse
	err := c.call(ctx, fmt.Sprintf("%T", ch), 0, func(hc tgbotapi.HTTPClient) error {
		r, err := c.with(hc).Request(ch)
		resp = r
		return err
	})
	return resp, err
}

// GetUpdates long-polls for updates from offset (the last update id seen
// plus one), waiting up to timeout (at most MaxPollTimeout; whole seconds)
// for one to arrive.
func (c *Client) GetUpdates(ctx context.Context, offset int, timeout time.Duration) ([]tgbotapi.Update, error) {
	timeout = min(max(timeout, 0), MaxPollTimeout)
	cfg := tgbotapi.NewUpdate(offset)
	cfg.Timeout = int(timeout / time.Second)
	var resp *tgbotapi.APIResponse
	err := c.call(ctx, "getUpdates", timeout, func(hc tgbotapi.HTTPClient) error {
		r, err := c.with(hc).Request(cfg)
		resp = r
		return err
	})
	if err != nil {
		return nil, err
	}
	var updates []tgbotapi.Update
	if err := json.Unmarshal(resp.Result, &updates); err != nil {
		return nil, fmt.Errorf("telegram getUpdates: decode updates: %w", err)
	}
	return updates, nil
}

// Close ends the Client: calls in flight, their pacing waits and retry
// waits return promptly with ErrClosed, and later calls fail with it. Call
// it after the handlers have finished their answers. Close is idempotent.
func (c *Client) Close() error {
	c.close(ErrClosed)
	c.hc.CloseIdleConnections()
	return nil
}

// with returns a copy of the bot that sends through hc.
func (c *Client) with(hc tgbotapi.HTTPClient) *tgbotapi.BotAPI {
	b := *c.bot
	b.Client = hc
	return &b
}

// call runs one Bot API call, attempt after attempt, under ctx and the
// Client's lifetime. name labels errors until an attempt learns the method
// from the URL; extra lengthens each attempt's deadline (long polls).
func (c *Client) call(ctx context.Context, name string, extra time.Duration, fn func(tgbotapi.HTTPClient) error) error {
	if c.closing.Err() != nil {
		return fmt.Errorf("telegram %s: %w", name, ErrClosed)
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	stop := context.AfterFunc(c.closing, func() { cancel(ErrClosed) })
	defer stop()

	for n := 1; ; n++ {
		a := &callClient{ctx: ctx, hc: c.hc, pacer: c.pacer, timeout: c.timeout + extra, token: c.token}
		err := scrub(fn(a), c.token)
		if a.method != "" {
			name = a.method
		}
		switch {
		case err == nil:
			return nil
		case ctx.Err() != nil:
			return fmt.Errorf("telegram %s: %w (last error: %v)", name, context.Cause(ctx), err)
		}
		retry, after := decide(err, a)
		switch {
		case !retry:
			return fmt.Errorf("telegram %s: %w", name, err)
		case after > c.retry.MaxRetryAfter:
			return fmt.Errorf("telegram %s: flood wait %v exceeds %v: %w", name, after, c.retry.MaxRetryAfter, err)
		case n >= c.retry.MaxAttempts:
			return fmt.Errorf("telegram %s: giving up after %d attempts: %w", name, n, err)
		}
		wait := c.retry.backoff(n, c.rand)
		if after > 0 {
			wait = after
			if a.chat != "" {
				c.pacer.Hold(a.chat, after)
			}
		}
		c.log.Warn("telegram call failed, retrying", "method", name, "chat", a.chat, "attempt", n, "status", a.status, "wait", wait, "err", err)
		if serr := c.clock.Sleep(ctx, wait); serr != nil {
			return fmt.Errorf("telegram %s: %w (after %d attempts, last error: %v)", name, serr, n, err)
		}
	}
}
