package store

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ontap/ontap/decks/sharedtest"
	"github.com/ontap/ontap/scoring"
)

// fillLog records a small varied history: two sessions, a quiz, an answer
// with commas, quotes and a newline, parts, and a review outside sessions.
func fillLog(t testing.TB, db *DB) {
	t.Helper()
	a := startSession(t, db, "study", t0, "vn", "en")
	b := startSession(t, db, "quiz", t0.Add(time.Hour), "vn")
	record(t, db, review(a, "vn", "four-nos", t0, scoring.Good, "learn", 0))
	record(t, db, review(a, "vn", "four-nos:reverse", t0.Add(time.Second), scoring.Again, "learn", 0))
	o := review(a, "vn", "parts-list", t0.Add(1500*time.Millisecond), scoring.Good, "learn", 0)
	o.Overruled = true // a wrong verdict the learner counted as right: the flag round-trips
	record(t, db, o)
	r := review(a, "en", "expo, \"2024\"\nfigures", t0.Add(2*time.Second), scoring.Hard, "review", 4)
	r.Answer = "Gia Lâm, \"Hà Nội\"\n2024"
	r.Parts = `[{"part":"year","ok":true},{"part":"place","ok":false}]`
	record(t, db, r)
	record(t, db, review(b, "vn", "four-nos", t0.Add(time.Hour), scoring.Again, "quiz", 1))
	// Same card, time and rating twice (a fixed clock): both are kept.
	record(t, db, review(b, "vn", "dup", t0.Add(time.Hour), scoring.Good, "quiz", 0))
	record(t, db, review(b, "vn", "dup", t0.Add(time.Hour), scoring.Good, "quiz", 0))
	record(t, db, review(0, "vn", "loose", t0.Add(-time.Hour), scoring.Easy, "relearn", 7))
}

// comparable strips the local ids of a log, and what the format does not carry.
func comparable(log []*Review, withStates bool) []Review {
	var out []Review
	for _, r := range log {
		c := *r
		c.ID, c.SessionID = 0, 0
		if !withStates {
			c.Before, c.After, c.Parts = scoring.State{}, scoring.State{}, ""
		}
		out = append(out, c)
	}
	return out
}

// sessionGroups returns, for each review, the index of the first review of
// the same session (-1 when none), to compare session grouping across dbs.
func sessionGroups(log []*Review) []int {
	first := map[int64]int{}
	var out []int
	for i, r := range log {
		if r.SessionID == 0 {
			out = append(out, -1)
			continue
		}
		if _, ok := first[r.SessionID]; !ok {
			first[r.SessionID] = i
		}
		out = append(out, first[r.SessionID])
	}
	return out
}

func TestExportImportRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, format := range []string{"csv", "jsonl"} {
		t.Run(format, func(t *testing.T) {
			src := openTemp(t)
			fillLog(t, src)
			var buf bytes.Buffer
			export := src.ExportCSV
			if format == "jsonl" {
				export = src.ExportJSONL
			}
			if err := export(ctx, &buf); err != nil {
				t.Fatal(err)
			}
			dst := openTemp(t)
			added, err := dst.Import(ctx, bytes.NewReader(buf.Bytes()), "log."+format)
			if err != nil {
				t.Fatal(err)
			}
			want, got := allReviews(t, src), allReviews(t, dst)
			if added != len(want) {
				t.Errorf("added %d, want %d", added, len(want))
			}
			withStates := format == "jsonl"
			if !reflect.DeepEqual(comparable(got, withStates), comparable(want, withStates)) {
				t.Errorf("imported log differs\n got %+v\nwant %+v", comparable(got, withStates), comparable(want, withStates))
			}
			if !reflect.DeepEqual(sessionGroups(got), sessionGroups(want)) {
				t.Errorf("session grouping %v, want %v", sessionGroups(got), sessionGroups(want))
			}
			ss, err := dst.Sessions(ctx, "", 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(ss) != 2 || ss[0].Mode != "quiz" || ss[0].Answered != 3 || ss[0].Correct != 2 ||
				ss[1].Mode != "study" || !reflect.DeepEqual(ss[1].Decks, []string{"en", "vn"}) || !ss[1].Start.Equal(t0) {
				t.Errorf("imported sessions: %+v", ss)
			}
			// Importing states is the caller's job: none yet.
			if st, _ := dst.States(ctx, "vn"); len(st) != 0 {
				t.Errorf("Import wrote states: %v", st)
			}
			// The same file again adds nothing; so does the export of the merged db.
			if added, err := dst.Import(ctx, bytes.NewReader(buf.Bytes()), "log."+format); err != nil || added != 0 {
				t.Errorf("second import: added %d, %v", added, err)
			}
			var again bytes.Buffer
			if err := dst.ExportJSONL(ctx, &again); err != nil {
				t.Fatal(err)
			}
			if added, err := src.Import(ctx, &again, "back.jsonl"); err != nil || added != 0 {
				t.Errorf("import back into the source: added %d, %v", added, err)
			}
			if n := len(allReviews(t, dst)); n != len(want) {
				t.Errorf("%d reviews after importing twice, want %d", n, len(want))
			}
		})
	}
}

func TestExportCSVFormat(t *testing.T) {
	t.Parallel()
	db := openTemp(t)
	sid := startSession(t, db, "study", t0, "vn")
	r := review(sid, "vn", "x:reverse", t0, scoring.Hard, "review", 2)
	r.Duration = 2500*time.Millisecond + 700*time.Microsecond
	record(t, db, r)
	var buf bytes.Buffer
	if err := db.ExportCSV(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	want := "card_id,review_rating,review_time,review_duration,deck_id,card,answer,correct,kind,session,overruled\n" +
		"vn/x:reverse,2,2026-03-14T09:26:53.589Z,2500,vn,x:reverse,answer 2,true,review,1,false\n"
	if buf.String() != want {
		t.Errorf("CSV\n got %q\nwant %q", buf.String(), want)
	}
}

func TestImportMerges(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openTemp(t)
	record(t, db, review(0, "vn", "a", t0, scoring.Good, "learn", 0))
	// Another machine's log: the same review of a, and two new ones. The
	// minimal four-column format (card keys) is enough.
	file := "card_id,review_rating,review_time,review_duration\n" +
		"vn/a,3,2026-03-14T09:26:53.589Z,1500\n" +
		"vn/a,1,2026-03-15T09:00:00.000+07:00,900\n" +
		"vn/b:reverse,4,2026-03-15T02:00:00.5Z,\n"
	added, err := db.Import(ctx, strings.NewReader(file), "other.csv")
	if err != nil || added != 2 {
		t.Fatalf("Import: %d, %v", added, err)
	}
	log := allReviews(t, db)
	if len(log) != 3 {
		t.Fatalf("%d reviews", len(log))
	}
	// (time, id) order: the review from +07:00 is at 02:00Z, before b's.
	if log[1].CardID != "a" || log[1].Rating != scoring.Again || log[1].Correct || log[1].Kind != "review" ||
		!log[1].Time.Equal(time.Date(2026, 3, 15, 2, 0, 0, 0, time.UTC)) || log[1].Duration != 900*time.Millisecond {
		t.Errorf("second review %+v", log[1])
	}
	if log[2].CardID != "b:reverse" || log[2].Time.Nanosecond() != 500_000_000 || !log[2].Correct {
		t.Errorf("third review %+v", log[2])
	}
}

func TestImportErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tests := []struct {
		name, file string
		want       []string
	}{
		{"empty", "", []string{"f:1:1: empty file"}},
		{"no columns", "a,b\n1,2\n", []string{`f:1:1: no "card_id" column`}},
		{"bad rating", "card_id,review_rating,review_time\nd/c,5,2026-01-01T00:00:00Z\n", []string{`f:2:5: review_rating "5"`}},
		{"several", "card_id,review_rating,review_time\nnodeck,3,2026-01-01T00:00:00Z\nd/c,3,yesterday\nd/c,3,2026-01-01T00:00:00Z\n",
			[]string{`f:2:1: card_id "nodeck" is not a card key`, `f:3:7: review_time "yesterday"`}},
		{"bad csv quote", "card_id,review_rating,review_time\n\"d/c,3,x\n", []string{"f:2:"}},
		{"mismatched key", "card_id,review_rating,review_time,review_duration,deck_id,card\nd/c,3,2026-01-01T00:00:00Z,1,d,other\n",
			[]string{`f:2:1: card_id "d/c" does not match`}},
		{"bad kind", "card_id,review_rating,review_time,kind\nd/c,3,2026-01-01T00:00:00Z,cram\n", []string{`f:2:28: kind "cram"`}},
		{"jsonl syntax", `{"deck_id":"d","card_id":"c","time":"2026-01-01T00:00:00Z","rating":3,"kind":"learn"}` + "\n{\"deck_id\": x}\n",
			[]string{"f:2:13: invalid character 'x'"}},
		{"jsonl unknown field", `{"deck_id":"d","card_id":"c","time":"2026-01-01T00:00:00Z","rating":3,"kind":"learn","colour":1}`,
			[]string{`f:1:1: json: unknown field "colour"`}},
		{"jsonl invalid review", `{"deck_id":"d","card_id":"c","time":"2026-01-01T00:00:00Z","rating":0,"kind":"learn"}`,
			[]string{"f:1:1: rating 0 is not 1..4"}},
		{"jsonl bad phase", `{"deck_id":"d","card_id":"c","time":"2026-01-01T00:00:00Z","rating":1,"kind":"learn","before":{"phase":"old"},"after":{"phase":"new"}}`,
			[]string{`f:1:1: before: bad phase "old"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openTemp(t)
			added, err := db.Import(ctx, strings.NewReader(tt.file), "f")
			if err == nil {
				t.Fatalf("no error, added %d", added)
			}
			lines := strings.Split(err.Error(), "\n")
			if len(lines) != len(tt.want) {
				t.Errorf("error %q, want %d lines", err, len(tt.want))
			}
			for i, w := range tt.want {
				if i < len(lines) && !strings.HasPrefix(lines[i], w) {
					t.Errorf("error line %d: %q, want prefix %q", i, lines[i], w)
				}
			}
			if n := len(allReviews(t, db)); n != 0 || added != 0 {
				t.Errorf("a failed import added %d (%d in the log)", added, n)
			}
		})
	}
}

// TestImportRefdata imports a real Anki log (shared reference data, not part
// of the repository), renamed into card keys, and checks it round-trips.
func TestImportRefdata(t *testing.T) {
	t.Parallel()
	path := sharedtest.Path(t, "refdata", "review_logs_josh_1711744352250_to_1728234780857.csv")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var in bytes.Buffer
	w := csv.NewWriter(&in)
	for i, rec := range recs {
		if i > 0 {
			rec[0] = "anki/" + rec[0]
		}
		w.Write(rec)
	}
	w.Flush()
	db := openTemp(t)
	ctx := context.Background()
	added, err := db.Import(ctx, bytes.NewReader(in.Bytes()), path)
	if err != nil {
		t.Fatal(err)
	}
	if added != len(recs)-1 || added != 12580 {
		t.Errorf("added %d of %d", added, len(recs)-1)
	}
	if n, err := db.Import(ctx, bytes.NewReader(in.Bytes()), path); err != nil || n != 0 {
		t.Errorf("second import: %d, %v", n, err)
	}
	log := allReviews(t, db)
	if log[0].Key() != recs[1][0] || !log[0].Time.Equal(time.Date(2024, 3, 29, 20, 32, 32, 250e6, time.UTC)) ||
		log[0].Duration != 25060*time.Millisecond || log[0].Rating != scoring.Again {
		t.Errorf("first review %+v", log[0])
	}
}
