package telegram

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// FeedError is a feed line that could not be used; the lines around it are
// still served.
type FeedError struct {
	Line int // 1-based
	Err  error
}

func (e *FeedError) Error() string { return fmt.Sprintf("feed line %d: %v", e.Line, e.Err) }
func (e *FeedError) Unwrap() error { return e.Err }

// maxFeedLine is the longest feed line read.
const maxFeedLine = 1 << 20

// Feed reads Bot API Update objects, one JSON object per line, from r and
// queues them for getUpdates, each as soon as it is read (so r may be a
// live stream such as stdin). Blank lines are skipped. A missing update_id
// is numbered after the previous one; an update_id not after the previous
// one, a line that is not a JSON object, or one with no update in it is
// skipped and reported. Feed returns when r is exhausted, with the skipped
// lines as *FeedError values joined by errors.Join (and a read error, if
// any). Call EndFeed when no more updates will come.
func (m *MockTransport) Feed(r io.Reader) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxFeedLine)
	var errs []error
	n := 0
	for sc.Scan() {
		n++
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		if err := m.feed.push(line); err != nil {
			errs = append(errs, &FeedError{Line: n, Err: err})
		}
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, &FeedError{Line: n + 1, Err: err})
	}
	return errors.Join(errs...)
}

// EndFeed says no more updates will be fed: getUpdates then answers at once
// when nothing is pending, and Done is closed once every update has been
// handed out and confirmed.
func (m *MockTransport) EndFeed() { m.feed.end() }

// Done is closed once EndFeed was called and getUpdates has confirmed every
// fed update (polled with an offset past the last one).
func (m *MockTransport) Done() <-chan struct{} { return m.feed.done }

// feed is the queue of updates getUpdates serves.
type feed struct {
	mu      sync.Mutex
	queue   []queued
	lastID  int
	ended   bool
	changed chan struct{} // closed and replaced whenever queue or ended change
	done    chan struct{}
}

type queued struct {
	id  int
	raw json.RawMessage
}

func newFeed() *feed {
	return &feed{changed: make(chan struct{}), done: make(chan struct{})}
}

// push queues one update line.
func (f *feed) push(line []byte) error {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(line, &obj); err != nil {
		return fmt.Errorf("not a JSON object: %w", err)
	}
	var u tgbotapi.Update
	if err := json.Unmarshal(line, &u); err != nil {
		return fmt.Errorf("not an Update: %w", err)
	}
	if _, has := obj["update_id"]; len(obj) == 0 || (has && len(obj) == 1) {
		return errors.New("no update in the object")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.ended {
		return errors.New("fed after EndFeed")
	}
	switch {
	case u.UpdateID == 0:
		u.UpdateID = f.lastID + 1
		obj["update_id"] = json.RawMessage(strconv.Itoa(u.UpdateID))
	case u.UpdateID <= f.lastID:
		return fmt.Errorf("update_id %d is not after %d", u.UpdateID, f.lastID)
	}
	raw, err := json.Marshal(obj)
	if err != nil {
		return err
	}
	f.lastID = u.UpdateID
	f.queue = append(f.queue, queued{id: u.UpdateID, raw: raw})
	f.notify()
	return nil
}

func (f *feed) end() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.ended {
		f.ended = true
		f.notify()
		f.finish()
	}
}

// notify wakes the pollers. f.mu must be held.
func (f *feed) notify() {
	close(f.changed)
	f.changed = make(chan struct{})
}

// finish closes done if everything was confirmed. f.mu must be held.
func (f *feed) finish() {
	if f.ended && len(f.queue) == 0 {
		select {
		case <-f.done:
		default:
			close(f.done)
		}
	}
}

func (f *feed) pending() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.queue)
}

// take answers getUpdates: it confirms the updates before offset, then
// returns up to limit (1–100, default 100) of the rest, waiting up to
// timeout seconds for one when there are none and the feed has not ended.
func (f *feed) take(ctx context.Context, offset, limit, timeout int) ([]json.RawMessage, error) {
	if limit <= 0 || limit > 100 {
		limit = 100
	}
	var expire <-chan time.Time
	if timeout > 0 {
		t := time.NewTimer(time.Duration(timeout) * time.Second)
		defer t.Stop()
		expire = t.C
	}
	for {
		f.mu.Lock()
		if offset > 0 {
			k := 0
			for k < len(f.queue) && f.queue[k].id < offset {
				k++
			}
			f.queue = f.queue[k:]
		}
		batch := []json.RawMessage{}
		for _, q := range f.queue {
			if len(batch) == limit {
				break
			}
			if q.id >= offset {
				batch = append(batch, q.raw)
			}
		}
		f.finish()
		changed, ended := f.changed, f.ended
		f.mu.Unlock()
		if len(batch) > 0 || ended || expire == nil {
			return batch, nil
		}
		select {
		case <-changed:
		case <-expire:
			return []json.RawMessage{}, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}
