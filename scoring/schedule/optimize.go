package schedule

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/ontap/ontap/scoring"
)

// Minimum numbers of training items (after the outlier filter) for the
// optimizer: below MinItemsPretrain the defaults are kept; below
// MinItemsTrain only the initial stabilities w0..w3 are fitted.
const (
	MinItemsPretrain = 8
	MinItemsTrain    = 64
)

// paramsStddev are fsrs-rs's standard deviations of the FSRS-6 parameters
// across its users, which scale the L2 penalty.
var paramsStddev = [NumParams]float64{
	6.43, 9.66, 17.58, 27.85, 0.57, 0.28, 0.6, 0.12, 0.39, 0.18, 0.33, 0.3,
	0.09, 0.16, 0.57, 0.25, 1.03, 0.31, 0.32, 0.14, 0.27,
}

// OptimizeOptions are the optimizer's settings. The zero value gives
// fsrs-rs's defaults (see DefaultOptimizeOptions).
type OptimizeOptions struct {
	Epochs          int     // passes over the training items; default 5
	BatchSize       int     // items per gradient step; default 512
	LearningRate    float64 // Adam's initial learning rate, annealed by a cosine; default 0.04
	Gamma           float64 // weight of the L2 penalty towards the starting parameters; 0 means the default, 1; negative turns the penalty off
	MaxSeqLen       int     // longer items are left out of training; default 64
	Seed            uint64  // for the order of the batches; default 2023
	RelearningSteps int     // lowers the ceiling of w17 and w18 as ClampParams does; default 1

	// Progress, when set, is called after every gradient step with the
	// steps done and the total.
	Progress func(done, total int)
}

// DefaultOptimizeOptions returns fsrs-rs's training settings.
func DefaultOptimizeOptions() OptimizeOptions {
	return OptimizeOptions{Epochs: 5, BatchSize: 512, LearningRate: 4e-2, Gamma: 1, MaxSeqLen: 64, Seed: 2023, RelearningSteps: 1}
}

func (o OptimizeOptions) withDefaults() OptimizeOptions {
	d := DefaultOptimizeOptions()
	if o.Epochs <= 0 {
		o.Epochs = d.Epochs
	}
	if o.BatchSize <= 0 {
		o.BatchSize = d.BatchSize
	}
	if !(o.LearningRate > 0) {
		o.LearningRate = d.LearningRate
	}
	switch {
	case o.Gamma == 0 || math.IsNaN(o.Gamma):
		o.Gamma = d.Gamma
	case o.Gamma < 0:
		o.Gamma = 0
	}
	if o.MaxSeqLen <= 0 {
		o.MaxSeqLen = d.MaxSeqLen
	}
	if o.Seed == 0 {
		o.Seed = d.Seed
	}
	if o.RelearningSteps <= 0 {
		o.RelearningSteps = d.RelearningSteps
	}
	return o
}

// Fit says how far the optimizer went.
type Fit int

const (
	// FitNone: too little data, the default parameters were kept.
	FitNone Fit = iota
	// FitInitial: only the initial stabilities w0..w3 were fitted.
	FitInitial
	// FitFull: all 21 parameters were fitted.
	FitFull
)

// String names the fit: "none", "initial stabilities" or "full".
func (f Fit) String() string {
	switch f {
	case FitNone:
		return "none"
	case FitInitial:
		return "initial stabilities"
	case FitFull:
		return "full"
	}
	return fmt.Sprintf("Fit(%d)", int(f))
}

// OptimizeResult is what Optimize found.
type OptimizeResult struct {
	Params []float64 // the 21 parameters
	Fit    Fit
	Items  int // valid items given
	Train  int // items left for training by the outlier filter
	// Message explains a partial fit: how many more reviews a full one
	// needs. Empty after a full fit.
	Message string
}

// Optimize fits the 21 FSRS-6 parameters to items (see BuildItems),
// following fsrs-rs: the outlier filter; pretraining of the initial
// stabilities w0..w3 from the first long-term reviews (a ternary search per
// first rating, then smoothing so that they grow with the rating); then,
// from those and the defaults, minibatch training of the recency-weighted
// binary cross-entropy plus an L2 penalty towards the starting parameters,
// with Adam and a cosine-annealed learning rate, the parameter bounds
// applied after every step, keeping the epoch with the lowest loss.
// Gradients are computed analytically. With fewer than MinItemsPretrain
// training items the defaults are returned; with fewer than MinItemsTrain,
// only the pretrained initial stabilities (FitInitial). The context stops a
// long fit early with its error.
func Optimize(ctx context.Context, items []TrainItem, opt OptimizeOptions) (OptimizeResult, error) {
	opt = opt.withDefaults()
	valid := make([]TrainItem, 0, len(items))
	for _, it := range items {
		if it.valid() {
			valid = append(valid, it)
		}
	}
	res := OptimizeResult{Params: DefaultParams(), Items: len(valid)}
	recalled := 0
	for _, it := range valid {
		if it.current().Rating != scoring.Again {
			recalled++
		}
	}
	pre, train := prepareTrainingData(valid)
	res.Train = len(train)
	if len(train) < MinItemsPretrain {
		res.Message = fmt.Sprintf("not enough reviews to optimize: %d usable (reviews a day or more after an earlier review of the same card); %d more are needed to fit the initial stabilities, %d more for a full fit; the default parameters are kept",
			len(train), MinItemsPretrain-len(train), MinItemsTrain-len(train))
		return res, nil
	}
	avgRecall := float64(recalled) / float64(len(valid))
	s0, counts, ok := pretrain(pre, avgRecall)
	if !ok {
		res.Message = fmt.Sprintf("not enough first reviews to optimize: no card has a single review a day or more after its first; the default parameters are kept (%d usable reviews)", len(train))
		return res, nil
	}
	init := DefaultParams()
	copy(init, s0[:])
	res.Params = slices.Clone(init)
	if len(train) == len(pre) || len(train) < MinItemsTrain {
		res.Fit = FitInitial
		need := MinItemsTrain - len(train)
		if need <= 0 {
			need = 1
		}
		res.Message = fmt.Sprintf("only the initial stabilities were fitted: %d usable reviews; at least %d more (reviews of cards already reviewed on an earlier day) are needed for a full fit", len(train), need)
		return res, nil
	}
	w, err := train6(ctx, train, init, opt)
	if err != nil {
		return res, err
	}
	var fitted [4]float64
	copy(fitted[:], w[:4])
	var have [4]bool
	for i, c := range counts {
		have[i] = c > 0
	}
	s0 = smoothAndFill(fitted, have, counts)
	copy(w, s0[:])
	res.Params = clipTrain(w, opt.RelearningSteps)
	res.Fit = FitFull
	return res, nil
}

// clipTrain applies the parameter bounds of fsrs-rs's clipper (ClampParams,
// with w19 at least 0.01) and returns a new slice.
func clipTrain(w []float64, relearningSteps int) []float64 {
	out := ClampParams(w, relearningSteps)
	out[19] = max(out[19], 0.01)
	return out
}

// Initial stabilities are fitted within these bounds.
const (
	minInitS = MinStability
	maxInitS = 100.0
)

type recallPoint struct{ days, recall, count float64 }

// pretrain fits w0..w3 from the items with a single long-term review: for
// each first rating, the stability whose forgetting curve (with the default
// decay) best fits the recall at each gap, weighted by the square root of
// the count, with recalls smoothed towards the average recall and an L1 pull
// towards the default. It returns false when there is no such item.
func pretrain(pre []TrainItem, avgRecall float64) (s0 [4]float64, counts [4]int, ok bool) {
	type key struct {
		r    scoring.Rating
		days int
	}
	sum := map[key][2]float64{}
	for _, it := range pre {
		k := key{it.Reviews[0].Rating, it.current().Days}
		v := sum[k]
		if it.current().Rating != scoring.Again {
			v[0]++
		}
		v[1]++
		sum[k] = v
		counts[k.r-1]++
	}
	if len(sum) == 0 {
		return s0, counts, false
	}
	var found [4]bool
	decay := defaultParams[20]
	factor := math.Exp(-ln09/decay) - 1
	for g := scoring.Again; g <= scoring.Easy; g++ {
		var pts []recallPoint
		n := 0.0
		for k, v := range sum {
			if k.r == g {
				pts = append(pts, recallPoint{float64(k.days), v[0] / v[1], v[1]})
				n += v[1]
			}
		}
		if len(pts) == 0 {
			continue
		}
		slices.SortFunc(pts, func(a, b recallPoint) int { return int(a.days - b.days) })
		for i := range pts {
			pts[i].recall = (pts[i].recall*n + avgRecall) / (n + 1)
			pts[i].count = math.Sqrt(pts[i].count)
		}
		def := defaultParams[g-1]
		loss := func(s float64) float64 {
			l := 0.0
			for _, p := range pts {
				y := math.Exp(-decay * math.Log1p(factor*p.days/s))
				l -= (p.recall*math.Log(y) + (1-p.recall)*math.Log(1-y)) * p.count
			}
			return l + math.Abs(s-def)/16
		}
		lo, hi := minInitS, maxInitS
		best := 1.0
		for i := 0; hi-lo > 1e-6 && i < 1000; i++ {
			m1 := lo + (hi-lo)/3
			m2 := hi - (hi-lo)/3
			if loss(m1) < loss(m2) {
				hi = m2
			} else {
				lo = m1
			}
			best = (hi + lo) / 2
		}
		s0[g-1] = best
		found[g-1] = true
	}
	return smoothAndFill(s0, found, counts), counts, true
}

// smoothAndFill makes the initial stabilities grow with the rating (the
// one with more data wins a disagreement) and fills the missing ones from
// the others as fsrs-rs does; they are then clamped to [0.001, 100].
func smoothAndFill(s [4]float64, found [4]bool, counts [4]int) [4]float64 {
	for _, p := range [][2]int{{0, 1}, {1, 2}, {2, 3}, {0, 2}, {1, 3}, {0, 3}} {
		a, b := p[0], p[1]
		if found[a] && found[b] && s[a] > s[b] {
			if counts[a] > counts[b] {
				s[b] = s[a]
			} else {
				s[a] = s[b]
			}
		}
	}
	const w1, w2 = 3.0 / 5, 3.0 / 5
	pw := math.Pow
	n := 0
	for _, f := range found {
		if f {
			n++
		}
	}
	switch n {
	case 0:
		copy(s[:], defaultParams[:4])
	case 1:
		for i, f := range found {
			if f {
				k := s[i] / defaultParams[i]
				for j := range s {
					s[j] = defaultParams[j] * k
				}
				break
			}
		}
	case 2:
		switch found {
		case [4]bool{false, false, true, true}:
			s[1] = pw(s[2], 1/(1-w2)) * pw(s[3], 1-1/(1-w2))
			s[0] = pw(s[1], 1/w1) * pw(s[2], 1-1/w1)
		case [4]bool{false, true, false, true}:
			s[2] = pw(s[1], 1-w2) * pw(s[3], w2)
			s[0] = pw(s[1], 1/w1) * pw(s[2], 1-1/w1)
		case [4]bool{false, true, true, false}:
			s[3] = pw(s[1], 1-1/w2) * pw(s[2], 1/w2)
			s[0] = pw(s[1], 1/w1) * pw(s[2], 1-1/w1)
		case [4]bool{true, false, false, true}:
			k := w1 / (w1 + w2 - w1*w2)
			l := w2 / (w1 + w2 - w1*w2)
			s[1] = pw(s[0], k) * pw(s[3], 1-k)
			s[2] = pw(s[0], 1-l) * pw(s[3], l)
		case [4]bool{true, false, true, false}:
			s[1] = pw(s[0], w1) * pw(s[2], 1-w1)
			s[3] = pw(s[1], 1-1/w2) * pw(s[2], 1/w2)
		case [4]bool{true, true, false, false}:
			s[2] = pw(s[0], 1-1/(1-w1)) * pw(s[1], 1/(1-w1))
			s[3] = pw(s[1], 1-1/w2) * pw(s[2], 1/w2)
		}
	case 3:
		switch {
		case !found[0]:
			s[0] = pw(s[1], 1/w1) * pw(s[2], 1-1/w1)
		case !found[1]:
			s[1] = pw(s[0], w1) * pw(s[2], 1-w1)
		case !found[2]:
			s[2] = pw(s[1], 1-w2) * pw(s[3], w2)
		case !found[3]:
			s[3] = pw(s[1], 1-1/w2) * pw(s[2], 1/w2)
		}
	}
	for i := range s {
		if math.IsNaN(s[i]) {
			s[i] = defaultParams[i]
		}
		s[i] = min(max(s[i], minInitS), maxInitS)
	}
	return s
}

// batch is a run of training items of similar length.
type batch struct {
	items   []TrainItem
	weights []float64
}

// train6 is the minibatch training of all 21 parameters from init.
func train6(ctx context.Context, items []TrainItem, init []float64, opt OptimizeOptions) ([]float64, error) {
	// Recency weights over the whole training set, in time order.
	type wItem struct {
		it TrainItem
		w  float64
	}
	span := max(float64(len(items)-1), 1)
	ws := make([]wItem, 0, len(items))
	maxLen := 0
	for i, it := range items {
		x := float64(i) / span
		if len(it.Reviews) > opt.MaxSeqLen {
			continue
		}
		ws = append(ws, wItem{it, 0.25 + 0.75*x*x*x})
		maxLen = max(maxLen, len(it.Reviews))
	}
	if len(ws) == 0 {
		return slices.Clone(init), nil
	}
	slices.SortStableFunc(ws, func(a, b wItem) int { return len(a.it.Reviews) - len(b.it.Reviews) })
	var batches []batch
	for i := 0; i < len(ws); i += opt.BatchSize {
		j := min(i+opt.BatchSize, len(ws))
		b := batch{items: make([]TrainItem, j-i), weights: make([]float64, j-i)}
		for k := i; k < j; k++ {
			b.items[k-i], b.weights[k-i] = ws[k].it, ws[k].w
		}
		batches = append(batches, b)
	}
	total := len(ws)
	tMax := float64((total/opt.BatchSize + 1) * opt.Epochs)
	steps := len(batches) * opt.Epochs

	w := clipTrain(init, opt.RelearningSteps)
	initW := slices.Clone(w)
	m := newTrainModel(w)
	ss := make([]float64, maxLen)
	ds := make([]float64, maxLen)
	var mom1, mom2 [NumParams]float64
	const beta1, beta2, eps = 0.9, 0.999, 1e-8
	rng := rand.New(rand.NewPCG(opt.Seed, 0x6f6e746170))
	order := make([]int, len(batches))
	for i := range order {
		order[i] = i
	}
	best := slices.Clone(w)
	bestLoss := math.Inf(1)
	step := 0
	for epoch := 0; epoch < opt.Epochs; epoch++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, bi := range order {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			b := batches[bi]
			var g [NumParams]float64
			for k, it := range b.items {
				m.lossGrad(it.Reviews, b.weights[k], &g, ss, ds)
			}
			scale := opt.Gamma * float64(len(b.items)) / float64(total)
			for i := range g {
				diff := w[i] - initW[i]
				g[i] += 2 * diff / (paramsStddev[i] * paramsStddev[i]) * scale
			}
			step++
			lr := opt.LearningRate * (1 + math.Cos(math.Pi*float64(step)/tMax)) / 2
			c1 := 1 - math.Pow(beta1, float64(step))
			c2 := 1 - math.Pow(beta2, float64(step))
			for i := range w {
				gi := g[i]
				if math.IsNaN(gi) || math.IsInf(gi, 0) {
					gi = 0
				}
				mom1[i] = beta1*mom1[i] + (1-beta1)*gi
				mom2[i] = beta2*mom2[i] + (1-beta2)*gi*gi
				w[i] -= lr * (mom1[i] / c1) / (math.Sqrt(mom2[i]/c2) + eps)
			}
			w = clipTrain(w, opt.RelearningSteps)
			m.set(w)
			if opt.Progress != nil {
				opt.Progress(step, steps)
			}
		}
		// The epoch's loss on the training set, penalty included.
		loss := 0.0
		for _, b := range batches {
			for k, it := range b.items {
				p := m.predict(it.Reviews)
				y := 1.0
				if it.current().Rating == scoring.Again {
					y = 0
				}
				loss += b.weights[k] * bce(p, y)
			}
			pen := 0.0
			for i := range w {
				d := (w[i] - initW[i]) / paramsStddev[i]
				pen += d * d
			}
			loss += pen * opt.Gamma * float64(len(b.items)) / float64(total)
		}
		loss /= float64(total)
		if loss < bestLoss {
			bestLoss = loss
			best = slices.Clone(w)
		}
	}
	return best, nil
}
