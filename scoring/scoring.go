package scoring

import (
	"fmt"
	"time"
)

// Rating is how well a review went, as FSRS and Anki number it.
type Rating int

// The four ratings.
const (
	Again Rating = 1
	Hard  Rating = 2
	Good  Rating = 3
	Easy  Rating = 4
)

// String returns the rating's name.
func (r Rating) String() string {
	switch r {
	case Again:
		return "Again"
	case Hard:
		return "Hard"
	case Good:
		return "Good"
	case Easy:
		return "Easy"
	}
	return fmt.Sprintf("Rating(%d)", int(r))
}

// Valid reports whether r is one of the four ratings.
func (r Rating) Valid() bool { return r >= Again && r <= Easy }

// Phase is where a card is in its life.
type Phase int

// The phases of a card.
const (
	New        Phase = 0 // never reviewed
	Learning   Phase = 1 // in the learning steps
	Review     Phase = 2 // graduated: long-term intervals
	Relearning Phase = 3 // lapsed, in the relearning steps
)

// String returns the phase's lower-case name, as stored and printed.
func (p Phase) String() string {
	switch p {
	case New:
		return "new"
	case Learning:
		return "learning"
	case Review:
		return "review"
	case Relearning:
		return "relearning"
	}
	return fmt.Sprintf("phase(%d)", int(p))
}

// State is what the scheduler knows of one card. It is derived from the
// card's review log, and stored beside it only as a cache.
type State struct {
	Phase      Phase
	Step       int       // index of the current (re)learning step
	Stability  float64   // FSRS stability in days (0 while New)
	Difficulty float64   // FSRS difficulty in [1, 10] (0 while New)
	Due        time.Time // when the card should be asked next (zero while New)
	LastReview time.Time // zero while New
	Reps       int       // reviews so far
	Lapses     int       // times a Review card was rated Again
	Leech      bool      // lapsed LeechThreshold times

	// SM-2 only.
	Ease         float64 // ease factor (2.5 at start)
	IntervalDays float64 // last long-term interval in days
}
