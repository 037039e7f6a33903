//go:build linux

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// faultEnv is a data directory, a deck of many typed cards and the
// environment to run the real ontap binary on them.
type faultEnv struct {
	t    *testing.T
	bin  string
	dir  string // holds data/, deck.toml
	data string
	deck string
	env  []string
}

func newFaultEnv(t *testing.T, base string) *faultEnv {
	t.Helper()
	bin, err := exec.LookPath("ontap")
	if err != nil {
		t.Fatalf("ontap not on PATH: %v", err)
	}
	if base == "" {
		base = t.TempDir()
	}
	f := &faultEnv{t: t, bin: bin, dir: base, data: filepath.Join(base, "data"), deck: filepath.Join(base, "deck.toml")}
	var b strings.Builder
	b.WriteString("[deck]\nid = \"big\"\ntitle = \"Big\"\nnew_per_day = 400\n")
	for i := range 300 {
		fmt.Fprintf(&b, "[[card]]\nid = \"c%d\"\nkind = \"typed\"\nprompt = \"Question %d %s\"\nanswer = \"a%d\"\n", i, i, strings.Repeat("x", 200), i)
	}
	if err := os.WriteFile(f.deck, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	f.env = append(os.Environ(), "HOME="+base, "ONTAP_HOME="+f.data, "ONTAP_NOW=2026-11-23T09:00:00Z", "NO_COLOR=1", "TZ=UTC")
	return f
}

// run runs ontap with args (through "sh -c" when shell is set, for ulimit)
// and returns its output and exit code.
func (f *faultEnv) run(stdin, shell string, args ...string) (stdout, stderr string, code int) {
	f.t.Helper()
	var cmd *exec.Cmd
	if shell != "" {
		cmd = exec.Command("sh", append([]string{"-c", shell + `; exec "$0" "$@"`, f.bin}, args...)...)
	} else {
		cmd = exec.Command(f.bin, args...)
	}
	cmd.Env = f.env
	cmd.Dir = f.dir
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		f.t.Fatalf("ontap %s: %v", strings.Join(args, " "), err)
	}
	return out.String(), errb.String(), code
}

var answeredRE = regexp.MustCompile(`Session over: (\d+) answered`)

// answered returns the count a session's summary reports.
func answered(t *testing.T, stdout string) int {
	t.Helper()
	m := answeredRE.FindStringSubmatch(stdout)
	if m == nil {
		t.Fatalf("no summary in:\n%s", tail(stdout))
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// recorded returns the number of answers in the data directory's history.
func (f *faultEnv) recorded() int {
	f.t.Helper()
	out, errs, code := f.run("", "", "history", "--json")
	if code != 0 {
		f.t.Fatalf("history: exit %d: %s", code, errs)
	}
	var sessions []struct {
		Answered int `json:"answered"`
	}
	if err := json.Unmarshal([]byte(out), &sessions); err != nil {
		f.t.Fatalf("history --json: %v\n%s", err, out)
	}
	n := 0
	for _, s := range sessions {
		n += s.Answered
	}
	return n
}

func tail(s string) string {
	if len(s) > 1500 {
		return "..." + s[len(s)-1500:]
	}
	return s
}

func answers(n int) string { return strings.Repeat("a1\n", n) }

// TestFaultFullDisk fills the disk in the middle of a session, simulated
// with a file size limit (RLIMIT_FSIZE, through the shell's ulimit; the Go
// runtime ignores the SIGXFSZ it brings, so writes fail with EFBIG): the
// session stops with a clear message, and a later run without the limit
// finds every answer the session reported.
func TestFaultFullDisk(t *testing.T) {
	t.Parallel()
	f := newFaultEnv(t, "")
	for range 2 { // create the database, then fill the deck cache
		if _, errs, code := f.run("", "", "study", f.deck); code != 0 {
			t.Fatalf("first runs: exit %d: %s", code, errs)
		}
	}
	fi, err := os.Stat(filepath.Join(f.data, "ontap.db"))
	if err != nil {
		t.Fatal(err)
	}
	// ulimit -f counts 512-byte blocks in dash and 1024-byte ones in bash:
	// either way, a few dozen KB more than the database holds now.
	limit := fi.Size()/512 + 64
	out, errs, code := f.run(answers(300), fmt.Sprintf("ulimit -f %d", limit), "study", f.deck)
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr:\n%s\nstdout:\n%s", code, errs, tail(out))
	}
	db := filepath.Join(f.data, "ontap.db")
	if !strings.HasPrefix(errs, "ontap: "+db+": cannot write to the disk (is it full?); free some space and try again; ") ||
		!strings.Contains(errs, "nothing was saved for this answer") ||
		strings.Count(strings.TrimSpace(errs), "\n") != 0 {
		t.Errorf("stderr = %q, want one line naming %s and saying the answer was not saved", errs, db)
	}
	n := answered(t, out)
	if n == 0 || n >= 300 {
		t.Fatalf("%d answered before the disk was full: the limit did not bite mid-session", n)
	}
	if got := f.recorded(); got != n {
		t.Errorf("a later run finds %d answers; the session reported %d", got, n)
	}
	t.Logf("disk full after %d answers: %s", n, strings.TrimSpace(errs))
}

// TestFaultCorruptDatabase: a database file truncated or overwritten with
// garbage stops every command with a message that points to the backups;
// restoring the newest backup gives back every answer made before it.
func TestFaultCorruptDatabase(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name    string
		corrupt func(path string) error
	}{
		{"truncated", func(p string) error { return os.Truncate(p, 30000) }},
		{"garbage", func(p string) error {
			b := bytes.Repeat([]byte("not a database \x1b[2J\x00"), 4000)
			return os.WriteFile(p, b, 0o644)
		}},
		{"garbage header", func(p string) error {
			fh, err := os.OpenFile(p, os.O_WRONLY, 0)
			if err != nil {
				return err
			}
			defer fh.Close()
			_, err = fh.WriteAt(bytes.Repeat([]byte{0xff}, 100), 0)
			return err
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFaultEnv(t, "")
			out, errs, code := f.run(answers(20), "", "study", f.deck)
			if code != 0 {
				t.Fatalf("study: exit %d: %s", code, errs)
			}
			n := answered(t, out)
			if _, errs, code := f.run("", "", "progress", "backup"); code != 0 {
				t.Fatalf("backup: exit %d: %s", code, errs)
			}
			db := filepath.Join(f.data, "ontap.db")
			if err := tt.corrupt(db); err != nil {
				t.Fatal(err)
			}
			for _, args := range [][]string{{"study", f.deck}, {"history"}, {"stats"}} {
				out, errs, code := f.run(answers(3), "", args...)
				if code != 1 {
					t.Errorf("%s: exit %d, want 1; stdout:\n%s", args[0], code, tail(out))
				}
				want := "ontap: " + db + ": not an ontap database ("
				if !strings.HasPrefix(errs, want) || !strings.Contains(errs, filepath.Join(f.data, "backups", "ontap-")) ||
					!strings.Contains(errs, "ontap progress restore") {
					t.Errorf("%s: stderr = %q, want %q... naming the newest backup and ontap progress restore", args[0], errs, want)
				}
			}
			if _, errs, code := f.run("", "", "progress", "restore", "--yes"); code != 0 {
				t.Fatalf("restore: exit %d: %s", code, errs)
			}
			if got := f.recorded(); got != n {
				t.Errorf("after restoring the backup, %d answers; %d were made", got, n)
			}
		})
	}
}

// TestFaultReadOnlyMidSession makes the data directory read-only while a
// session runs. A directory made read-only does not stop writes through
// files SQLite already holds open, so the session may go on; what must
// hold is that no answer is lost and that a failure, if any, is one clear
// line. As root, permissions do not apply: the directory is made read-only
// with a read-only bind mount; otherwise with chmod. A second check, for
// any user, replaces the directory mid-session (renamed away, a file put in
// its place): the answers are all in the renamed directory.
func TestFaultReadOnlyMidSession(t *testing.T) {
	t.Run("read-only", func(t *testing.T) {
		f := newFaultEnv(t, "")
		makeRO, undo := func() error { return os.Chmod(f.data, 0o555) }, func() { os.Chmod(f.data, 0o755) }
		if os.Geteuid() == 0 {
			makeRO = func() error {
				if out, err := exec.Command("mount", "--bind", f.data, f.data).CombinedOutput(); err != nil {
					return fmt.Errorf("mount --bind: %v: %s", err, out)
				}
				if out, err := exec.Command("mount", "-o", "remount,ro,bind", f.data).CombinedOutput(); err != nil {
					exec.Command("umount", f.data).Run()
					return fmt.Errorf("remount ro: %v: %s", err, out)
				}
				return nil
			}
			undo = func() { exec.Command("umount", f.data).Run() }
		}
		out, errs, code, n := f.midSession(makeRO, undo)
		if strings.Contains(errs, "remount ro") || strings.Contains(errs, "mount --bind") {
			t.Skipf("cannot make a read-only mount here (root without CAP_SYS_ADMIN?): %s", errs)
		}
		checkFault(t, f, f, out, errs, code, n)
	})
	t.Run("replaced", func(t *testing.T) {
		f := newFaultEnv(t, "")
		moved := newFaultEnv(t, "")
		os.RemoveAll(moved.data)
		out, errs, code, n := f.midSession(func() error {
			if err := os.Rename(f.data, moved.data); err != nil {
				return err
			}
			return os.WriteFile(f.data, []byte("not a folder"), 0o444)
		}, func() {})
		checkFault(t, f, moved, out, errs, code, n)
	})
}

// checkFault checks the end of a session hit by a fault: exit 0, or 1 with
// one clear line; and every answer reported is in good's history.
func checkFault(t *testing.T, f, good *faultEnv, out, errs string, code, n int) {
	t.Helper()
	switch code {
	case 0:
	case 1:
		if !strings.HasPrefix(errs, "ontap: ") || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
			t.Errorf("stderr = %q, want one line", errs)
		}
	default:
		t.Fatalf("exit %d; stderr:\n%s\nstdout:\n%s", code, errs, tail(out))
	}
	if got := good.recorded(); got != n {
		t.Errorf("a later run finds %d answers; the session reported %d (stderr %q)", got, n, errs)
	}
	t.Logf("exit %d after %d answers; %s", code, n, strings.TrimSpace(errs))
}

// midSession starts a session, answers 5 cards, calls fault, answers 5
// more, and returns the session's output, exit code and answers reported.
func (f *faultEnv) midSession(fault func() error, undo func()) (string, string, int, int) {
	t := f.t
	t.Helper()
	cmd := exec.Command(f.bin, "study", f.deck)
	cmd.Env, cmd.Dir = f.env, f.dir
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	var out, errb syncBuffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	answer := func(k int) {
		for range k {
			judged := func() int { o := out.String(); return strings.Count(o, "✗ Wrong") + strings.Count(o, "✓ Right") }
			before := judged()
			fmt.Fprintln(stdin, "a1")
			deadline := time.Now().Add(5 * time.Second)
			for judged() == before && time.Now().Before(deadline) {
				time.Sleep(5 * time.Millisecond)
			}
		}
	}
	answer(5)
	ferr := fault()
	defer undo()
	if ferr != nil {
		stdin.Close()
		cmd.Wait()
		return "", ferr.Error(), 0, 0
	}
	answer(5)
	stdin.Close()
	err = cmd.Wait()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	undo()
	return out.String(), errb.String(), code, answered(t, out.String())
}

// syncBuffer is a bytes.Buffer safe for a writer and a reader goroutine.
type syncBuffer struct {
	mu chan struct{}
	b  bytes.Buffer
}

func (s *syncBuffer) lock() {
	if s.mu == nil {
		s.mu = make(chan struct{}, 1)
	}
	s.mu <- struct{}{}
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.lock()
	defer func() { <-s.mu }()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.lock()
	defer func() { <-s.mu }()
	return s.b.String()
}

// TestFaultUnreadableDeckFolder: a deck folder that is a file, or that
// cannot be read, gets a clear message naming it; progress is untouched.
func TestFaultUnreadableDeckFolder(t *testing.T) {
	t.Parallel()
	f := newFaultEnv(t, "")
	if err := os.MkdirAll(f.data, 0o755); err != nil {
		t.Fatal(err)
	}
	decksDir := filepath.Join(f.data, "decks")
	if err := os.WriteFile(decksDir, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errs, code := f.run("", "", "deck", "list")
	if code != 1 || !strings.Contains(errs, "deck folder "+decksDir+" is not a folder") {
		t.Errorf("deck folder is a file: exit %d, stderr %q", code, errs)
	}
	if os.Geteuid() == 0 {
		t.Skip("running as root: permissions do not stop root from reading a folder (the not-a-folder case ran)")
	}
	os.Remove(decksDir)
	if err := os.Mkdir(decksDir, 0o000); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(decksDir, 0o755)
	_, errs, code = f.run("", "", "deck", "list")
	if code != 1 || !strings.Contains(errs, decksDir) || !strings.Contains(errs, "permission denied") {
		t.Errorf("unreadable deck folder: exit %d, stderr %q", code, errs)
	}
}
