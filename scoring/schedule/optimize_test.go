package schedule

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ontap/ontap/scoring"
)

// revs builds an item from rating:days pairs.
func revs(pairs ...int) TrainItem {
	var it TrainItem
	for i := 0; i+1 < len(pairs); i += 2 {
		it.Reviews = append(it.Reviews, ItemReview{Rating: scoring.Rating(pairs[i]), Days: pairs[i+1]})
	}
	return it
}

func TestBuildItems(t *testing.T) {
	c := DefaultConfig()
	c.Location = time.UTC
	c.DayStart = 4 * time.Hour
	at := func(day, hour int) time.Time { return time.Date(2026, 1, day, hour, 0, 0, 0, time.UTC) }
	entries := []LogEntry{
		{CardID: "b", Rating: scoring.Good, Time: at(1, 12)},
		{CardID: "a", Rating: scoring.Again, Time: at(1, 10)},
		{CardID: "a", Rating: scoring.Good, Time: at(1, 10).Add(10 * time.Minute)},
		{CardID: "a", Rating: scoring.Good, Time: at(2, 3)}, // before 04:00: still day 1
		{CardID: "a", Rating: scoring.Hard, Time: at(2, 5)}, // day 2
		{CardID: "b", Rating: scoring.Again, Time: at(5, 12)},
		{CardID: "a", Rating: scoring.Good, Time: at(12, 9)}, // 10 days later
		{CardID: "c", Rating: scoring.Easy, Time: at(3, 9)},  // a single review: no item
	}
	got, err := BuildItems(entries, c)
	if err != nil {
		t.Fatal(err)
	}
	want := []TrainItem{
		revs(1, 0, 3, 0, 3, 0, 2, 1),
		revs(1, 0, 3, 0, 3, 0, 2, 1, 3, 10),
		revs(3, 0, 1, 4),
	}
	if len(got) != len(want) {
		t.Fatalf("got %d items %v, want %d", len(got), got, len(want))
	}
	for i := range want {
		if !slices.Equal(got[i].Reviews, want[i].Reviews) {
			t.Errorf("item %d = %v, want %v", i, got[i].Reviews, want[i].Reviews)
		}
	}
	if _, err := BuildItems([]LogEntry{{CardID: "x", Rating: 7}}, c); err == nil {
		t.Error("BuildItems accepted rating 7")
	}
}

func TestFilterOutliers(t *testing.T) {
	var pre []TrainItem
	add := func(first, days, n int) {
		for range n {
			pre = append(pre, revs(first, 0, 3, days))
		}
	}
	add(3, 1, 200) // the bulk
	add(3, 2, 30)
	add(3, 7, 5)    // smallest: dropped within the 5% (at least 20 items)
	add(3, 150, 8)  // next: dropped too (5+8 < 20)
	add(3, 9, 12)   // 5+8+12 >= 20: kept
	add(3, 120, 25) // gap over 100 days: dropped although past the 5%
	add(4, 200, 25) // Easy allows 365 days
	rest := []TrainItem{
		revs(3, 0, 3, 7, 3, 20),  // first long-term gap 7: dropped
		revs(3, 0, 3, 1, 3, 5),   // kept
		revs(4, 0, 3, 200, 3, 9), // Easy allows 365 days: kept
	}
	keptPre, keptRest := filterOutliers(pre, rest)
	count := map[[2]int]int{}
	for _, it := range keptPre {
		count[[2]int{int(it.Reviews[0].Rating), it.current().Days}]++
	}
	want := map[[2]int]int{{3, 1}: 200, {3, 2}: 30, {3, 9}: 12, {4, 200}: 25}
	if len(count) != len(want) {
		t.Errorf("kept groups %v, want %v", count, want)
	}
	for k, v := range want {
		if count[k] != v {
			t.Errorf("group %v: kept %d, want %d", k, count[k], v)
		}
	}
	if len(keptRest) != 2 || keptRest[0].Reviews[1].Days != 1 || keptRest[1].Reviews[0].Rating != scoring.Easy {
		t.Errorf("kept training items %v", keptRest)
	}
}

func TestSmoothAndFill(t *testing.T) {
	d := defaultParams
	tests := []struct {
		name   string
		s      [4]float64
		found  [4]bool
		counts [4]int
		want   [4]float64
	}{
		{"all present, ordered", [4]float64{0.5, 1, 3, 9}, [4]bool{true, true, true, true}, [4]int{5, 5, 5, 5}, [4]float64{0.5, 1, 3, 9}},
		{"disorder, bigger count wins", [4]float64{2, 1, 3, 9}, [4]bool{true, true, true, true}, [4]int{50, 5, 5, 5}, [4]float64{2, 2, 3, 9}},
		{"disorder, smaller count loses", [4]float64{2, 1, 3, 9}, [4]bool{true, true, true, true}, [4]int{5, 50, 5, 5}, [4]float64{1, 1, 3, 9}},
		// fsrs-rs's own test case: Hard filled from Again and Good.
		{"fill hard", [4]float64{0.4, 0, 2.3, 10.9}, [4]bool{true, false, true, true}, [4]int{1, 0, 1, 1}, [4]float64{0.4, 0.8052433, 2.3, 10.9}},
		{"one rating scales the defaults", [4]float64{0, 2.5862, 0, 0}, [4]bool{false, true, false, false}, [4]int{0, 9, 0, 0},
			[4]float64{d[0] * 2, d[1] * 2, d[2] * 2, d[3] * 2}},
		{"clamped", [4]float64{0.0001, 1, 3, 500}, [4]bool{true, true, true, true}, [4]int{1, 1, 1, 1}, [4]float64{0.001, 1, 3, 100}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := smoothAndFill(tc.s, tc.found, tc.counts)
			for i := range got {
				if math.Abs(got[i]-tc.want[i]) > 1e-4*math.Max(1, tc.want[i]) {
					t.Errorf("got %v, want %v", got, tc.want)
					break
				}
			}
		})
	}
}

func TestBinOf(t *testing.T) {
	tests := []struct {
		it   TrainItem
		want binKey
	}{
		// Bins computed by hand from fsrs-rs's formulas (2.48*3.62^k*100,
		// 1.99*1.89^k, 1.65*1.73^k, rounded half away from zero).
		{revs(3, 0, 3, 1), binKey{248, 4, 0}},
		{revs(3, 0, 3, 4), binKey{898, 4, 0}},
		{revs(3, 0, 3, 1, 3, 3), binKey{248, 4, 0}},
		{revs(1, 0, 3, 0, 1, 2, 3, 0, 3, 20), binKey{3250, 4, 2}},
		{revs(3, 0, 1, 5, 1, 5, 3, 5, 3, 100), binKey{11765, 7, 3}},
	}
	for _, tc := range tests {
		if got := binOf(tc.it); got != tc.want {
			t.Errorf("binOf(%v) = %v, want %v", tc.it.Reviews, got, tc.want)
		}
	}
}

// totalLoss is the weighted loss of items and its gradient.
func totalLoss(w []float64, items []TrainItem) (float64, [NumParams]float64) {
	m := newTrainModel(w)
	var g [NumParams]float64
	ss, ds := make([]float64, 64), make([]float64, 64)
	l := 0.0
	for i, it := range items {
		l += m.lossGrad(it.Reviews, 0.5+float64(i%3)*0.25, &g, ss, ds)
	}
	return l, g
}

// TestGradientMatchesFiniteDifferences compares the analytic gradient with
// central differences on random items and parameters.
func TestGradientMatchesFiniteDifferences(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for trial := range 20 {
		w := DefaultParams()
		for i := range w {
			lo, hi := paramBounds[i][0], paramBounds[i][1]
			if i < 4 {
				hi = 20
			}
			// Keep away from the bounds, where clamping makes the loss flat.
			w[i] = lo + (hi-lo)*(0.1+0.8*rng.Float64())
		}
		var items []TrainItem
		for range 30 {
			it := TrainItem{Reviews: []ItemReview{{Rating: scoring.Rating(1 + rng.IntN(4))}}}
			n := 1 + rng.IntN(8)
			for j := range n {
				days := rng.IntN(30)
				if j == n-1 {
					days = 1 + rng.IntN(60)
				} else if rng.IntN(3) == 0 {
					days = 0
				}
				it.Reviews = append(it.Reviews, ItemReview{Rating: scoring.Rating(1 + rng.IntN(4)), Days: days})
			}
			items = append(items, it)
		}
		_, g := totalLoss(w, items)
		for i := range w {
			h := 1e-6 * math.Max(1, math.Abs(w[i]))
			wp, wm := slices.Clone(w), slices.Clone(w)
			wp[i] += h
			wm[i] -= h
			lp, _ := totalLoss(wp, items)
			lm, _ := totalLoss(wm, items)
			fd := (lp - lm) / (2 * h)
			if math.Abs(fd-g[i]) > 1e-4*math.Max(1, math.Abs(fd)) {
				t.Errorf("trial %d: dL/dw%d = %.8g analytic, %.8g by finite differences", trial, i, g[i], fd)
			}
		}
	}
}

// TestTrainModelMatchesScheduler checks that the training model's forward
// pass is the scheduler's memory model (FSRS.NextMemory) where they agree
// (initial stabilities of at least 0.1).
func TestTrainModelMatchesScheduler(t *testing.T) {
	w := DefaultParams()
	w[17], w[18], w[19], w[20] = 0.6, 0.3, 0.2, 0.3
	f, err := NewFSRS(scoring.Config{Params: w, Retention: 0.9, MaxInterval: 36500, LearningSteps: []time.Duration{time.Minute}, RelearningSteps: []time.Duration{time.Minute}})
	if err != nil {
		t.Fatal(err)
	}
	m := newTrainModel(w)
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		g := scoring.Rating(1 + rng.IntN(4))
		s1, d1 := m.init(g)
		s2, d2 := f.InitialMemory(g)
		for range 10 {
			g = scoring.Rating(1 + rng.IntN(4))
			t0 := rng.IntN(3) * rng.IntN(50)
			s1, d1 = m.step(s1, d1, t0, g)
			s2, d2 = f.NextMemory(s2, d2, t0, g)
			if math.Abs(s1-s2) > 1e-9*math.Max(1, s2) || math.Abs(d1-d2) > 1e-9 {
				t.Fatalf("after rating %d at %d days: model (%v, %v), scheduler (%v, %v)", g, t0, s1, d1, s2, d2)
			}
		}
	}
}

func TestOptimizeTooLittleData(t *testing.T) {
	few := []TrainItem{revs(3, 0, 3, 2), revs(3, 0, 1, 1), revs(1, 0, 3, 1)}
	res, err := Optimize(context.Background(), few, OptimizeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Fit != FitNone || !slices.Equal(res.Params, DefaultParams()) {
		t.Errorf("3 items: fit %v params %v, want the defaults", res.Fit, res.Params)
	}
	// The outlier filter drops groups of fewer than 20 items: none is left.
	if res.Train != 0 || !strings.Contains(res.Message, "8 more are needed") || !strings.Contains(res.Message, "64 more for a full fit") {
		t.Errorf("message %q does not say how many more reviews are needed", res.Message)
	}

	// 40 items, all first long-term reviews: only w0..w3 move.
	var some []TrainItem
	for i := range 40 {
		r := scoring.Good
		if i%5 == 0 {
			r = scoring.Again
		}
		some = append(some, revs(3, 0, int(r), 1+i%3))
	}
	res, err = Optimize(context.Background(), some, OptimizeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Fit != FitInitial {
		t.Fatalf("40 items: fit %v, want %v", res.Fit, FitInitial)
	}
	if !slices.Equal(res.Params[4:], DefaultParams()[4:]) || slices.Equal(res.Params[:4], DefaultParams()[:4]) {
		t.Errorf("40 items: params %v, want new w0..w3 and default w4..w20", res.Params)
	}
	if !strings.Contains(res.Message, "more") {
		t.Errorf("message %q does not say more reviews are needed", res.Message)
	}
}

func TestOptimizeCancelled(t *testing.T) {
	items, _ := simulate(rand.New(rand.NewPCG(3, 3)), DefaultParams(), 200, 12)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Optimize(ctx, items, OptimizeOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Optimize with a cancelled context: %v, want context.Canceled", err)
	}
}

func TestEvaluateErrors(t *testing.T) {
	if _, err := Evaluate(nil, DefaultParams()); !errors.Is(err, ErrNoItems) {
		t.Errorf("no items: %v", err)
	}
	if _, err := Evaluate([]TrainItem{revs(3, 0, 3, 1)}, []float64{1, 2}); err == nil {
		t.Error("2 parameters accepted")
	}
}

// simulate is a synthetic learner following the FSRS-6 model with
// parameters w: cards are reviewed at the interval for a retention drawn
// around 0.85, late or early by up to 30%, recalled with the model's
// probability, with a same-day relearning review after a lapse. It returns
// the items and the number of reviews.
func simulate(rng *rand.Rand, w []float64, cards, reviewsPerCard int) ([]TrainItem, int) {
	m := newTrainModel(w)
	var items []TrainItem
	n := 0
	for range cards {
		first := scoring.Rating(1 + rng.IntN(4))
		all := []ItemReview{{Rating: first}}
		s, d := m.init(first)
		if first == scoring.Again {
			all = append(all, ItemReview{Rating: scoring.Good})
			s, d = m.step(s, d, 0, scoring.Good)
		}
		for len(all) < reviewsPerCard {
			ret := 0.75 + 0.2*rng.Float64()
			ivl := s / m.factor * (math.Exp(-math.Log(ret)/w[20]) - 1)
			days := max(1, int(math.Round(ivl*(0.7+0.6*rng.Float64()))))
			var g scoring.Rating
			if rng.Float64() < m.recall(float64(days), s) {
				g = []scoring.Rating{scoring.Hard, scoring.Good, scoring.Good, scoring.Good, scoring.Good, scoring.Easy}[rng.IntN(6)]
			} else {
				g = scoring.Again
			}
			all = append(all, ItemReview{Rating: g, Days: days})
			items = append(items, TrainItem{Reviews: slices.Clone(all)})
			s, d = m.step(s, d, days, g)
			if g == scoring.Again {
				all = append(all, ItemReview{Rating: scoring.Good})
				s, d = m.step(s, d, 0, scoring.Good)
			}
		}
		n += len(all)
	}
	return items, n
}

// TestOptimizeSyntheticLearner simulates learners with known parameters,
// fits them, and checks that the fitted loss comes close to (or below) the
// loss of the true parameters, and well below the defaults' loss.
func TestOptimizeSyntheticLearner(t *testing.T) {
	truth := []float64{
		0.5, 1.8, 4.5, 12, 5.8, 1.1, 2.2, 0.02, 1.4, 0.12, 1.1, 1.2,
		0.1, 0.35, 1.4, 0.45, 2.2, 0.4, 0.25, 0.1, 0.35,
	}
	for _, tc := range []struct {
		seed         uint64
		cards, revs  int
		tolerance    float64
		minVsDefault float64
	}{
		{1, 300, 8, 0.01, 0},
		{2, 800, 10, 0.005, 0.002},
		{3, 1500, 12, 0.003, 0.002},
	} {
		items, n := simulate(rand.New(rand.NewPCG(tc.seed, 99)), truth, tc.cards, tc.revs)
		res, err := Optimize(context.Background(), items, OptimizeOptions{})
		if err != nil {
			t.Fatal(err)
		}
		fit, _ := Evaluate(items, res.Params)
		real, _ := Evaluate(items, truth)
		def, _ := Evaluate(items, DefaultParams())
		t.Logf("seed %d, %d reviews, %d items: fit %v; true %v; defaults %v", tc.seed, n, len(items), fit, real, def)
		if res.Fit != FitFull {
			t.Errorf("seed %d: fit %v", tc.seed, res.Fit)
		}
		if fit.LogLoss > real.LogLoss+tc.tolerance {
			t.Errorf("seed %d: fitted log loss %.4f, true parameters %.4f", tc.seed, fit.LogLoss, real.LogLoss)
		}
		if fit.LogLoss > def.LogLoss-tc.minVsDefault {
			t.Errorf("seed %d: fitted log loss %.4f not below the defaults' %.4f", tc.seed, fit.LogLoss, def.LogLoss)
		}
	}
}
