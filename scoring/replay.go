package scoring

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// LogEntry is one review of a review log.
type LogEntry struct {
	CardID   string
	Rating   Rating
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
		if perr != nil || !Rating(n).Valid() {
			return nil, posErr(1, "unknown rating %q (want 1 Again, 2 Hard, 3 Good or 4 Easy)", s)
		}
		e.Rating = Rating(n)
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

// ReplayStep is the memory state of a card after one review of a log.
type ReplayStep struct {
	CardID         string    `json:"card_id"`
	ReviewTime     time.Time `json:"review_time"`
	Rating         Rating    `json:"rating"`
	ElapsedDays    int       `json:"elapsed_days"`
	Retrievability *float64  `json:"retrievability"` // predicted before the review; nil for a card's first
	Stability      float64   `json:"stability"`
	Difficulty     float64   `json:"difficulty"`
	IntervalDays   int       `json:"interval_days"` // long-term interval after the review, fuzz off
}

// Replay computes the FSRS memory state after each review of a log, in the
// order of entries, as fsrs-rs and ts-fsrs compute memory states: a card's
// first review gets the initial stability and difficulty; each later one the
// update for the days elapsed since the card's previous review, the same-day
// formula when that is 0. Learning steps do not matter to memory states.
//
// Days are counted in UTC with the day boundary at 00:00 UTC, whatever
// c.Location and c.DayStart say: a review log carries no time zone, and this
// is the convention of ts-fsrs (dateDiffInDays) and of fsrs-rs fed UTC with
// next_day_starts_at = 0, against which Replay is tested. Use ReplayIn to
// count days in another zone. The parameters, retention and maximum interval
// come from c. Each card's entries must be in time order.
func Replay(entries []LogEntry, c Config) ([]ReplayStep, error) {
	return ReplayIn(entries, c, time.UTC, 0)
}

// ReplayIn is Replay with study days counted in loc, starting dayStart after
// local midnight (as the scheduler counts them); a nil loc means UTC.
func ReplayIn(entries []LogEntry, c Config, loc *time.Location, dayStart time.Duration) ([]ReplayStep, error) {
	c.Location, c.DayStart = loc, dayStart
	if loc == nil {
		c.Location = time.UTC
	}
	f, err := NewFSRS(c)
	if err != nil {
		return nil, err
	}
	type mem struct {
		s, d float64
		last time.Time
		day  int64
	}
	cards := make(map[string]*mem)
	out := make([]ReplayStep, 0, len(entries))
	for i, e := range entries {
		if !e.Rating.Valid() {
			return nil, fmt.Errorf("entry %d (line %d): card %s: invalid rating %d", i+1, e.Line, e.CardID, int(e.Rating))
		}
		step := ReplayStep{CardID: e.CardID, ReviewTime: e.Time, Rating: e.Rating}
		day := f.clock.dayNumber(e.Time)
		m := cards[e.CardID]
		if m == nil {
			m = &mem{}
			cards[e.CardID] = m
			m.s, m.d = f.InitialMemory(e.Rating)
		} else {
			if e.Time.Before(m.last) {
				return nil, fmt.Errorf("entry %d (line %d): card %s: review at %s is before its previous review at %s",
					i+1, e.Line, e.CardID, e.Time.Format(time.RFC3339), m.last.Format(time.RFC3339))
			}
			t := int(day - m.day)
			r := f.ForgettingCurve(float64(t), m.s)
			step.ElapsedDays = t
			step.Retrievability = &r
			m.s, m.d = f.NextMemory(m.s, m.d, t, e.Rating)
		}
		m.last, m.day = e.Time, day
		step.Stability, step.Difficulty = m.s, m.d
		step.IntervalDays = f.Interval(m.s)
		out = append(out, step)
	}
	return out, nil
}

// Derive rebuilds a card's state from its review log: the entries, in time
// order, are passed one by one to s.Review, starting from a New card. The
// review log is the source of truth; a stored state is only a cache of this.
func Derive(s Scheduler, key string, entries []LogEntry) (State, error) {
	var st State
	for i, e := range entries {
		if !e.Rating.Valid() {
			return State{}, fmt.Errorf("entry %d (line %d): invalid rating %d", i+1, e.Line, int(e.Rating))
		}
		if i > 0 && e.Time.Before(entries[i-1].Time) {
			return State{}, fmt.Errorf("entry %d (line %d): review at %s is before the previous one at %s",
				i+1, e.Line, e.Time.Format(time.RFC3339), entries[i-1].Time.Format(time.RFC3339))
		}
		st = s.Review(key, st, e.Rating, e.Time)
	}
	return st, nil
}
