package store

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/ontap/ontap/scoring"
)

var updateFixture = flag.Bool("update-fixture", false, "rewrite testdata/v1.db, a database made by migration 0001 only")

const v1Fixture = "testdata/v1.db"

// v1Sessions and v1Reviews are the data in testdata/v1.db.
var v1Sessions = []Session{
	{ID: 1, Start: t0, End: t0.Add(20 * time.Minute), Mode: "study", Decks: []string{"vn-defense", "expo"}, Answered: 3, Correct: 2},
	{ID: 2, Start: t0.Add(24 * time.Hour), Mode: "quiz", Decks: []string{"expo"}, Answered: 1, Correct: 1},
}

func v1Reviews() []*Review {
	return []*Review{
		review(1, "vn-defense", "four-nos", t0.Add(time.Minute), scoring.Good, "learn", 0),
		review(1, "vn-defense", "four-nos:reverse", t0.Add(2*time.Minute), scoring.Again, "learn", 0),
		review(1, "expo", "2024-visitors", t0.Add(3*time.Minute), scoring.Easy, "review", 2),
		review(2, "expo", "2024-visitors", t0.Add(24*time.Hour), scoring.Good, "quiz", 3),
		review(0, "expo", "imported", t0.Add(-time.Hour), scoring.Hard, "relearn", 5),
	}
}

// TestGenerateV1Fixture writes testdata/v1.db with -update-fixture: the
// schema of migration 0001 only, filled with v1Sessions and v1Reviews.
func TestGenerateV1Fixture(t *testing.T) {
	if !*updateFixture {
		t.Skip("run with -update-fixture to rewrite " + v1Fixture)
	}
	tmp := filepath.Join(t.TempDir(), "v1.db")
	sdb := openRaw(t, tmp)
	if _, err := sdb.Exec(migrations[0].sql + "; PRAGMA user_version = 1"); err != nil {
		t.Fatal(err)
	}
	for _, s := range v1Sessions {
		decks, _ := json.Marshal(s.Decks)
		if _, err := sdb.Exec("INSERT INTO sessions (id, start_ms, end_ms, mode, decks, answered, correct) VALUES (?, ?, ?, ?, ?, ?, ?)",
			s.ID, s.Start.UnixMilli(), msOf(s.End), s.Mode, string(decks), s.Answered, s.Correct); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range v1Reviews() {
		if _, err := sdb.Exec(`INSERT INTO reviews (session_id, deck_id, card_id, time_ms, rating, answer, correct, duration_ms, kind, before, after)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, nullID(r.SessionID), r.DeckID, r.CardID, r.Time.UnixMilli(), int(r.Rating),
			r.Answer, r.Correct, r.Duration.Milliseconds(), r.Kind, encodeState(r.Before), encodeState(r.After)); err != nil {
			t.Fatal(err)
		}
		if r.Kind != "quiz" {
			if err := putState(context.Background(), sdb, r.DeckID, r.CardID, r.After); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := sdb.Exec("INSERT INTO settings (key, value) VALUES ('fsrs.retention', '0.9')"); err != nil {
		t.Fatal(err)
	}
	os.Remove(v1Fixture)
	if _, err := sdb.Exec("VACUUM INTO ?", v1Fixture); err != nil {
		t.Fatal(err)
	}
}

// TestMigrateV1: a database made by the first schema is backed up, then
// migrated, with its data intact.
func TestMigrateV1(t *testing.T) {
	t.Parallel()
	fixture, err := os.ReadFile(v1Fixture)
	if err != nil {
		t.Fatalf("%v (regenerate with go test -run TestGenerateV1Fixture -update-fixture)", err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "ontap.db")
	if err := os.WriteFile(path, fixture, 0o600); err != nil {
		t.Fatal(err)
	}
	if v := userVersion(t, path); v != 1 {
		t.Fatalf("fixture has version %d", v)
	}
	at := time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)
	db, err := OpenOptions(path, Options{Now: func() time.Time { return at }})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()

	// The backup taken before migrating is the v1 database.
	backups, err := Backups(filepath.Join(dir, "backups"))
	if err != nil || len(backups) != 1 || filepath.Base(backups[0]) != "ontap-20261102-080000.db" {
		t.Fatalf("backups %v, %v", backups, err)
	}
	if v := userVersion(t, backups[0]); v != 1 {
		t.Errorf("backup has version %d, want 1", v)
	}
	var v int
	db.sql.QueryRow("PRAGMA user_version").Scan(&v)
	if v != SchemaVersion {
		t.Errorf("migrated to version %d, want %d", v, SchemaVersion)
	}

	// The data is intact.
	want := v1Reviews()
	got := allReviews(t, db)
	if len(got) != len(want) {
		t.Fatalf("%d reviews, want %d", len(got), len(want))
	}
	// (time, id) order puts the imported review first.
	want = append(want[4:], want[:4]...)
	for i := range want {
		w := *want[i]
		w.ID = got[i].ID
		if !reflect.DeepEqual(*got[i], w) {
			t.Errorf("review %d\n got %+v\nwant %+v", i, *got[i], w)
		}
	}
	ss, err := db.Sessions(ctx, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range v1Sessions {
		s.Score = score(s.Answered, s.Correct)
		if !reflect.DeepEqual(ss[len(ss)-1-i], s) {
			t.Errorf("session %d\n got %+v\nwant %+v", s.ID, ss[len(ss)-1-i], s)
		}
	}
	st, ok, err := db.State(ctx, "expo", "2024-visitors")
	if err != nil || !ok || !reflect.DeepEqual(st, reviewState(3, t0.Add(3*time.Minute))) {
		t.Errorf("state %+v %v %v", st, ok, err)
	}
	if val, ok, _ := db.Setting(ctx, "fsrs.retention"); !ok || val != "0.9" {
		t.Errorf("setting %q %v", val, ok)
	}

	// The new column works, and so does undo of an old review.
	r := review(1, "vn-defense", "four-nos", t0.Add(48*time.Hour), scoring.Good, "review", 1)
	r.Parts = `[true,false]`
	record(t, db, r)
	if log := allReviews(t, db); log[len(log)-1].Parts != `[true,false]` {
		t.Errorf("parts %q", log[len(log)-1].Parts)
	}
	if _, err := db.Undo(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if u, err := db.Undo(ctx, 1); err != nil || u.CardID != "2024-visitors" {
		t.Fatalf("undo of a v1 review: %+v %v", u, err)
	}
	if st, _, _ := db.State(ctx, "expo", "2024-visitors"); !reflect.DeepEqual(st, reviewState(2, t0.Add(3*time.Minute-24*time.Hour))) {
		t.Errorf("state after undo %+v", st)
	}
	if err := db.Check(ctx); err != nil {
		t.Error(err)
	}

	// Opening again neither migrates nor backs up.
	db2, err := OpenOptions(path, Options{Now: func() time.Time { return at.Add(time.Hour) }})
	if err != nil {
		t.Fatal(err)
	}
	db2.Close()
	if b, _ := Backups(filepath.Join(dir, "backups")); len(b) != 1 {
		t.Errorf("%d backups after a second Open", len(b))
	}
}
