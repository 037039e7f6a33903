package stats

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/ontap/ontap/decks/builtin"
	"github.com/ontap/ontap/scoring/schedule"
	"github.com/ontap/ontap/scoring/store"
)

// Sizes of the benchmark history: a million answers over three years, in
// sessions of 100, to 20 decks of 500 cards.
const (
	benchReviews  = 1_000_000
	benchDecks    = 20
	benchCards    = 500
	benchPerSess  = 100
	benchDaysBack = 3 * 365
)

var (
	benchOnce sync.Once
	benchDir  string
	benchErr  error
)

// TestMain removes the benchmark database, built once per run.
func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

// benchDB returns the path of a database holding benchReviews answers,
// built once with a bulk insert in one transaction (the summary triggers
// fire as for any answer), and the decks it covers.
func benchDB(b *testing.B) (string, []Deck) {
	b.Helper()
	cfg := config(time.UTC)
	sched, err := schedule.NewFSRS(cfg)
	if err != nil {
		b.Fatal(err)
	}
	var ds []Deck
	for d := range benchDecks {
		deck := Deck{ID: fmt.Sprintf("deck-%02d", d), Title: fmt.Sprintf("Bộ thẻ %d", d), NewPerDay: 20, Scheduler: sched}
		for c := range benchCards {
			deck.Items = append(deck.Items, Item{ID: fmt.Sprintf("card-%03d", c), Prompt: fmt.Sprintf("Question %d?", c)})
		}
		ds = append(ds, deck)
	}
	benchOnce.Do(func() {
		benchDir, benchErr = os.MkdirTemp("", "ontap-stats-bench-")
		if benchErr == nil {
			start := time.Now()
			benchErr = buildBenchDB(filepath.Join(benchDir, "ontap.db"), ds, benchReviews, now)
			fmt.Fprintf(os.Stderr, "built a history of %d answers in %s\n", benchReviews, time.Since(start).Round(time.Millisecond))
		}
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return filepath.Join(benchDir, "ontap.db"), ds
}

// buildBenchDB writes n answers to the decks ds, ending at end, into a new
// database at path: sessions of benchPerSess answers spread over
// benchDaysBack days, about one in eight wrong, one session in ten a quiz,
// with the card states they lead to.
func buildBenchDB(path string, ds []Deck, n int, end time.Time) error {
	db, err := store.Open(path) // the schema
	if err != nil {
		return err
	}
	db.Close()
	sdb, err := sql.Open("sqlite", path)
	if err != nil {
		return err
	}
	defer sdb.Close()
	// One connection, a large page cache and statement journals in
	// memory: the bulk load is not slowed by spilling pages.
	sdb.SetMaxOpenConns(1)
	if _, err := sdb.Exec("PRAGMA cache_size = -400000; PRAGMA temp_store = MEMORY; PRAGMA synchronous = OFF"); err != nil {
		return err
	}
	tx, err := sdb.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	insSession, err := tx.Prepare("INSERT INTO sessions (id, start_ms, end_ms, mode, decks, answered, correct) VALUES (?, ?, ?, ?, ?, ?, ?)")
	if err != nil {
		return err
	}
	insReview, err := tx.Prepare(`INSERT INTO reviews (session_id, deck_id, card_id, time_ms, rating, answer, correct, duration_ms, kind, before, after)
		VALUES (?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(42, 42))
	type card struct {
		last, due    time.Time
		reps, lapses int
	}
	cards := map[[2]int]*card{}
	sessions := n / benchPerSess
	span := time.Duration(benchDaysBack) * 24 * time.Hour
	stateJSON := func(c *card) string {
		if c.reps == 0 {
			return `{"phase":"new","step":0,"stability":0,"difficulty":0,"reps":0,"lapses":0}`
		}
		return fmt.Sprintf(`{"phase":"review","step":0,"stability":%.2f,"difficulty":5.1,"due":"%s","last_review":"%s","reps":%d,"lapses":%d}`,
			c.due.Sub(c.last).Hours()/24, c.due.UTC().Format("2006-01-02T15:04:05.000Z07:00"),
			c.last.UTC().Format("2006-01-02T15:04:05.000Z07:00"), c.reps, c.lapses)
	}
	for s := range sessions {
		start := end.Add(-span + time.Duration(float64(span)*float64(s)/float64(sessions)))
		start = start.Add(-time.Duration(rng.IntN(3600)) * time.Second)
		mode := "study"
		if s%10 == 9 {
			mode = "quiz"
		}
		d := rng.IntN(len(ds))
		at := start
		correct := 0
		for range benchPerSess {
			ci := rng.IntN(len(ds[d].Items))
			c := cards[[2]int{d, ci}]
			if c == nil {
				c = &card{}
				cards[[2]int{d, ci}] = c
			}
			rating := 3
			if rng.IntN(8) == 0 {
				rating = 1
			}
			if rating > 1 {
				correct++
			}
			kind := "quiz"
			if mode == "study" {
				kind = "review"
				if c.reps == 0 {
					kind = "learn"
				} else if c.lapses > 0 && rng.IntN(4) == 0 {
					kind = "relearn"
				}
			}
			before := stateJSON(c)
			if mode == "study" {
				ivl := max(time.Hour, 2*c.due.Sub(c.last))
				if rating == 1 {
					ivl = 24 * time.Hour
					if c.reps > 0 {
						c.lapses++
					}
				}
				c.reps++
				c.last, c.due = at, at.Add(min(ivl, 400*24*time.Hour))
			}
			if _, err := insReview.Exec(s+1, ds[d].ID, ds[d].Items[ci].ID, at.UnixMilli(), rating, rating > 1,
				2000+rng.IntN(8000), kind, before, stateJSON(c)); err != nil {
				return err
			}
			at = at.Add(time.Duration(5+rng.IntN(20)) * time.Second)
		}
		if _, err := insSession.Exec(s+1, start.UnixMilli(), at.UnixMilli(), mode, fmt.Sprintf(`["%s"]`, ds[d].ID),
			benchPerSess, correct); err != nil {
			return err
		}
	}
	insState, err := tx.Prepare(`INSERT INTO card_states (deck_id, card_id, phase, stability, difficulty, due_ms, last_review_ms, reps, lapses, leech)
		VALUES (?, ?, 2, ?, 5.1, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	for k, c := range cards {
		if c.reps == 0 {
			continue
		}
		if _, err := insState.Exec(ds[k[0]].ID, ds[k[0]].Items[k[1]].ID, c.due.Sub(c.last).Hours()/24,
			c.due.UnixMilli(), c.last.UnixMilli(), c.reps, c.lapses, c.lapses >= 8); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// openBench opens the benchmark database.
func openBench(b *testing.B) (*store.DB, []Deck) {
	path, ds := benchDB(b)
	db, err := store.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db, ds
}

// BenchmarkStats1M is `ontap stats` over every deck with a million answers
// in the log: the queries, the computation and the text.
func BenchmarkStats1M(b *testing.B) {
	db, ds := openBench(b)
	cfg := config(time.UTC)
	ctx := context.Background()
	for b.Loop() {
		r, err := Compute(ctx, Input{Store: db, Decks: ds, Config: cfg, Now: now})
		if err != nil {
			b.Fatal(err)
		}
		if err := WriteText(io.Discard, r, TextOptions{}); err != nil {
			b.Fatal(err)
		}
		if r.Retention[3].Young.Reviews+r.Retention[3].Mature.Reviews == 0 {
			b.Fatal("no reviews counted")
		}
	}
}

// BenchmarkStatsDeck1M is `ontap stats DECK`.
func BenchmarkStatsDeck1M(b *testing.B) {
	db, ds := openBench(b)
	cfg := config(time.UTC)
	ctx := context.Background()
	for b.Loop() {
		if _, err := Compute(ctx, Input{Store: db, Decks: ds[:1], Deck: ds[0].ID, Config: cfg, Now: now}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStatsHTML1M is `ontap stats --html`.
func BenchmarkStatsHTML1M(b *testing.B) {
	db, ds := openBench(b)
	cfg := config(time.UTC)
	ctx := context.Background()
	for b.Loop() {
		r, err := Compute(ctx, Input{Store: db, Decks: ds, Config: cfg, Now: now})
		if err != nil {
			b.Fatal(err)
		}
		var buf bytes.Buffer
		if err := WriteHTML(&buf, r); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHistory1M is `ontap history` (every session, and the chart of
// the last ones) and `ontap history DECK` (its sessions and the deck's
// scores in them) with 10,000 sessions and a million answers.
func BenchmarkHistory1M(b *testing.B) {
	db, ds := openBench(b)
	ctx := context.Background()
	for b.Loop() {
		all, err := db.Sessions(ctx, "", 0)
		if err != nil {
			b.Fatal(err)
		}
		one, err := db.Sessions(ctx, ds[0].ID, 0)
		if err != nil {
			b.Fatal(err)
		}
		ids := make([]int64, 0, 35)
		for _, s := range one[:min(35, len(one))] {
			ids = append(ids, s.ID)
		}
		counts, err := db.SessionCounts(ctx, ds[0].ID, ids)
		if err != nil {
			b.Fatal(err)
		}
		scores := make([]float64, 0, len(ids))
		for _, id := range ids {
			c := counts[id]
			scores = append(scores, 100*float64(c.Correct)/float64(max(1, c.Answered)))
		}
		if len(all) != benchReviews/benchPerSess || len(counts) != len(ids) {
			b.Fatalf("%d sessions, %d counts", len(all), len(counts))
		}
		if err := ScoreChart(io.Discard, scores, nil, 5, false); err != nil {
			b.Fatal(err)
		}
	}
}

// TestWriteBenchDB writes the benchmark history for the built-in decks to
// the file named by ONTAP_BENCH_DB, to time the real commands:
//
//	ONTAP_BENCH_DB=/tmp/b/ontap.db go test ./scoring/stats -run WriteBenchDB
//	time ontap --data-dir /tmp/b stats
func TestWriteBenchDB(t *testing.T) {
	path := os.Getenv("ONTAP_BENCH_DB")
	if path == "" {
		t.Skip("set ONTAP_BENCH_DB=FILE to write a history of a million answers to the built-in decks")
	}
	bi, err := builtin.Decks()
	if err != nil {
		t.Fatal(err)
	}
	var ds []Deck
	for _, d := range bi {
		deck := Deck{ID: d.ID}
		for _, it := range d.Items() {
			deck.Items = append(deck.Items, Item{ID: it.ID})
		}
		ds = append(ds, deck)
	}
	if err := buildBenchDB(path, ds, benchReviews, now); err != nil {
		t.Fatal(err)
	}
}
