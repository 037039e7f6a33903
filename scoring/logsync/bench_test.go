package logsync

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ontap/ontap/scoring"
	"github.com/ontap/ontap/scoring/schedule"
	"github.com/ontap/ontap/scoring/store"
)

// writeDeviceLog writes n review entries of device dev under dir: 5,000
// cards of deck "d" answered in turn, a minute apart, with the states
// before and after as ontap records them, in sessions of 99 (an entry
// each too).
func writeDeviceLog(tb testing.TB, dir, dev string, n int) {
	tb.Helper()
	sub := filepath.Join(dir, dev)
	if err := os.MkdirAll(sub, 0o755); err != nil {
		tb.Fatal(err)
	}
	f, err := os.Create(filepath.Join(sub, "2026-11.jsonl"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	start := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
	seq := int64(0)
	put := func(e *store.SyncEntry) {
		seq++
		e.Device, e.Seq = dev, seq
		line, err := EncodeLine(e)
		if err != nil {
			tb.Fatal(err)
		}
		w.Write(line)
	}
	sched, err := schedule.NewFSRS(schedule.DefaultConfig())
	if err != nil {
		tb.Fatal(err)
	}
	states := map[string]scoring.State{}
	var session int64
	for i := 0; i < n; i++ {
		at := start.Add(time.Duration(i) * time.Minute)
		if i%99 == 0 {
			put(&store.SyncEntry{Session: &store.SyncSession{Start: at, End: at.Add(99 * time.Minute), Mode: "study", Decks: []string{"d"}, Answered: 99, Correct: 99}})
			session = seq
		}
		r := &store.SyncReview{Session: session, HasStates: true}
		r.DeckID, r.CardID, r.Time, r.Rating, r.Kind, r.Correct = "d", fmt.Sprintf("c%d", i%5000), at, scoring.Rating(2+i%3), "review", true
		r.Answer, r.Duration = "an answer", 3*time.Second
		r.Before = states[r.CardID]
		r.After = sched.Review("d/"+r.CardID, r.Before, r.Rating, at)
		states[r.CardID] = r.After
		put(&store.SyncEntry{Review: r})
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkSync100k: a sync that reads 100,000 entries of another device
// (99,000 reviews of 5,000 cards and 1,000 sessions) into an empty
// database, and derives the 5,000 cards' states.
func BenchmarkSync100k(b *testing.B) {
	dir := b.TempDir()
	writeDeviceLog(b, dir, "0123456789abcdef", 99000)
	s, err := schedule.NewFSRS(schedule.DefaultConfig())
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db, err := store.Open(filepath.Join(b.TempDir(), "ontap.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		res, err := Sync(context.Background(), db, Options{Dir: dir, Now: func() time.Time { return t0 },
			Scheduler: func(string) (scoring.Scheduler, error) { return s, nil }})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if res.Added != 100000 || res.Replayed != 5000 {
			b.Fatalf("added %d entries and replayed %d cards, want 100000 and 5000", res.Added, res.Replayed)
		}
		db.Close()
		b.StartTimer()
	}
}

// BenchmarkSyncNothingNew: the sync that study runs at its start when no
// device wrote anything since the last one, in a folder of 100,000
// entries already read.
func BenchmarkSyncNothingNew(b *testing.B) {
	dir := b.TempDir()
	writeDeviceLog(b, dir, "0123456789abcdef", 99000)
	s, err := schedule.NewFSRS(schedule.DefaultConfig())
	if err != nil {
		b.Fatal(err)
	}
	db, err := store.Open(filepath.Join(b.TempDir(), "ontap.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	opt := Options{Dir: dir, Now: func() time.Time { return t0 }, Scheduler: func(string) (scoring.Scheduler, error) { return s, nil }}
	if _, err := Sync(context.Background(), db, opt); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		res, err := Sync(context.Background(), db, opt)
		if err != nil {
			b.Fatal(err)
		}
		if res.Read != 0 || res.Written != 0 {
			b.Fatalf("%+v: want nothing read or written", res)
		}
	}
}
