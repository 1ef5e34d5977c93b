package telegram

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// MockEndpoint is a Client Endpoint for a MockTransport; nothing resolves
// or dials it.
const MockEndpoint = "http://bot-api.mock/bot%s/%s"

// Call is one Bot API call as the MockTransport recorded it. Params are the
// request's parameters as sent: strings, except values that are JSON
// objects or arrays (reply_markup, entities, commands), which are kept as
// JSON, and uploaded files, recorded as {"file": name, "bytes": n}.
type Call struct {
	Method string         `json:"method"`
	Params map[string]any `json:"params"`
	// Error is the description of the error the call was answered with.
	Error string `json:"error,omitempty"`
}

// MockTransport is an http.RoundTripper that plays the Bot API in process,
// so the real tgbotapi client and Client run with no network and no token:
// give a Client Config{Token: "mock", Endpoint: MockEndpoint, HTTPClient:
// &http.Client{Transport: m}, Pacer: NewPacer(Limits{}, nil)}.
//
// It records every call (Calls, WriteCalls) and writes each one as a JSON
// line to its output as it happens; it answers with plausible results
// (getMe with Bot, sent messages with increasing ids, true for the rest);
// it refuses, as Telegram does with 400, messages that are empty, too long
// or not valid Telegram HTML, and callback data over 64 bytes; it serves
// getUpdates from a feed of Update JSON lines (Feed, EndFeed, Done); and it
// keeps Files for getFile and the file endpoint (MockFileEndpoint).
// Set the exported fields before the first call.
type MockTransport struct {
	// Bot is the user getMe returns and sent messages come from.
	Bot tgbotapi.User
	// Now dates the messages it makes (default time.Now).
	Now func() time.Time
	// Omit lists methods recorded but not written to the output (by
	// default getUpdates, which polling repeats).
	Omit map[string]bool
	// Hook, when set, sees each call first and may answer it (a 403 for
	// a user who blocked the bot, a 429); nil lets the mock answer.
	Hook func(Call) *tgbotapi.APIResponse
	// Observe, when set, sees each call as it is recorded (Omit does not
	// apply), with its answer's error, and the context of the request
	// that made it: by a value the caller put in that context it tells
	// which of its own tasks made the call (the transcript of bot mock
	// files each reply under the update it answers). It runs on the
	// caller's goroutine before the call returns; calls made at once may
	// be observed at once.
	Observe func(ctx context.Context, c Call)
	// Files holds the files getFile finds and the file endpoint serves,
	// the file_id being the path inside it (see MockFileEndpoint). Nil
	// keeps none: getFile then gives any file_id a file_path, with no
	// size, and the file endpoint answers 404.
	Files fs.FS

	mu       sync.Mutex
	out      io.Writer
	outErr   error
	calls    []Call
	lastMsg  int
	commands json.RawMessage
	feed     *feed
}

// NewMockTransport returns a MockTransport writing calls to out (nil for
// none).
func NewMockTransport(out io.Writer) *MockTransport {
	return &MockTransport{
		Bot:  tgbotapi.User{ID: 1000000001, IsBot: true, FirstName: "Newsdesk", UserName: "newsdesk_mock_bot"},
		Now:  time.Now,
		Omit: map[string]bool{"getUpdates": true},
		out:  out,
		feed: newFeed(),
	}
}

// RoundTrip records the call in req and answers it.
func (m *MockTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if filePath, ok := downloadPath(req.URL); ok {
		return m.download(req, filePath), nil
	}
	method := path.Base(req.URL.Path)
	params, err := readParams(req)
	if err != nil {
		return reply(req, &tgbotapi.APIResponse{ErrorCode: 400, Description: "Bad Request: " + err.Error()}), nil
	}
	call := Call{Method: method, Params: params}
	var r *tgbotapi.APIResponse
	if m.Hook != nil {
		r = m.Hook(call)
	}
	switch {
	case r != nil:
	case method == "getUpdates":
		m.record(req.Context(), call) // before it blocks
		updates, err := m.feed.take(req.Context(), intParam(params, "offset"), intParam(params, "limit"), intParam(params, "timeout"))
		if err != nil {
			return nil, err
		}
		return reply(req, ok(updates)), nil
	default:
		if err := checkCall(method, params); err != nil {
			r = &tgbotapi.APIResponse{ErrorCode: 400, Description: "Bad Request: " + err.Error()}
		} else {
			r = m.answer(method, params)
		}
	}
	if !r.Ok {
		call.Error = r.Description
	}
	m.record(req.Context(), call)
	return reply(req, r), nil
}

// answer makes the result of a call that passed the checks.
func (m *MockTransport) answer(method string, p map[string]any) *tgbotapi.APIResponse {
	m.mu.Lock()
	defer m.mu.Unlock()
	switch {
	case method == "getMe":
		return ok(m.Bot)
	case method == "sendChatAction":
		return ok(true)
	case method == "sendMediaGroup":
		return ok([]any{m.message(p, 0)})
	case strings.HasPrefix(method, "send"), method == "forwardMessage":
		return ok(m.message(p, 0))
	case method == "copyMessage":
		m.lastMsg++
		return ok(map[string]int{"message_id": m.lastMsg})
	case strings.HasPrefix(method, "editMessage"):
		id := intParam(p, "message_id")
		if id == 0 {
			return ok(true) // an inline message
		}
		msg := m.message(p, id)
		msg["edit_date"] = m.Now().Unix()
		return ok(msg)
	case method == "setMyCommands":
		m.commands, _ = p["commands"].(json.RawMessage)
		return ok(true)
	case method == "getMyCommands":
		if m.commands == nil {
			return ok([]any{})
		}
		return ok(m.commands)
	case method == "getChat":
		return ok(chatFor(p["chat_id"]))
	case method == "getChatMember":
		return ok(map[string]any{"status": "member", "user": map[string]any{"id": intParam(p, "user_id"), "is_bot": false, "first_name": "User"}})
	case method == "getFile":
		return m.fileInfo(str(p["file_id"]))
	case method == "getWebhookInfo":
		return ok(map[string]any{"url": "", "has_custom_certificate": false, "pending_update_count": m.feed.pending()})
	}
	return ok(true)
}

// message makes the Message a send or edit returns; id 0 takes a new one.
// m.mu must be held.
func (m *MockTransport) message(p map[string]any, id int) map[string]any {
	if id == 0 {
		m.lastMsg++
		id = m.lastMsg
	}
	msg := map[string]any{"message_id": id, "from": m.Bot, "chat": chatFor(p["chat_id"]), "date": m.Now().Unix()}
	for _, field := range []string{"text", "caption"} {
		if t, ok := p[field].(string); ok {
			if str(p["parse_mode"]) == tgbotapi.ModeHTML {
				t = StripHTML(t)
			}
			msg[field] = t
		}
	}
	if rm, ok := p["reply_markup"].(json.RawMessage); ok {
		msg["reply_markup"] = rm
	}
	return msg
}

// chatFor makes a Chat for a chat_id: positive ids are private chats,
// negative ones groups (supergroups from -100…), @names channels.
func chatFor(v any) map[string]any {
	s := str(v)
	if name, ok := strings.CutPrefix(s, "@"); ok {
		return map[string]any{"id": -1000000000001, "type": "channel", "username": name}
	}
	id, _ := strconv.ParseInt(s, 10, 64)
	switch {
	case id <= -1000000000000:
		return map[string]any{"id": id, "type": "supergroup", "title": "Group " + s}
	case id < 0:
		return map[string]any{"id": id, "type": "group", "title": "Group " + s}
	}
	return map[string]any{"id": id, "type": "private", "first_name": "User"}
}

// record keeps the call, writes it to the output and shows it to
// Observe, with ctx, the context of the request that made it.
func (m *MockTransport) record(ctx context.Context, c Call) {
	m.write(c)
	if m.Observe != nil {
		m.Observe(ctx, c)
	}
}

// write keeps the call and writes it to the output.
func (m *MockTransport) write(c Call) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls = append(m.calls, c)
	if m.out == nil || m.Omit[c.Method] || m.outErr != nil {
		return
	}
	line, err := json.Marshal(c)
	if err == nil {
		_, err = m.out.Write(append(line, '\n'))
	}
	m.outErr = err
}

// Calls returns the calls recorded so far, in order.
func (m *MockTransport) Calls() []Call {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Call(nil), m.calls...)
}

// WriteCalls writes every call recorded so far, Omit included, to w as
// JSON lines ({"method": ..., "params": {...}}).
func (m *MockTransport) WriteCalls(w io.Writer) error {
	enc := json.NewEncoder(w)
	for i, c := range m.Calls() {
		if err := enc.Encode(c); err != nil {
			return fmt.Errorf("mock: write call %d: %w", i+1, err)
		}
	}
	return nil
}

// OutputErr returns the first error writing to the output, after which
// the output is no longer written.
func (m *MockTransport) OutputErr() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.outErr
}

// readParams decodes the parameters of a Bot API request: a form (what
// tgbotapi sends), a multipart upload, a JSON body, or the URL query.
func readParams(req *http.Request) (map[string]any, error) {
	params := map[string]any{}
	for k, v := range req.URL.Query() {
		params[k] = value(v[0])
	}
	if req.Body == nil {
		return params, nil
	}
	defer req.Body.Close()
	ct, mp, _ := mime.ParseMediaType(req.Header.Get("Content-Type"))
	switch ct {
	case "multipart/form-data":
		r := multipart.NewReader(req.Body, mp["boundary"])
		for {
			part, err := r.NextPart()
			if err == io.EOF {
				return params, nil
			}
			if err != nil {
				return nil, fmt.Errorf("multipart body: %w", err)
			}
			b, err := io.ReadAll(part)
			if err != nil {
				return nil, fmt.Errorf("multipart field %s: %w", part.FormName(), err)
			}
			if part.FileName() != "" {
				params[part.FormName()] = map[string]any{"file": part.FileName(), "bytes": len(b)}
			} else {
				params[part.FormName()] = value(string(b))
			}
		}
	}
	body, err := io.ReadAll(req.Body)
	if err != nil {
		return nil, fmt.Errorf("body: %w", err)
	}
	if ct == "application/json" {
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(body, &obj); err != nil {
			return nil, fmt.Errorf("JSON body: %w", err)
		}
		for k, raw := range obj {
			var s string
			if json.Unmarshal(raw, &s) == nil {
				params[k] = s
			} else {
				params[k] = value(string(raw))
			}
		}
		return params, nil
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, fmt.Errorf("form body: %w", err)
	}
	for k, v := range form {
		params[k] = value(v[0])
	}
	return params, nil
}

// value keeps s as a string unless it is a JSON object or array.
func value(s string) any {
	t := strings.TrimSpace(s)
	if (strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[")) && json.Valid([]byte(t)) {
		return json.RawMessage(t)
	}
	return s
}

func str(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case json.RawMessage:
		return string(v)
	}
	return ""
}

func intParam(p map[string]any, key string) int {
	n, _ := strconv.Atoi(str(p[key]))
	return n
}

func ok(result any) *tgbotapi.APIResponse {
	raw, err := json.Marshal(result)
	if err != nil {
		return &tgbotapi.APIResponse{ErrorCode: 500, Description: "Internal Server Error: " + err.Error()}
	}
	return &tgbotapi.APIResponse{Ok: true, Result: raw}
}

// reply wraps an API response as the HTTP response Telegram would send:
// the error code as status.
func reply(req *http.Request, r *tgbotapi.APIResponse) *http.Response {
	status := http.StatusOK
	if !r.Ok && r.ErrorCode != 0 {
		status = r.ErrorCode
	}
	body, _ := json.Marshal(r)
	return &http.Response{
		Status:        fmt.Sprintf("%d %s", status, http.StatusText(status)),
		StatusCode:    status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        http.Header{"Content-Type": {"application/json"}},
		Body:          io.NopCloser(bytes.NewReader(body)),
		ContentLength: int64(len(body)),
		Request:       req,
	}
}
