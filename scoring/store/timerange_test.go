package store

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ontap/ontap/scoring"
)

// A due date past year 9999 (an answer at the last minute of 9999) is
// stored clamped: the log, the state and every export read back.
func TestDueDateClamped(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	at := time.Date(9999, 12, 31, 23, 59, 0, 0, time.UTC)
	r := review(0, "d", "c", at, scoring.Good, "learn", 0)
	r.After.Due = at.Add(10 * time.Minute) // year 10000
	record(t, db, r)
	st, ok, err := db.State(ctx, "d", "c")
	if err != nil || !ok || !st.Due.Equal(scoring.MaxTime) {
		t.Fatalf("State = %v, %v, %v; want due %v", st.Due, ok, err, scoring.MaxTime)
	}
	var csv, jsonl bytes.Buffer
	if err := db.ExportCSV(ctx, &csv); err != nil {
		t.Fatalf("ExportCSV: %v", err)
	}
	if err := db.ExportJSONL(ctx, &jsonl); err != nil {
		t.Fatalf("ExportJSONL: %v", err)
	}
	if !strings.Contains(jsonl.String(), `"due":"9999-12-31T23:59:59.999Z"`) {
		t.Errorf("JSONL export lacks the clamped due date:\n%s", jsonl.String())
	}
	if n, err := db.OutOfRangeTimes(ctx); err != nil || n != 0 {
		t.Errorf("OutOfRangeTimes = %d, %v; want 0 (clamped on write)", n, err)
	}
}

// A time out of range already in a database (written before due dates
// were clamped) is read clamped and counted, never an error: export,
// the review log and the states still read.
func TestOutOfRangeStoredTimeRead(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	record(t, db, review(0, "d", "c", t0, scoring.Good, "learn", 0))
	for _, q := range []string{
		`UPDATE reviews SET after = json_set(after, '$.due', '10000-01-01T00:09:59.217Z')`,
		`UPDATE card_states SET due_ms = 253402300799999 + 600000`,
	} {
		if _, err := db.sql.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := db.OutOfRangeTimes(ctx); err != nil || n != 2 {
		t.Errorf("OutOfRangeTimes = %d, %v; want 2", n, err)
	}
	var dues []time.Time
	if err := db.Reviews(ctx, func(r *Review) error { dues = append(dues, r.After.Due); return nil }); err != nil {
		t.Fatalf("Reviews: %v", err)
	}
	if len(dues) != 1 || !dues[0].Equal(scoring.MaxTime) {
		t.Errorf("after-state due read as %v, want %v", dues, scoring.MaxTime)
	}
	var out bytes.Buffer
	if err := db.ExportJSONL(ctx, &out); err != nil {
		t.Fatalf("ExportJSONL: %v", err)
	}
	if err := db.ExportCSV(ctx, &out); err != nil {
		t.Fatalf("ExportCSV: %v", err)
	}
	st, _, err := db.State(ctx, "d", "c")
	if err != nil || !st.Due.Equal(scoring.MaxTime) {
		t.Errorf("State due = %v, %v; want %v", st.Due, err, scoring.MaxTime)
	}
	if _, err := st.Due.MarshalJSON(); err != nil {
		t.Errorf("the due date read does not marshal: %v", err)
	}
}

// Reviews and imported times out of range are refused where they come in.
func TestReviewTimeOutOfRange(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	r := review(0, "d", "c", time.Date(1969, 7, 20, 20, 17, 0, 0, time.UTC), scoring.Good, "learn", 0)
	if err := db.Record(ctx, r); err == nil || !strings.Contains(err.Error(), "out of range: want a time from 1970 to 9999") {
		t.Errorf("Record at 1969: %v", err)
	}
	in := "card_id,review_rating,review_time,review_duration,deck_id,card\n" +
		"d/c,3,10000-01-01T00:00:00.000Z,0,d,c\n"
	if _, err := db.Import(ctx, strings.NewReader(in), "log.csv"); err == nil ||
		!strings.Contains(err.Error(), "log.csv:2:") {
		t.Errorf("Import of a time in year 10000: %v", err)
	}
}
