package schedule

import (
	"fmt"
	"math"
	"time"

	"github.com/ontap/ontap/scoring"
)

// SM2 is Anki's variant of SM-2 (the scheduler of Anki before FSRS), with
// the same learning and relearning steps as FSRS. It implements Scheduler.
// Its settings are Anki's deck options; NewSM2 fills them with Anki's
// defaults and they may be changed before use (not concurrently with it).
type SM2 struct {
	cfg scoring.Config

	StartingEase       float64 // ease of a graduating card; default 2.5
	MinimumEase        float64 // ease never falls below this; default 1.3
	EasyBonus          float64 // extra factor for Easy; default 1.3
	HardMultiplier     float64 // interval factor for Hard; default 1.2
	IntervalModifier   float64 // factor on every review interval; default 1.0
	LapseMultiplier    float64 // new interval after a lapse, as a fraction of the old; default 0
	MinLapseInterval   int     // days; default 1
	GraduatingInterval int     // days after the last learning step; default 1
	EasyInterval       int     // days when Easy ends learning; default 4
}

// NewSM2 checks c and returns an SM-2 scheduler with Anki's default
// settings. The FSRS parameters and desired retention of c are not used
// but must still be valid.
func NewSM2(c scoring.Config) (*SM2, error) {
	if err := Validate(c); err != nil {
		return nil, err
	}
	c.Location = c.Clock().Location()
	return &SM2{
		cfg:                c,
		StartingEase:       2.5,
		MinimumEase:        1.3,
		EasyBonus:          1.3,
		HardMultiplier:     1.2,
		IntervalModifier:   1.0,
		LapseMultiplier:    0,
		MinLapseInterval:   1,
		GraduatingInterval: 1,
		EasyInterval:       4,
	}, nil
}

// String describes the scheduler.
func (m *SM2) String() string { return "SM-2 (Anki)" }

// Retrievability estimates the probability of recall at now by the FSRS-6
// default forgetting curve, taking the last interval as the stability (so
// that it is 0.9 when the card is due; a card still in learning counts as a
// one-day interval). It is 0 for a New card.
func (m *SM2) Retrievability(s scoring.State, now time.Time) float64 {
	if s.Phase == scoring.New || s.LastReview.IsZero() {
		return 0
	}
	stab := s.IntervalDays
	if !(stab >= 1) {
		stab = 1
	}
	t := float64(max(scoring.DaysBetween(m.cfg, s.LastReview, now), 0))
	decay := -defaultParams[20]
	factor := math.Pow(0.9, 1/decay) - 1
	return math.Pow(1+factor*t/stab, decay)
}

// Review returns the card's state after it is rated r at now (see the
// package documentation). An invalid rating returns s unchanged.
func (m *SM2) Review(key string, s scoring.State, r scoring.Rating, now time.Time) scoring.State {
	if !r.Valid() {
		return s
	}
	next := s
	next.Reps = s.Reps + 1
	next.LastReview = now
	fuzz := -1.0
	if m.cfg.Fuzz {
		fuzz = fuzzFactor(key, s.Reps)
	}
	if s.Phase == scoring.New || s.LastReview.IsZero() {
		next.Phase, next.Step, next.Ease, next.IntervalDays = scoring.New, 0, 0, 0
	}
	switch next.Phase {
	case scoring.Review:
		m.review(&next, s, r, fuzz, now)
	case scoring.Relearning:
		delay, step, ok := learningStep(m.cfg.RelearningSteps, s.Step, r)
		if ok {
			next.Step, next.Due = step, now.Add(delay)
			return next
		}
		ivl := math.Max(s.IntervalDays, 1)
		if r == scoring.Easy {
			ivl++
		}
		m.toReview(&next, int(math.Min(ivl, float64(m.cfg.MaxInterval))), now)
	default: // New, Learning
		delay, step, ok := learningStep(m.cfg.LearningSteps, s.Step, r)
		if ok {
			next.Phase, next.Step, next.Due = scoring.Learning, step, now.Add(delay)
			return next
		}
		next.Ease = m.StartingEase
		days := m.GraduatingInterval
		if r == scoring.Easy {
			days = m.EasyInterval
		}
		m.toReview(&next, ankiFuzz(float64(days), 1, m.cfg.MaxInterval, fuzz), now)
	}
	return next
}

func (m *SM2) toReview(s *scoring.State, days int, now time.Time) {
	s.Phase, s.Step = scoring.Review, 0
	s.IntervalDays = float64(days)
	s.Due = m.cfg.AddStudyDays(now, days)
}

func (m *SM2) review(next *scoring.State, s scoring.State, r scoring.Rating, fuzz float64, now time.Time) {
	ease := s.Ease
	if !(ease > 0) {
		ease = m.StartingEase
	}
	if r == scoring.Again {
		next.Ease = math.Max(m.MinimumEase, ease-0.2)
		next.Lapses = s.Lapses + 1
		if m.cfg.LeechThreshold > 0 && next.Lapses >= m.cfg.LeechThreshold {
			next.Leech = true
		}
		ivl := ankiFuzz(s.IntervalDays*m.LapseMultiplier, max(m.MinLapseInterval, 1), m.cfg.MaxInterval, -1)
		if len(m.cfg.RelearningSteps) > 0 {
			next.Phase, next.Step = scoring.Relearning, 0
			next.IntervalDays = float64(ivl)
			next.Due = now.Add(m.cfg.RelearningSteps[0])
			return
		}
		m.toReview(next, ivl, now)
		return
	}
	elapsed := max(scoring.DaysBetween(m.cfg, s.LastReview, now), 0)
	hard, good, easy := m.passingIntervals(s.IntervalDays, elapsed, ease, fuzz)
	switch r {
	case scoring.Hard:
		next.Ease = math.Max(m.MinimumEase, ease-0.15)
		m.toReview(next, hard, now)
	case scoring.Good:
		next.Ease = ease
		m.toReview(next, good, now)
	default:
		next.Ease = ease + 0.15
		m.toReview(next, easy, now)
	}
}

// passingIntervals returns Anki's Hard, Good and Easy intervals for a
// review card whose last interval was scheduled days, reviewed elapsed days
// after the previous review, with the given ease. A negative fuzz factor
// means no fuzz. The result is ordered Hard < Good < Easy unless the
// maximum interval caps them.
func (m *SM2) passingIntervals(scheduled float64, elapsed int, ease, fuzz float64) (hard, good, easy int) {
	maxI := m.cfg.MaxInterval
	constrain := func(ivl float64, minimum int) int {
		return ankiFuzz(ivl*m.IntervalModifier, min(max(minimum, 1), maxI), maxI, fuzz)
	}
	if scheduled < 1 {
		scheduled = 1
	}
	late := float64(elapsed) - scheduled
	if late >= 0 {
		hardMin := 0
		if m.HardMultiplier > 1 {
			hardMin = int(scheduled) + 1
		}
		hard = constrain(scheduled*m.HardMultiplier, hardMin)
		goodMin := int(scheduled) + 1
		if m.HardMultiplier > 1 {
			goodMin = hard + 1
		}
		good = constrain((scheduled+late/2)*ease, goodMin)
		easy = constrain((scheduled+late)*ease*m.EasyBonus, good+1)
		return hard, good, easy
	}
	// Early review (Anki's passing_early_review_intervals): intervals from
	// the days actually elapsed, never below the usual fraction of the old
	// interval; then put in order.
	el := float64(elapsed)
	hard = constrain(math.Max(el*m.HardMultiplier, scheduled*m.HardMultiplier/2), 0)
	good = constrain(math.Max(el*ease, scheduled), 0)
	reduced := m.EasyBonus - (m.EasyBonus-1)/2
	easy = constrain(math.Max(el*ease, scheduled)*reduced, 0)
	good = min(max(good, hard+1), maxI)
	easy = min(max(easy, good+1), maxI)
	return hard, good, easy
}

// compile-time checks that both schedulers implement Scheduler.
var (
	_ scoring.Scheduler = (*FSRS)(nil)
	_ scoring.Scheduler = (*SM2)(nil)
	_ fmt.Stringer      = (*FSRS)(nil)
	_ fmt.Stringer      = (*SM2)(nil)
)
