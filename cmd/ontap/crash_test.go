package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ontap/ontap/scoring/store"
)

// studyProc is a real `ontap study --porcelain` process answered through
// a pipe, one answer after each question it prints.
type studyProc struct {
	cmd     *exec.Cmd
	stdin   io.WriteCloser
	events  *bufio.Scanner
	results int // result events read
}

func startStudy(t *testing.T, env []string, args ...string) *studyProc {
	t.Helper()
	bin, err := exec.LookPath("ontap")
	if err != nil {
		t.Fatalf("ontap not on PATH: %v", err)
	}
	cmd := exec.Command(bin, append([]string{"study", "--porcelain"}, args...)...)
	cmd.Env = env
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stdout)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	return &studyProc{cmd: cmd, stdin: stdin, events: sc}
}

// step reads events up to the next question and answers it by giving up
// (always a valid answer, whatever the card). It returns false at the
// summary or end of output.
func (p *studyProc) step() bool {
	for p.events.Scan() {
		var ev struct{ Type string }
		if json.Unmarshal(p.events.Bytes(), &ev) != nil {
			continue
		}
		switch ev.Type {
		case "result":
			p.results++
		case "question":
			_, err := io.WriteString(p.stdin, ":giveup\n")
			return err == nil
		case "summary":
			return false
		}
	}
	return false
}

func testEnv(dir string) []string {
	return append(os.Environ(), "ONTAP_HOME="+dir, "ONTAP_NOW=2026-11-23T09:00:00Z", "NO_COLOR=1", "TZ=UTC")
}

func countReviews(t *testing.T, dbPath string) int {
	t.Helper()
	db, err := store.Open(dbPath)
	if err != nil {
		t.Fatalf("reopening the database: %v", err)
	}
	defer db.Close()
	if err := db.Check(context.Background()); err != nil {
		t.Fatalf("integrity check: %v", err)
	}
	n := 0
	if err := db.Reviews(context.Background(), func(*store.Review) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestCrashSafety kills real study processes with SIGKILL at random
// moments, 50 times, and checks that every answer whose result was printed
// is in the log, that the database is intact, and that the next session
// starts normally.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("kills 50 processes; skipped with -short")
	}
	dir := t.TempDir()
	env := testEnv(dir)
	rng := rand.New(rand.NewPCG(1, 2))
	logged, kills := 0, 0
	for i := 0; i < 50; i++ {
		p := startStudy(t, env, "--new", "200", "four-nos", "timeline")
		answers := rng.IntN(6)
		for j := 0; j < answers && p.step(); j++ {
		}
		// Let the last answer be in flight for a random moment, then kill.
		time.Sleep(time.Duration(rng.IntN(3000)) * time.Microsecond)
		if err := p.cmd.Process.Signal(syscall.SIGKILL); err == nil {
			kills++
		}
		_ = p.cmd.Wait()
		// Read what was printed before the kill.
		for p.step() {
		}
		n := countReviews(t, filepath.Join(dir, "ontap.db"))
		if added := n - logged; added < p.results {
			t.Fatalf("kill %d: %d results printed but only %d reviews added to the log", i+1, p.results, added)
		} else if added > p.results+1 {
			// At most the one answer in flight can be saved unprinted.
			t.Fatalf("kill %d: %d reviews added to the log for %d printed results", i+1, added, p.results)
		}
		logged = n
	}
	if kills < 50 {
		t.Errorf("only %d of 50 processes were killed", kills)
	}
	// The next session starts normally and ends with a summary.
	p := startStudy(t, env, "four-nos")
	if !p.step() {
		t.Fatal("no question after the crashes")
	}
	p.stdin.Close()
	for p.step() {
	}
	if err := p.cmd.Wait(); err != nil {
		t.Fatalf("session after the crashes: %v", err)
	}
}

// TestConcurrentSessions runs several study sessions and history readers
// at once on one data directory; afterwards the log holds exactly the
// answers given.
func TestConcurrentSessions(t *testing.T) {
	dir := t.TempDir()
	env := testEnv(dir)
	// Create the database first, so that the processes race on writes,
	// not on creating the schema.
	if err := exec.Command("ontap", "study", "--data-dir", dir, "four-nos").Run(); err != nil {
		t.Fatalf("first run: %v", err)
	}
	const procs, answers = 4, 15
	var wg sync.WaitGroup
	results := make([]int, procs)
	errs := make(chan error, procs*2)
	for i := 0; i < procs; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			p := startStudy(t, env, "--new", "200", []string{"timeline", "expos", "diplomacy", "four-nos"}[i])
			for j := 0; j < answers && p.step(); j++ {
			}
			p.stdin.Close()
			for p.step() {
			}
			if err := p.cmd.Wait(); err != nil {
				errs <- fmt.Errorf("study %d: %v", i, err)
			}
			results[i] = p.results
		}(i)
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for k := 0; k < 5; k++ {
				cmd := exec.Command("ontap", "history", "--json")
				cmd.Env = env
				if out, err := cmd.CombinedOutput(); err != nil {
					errs <- fmt.Errorf("history: %v\n%s", err, out)
					return
				}
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	total := 0
	for _, r := range results {
		total += r
	}
	if total != procs*answers {
		t.Errorf("%d results printed, want %d", total, procs*answers)
	}
	if n := countReviews(t, filepath.Join(dir, "ontap.db")); n != total {
		t.Errorf("log holds %d reviews, want exactly the %d answers given", n, total)
	}
}
