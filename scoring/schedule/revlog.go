package schedule

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/ontap/ontap/scoring"
)

// LogEntry is one review of a review log.
type LogEntry struct {
	CardID   string
	Rating   scoring.Rating
	Time     time.Time
	Duration time.Duration
	Line     int // line of the entry in its file (1 is the header), 0 if none
}

// MaxLogSize is the largest review log ontap reads with ReadLog (replay,
// optimize --from): 256 MiB, several million reviews of four columns; a
// larger file is refused before it is read.
const MaxLogSize = 256 << 20

// The columns ReadLog requires, by header name.
var logColumns = [...]string{"card_id", "review_rating", "review_time", "review_duration"}

// ReadLog reads a review log in CSV: a header row naming at least the
// columns card_id, review_rating (1-4), review_time (ISO 8601 / RFC 3339,
// or epoch milliseconds) and review_duration (milliseconds), in any order;
// other columns are ignored. Column names are matched without regard to case
// or surrounding spaces. A time without a zone is taken as UTC. Errors read
// "name:line:col: message", the column being the 1-based byte column of the
// field, and name the column.
func ReadLog(r io.Reader, name string) ([]LogEntry, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%s:1:1: empty file: want a header with %s", name, strings.Join(logColumns[:], ","))
	}
	if err != nil {
		return nil, csvError(name, err)
	}
	idx := [len(logColumns)]int{-1, -1, -1, -1}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		for j, want := range logColumns {
			if h == want && idx[j] < 0 {
				idx[j] = i
			}
		}
	}
	var missing []string
	for j, i := range idx {
		if i < 0 {
			missing = append(missing, logColumns[j])
		}
	}
	if len(missing) > 0 {
		what := "column"
		if len(missing) > 1 {
			what = "columns"
		}
		return nil, fmt.Errorf("%s:1:1: header lacks %s %s (want %s)", name, what, strings.Join(missing, ", "), strings.Join(logColumns[:], ","))
	}
	var out []LogEntry
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // blank line
		}
		field := func(j int) (string, error) {
			i := idx[j]
			if i >= len(rec) {
				col := 1
				if len(rec) > 0 {
					_, c := cr.FieldPos(len(rec) - 1)
					col = c + len(rec[len(rec)-1])
				}
				return "", fmt.Errorf("%s:%d:%d: %s: missing (the row has %d fields, the header %d)", name, line, col, logColumns[j], len(rec), len(header))
			}
			return strings.TrimSpace(rec[i]), nil
		}
		posErr := func(j int, format string, args ...any) error {
			l, c := cr.FieldPos(idx[j])
			return fmt.Errorf("%s:%d:%d: %s: %s", name, l, c, logColumns[j], fmt.Sprintf(format, args...))
		}
		var e LogEntry
		e.Line = line
		if e.CardID, err = field(0); err != nil {
			return nil, err
		}
		if e.CardID == "" {
			return nil, posErr(0, "empty card id")
		}
		s, err := field(1)
		if err != nil {
			return nil, err
		}
		n, perr := strconv.Atoi(s)
		if perr != nil || !scoring.Rating(n).Valid() {
			return nil, posErr(1, "unknown rating %q (want 1 Again, 2 Hard, 3 Good or 4 Easy)", s)
		}
		e.Rating = scoring.Rating(n)
		if s, err = field(2); err != nil {
			return nil, err
		}
		if e.Time, perr = parseLogTime(s); perr != nil {
			return nil, posErr(2, "%v", perr)
		}
		if s, err = field(3); err != nil {
			return nil, err
		}
		ms, perr := strconv.ParseFloat(s, 64)
		if perr != nil || math.IsNaN(ms) || ms < 0 || ms > float64(math.MaxInt64/int64(time.Millisecond)) {
			return nil, posErr(3, "bad duration %q (want non-negative milliseconds)", s)
		}
		e.Duration = time.Duration(ms * float64(time.Millisecond))
		out = append(out, e)
	}
}

func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s:%d:%d: %v", name, pe.Line, pe.Column, pe.Err)
	}
	return fmt.Errorf("%s: %v", name, err)
}

var logTimeLayouts = [...]string{
	time.RFC3339Nano,
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02 15:04:05.999999999Z0700",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999",
}

// parseLogTime reads epoch milliseconds or an ISO 8601 time.
func parseLogTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, fmt.Errorf("empty time")
	}
	if allDigits(s) {
		ms, err := strconv.ParseInt(s, 10, 64)
		if err != nil || ms > 1<<53 {
			return time.Time{}, fmt.Errorf("epoch milliseconds %q out of range", s)
		}
		return time.UnixMilli(ms).UTC(), nil
	}
	for _, l := range logTimeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("unparseable time %q (want ISO 8601 such as 2024-03-29T20:32:32.25Z, or epoch milliseconds)", s)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return len(s) > 0
}
