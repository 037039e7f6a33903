package schedule

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/ontap/ontap/scoring"
)

func TestReplay(t *testing.T) {
	day := func(d int, h int) time.Time { return time.Date(2024, 1, 1+d, h, 0, 0, 0, time.UTC) }
	entries := []LogEntry{
		{CardID: "a", Rating: scoring.Again, Time: day(0, 10), Line: 2},
		{CardID: "b", Rating: scoring.Good, Time: day(0, 11), Line: 3},
		{CardID: "a", Rating: scoring.Good, Time: day(0, 23), Line: 4}, // same UTC day
		{CardID: "a", Rating: scoring.Good, Time: day(1, 1), Line: 5},  // next UTC day
		{CardID: "a", Rating: scoring.Good, Time: day(4, 1), Line: 6},
	}
	c := DefaultConfig()
	c.Location = time.FixedZone("X", -5*3600) // Replay ignores it: UTC days
	steps, err := Replay(entries, c)
	if err != nil {
		t.Fatal(err)
	}
	f := mustFSRS(t, DefaultConfig())
	s, d := f.InitialMemory(scoring.Again)
	wantElapsed := []int{0, 0, 0, 1, 3}
	for i, st := range steps {
		if st.CardID != entries[i].CardID || st.Rating != entries[i].Rating || !st.ReviewTime.Equal(entries[i].Time) {
			t.Errorf("step %d: %+v does not echo its entry", i, st)
		}
		if st.ElapsedDays != wantElapsed[i] {
			t.Errorf("step %d: elapsed %d, want %d", i, st.ElapsedDays, wantElapsed[i])
		}
	}
	if steps[0].Retrievability != nil || steps[1].Retrievability != nil || steps[2].Retrievability == nil || *steps[2].Retrievability != 1 {
		t.Errorf("retrievability of first reviews must be null, same-day 1: %v %v %v", steps[0].Retrievability, steps[1].Retrievability, steps[2].Retrievability)
	}
	s, d = f.NextMemory(s, d, 0, scoring.Good)
	s, d = f.NextMemory(s, d, 1, scoring.Good)
	r := f.ForgettingCurve(3, s)
	s, d = f.NextMemory(s, d, 3, scoring.Good)
	last := steps[4]
	if last.Stability != s || last.Difficulty != d || *last.Retrievability != r || last.IntervalDays != f.Interval(s) {
		t.Errorf("last step %+v, want S=%v D=%v R=%v", last, s, d, r)
	}
	// ReplayIn counts days in another zone: 23:00 and 01:00 UTC are the
	// same study day in UTC-5 with a 4am start (18:00 and 20:00 local).
	steps2, err := ReplayIn(entries, DefaultConfig(), time.FixedZone("X", -5*3600), 4*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if steps2[3].ElapsedDays != 0 {
		t.Errorf("ReplayIn: elapsed %d, want 0", steps2[3].ElapsedDays)
	}
	// JSON shape of --json output
	b, err := json.Marshal(steps[:3])
	if err != nil {
		t.Fatal(err)
	}
	var objs []map[string]any
	if err := json.Unmarshal(b, &objs); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"card_id", "review_time", "rating", "elapsed_days", "retrievability", "stability", "difficulty", "interval_days"} {
		if _, ok := objs[0][k]; !ok {
			t.Errorf("JSON lacks %q: %s", k, b)
		}
	}
	if objs[0]["retrievability"] != nil || objs[0]["rating"] != float64(1) || objs[0]["review_time"] != "2024-01-01T10:00:00Z" {
		t.Errorf("JSON values: %v", objs[0])
	}
}

func TestReplayErrors(t *testing.T) {
	t1 := time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		entries []LogEntry
		edit    func(*scoring.Config)
		wantErr string
	}{
		{"out of order", []LogEntry{{CardID: "a", Rating: scoring.Good, Time: t1, Line: 2}, {CardID: "a", Rating: scoring.Good, Time: t1.Add(-time.Hour), Line: 3}}, nil, "entry 2 (line 3): card a: review at 2024-01-01T23:00:00Z is before its previous review"},
		{"bad rating", []LogEntry{{CardID: "a", Rating: 7, Time: t1, Line: 9}}, nil, "entry 1 (line 9): card a: invalid rating 7"},
		{"bad retention", nil, func(c *scoring.Config) { c.Retention = 1.5 }, "retention 1.5 is outside (0, 1)"},
		{"bad params", nil, func(c *scoring.Config) { c.Params = c.Params[:5] }, "got 5 values"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := DefaultConfig()
			if tt.edit != nil {
				tt.edit(&c)
			}
			_, err := Replay(tt.entries, c)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error = %v, want %q", err, tt.wantErr)
			}
		})
	}
	// other cards may interleave in any order
	if _, err := Replay([]LogEntry{{CardID: "a", Rating: scoring.Good, Time: t1}, {CardID: "b", Rating: scoring.Good, Time: t1.Add(-time.Hour)}}, DefaultConfig()); err != nil {
		t.Errorf("interleaved cards: %v", err)
	}
}

func TestDerive(t *testing.T) {
	c := utcConfig()
	f := mustFSRS(t, c)
	var entries []LogEntry
	var want scoring.State
	now := t0
	for i, r := range []scoring.Rating{scoring.Good, scoring.Good, scoring.Again, scoring.Good, scoring.Easy, scoring.Hard} {
		entries = append(entries, LogEntry{CardID: "k", Rating: r, Time: now, Line: i + 2})
		want = f.Review("deck/k", want, r, now)
		now = want.Due
	}
	got, err := Derive(f, "deck/k", entries)
	if err != nil || got != want {
		t.Fatalf("Derive = %+v, %v; want %+v", got, err, want)
	}
	entries[3].Time = t0.Add(-time.Hour)
	if _, err := Derive(f, "deck/k", entries); err == nil || !strings.Contains(err.Error(), "entry 4 (line 5)") {
		t.Errorf("out-of-order log: %v", err)
	}
	entries[3].Time, entries[2].Rating = entries[2].Time, 0
	if _, err := Derive(f, "deck/k", entries); err == nil || !strings.Contains(err.Error(), "invalid rating 0") {
		t.Errorf("bad rating: %v", err)
	}
	if s, err := Derive(f, "k", nil); err != nil || s != (scoring.State{}) {
		t.Errorf("empty log: %+v %v", s, err)
	}
}
