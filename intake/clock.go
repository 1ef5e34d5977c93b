package intake

import (
	"context"
	"time"
)

// Clock is the time source of the Watcher and of Feeds. It has the method
// set of telegram.Clock, so the bot can hand the same clock to every
// scheduler, and telegram.SystemClock is the default; tests pass a fake
// that moves time on without sleeping.
type Clock interface {
	Now() time.Time
	// Sleep waits for d, or returns the cause of ctx's end if that comes
	// first.
	Sleep(ctx context.Context, d time.Duration) error
}
