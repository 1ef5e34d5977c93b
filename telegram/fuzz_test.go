package telegram

import (
	"errors"
	"strings"
	"testing"
)

// FuzzCallbackData: data CallbackData accepts fits Telegram's 64 bytes
// and splits back into the same action and arguments.
func FuzzCallbackData(f *testing.F) {
	f.Add("more", "3fa9c2e1b7d0", "")
	f.Add("doc", "42", "page:2")
	f.Add("", "x", "y")
	f.Fuzz(func(t *testing.T, action, a, b string) {
		data, err := CallbackData(action, a, b)
		if err != nil {
			if !errors.Is(err, ErrCallbackData) {
				t.Errorf("error %v is not ErrCallbackData", err)
			}
			return
		}
		if len(data) > MaxCallbackData {
			t.Fatalf("%q is %d bytes", data, len(data))
		}
		gotAction, args := ParseCallbackData(data)
		if gotAction != action || len(args) != 2 || args[0] != a || args[1] != b {
			t.Errorf("ParseCallbackData(%q) = %q %q, want %q [%q %q]", data, gotAction, args, action, a, b)
		}
	})
}

// FuzzMockFeed: whatever a feed holds, the mock reads it without
// panicking, reports each line it skips by number, and serves the
// updates it took with increasing ids.
func FuzzMockFeed(f *testing.F) {
	f.Add(`{"update_id":1,"message":{"message_id":1,"chat":{"id":7,"type":"private"},"text":"hi"}}` + "\nnot json\n{}\n")
	f.Add(`{"message":{"text":"no id"}}` + "\n" + `{"update_id":-5,"message":{}}`)
	f.Fuzz(func(t *testing.T, feed string) {
		m := NewMockTransport(nil)
		err := m.Feed(strings.NewReader(feed))
		m.EndFeed()
		lines := strings.Count(feed, "\n") + 1
		for _, e := range unjoin(err) {
			var fe *FeedError
			if !errors.As(e, &fe) {
				t.Fatalf("feed error %v is not a *FeedError", e)
			}
			if fe.Line < 1 || fe.Line > lines+1 {
				t.Errorf("FeedError line %d outside the feed's %d lines", fe.Line, lines)
			}
		}
		m.feed.mu.Lock()
		defer m.feed.mu.Unlock()
		last := 0
		for _, q := range m.feed.queue {
			if q.id <= last {
				t.Fatalf("update ids not increasing: %d after %d", q.id, last)
			}
			last = q.id
		}
	})
}

// unjoin returns the errors errors.Join joined, or err alone.
func unjoin(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}
