//go:build !linux

package qa

import "time"

// processUsage reports nothing where the process's usage is not read.
func processUsage() (cpu time.Duration, faults int64) { return 0, 0 }
