package schedule

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/ontap/ontap/scoring"
)

// NumParams is the number of FSRS-6 parameters (w0..w20).
const NumParams = 21

// Stability bounds of the memory model, in days.
const (
	MinStability = 0.001
	MaxStability = 36500.0
)

// Decay of FSRS-4.5 and FSRS-5, which had no trainable decay; it becomes
// w20 when a 17- or 19-value vector is converted.
const fsrs5Decay = 0.5

var defaultParams = [NumParams]float64{
	0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001,
	1.8722, 0.1666, 0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014,
	1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
}

// paramBounds are the inclusive bounds of each parameter, as in fsrs-rs and
// ts-fsrs (w17 and w18 have a ceiling of 2, lowered by ClampParams when
// there are several relearning steps). The lower bound of w19 is 0 so that
// converted FSRS-5 vectors (which have w19 = 0) are accepted.
var paramBounds = [NumParams][2]float64{
	{MinStability, 100}, {MinStability, 100}, {MinStability, 100}, {MinStability, 100},
	{1, 10}, {0.001, 4}, {0.001, 4}, {0.001, 0.75},
	{0, 4.5}, {0, 0.8}, {0.001, 3.5}, {0.001, 5},
	{0.001, 0.25}, {0.001, 0.9}, {0, 4}, {0, 1},
	{1, 6}, {0, 2}, {0, 2}, {0, 0.8},
	{0.1, 0.8},
}

// DefaultParams returns a fresh copy of the 21 FSRS-6 default parameters.
func DefaultParams() []float64 {
	w := make([]float64, NumParams)
	copy(w, defaultParams[:])
	return w
}

// DefaultConfig returns the default settings: FSRS-6 default parameters,
// desired retention 0.9, learning steps 1m and 10m, relearning step 10m,
// maximum interval 36500 days, fuzz on, a study day starting at 04:00 in
// time.Local, and leeches at 8 lapses.
func DefaultConfig() scoring.Config {
	return scoring.Config{
		Params:          DefaultParams(),
		Retention:       0.9,
		LearningSteps:   []time.Duration{time.Minute, 10 * time.Minute},
		RelearningSteps: []time.Duration{10 * time.Minute},
		MaxInterval:     36500,
		Fuzz:            true,
		DayStart:        4 * time.Hour,
		Location:        time.Local,
		LeechThreshold:  8,
	}
}

// ParseParams parses a comma-separated list of 17, 19 or 21 FSRS parameters
// (FSRS-4.5, FSRS-5, FSRS-6) and returns the 21 FSRS-6 values, converted with
// ConvertParams and checked against the bounds. Spaces around values and
// surrounding brackets ("[w0, w1, ...]") are allowed. Errors name the
// 1-based position and the text of the bad value.
func ParseParams(s string) ([]float64, error) {
	t := strings.TrimSpace(s)
	t = strings.TrimPrefix(t, "[")
	t = strings.TrimSuffix(t, "]")
	if strings.TrimSpace(t) == "" {
		return nil, fmt.Errorf("parameters: empty list (want 17, 19 or 21 comma-separated numbers)")
	}
	fields := strings.Split(t, ",")
	w := make([]float64, len(fields))
	for i, f := range fields {
		f = strings.TrimSpace(f)
		v, err := strconv.ParseFloat(f, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("parameters: value %d (w%d) %q is not a finite number", i+1, i, f)
		}
		w[i] = v
	}
	return ConvertParams(w)
}

// ConvertParams checks a 17-, 19- or 21-value parameter vector and returns
// a new 21-value FSRS-6 vector. FSRS-5 vectors (19) get w19 = 0 and
// w20 = 0.5 (the fixed FSRS-5 decay). FSRS-4.5 vectors (17) are converted as
// ts-fsrs does: w4' = w4 + 2*w5, w5' = ln(3*w5 + 1)/3, w6' = w6 + 0.5, then
// w17..w19 = 0 and w20 = 0.5. Values are checked against the bounds after
// conversion; the error names the parameter.
func ConvertParams(in []float64) ([]float64, error) {
	for i, v := range in {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("parameters: w%d is %v, not a finite number", i, v)
		}
	}
	w := make([]float64, NumParams)
	switch len(in) {
	case 21:
		copy(w, in)
	case 19:
		copy(w, in)
		w[19], w[20] = 0, fsrs5Decay
	case 17:
		copy(w, in)
		if in[5] <= -1.0/3 {
			return nil, fmt.Errorf("parameters: w5 = %v cannot be converted from FSRS-4.5 (must be > -1/3)", in[5])
		}
		w[4] = round8(in[5]*2 + in[4])
		w[5] = round8(math.Log(in[5]*3+1) / 3)
		w[6] = round8(in[6] + 0.5)
		w[17], w[18], w[19], w[20] = 0, 0, 0, fsrs5Decay
	default:
		return nil, fmt.Errorf("parameters: got %d values, want 17 (FSRS-4.5), 19 (FSRS-5) or 21 (FSRS-6)", len(in))
	}
	if err := checkBounds(w); err != nil {
		return nil, err
	}
	return w, nil
}

func checkBounds(w []float64) error {
	for i, v := range w {
		lo, hi := paramBounds[i][0], paramBounds[i][1]
		if !(v >= lo && v <= hi) {
			return fmt.Errorf("parameters: w%d = %v is out of bounds [%v, %v]", i, v, lo, hi)
		}
	}
	return nil
}

// ClampParams returns a copy of a 21-value vector with every parameter
// clamped into its bounds (NaN becomes the lower bound). With more than one
// relearning step the ceiling of w17 and w18 is lowered as in fsrs-rs and
// ts-fsrs, so that same-day reviews cannot raise stability more than a
// long-term review would. It is used by NewFSRS and is meant for optimizers.
func ClampParams(w []float64, relearningSteps int) []float64 {
	out := make([]float64, NumParams)
	copy(out, w)
	ceil := 2.0
	if relearningSteps > 1 {
		w11 := clampF(out[11], paramBounds[11][0], paramBounds[11][1])
		w13 := clampF(out[13], paramBounds[13][0], paramBounds[13][1])
		w14 := clampF(out[14], paramBounds[14][0], paramBounds[14][1])
		v := -(math.Log(w11) + math.Log(math.Pow(2, w13)-1) + w14*0.3) / float64(relearningSteps)
		ceil = clampF(round8(math.Sqrt(math.Max(v, 0))), 0.01, 2)
	}
	for i := range out {
		lo, hi := paramBounds[i][0], paramBounds[i][1]
		if i == 17 || i == 18 {
			hi = ceil
		}
		if math.IsNaN(out[i]) {
			out[i] = lo
		}
		out[i] = clampF(out[i], lo, hi)
	}
	return out
}

// Validate reports the first problem with the settings c: a parameter vector
// of the wrong length or with a value out of bounds, a retention outside
// (0, 1), a non-positive or unordered step, a maximum interval below 1, a
// day start outside [0, 24h), a negative leech threshold.
func Validate(c scoring.Config) error {
	if _, err := ConvertParams(c.Params); err != nil {
		return err
	}
	if !(c.Retention > 0 && c.Retention < 1) {
		return fmt.Errorf("retention %v is outside (0, 1)", c.Retention)
	}
	for i, d := range c.LearningSteps {
		if d <= 0 {
			return fmt.Errorf("learning step %d is %v; steps must be positive", i+1, d)
		}
	}
	for i, d := range c.RelearningSteps {
		if d <= 0 {
			return fmt.Errorf("relearning step %d is %v; steps must be positive", i+1, d)
		}
	}
	if c.MaxInterval < 1 {
		return fmt.Errorf("maximum interval %d days is below 1", c.MaxInterval)
	}
	if c.DayStart < 0 || c.DayStart >= 24*time.Hour {
		return fmt.Errorf("day start %v is outside [0, 24h)", c.DayStart)
	}
	if c.LeechThreshold < 0 {
		return fmt.Errorf("leech threshold %d is negative", c.LeechThreshold)
	}
	return nil
}

func clampF(v, lo, hi float64) float64 {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

func round8(v float64) float64 { return math.Round(v*1e8) / 1e8 }
