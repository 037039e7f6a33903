package store

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ontap/ontap/scoring"
)

// recordAnswers records n answers of worker w into a new session of db,
// each answer naming its worker and number so the log can be checked.
func recordAnswers(ctx context.Context, db *DB, w, n int) error {
	s := &Session{Start: t0, Mode: "study", Decks: []string{"d"}}
	if err := db.StartSession(ctx, s); err != nil {
		return err
	}
	for i := range n {
		card := fmt.Sprintf("w%d-%d", w, i%7)
		st, _, err := db.State(ctx, "d", card)
		if err != nil {
			return err
		}
		r := &Review{SessionID: s.ID, DeckID: "d", CardID: card, Time: t0.Add(time.Duration(i) * time.Second),
			Rating: scoring.Rating(1 + i%4), Answer: fmt.Sprintf("w%d-a%d", w, i), Correct: i%4 != 0,
			Kind: "learn", Before: st, After: reviewState(st.Reps+1, t0)}
		if err := db.Record(ctx, r); err != nil {
			return err
		}
	}
	return db.FinishSession(ctx, s.ID, t0.Add(time.Hour))
}

// checkAnswers checks that the log holds exactly n answers of each of
// workers 0..w-1, with matching session counts and card states.
func checkAnswers(t *testing.T, db *DB, workers, n int) {
	t.Helper()
	ctx := context.Background()
	got := map[string]int{}
	for _, r := range allReviews(t, db) {
		got[r.Answer]++
	}
	if len(got) != workers*n {
		t.Errorf("%d distinct answers in the log, want %d", len(got), workers*n)
	}
	for w := range workers {
		for i := range n {
			if a := fmt.Sprintf("w%d-a%d", w, i); got[a] != 1 {
				t.Errorf("answer %s is in the log %d times", a, got[a])
			}
		}
	}
	ss, err := db.Sessions(ctx, "d", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(ss) != workers {
		t.Errorf("%d sessions, want %d", len(ss), workers)
	}
	for _, s := range ss {
		if s.Answered != n || s.End.IsZero() {
			t.Errorf("session %d: answered %d, end %v", s.ID, s.Answered, s.End)
		}
	}
	states, err := db.States(ctx, "d")
	if err != nil {
		t.Fatal(err)
	}
	for card, st := range states {
		var w, c int
		fmt.Sscanf(card, "w%d-%d", &w, &c)
		if want := (n - c + 6) / 7; st.Reps != want {
			t.Errorf("card %s: %d reps, want %d", card, st.Reps, want)
		}
	}
	if err := db.Check(ctx); err != nil {
		t.Error(err)
	}
}

// TestConcurrentGoroutines: writers sharing one DB and writers with their
// own DB on the same file, and a reader, all at once.
func TestConcurrentGoroutines(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ontap.db")
	shared, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer shared.Close()
	const workers, n = 8, 40
	var wg sync.WaitGroup
	errs := make(chan error, workers+1)
	for w := range workers {
		wg.Go(func() {
			db := shared
			if w%2 == 1 {
				own, err := Open(path)
				if err != nil {
					errs <- err
					return
				}
				defer own.Close()
				db = own
			}
			if err := recordAnswers(ctx, db, w, n); err != nil {
				errs <- fmt.Errorf("worker %d: %w", w, err)
			}
		})
	}
	done := make(chan struct{})
	wg.Go(func() { // an `ontap stats` meanwhile
		for {
			select {
			case <-done:
				return
			default:
			}
			if _, err := shared.NewCount(ctx, "d", t0); err != nil {
				errs <- fmt.Errorf("reader: %w", err)
				return
			}
			if _, err := shared.Sessions(ctx, "", 0); err != nil {
				errs <- fmt.Errorf("reader: %w", err)
				return
			}
		}
	})
	go func() {
		for range 1000 {
			var n int
			shared.sql.QueryRow("SELECT count(*) FROM sessions WHERE end_ms IS NULL OR answered < ?", 40).Scan(&n)
			if s, _ := shared.Sessions(ctx, "", 0); len(s) == workers && n == 0 {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		close(done)
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	checkAnswers(t, shared, workers, n)
}

// childRecord is a child process of TestConcurrentProcesses.
func childRecord() int {
	w, _ := strconv.Atoi(os.Getenv("ONTAP_STORE_WORKER"))
	n, _ := strconv.Atoi(os.Getenv("ONTAP_STORE_N"))
	db, err := Open(os.Getenv("ONTAP_STORE_DB"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	err = recordAnswers(context.Background(), db, w, n)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// TestConcurrentProcesses: several processes create, migrate and write the
// same database at once while this one reads it.
func TestConcurrentProcesses(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "ontap.db")
	const procs, n = 5, 60
	cmds := make([]*exec.Cmd, procs)
	outs := make([]*bytes.Buffer, procs)
	for w := range procs {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "ONTAP_STORE_CHILD=record", "ONTAP_STORE_DB="+path,
			"ONTAP_STORE_WORKER="+strconv.Itoa(w), "ONTAP_STORE_N="+strconv.Itoa(n))
		outs[w] = new(bytes.Buffer)
		cmd.Stdout, cmd.Stderr = outs[w], outs[w]
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds[w] = cmd
	}
	// Read while they write, once the database exists.
	ctx := context.Background()
	deadline := time.Now().Add(20 * time.Second)
	reads := 0
	for time.Now().Before(deadline) {
		// Once a child has made the schema: a reader does not migrate.
		if st, err := os.Stat(path); err == nil && st.Size() > 0 && rawVersion(path) == SchemaVersion {
			db, err := Open(path)
			if err != nil {
				t.Fatalf("reader: %v", err)
			}
			for range 20 {
				if _, err := db.ReviewCount(ctx, "d", t0); err != nil {
					t.Errorf("reader: %v", err)
				}
				reads++
			}
			db.Close()
			break
		}
		time.Sleep(2 * time.Millisecond)
	}
	if reads == 0 {
		t.Error("the reader never ran")
	}
	for w, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Errorf("process %d: %v\n%s", w, err, outs[w])
		}
	}
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	checkAnswers(t, db, procs, n)
	t.Logf("%d processes × %d answers, %d concurrent reads", procs, n, reads)
}

// rawVersion reads the user_version of the database at path without the
// store's setup (0 on error).
func rawVersion(path string) int {
	sdb, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(1000)")
	if err != nil {
		return 0
	}
	defer sdb.Close()
	var v int
	sdb.QueryRow("PRAGMA user_version").Scan(&v)
	return v
}

// childCrash records reviews until killed, printing each committed id.
func childCrash() int {
	db, err := Open(os.Getenv("ONTAP_STORE_DB"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	ctx := context.Background()
	s := &Session{Start: time.Now(), Mode: "study", Decks: []string{"d"}}
	if err := db.StartSession(ctx, s); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	for i := 0; ; i++ {
		card := strconv.Itoa(i % 50)
		st, _, err := db.State(ctx, "d", card)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		r := &Review{SessionID: s.ID, DeckID: "d", CardID: card, Time: time.Now(), Rating: scoring.Good,
			Answer: strings.Repeat("x", i%300), Correct: true, Kind: "review", Before: st, After: reviewState(st.Reps+1, t0)}
		if err := db.Record(ctx, r); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		fmt.Printf("%d\n", r.ID) // unbuffered: one write per committed review
	}
}

// TestCrash kills processes that are recording reviews at random moments
// and checks that every review they reported committed is in the log, and
// that the database is whole and opens.
func TestCrash(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "ontap.db")
	rng := rand.New(rand.NewPCG(1, 2))
	kills := 60
	if testing.Short() {
		kills = 20
	}
	committed := map[int64]bool{}
	start := time.Now()
	for k := range kills {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "ONTAP_STORE_CHILD=crash", "ONTAP_STORE_DB="+path)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		first := make(chan struct{}) // closed at the first committed review
		lines := make(chan []string)
		go func() {
			var got []string
			br := bufio.NewReader(stdout)
			for {
				line, err := br.ReadString('\n')
				if err != nil {
					break // a partial last line was not reported whole: ignore it
				}
				if got = append(got, strings.TrimSuffix(line, "\n")); len(got) == 1 {
					close(first)
				}
			}
			if len(got) == 0 {
				close(first)
			}
			lines <- got
		}()
		// Every other run is killed at a random moment after start (during
		// start-up, Open or recording), the others at a random moment
		// after their first commit, so that slow machines test recording too.
		if k%2 == 1 {
			select {
			case <-first:
			case <-time.After(20 * time.Second):
				t.Fatalf("kill %d: no review committed in 20s", k)
			}
		}
		time.Sleep(time.Duration(rng.IntN(100)) * time.Millisecond)
		cmd.Process.Kill()
		got := <-lines
		err = cmd.Wait()
		if err == nil || stderr.Len() > 0 {
			t.Fatalf("kill %d: child ended by itself: %v\n%s", k, err, stderr.String())
		}
		for _, l := range got {
			id, err := strconv.ParseInt(l, 10, 64)
			if err != nil {
				t.Fatalf("kill %d: bad line %q", k, l)
			}
			committed[id] = true
		}
	}
	db, err := Open(path)
	if err != nil {
		t.Fatalf("Open after %d kills: %v", kills, err)
	}
	defer db.Close()
	if err := db.Check(context.Background()); err != nil {
		t.Fatal(err)
	}
	inLog := map[int64]bool{}
	for _, r := range allReviews(t, db) {
		inLog[r.ID] = true
	}
	for id := range committed {
		if !inLog[id] {
			t.Errorf("review %d was reported committed but is not in the log", id)
		}
	}
	if len(committed) < kills {
		t.Errorf("only %d reviews committed in %d runs: the kills came too early to test anything", len(committed), kills)
	}
	t.Logf("%d kills in %s: %d reviews reported committed, %d in the log", kills, time.Since(start).Round(time.Millisecond), len(committed), len(inLog))
}
