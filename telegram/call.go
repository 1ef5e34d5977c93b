package telegram

import (
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"
)

// How a call gets a context although tgbotapi has none: BotAPI sends every
// request through its Client field, an interface with one method,
// Do(*http.Request). For each call the Client makes a shallow copy of its
// BotAPI (never the shared one: calls run concurrently) whose Client is a
// callClient bound to that call's context. The callClient's Do replaces the
// request's context with the call's, so cancelling the call, or closing the
// Client, aborts the request on the wire.
//
// Timeouts: each attempt runs under its own deadline, CallTimeout (plus the
// long-poll timeout for getUpdates), covering connect, request and the whole
// response body: the deadline is released only when tgbotapi closes the body
// after decoding it. The http.Client's own Timeout stays as a backstop above
// every per-attempt deadline, and the default transport bounds dialing and
// TLS handshakes.

// callClient is the tgbotapi.HTTPClient of one attempt of one call.
type callClient struct {
	ctx     context.Context
	hc      *http.Client
	pacer   *Pacer
	timeout time.Duration
	token   string

	// What the attempt saw, for the retry decision and for logs.
	method string // Bot API method, from the URL
	chat   string // chat_id of a paced call
	status int    // HTTP status, 0 if no answer came
	doErr  error  // transport failure, token scrubbed
}

// Do paces the request if it sends a message, then runs it under the
// call's context and the attempt's deadline.
func (a *callClient) Do(req *http.Request) (*http.Response, error) {
	a.method = path.Base(req.URL.Path)
	if paced(a.method) {
		a.chat = chatOf(req)
		if err := a.pacer.Wait(a.ctx, a.chat); err != nil {
			return nil, err
		}
	}
	ctx, cancel := context.WithTimeout(a.ctx, a.timeout)
	resp, err := a.hc.Do(req.WithContext(ctx))
	if err != nil {
		cancel()
		a.doErr = scrubURLError(err, a.token)
		return nil, a.doErr
	}
	a.status = resp.StatusCode
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

// cancelOnClose releases the attempt's deadline when the body is closed.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

// paced reports whether method sends a message and so counts against
// Telegram's flood limits. Chat actions ("typing…") do not.
func paced(method string) bool {
	switch {
	case method == "sendChatAction":
		return false
	case strings.HasPrefix(method, "send"), strings.HasPrefix(method, "edit"),
		method == "copyMessage", method == "forwardMessage":
		return true
	}
	return false
}

// chatOf returns the chat_id of a form-encoded request without consuming
// its body, or "" (global pacing only) for uploads and other bodies.
func chatOf(req *http.Request) string {
	ct, _, _ := mime.ParseMediaType(req.Header.Get("Content-Type"))
	if ct != "application/x-www-form-urlencoded" || req.GetBody == nil {
		return ""
	}
	body, err := req.GetBody()
	if err != nil {
		return ""
	}
	defer body.Close()
	b, err := io.ReadAll(io.LimitReader(body, 1<<20))
	if err != nil {
		return ""
	}
	v, err := url.ParseQuery(string(b))
	if err != nil {
		return ""
	}
	return v.Get("chat_id")
}

// scrubURLError rewrites the URL in a transport error, which holds the bot
// token in its path.
func scrubURLError(err error, token string) error {
	var ue *url.Error
	if token == "" || !errors.As(err, &ue) || ue != err {
		return scrub(err, token)
	}
	c := *ue
	c.URL = strings.ReplaceAll(c.URL, token, redacted)
	return &c
}

const redacted = "<token>"

// scrub hides the token in err's message. The wrapped chain stays
// reachable for errors.Is and errors.As.
func scrub(err error, token string) error {
	if err == nil || token == "" || !strings.Contains(err.Error(), token) {
		return err
	}
	return &scrubbedError{msg: strings.ReplaceAll(err.Error(), token, redacted), err: err}
}

type scrubbedError struct {
	msg string
	err error
}

func (e *scrubbedError) Error() string { return e.msg }
func (e *scrubbedError) Unwrap() error { return e.err }
