package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ontap/ontap/scoring"
)

func TestMigrationsEmbedded(t *testing.T) {
	t.Parallel()
	ms, err := loadMigrations()
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) < 2 || SchemaVersion != len(ms) {
		t.Fatalf("got %d migrations, SchemaVersion %d", len(ms), SchemaVersion)
	}
}

func TestOpenCreates(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "ontap.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if db.Path() != path {
		t.Errorf("Path() = %q, want %q", db.Path(), path)
	}
	ctx := context.Background()
	for pragma, want := range map[string]string{"journal_mode": "wal", "foreign_keys": "1", "busy_timeout": "5000", "user_version": strconv.Itoa(SchemaVersion), "synchronous": "2", "cache_size": "-256"} {
		var got string
		if err := db.sql.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("PRAGMA %s = %s, want %s", pragma, got, want)
		}
	}
	if err := db.Check(ctx); err != nil {
		t.Error(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	// A fresh database is not backed up before its first migration.
	if _, err := os.Stat(filepath.Join(filepath.Dir(path), "backups")); !os.IsNotExist(err) {
		t.Errorf("backups dir made for a new database: %v", err)
	}
	// Opening again is a no-op migration.
	db, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
}

func TestRecordUndo(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	type step struct {
		undo   bool   // undo instead of recording
		card   string // card recorded
		rating scoring.Rating
		kind   string
	}
	tests := []struct {
		name      string
		steps     []step
		wantLog   int            // reviews left in the session
		wantCount [2]int         // answered, correct
		wantState map[string]int // card → reps of the state (absent: no state row)
		wantUndo  []string       // cards returned by each undo, "" for nil
	}{
		{"record one", []step{{card: "a", rating: scoring.Good, kind: "learn"}}, 1, [2]int{1, 1}, map[string]int{"a": 1}, nil},
		{"undo a new card deletes its state", []step{{card: "a", rating: scoring.Good, kind: "learn"}, {undo: true}},
			0, [2]int{0, 0}, map[string]int{}, []string{"a"}},
		{"undo restores the state before", []step{
			{card: "a", rating: scoring.Good, kind: "learn"},
			{card: "a", rating: scoring.Again, kind: "review"},
			{undo: true}}, 1, [2]int{1, 1}, map[string]int{"a": 1}, []string{"a"}},
		{"undo twice", []step{
			{card: "a", rating: scoring.Good, kind: "learn"},
			{card: "b", rating: scoring.Again, kind: "learn"},
			{undo: true}, {undo: true}}, 0, [2]int{0, 0}, map[string]int{}, []string{"b", "a"}},
		{"undo with nothing to undo", []step{{undo: true}}, 0, [2]int{0, 0}, map[string]int{}, []string{""}},
		{"quiz does not move states", []step{
			{card: "a", rating: scoring.Good, kind: "learn"},
			{card: "a", rating: scoring.Again, kind: "quiz"},
			{card: "q", rating: scoring.Good, kind: "quiz"}}, 3, [2]int{3, 2}, map[string]int{"a": 1}, nil},
		{"undo a quiz answer keeps the state", []step{
			{card: "a", rating: scoring.Good, kind: "learn"},
			{card: "a", rating: scoring.Again, kind: "quiz"},
			{undo: true}}, 1, [2]int{1, 1}, map[string]int{"a": 1}, []string{"a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openTemp(t)
			sid := startSession(t, db, "study", t0, "d")
			other := startSession(t, db, "study", t0, "d") // its reviews must survive undo in sid
			record(t, db, review(other, "d", "z", t0, scoring.Good, "learn", 0))
			reps := map[string]int{}
			var undone []string
			at := t0
			for _, s := range tt.steps {
				at = at.Add(time.Minute)
				if s.undo {
					r, err := db.Undo(ctx, sid)
					if err != nil {
						t.Fatal(err)
					}
					if r == nil {
						undone = append(undone, "")
						continue
					}
					undone = append(undone, r.CardID)
					if r.Kind != "quiz" {
						reps[r.CardID]--
					}
					continue
				}
				r := review(sid, "d", s.card, at, s.rating, s.kind, reps[s.card])
				record(t, db, r)
				if r.ID == 0 {
					t.Fatal("Record did not set the id")
				}
				if s.kind != "quiz" {
					reps[s.card]++
				}
			}
			if !reflect.DeepEqual(undone, tt.wantUndo) {
				t.Errorf("undone %q, want %q", undone, tt.wantUndo)
			}
			n := 0
			for _, r := range allReviews(t, db) {
				if r.SessionID == sid {
					n++
				}
			}
			if n != tt.wantLog {
				t.Errorf("%d reviews in the session, want %d", n, tt.wantLog)
			}
			ss, err := db.Sessions(ctx, "", 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range ss {
				if s.ID == sid && (s.Answered != tt.wantCount[0] || s.Correct != tt.wantCount[1]) {
					t.Errorf("session counts %d/%d, want %d/%d", s.Answered, s.Correct, tt.wantCount[0], tt.wantCount[1])
				}
			}
			states, err := db.States(ctx, "d")
			if err != nil {
				t.Fatal(err)
			}
			delete(states, "z")
			if len(states) != len(tt.wantState) {
				t.Errorf("states %v, want cards %v", states, tt.wantState)
			}
			for card, reps := range tt.wantState {
				st, ok, err := db.State(ctx, "d", card)
				if err != nil || !ok {
					t.Fatalf("State(%s) = %v, %v", card, ok, err)
				}
				if st.Reps != reps || !reflect.DeepEqual(st, states[card]) {
					t.Errorf("state of %s: %+v (States: %+v), want %d reps", card, st, states[card], reps)
				}
			}
			if _, ok, _ := db.State(ctx, "d", "z"); !ok {
				t.Error("the other session's card lost its state")
			}
		})
	}
}

func TestRecordStateRoundTrip(t *testing.T) {
	t.Parallel()
	db := openTemp(t)
	ctx := context.Background()
	after := scoring.State{Phase: scoring.Relearning, Step: 1, Stability: 0.123456789012345, Difficulty: 9.87654321,
		Due: t0.Add(10 * time.Minute), LastReview: t0, Reps: 12, Lapses: 3, Leech: true, Ease: 1.3, IntervalDays: 42.5}
	r := &Review{DeckID: "vn-defense", CardID: "four-nos:reverse", Time: t0, Rating: scoring.Hard, Answer: "không",
		Correct: true, Duration: 2345 * time.Millisecond, Kind: "relearn", Parts: `[{"part":1,"ok":true}]`,
		Before: reviewState(11, t0.Add(-time.Hour)), After: after}
	record(t, db, r)
	got, ok, err := db.State(ctx, "vn-defense", "four-nos:reverse")
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	if !reflect.DeepEqual(got, after) {
		t.Errorf("state\n got %+v\nwant %+v", got, after)
	}
	log := allReviews(t, db)
	if len(log) != 1 || !reflect.DeepEqual(*log[0], *r) {
		t.Errorf("log\n got %+v\nwant %+v", *log[0], *r)
	}
	if _, ok, err := db.State(ctx, "vn-defense", "other"); ok || err != nil {
		t.Errorf("State of an unknown card: %v, %v", ok, err)
	}
}

func TestRecordRejects(t *testing.T) {
	t.Parallel()
	db := openTemp(t)
	ctx := context.Background()
	sid := startSession(t, db, "quiz", t0, "d")
	tests := []struct {
		name string
		edit func(r *Review)
		want string
	}{
		{"no deck", func(r *Review) { r.DeckID = "" }, "no deck id"},
		{"no card", func(r *Review) { r.CardID = "" }, "no card id"},
		{"no time", func(r *Review) { r.Time = time.Time{} }, "no time"},
		{"bad rating", func(r *Review) { r.Rating = 5 }, "rating 5"},
		{"bad kind", func(r *Review) { r.Kind = "cram" }, `kind "cram"`},
		{"negative duration", func(r *Review) { r.Duration = -time.Second }, "negative duration"},
		{"bad parts", func(r *Review) { r.Parts = "[1," }, "parts is not valid JSON"},
		{"bad phase", func(r *Review) { r.After.Phase = 7 }, "bad phase"},
		{"unknown session", func(r *Review) { r.SessionID = 999 }, "session 999: not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := review(sid, "d", "c", t0, scoring.Good, "learn", 0)
			tt.edit(r)
			err := db.Record(ctx, r)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Record: %v, want %q", err, tt.want)
			}
		})
	}
	if n := len(allReviews(t, db)); n != 0 {
		t.Errorf("%d reviews written by rejected Records", n)
	}
	if _, ok, _ := db.State(ctx, "d", "c"); ok {
		t.Error("a rejected Record wrote a state")
	}
}

func TestSessions(t *testing.T) {
	t.Parallel()
	db := openTemp(t)
	ctx := context.Background()
	a := startSession(t, db, "study", t0, "alpha")
	b := startSession(t, db, "quiz", t0.Add(time.Hour), "beta", "alpha")
	c := startSession(t, db, "ahead", t0.Add(2*time.Hour), "beta")
	empty := startSession(t, db, "study", t0.Add(3*time.Hour))
	record(t, db, review(a, "alpha", "1", t0, scoring.Good, "learn", 0))
	record(t, db, review(a, "alpha", "2", t0, scoring.Again, "learn", 0))
	record(t, db, review(a, "alpha", "3", t0, scoring.Easy, "learn", 0))
	record(t, db, review(b, "beta", "1", t0, scoring.Again, "quiz", 0))
	if err := db.FinishSession(ctx, a, t0.Add(30*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := db.FinishSession(ctx, 12345, t0); !errors.Is(err, ErrNotFound) {
		t.Errorf("FinishSession of an unknown session: %v", err)
	}
	if err := db.StartSession(ctx, &Session{Start: t0, Mode: "cram"}); err == nil {
		t.Error("StartSession accepted mode cram")
	}
	tests := []struct {
		deck  string
		limit int
		want  []int64
	}{
		{"", 0, []int64{empty, c, b, a}},
		{"", 2, []int64{empty, c}},
		{"alpha", 0, []int64{b, a}},
		{"beta", 1, []int64{c}},
		{"gamma", 0, nil},
	}
	for _, tt := range tests {
		ss, err := db.Sessions(ctx, tt.deck, tt.limit)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, s := range ss {
			ids = append(ids, s.ID)
		}
		if !reflect.DeepEqual(ids, tt.want) {
			t.Errorf("Sessions(%q, %d) = %v, want %v", tt.deck, tt.limit, ids, tt.want)
		}
	}
	ss, _ := db.Sessions(ctx, "alpha", 0)
	wantA := Session{ID: a, Start: t0, End: t0.Add(30 * time.Minute), Mode: "study", Decks: []string{"alpha"},
		Answered: 3, Correct: 2, Score: 200.0 / 3}
	if !reflect.DeepEqual(ss[1], wantA) {
		t.Errorf("session a\n got %+v\nwant %+v", ss[1], wantA)
	}
	if ss[0].Mode != "quiz" || !ss[0].End.IsZero() || ss[0].Score != 0 || ss[0].Answered != 1 ||
		!reflect.DeepEqual(ss[0].Decks, []string{"beta", "alpha"}) {
		t.Errorf("session b: %+v", ss[0])
	}
	if _, err := db.Sessions(ctx, "", -1); err == nil {
		t.Error("negative limit accepted")
	}
}

func TestDayCounts(t *testing.T) {
	t.Parallel()
	db := openTemp(t)
	ctx := context.Background()
	day := t0.Truncate(24 * time.Hour).Add(4 * time.Hour) // the study day starts at 04:00
	sid := startSession(t, db, "study", day.Add(-48*time.Hour), "d")
	at := func(h float64) time.Time { return day.Add(time.Duration(h * float64(time.Hour))) }
	reps := map[string]int{}
	rec := func(deck, card string, h float64, kind string) {
		record(t, db, review(sid, deck, card, at(h), scoring.Good, kind, reps[deck+card]))
		if kind != "quiz" {
			reps[deck+card]++
		}
	}
	rec("d", "old", -30, "learn")   // yesterday: new then
	rec("d", "old", 1, "review")    // today: a review
	rec("d", "old", 2, "review")    // and another
	rec("d", "quizzed", -5, "quiz") // quizzed yesterday, first studied today: new today
	rec("d", "quizzed", 3, "learn")
	rec("d", "fresh", 4, "learn") // new today, then reviewed again today
	rec("d", "fresh", 5, "learn")
	rec("d", "onlyquiz", 6, "quiz") // quizzes are not reviews
	rec("e", "other", 1, "learn")   // another deck
	tests := []struct {
		deck        string
		since       time.Time
		new, review int
	}{
		{"d", day, 2, 3},
		{"d", at(-48), 3, 3},
		{"d", at(4.5), 0, 1},
		{"d", at(10), 0, 0},
		{"e", day, 1, 0},
		{"nope", day, 0, 0},
	}
	for _, tt := range tests {
		n, err := db.NewCount(ctx, tt.deck, tt.since)
		if err != nil {
			t.Fatal(err)
		}
		r, err := db.ReviewCount(ctx, tt.deck, tt.since)
		if err != nil {
			t.Fatal(err)
		}
		if n != tt.new || r != tt.review {
			t.Errorf("%s since %s: new %d review %d, want %d %d", tt.deck, tt.since, n, r, tt.new, tt.review)
		}
		all, err := db.DayCounts(ctx, tt.since)
		if err != nil {
			t.Fatal(err)
		}
		if got := all[tt.deck]; got != (DayCount{New: tt.new, Reviews: tt.review}) {
			t.Errorf("DayCounts since %s: %s: %+v, want new %d review %d", tt.since, tt.deck, got, tt.new, tt.review)
		}
	}
}

func TestReplaceStates(t *testing.T) {
	t.Parallel()
	db := openTemp(t)
	ctx := context.Background()
	record(t, db, review(0, "d", "gone", t0, scoring.Good, "learn", 0))
	want := map[[2]string]scoring.State{
		{"d", "a"}:   reviewState(3, t0),
		{"d", "b:r"}: {Phase: scoring.Learning, Step: 1, Due: t0.Add(time.Minute), LastReview: t0, Reps: 1},
		{"e", "a"}:   reviewState(1, t0),
	}
	if err := db.ReplaceStates(ctx, want); err != nil {
		t.Fatal(err)
	}
	got := map[[2]string]scoring.State{}
	for _, deck := range []string{"d", "e"} {
		ss, err := db.States(ctx, deck)
		if err != nil {
			t.Fatal(err)
		}
		for c, s := range ss {
			got[[2]string{deck, c}] = s
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("states\n got %v\nwant %v", got, want)
	}
	bad := map[[2]string]scoring.State{{"d", ""}: {}}
	if err := db.ReplaceStates(ctx, bad); err == nil {
		t.Error("empty card id accepted")
	}
	if ss, _ := db.States(ctx, "d"); len(ss) != 2 {
		t.Errorf("a rejected ReplaceStates changed the states: %v", ss)
	}
}

func TestSettings(t *testing.T) {
	t.Parallel()
	db := openTemp(t)
	ctx := context.Background()
	if _, ok, err := db.Setting(ctx, "fsrs.params"); ok || err != nil {
		t.Fatalf("unset setting: %v %v", ok, err)
	}
	for _, v := range []string{"0.1,0.2", "", "0.3"} {
		if err := db.SetSetting(ctx, "fsrs.params", v); err != nil {
			t.Fatal(err)
		}
		got, ok, err := db.Setting(ctx, "fsrs.params")
		if err != nil || !ok || got != v {
			t.Errorf("Setting = %q %v %v, want %q", got, ok, err, v)
		}
	}
	if err := db.SetSetting(ctx, "", "x"); err == nil {
		t.Error("empty key accepted")
	}
	if err := db.SetSetting(ctx, "params:d", "0.5"); err != nil {
		t.Fatal(err)
	}
	all, err := db.Settings(ctx)
	if err != nil || !reflect.DeepEqual(all, map[string]string{"fsrs.params": "0.3", "params:d": "0.5"}) {
		t.Errorf("Settings = %v, %v", all, err)
	}
}

func TestOpenPaths(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"plain.db", "with space.db", "per%25cent #hash ?q=1&x.db", "viết.db"} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "data dir")
			os.Mkdir(dir, 0o700)
			path := filepath.Join(dir, name)
			db, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			record(t, db, review(0, "d", "c", t0, scoring.Good, "learn", 0))
			backup, err := db.Backup(filepath.Join(dir, "backups"), t0)
			if err != nil {
				t.Fatal(err)
			}
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 2 { // the database and backups/
				t.Errorf("files in the data dir: %v", entries)
			}
			if st, err := os.Stat(path); err != nil || st.Size() == 0 {
				t.Errorf("database not at %s: %v", path, err)
			}
			if err := Restore(path, backup); err != nil {
				t.Error(err)
			}
		})
	}
}
