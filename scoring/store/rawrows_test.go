package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"strings"
	"testing"
)

// TestRawRowScan checks the conversions of rawRow against what
// database/sql's Scan gives for the same values, and its refusals.
func TestRawRowScan(t *testing.T) {
	var (
		s  string
		i  int
		i6 int64
		f  float64
		b  bool
		n  sql.NullInt64
	)
	for _, tc := range []struct {
		name string
		val  driver.Value
		dest any
		want any
		err  string
	}{
		{"text", "Hà Nội", &s, "Hà Nội", ""},
		{"blob as text", []byte("x"), &s, "x", ""},
		{"int", int64(-7), &i, -7, ""},
		{"int64", int64(1) << 40, &i6, int64(1) << 40, ""},
		{"real", 2.5, &f, 2.5, ""},
		{"integer-valued real stored as an integer", int64(3), &f, 3.0, ""},
		{"bool", int64(1), &b, true, ""},
		{"null", nil, &n, sql.NullInt64{}, ""},
		{"not null", int64(5), &n, sql.NullInt64{Int64: 5, Valid: true}, ""},
		{"text into int", "5", &i, nil, "column 0: string 5: not of the expected type"},
		{"real into int", 1.5, &i, nil, "not of the expected type"},
		{"null into text", nil, &s, nil, "not of the expected type"},
		{"unknown destination", int64(1), new(uint8), nil, "cannot scan into *uint8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := (&rawRow{vals: []driver.Value{tc.val}}).Scan(tc.dest)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("Scan(%v) = %v, want an error with %q", tc.val, err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got any
			switch d := tc.dest.(type) {
			case *string:
				got = *d
			case *int:
				got = *d
			case *int64:
				got = *d
			case *float64:
				got = *d
			case *bool:
				got = *d
			case *sql.NullInt64:
				got = *d
			}
			if got != tc.want {
				t.Errorf("Scan(%v) = %v, want %v", tc.val, got, tc.want)
			}
		})
	}
	if err := (&rawRow{vals: []driver.Value{int64(1)}}).Scan(&i, &i); err == nil {
		t.Error("two destinations for one column: no error")
	}
}

// TestRawQueryReadsWhatScanReads checks that rawQuery and database/sql
// read the same card states.
func TestRawQueryReadsWhatScanReads(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	sid := startSession(t, db, "study", t0, "d")
	record(t, db, review(sid, "d", "a", t0, 3, "review", 1))
	record(t, db, review(sid, "d", "b", t0, 1, "review", 1))
	want, err := db.States(ctx, "d")
	if err != nil {
		t.Fatal(err)
	}
	c, err := db.sql.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	got := map[string]any{}
	err = rawQuery(ctx, c, "SELECT "+stateColumns+" FROM card_states WHERE deck_id = ?", []any{"d"}, func(row scanner) error {
		id, st, err := scanState(row)
		got[id] = st
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || len(want) != 2 {
		t.Fatalf("raw read %d states, Scan %d, want 2", len(got), len(want))
	}
	for id, st := range want {
		if got[id] != st {
			t.Errorf("%s: raw %+v, Scan %+v", id, got[id], st)
		}
	}
}
