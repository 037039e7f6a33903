package schedule

import (
	"fmt"
	"time"

	"github.com/ontap/ontap/scoring"
)

// ReplayStep is the memory state of a card after one review of a log.
type ReplayStep struct {
	CardID         string         `json:"card_id"`
	ReviewTime     time.Time      `json:"review_time"`
	Rating         scoring.Rating `json:"rating"`
	ElapsedDays    int            `json:"elapsed_days"`
	Retrievability *float64       `json:"retrievability"` // predicted before the review; nil for a card's first
	Stability      float64        `json:"stability"`
	Difficulty     float64        `json:"difficulty"`
	IntervalDays   int            `json:"interval_days"` // long-term interval after the review, fuzz off
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
func Replay(entries []LogEntry, c scoring.Config) ([]ReplayStep, error) {
	return ReplayIn(entries, c, time.UTC, 0)
}

// ReplayIn is Replay with study days counted in loc, starting dayStart after
// local midnight (as the scheduler counts them); a nil loc means UTC.
func ReplayIn(entries []LogEntry, c scoring.Config, loc *time.Location, dayStart time.Duration) ([]ReplayStep, error) {
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
		day := f.clock.DayNumber(e.Time)
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
func Derive(s scoring.Scheduler, key string, entries []LogEntry) (scoring.State, error) {
	var st scoring.State
	for i, e := range entries {
		if !e.Rating.Valid() {
			return scoring.State{}, fmt.Errorf("entry %d (line %d): invalid rating %d", i+1, e.Line, int(e.Rating))
		}
		if i > 0 && e.Time.Before(entries[i-1].Time) {
			return scoring.State{}, fmt.Errorf("entry %d (line %d): review at %s is before the previous one at %s",
				i+1, e.Line, e.Time.Format(time.RFC3339), entries[i-1].Time.Format(time.RFC3339))
		}
		st = s.Review(key, st, e.Rating, e.Time)
	}
	return st, nil
}
