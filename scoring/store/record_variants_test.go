package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ontap/ontap/scoring"
	"modernc.org/sqlite"
)

// recordVariant is one way of recording answers, compared with the others
// by BenchmarkRecordVariants.
type recordVariant struct {
	setup  []string     // SQL run on the copy before the answers
	open   func(db *DB) // changes to the DB before the answers
	record func(db *DB, ctx context.Context, r *Review) error
}

// recordUnprepared is Record as it was before its statements were prepared
// once: each one prepared again at every answer.
func recordUnprepared(db *DB, ctx context.Context, r *Review) error {
	return db.writeTx(ctx, "for this answer", func(tx *sql.Tx) error {
		if r.SessionID != 0 {
			if _, err := tx.ExecContext(ctx, "UPDATE sessions SET answered = answered + 1, correct = correct + ? WHERE id = ?",
				r.Correct, r.SessionID); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, insertReviewSQL, reviewArgs(r, nullID(r.SessionID), encodeState(r.Before), encodeState(r.After))...)
		if err != nil {
			return err
		}
		if r.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		if r.Kind != "quiz" {
			return putState(ctx, tx, r.DeckID, r.CardID, r.After)
		}
		return nil
	})
}

// recordNow is Record.
func recordNow(db *DB, ctx context.Context, r *Review) error { return db.Record(ctx, r) }

// recordVariants are the variants BenchmarkRecordVariants knows.
var recordVariants = map[string]recordVariant{
	// The store as it is.
	"current": {record: recordNow},
	// Statements prepared at every answer.
	"unprepared": {record: recordUnprepared},
	// A checkpoint every 60 commits, pause or not (the policy before the
	// current one).
	"every60": {record: recordNow, open: func(db *DB) { db.ckpt = checkpointPolicy{every: 60, max: 60} }},
	// A checkpoint in a pause once every transaction, or every 4.
	"every1": {record: recordNow, open: func(db *DB) { db.ckpt.every = 1 }},
	"every4": {record: recordNow, open: func(db *DB) { db.ckpt.every = 4 }},
	// SQLite's own checkpoints, in the commit that takes the log past 1,000
	// pages, and none in the background (the connection that records is
	// the pool's one idle connection, which the PRAGMA sets).
	"sqliteauto": {record: recordNow, open: func(db *DB) {
		db.checkpointing.Store(true)
		if _, err := db.sql.Exec("PRAGMA wal_autocheckpoint = 1000"); err != nil {
			panic(err)
		}
	}},
	// No checkpoint until Close: the log only grows.
	"nocheckpoint": {record: recordNow, open: func(db *DB) { db.checkpointing.Store(true) }},
	// Without the index of the day statistics of a deck (tallyLog would
	// then read the deck's whole log instead): a page or three fewer.
	"noDeckTime": {record: recordNow, setup: []string{"DROP INDEX reviews_deck_time"}},
	// syncs with fdatasync(2) instead of fsync(2), for the whole process
	// (set back after the run).
	"fdatasync": {record: recordNow, open: func(db *DB) { sqlite.Fdatasync(true) }},
}

// BenchmarkRecordVariants compares ways of recording an answer (see
// recordVariants) on copies of $ONTAP_BENCH_DB, as BenchmarkRecordLatency
// does: ONTAP_BENCH_ROUNDS rounds (default 2), each running every variant
// in turn, in a rotated order, on a copy of its own (all made before the
// first run), ONTAP_BENCH_N answers each (default 1000). The machine's
// noise changes from one minute to the next: compare variants of the same
// run. ONTAP_BENCH_VARIANTS names them (comma-separated), ONTAP_BENCH_THINK
// pauses between answers, ONTAP_BENCH_TAIL=1 prints the 20 slowest answers
// of each run. Besides the latencies of each run and of each variant, it
// prints them by the number of pages the answer added to the log (0 when
// the log was reused; +1000 when a checkpoint was running as it began).
//
//	ONTAP_BENCH_VARIANTS=current,every60 ONTAP_BENCH_DB=/tmp/ontap-bench/coll/data/ontap.db go test ./scoring/store -run XXX -bench RecordVariants -benchtime 1x
func BenchmarkRecordVariants(b *testing.B) {
	src := os.Getenv("ONTAP_BENCH_DB")
	names := strings.Split(os.Getenv("ONTAP_BENCH_VARIANTS"), ",")
	if src == "" || names[0] == "" {
		b.Skip("needs ONTAP_BENCH_DB and ONTAP_BENCH_VARIANTS")
	}
	var think time.Duration
	if v := os.Getenv("ONTAP_BENCH_THINK"); v != "" {
		think, _ = time.ParseDuration(v)
	}
	n, rounds := 1000, 2
	fmt.Sscan(os.Getenv("ONTAP_BENCH_N"), &n)
	fmt.Sscan(os.Getenv("ONTAP_BENCH_ROUNDS"), &rounds)
	ctx := context.Background()
	all := map[string][]time.Duration{}
	report := func(name string, lat []time.Duration) {
		lat = slices.Clone(lat)
		slices.Sort(lat)
		pct := func(p float64) float64 {
			return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
		}
		fmt.Printf("%-15s n %5d p50 %.2f p90 %.2f p99 %.2f max %.2f ms\n", name, len(lat), pct(0.5), pct(0.9), pct(0.99), float64(lat[len(lat)-1].Microseconds())/1000)
	}
	// Every copy first, then a pause: a copy being written back, or a
	// deleted one being discarded, would slow the disk for the runs.
	paths := map[[2]int]string{}
	for round := range rounds {
		for k := range names {
			dir, err := os.MkdirTemp("", "ontap-variant")
			if err != nil {
				b.Fatal(err)
			}
			defer os.RemoveAll(dir)
			path := filepath.Join(dir, "ontap.db")
			if err := copyFile(src, path); err != nil {
				b.Fatal(err)
			}
			paths[[2]int{round, k}] = path
		}
	}
	time.Sleep(5 * time.Second)
	for round := range rounds {
		for k := range names {
			name := names[(k+round)%len(names)]
			v, ok := recordVariants[name]
			if !ok {
				b.Fatalf("no variant %q", name)
			}
			path := paths[[2]int{round, k}]
			load, _ := os.ReadFile("/proc/loadavg")
			fmt.Printf("load %s", load)
			db, err := OpenOptions(path, Options{BusyTimeout: time.Minute})
			if err != nil {
				b.Fatal(err)
			}
			for _, q := range v.setup {
				if _, err := db.sql.ExecContext(ctx, q); err != nil {
					b.Fatal(q, err)
				}
			}
			if v.open != nil {
				v.open(db)
			}
			cards, last := latencyCards(b, db, 5000)
			start := last.Add(time.Hour)
			if _, err := db.sql.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
				b.Fatal(err)
			}
			sid := startSession(b, db, "study", start, "gen-000")
			rng := rand.New(rand.NewPCG(1, 2))
			var lat []time.Duration
			var frames []int64
			walSize := func() int64 {
				st, err := os.Stat(path + "-wal")
				if err != nil {
					return 0
				}
				return st.Size()
			}
			prev := walSize()
			for i := range n {
				c := cards[rng.IntN(len(cards))]
				t := start.Add(time.Duration(i) * time.Minute)
				after := c.state
				after.Reps++
				after.LastReview, after.Due = t, t.Add(time.Duration(1+after.Reps)*24*time.Hour)
				r := &Review{SessionID: sid, DeckID: c.deck, CardID: c.card, Time: t, Rating: scoring.Good, Answer: "answer",
					Correct: true, Duration: 4 * time.Second, Kind: "review", Before: c.state, After: after}
				ck := db.checkpointing.Load()
				t0 := time.Now()
				if err := v.record(db, ctx, r); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(t0))
				sz := walSize()
				frames = append(frames, (sz-prev)/4120)
				if ck {
					frames[len(frames)-1] += 1000
				}
				prev = sz
				if think > 0 {
					time.Sleep(think)
				}
			}
			db.checkpointing.Store(false)
			db.Close()
			sqlite.Fdatasync(false)
			report(fmt.Sprintf("%s/%d", name, round), lat)
			buckets := []string{"  log reused", "  +1-19 pages", "  +20-39", "  +40 or more", "  checkpointing"}
			byPages := make([][]time.Duration, len(buckets))
			for i := range lat {
				k := 4
				switch f := frames[i]; {
				case f == 0:
					k = 0
				case f < 20:
					k = 1
				case f < 40:
					k = 2
				case f < 1000:
					k = 3
				}
				byPages[k] = append(byPages[k], lat[i])
			}
			for k, l := range byPages {
				if len(l) > 0 {
					report(buckets[k], l)
				}
			}
			if os.Getenv("ONTAP_BENCH_TAIL") != "" {
				var idx []int
				for i := range lat {
					idx = append(idx, i)
				}
				slices.SortFunc(idx, func(a, b int) int { return int(lat[b] - lat[a]) })
				var sb strings.Builder
				for _, i := range idx[:20] {
					fmt.Fprintf(&sb, " %d:%.1f(%d)", i, float64(lat[i].Microseconds())/1000, frames[i])
				}
				fmt.Println("tail", sb.String())
			}
			all[name] = append(all[name], lat...)
		}
	}
	for _, name := range names {
		report(name, all[name])
	}
}
