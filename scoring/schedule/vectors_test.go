package schedule

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/ontap/ontap/decks/sharedtest"
	"github.com/ontap/ontap/scoring"
)

// readShared reads a file of the shared reference data, skipping the test
// when it is absent.
func readShared(t testing.TB, name string) []byte {
	t.Helper()
	return sharedtest.ReadFile(t, "refdata", name)
}

type vecFile struct {
	ParamSets map[string]struct {
		Values []float64 `json:"values"`
	} `json:"param_sets"`
	Vectors []json.RawMessage `json:"vectors"`
}

type vecReview struct {
	Rating      int        `json:"rating"`
	ReviewTime  *time.Time `json:"review_time"`
	ElapsedDays int        `json:"elapsed_days"`
	Expect      struct {
		IntervalDays    *int     `json:"interval_days"`
		Stability       *float64 `json:"stability"`
		Difficulty      *float64 `json:"difficulty"`
		ScheduledDays   *int     `json:"scheduled_days"`
		StateAfter      string   `json:"state_after"`
		DueAfterMinutes *float64 `json:"due_after_minutes"`
	} `json:"expect"`
	Computed *struct {
		StateAfter  string   `json:"state_after"`
		StepAfter   *int     `json:"step_after"`
		DueAfterSec *float64 `json:"due_after_seconds"`
		Stability   float64  `json:"stability"`
		Difficulty  float64  `json:"difficulty"`
	} `json:"computed"`
}

type vector struct {
	ID               string          `json:"id"`
	Params           string          `json:"params"`
	Retention        float64         `json:"desired_retention"`
	MaxInterval      int             `json:"maximum_interval"`
	ShortTerm        *bool           `json:"enable_short_term"`
	LearningSteps    json.RawMessage `json:"learning_steps_minutes"`
	RelearningSteps  json.RawMessage `json:"relearning_steps_minutes"`
	Start            *time.Time      `json:"start"`
	Reviews          []vecReview     `json:"reviews"`
	Variants         json.RawMessage `json:"variants"`
	Cases            json.RawMessage `json:"cases"`
	NoFuzz           json.RawMessage `json:"no_fuzz"`
	Defaults         json.RawMessage `json:"defaults"`
	NextStates       json.RawMessage `json:"next_states_after_first_4_reviews_at_elapsed_21"`
	NextStatesFromSD json.RawMessage `json:"next_states_from_state"`
}

func loadVectors(t *testing.T) (map[string][]float64, map[string]vector, map[string]json.RawMessage) {
	t.Helper()
	var f vecFile
	if err := json.Unmarshal(readShared(t, "fsrs_vectors.json"), &f); err != nil {
		t.Fatal(err)
	}
	params := map[string][]float64{}
	for k, v := range f.ParamSets {
		params[k] = v.Values
	}
	vecs := map[string]vector{}
	raw := map[string]json.RawMessage{}
	for _, r := range f.Vectors {
		var v vector
		if err := json.Unmarshal(r, &v); err != nil {
			t.Fatal(err)
		}
		vecs[v.ID] = v
		raw[v.ID] = r
	}
	return params, vecs, raw
}

func minutesList(t *testing.T, raw json.RawMessage) ([]time.Duration, bool) {
	var m []float64
	if len(raw) == 0 || string(raw) == "null" || json.Unmarshal(raw, &m) != nil {
		return nil, false
	}
	out := make([]time.Duration, len(m))
	for i, v := range m {
		out[i] = time.Duration(v * float64(time.Minute))
	}
	return out, true
}

// vecConfig builds a Config for a vector: UTC days from midnight, fuzz off.
func vecConfig(t *testing.T, params map[string][]float64, v vector) scoring.Config {
	t.Helper()
	c := DefaultConfig()
	c.Fuzz = false
	c.Location = time.UTC
	c.DayStart = 0
	if v.Params != "" {
		w, ok := params[v.Params]
		if !ok {
			t.Fatalf("%s: unknown param set %q", v.ID, v.Params)
		}
		c.Params = w
	}
	if v.Retention > 0 {
		c.Retention = v.Retention
	}
	if v.MaxInterval > 0 {
		c.MaxInterval = v.MaxInterval
	}
	if s, ok := minutesList(t, v.LearningSteps); ok {
		c.LearningSteps = s
	}
	if s, ok := minutesList(t, v.RelearningSteps); ok {
		c.RelearningSteps = s
	}
	if v.ShortTerm != nil && !*v.ShortTerm {
		c.LongTerm = true
	}
	return c
}

func near(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

var phaseNames = map[string]scoring.Phase{"New": scoring.New, "Learning": scoring.Learning, "Review": scoring.Review, "Relearning": scoring.Relearning}

// TestVectorsScheduler runs the scheduler vectors: each review at the given
// time (or at the previous due), checking the interval, the phase and step,
// and stability and difficulty to 1e-4.
func TestVectorsScheduler(t *testing.T) {
	params, vecs, _ := loadVectors(t)
	ids := []string{"fsrs6-scheduler-13-ratings", "fsrs5-scheduler-13-ratings",
		"fsrs6-long-term-scheduler-13-ratings", "tsfsrs-long-term-test1", "tsfsrs-long-term-test2",
		"tsfsrs-long-term-test3", "tsfsrs-long-term-test4", "tsfsrs-long-term-test5"}
	for _, id := range ids {
		t.Run(id, func(t *testing.T) {
			v, ok := vecs[id]
			if !ok {
				t.Fatalf("vector %s missing from fsrs_vectors.json", id)
			}
			c := vecConfig(t, params, v)
			f, err := NewFSRS(c)
			if err != nil {
				t.Fatal(err)
			}
			now := time.Date(2022, 11, 29, 12, 30, 0, 0, time.UTC)
			if v.Start != nil {
				now = *v.Start
			}
			var s scoring.State
			for i, r := range v.Reviews {
				if r.ReviewTime != nil {
					now = *r.ReviewTime
				}
				s = f.Review("vector", s, scoring.Rating(r.Rating), now)
				ivl := scoring.DaysBetween(c, now, s.Due)
				if s.Phase != scoring.Review {
					ivl = 0
				}
				if e := r.Expect.IntervalDays; e != nil && ivl != *e {
					t.Errorf("review %d (%v): interval %d days, want %d", i+1, scoring.Rating(r.Rating), ivl, *e)
				}
				if e := r.Expect.Stability; e != nil && !near(s.Stability, *e, 1e-4+1e-6*math.Abs(*e)) {
					t.Errorf("review %d: stability %.8f, want %.8f", i+1, s.Stability, *e)
				}
				if e := r.Expect.Difficulty; e != nil && !near(s.Difficulty, *e, 1e-4) {
					t.Errorf("review %d: difficulty %.8f, want %.8f", i+1, s.Difficulty, *e)
				}
				if cp := r.Computed; cp != nil {
					if !near(s.Stability, cp.Stability, 1e-4) || !near(s.Difficulty, cp.Difficulty, 1e-4) {
						t.Errorf("review %d: S=%.6f D=%.6f, computed S=%.6f D=%.6f", i+1, s.Stability, s.Difficulty, cp.Stability, cp.Difficulty)
					}
					if p := phaseNames[cp.StateAfter]; p != s.Phase {
						t.Errorf("review %d: phase %v, want %v", i+1, s.Phase, p)
					}
					if cp.StepAfter != nil && *cp.StepAfter != s.Step {
						t.Errorf("review %d: step %d, want %d", i+1, s.Step, *cp.StepAfter)
					}
					if cp.DueAfterSec != nil && s.Phase != scoring.Review {
						if got := s.Due.Sub(now).Seconds(); got != *cp.DueAfterSec {
							t.Errorf("review %d: due after %vs, want %vs", i+1, got, *cp.DueAfterSec)
						}
					}
				}
				if r.ReviewTime == nil { // the next review happens when due
					now = s.Due
				}
			}
		})
	}
}

// TestVectorsMemoryState chains NextMemory over elapsed days.
func TestVectorsMemoryState(t *testing.T) {
	params, vecs, _ := loadVectors(t)
	ids := []string{"fsrs6-memory-state-AGGGGG", "fsrs6-memory-state-AHEGG-all-ratings",
		"fsrs6-memory-state-7-reviews-go-repeat", "fsrs5-memory-state-AGGGGG", "fsrsrs-memo-and-next-states"}
	for _, id := range ids {
		t.Run(id, func(t *testing.T) {
			v, ok := vecs[id]
			if !ok {
				t.Fatalf("vector %s missing", id)
			}
			c := vecConfig(t, params, v)
			const tol = 1e-4
			f, err := NewFSRS(c)
			if err != nil {
				t.Fatal(err)
			}
			var s, d float64
			for i, r := range v.Reviews {
				s, d = f.NextMemory(s, d, r.ElapsedDays, scoring.Rating(r.Rating))
				if cp := r.Computed; cp != nil && (!near(s, cp.Stability, tol) || !near(d, cp.Difficulty, tol)) {
					t.Errorf("review %d: S=%.6f D=%.6f, computed S=%.6f D=%.6f", i+1, s, d, cp.Stability, cp.Difficulty)
				}
				if e := r.Expect.Stability; e != nil && !near(s, *e, tol) {
					t.Errorf("review %d: S=%.7f, want %.7f", i+1, s, *e)
				}
				if e := r.Expect.Difficulty; e != nil && !near(d, *e, tol) {
					t.Errorf("review %d: D=%.7f, want %.7f", i+1, d, *e)
				}
			}
			if len(v.Variants) > 0 {
				var variants []struct {
					Name        string `json:"name"`
					FinalExpect struct {
						Stability  float64 `json:"stability"`
						Difficulty float64 `json:"difficulty"`
					} `json:"final_expect"`
				}
				if err := json.Unmarshal(v.Variants, &variants); err != nil {
					t.Fatal(err)
				}
				lc := c
				lc.LongTerm = true
				lf, err := NewFSRS(lc)
				if err != nil {
					t.Fatal(err)
				}
				var s, d float64
				for _, r := range v.Reviews {
					s, d = lf.NextMemory(s, d, r.ElapsedDays, scoring.Rating(r.Rating))
				}
				for _, vr := range variants {
					if !near(s, vr.FinalExpect.Stability, 1e-4) || !near(d, vr.FinalExpect.Difficulty, 1e-4) {
						t.Errorf("variant %q: S=%.7f D=%.7f, want %.7f %.7f", vr.Name, s, d, vr.FinalExpect.Stability, vr.FinalExpect.Difficulty)
					}
				}
			}
			if len(v.NextStates) > 0 {
				checkNextStates(t, f, v)
			}
		})
	}
}

// checkNextStates checks the fsrs-rs next states of the fsrsrs vector.
func checkNextStates(t *testing.T, f *FSRS, v vector) {
	type sd struct {
		Stability  float64 `json:"stability"`
		Difficulty float64 `json:"difficulty"`
		Interval   float64 `json:"interval"`
	}
	var ns map[string]sd
	if err := json.Unmarshal(v.NextStates, &ns); err != nil {
		t.Fatal(err)
	}
	var s, d float64
	for _, r := range v.Reviews[:4] {
		s, d = f.NextMemory(s, d, r.ElapsedDays, scoring.Rating(r.Rating))
	}
	for name, r := range map[string]scoring.Rating{"again": scoring.Again, "hard": scoring.Hard, "good": scoring.Good, "easy": scoring.Easy} {
		want := ns[name]
		gs, gd := f.NextMemory(s, d, 21, r)
		if !near(gs, want.Stability, 1e-4) || !near(gd, want.Difficulty, 1e-4) {
			t.Errorf("next state %s: S=%.6f D=%.6f, want %.6f %.6f", name, gs, gd, want.Stability, want.Difficulty)
		}
		if got, w := f.Interval(gs), int(math.Max(1, math.Round(want.Interval))); got != w {
			t.Errorf("next state %s: interval %d, want %d", name, got, w)
		}
	}
	var from struct {
		State       sd  `json:"state"`
		ElapsedDays int `json:"elapsed_days"`
		Good        sd  `json:"good"`
	}
	if err := json.Unmarshal(v.NextStatesFromSD, &from); err != nil {
		t.Fatal(err)
	}
	gs, gd := f.NextMemory(from.State.Stability, from.State.Difficulty, from.ElapsedDays, scoring.Good)
	if !near(gs, from.Good.Stability, 1e-4) || !near(gd, from.Good.Difficulty, 1e-4) {
		t.Errorf("next state from S/D: S=%.6f D=%.6f, want %.6f %.6f", gs, gd, from.Good.Stability, from.Good.Difficulty)
	}
}
