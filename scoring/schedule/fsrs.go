package schedule

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/ontap/ontap/scoring"
)

// FSRS is the FSRS-6 scheduler. It implements Scheduler. Create it with
// NewFSRS; it is immutable and safe for concurrent use.
type FSRS struct {
	cfg       scoring.Config
	clock     scoring.StudyClock
	w         [NumParams]float64
	decay     float64 // -w20
	factor    float64 // 0.9^(1/decay) - 1
	modifier  float64 // interval per day of stability at the desired retention
	expW8     float64
	d0Easy    float64 // unclamped D0(Easy), the mean-reversion target
	shortTerm bool
	lapseCap  float64    // exp(w17*w18): a lapse divides stability by at least this
	shortInc  [4]float64 // e^(w17*(G-3+w18)) for each rating
	s0, d0    [4]float64 // initial stability and difficulty for each rating
}

// powf is x^y for x > 0, faster than math.Pow and as precise here.
func powf(x, y float64) float64 { return math.Exp(y * math.Log(x)) }

// NewFSRS checks c and returns an FSRS-6 scheduler for it. Parameter
// vectors of 17 or 19 values are converted to 21 (see ConvertParams), then
// clamped with ClampParams for the number of relearning steps.
func NewFSRS(c scoring.Config) (*FSRS, error) {
	if err := Validate(c); err != nil {
		return nil, err
	}
	w, err := ConvertParams(c.Params)
	if err != nil {
		return nil, err
	}
	w = ClampParams(w, len(c.RelearningSteps))
	f := &FSRS{cfg: c, shortTerm: !c.LongTerm}
	copy(f.w[:], w)
	f.cfg.Params = w
	f.cfg.Location = c.Clock().Location()
	f.clock = f.cfg.Clock()
	f.decay = -f.w[20]
	f.factor = math.Pow(0.9, 1/f.decay) - 1
	f.modifier = (math.Pow(c.Retention, 1/f.decay) - 1) / f.factor
	f.expW8 = math.Exp(f.w[8])
	f.d0Easy = f.w[4] - math.Exp(3*f.w[5]) + 1
	for g := range f.shortInc {
		f.shortInc[g] = math.Exp(f.w[17] * (float64(g+1) - 3 + f.w[18]))
		f.s0[g] = math.Max(f.w[g], 0.1)
		f.d0[g] = clampF(f.w[4]-math.Exp(float64(g)*f.w[5])+1, 1, 10)
	}
	f.lapseCap = 1
	if f.shortTerm {
		f.lapseCap = math.Exp(f.w[17] * f.w[18])
	}
	return f, nil
}

// Config returns the scheduler's settings, with the parameters as used
// (converted to 21 values and clamped).
func (f *FSRS) Config() scoring.Config { return f.cfg }

// Params returns a copy of the 21 parameters in use.
func (f *FSRS) Params() []float64 { return append([]float64(nil), f.w[:]...) }

// ForgettingCurve returns the probability of recall after elapsedDays days
// for a memory of the given stability: (1 + factor*t/S)^(-w20), where
// factor = 0.9^(-1/w20) - 1 makes R(S, S) = 0.9.
func (f *FSRS) ForgettingCurve(elapsedDays, stability float64) float64 {
	if stability <= 0 {
		return 0
	}
	if elapsedDays < 0 {
		elapsedDays = 0
	}
	return math.Exp(f.decay * math.Log(1+f.factor*elapsedDays/stability))
}

// Interval returns the long-term interval in days after which the
// probability of recall falls to the desired retention, rounded half away
// from zero and kept within [1, MaxInterval]. Fuzz is not applied.
func (f *FSRS) Interval(stability float64) int {
	return f.intervalOf(stability)
}

func (f *FSRS) intervalOf(s float64) int {
	v := math.Round(s * f.modifier)
	if !(v >= 1) { // also catches NaN
		return 1
	}
	if v > float64(f.cfg.MaxInterval) {
		return f.cfg.MaxInterval
	}
	return int(v)
}

// InitialMemory returns the stability and difficulty after the first
// review of a new card: S0 = max(w[r-1], 0.1), D0 = w4 - e^(w5*(r-1)) + 1
// clamped to [1, 10]. An invalid rating gives zeros.
func (f *FSRS) InitialMemory(r scoring.Rating) (stability, difficulty float64) {
	if !r.Valid() {
		return 0, 0
	}
	return f.initS(r), f.initD(r)
}

func (f *FSRS) initS(r scoring.Rating) float64 { return f.s0[r-1] }

func (f *FSRS) initD(r scoring.Rating) float64 { return f.d0[r-1] }

// nextD is the difficulty update: linear damping towards 10, then mean
// reversion towards D0(Easy), clamped to [1, 10].
func (f *FSRS) nextD(d float64, r scoring.Rating) float64 {
	delta := -f.w[6] * float64(r-3)
	nd := d + delta*(10-d)/9
	return clampF(f.w[7]*f.d0Easy+(1-f.w[7])*nd, 1, 10)
}

// recallBase is the stability increase after a successful recall, before
// the Hard penalty (w15) and Easy bonus (w16).
func (f *FSRS) recallBase(d, s, r float64) float64 {
	return f.expW8 * (11 - d) * powf(s, -f.w[9]) * (math.Exp((1-r)*f.w[10]) - 1)
}

func (f *FSRS) recallS(s, inc, mult float64) float64 {
	return clampF(s*(1+inc*mult), MinStability, MaxStability)
}

// forgetS is the stability after a lapse: the post-lapse formula, and never
// more than S/e^(w17*w18) (S itself without short-term stability).
func (f *FSRS) forgetS(d, s, r float64) float64 {
	sf := clampF(f.w[11]*powf(d, -f.w[12])*(powf(s+1, f.w[13])-1)*math.Exp((1-r)*f.w[14]), MinStability, MaxStability)
	return min(max(s/f.lapseCap, MinStability), sf)
}

// shortS is the same-day stability: S * S^-w19 * e^(w17*(G-3+w18)); the
// factor is at least 1 for Hard, Good and Easy.
func (f *FSRS) shortS(s float64, r scoring.Rating) float64 {
	return f.shortWith(s, powf(s, -f.w[19]), r)
}

// shortWith is shortS with s^-w19 already computed.
func (f *FSRS) shortWith(s, sPow float64, r scoring.Rating) float64 {
	sinc := sPow * f.shortInc[r-1]
	if r >= scoring.Hard && sinc < 1 {
		sinc = 1
	}
	return clampF(s*sinc, MinStability, MaxStability)
}

// NextMemory returns the memory state after a review rated r, elapsedDays
// study days after the previous one, from stability s and difficulty d.
// A zero state (s == 0 and d == 0) is a new card and gets InitialMemory.
// With elapsedDays == 0 (and short-term stability enabled) the same-day
// formula is used; otherwise recall or lapse at the retrievability given by
// the forgetting curve. Invalid input (rating, NaN) gives s and d back.
func (f *FSRS) NextMemory(s, d float64, elapsedDays int, r scoring.Rating) (stability, difficulty float64) {
	if !r.Valid() || math.IsNaN(s) || math.IsNaN(d) {
		return s, d
	}
	if s == 0 && d == 0 {
		return f.InitialMemory(r)
	}
	s = clampF(s, MinStability, MaxStability)
	d = clampF(d, 1, 10)
	if elapsedDays < 0 {
		elapsedDays = 0
	}
	nd := f.nextD(d, r)
	if elapsedDays == 0 && f.shortTerm {
		return f.shortS(s, r), nd
	}
	ret := f.ForgettingCurve(float64(elapsedDays), s)
	switch r {
	case scoring.Again:
		return f.forgetS(d, s, ret), nd
	case scoring.Hard:
		return f.recallS(s, f.recallBase(d, s, ret), f.w[15]), nd
	case scoring.Good:
		return f.recallS(s, f.recallBase(d, s, ret), 1), nd
	default:
		return f.recallS(s, f.recallBase(d, s, ret), f.w[16]), nd
	}
}

// Retrievability is the predicted probability of recall at now, from the
// forgetting curve with the study days elapsed since the last review (as the
// memory model counts them); 0 for a New card.
func (f *FSRS) Retrievability(s scoring.State, now time.Time) float64 {
	if s.Phase == scoring.New || !(s.Stability > 0) {
		return 0
	}
	t := scoring.DaysBetween(f.cfg, s.LastReview, now)
	return f.ForgettingCurve(float64(max(t, 0)), s.Stability)
}

// Preview returns the state after each rating (index 0 is Again, 3 is Easy),
// for displays such as "Again 1m, Good 3d".
func (f *FSRS) Preview(key string, s scoring.State, now time.Time) [4]scoring.State {
	var out [4]scoring.State
	for i := range out {
		out[i] = f.Review(key, s, scoring.Rating(i+1), now)
	}
	return out
}

// Review returns the card's state after it is rated r at now. An invalid
// rating returns s unchanged. See the package documentation for the
// scheduling rules.
func (f *FSRS) Review(key string, s scoring.State, r scoring.Rating, now time.Time) scoring.State {
	if !r.Valid() {
		return s
	}
	isNew := s.Phase == scoring.New || !(s.Stability > 0) || !(s.Difficulty > 0)
	today := f.clock.DayNumber(now)
	t := 0
	if !isNew {
		t = max(int(today-f.clock.DayNumber(s.LastReview)), 0)
	}
	next := s
	next.Reps = s.Reps + 1
	next.LastReview = now
	if isNew {
		next.Phase = scoring.New
		next.Step = 0
	}
	fuzz := -1.0
	if f.cfg.Fuzz {
		fuzz = fuzzFactor(key, s.Reps)
	}
	if f.cfg.LongTerm {
		f.reviewLongTerm(&next, &s, isNew, r, t, fuzz, today)
		return next
	}

	switch {
	case isNew:
		next.Stability, next.Difficulty = f.initS(r), f.initD(r)
	case s.Phase == scoring.Review && r >= scoring.Hard:
		f.reviewPass(&next, &s, r, t, fuzz, today)
		return next
	default:
		next.Stability, next.Difficulty = f.NextMemory(s.Stability, s.Difficulty, t, r)
	}

	if s.Phase == scoring.Review && !isNew { // r == Again: a lapse
		next.Lapses = s.Lapses + 1
		f.markLeech(&next)
		if len(f.cfg.RelearningSteps) > 0 {
			next.Phase, next.Step = scoring.Relearning, 0
			next.Due = now.Add(f.cfg.RelearningSteps[0])
			return next
		}
		f.graduate(&next, t, fuzz, today)
		return next
	}

	steps, phase := f.cfg.LearningSteps, scoring.Learning
	if next.Phase == scoring.Relearning {
		steps, phase = f.cfg.RelearningSteps, scoring.Relearning
	}
	delay, step, ok := learningStep(steps, next.Step, r)
	if !ok {
		f.graduate(&next, t, fuzz, today)
		return next
	}
	next.Phase, next.Step = phase, step
	next.Due = now.Add(delay)
	return next
}

func (f *FSRS) markLeech(s *scoring.State) {
	if f.cfg.LeechThreshold > 0 && s.Lapses >= f.cfg.LeechThreshold {
		s.Leech = true
	}
}

// graduate moves a card to Review with the fuzzed interval of its stability.
func (f *FSRS) graduate(s *scoring.State, t int, fuzz float64, today int64) {
	ivl := fuzzInterval(f.intervalOf(s.Stability), t, f.cfg.MaxInterval, fuzz)
	s.Phase, s.Step = scoring.Review, 0
	s.Due = f.clock.StartOfDay(today + int64(ivl))
}

// reviewPass handles Hard, Good and Easy on a Review card: the three
// intervals are computed and put in order Hard < Good < Easy.
func (f *FSRS) reviewPass(next *scoring.State, s *scoring.State, r scoring.Rating, t int, fuzz float64, today int64) {
	d := clampF(s.Difficulty, 1, 10)
	st := clampF(s.Stability, MinStability, MaxStability)
	var sh, sg, se float64
	if t == 0 && f.shortTerm {
		p := powf(st, -f.w[19])
		sh, sg, se = f.shortWith(st, p, scoring.Hard), f.shortWith(st, p, scoring.Good), f.shortWith(st, p, scoring.Easy)
	} else {
		inc := f.recallBase(d, st, f.ForgettingCurve(float64(t), st))
		sh, sg, se = f.recallS(st, inc, f.w[15]), f.recallS(st, inc, 1), f.recallS(st, inc, f.w[16])
	}
	maxI := f.cfg.MaxInterval
	ih := fuzzInterval(f.intervalOf(sh), t, maxI, fuzz)
	ig := fuzzInterval(f.intervalOf(sg), t, maxI, fuzz)
	ie := fuzzInterval(f.intervalOf(se), t, maxI, fuzz)
	ih = min(ih, ig)
	ig = max(ig, ih+1)
	ie = max(ie, ig+1)
	var ivl int
	switch r {
	case scoring.Hard:
		next.Stability, ivl = sh, ih
	case scoring.Good:
		next.Stability, ivl = sg, ig
	default:
		next.Stability, ivl = se, ie
	}
	next.Difficulty = f.nextD(d, r)
	next.Phase, next.Step = scoring.Review, 0
	next.Due = f.clock.StartOfDay(today + int64(min(ivl, maxI)))
}

// reviewLongTerm is the scheduler without learning steps or same-day
// stability (Config.LongTerm): every rating goes to Review, and the four
// intervals are put in order Again < Hard < Good < Easy.
func (f *FSRS) reviewLongTerm(next *scoring.State, s *scoring.State, isNew bool, r scoring.Rating, t int, fuzz float64, today int64) {
	var ss, ds [4]float64
	for g := scoring.Again; g <= scoring.Easy; g++ {
		if isNew {
			ss[g-1], ds[g-1] = f.initS(g), f.initD(g)
		} else {
			ss[g-1], ds[g-1] = f.NextMemory(s.Stability, s.Difficulty, t, g)
		}
	}
	maxI := f.cfg.MaxInterval
	var iv [4]int
	for i := range iv {
		iv[i] = fuzzInterval(f.intervalOf(ss[i]), t, maxI, fuzz)
	}
	iv[0] = min(iv[0], iv[1])
	iv[1] = max(iv[1], iv[0]+1)
	iv[2] = max(iv[2], iv[1]+1)
	iv[3] = max(iv[3], iv[2]+1)
	next.Stability, next.Difficulty = ss[r-1], ds[r-1]
	next.Phase, next.Step = scoring.Review, 0
	if r == scoring.Again && !isNew {
		next.Lapses = s.Lapses + 1
		f.markLeech(next)
	}
	next.Due = f.clock.StartOfDay(today + int64(min(iv[r-1], maxI)))
}

// learningStep applies the (re)learning steps: it returns the delay until
// the next step and the step index, or ok == false when the card graduates.
func learningStep(steps []time.Duration, step int, r scoring.Rating) (delay time.Duration, next int, ok bool) {
	n := len(steps)
	if n == 0 {
		return 0, 0, false
	}
	step = min(max(step, 0), n-1)
	switch r {
	case scoring.Again:
		return steps[0], 0, true
	case scoring.Hard:
		return hardDelay(steps, step), step, true
	case scoring.Good:
		if step+1 < n {
			return steps[step+1], step + 1, true
		}
	}
	return 0, 0, false
}

// hardDelay is Anki's Hard delay: on the first step, the average of the
// first two steps, or 1.5 times a single step (at most one day more than
// it); on a later step, that step's delay again.
func hardDelay(steps []time.Duration, step int) time.Duration {
	if step > 0 {
		return steps[step]
	}
	if len(steps) == 1 {
		return min(steps[0]*3/2, steps[0]+24*time.Hour)
	}
	return (steps[0] + steps[1]) / 2
}

// String describes the scheduler.
func (f *FSRS) String() string {
	return fmt.Sprintf("FSRS-6 (retention %.2f)", f.cfg.Retention)
}

// NewScheduler returns the scheduler a deck names: "fsrs" (or "", the
// default) for FSRS-6, "sm2" for Anki's SM-2. The names are matched without
// regard to case or surrounding spaces; others are an error.
func NewScheduler(name string, c scoring.Config) (scoring.Scheduler, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "", "fsrs":
		return NewFSRS(c)
	case "sm2":
		return NewSM2(c)
	}
	return nil, fmt.Errorf("unknown scheduler %q (want \"fsrs\" or \"sm2\")", name)
}

// BecameLeech reports whether a review turned a card into a leech: after
// has the Leech flag and before did not. Front-ends use it to tell the
// learner once, when it happens.
func BecameLeech(before, after scoring.State) bool { return after.Leech && !before.Leech }
