package schedule

import (
	"testing"
	"time"

	"github.com/ontap/ontap/scoring"
)

func mustSM2(t testing.TB, c scoring.Config) *SM2 {
	t.Helper()
	m, err := NewSM2(c)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestSM2Learning(t *testing.T) {
	c := utcConfig()
	c.Fuzz = false
	m := mustSM2(t, c)
	tests := []struct {
		name      string
		ratings   []scoring.Rating
		wantPhase scoring.Phase
		wantStep  int
		wantDelay time.Duration // for (re)learning
		wantDays  int           // for review
		wantEase  float64
	}{
		{"again", []scoring.Rating{scoring.Again}, scoring.Learning, 0, time.Minute, 0, 0},
		{"hard on first step", []scoring.Rating{scoring.Hard}, scoring.Learning, 0, 330 * time.Second, 0, 0},
		{"good", []scoring.Rating{scoring.Good}, scoring.Learning, 1, 10 * time.Minute, 0, 0},
		{"good good graduates", []scoring.Rating{scoring.Good, scoring.Good}, scoring.Review, 0, 0, 1, 2.5},
		{"easy graduates", []scoring.Rating{scoring.Easy}, scoring.Review, 0, 0, 4, 2.5},
		{"hard on last step", []scoring.Rating{scoring.Good, scoring.Hard}, scoring.Learning, 1, 10 * time.Minute, 0, 0},
		{"lapse", []scoring.Rating{scoring.Easy, scoring.Again}, scoring.Relearning, 0, 10 * time.Minute, 0, 2.3},
		{"relearned", []scoring.Rating{scoring.Easy, scoring.Again, scoring.Good}, scoring.Review, 0, 0, 1, 2.3},
		{"relearned easy", []scoring.Rating{scoring.Easy, scoring.Again, scoring.Easy}, scoring.Review, 0, 0, 2, 2.3},
		{"review good", []scoring.Rating{scoring.Easy, scoring.Good}, scoring.Review, 0, 0, 10, 2.5},
		{"review hard", []scoring.Rating{scoring.Easy, scoring.Hard}, scoring.Review, 0, 0, 5, 2.35},
		{"review easy", []scoring.Rating{scoring.Easy, scoring.Easy}, scoring.Review, 0, 0, 13, 2.65},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s scoring.State
			now := t0
			var before time.Time
			for _, r := range tt.ratings {
				before = now
				s = m.Review("k", s, r, now)
				now = s.Due
			}
			if s.Phase != tt.wantPhase || s.Step != tt.wantStep || !near(s.Ease, tt.wantEase, 1e-9) {
				t.Fatalf("state %+v, want phase %v step %d ease %v", s, tt.wantPhase, tt.wantStep, tt.wantEase)
			}
			if s.Phase == scoring.Review {
				if d := scoring.DaysBetween(c, before, s.Due); d != tt.wantDays || int(s.IntervalDays) != tt.wantDays {
					t.Errorf("interval %d days (stored %v), want %d", d, s.IntervalDays, tt.wantDays)
				}
			} else if got := s.Due.Sub(before); got != tt.wantDelay {
				t.Errorf("delay %v, want %v", got, tt.wantDelay)
			}
			if s.Reps != len(tt.ratings) {
				t.Errorf("reps %d", s.Reps)
			}
		})
	}
}

func TestSM2LateAndEarly(t *testing.T) {
	c := utcConfig()
	c.Fuzz = false
	m := mustSM2(t, c)
	// interval 10, ease 2.5
	s := scoring.State{Phase: scoring.Review, Ease: 2.5, IntervalDays: 10, LastReview: t0, Reps: 5}
	late := t0.AddDate(0, 0, 14) // 4 days late
	h, g, e := m.passingIntervals(10, 14, 2.5, -1)
	if h != 12 || g != 30 || e != 46 { // 10*1.2, (10+2)*2.5, 14*2.5*1.3 = 45.5 -> 46
		t.Errorf("late: %d/%d/%d, want 12/30/46", h, g, e)
	}
	if got := m.Review("k", s, scoring.Good, late); scoring.DaysBetween(c, late, got.Due) != 30 {
		t.Errorf("late Good: %d days", scoring.DaysBetween(c, late, got.Due))
	}
	// reviewed after 4 of 10 days: good = max(4*2.5, 10) = 10, hard =
	// max(4*1.2, 10*0.6) = 6, easy = 10*1.15 = 11.5 -> 12
	h, g, e = m.passingIntervals(10, 4, 2.5, -1)
	if h != 6 || g != 10 || e != 12 {
		t.Errorf("early: %d/%d/%d, want 6/10/12", h, g, e)
	}
	// fuzzed intervals stay ordered
	for i := 0; i < 500; i++ {
		f := float64(i) / 500
		h, g, e := m.passingIntervals(float64(1+i%60), (i*7)%90, 1.3+float64(i%20)/10, f)
		if !(h < g && g < e) {
			t.Fatalf("case %d: %d/%d/%d not ordered", i, h, g, e)
		}
	}
}

func TestSM2Retrievability(t *testing.T) {
	m := mustSM2(t, utcConfig())
	if m.Retrievability(scoring.State{}, t0) != 0 {
		t.Error("new card")
	}
	s := scoring.State{Phase: scoring.Review, IntervalDays: 10, LastReview: t0}
	if r := m.Retrievability(s, t0.AddDate(0, 0, 10)); !near(r, 0.9, 1e-9) {
		t.Errorf("R at the interval = %v, want 0.9", r)
	}
	if r := m.Retrievability(s, t0); r != 1 {
		t.Errorf("R on the review day = %v", r)
	}
	if m.Review("k", s, 0, t0) != s {
		t.Error("invalid rating changed the state")
	}
	if m.String() == "" || mustFSRS(t, utcConfig()).String() == "" {
		t.Error("empty String")
	}
}
