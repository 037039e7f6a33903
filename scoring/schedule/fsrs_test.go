package schedule

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ontap/ontap/scoring"
)

var t0 = time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)

func utcConfig() scoring.Config {
	c := DefaultConfig()
	c.Location = time.UTC
	return c
}

// graduated returns a card in Review after Easy on a new card.
func graduated(t testing.TB, f *FSRS, key string) scoring.State {
	t.Helper()
	s := f.Review(key, scoring.State{}, scoring.Easy, t0)
	if s.Phase != scoring.Review {
		t.Fatalf("Easy on a new card: phase %v", s.Phase)
	}
	return s
}

func TestReviewSetsFields(t *testing.T) {
	f := mustFSRS(t, utcConfig())
	s := f.Review("d/1", scoring.State{}, scoring.Good, t0)
	if s.Phase != scoring.Learning || s.Step != 1 || s.Reps != 1 || !s.LastReview.Equal(t0) ||
		!s.Due.Equal(t0.Add(10*time.Minute)) || s.Stability != 2.3065 || s.Lapses != 0 {
		t.Errorf("after Good on a new card: %+v", s)
	}
	now := s.Due
	s = f.Review("d/1", s, scoring.Good, now)
	if s.Phase != scoring.Review || s.Step != 0 || s.Reps != 2 || !s.LastReview.Equal(now) {
		t.Errorf("after graduating: %+v", s)
	}
	// S = 2.3065 gives 2 days (too short to fuzz), due at the start of the
	// study day (04:00 here) 2 days after the review's.
	if want := time.Date(2024, 5, 3, 4, 0, 0, 0, time.UTC); !s.Due.Equal(want) {
		t.Errorf("due %v, want %v", s.Due, want)
	}
	again := f.Review("d/1", s, scoring.Again, s.Due)
	if again.Phase != scoring.Relearning || again.Step != 0 || again.Lapses != 1 || !again.Due.Equal(s.Due.Add(10*time.Minute)) {
		t.Errorf("after a lapse: %+v", again)
	}
}

func TestHardGoodEasyOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, fuzz := range []bool{false, true} {
		for _, long := range []bool{false, true} {
			c := utcConfig()
			c.Fuzz, c.LongTerm = fuzz, long
			f := mustFSRS(t, c)
			for i := 0; i < 3000; i++ {
				key := fmt.Sprintf("deck/%d", i)
				s := scoring.State{
					Phase: scoring.Review, Stability: math.Exp(rng.Float64()*12 - 5), Difficulty: 1 + 9*rng.Float64(),
					LastReview: t0, Reps: rng.IntN(30),
				}
				now := t0.Add(time.Duration(rng.IntN(500*24)) * time.Hour)
				p := f.Preview(key, s, now)
				var d [4]int
				for r := range p {
					d[r] = scoring.DaysBetween(c, now, p[r].Due)
				}
				ok := d[1] < d[2] && d[2] < d[3]
				if long {
					ok = ok && d[0] < d[1]
				}
				if !ok && d[3] < c.MaxInterval {
					t.Fatalf("fuzz=%v long=%v S=%.3f D=%.2f: intervals %v not increasing", fuzz, long, s.Stability, s.Difficulty, d)
				}
			}
		}
	}
}

func TestFuzzRangesTSFSRS(t *testing.T) {
	b, err := os.ReadFile("testdata/fuzz_ranges.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		Rows [][5]int `json:"rows"`
	}
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	if len(ref.Rows) < 1000 {
		t.Fatalf("%d rows", len(ref.Rows))
	}
	for _, r := range ref.Rows {
		ivl, el, maxI, lo, hi := r[0], r[1], r[2], r[3], r[4]
		if got := fuzzInterval(ivl, el, maxI, 0); got != lo {
			t.Errorf("fuzz(%d, elapsed %d, max %d) at 0 = %d, want %d", ivl, el, maxI, got, lo)
		}
		if got := fuzzInterval(ivl, el, maxI, math.Nextafter(1, 0)); got != hi {
			t.Errorf("fuzz(%d, elapsed %d, max %d) at 1- = %d, want %d", ivl, el, maxI, got, hi)
		}
	}
	if fuzzInterval(2, 0, 100, 0.99) != 2 || fuzzInterval(1, 0, 100, 0.5) != 1 {
		t.Error("intervals below 2.5 days must not be fuzzed")
	}
	if fuzzInterval(50, 0, 100, -1) != 50 {
		t.Error("negative factor must mean fuzz off")
	}
}

func TestFuzzDeterministic(t *testing.T) {
	c := utcConfig()
	f := mustFSRS(t, c)
	c.Fuzz = false
	nf := mustFSRS(t, c)
	s := graduated(t, f, "d/x")
	s.Stability = 40
	now := s.Due
	seen := map[int]int{}
	for i := 0; i < 400; i++ {
		key := fmt.Sprintf("deck/%d", i)
		a := f.Review(key, s, scoring.Good, now)
		b := f.Review(key, s, scoring.Good, now)
		if !a.Due.Equal(b.Due) {
			t.Fatalf("%s: two reviews gave %v and %v", key, a.Due, b.Due)
		}
		seen[scoring.DaysBetween(c, now, a.Due)]++
	}
	plain := scoring.DaysBetween(c, now, nf.Review("k", s, scoring.Good, now).Due)
	if len(seen) < 5 {
		t.Errorf("fuzz gives only %d distinct intervals around %d: %v", len(seen), plain, seen)
	}
	for d := range seen {
		if math.Abs(float64(d-plain)) > fuzzDelta(float64(plain))+1 {
			t.Errorf("fuzzed interval %d too far from %d", d, plain)
		}
	}
	// different review counts give different factors
	if fuzzFactor("k", 1) == fuzzFactor("k", 2) || fuzzFactor("a", 1) == fuzzFactor("b", 1) {
		t.Error("fuzz factor ignores key or count")
	}
	sum := 0.0
	for i := 0; i < 20000; i++ {
		v := fuzzFactor("deck/card", i)
		if v < 0 || v >= 1 {
			t.Fatalf("factor %v outside [0, 1)", v)
		}
		sum += v
	}
	if m := sum / 20000; m < 0.48 || m > 0.52 {
		t.Errorf("mean fuzz factor %.3f, want about 0.5", m)
	}
}

func TestLeech(t *testing.T) {
	for _, tc := range []struct{ threshold, leechAt int }{{8, 8}, {3, 3}, {0, -1}} {
		c := utcConfig()
		c.LeechThreshold = tc.threshold
		for _, name := range []string{"fsrs", "sm2", "fsrs-longterm"} {
			var s scoring.Scheduler
			switch name {
			case "fsrs":
				s = mustFSRS(t, c)
			case "sm2":
				m, err := NewSM2(c)
				if err != nil {
					t.Fatal(err)
				}
				s = m
			default:
				lc := c
				lc.LongTerm = true
				s = mustFSRS(t, lc)
			}
			st := s.Review("k", scoring.State{}, scoring.Easy, t0)
			now := st.Due
			for lapse := 1; lapse <= 10; lapse++ {
				before := st
				st = s.Review("k", st, scoring.Again, now) // lapse
				if BecameLeech(before, st) != (lapse == tc.leechAt) {
					t.Fatalf("%s threshold %d: BecameLeech after %d lapses = %v", name, tc.threshold, lapse, BecameLeech(before, st))
				}
				if st.Lapses != lapse {
					t.Fatalf("%s: lapses %d, want %d", name, st.Lapses, lapse)
				}
				if want := tc.leechAt > 0 && lapse >= tc.leechAt; st.Leech != want {
					t.Fatalf("%s threshold %d: after %d lapses Leech = %v", name, tc.threshold, lapse, st.Leech)
				}
				for st.Phase != scoring.Review { // finish relearning
					now = st.Due
					st = s.Review("k", st, scoring.Good, now)
				}
				now = st.Due
			}
		}
	}
}

func TestNewScheduler(t *testing.T) {
	tests := []struct {
		name    string
		want    string
		wantErr bool
	}{
		{"", "*schedule.FSRS", false},
		{"fsrs", "*schedule.FSRS", false},
		{" SM2 ", "*schedule.SM2", false},
		{"anki", "", true},
	}
	for _, tt := range tests {
		s, err := NewScheduler(tt.name, DefaultConfig())
		if tt.wantErr {
			if err == nil || !strings.Contains(err.Error(), "unknown scheduler") {
				t.Errorf("NewScheduler(%q) error = %v", tt.name, err)
			}
			continue
		}
		if err != nil || fmt.Sprintf("%T", s) != tt.want {
			t.Errorf("NewScheduler(%q) = %T, %v; want %s", tt.name, s, err, tt.want)
		}
	}
	c := DefaultConfig()
	c.Retention = 2
	if _, err := NewScheduler("sm2", c); err == nil {
		t.Error("NewScheduler accepted a bad config")
	}
}

func TestMaxInterval(t *testing.T) {
	c := utcConfig()
	c.MaxInterval = 30
	f := mustFSRS(t, c)
	s := graduated(t, f, "k")
	now := s.Due
	for i := 0; i < 20; i++ {
		s = f.Review("k", s, scoring.Easy, now)
		if d := scoring.DaysBetween(c, now, s.Due); d > 30 || d < 1 {
			t.Fatalf("interval %d outside [1, 30]", d)
		}
		now = s.Due
	}
	if f.Interval(1e6) != 30 || f.Interval(0) != 1 || f.Interval(math.NaN()) != 1 {
		t.Error("Interval ignores the bounds")
	}
}

func TestInvalidInput(t *testing.T) {
	f := mustFSRS(t, utcConfig())
	s := graduated(t, f, "k")
	for _, r := range []scoring.Rating{0, 5, -1} {
		if got := f.Review("k", s, r, t0.AddDate(0, 0, 3)); got != s {
			t.Errorf("rating %d changed the state", r)
		}
	}
	if a, b := f.NextMemory(5, 5, 3, 9); a != 5 || b != 5 {
		t.Error("NextMemory with a bad rating changed the state")
	}
	if a, b := f.InitialMemory(0); a != 0 || b != 0 {
		t.Error("InitialMemory with a bad rating")
	}
	// corrupt or odd states do not panic and give sane results
	for _, bad := range []scoring.State{
		{Phase: scoring.Review, Stability: math.NaN(), Difficulty: 5, LastReview: t0},
		{Phase: scoring.Review, Stability: -3, Difficulty: 50, LastReview: t0},
		{Phase: scoring.Learning, Step: 99, Stability: 3, Difficulty: 5, LastReview: t0},
		{Phase: scoring.Relearning, Step: -4, Stability: 3, Difficulty: 5, LastReview: t0},
		{Phase: scoring.Phase(42), Stability: 3, Difficulty: 5, LastReview: t0},
		{Phase: scoring.Review, Stability: 3, Difficulty: 5, LastReview: t0.AddDate(0, 0, 5)}, // in the future
	} {
		for r := scoring.Again; r <= scoring.Easy; r++ {
			got := f.Review("k", bad, r, t0)
			if math.IsNaN(got.Stability) || got.Stability < MinStability || got.Difficulty < 1 || got.Difficulty > 10 || got.Due.Before(t0) {
				t.Errorf("state %+v rated %v gave %+v", bad, r, got)
			}
		}
	}
}

func TestPreviewAndRetrievability(t *testing.T) {
	f := mustFSRS(t, utcConfig())
	if f.Retrievability(scoring.State{}, t0) != 0 {
		t.Error("a new card has retrievability 0")
	}
	s := graduated(t, f, "k")
	p := f.Preview("k", s, s.Due)
	for i, ps := range p {
		if want := f.Review("k", s, scoring.Rating(i+1), s.Due); ps != want {
			t.Errorf("Preview[%d] = %+v, want %+v", i, ps, want)
		}
	}
	if r := f.Retrievability(s, s.LastReview); r != 1 {
		t.Errorf("retrievability on the review day = %v, want 1", r)
	}
	ivl := f.Interval(s.Stability)
	r := f.Retrievability(s, s.LastReview.AddDate(0, 0, ivl))
	if math.Abs(r-0.9) > 0.02 {
		t.Errorf("retrievability after the interval (%d days) = %.4f, want about 0.9", ivl, r)
	}
	for _, dr := range []float64{0.7, 0.8, 0.95, 0.99} {
		c := utcConfig()
		c.Retention = dr
		g := mustFSRS(t, c)
		if got := g.ForgettingCurve(s.Stability*g.modifier, s.Stability); math.Abs(got-dr) > 1e-9 {
			t.Errorf("R at the unrounded interval for DR %v = %v", dr, got)
		}
	}
}

func TestLongTermAndNoSteps(t *testing.T) {
	c := utcConfig()
	c.LearningSteps, c.RelearningSteps = nil, nil
	f := mustFSRS(t, c)
	s := f.Review("k", scoring.State{}, scoring.Again, t0)
	if s.Phase != scoring.Review || scoring.DaysBetween(c, t0, s.Due) != 1 {
		t.Errorf("Again without learning steps: %+v", s)
	}
	s = f.Review("k", s, scoring.Good, s.Due)
	now := s.Due
	s = f.Review("k", s, scoring.Again, now)
	if s.Phase != scoring.Review || s.Lapses != 1 || scoring.DaysBetween(c, now, s.Due) < 1 {
		t.Errorf("lapse without relearning steps: %+v", s)
	}
}

// BenchmarkReview measures FSRS reviews scheduled per second on one core,
// over a mix of new, learning and review cards with fuzz on.
func BenchmarkReview(b *testing.B) {
	c := DefaultConfig()
	c.Location = time.UTC
	f, err := NewFSRS(c)
	if err != nil {
		b.Fatal(err)
	}
	const n = 1024
	states := make([]scoring.State, n)
	times := make([]time.Time, n)
	ratings := make([]scoring.Rating, n)
	keys := make([]string, n)
	rng := rand.New(rand.NewPCG(7, 7))
	for i := range states {
		keys[i] = fmt.Sprintf("deck/card-%d", i)
		s := scoring.State{}
		now := t0
		for j := 0; j < rng.IntN(6); j++ {
			s = f.Review(keys[i], s, scoring.Rating(1+rng.IntN(4)), now)
			now = s.Due
		}
		states[i], times[i], ratings[i] = s, now.Add(time.Duration(rng.IntN(72))*time.Hour), scoring.Rating(1+rng.IntN(4))
	}
	b.ResetTimer()
	cpu0 := processCPU()
	var sink scoring.State
	for i := 0; i < b.N; i++ {
		j := i & (n - 1)
		sink = f.Review(keys[j], states[j], ratings[j], times[j])
	}
	b.StopTimer()
	cpu := processCPU() - cpu0
	if sink.Reps == 0 {
		b.Fatal("no review")
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "reviews/s")
	if cpu > 0 { // the same rate per second of CPU time, robust to a busy machine
		b.ReportMetric(float64(b.N)/cpu.Seconds(), "reviews/cpu-s")
	}
}
