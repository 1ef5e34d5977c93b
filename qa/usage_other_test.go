//go:build !linux

package qa

import "time"

// threadUsage reports nothing where the thread's usage is not read.
func threadUsage() (cpu time.Duration, faults int64) { return 0, 0 }
