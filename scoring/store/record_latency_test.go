package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/ontap/ontap/scoring"
)

// BenchmarkRecordLatency records answers one at a time, as a study session
// does, into a store that already holds a history, and reports the latency
// of each Record (one durable transaction): p50, p90, p99 and the worst,
// besides the mean. The tail is what a learner feels: a WAL checkpoint or a
// slow fsync lands on some answers only.
//
// The history is synthetic, latencyReviews answers over 100 decks of 1,000
// cards, unless ONTAP_BENCH_DB names a database to copy (and migrate, if
// it is older), such as the generated collection's:
//
//	ONTAP_BENCH_DB=/tmp/ontap-bench/coll/data/ontap.db go test ./scoring/store -run XXX -bench RecordLatency -benchtime 3000x
//
// The answers go to cards picked at random among those with a state, a
// minute apart, after the last review of the history.
//
// On the generated collection (1M reviews) an answer appends 14-58 pages
// to the WAL (more while the pages of freshly built indexes split). With
// SQLite's automatic checkpoint (every 1,000 pages) inside every 62nd
// Record, that one took 13-16 ms instead of 1.5: that was the p99 (17 ms).
// A background checkpoint every 60 commits then left the answers that came
// during its sync of the database at 8-16 ms (p99 3-5 ms). The store now
// checkpoints in a pause of the writes (DB.afterCommit), so that answers
// back to back never meet one (until 1,000 of them), and answers with a
// pause (ONTAP_BENCH_THINK) find it done.
func BenchmarkRecordLatency(b *testing.B) {
	db := latencyStore(b)
	ctx := context.Background()
	cards, last := latencyCards(b, db, 5000)
	// Start as a study session does: with the log checkpointed into the
	// database, as the last process to close it left it, not with the
	// pages that setting up (a migration) wrote still in the WAL.
	if _, err := db.sql.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		b.Fatal(err)
	}
	// ONTAP_BENCH_THINK (a duration) pauses between answers, as a learner
	// does; by default answers come back to back, the worst case.
	var think time.Duration
	if v := os.Getenv("ONTAP_BENCH_THINK"); v != "" {
		var err error
		if think, err = time.ParseDuration(v); err != nil {
			b.Fatalf("ONTAP_BENCH_THINK=%q: %v", v, err)
		}
	}
	start := last.Add(time.Hour)
	sid := startSession(b, db, "study", start, "gen-000")
	rng := rand.New(rand.NewPCG(1, 2))
	var lat []time.Duration
	i := 0
	for b.Loop() {
		c := cards[rng.IntN(len(cards))]
		t := start.Add(time.Duration(i) * time.Minute)
		after := c.state
		after.Reps++
		after.LastReview, after.Due = t, t.Add(time.Duration(1+after.Reps)*24*time.Hour)
		r := &Review{SessionID: sid, DeckID: c.deck, CardID: c.card, Time: t, Rating: scoring.Good, Answer: "answer",
			Correct: true, Duration: 4 * time.Second, Kind: "review", Before: c.state, After: after}
		t0 := time.Now()
		if err := db.Record(ctx, r); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
		i++
		if think > 0 {
			b.StopTimer()
			time.Sleep(think)
			b.StartTimer()
		}
	}
	slices.Sort(lat)
	pct := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.90), "p90-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1000, "max-ms")
}

// latencyReviews is the size of the synthetic history of
// BenchmarkRecordLatency.
const latencyReviews = 200_000

// latencyStore opens a copy of $ONTAP_BENCH_DB, or a new store holding a
// synthetic history.
func latencyStore(b *testing.B) *DB {
	b.Helper()
	dir := b.TempDir()
	path := filepath.Join(dir, "ontap.db")
	if src := os.Getenv("ONTAP_BENCH_DB"); src != "" {
		for _, suffix := range []string{"", "-wal"} {
			if err := copyFile(src+suffix, path+suffix); err != nil && !(suffix != "" && os.IsNotExist(err)) {
				b.Fatal(err)
			}
		}
		db, err := OpenOptions(path, Options{BusyTimeout: time.Minute})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { db.Close() })
		return db
	}
	db, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	fillHistory(b, db, latencyReviews)
	return db
}

// fillHistory writes n reviews in one transaction: sessions of 100
// answers an hour apart, over 100 decks of 1,000 cards each reviewed again
// every few days, with the states before and after (the summary triggers
// read them), and the final card states.
func fillHistory(b *testing.B, db *DB, n int) {
	b.Helper()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(3, 4))
	states := map[[2]string]scoring.State{}
	t := t0.Add(-730 * 24 * time.Hour)
	err := db.writeTx(ctx, "", func(tx *sql.Tx) error {
		ins, err := tx.PrepareContext(ctx, insertReviewSQL)
		if err != nil {
			return err
		}
		defer ins.Close()
		var sid int64
		for i := range n {
			if i%100 == 0 {
				t = t.Add(time.Hour)
				res, err := tx.ExecContext(ctx, "INSERT INTO sessions (start_ms, end_ms, mode, decks, answered, correct) VALUES (?, ?, 'study', '[\"gen-000\"]', 100, 90)",
					t.UnixMilli(), t.Add(10*time.Minute).UnixMilli())
				if err != nil {
					return err
				}
				if sid, err = res.LastInsertId(); err != nil {
					return err
				}
			}
			key := [2]string{fmt.Sprintf("gen-%03d", rng.IntN(100)), "c" + strconv.Itoa(rng.IntN(1000))}
			before := states[key]
			rt := t.Add(time.Duration(i%100) * 5 * time.Second)
			after := reviewState(before.Reps+1, rt)
			kind := KindReview
			if before.Reps == 0 {
				kind = KindLearn
			}
			r := &Review{DeckID: key[0], CardID: key[1], Time: rt, Rating: scoring.Good, Answer: "answer", Correct: true,
				Duration: 4 * time.Second, Kind: kind, Before: before, After: after}
			if _, err := ins.ExecContext(ctx, reviewArgs(r, nullID(sid), encodeState(before), encodeState(after))...); err != nil {
				return err
			}
			states[key] = after
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if err := db.ReplaceStates(ctx, states); err != nil {
		b.Fatal(err)
	}
}

// latencyCard is a card with a state, to answer.
type latencyCard struct {
	deck, card string
	state      scoring.State
}

// latencyCards returns up to n cards with a state, picked at random, and
// the time of the last review in the log.
func latencyCards(b *testing.B, db *DB, n int) ([]latencyCard, time.Time) {
	b.Helper()
	ctx := context.Background()
	rows, err := db.sql.QueryContext(ctx, "SELECT deck_id, card_id FROM card_states WHERE phase > 0 ORDER BY random() LIMIT ?", n)
	if err != nil {
		b.Fatal(err)
	}
	var cards []latencyCard
	for rows.Next() {
		var c latencyCard
		if err := rows.Scan(&c.deck, &c.card); err != nil {
			b.Fatal(err)
		}
		cards = append(cards, c)
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	rows.Close()
	if len(cards) == 0 {
		b.Fatal("no card has a state")
	}
	for i := range cards {
		if cards[i].state, _, err = db.State(ctx, cards[i].deck, cards[i].card); err != nil {
			b.Fatal(err)
		}
	}
	var last sql.NullInt64
	if err := db.sql.QueryRowContext(ctx, "SELECT max(time_ms) FROM reviews").Scan(&last); err != nil {
		b.Fatal(err)
	}
	return cards, timeOf(last)
}
