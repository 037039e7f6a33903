package schedule

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/ontap/ontap/scoring"
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
				{CardID: "1711684180217", Rating: scoring.Again, Time: time.Date(2024, 3, 29, 20, 32, 32, 250e6, time.UTC), Duration: 25060 * time.Millisecond, Line: 2},
				{CardID: "1711684780667", Rating: scoring.Good, Time: time.Date(2024, 3, 29, 20, 32, 39, 497e6, time.UTC), Duration: 7241 * time.Millisecond, Line: 3},
			},
		},
		{
			name: "columns reordered, extra columns, epoch ms, CRLF, BOM, blank line",
			in: "\ufeffreview_state, Review_Time ,extra,card_id,review_duration,review_rating\r\n" +
				"2,1711744352250,x,c1,0,4\r\n\r\n" +
				"1,2024-03-29 20:32:32Z,y,\"c,2\",1500.5,2\r\n",
			want: []LogEntry{
				{CardID: "c1", Rating: scoring.Easy, Time: time.UnixMilli(1711744352250), Duration: 0, Line: 2},
				{CardID: "c,2", Rating: scoring.Hard, Time: time.Date(2024, 3, 29, 20, 32, 32, 0, time.UTC), Duration: 1500500 * time.Microsecond, Line: 4},
			},
		},
		{
			name: "time without zone is UTC, offset kept",
			in:   "card_id,review_rating,review_time,review_duration\na,3,2024-01-02T03:04:05,1\nb,3,2024-01-02T10:04:05+07:00,1\n",
			want: []LogEntry{
				{CardID: "a", Rating: scoring.Good, Time: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), Duration: time.Millisecond, Line: 2},
				{CardID: "b", Rating: scoring.Good, Time: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), Duration: time.Millisecond, Line: 3},
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
