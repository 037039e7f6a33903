package scoring

import "time"

// Scheduler decides when a card is asked next. Implementations are pure:
// the same state, rating, time and key always give the same result (fuzz
// is seeded from key and the card's review count), so that a card's state
// can be rebuilt at any time from its review log.
type Scheduler interface {
	// Review returns the card's state after it is rated r at time now.
	// key identifies the card (deck id + "/" + item id) and seeds the fuzz.
	Review(key string, s State, r Rating, now time.Time) State
	// Retrievability is the predicted probability of recall at time now
	// (0 for a New card).
	Retrievability(s State, now time.Time) float64
}

// Config holds every setting of the schedulers. The zero value is not
// valid: start from DefaultConfig.
type Config struct {
	Params          []float64       // FSRS parameters: 17, 19 or 21 values (converted to 21)
	Retention       float64         // desired retention, in (0, 1); default 0.9
	LearningSteps   []time.Duration // default 1m, 10m
	RelearningSteps []time.Duration // default 10m
	MaxInterval     int             // days; default 36500
	Fuzz            bool            // default true
	DayStart        time.Duration   // offset from local midnight at which a study day starts; default 4h
	Location        *time.Location  // for calendar days; default time.Local
	LeechThreshold  int             // lapses that make a leech; default 8; 0 disables

	// LongTerm selects the long-term FSRS scheduler (enable_short_term =
	// false in ts-fsrs and go-fsrs): no (re)learning steps, no same-day
	// stability, every rating goes straight to Review. Default false.
	LongTerm bool
}
