package store

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/ontap/ontap/scoring"
)

// t0 is the fixed time the tests start from.
var t0 = time.Date(2026, 3, 14, 9, 26, 53, 589_000_000, time.UTC)

// TestMain lets the test binary act as a child process for the
// multi-process tests: ONTAP_STORE_CHILD selects the role.
func TestMain(m *testing.M) {
	switch os.Getenv("ONTAP_STORE_CHILD") {
	case "":
		os.Exit(m.Run())
	case "record":
		os.Exit(childRecord())
	case "crash":
		os.Exit(childCrash())
	case "readonly":
		os.Exit(childReadOnly())
	default:
		fmt.Fprintln(os.Stderr, "unknown ONTAP_STORE_CHILD role")
		os.Exit(2)
	}
}

// openTemp opens a new database in a temporary directory.
func openTemp(t testing.TB) *DB {
	t.Helper()
	db, err := Open(filepath.Join(t.TempDir(), "ontap.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	return db
}

// startSession starts a study session at t0 over decks.
func startSession(t testing.TB, db *DB, mode string, start time.Time, decks ...string) int64 {
	t.Helper()
	s := &Session{Start: start, Mode: Mode(mode), Decks: decks}
	if err := db.StartSession(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	return s.ID
}

// reviewState is a plausible FSRS state after n reviews at t.
func reviewState(n int, t time.Time) scoring.State {
	if n == 0 {
		return scoring.State{}
	}
	return scoring.State{Phase: scoring.Review, Stability: 2.5 * float64(n), Difficulty: 5.25, Reps: n,
		Due: t.Add(time.Duration(n) * 24 * time.Hour), LastReview: t, Ease: 2.5, IntervalDays: float64(n)}
}

// review builds a review of deck/card at t that moves it from n to n+1 reviews.
func review(session int64, deck, card string, t time.Time, rating scoring.Rating, kind string, n int) *Review {
	return &Review{SessionID: session, DeckID: deck, CardID: card, Time: t, Rating: rating,
		Answer: "answer " + strconv.Itoa(n), Correct: rating != scoring.Again, Duration: 1500 * time.Millisecond,
		Kind: Kind(kind), Before: reviewState(n, t.Add(-24*time.Hour)), After: reviewState(n+1, t)}
}

// record records r, failing the test on error.
func record(t testing.TB, db *DB, r *Review) {
	t.Helper()
	if err := db.Record(context.Background(), r); err != nil {
		t.Fatal(err)
	}
}

// allReviews returns the whole log.
func allReviews(t testing.TB, db *DB) []*Review {
	t.Helper()
	var out []*Review
	if err := db.Reviews(context.Background(), func(r *Review) error { out = append(out, r); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

// openRaw opens path with plain database/sql, without the store's setup.
func openRaw(t testing.TB, path string) *sql.DB {
	t.Helper()
	sdb, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sdb.Close() })
	return sdb
}

// readFile returns the bytes of path.
func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// sameBytes fails unless path still holds want.
func sameBytes(t testing.TB, path string, want []byte) {
	t.Helper()
	if got := readFile(t, path); !bytes.Equal(got, want) {
		t.Errorf("%s was modified (%d bytes, was %d)", path, len(got), len(want))
	}
}

// userVersion reads PRAGMA user_version of the file at path.
func userVersion(t testing.TB, path string) int {
	t.Helper()
	var v int
	if err := openRaw(t, path).QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}
