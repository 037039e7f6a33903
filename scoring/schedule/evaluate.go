package schedule

import (
	"errors"
	"fmt"
	"math"

	"github.com/ontap/ontap/scoring"
)

// Metrics are the two measures of fit that fsrs-rs reports.
type Metrics struct {
	// LogLoss is the mean binary cross-entropy of the predicted
	// probabilities of recall against the outcomes (recalled unless Again).
	LogLoss float64 `json:"log_loss"`
	// RMSEBins is the root mean square error between the mean prediction
	// and the mean outcome of bins, weighted by their sizes; the bins are
	// fsrs-rs's: by gap (powers of 3.62), by number of long-term reviews
	// (powers of 1.89) and by lapses (powers of 1.73).
	RMSEBins float64 `json:"rmse_bins"`
}

// String formats the metrics as "log loss 0.4540, RMSE(bins) 0.0744".
func (m Metrics) String() string {
	return fmt.Sprintf("log loss %.4f, RMSE(bins) %.4f", m.LogLoss, m.RMSEBins)
}

// ErrNoItems is returned by Evaluate when there is nothing to evaluate.
var ErrNoItems = errors.New("no reviews to evaluate: every card needs a review at least a day after an earlier one")

// binKey is fsrs-rs's r_matrix_index of an item.
type binKey struct{ gap, length, lapses int32 }

func binOf(it TrainItem) binKey {
	cur := it.current()
	t := float64(cur.Days)
	gap := int32(math.Round(2.48 * math.Pow(3.62, math.Floor(math.Log(t)/math.Log(3.62))) * 100))
	length := float64(it.longTermCount() + 1)
	lb := int32(math.Round(1.99 * math.Pow(1.89, math.Floor(math.Log(length)/math.Log(1.89)))))
	lapses := 0
	for _, r := range it.Reviews[:len(it.Reviews)-1] {
		if r.Rating == scoring.Again && r.Days > 0 {
			lapses++
		}
	}
	var pb int32
	if lapses > 0 {
		pb = int32(math.Round(1.65 * math.Pow(1.73, math.Floor(math.Log(float64(lapses))/math.Log(1.73)))))
	}
	return binKey{gap, lb, pb}
}

// Evaluate returns the log loss and RMSE(bins) of the 21 parameters w on
// items, computed as fsrs-rs's evaluate does: its training model, on the
// items left by its outlier filter in its order (see BuildItems), each
// weighted by recency (0.25 + 0.75*x³, x going from 0 for the first to 1
// for the last). The log loss is the weighted mean cross-entropy; in each
// bin the mean prediction and the mean outcome are compared, the squared
// difference weighted by the bin's total weight. Invalid items are skipped;
// w is clamped into the parameter bounds first.
func Evaluate(items []TrainItem, w []float64) (Metrics, error) {
	if len(w) != NumParams {
		return Metrics{}, fmt.Errorf("evaluate: want %d parameters, got %d", NumParams, len(w))
	}
	m := newTrainModel(clipTrain(w, 1))
	valid := make([]TrainItem, 0, len(items))
	for _, it := range items {
		if it.valid() {
			valid = append(valid, it)
		}
	}
	_, set := prepareTrainingData(valid)
	if len(set) == 0 {
		return Metrics{}, ErrNoItems
	}
	type acc struct{ pred, real, n, w float64 }
	bins := map[binKey]*acc{}
	var loss, wsum float64
	span := max(float64(len(set)-1), 1)
	for i, it := range set {
		x := float64(i) / span
		wt := 0.25 + 0.75*x*x*x
		p := m.predict(it.Reviews)
		y := 1.0
		if it.current().Rating == scoring.Again {
			y = 0
		}
		loss += wt * bce(p, y)
		wsum += wt
		k := binOf(it)
		b := bins[k]
		if b == nil {
			b = &acc{}
			bins[k] = b
		}
		b.pred += p
		b.real += y
		b.n++
		b.w += wt
	}
	var se, tot float64
	for _, b := range bins {
		d := b.pred/b.n - b.real/b.n
		se += d * d * b.w
		tot += b.w
	}
	return Metrics{LogLoss: loss / wsum, RMSEBins: math.Sqrt(se / tot)}, nil
}
