package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/ontap/ontap/scoring"
	"github.com/ontap/ontap/scoring/logsync"
	"github.com/ontap/ontap/scoring/store"
)

// TestSyncKilled kills real `ontap sync` processes with SIGKILL at random
// moments, while they read another device's 6,000 entries and write this
// device's 4,000, until one finishes; then no entry is lost or doubled,
// in the database or in the files, and a machine that syncs afterwards
// holds the same states.
func TestSyncKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("kills sync processes until one finishes; skipped with -short")
	}
	bin, err := exec.LookPath("ontap")
	if err != nil {
		t.Fatalf("ontap not on PATH: %v", err)
	}
	dir := t.TempDir()
	shared := filepath.Join(dir, "shared")
	const theirs, ours = 6000, 4000
	writeOtherDevice(t, filepath.Join(shared, "0123456789abcdef"), theirs)
	// This machine's own answers, from an import.
	var csv bytes.Buffer
	csv.WriteString("card_id,review_rating,review_time,review_duration\n")
	start := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	for i := 0; i < ours; i++ {
		fmt.Fprintf(&csv, "d/c%d,%d,%s,2000\n", i%700, 1+i%4, start.Add(time.Duration(i)*time.Minute).Format(time.RFC3339))
	}
	if err := os.WriteFile(filepath.Join(dir, "ours.csv"), csv.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	env := testEnv(filepath.Join(dir, "A"))
	run := func(env []string, args ...string) {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("ontap %v: %v\n%s", args, err, out)
		}
	}
	run(env, "progress", "import", filepath.Join(dir, "ours.csv"))

	rng := rand.New(rand.NewPCG(3, 4))
	kills, cuts := killSyncs(t, rng, bin, env, shared, 100)
	t.Logf("reading: %d syncs killed before one finished, %d of them in the middle of a line of ours", kills, cuts)
	if kills == 0 {
		t.Error("no sync was killed: the test proved nothing")
	}
	// More answers of ours, a few hundred at a time, each sync killed at
	// a random moment (aimed at their writing) or not at all.
	const rounds, more = 8, 400
	kills, cuts = 0, 0
	for r := 0; r < rounds; r++ {
		csv.Reset()
		csv.WriteString("card_id,review_rating,review_time,review_duration\n")
		for i := ours + r*more; i < ours+(r+1)*more; i++ {
			fmt.Fprintf(&csv, "d/c%d,%d,%s,2000\n", i%700, 1+i%4, start.Add(time.Duration(i)*time.Minute).Format(time.RFC3339))
		}
		name := filepath.Join(dir, fmt.Sprintf("more%d.csv", r))
		if err := os.WriteFile(name, csv.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		run(env, "progress", "import", name)
		k, c := killSync(t, bin, env, shared, time.Duration(rng.IntN(1500))*time.Millisecond)
		kills, cuts = kills+k, cuts+c
	}
	t.Logf("writing: %d of %d syncs killed, %d of them in the middle of a line of ours", kills, rounds, cuts)
	run(env, "sync", shared)
	const ourAll = ours + rounds*more
	// Once more: nothing to add or write.
	run(env, "sync", shared)

	dbA := filepath.Join(dir, "A", "ontap.db")
	if n := countReviews(t, dbA); n != theirs+ourAll {
		t.Errorf("%d reviews after the kills, want %d (ours and theirs, each once)", n, theirs+ourAll)
	}
	// This device's file holds each of its entries once, in order.
	files, _ := filepath.Glob(filepath.Join(shared, "*", "*.jsonl"))
	if len(files) != 2 {
		t.Fatalf("files in the folder: %v, want the other device's and ours", files)
	}
	for _, f := range files {
		if filepath.Base(filepath.Dir(f)) == "0123456789abcdef" {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(bytes.NewReader(b))
		sc.Buffer(nil, logsync.MaxLine+1)
		seq := int64(0)
		for sc.Scan() {
			e, err := logsync.ParseLine(sc.Bytes())
			if err != nil {
				t.Fatalf("%s:%d: %v", f, seq+1, err)
			}
			if e.Seq != seq+1 {
				t.Fatalf("%s: entry %d after %d: an entry lost or doubled", f, e.Seq, seq)
			}
			seq = e.Seq
		}
		if seq != ourAll {
			t.Errorf("%s: %d entries, want %d", f, seq, ourAll)
		}
	}
	// A machine syncing afterwards holds the same states.
	envB := testEnv(filepath.Join(dir, "B"))
	run(envB, "sync", shared)
	a, b := openStates(t, dbA), openStates(t, filepath.Join(dir, "B", "ontap.db"))
	if len(a) != 700 || len(a) != len(b) {
		t.Fatalf("%d and %d card states, want 700", len(a), len(b))
	}
	for k, s := range a {
		if b[k] != s {
			t.Errorf("card %s: %+v here, %+v on a machine that synced after", k, s, b[k])
		}
	}
}

// killSyncs starts `ontap sync shared` again and again, each killed at a
// random moment, later and later (step ms more each time: a killed sync
// keeps the batches it committed, and the next one goes on from there),
// until one finishes. It returns how many were killed, and how many of
// those left a cut last line in this device's file.
func killSyncs(t *testing.T, rng *rand.Rand, bin string, env []string, shared string, step int) (kills, cuts int) {
	t.Helper()
	for {
		if kills > 200 {
			t.Fatal("no sync finished in 200 attempts")
		}
		k, c := killSync(t, bin, env, shared, time.Duration(50+rng.IntN(400)+step*kills)*time.Millisecond)
		if k == 0 {
			return kills, cuts
		}
		kills, cuts = kills+k, cuts+c
	}
}

// killSync runs `ontap sync shared` and kills it after delay unless it
// finished (then it returns 0, 0); it returns 1 and whether the kill left
// a cut last line in this device's file.
func killSync(t *testing.T, bin string, env []string, shared string, delay time.Duration) (kills, cuts int) {
	t.Helper()
	cmd := exec.Command(bin, "sync", shared)
	cmd.Env = env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("sync failed: %v\n%s", err, out.Bytes())
		}
		return 0, 0
	case <-time.After(delay):
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			<-exited // it had just finished
			return 0, 0
		}
		<-exited
		if cutOwnLine(shared) {
			return 1, 1
		}
		return 1, 0
	}
}

// cutOwnLine reports whether a file of the folder (other than the other
// device's) ends in the middle of a line.
func cutOwnLine(shared string) bool {
	files, _ := filepath.Glob(filepath.Join(shared, "*", "*.jsonl"))
	for _, f := range files {
		if filepath.Base(filepath.Dir(f)) == "0123456789abcdef" {
			continue
		}
		if b, err := os.ReadFile(f); err == nil && len(b) > 0 && b[len(b)-1] != '\n' {
			return true
		}
	}
	return false
}

// writeOtherDevice writes n review entries of another device in its
// folder dir, of the 700 cards of deck d.
func writeOtherDevice(t *testing.T, dir string, n int) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	start := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		r := &store.SyncReview{}
		r.DeckID, r.CardID, r.Time, r.Rating, r.Kind, r.Correct = "d", fmt.Sprintf("c%d", i%700), start.Add(time.Duration(i)*time.Minute+time.Second), scoring.Rating(1+i%4), "review", i%4 != 0
		line, err := logsync.EncodeLine(&store.SyncEntry{Device: filepath.Base(dir), Seq: int64(i + 1), Review: r})
		if err != nil {
			t.Fatal(err)
		}
		buf.Write(line)
	}
	if err := os.WriteFile(filepath.Join(dir, "2026-01.jsonl"), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func openStates(t *testing.T, path string) map[string]scoring.State {
	t.Helper()
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s, err := db.States(context.Background(), "d")
	if err != nil {
		t.Fatal(err)
	}
	return s
}
