package store

import (
	"context"
	"fmt"
	"os"
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

// waitFor waits until cond holds, failing the test if it does not within
// a minute (a bound on a wait, not a measure of time).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("still waiting for %s", what)
		}
	}
}

// checkpointStore opens a store with policy p, a session started and no
// transaction counted yet.
func checkpointStore(t *testing.T, p checkpointPolicy) (*DB, int64) {
	t.Helper()
	db := openTemp(t)
	sid := startSession(t, db, "study", t0, "d")
	waitFor(t, "the checkpoints of opening", func() bool { return !db.checkpointing.Load() })
	db.ckptMu.Lock()
	db.ckpt = p
	db.ckptMu.Unlock()
	db.commits.Store(0)
	return db, sid
}

// answer records the n-th answer (from 0) of a card of deck d.
func answer(t *testing.T, db *DB, sid int64, n int) {
	t.Helper()
	record(t, db, review(sid, "d", "c", t0.Add(time.Duration(n)*time.Minute), scoring.Good, "review", n))
}

// TestCheckpointInAPause checks that the log is checkpointed once enough
// answers were committed and none comes for a pause, and not before.
func TestCheckpointInAPause(t *testing.T) {
	db, sid := checkpointStore(t, checkpointPolicy{every: 4, pause: time.Millisecond, max: 1000})
	for i := range 3 {
		answer(t, db, sid, i)
	}
	db.ckptMu.Lock()
	armed := db.ckptTimer != nil
	db.ckptMu.Unlock()
	if armed {
		t.Error("a checkpoint was scheduled after 3 answers, want none before 4")
	}
	answer(t, db, sid, 3)
	waitFor(t, "the checkpoint after 4 answers and a pause", func() bool { return db.commits.Load() == 0 })
}

// TestNoCheckpointWithoutAPause checks that answers coming one after the
// other do not start a checkpoint (which would slow them down) until there
// are max of them.
func TestNoCheckpointWithoutAPause(t *testing.T) {
	db, sid := checkpointStore(t, checkpointPolicy{every: 2, pause: time.Hour, max: 6})
	for i := range 5 {
		answer(t, db, sid, i)
	}
	if db.checkpointing.Load() || db.commits.Load() != 5 {
		t.Errorf("after 5 answers without a pause: checkpointing %v, %d transactions to checkpoint; want false, 5",
			db.checkpointing.Load(), db.commits.Load())
	}
	answer(t, db, sid, 5)
	waitFor(t, "the checkpoint after max answers", func() bool { return db.commits.Load() == 0 })
}

// TestLogReusedAfterAPause checks that a checkpoint in a pause lets the
// next answer write the log from its start: the file does not grow with
// the answers, so that a commit overwrites it rather than appending.
func TestLogReusedAfterAPause(t *testing.T) {
	db, sid := checkpointStore(t, checkpointPolicy{every: 1, pause: time.Millisecond, max: 1000})
	size := func() int64 {
		st, err := os.Stat(db.Path() + "-wal")
		if err != nil {
			t.Fatal(err)
		}
		return st.Size()
	}
	answer(t, db, sid, 0)
	waitFor(t, "a checkpoint", func() bool { return db.commits.Load() == 0 })
	first := size()
	for i := 1; i < 20; i++ {
		answer(t, db, sid, i)
		waitFor(t, "a checkpoint", func() bool { return db.commits.Load() == 0 })
	}
	if last := size(); last > 2*first {
		t.Errorf("the log grew from %d bytes after the first answer to %d after 20, want it reused", first, last)
	}
}

// TestCloseStopsCheckpoints checks that a checkpoint scheduled for a
// pause does not start once Close has begun.
func TestCloseStopsCheckpoints(t *testing.T) {
	db, sid := checkpointStore(t, checkpointPolicy{every: 1, pause: time.Hour, max: 1000})
	answer(t, db, sid, 0)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db.startCheckpoint() // as the timer would
	if db.checkpointing.Load() {
		t.Error("a checkpoint started after Close")
	}
	if _, err := db.sql.ExecContext(context.Background(), "SELECT 1"); err == nil {
		t.Error("the database is still open after Close")
	}
}

// TestPlanQueriesArePreparedOnce checks that what a study start asks of
// every deck (its learning items, its counts) is compiled once, not once
// a deck: with a hundred decks, compiling was a third of the start.
func TestPlanQueriesArePreparedOnce(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	for d := range 5 {
		deck := fmt.Sprint("d", d)
		if _, err := db.LearningItems(ctx, "/"+deck+".toml", deck); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.ItemCounts(ctx, "/"+deck+".toml", deck, t0, 200, 20); err != nil {
			t.Fatal(err)
		}
	}
	if n := db.prepared.Load(); n != 2 {
		t.Errorf("after two queries of 5 decks, %d statements prepared, want 2", n)
	}
}
