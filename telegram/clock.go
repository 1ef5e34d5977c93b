package telegram

import (
	"context"
	"time"
)

// Clock is the time source for pacing and retry waits. Production code uses
// SystemClock; tests either pass a fake that records waits without sleeping
// or run under testing/synctest, where SystemClock's time is virtual.
type Clock interface {
	Now() time.Time
	// Sleep waits for d, or returns the cause of ctx's end if that comes
	// first.
	Sleep(ctx context.Context, d time.Duration) error
}

// SystemClock is the Clock of the running system.
type SystemClock struct{}

// Now returns time.Now().
func (SystemClock) Now() time.Time { return time.Now() }

// Sleep waits for d on a timer, or until ctx ends.
func (SystemClock) Sleep(ctx context.Context, d time.Duration) error {
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}
