//go:build unix

package schedule

import (
	"syscall"
	"time"
)

// processCPU returns the user and system CPU time used by the process, so
// that benchmarks can report a rate that does not depend on how busy the
// machine is.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
