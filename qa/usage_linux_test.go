//go:build linux

package qa

import (
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// processUsage returns the CPU time the process has used, on all its
// threads (the scheduler's clock, not the tick-sampled rusage), and the
// major page faults it has taken (pages read from disk). A benchmark asks
// one question at a time, so what it adds during a question is the
// question's, both halves of a split search included (split.go).
func processUsage() (cpu time.Duration, faults int64) {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_PROCESS_CPUTIME_ID, &ts); err == nil {
		cpu = time.Duration(ts.Nano())
	}
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err == nil {
		faults = ru.Majflt
	}
	return cpu, faults
}
