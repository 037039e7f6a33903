package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestHostileDeckOnTerminal studies decks/testdata/hostile/escapes.toml
// (escape sequences and a bidi override in every field) with the promptui
// front-end under a pseudo-terminal, giving up on each card so that
// answers, explanations and sources are shown too, and checks that none
// of the deck's sequences reaches the terminal: they appear as visible
// text (\x1b, \u202e) instead.
func TestHostileDeckOnTerminal(t *testing.T) {
	bin, err := exec.LookPath("ontap")
	if err != nil {
		t.Fatalf("ontap not on PATH: %v", err)
	}
	deck, err := filepath.Abs("../../decks/testdata/hostile/escapes.toml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cmd := exec.Command(bin, "study", deck)
	cmd.Env = append(os.Environ(), "ONTAP_HOME="+filepath.Join(dir, "data"), "ONTAP_NOW=2026-11-23T09:00:00Z",
		"NO_COLOR=1", "TERM=xterm", "TZ=UTC")
	_, scr, send := startPty(t, cmd, 50, 200)
	// Each card: reveal a flash card, take the first option of a list (right
	// or wrong), give up on typed answers; then go on.
	for seen := 0; seen < 12; seen++ {
		i, _ := scr.waitFor(t, "· escapes/", "Session over")
		if i == 1 {
			break
		}
		j, _ := scr.waitFor(t, "Enter to show the answer", "(quit)", "Type your answer", "A number",
			"Type the numbers", "Item 1 of", "The numbers in the right order")
		switch j {
		case 0:
			send("\r")
			scr.waitFor(t, "4) Easy")
			send("\r")
		case 1:
			send("\r")
		default:
			send(":giveup\r")
		}
		if k, _ := scr.waitFor(t, "Enter to go on", "Session over"); k == 1 {
			break
		}
		send("\r")
		// Now and then, on a loaded machine (seen in CI only), this Enter
		// is not taken by the prompt it was typed at and the session waits;
		// a learner presses Enter again, and so does the test (the next
		// card's header is then still to come, so nothing is skipped).
		for range 5 {
			if scr.appears(5*time.Second, "· escapes/", "Session over") {
				break
			}
			t.Log("the Enter after a result was not taken; pressing it again")
			send("\r")
		}
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	for ended := false; !ended; {
		select {
		case <-done:
			ended = true
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
			scr.mu.Lock()
			t.Fatalf("ontap did not end; screen:\n%s", ansi.ReplaceAllString(scr.buf.String(), ""))
		case <-time.After(300 * time.Millisecond):
			send(":quit\r") // ends the session if cards are left
		}
	}
	scr.mu.Lock()
	raw := scr.buf.String()
	scr.mu.Unlock()
	if !strings.Contains(raw, `\x1b]52;c;cm0gLXJmIH4=\x07`) || !strings.Contains(raw, `\u202eevil`) {
		t.Fatalf("the deck's text was not shown in visible form:\n%s", ansi.ReplaceAllString(raw, ""))
	}
	// promptui draws with CSI sequences and " \b" of its own: look for the
	// deck's sequences and characters, in their context.
	for _, bad := range []string{"\x1b]", "\x1bP", "\x1b[31mRED", "\u009b", "\u202e", "cm0gLXJmIH4=\x07", "2J\x08"} {
		if strings.Contains(raw, bad) {
			i := strings.Index(raw, bad)
			t.Errorf("the terminal received %q from the deck: ...%q...", bad, raw[max(0, i-80):min(len(raw), i+40)])
		}
	}
}
