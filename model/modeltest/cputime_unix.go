//go:build unix

package modeltest

import (
	"syscall"
	"time"
)

// CPUTime is the process's user+system CPU time, for benchmarks that
// report CPU time next to wall time on a shared machine.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
