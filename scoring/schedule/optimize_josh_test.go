package schedule

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ontap/ontap/decks/sharedtest"
	"github.com/ontap/ontap/scoring"
)

// joshLog is the real review log in the shared reference data.
var joshLog = []string{"refdata", "review_logs_josh_1711744352250_to_1728234780857.csv"}

// joshItems reads the josh log and builds its items with a day start at
// 04:00 UTC, or skips the test when the shared data is absent.
func joshItems(tb testing.TB) []TrainItem {
	tb.Helper()
	joshPath := sharedtest.Path(tb, joshLog...)
	f, err := os.Open(joshPath)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	entries, err := ReadLog(f, joshPath)
	if err != nil {
		tb.Fatal(err)
	}
	c := DefaultConfig()
	c.Location = time.UTC
	c.DayStart = 4 * time.Hour
	items, err := BuildItems(entries, c)
	if err != nil {
		tb.Fatal(err)
	}
	return items
}

// joshOracle is testdata/optimizer/josh_fsrs_rs.json: fsrs-rs's figures on
// the josh log (see the README there).
type joshOracle struct {
	Items  int       `json:"items"`
	Before Metrics   `json:"before"`
	After  Metrics   `json:"after"`
	Params []float64 `json:"params"`
	Ontap  struct {
		Params []float64 `json:"params"`
		Metrics
	} `json:"ontap"`
}

func readJoshOracle(t *testing.T) joshOracle {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "optimizer", "josh_fsrs_rs.json"))
	if err != nil {
		t.Fatal(err)
	}
	var o joshOracle
	if err := json.Unmarshal(b, &o); err != nil {
		t.Fatal(err)
	}
	return o
}

// TestEvaluateJoshMatchesFSRSRS checks Evaluate against fsrs-rs's own
// evaluation of three parameter vectors on the josh log: the defaults,
// fsrs-rs's fit and a fit by ontap (fsrs-rs computes in float32).
func TestEvaluateJoshMatchesFSRSRS(t *testing.T) {
	items := joshItems(t)
	o := readJoshOracle(t)
	if len(items) != o.Items {
		t.Fatalf("BuildItems gave %d items, fsrs-rs's converter %d", len(items), o.Items)
	}
	for _, tc := range []struct {
		name string
		w    []float64
		want Metrics
	}{
		{"defaults", DefaultParams(), o.Before},
		{"fsrs-rs fit", o.Params, o.After},
		{"ontap fit", o.Ontap.Params, o.Ontap.Metrics},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Evaluate(items, tc.w)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(got.LogLoss-tc.want.LogLoss) > 2e-5 || math.Abs(got.RMSEBins-tc.want.RMSEBins) > 2e-5 {
				t.Errorf("Evaluate = %+v, fsrs-rs %+v", got, tc.want)
			}
		})
	}
}

// TestOptimizeJosh fits the josh log and requires figures no worse than
// fsrs-rs's own fit, by the same evaluation.
func TestOptimizeJosh(t *testing.T) {
	items := joshItems(t)
	o := readJoshOracle(t)
	start := time.Now()
	res, err := Optimize(context.Background(), items, OptimizeOptions{})
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	if res.Fit != FitFull || len(res.Params) != NumParams {
		t.Fatalf("fit %v with %d parameters, want a full fit", res.Fit, len(res.Params))
	}
	if _, err := NewFSRS(scoring.Config{Params: res.Params, Retention: 0.9, MaxInterval: 36500, DayStart: 4 * time.Hour}); err != nil {
		t.Fatalf("fitted parameters rejected by the scheduler: %v", err)
	}
	got, err := Evaluate(items, res.Params)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d items, %d trained, %v in %v (fsrs-rs: %v)", res.Items, res.Train, got, took, o.After)
	if got.LogLoss > o.After.LogLoss+1e-4 || got.RMSEBins > o.After.RMSEBins+1e-4 {
		t.Errorf("fit gives %v, worse than fsrs-rs's %v", got, o.After)
	}
	// The fit is the committed one (up to rounding differences between
	// platforms, e.g. fused multiply-adds).
	if math.Abs(got.LogLoss-o.Ontap.LogLoss) > 1e-4 || math.Abs(got.RMSEBins-o.Ontap.RMSEBins) > 1e-3 {
		t.Errorf("fit gives %v, the committed ontap fit %v (regenerate the oracle's ontap entry if the optimizer changed on purpose)", got, o.Ontap.Metrics)
	}
	for i, v := range res.Params {
		if math.Abs(v-o.Ontap.Params[i]) > 1e-3*math.Max(1, math.Abs(v)) {
			t.Errorf("w%d = %v, the committed ontap fit has %v", i, v, o.Ontap.Params[i])
		}
	}
}

// BenchmarkOptimizeJosh is a full fit of the josh log (12,580 reviews,
// 6,276 items). Besides wall time it reports the process's CPU time per fit
// (cpu-ms/op), which does not depend on how busy the machine is.
func BenchmarkOptimizeJosh(b *testing.B) {
	items := joshItems(b)
	b.ReportAllocs()
	cpu0 := processCPU()
	n := 0
	for b.Loop() {
		if _, err := Optimize(context.Background(), items, OptimizeOptions{}); err != nil {
			b.Fatal(err)
		}
		n++
	}
	if cpu := processCPU() - cpu0; cpu > 0 && n > 0 {
		b.ReportMetric(float64(cpu.Microseconds())/1000/float64(n), "cpu-ms/op")
	}
}
