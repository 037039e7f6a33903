//go:build !unix

package schedule

import "time"

// processCPU is not available here; benchmarks skip the CPU-time rate.
func processCPU() time.Duration { return 0 }
