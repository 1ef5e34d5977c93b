package intake

import (
	"context"
	"time"
)

// Clock is the time source of the Watcher and of Feeds. It has the method
// set of telegram.Clock, so the bot can hand the same clock to every
// scheduler; tests pass a fake that moves time on without sleeping.
type Clock interface {
	Now() time.Time
	// Sleep waits for d, or returns the cause of ctx's end if that comes
	// first.
	Sleep(ctx context.Context, d time.Duration) error
}

// systemClock is the Clock of the running system, the default.
type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

func (systemClock) Sleep(ctx context.Context, d time.Duration) error {
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
