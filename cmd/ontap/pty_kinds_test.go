package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// kindsDeck has one card of every kind, in the order they are asked (new
// cards come in file order), then two more for the interruption. The
// first prompt carries escape sequences (clear screen, OSC 52 clipboard
// write, BEL) that must never reach the terminal.
const kindsDeck = `[deck]
id = "kinds"
title = "Every kind"

[[card]]
id = "flash"
kind = "basic"
front = "Factory Z131 makes \u001b[2J\u001b]52;c;aGVsbG8=\u0007 what?"
back = "unmanned aerial vehicles"

[[card]]
id = "typed"
kind = "typed"
prompt = "Which general led the Vietnam Propaganda Liberation Army?"
answer = "Vo Nguyen Giap"

[[card]]
id = "cloze"
kind = "cloze"
text = "The first international defense expo was held in {{2022}}."

[[card]]
id = "choice"
kind = "choice"
prompt = "How many booths did the 2024 defense expo have?"
answer = "more than 300"
choices = ["more than 300", "about 150", "about 50"]

[[card]]
id = "multi"
kind = "multi"
prompt = "Which are among the four no's?"
choices = ["no military alliances", "no foreign bases", "no nuclear weapons"]
answers = ["no military alliances", "no foreign bases"]

[[card]]
id = "tf"
kind = "truefalse"
prompt = "The 2024 expo signed 16 contracts."
answer = false

[[card]]
id = "year"
kind = "number"
prompt = "In which year was the Geneva Agreement signed?"
answer = 1954

[[card]]
id = "list"
kind = "list"
prompt = "Name the three Greek letters"
items = ["alpha", "beta", "gamma"]

[[card]]
id = "order"
kind = "order"
prompt = "Put these in order"
items = ["first", "second", "third", "fourth"]

[[card]]
id = "stop"
kind = "typed"
prompt = "Interrupted here"
answer = "never"

[[card]]
id = "after"
kind = "typed"
prompt = "Never asked"
answer = "never"
`

// optionLine is an option printed as "  3) text".
var optionLine = regexp.MustCompile(`(?m)^\s*(\d+)\) (.+?)\s*$`)

// numbered returns the numbers of the printed options in seen, by text.
func numbered(t *testing.T, seen string) map[string]string {
	t.Helper()
	m := map[string]string{}
	for _, sm := range optionLine.FindAllStringSubmatch(seen, -1) {
		m[sm[2]] = sm[1]
	}
	return m
}

// TestPromptEveryKind runs the real promptui front-end under a
// pseudo-terminal through a session that asks a card of every kind, each
// in the way that fits it, answering each only after its prompt has
// appeared. Ctrl-C at the tenth question ends the session with its
// summary and exit code 130, keeping the nine answers. No escape sequence
// from the deck, and no BEL, reaches the terminal.
func TestPromptEveryKind(t *testing.T) {
	bin, err := exec.LookPath("ontap")
	if err != nil {
		t.Fatalf("ontap not on PATH: %v", err)
	}
	dir := t.TempDir()
	deck := filepath.Join(dir, "kinds.toml")
	if err := os.WriteFile(deck, []byte(kindsDeck), 0o600); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "ONTAP_HOME="+filepath.Join(dir, "data"), "ONTAP_NOW=2026-11-23T09:00:00Z",
		"NO_COLOR=1", "TERM=xterm", "TZ=UTC")
	cmd := exec.Command(bin, "study", deck)
	cmd.Env = env
	_, scr, send := startPty(t, cmd, 50, 100)
	const (
		nextOption = "\x0e" // Ctrl-N: next option in a promptui list
		enter      = "\r"
	)
	// choose picks an option of the promptui list drawn in seen, below its
	// label "Your answer".
	choose := func(key, seen, want string) {
		t.Helper()
		at := strings.LastIndex(seen, "Your answer")
		if at < 0 {
			t.Fatalf("%s: no list drawn in:\n%s", key, seen)
		}
		n := 0
		for _, l := range strings.Split(seen[at:], "\n")[1:] {
			l = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), ">"))
			if l == "" || strings.HasPrefix(l, "(arrows") {
				continue
			}
			// Options are numbered "1) option": pick by arrows here (the
			// digits are tested in TestPromptScreen).
			if _, text, ok := strings.Cut(l, ") "); ok && text == want {
				send(strings.Repeat(nextOption, n) + enter)
				return
			}
			n++
		}
		t.Fatalf("%s: option %q not drawn in:\n%s", key, want, seen)
	}

	kinds := []string{"flash", "typed", "cloze:c1", "choice", "multi", "tf", "year", "list", "order"}
	for i, want := range kinds {
		scr.waitFor(t, "· kinds/")
		_, seen := scr.waitFor(t, "\n")
		if key := strings.TrimSpace(seen); key != want {
			t.Fatalf("question %d is %q, want %q", i+1, key, want)
		}
		switch want {
		case "flash":
			scr.waitFor(t, "Enter to show the answer")
			send(enter)
			scr.waitFor(t, "Answer: unmanned aerial vehicles")
			scr.waitFor(t, "4) Easy")
			send("4") // the digit picks the option at once
		case "typed":
			scr.waitFor(t, "Type your answer")
			send("Vo Nguyen Giap" + enter)
		case "cloze:c1":
			_, seen := scr.waitFor(t, "Type your answer")
			if !strings.Contains(seen, "was held in [...].") {
				t.Errorf("cloze prompt not blanked:\n%s", seen)
			}
			send("2022" + enter)
		case "choice":
			_, seen := scr.waitFor(t, "(quit)")
			choose(want, seen, "more than 300")
		case "multi":
			_, seen := scr.waitFor(t, "Type the numbers of all that apply")
			nums := numbered(t, seen)
			a, b := nums["no military alliances"], nums["no foreign bases"]
			if a == "" || b == "" || len(nums) != 3 {
				t.Fatalf("multi options not printed:\n%s", seen)
			}
			send(b + " " + a + enter)
		case "tf":
			_, seen := scr.waitFor(t, "(quit)")
			choose(want, seen, "false")
		case "year":
			scr.waitFor(t, "A number")
			send("1954" + enter)
		case "list":
			for j, item := range []string{"alpha", "beta", "gamma"} {
				scr.waitFor(t, "Item "+strconv.Itoa(j+1)+" of 3")
				send(item + enter)
			}
		case "order":
			_, seen := scr.waitFor(t, "The numbers in the right order")
			nums := numbered(t, seen)
			var order []string
			for _, item := range []string{"first", "second", "third", "fourth"} {
				if nums[item] == "" {
					t.Fatalf("order item %q not printed:\n%s", item, seen)
				}
				order = append(order, nums[item])
			}
			send(strings.Join(order, " ") + enter)
		}
		if j, seen := scr.waitFor(t, "✓ Right", "✗ Wrong"); j != 0 {
			t.Fatalf("card %s judged wrong:\n%s", want, seen)
		}
		scr.waitFor(t, "Enter to go on")
		send("4") // Easy, one key: the card graduates and is not asked again
	}

	// Ctrl-C at the next question ends the session with its summary.
	scr.waitFor(t, "· kinds/")
	_, seen := scr.waitFor(t, "\n")
	if key := strings.TrimSpace(seen); key != "stop" {
		t.Fatalf("tenth question is %q, want stop", key)
	}
	scr.waitFor(t, "Type your answer")
	send("nev\x03")
	_, tail := scr.waitFor(t, "correct")
	if !strings.Contains(tail, "Session interrupted: 9 answered") {
		t.Errorf("summary after Ctrl-C: %q", tail)
	}
	err = cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 130 {
		t.Fatalf("ontap study after Ctrl-C: %v, want exit code 130", err)
	}

	scr.mu.Lock()
	raw := scr.buf.Bytes()
	scr.mu.Unlock()
	for _, bad := range []string{"\x1b]52", "\x1b[2J", "\a"} {
		if i := bytes.Index(raw, []byte(bad)); i >= 0 {
			t.Errorf("the terminal received %q at byte %d: ...%q...", bad, i, raw[max(0, i-40):min(len(raw), i+40)])
		}
	}
	if !bytes.Contains(raw, []byte(`\x1b[2J\x1b]52;c;aGVsbG8=\x07`)) {
		t.Errorf("the deck's escape sequences are not shown defused")
	}

	// The nine answers are kept; the card interrupted is not recorded.
	hist := exec.Command(bin, "history", "--json")
	hist.Env = env
	out, err := hist.CombinedOutput()
	if err != nil {
		t.Fatalf("history: %v\n%s", err, out)
	}
	for _, want := range []string{`"mode": "study"`, `"answered": 9`, `"correct": 9`} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("history lacks %s:\n%s", want, out)
		}
	}
	show := exec.Command(bin, "deck", "show", deck)
	show.Env = env
	out, err = show.CombinedOutput()
	if err != nil {
		t.Fatalf("deck show: %v\n%s", err, out)
	}
	if n := bytes.Count(out, []byte("\n  review, due ")); n != 9 {
		t.Errorf("%d cards in review after the session, want 9:\n%s", n, out)
	}
	if n := len(regexp.MustCompile(`(?m)^  new$`).FindAll(out, -1)); n != 2 {
		t.Errorf("the cards not answered should still be new:\n%s", out)
	}
}

// TestPlainInterrupt: in plain mode on a terminal (--plain), Ctrl-C is a
// signal: the session ends with its summary and exit code 130, keeping the
// answers given.
func TestPlainInterrupt(t *testing.T) {
	bin, err := exec.LookPath("ontap")
	if err != nil {
		t.Fatalf("ontap not on PATH: %v", err)
	}
	dir := t.TempDir()
	deck := filepath.Join(dir, "kinds.toml")
	if err := os.WriteFile(deck, []byte(kindsDeck), 0o600); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "ONTAP_HOME="+filepath.Join(dir, "data"), "ONTAP_NOW=2026-11-23T09:00:00Z",
		"NO_COLOR=1", "TERM=xterm", "TZ=UTC")
	cmd := exec.Command(bin, "study", "--plain", "--format", "typed", deck)
	cmd.Env = env
	_, scr, send := startPty(t, cmd, 50, 100)
	scr.waitFor(t, "] kinds/flash")
	scr.waitFor(t, "> ")
	send(":giveup\r")
	scr.waitFor(t, "✗ Given up")
	scr.waitFor(t, "] kinds/typed")
	scr.waitFor(t, "> ")
	send("Vo Nguyen Giap\r")
	scr.waitFor(t, "✓ Right")
	scr.waitFor(t, "] kinds/cloze:c1")
	scr.waitFor(t, "> ")
	send("20\x03")
	_, tail := scr.waitFor(t, "correct")
	if !strings.Contains(tail, "Session interrupted: 2 answered, 1 correct") {
		t.Errorf("summary after Ctrl-C: %q", tail)
	}
	err = cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 130 {
		t.Fatalf("ontap study --plain after Ctrl-C: %v, want exit code 130", err)
	}
	hist := exec.Command(bin, "history", "--json")
	hist.Env = env
	out, err := hist.CombinedOutput()
	if err != nil {
		t.Fatalf("history: %v\n%s", err, out)
	}
	for _, want := range []string{`"answered": 2`, `"correct": 1`} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("history lacks %s:\n%s", want, out)
		}
	}
}
