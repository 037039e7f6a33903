package store

import (
	"fmt"
	"testing"
	"time"

	"github.com/ontap/ontap/scoring"
)

// TestRecordPreparesItsStatementsOnce checks that Record prepares its
// statements the first time only, and that a statement prepared before
// another process changed the schema follows the change (SQLite prepares
// it again): a trigger added since runs for the next answer.
func TestRecordPreparesItsStatementsOnce(t *testing.T) {
	db := openTemp(t)
	sid := startSession(t, db, "study", t0, "d")
	for i := range 5 {
		record(t, db, review(sid, "d", fmt.Sprintf("c%d", i), t0.Add(time.Duration(i)*time.Minute), scoring.Good, "review", 1))
	}
	if n := db.prepared.Load(); n != 3 {
		t.Errorf("after 5 answers, %d statements prepared, want 3", n)
	}
	raw := openRaw(t, db.Path())
	if _, err := raw.Exec(`CREATE TABLE seen (card_id TEXT);
		CREATE TRIGGER seen_review AFTER INSERT ON reviews BEGIN INSERT INTO seen VALUES (NEW.card_id); END`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	record(t, db, review(sid, "d", "late", t0.Add(time.Hour), scoring.Good, "review", 1))
	var seen string
	if err := db.sql.QueryRow("SELECT group_concat(card_id) FROM seen").Scan(&seen); err != nil {
		t.Fatal(err)
	}
	if seen != "late" {
		t.Errorf("the trigger added by another connection saw %q, want \"late\"", seen)
	}
	if n := db.prepared.Load(); n != 3 {
		t.Errorf("after the schema change, %d statements prepared, want 3", n)
	}
	var answered int
	if err := db.sql.QueryRow("SELECT answered FROM sessions WHERE id = ?", sid).Scan(&answered); err != nil {
		t.Fatal(err)
	}
	if answered != 6 {
		t.Errorf("session answered %d, want 6", answered)
	}
}
