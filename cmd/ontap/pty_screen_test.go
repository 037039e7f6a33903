package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"
)

const screenDeck = `[deck]
id = "scr"
title = "Screen test"

[[card]]
id = "right"
kind = "typed"
prompt = "In which year was the Geneva Agreement signed?"
answer = "1954"

[[card]]
id = "wrong"
kind = "typed"
prompt = "Who commanded the Vietnam Propaganda Liberation Army when it was founded in December 1944?"
answer = "Võ Nguyên Giáp"
explain = "Võ Nguyên Giáp founded the Vietnam Propaganda Liberation Army on 22 December 1944 in Cao Bằng with thirty-four soldiers; it became the Vietnam People's Army."

[[card]]
id = "hinted"
kind = "typed"
prompt = "Which policy rules out military alliances?"
answer = "four no's"
hint = "Four of them."

[[card]]
id = "menu"
kind = "choice"
prompt = "What did the 2024 defense expo in Hanoi show, by the article's count?"
answer = "more than 300 booths of Vietnamese and foreign firms, with 16 contracts and memoranda signed"
choices = ["more than 300 booths of Vietnamese and foreign firms, with 16 contracts and memoranda signed",
  "more than 300 booths of Vietnamese and foreign firms, with 6 contracts and memoranda signed",
  "about 150 booths"]
`

// TestPromptScreen drives the promptui front-end at 80x24 through a right
// answer, a wrong one, a hint, a menu pick by number, an undo and Ctrl-D,
// and checks the screen as a terminal shows it: nothing wider than 80
// columns (the terminal never breaks a line itself), no leftover glyph
// lines, wrapped lines keeping their indent, long options shown whole.
func TestPromptScreen(t *testing.T) {
	bin, err := exec.LookPath("ontap")
	if err != nil {
		t.Fatalf("ontap not on PATH: %v", err)
	}
	dir := t.TempDir()
	deck := filepath.Join(dir, "scr.toml")
	if err := os.WriteFile(deck, []byte(screenDeck), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "study", "--new", "4", deck)
	cmd.Env = append(os.Environ(), "ONTAP_HOME="+filepath.Join(dir, "data"), "ONTAP_NOW=2026-11-23T09:00:00Z",
		"NO_COLOR=1", "TERM=xterm", "TZ=UTC")
	_, scr, send := startPty(t, cmd, 24, 80)
	pickRight := func() {
		_, opts := scr.waitFor(t, "(quit)")
		m := regexp.MustCompile(`(?m)^\s*(\d)\) more than 300 booths of Vietnamese and foreign firms, with 16`).FindStringSubmatch(opts)
		if m == nil {
			t.Fatalf("the right option is not shown whole:\n%s", opts)
		}
		send(m[1]) // one key
	}
	next := func() string {
		scr.waitFor(t, "· scr/")
		_, seen := scr.waitFor(t, "\n")
		return strings.TrimSpace(seen)
	}
	// Cards come in deck order.
	if k := next(); k != "right" {
		t.Fatalf("first card %q", k)
	}
	scr.waitFor(t, "Type your answer")
	send("1954\r")
	scr.waitFor(t, "✓ Right")
	scr.waitFor(t, "Enter to go on")
	send("\r")

	if k := next(); k != "wrong" {
		t.Fatalf("second card %q", k)
	}
	scr.waitFor(t, "Type your answer")
	send("General Giap\r")
	scr.waitFor(t, "✗ Wrong")
	scr.waitFor(t, "Expected Võ Nguyên Giáp — you wrote General Giap")
	scr.waitFor(t, "r if you were right")
	send("\r")

	if k := next(); k != "hinted" {
		t.Fatalf("third card %q", k)
	}
	scr.waitFor(t, "Type your answer")
	send(":hint\r")
	scr.waitFor(t, "Hint: Four of them.")
	scr.waitFor(t, "Type your answer")
	send("four no's\r")
	scr.waitFor(t, "✓ Right · Hard")
	scr.waitFor(t, "Enter to go on")
	send("\r")

	if k := next(); k != "menu" {
		t.Fatalf("fourth card %q", k)
	}
	pickRight()
	scr.waitFor(t, "✓ Right")
	scr.waitFor(t, "Enter to go on")
	send("\r")

	// Undo at the next question brings the menu back.
	next()
	scr.waitFor(t, ":")
	send(":undo\r")
	scr.waitFor(t, "Undone: scr/menu")
	pickRight()
	scr.waitFor(t, "✓ Right")
	scr.waitFor(t, "Enter to go on")
	send("\r")

	// Ctrl-D at the next question ends the session with its summary.
	next()
	scr.waitFor(t, "Type your answer")
	send("\x04")
	scr.waitFor(t, "Session over")
	if err := cmd.Wait(); err != nil {
		t.Fatalf("ontap study: %v", err)
	}

	scr.mu.Lock()
	raw := scr.buf.Bytes()
	scr.mu.Unlock()
	term := newVT(80, 24)
	term.Write(raw)
	lines := term.text()
	shown := strings.Join(lines, "\n")
	if term.softWraps > 0 {
		t.Errorf("%d line(s) wider than 80 columns, broken by the terminal:\n%s", term.softWraps, shown)
	}
	for _, l := range lines {
		if w := runewidth.StringWidth(l); w > 80 {
			t.Errorf("line %d columns wide: %q", w, l)
		}
		for _, glyph := range []string{"✔", ">>", "█", "▸", "required"} {
			if strings.Contains(l, glyph) {
				t.Errorf("leftover glyph %q in line %q", glyph, l)
			}
		}
		if strings.HasPrefix(strings.TrimSpace(l), "(arrows") {
			t.Errorf("a menu's help line was left on the screen: %q", l)
		}
	}
	// The explanation wraps with its indent.
	at := -1
	for i, l := range lines {
		if strings.HasPrefix(l, "  Võ Nguyên Giáp founded") {
			at = i
		}
	}
	if at < 0 || at+1 >= len(lines) || !strings.HasPrefix(lines[at+1], "  ") || strings.HasPrefix(lines[at+1], "   ") {
		t.Errorf("the explanation does not wrap under its indent:\n%s", shown)
	}
	// A chosen option replaces its menu with one line; the long options
	// were printed whole above it.
	if n := strings.Count(shown, "Your answer: "); n != 2 {
		t.Errorf("%d 'Your answer:' lines, want 2 (the menu answered twice):\n%s", n, shown)
	}
	if !regexp.MustCompile(`with 6 contracts and\n +memoranda signed|with 6 contracts\n +and memoranda signed`).MatchString(shown) {
		t.Errorf("the second long option is not shown whole:\n%s", shown)
	}
	// Ctrl-D leaves the prompt line as it was, then the summary.
	if !regexp.MustCompile(`Type your answer:\n\nSession over: \d answered`).MatchString(shown) {
		t.Errorf("the screen after Ctrl-D:\n%s", shown)
	}
	if t.Failed() {
		return
	}
	t.Logf("screen:\n%s", shown)
}

// TestPromptMenuCtrlD: Ctrl-D at a menu ends the session cleanly (exit 0,
// the summary), leaving no chosen option on the screen.
func TestPromptMenuCtrlD(t *testing.T) {
	bin, err := exec.LookPath("ontap")
	if err != nil {
		t.Fatalf("ontap not on PATH: %v", err)
	}
	dir := t.TempDir()
	deck := filepath.Join(dir, "scr.toml")
	menuOnly := screenDeck[:strings.Index(screenDeck, "[[card]]")] + screenDeck[strings.Index(screenDeck, "[[card]]\nid = \"menu\""):]
	if err := os.WriteFile(deck, []byte(menuOnly), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "quiz", "-n", "1", deck)
	cmd.Env = append(os.Environ(), "ONTAP_HOME="+filepath.Join(dir, "data"), "ONTAP_NOW=2026-11-23T09:00:00Z",
		"NO_COLOR=1", "TERM=xterm", "TZ=UTC")
	f, scr, _ := startPty(t, cmd, 24, 80)
	scr.waitFor(t, "(quit)")
	if _, err := f.Write([]byte("\x04")); err != nil {
		t.Fatal(err)
	}
	scr.waitFor(t, "Quiz over: 0/1 answered")
	if err := cmd.Wait(); err != nil {
		t.Fatalf("ontap quiz: %v", err)
	}
	scr.mu.Lock()
	raw := scr.buf.Bytes()
	scr.mu.Unlock()
	term := newVT(80, 24)
	term.Write(raw)
	if shown := strings.Join(term.text(), "\n"); strings.Contains(shown, "Your answer: ") {
		t.Errorf("an option shown as chosen after Ctrl-D:\n%s", shown)
	}
}
