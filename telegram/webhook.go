package telegram

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/newsdesk/newsdesk/internal/bounded"
)

// SecretHeader is the header in which Telegram sends a webhook's secret
// token.
const SecretHeader = "X-Telegram-Bot-Api-Secret-Token"

// secretRE is what Telegram allows as secret_token.
var secretRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

// WebhookOptions configure a Webhook. Only Secret is required.
type WebhookOptions struct {
	// Secret is the secret_token given to setWebhook; a request without
	// it in SecretHeader is refused. 1-256 characters of A-Z, a-z, 0-9,
	// '_' and '-', as Telegram requires.
	Secret string
	// MaxBody caps the request body (default 1 MiB; updates are a few KB).
	MaxBody int64
	// QueueWait is how long a request waits for room in the Dispatcher
	// before it is answered 503, which makes Telegram deliver it again
	// later (default 5s).
	QueueWait time.Duration
	// Remember is how many recent update ids are kept to drop the ones
	// Telegram delivers again (default 4096).
	Remember int
	// Logger receives refused requests (default slog.Default()).
	Logger *slog.Logger
}

// A Webhook is the http.Handler Telegram posts updates to in webhook mode.
// It refuses requests that are not POST, lack the secret token (compared
// in constant time) or carry a body over MaxBody or not an Update; it
// hands each new update to the Dispatcher and answers 200 at once, without
// waiting for the answer. Telegram delivers an update again when it did
// not get a 2xx in time, so an update id already accepted is answered 200
// and dropped.
//
// To stop gracefully, shut the http.Server down first (no update is then
// half accepted), then Close the Dispatcher so the answers in flight finish.
type Webhook struct {
	d      *Dispatcher
	secret []byte
	opts   WebhookOptions

	seen *bounded.Map[int, struct{}] // ids accepted or being accepted, the oldest forgotten first
}

// NewWebhook returns a Webhook feeding d, or an error if opts.Secret is
// not a valid secret token.
func NewWebhook(d *Dispatcher, opts WebhookOptions) (*Webhook, error) {
	if !secretRE.MatchString(opts.Secret) {
		return nil, errors.New("telegram webhook: the secret token must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
	}
	if opts.MaxBody <= 0 {
		opts.MaxBody = 1 << 20
	}
	if opts.QueueWait <= 0 {
		opts.QueueWait = 5 * time.Second
	}
	if opts.Remember <= 0 {
		opts.Remember = 4096
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	return &Webhook{
		d: d, secret: []byte(opts.Secret), opts: opts,
		seen: bounded.NewMap[int, struct{}](opts.Remember),
	}, nil
}

// ServeHTTP accepts one update.
func (h *Webhook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		return
	}
	if subtle.ConstantTimeCompare([]byte(r.Header.Get(SecretHeader)), h.secret) != 1 {
		h.opts.Logger.Warn("telegram webhook refused a request without the secret token", "remote", r.RemoteAddr)
		http.Error(w, "wrong secret token", http.StatusUnauthorized)
		return
	}
	var u tgbotapi.Update
	err := json.NewDecoder(http.MaxBytesReader(w, r.Body, h.opts.MaxBody)).Decode(&u)
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		h.opts.Logger.Warn("telegram webhook refused a body over the limit", "limit", h.opts.MaxBody)
		http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
		return
	case err != nil:
		h.opts.Logger.Warn("telegram webhook refused a body that is not an update", "err", err)
		http.Error(w, "not an update: "+err.Error(), http.StatusBadRequest)
		return
	case u.UpdateID <= 0:
		http.Error(w, "not an update: no update_id", http.StatusBadRequest)
		return
	}
	if !h.claim(u.UpdateID) {
		h.opts.Logger.Debug("telegram webhook dropped an update delivered again", "update", u.UpdateID)
		w.WriteHeader(http.StatusOK)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), h.opts.QueueWait)
	defer cancel()
	if err := h.d.Dispatch(ctx, u); err != nil {
		h.release(u.UpdateID)
		h.opts.Logger.Warn("telegram webhook could not queue an update; Telegram will deliver it again", "update", u.UpdateID, "err", err)
		w.Header().Set("Retry-After", "1")
		http.Error(w, "busy", http.StatusServiceUnavailable)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// claim marks id as accepted, or reports false if it already was.
func (h *Webhook) claim(id int) bool { return h.seen.Add(id, struct{}{}) }

// release forgets a claimed id whose update could not be queued, so that
// Telegram's next delivery of it is taken.
func (h *Webhook) release(id int) { h.seen.Delete(id) }

// SetWebhook asks Telegram to post updates to webhookURL with secret in
// SecretHeader, and only the kinds in allowedUpdates (all but a few when
// none are given; see the Bot API's setWebhook). Call it at start in
// webhook mode; Telegram then refuses getUpdates until the webhook is
// deleted, as Poller.Run does.
func (c *Client) SetWebhook(ctx context.Context, webhookURL, secret string, allowedUpdates ...string) error {
	u, err := url.Parse(webhookURL)
	if err != nil || u.Host == "" {
		return fmt.Errorf("telegram setWebhook: %q is not an absolute URL", webhookURL)
	}
	if !secretRE.MatchString(secret) {
		return errors.New("telegram setWebhook: the secret token must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
	}
	params := tgbotapi.Params{"url": webhookURL, "secret_token": secret}
	if len(allowedUpdates) > 0 {
		if err := params.AddInterface("allowed_updates", allowedUpdates); err != nil {
			return fmt.Errorf("telegram setWebhook: %w", err)
		}
	}
	// tgbotapi's WebhookConfig predates secret_token, so the call is made
	// by hand, through the same attempts, retries and token scrubbing.
	return c.call(ctx, "setWebhook", 0, func(hc tgbotapi.HTTPClient) error {
		_, err := c.with(hc).MakeRequest("setWebhook", params)
		return err
	})
}
