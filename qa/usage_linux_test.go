//go:build linux

package qa

import (
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// threadUsage returns the CPU time the calling thread has used (the
// scheduler's clock, not the tick-sampled rusage) and the major page
// faults it has taken (pages read from disk). Its goroutine must be
// locked to the thread (runtime.LockOSThread).
func threadUsage() (cpu time.Duration, faults int64) {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err == nil {
		cpu = time.Duration(ts.Nano())
	}
	var ru syscall.Rusage
	const rusageThread = 1 // RUSAGE_THREAD, which package syscall does not name
	if err := syscall.Getrusage(rusageThread, &ru); err == nil {
		faults = ru.Majflt
	}
	return cpu, faults
}
