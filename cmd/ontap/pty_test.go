package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
)

// ansi matches the escape sequences promptui draws with.
var ansi = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][0-9A-B]|\r`)

// startPty starts cmd on a pseudo-terminal of rows×cols, closed when the
// test ends, and returns the terminal, the screen that collects what the
// program writes, and a function that types into it. The test is skipped
// where there is no pseudo-terminal.
func startPty(t *testing.T, cmd *exec.Cmd, rows, cols uint16) (*os.File, *screen, func(string)) {
	t.Helper()
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: rows, Cols: cols})
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	scr := &screen{}
	go scr.copyFrom(f)
	send := func(s string) {
		if _, err := f.Write([]byte(s)); err != nil {
			t.Fatalf("writing to the terminal: %v", err)
		}
	}
	return f, scr, send
}

// screen collects what the program writes to the terminal.
type screen struct {
	mu  sync.Mutex
	buf bytes.Buffer
	pos int // how far the test has read
	eof bool
}

func (s *screen) copyFrom(r io.Reader) {
	b := make([]byte, 4096)
	for {
		n, err := r.Read(b)
		s.mu.Lock()
		s.buf.Write(b[:n])
		if err != nil {
			s.eof = true
		}
		s.mu.Unlock()
		if err != nil {
			return
		}
	}
}

// waitFor waits until one of the texts appears after the read position and
// returns which one, moving the read position past it. The deadline only
// guards against a hang: the test answers each question after its prompt
// appears, however long that takes.
func (s *screen) waitFor(t *testing.T, texts ...string) (int, string) {
	t.Helper()
	i, seen, ok := s.waitWithin(60*time.Second, texts...)
	if !ok {
		s.mu.Lock()
		defer s.mu.Unlock()
		t.Fatalf("never saw any of %q; screen so far:\n%s", texts, ansi.ReplaceAllString(s.buf.String(), ""))
	}
	return i, seen
}

// appears reports whether one of texts appears within limit, without
// moving past it (the next waitFor finds it again).
func (s *screen) appears(limit time.Duration, texts ...string) bool {
	pos := s.pos
	_, _, ok := s.waitWithin(limit, texts...)
	s.pos = pos
	return ok
}

// waitWithin is waitFor with a time limit, reporting false when it passes.
func (s *screen) waitWithin(limit time.Duration, texts ...string) (int, string, bool) {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		s.mu.Lock()
		clean := ansi.ReplaceAllString(s.buf.String(), "")
		eof := s.eof
		s.mu.Unlock()
		best, bestAt := -1, -1
		for i, text := range texts {
			if at := strings.Index(clean[min(s.pos, len(clean)):], text); at >= 0 && (bestAt < 0 || at < bestAt) {
				best, bestAt = i, at
			}
		}
		if best >= 0 {
			seen := clean[s.pos : s.pos+bestAt+len(texts[best])]
			s.pos += bestAt + len(texts[best])
			return best, seen, true
		}
		if eof {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	return -1, "", false
}

const ptyDeck = `[deck]
id = "pty"
title = "Terminal test"

[[card]]
id = "year"
kind = "number"
prompt = "In which year was the Geneva Agreement signed?"
answer = 1954

[[card]]
id = "who"
kind = "typed"
prompt = "Which general led the Vietnam Propaganda Liberation Army?"
answer = "Vo Nguyen Giap"

[[card]]
id = "expo"
kind = "choice"
prompt = "How many booths did the 2024 defense expo have?"
answer = "more than 300"
choices = ["more than 300", "about 150", "about 50"]

[[card]]
id = "tf"
kind = "truefalse"
prompt = "The 2024 expo signed 16 contracts."
answer = true

[[card]]
id = "flash"
kind = "basic"
front = "Factory Z131 makes"
back = "unmanned aerial vehicles"
`

// TestPromptSession runs the real promptui front-end under a pseudo-terminal
// through a whole short session, answering each question only after its
// prompt has appeared, and checks the session was recorded.
func TestPromptSession(t *testing.T) {
	bin, err := exec.LookPath("ontap")
	if err != nil {
		t.Fatalf("ontap not on PATH: %v", err)
	}
	dir := t.TempDir()
	deck := filepath.Join(dir, "pty.toml")
	if err := os.WriteFile(deck, []byte(ptyDeck), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "study", deck)
	cmd.Env = append(os.Environ(), "ONTAP_HOME="+filepath.Join(dir, "data"), "ONTAP_NOW=2026-11-23T09:00:00Z",
		"NO_COLOR=1", "TERM=xterm", "TZ=UTC")
	_, scr, send := startPty(t, cmd, 50, 100)
	const (
		nextOption = "\x0e" // Ctrl-N: next option in a promptui list
		enter      = "\r"
	)
	answered := map[string]int{}
	for {
		i, _ := scr.waitFor(t, "· pty/", "Session over")
		if i == 1 {
			break
		}
		_, seen := scr.waitFor(t, "\n")
		key := strings.TrimSpace(seen)
		answered[key]++
		if answered[key] > 4 {
			t.Fatalf("card %s asked %d times", key, answered[key])
		}
		switch key {
		case "year":
			scr.waitFor(t, "A number")
			send("1954" + enter)
		case "who":
			scr.waitFor(t, "Type your answer")
			send("Vo Nguyen Giap" + enter)
		case "expo":
			_, opts := scr.waitFor(t, "(quit)")
			// Pick the right option by its number.
			num := regexp.MustCompile(`(\d)\) more than 300`).FindStringSubmatch(opts)
			if num == nil {
				t.Fatalf("right option not drawn in:\n%s", opts)
			}
			send(num[1])
		case "tf":
			scr.waitFor(t, "(quit)")
			send(enter) // "true" is first
		case "flash":
			scr.waitFor(t, "Enter to show the answer")
			send(enter)
			scr.waitFor(t, "Answer: unmanned aerial vehicles")
			scr.waitFor(t, "4) Easy")
			send(nextOption + enter) // from "3) Good" to "4) Easy"
		default:
			t.Fatalf("unexpected card %q", key)
		}
		if j, _ := scr.waitFor(t, "✓ Right", "✗ Wrong"); j != 0 {
			t.Fatalf("card %s judged wrong", key)
		}
		scr.waitFor(t, "Enter to go on")
		send(enter)
	}
	_, tail := scr.waitFor(t, "correct")
	if !strings.Contains(tail, "answered") {
		t.Fatalf("summary missing: %q", tail)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("ontap study: %v", err)
	}
	for _, k := range []string{"year", "who", "expo", "tf", "flash"} {
		if answered[k] == 0 {
			t.Errorf("card %s was never asked", k)
		}
	}
	// The session is in the history.
	hist := exec.Command(bin, "history", "--json")
	hist.Env = cmd.Env
	out, err := hist.CombinedOutput()
	if err != nil {
		t.Fatalf("history: %v\n%s", err, out)
	}
	if !bytes.Contains(out, []byte(`"mode": "study"`)) || !bytes.Contains(out, []byte(`"decks": [`)) {
		t.Fatalf("session not recorded:\n%s", out)
	}
}
