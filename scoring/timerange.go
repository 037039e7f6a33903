package scoring

import (
	"fmt"
	"time"
)

// The range of instants ontap keeps: from the Unix epoch to the last
// millisecond of year 9999, the years RFC 3339 writes with four digits (in
// exports, in the store's log, in JSON). ClampTime is the one place that
// brings a computed time (a due date far in the future) inside it; reviews
// and clocks outside it are refused where they come in (--now, imports,
// review logs).
var (
	MinTime = time.Unix(0, 0).UTC()
	MaxTime = time.Date(9999, 12, 31, 23, 59, 59, 999_000_000, time.UTC)
)

// ClampTime returns t brought inside [MinTime, MaxTime], and whether it
// had to be moved. The zero time (no time) is left as it is.
func ClampTime(t time.Time) (time.Time, bool) {
	switch {
	case t.IsZero():
		return t, false
	case t.Before(MinTime):
		return MinTime, true
	case t.After(MaxTime):
		return MaxTime, true
	}
	return t, false
}

// CheckTimeRange returns an error for a time outside [MinTime, MaxTime],
// saying what is expected.
func CheckTimeRange(t time.Time) error {
	if _, moved := ClampTime(t); moved {
		return fmt.Errorf("%s is out of range: want a time from %d to %d", t.UTC().Format(time.RFC3339), MinTime.Year(), MaxTime.Year())
	}
	return nil
}
