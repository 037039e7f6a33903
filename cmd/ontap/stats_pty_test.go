package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
)

// TestStatsColorOnTerminal: on a terminal, stats and history use colour;
// with NO_COLOR they do not, and say the same thing.
func TestStatsColorOnTerminal(t *testing.T) {
	bin, err := exec.LookPath("ontap")
	if err != nil {
		t.Fatalf("ontap not on PATH: %v", err)
	}
	dir := t.TempDir()
	deck := filepath.Join(dir, "pty.toml")
	if err := os.WriteFile(deck, []byte(ptyDeck), 0o600); err != nil {
		t.Fatal(err)
	}
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "NO_COLOR=") {
			env = append(env, kv)
		}
	}
	env = append(env, "ONTAP_HOME="+filepath.Join(dir, "data"), "ONTAP_NOW=2026-11-23T09:00:00Z", "TERM=xterm", "TZ=UTC")

	// A quiz, answered through a pipe, makes a history.
	quiz := exec.Command(bin, "quiz", "--plain", "-n", "3", deck)
	quiz.Env = env
	quiz.Stdin = strings.NewReader("1954\nx\nx\n")
	if out, err := quiz.CombinedOutput(); err != nil {
		t.Fatalf("quiz: %v\n%s", err, out)
	}

	// onTerminal runs ontap args on a pseudo-terminal 100 columns wide and
	// returns what it wrote.
	onTerminal := func(extraEnv []string, args ...string) string {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Env = append(append([]string{}, env...), extraEnv...)
		f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 50, Cols: 100})
		if err != nil {
			t.Skipf("no pseudo-terminal here: %v", err)
		}
		defer f.Close()
		var buf bytes.Buffer
		done := make(chan struct{})
		go func() { io.Copy(&buf, f); close(done) }()
		if err := cmd.Wait(); err != nil {
			t.Fatalf("ontap %s: %v", strings.Join(args, " "), err)
		}
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatal("the terminal never closed")
		}
		return strings.ReplaceAll(buf.String(), "\r\n", "\n")
	}
	for _, args := range [][]string{{"stats"}, {"history"}} {
		color := onTerminal(nil, args...)
		plain := onTerminal([]string{"NO_COLOR=1"}, args...)
		if !strings.Contains(color, "\x1b[3") {
			t.Errorf("ontap %s on a terminal: no colour\n%s", args[0], color)
		}
		if strings.Contains(plain, "\x1b[") {
			t.Errorf("ontap %s with NO_COLOR: escape sequences\n%q", args[0], plain)
		}
		if got := ansi.ReplaceAllString(color, ""); got != plain {
			t.Errorf("ontap %s: the coloured output says something else than the plain one:\n%s\n---\n%s", args[0], got, plain)
		}
	}
}
