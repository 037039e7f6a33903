package scoring

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"
)

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

func TestReadLog(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []LogEntry
		wantErr string
	}{
		{
			name: "josh format",
			in: "card_id,review_rating,review_time,review_duration\n" +
				"1711684180217,1,2024-03-29T20:32:32.250000+00:00,25060\n" +
				"1711684780667,3,2024-03-29T20:32:39.497000+00:00,7241\n",
			want: []LogEntry{
				{CardID: "1711684180217", Rating: Again, Time: time.Date(2024, 3, 29, 20, 32, 32, 250e6, time.UTC), Duration: 25060 * time.Millisecond, Line: 2},
				{CardID: "1711684780667", Rating: Good, Time: time.Date(2024, 3, 29, 20, 32, 39, 497e6, time.UTC), Duration: 7241 * time.Millisecond, Line: 3},
			},
		},
		{
			name: "columns reordered, extra columns, epoch ms, CRLF, BOM, blank line",
			in: "\ufeffreview_state, Review_Time ,extra,card_id,review_duration,review_rating\r\n" +
				"2,1711744352250,x,c1,0,4\r\n\r\n" +
				"1,2024-03-29 20:32:32Z,y,\"c,2\",1500.5,2\r\n",
			want: []LogEntry{
				{CardID: "c1", Rating: Easy, Time: time.UnixMilli(1711744352250), Duration: 0, Line: 2},
				{CardID: "c,2", Rating: Hard, Time: time.Date(2024, 3, 29, 20, 32, 32, 0, time.UTC), Duration: 1500500 * time.Microsecond, Line: 4},
			},
		},
		{
			name: "time without zone is UTC, offset kept",
			in:   "card_id,review_rating,review_time,review_duration\na,3,2024-01-02T03:04:05,1\nb,3,2024-01-02T10:04:05+07:00,1\n",
			want: []LogEntry{
				{CardID: "a", Rating: Good, Time: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), Duration: time.Millisecond, Line: 2},
				{CardID: "b", Rating: Good, Time: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), Duration: time.Millisecond, Line: 3},
			},
		},
		{name: "header only", in: "card_id,review_rating,review_time,review_duration\n", want: nil},
		{name: "empty", in: "", wantErr: "log.csv:1:1: empty file"},
		{name: "missing columns", in: "card_id,rating,review_time\n1,3,5\n", wantErr: "log.csv:1:1: header lacks columns review_rating, review_duration"},
		{name: "unknown rating", in: "card_id,review_rating,review_time,review_duration\nc1,5,1711744352250,10\n", wantErr: `log.csv:2:4: review_rating: unknown rating "5"`},
		{name: "rating zero", in: "card_id,review_rating,review_time,review_duration\nc1,0,1711744352250,10\n", wantErr: `log.csv:2:4: review_rating: unknown rating "0"`},
		{name: "rating text", in: "card_id,review_rating,review_time,review_duration\nc1,good,1711744352250,10\n", wantErr: `log.csv:2:4: review_rating: unknown rating "good"`},
		{name: "bad time", in: "card_id,review_rating,review_time,review_duration\nc1,3,yesterday,10\n", wantErr: `log.csv:2:6: review_time: unparseable time "yesterday"`},
		{name: "empty time", in: "card_id,review_rating,review_time,review_duration\nc1,3,,10\n", wantErr: `log.csv:2:6: review_time: empty time`},
		{name: "huge epoch", in: "card_id,review_rating,review_time,review_duration\nc1,3,99999999999999999999,10\n", wantErr: "review_time: epoch milliseconds"},
		{name: "bad duration", in: "card_id,review_rating,review_time,review_duration\nc1,3,1711744352250,-5\n", wantErr: `log.csv:2:20: review_duration: bad duration "-5"`},
		{name: "NaN duration", in: "card_id,review_rating,review_time,review_duration\nc1,3,1711744352250,NaN\n", wantErr: `review_duration: bad duration "NaN"`},
		{name: "empty card", in: "card_id,review_rating,review_time,review_duration\n,3,1711744352250,1\n", wantErr: "log.csv:2:1: card_id: empty card id"},
		{name: "short row", in: "card_id,review_rating,review_time,review_duration\nc1,3\n", wantErr: "log.csv:2:5: review_time: missing (the row has 2 fields, the header 4)"},
		{name: "bad quote", in: "card_id,review_rating,review_time,review_duration\nc1,3,\"17117,1\n", wantErr: "log.csv:2:"},
		{name: "error on a later line", in: "card_id,review_rating,review_time,review_duration\nc1,3,1711744352250,1\nc1,3,1711744352251,1\nc1,9,1711744352252,1\n", wantErr: "log.csv:4:4: review_rating"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadLog(strings.NewReader(tt.in), "log.csv")
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d entries, want %d: %+v", len(got), len(tt.want), got)
			}
			for i := range got {
				g, w := got[i], tt.want[i]
				if g.CardID != w.CardID || g.Rating != w.Rating || !g.Time.Equal(w.Time) || g.Duration != w.Duration || g.Line != w.Line {
					t.Errorf("entry %d = %+v, want %+v", i, g, w)
				}
			}
		})
	}
}

func TestReplay(t *testing.T) {
	day := func(d int, h int) time.Time { return time.Date(2024, 1, 1+d, h, 0, 0, 0, time.UTC) }
	entries := []LogEntry{
		{CardID: "a", Rating: Again, Time: day(0, 10), Line: 2},
		{CardID: "b", Rating: Good, Time: day(0, 11), Line: 3},
		{CardID: "a", Rating: Good, Time: day(0, 23), Line: 4}, // same UTC day
		{CardID: "a", Rating: Good, Time: day(1, 1), Line: 5},  // next UTC day
		{CardID: "a", Rating: Good, Time: day(4, 1), Line: 6},
	}
	c := DefaultConfig()
	c.Location = time.FixedZone("X", -5*3600) // Replay ignores it: UTC days
	steps, err := Replay(entries, c)
	if err != nil {
		t.Fatal(err)
	}
	f := mustFSRS(t, DefaultConfig())
	s, d := f.InitialMemory(Again)
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
	s, d = f.NextMemory(s, d, 0, Good)
	s, d = f.NextMemory(s, d, 1, Good)
	r := f.ForgettingCurve(3, s)
	s, d = f.NextMemory(s, d, 3, Good)
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
		edit    func(*Config)
		wantErr string
	}{
		{"out of order", []LogEntry{{CardID: "a", Rating: Good, Time: t1, Line: 2}, {CardID: "a", Rating: Good, Time: t1.Add(-time.Hour), Line: 3}}, nil, "entry 2 (line 3): card a: review at 2024-01-01T23:00:00Z is before its previous review"},
		{"bad rating", []LogEntry{{CardID: "a", Rating: 7, Time: t1, Line: 9}}, nil, "entry 1 (line 9): card a: invalid rating 7"},
		{"bad retention", nil, func(c *Config) { c.Retention = 1.5 }, "retention 1.5 is outside (0, 1)"},
		{"bad params", nil, func(c *Config) { c.Params = c.Params[:5] }, "got 5 values"},
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
	if _, err := Replay([]LogEntry{{CardID: "a", Rating: Good, Time: t1}, {CardID: "b", Rating: Good, Time: t1.Add(-time.Hour)}}, DefaultConfig()); err != nil {
		t.Errorf("interleaved cards: %v", err)
	}
}

func TestDerive(t *testing.T) {
	c := utcConfig()
	f := mustFSRS(t, c)
	var entries []LogEntry
	var want State
	now := t0
	for i, r := range []Rating{Good, Good, Again, Good, Easy, Hard} {
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
	if s, err := Derive(f, "k", nil); err != nil || s != (State{}) {
		t.Errorf("empty log: %+v %v", s, err)
	}
}

func FuzzReadLog(f *testing.F) {
	f.Add("card_id,review_rating,review_time,review_duration\n1,1,2024-03-29T20:32:32.250000+00:00,25060\n")
	f.Add("review_duration,card_id,review_time,review_rating,x\n5,a,1711744352250,4,\"q\"\"\"\n")
	f.Add("card_id,review_rating,review_time,review_duration\nc1,3\n")
	f.Add("card_id,review_rating,review_time\n")
	f.Add("\ufeffcard_id,review_rating,review_time,review_duration\r\nc,2,2024-01-02 03:04:05,1e3\r\n")
	f.Fuzz(func(t *testing.T, in string) {
		entries, err := ReadLog(strings.NewReader(in), "f.csv")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.csv:") {
				t.Fatalf("error without the file name: %v", err)
			}
			return
		}
		for _, e := range entries {
			if !e.Rating.Valid() || e.CardID == "" || e.Duration < 0 || e.Line < 2 {
				t.Fatalf("bad entry %+v", e)
			}
		}
		// a log that reads can be replayed unless a card goes back in time
		if _, err := Replay(entries, DefaultConfig()); err != nil && !strings.Contains(err.Error(), "before its previous review") {
			t.Fatalf("Replay: %v", err)
		}
	})
}
