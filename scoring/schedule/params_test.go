package schedule

import (
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ontap/ontap/scoring"
)

func TestDefaultParams(t *testing.T) {
	a := DefaultParams()
	if len(a) != NumParams || a[0] != 0.212 || a[20] != 0.1542 {
		t.Fatalf("DefaultParams() = %v", a)
	}
	a[0] = 99
	if DefaultParams()[0] != 0.212 {
		t.Error("DefaultParams does not return a fresh copy")
	}
	if err := checkBounds(DefaultParams()); err != nil {
		t.Errorf("defaults out of bounds: %v", err)
	}
}

func TestParseParams(t *testing.T) {
	join := func(w []float64) string {
		parts := make([]string, len(w))
		for i, v := range w {
			parts[i] = strconv.FormatFloat(v, 'g', -1, 64)
		}
		return strings.Join(parts, ",")
	}
	fsrs5 := []float64{0.40255, 1.18385, 3.173, 15.69105, 7.1949, 0.5345, 1.4604, 0.0046, 1.54575, 0.1192, 1.01925, 1.9395, 0.11, 0.29605, 2.2698, 0.2315, 2.9898, 0.51655, 0.6621}
	fsrs45 := []float64{0.4872, 1.4003, 3.7145, 13.8206, 5.1618, 1.2298, 0.8975, 0.031, 1.6474, 0.1367, 1.0461, 2.1072, 0.0793, 0.3246, 1.587, 0.2272, 2.8755}
	tests := []struct {
		name    string
		in      string
		want    []float64 // nil: only the length is checked
		wantErr string
	}{
		{"fsrs6", join(DefaultParams()), DefaultParams(), ""},
		{"brackets and spaces", "[ " + strings.ReplaceAll(join(DefaultParams()), ",", " , ") + " ]", DefaultParams(), ""},
		{"fsrs5", join(fsrs5), append(append([]float64{}, fsrs5...), 0, 0.5), ""},
		{"fsrs4.5", join(fsrs45), []float64{0.4872, 1.4003, 3.7145, 13.8206,
			round8(5.1618 + 2*1.2298), round8(math.Log(3*1.2298+1) / 3), round8(0.8975 + 0.5),
			0.031, 1.6474, 0.1367, 1.0461, 2.1072, 0.0793, 0.3246, 1.587, 0.2272, 2.8755, 0, 0, 0, 0.5}, ""},
		{"empty", "", nil, "empty list"},
		{"wrong count", "1,2,3", nil, "got 3 values"},
		{"20 values", join(DefaultParams()[:20]), nil, "got 20 values"},
		{"not a number", strings.Replace(join(DefaultParams()), "1.2931", "abc", 1), nil, `value 2 (w1) "abc"`},
		{"empty value", strings.Replace(join(DefaultParams()), ",1.2931,", ",,", 1), nil, `value 2 (w1) ""`},
		{"NaN", strings.Replace(join(DefaultParams()), "1.2931", "NaN", 1), nil, "value 2 (w1)"},
		{"Inf", strings.Replace(join(DefaultParams()), "0.1542", "Inf", 1), nil, "value 21 (w20)"},
		{"out of bounds", strings.Replace(join(DefaultParams()), "6.4133", "11", 1), nil, "w4 = 11 is out of bounds [1, 10]"},
		{"decay too small", strings.Replace(join(DefaultParams()), "0.1542", "0.05", 1), nil, "w20 = 0.05 is out of bounds [0.1, 0.8]"},
		{"negative", strings.Replace(join(DefaultParams()), "0.212", "-1", 1), nil, "w0 = -1 is out of bounds"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseParams(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseParams(%q) error = %v, want one containing %q", tt.in, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseParams(%q): %v", tt.in, err)
			}
			if len(got) != NumParams {
				t.Fatalf("got %d values", len(got))
			}
			for i := range tt.want {
				if !near(got[i], tt.want[i], 1e-12) {
					t.Errorf("w%d = %v, want %v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestClampParams(t *testing.T) {
	w := DefaultParams()
	w[0], w[4], w[20], w[17], w[18] = -5, 20, math.NaN(), 3, 3
	got := ClampParams(w, 1)
	if got[0] != MinStability || got[4] != 10 || got[20] != 0.1 || got[17] != 2 || got[18] != 2 {
		t.Errorf("ClampParams(1 relearning step) = %v", got)
	}
	if w[0] != -5 {
		t.Error("ClampParams changed its input")
	}
	// With two relearning steps the w17/w18 ceiling follows fsrs-rs:
	// sqrt(-(ln w11 + ln(2^w13 - 1) + 0.3*w14)/2).
	d := DefaultParams()
	want := round8(math.Sqrt(-(math.Log(d[11]) + math.Log(math.Pow(2, d[13])-1) + d[14]*0.3) / 2))
	got = ClampParams(w, 2)
	if got[17] != want || got[18] != want {
		t.Errorf("ceiling with 2 relearning steps = %v/%v, want %v", got[17], got[18], want)
	}
	if def := ClampParams(DefaultParams(), 1); !equalFloats(def, DefaultParams()) {
		t.Errorf("defaults changed by clamping: %v", def)
	}
}

func equalFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(*scoring.Config)
		wantErr string
	}{
		{"defaults", func(*scoring.Config) {}, ""},
		{"19 params", func(c *scoring.Config) { c.Params = c.Params[:19] }, ""},
		{"no steps", func(c *scoring.Config) { c.LearningSteps, c.RelearningSteps = nil, nil }, ""},
		{"nil params", func(c *scoring.Config) { c.Params = nil }, "got 0 values"},
		{"param out of bounds", func(c *scoring.Config) { c.Params[16] = 0.5 }, "w16 = 0.5 is out of bounds [1, 6]"},
		{"retention 0", func(c *scoring.Config) { c.Retention = 0 }, "retention 0 is outside (0, 1)"},
		{"retention 1", func(c *scoring.Config) { c.Retention = 1 }, "retention 1 is outside (0, 1)"},
		{"retention NaN", func(c *scoring.Config) { c.Retention = math.NaN() }, "outside (0, 1)"},
		{"zero step", func(c *scoring.Config) { c.LearningSteps = []time.Duration{time.Minute, 0} }, "learning step 2 is 0s"},
		{"negative relearning step", func(c *scoring.Config) { c.RelearningSteps = []time.Duration{-time.Minute} }, "relearning step 1 is -1m0s"},
		{"max interval 0", func(c *scoring.Config) { c.MaxInterval = 0 }, "maximum interval 0 days"},
		{"day start 24h", func(c *scoring.Config) { c.DayStart = 24 * time.Hour }, "day start 24h0m0s"},
		{"day start negative", func(c *scoring.Config) { c.DayStart = -time.Hour }, "day start -1h0m0s"},
		{"leech negative", func(c *scoring.Config) { c.LeechThreshold = -1 }, "leech threshold -1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := DefaultConfig()
			tt.edit(&c)
			err := Validate(c)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Validate() = %v", err)
				}
				if _, err := NewFSRS(c); err != nil {
					t.Fatalf("NewFSRS: %v", err)
				}
				if _, err := NewSM2(c); err != nil {
					t.Fatalf("NewSM2: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Validate() = %v, want an error containing %q", err, tt.wantErr)
			}
			if _, err := NewFSRS(c); err == nil {
				t.Error("NewFSRS accepted an invalid config")
			}
			if _, err := NewSM2(c); err == nil {
				t.Error("NewSM2 accepted an invalid config")
			}
		})
	}
}

func TestDefaultConfig(t *testing.T) {
	c := DefaultConfig()
	if c.Retention != 0.9 || c.MaxInterval != 36500 || !c.Fuzz || c.DayStart != 4*time.Hour ||
		c.Location != time.Local || c.LeechThreshold != 8 || c.LongTerm ||
		len(c.LearningSteps) != 2 || c.LearningSteps[0] != time.Minute || c.LearningSteps[1] != 10*time.Minute ||
		len(c.RelearningSteps) != 1 || c.RelearningSteps[0] != 10*time.Minute || len(c.Params) != 21 {
		t.Errorf("DefaultConfig() = %+v", c)
	}
}

func FuzzParseParams(f *testing.F) {
	d := DefaultParams()
	parts := make([]string, len(d))
	for i, v := range d {
		parts[i] = strconv.FormatFloat(v, 'g', -1, 64)
	}
	f.Add(strings.Join(parts, ","))
	f.Add(strings.Join(parts[:19], ","))
	f.Add(strings.Join(parts[:17], ", "))
	f.Add("[" + strings.Join(parts, ",") + "]")
	f.Add("1,2,3")
	f.Add(",,,,")
	f.Add("NaN,Inf,-0,1e309")
	f.Fuzz(func(t *testing.T, s string) {
		w, err := ParseParams(s)
		if err != nil {
			if w != nil {
				t.Fatal("values returned with an error")
			}
			return
		}
		if len(w) != NumParams {
			t.Fatalf("%d values", len(w))
		}
		if err := checkBounds(w); err != nil {
			t.Fatalf("accepted out-of-bounds values: %v", err)
		}
		c := DefaultConfig()
		c.Params = w
		fs, err := NewFSRS(c)
		if err != nil {
			t.Fatalf("NewFSRS rejected parsed parameters: %v", err)
		}
		s0, d0 := fs.InitialMemory(scoring.Good)
		s1, d1 := fs.NextMemory(s0, d0, 3, scoring.Again)
		for _, v := range []float64{s0, d0, s1, d1, fs.ForgettingCurve(10, s1)} {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("non-finite value with parameters %v", w)
			}
		}
		if iv := fs.Interval(s1); iv < 1 || iv > c.MaxInterval {
			t.Fatalf("interval %d", iv)
		}
	})
}
