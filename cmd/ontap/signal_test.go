//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package main

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

const signalDeck = `[deck]
id = "sig"
title = "Signals"

[[card]]
id = "dbp"
kind = "number"
prompt = "In which year did Dien Bien Phu fall?"
answer = 1954

[[card]]
id = "army"
kind = "number"
prompt = "In which year was the army founded?"
answer = 1944
`

// waitExit waits for cmd, failing the test if it is still running after
// a minute (a hang; the bound is generous, not a measure of speed), and
// returns its exit code.
func waitExit(t *testing.T, cmd *exec.Cmd) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var ee *exec.ExitError
		if err != nil && !errors.As(err, &ee) {
			t.Fatalf("waiting for ontap: %v", err)
		}
		return cmd.ProcessState.ExitCode()
	case <-time.After(time.Minute):
		cmd.Process.Kill()
		<-done
		t.Fatal("ontap still running a minute after the signal (killed)")
		return -1
	}
}

// exportedReviews counts the reviews in the log of the data directory dir.
func exportedReviews(t *testing.T, bin string, env []string) int {
	t.Helper()
	cmd := exec.Command(bin, "progress", "export")
	cmd.Env = env
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("progress export: %v\n%s", err, out)
	}
	return strings.Count(string(out), "\n") - 1 // the header
}

// TestSignalStopsPrompt: SIGTERM while the promptui front-end waits for an
// answer (a read from the terminal that does not watch the context) ends
// ontap with exit code 143, the terminal back in its own mode (echo and
// line editing), and the answer given before kept.
func TestSignalStopsPrompt(t *testing.T) {
	bin, err := exec.LookPath("ontap")
	if err != nil {
		t.Fatalf("ontap not on PATH: %v", err)
	}
	dir := t.TempDir()
	deck := filepath.Join(dir, "sig.toml")
	if err := os.WriteFile(deck, []byte(signalDeck), 0o600); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "ONTAP_HOME="+filepath.Join(dir, "data"), "ONTAP_NOW=2026-11-23T09:00:00Z",
		"NO_COLOR=1", "TERM=xterm", "TZ=UTC")
	cmd := exec.Command(bin, "study", deck)
	cmd.Env = env
	f, scr, send := startPty(t, cmd, 40, 100)
	before, err := unix.IoctlGetTermios(int(f.Fd()), ioctlGetTermios)
	if err != nil {
		t.Skipf("cannot read the terminal's settings: %v", err)
	}
	scr.waitFor(t, "A number")
	send("1954\r")
	scr.waitFor(t, "✓ Right", "✗ Wrong")
	scr.waitFor(t, "Enter to go on")
	send("4\r")
	scr.waitFor(t, "A number")
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := waitExit(t, cmd); code != 143 {
		t.Errorf("exit code %d after SIGTERM, want 143", code)
	}
	after, err := unix.IoctlGetTermios(int(f.Fd()), ioctlGetTermios)
	if err != nil {
		t.Fatalf("reading the terminal's settings after exit: %v", err)
	}
	if after.Lflag&(unix.ECHO|unix.ICANON) != before.Lflag&(unix.ECHO|unix.ICANON) {
		t.Errorf("terminal left in another mode: lflag %#x, was %#x", after.Lflag, before.Lflag)
	}
	if n := exportedReviews(t, bin, env); n != 1 {
		t.Errorf("%d review(s) in the log after SIGTERM, want the 1 answered", n)
	}
}

// TestSignalStopsBlockedRead: SIGINT and SIGTERM while study waits for an
// answer on a pipe that nobody writes end it, with 130 and 143, keeping
// the answer given before.
func TestSignalStopsBlockedRead(t *testing.T) {
	bin, err := exec.LookPath("ontap")
	if err != nil {
		t.Fatalf("ontap not on PATH: %v", err)
	}
	for _, tt := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGINT, 130}, {syscall.SIGTERM, 143}} {
		t.Run(tt.sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			deck := filepath.Join(dir, "sig.toml")
			if err := os.WriteFile(deck, []byte(signalDeck), 0o600); err != nil {
				t.Fatal(err)
			}
			env := testEnv(filepath.Join(dir, "data"))
			cmd := exec.Command(bin, "study", "--porcelain", deck)
			cmd.Env = env
			stdin, err := cmd.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			defer stdin.Close()
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(stdout)
			questions := 0
			for questions < 2 && sc.Scan() {
				if strings.Contains(sc.Text(), `"type":"question"`) {
					questions++
					if questions == 1 {
						if _, err := stdin.Write([]byte(":giveup\n")); err != nil {
							t.Fatal(err)
						}
					}
				}
			}
			if questions < 2 {
				t.Fatalf("saw %d question(s), want 2", questions)
			}
			if err := cmd.Process.Signal(tt.sig); err != nil {
				t.Fatal(err)
			}
			go func() {
				for sc.Scan() {
				}
			}()
			if code := waitExit(t, cmd); code != tt.code {
				t.Errorf("exit code %d after %v, want %d", code, tt.sig, tt.code)
			}
			if n := exportedReviews(t, bin, env); n != 1 {
				t.Errorf("%d review(s) in the log after %v, want the 1 answered", n, tt.sig)
			}
		})
	}
}
