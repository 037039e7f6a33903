package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ontap/ontap/decks"
)

// authorTerm runs ontap with args under a pseudo-terminal, with its own
// data directory, and returns the screen and a function to type keys.
func authorTerm(t *testing.T, dataDir string, env []string, args ...string) (*exec.Cmd, *screen, func(string)) {
	t.Helper()
	bin, err := exec.LookPath("ontap")
	if err != nil {
		t.Fatalf("ontap not on PATH: %v", err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(append(os.Environ(), "ONTAP_HOME="+dataDir, "ONTAP_NOW=2026-11-23T09:00:00Z",
		"NO_COLOR=1", "TERM=xterm", "TZ=UTC"), env...)
	_, scr, send := startPty(t, cmd, 50, 120)
	return cmd, scr, send
}

const (
	keyDown  = "\x0e" // Ctrl-N: next option in a promptui list
	keyEnter = "\r"
	keyBack  = "\x7f"
)

// TestPromptDeckNew creates a deck at a terminal: an empty title is
// refused as it is typed, then the title and description are asked.
func TestPromptDeckNew(t *testing.T) {
	data := t.TempDir()
	cmd, scr, send := authorTerm(t, data, nil, "deck", "new", "mine")
	scr.waitFor(t, "Title")
	send(keyEnter) // empty: refused
	scr.waitFor(t, "required")
	send("Expo notes" + keyEnter)
	scr.waitFor(t, "Description")
	send("What I read." + keyEnter)
	scr.waitFor(t, "Created")
	if err := cmd.Wait(); err != nil {
		t.Fatalf("ontap deck new: %v", err)
	}
	text, err := os.ReadFile(filepath.Join(data, "decks", "mine.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(text), "title = \"Expo notes\"\ndescription = \"What I read.\"\n") {
		t.Fatalf("deck file:\n%s", text)
	}
}

// TestPromptDeckAdd adds two cards at a terminal: a number card (a wrong
// number is refused) and a choice card (options listed,
// the right one chosen), each shown as it will be asked before it is
// written; a third is shown and discarded.
func TestPromptDeckAdd(t *testing.T) {
	data := t.TempDir()
	path := filepath.Join(data, "decks", "mine.toml")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, decks.NewDeckFile("mine", "Mine", ""), 0o600); err != nil {
		t.Fatal(err)
	}
	kind := func(k string) string {
		for i, x := range decks.Kinds {
			if x == k {
				return strings.Repeat(keyDown, i) + keyEnter
			}
		}
		t.Fatalf("no kind %s", k)
		return ""
	}

	cmd, scr, send := authorTerm(t, data, nil, "deck", "add", "mine")
	scr.waitFor(t, "(arrows or 1-9 to choose, Enter)") // numbered as a session's menus
	scr.waitFor(t, "Kind of card")
	send(kind(decks.KindNumber))
	scr.waitFor(t, "Question")
	send("How many booths did the 2024 exhibition have?" + keyEnter)
	scr.waitFor(t, "Answer (a number)")
	send("lots" + keyEnter) // refused
	scr.waitFor(t, `"lots" is not a number`)
	send(strings.Repeat(keyBack, 4) + "300" + keyEnter)
	scr.waitFor(t, "Unit")
	send("booths" + keyEnter)
	scr.waitFor(t, "Tolerance")
	send("5%" + keyEnter)
	for _, l := range []string{"Hint", "Explanation", "Source"} {
		scr.waitFor(t, l)
		send(keyEnter)
	}
	scr.waitFor(t, "The card as it will be asked")
	scr.waitFor(t, "[number] How many booths did the 2024 exhibition have?")
	scr.waitFor(t, "Answer: 300 booths")
	scr.waitFor(t, "Add this card to mine.toml?")
	send(keyEnter)
	scr.waitFor(t, "Added card how-many-booths-did-the-2024")
	if err := cmd.Wait(); err != nil {
		t.Fatalf("ontap deck add: %v", err)
	}

	cmd, scr, send = authorTerm(t, data, nil, "deck", "add", "mine")
	scr.waitFor(t, "Kind of card")
	send(kind(decks.KindChoice))
	scr.waitFor(t, "Question")
	send("Where was the 2024 exhibition held?" + keyEnter)
	scr.waitFor(t, "Option 1")
	send("Hanoi" + keyEnter)
	scr.waitFor(t, "Option 2")
	send("hanoi" + keyEnter) // the same option again is refused
	scr.waitFor(t, "already listed")
	send(strings.Repeat(keyBack, 5) + "Da Nang" + keyEnter)
	scr.waitFor(t, "Option 3 (empty to finish)")
	send("Hue" + keyEnter)
	scr.waitFor(t, "Option 4 (empty to finish)")
	send(keyEnter)
	scr.waitFor(t, "Which option is right?")
	send(keyEnter) // Hanoi
	for _, l := range []string{"Hint", "Explanation", "Source"} {
		scr.waitFor(t, l)
		if l == "Source" {
			send("001_49fbc1fc7f60dc31.txt")
		}
		send(keyEnter)
	}
	scr.waitFor(t, "[choice] Where was the 2024 exhibition held?")
	scr.waitFor(t, "1) Hanoi")
	scr.waitFor(t, "Answer: Hanoi")
	scr.waitFor(t, "Add this card")
	send(keyEnter)
	scr.waitFor(t, "Added card where-was-the-2024-exhibition")
	if err := cmd.Wait(); err != nil {
		t.Fatalf("ontap deck add: %v", err)
	}

	// A card shown and discarded leaves the file alone.
	before, _ := os.ReadFile(path)
	cmd, scr, send = authorTerm(t, data, nil, "deck", "add", "mine")
	scr.waitFor(t, "Kind of card")
	send(kind(decks.KindTrueFalse))
	scr.waitFor(t, "Question")
	send("The 2024 exhibition signed 16 contracts." + keyEnter)
	scr.waitFor(t, "Is the statement true?")
	send(keyEnter)
	for _, l := range []string{"Hint", "Explanation", "Source"} {
		scr.waitFor(t, l)
		send(keyEnter)
	}
	scr.waitFor(t, "Answer: true")
	scr.waitFor(t, "Add this card")
	scr.waitFor(t, "2) no, discard it")
	send("2") // picked by its digit at once
	scr.waitFor(t, "Discarded")
	if err := cmd.Wait(); err != nil {
		t.Fatalf("ontap deck add: %v", err)
	}

	after, _ := os.ReadFile(path)
	if string(after) != string(before) {
		t.Errorf("a discarded card changed the file")
	}
	d, diags := decks.LoadFile(path)
	if d == nil || len(diags) > 0 {
		t.Fatalf("deck does not load cleanly: %v", diags)
	}
	if len(d.Cards) != 2 {
		t.Fatalf("%d cards, want 2", len(d.Cards))
	}
	n, c := d.Cards[0], d.Cards[1]
	if n.Kind != decks.KindNumber || n.Number != 300 || n.Unit != "booths" || n.Tolerance != 5 || !n.TolerancePct {
		t.Errorf("number card: %+v", n)
	}
	if c.Kind != decks.KindChoice || c.Answer != "Hanoi" || strings.Join(c.Choices, "|") != "Hanoi|Da Nang|Hue" ||
		c.Source != "001_49fbc1fc7f60dc31.txt" {
		t.Errorf("choice card: %+v", c)
	}
	if !strings.HasPrefix(string(after), string(decks.NewDeckFile("mine", "Mine", ""))) {
		t.Errorf("the text before the cards changed:\n%s", after)
	}
}

// TestPromptDeckEditReopen edits a deck at a terminal with an editor that
// breaks the file the first time: the errors are shown, the editor is
// reopened on request, and the fixed file is saved.
func TestPromptDeckEditReopen(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	data := t.TempDir()
	path := filepath.Join(data, "decks", "mine.toml")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	deck := "[deck]\ntitle = \"Old\"\n\n[[card]]\nid = \"q\"\nkind = \"typed\"\nprompt = \"Capital?\"\nanswer = \"Hanoi\"\n"
	if err := os.WriteFile(path, []byte(deck), 0o600); err != nil {
		t.Fatal(err)
	}
	// The editor: the first time it breaks the kind, the second it fixes
	// it and changes the title.
	editor := filepath.Join(t.TempDir(), "edit.sh")
	script := `#!/bin/sh
count="$0.count"
if [ -e "$count" ]; then
  sed -i -e 's/typo/typed/' -e 's/Old/New/' "$1"
else
  touch "$count"
  sed -i 's/typed/typo/' "$1"
fi
`
	if err := os.WriteFile(editor, []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	cmd, scr, send := authorTerm(t, data, []string{"VISUAL=" + editor}, "deck", "edit", "mine")
	scr.waitFor(t, `mine.toml:6:8: error: card "q": unknown kind "typo"`)
	scr.waitFor(t, "The deck has errors and was not saved")
	send(keyEnter) // reopen the editor
	scr.waitFor(t, "Saved")
	if err := cmd.Wait(); err != nil {
		t.Fatalf("ontap deck edit: %v", err)
	}
	got, _ := os.ReadFile(path)
	if want := strings.Replace(deck, "Old", "New", 1); string(got) != want {
		t.Fatalf("deck after editing:\n%s\nwant:\n%s", got, want)
	}
	left, _ := filepath.Glob(filepath.Join(data, "decks", ".*"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestPromptDeckEditDiscard: at a terminal, errors name the lines of the
// copy being edited (which the deck file does not have), and "discard my
// edits" leaves the deck as it was and no copy anywhere, in the deck
// folder or the temporary folder. An interrupt at the menu does the same.
func TestPromptDeckEditDiscard(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	for _, c := range []struct{ name, keys string }{{"discard", keyDown + keyEnter}, {"interrupt", "\x03"}} {
		t.Run(c.name, func(t *testing.T) {
			data, tmp := t.TempDir(), t.TempDir()
			path := filepath.Join(data, "decks", "mine.toml")
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			deck := "[deck]\ntitle = \"Old\"\n\n[[card]]\nid = \"q\"\nkind = \"typed\"\nprompt = \"Capital?\"\nanswer = \"Hanoi\"\n"
			if err := os.WriteFile(path, []byte(deck), 0o600); err != nil {
				t.Fatal(err)
			}
			editor := filepath.Join(t.TempDir(), "edit.sh")
			script := "#!/bin/sh\nprintf '\\n[[card]]\\nid = \"r\"\\nkind = \"tpyed\"\\n' >>\"$1\"\n"
			if err := os.WriteFile(editor, []byte(script), 0o700); err != nil {
				t.Fatal(err)
			}
			cmd, scr, send := authorTerm(t, data, []string{"VISUAL=" + editor, "TMPDIR=" + tmp}, "deck", "edit", "mine")
			// the copy's path is long: the message wraps below it
			scr.waitFor(t, "mine.toml:12:8: error:")
			scr.waitFor(t, `    card "r": unknown kind "tpyed"; did you mean "typed"?`)
			scr.waitFor(t, "reopen the editor")
			send(c.keys)
			if err := cmd.Wait(); err == nil {
				t.Errorf("ontap deck edit succeeded; want a failure")
			}
			if got, _ := os.ReadFile(path); string(got) != deck {
				t.Errorf("the deck changed:\n%s", got)
			}
			for _, dir := range []string{filepath.Dir(path), tmp} {
				if left, _ := os.ReadDir(dir); dir == tmp && len(left) > 0 || dir != tmp && len(left) != 1 {
					t.Errorf("%s holds %v; want no copy left", dir, left)
				}
			}
		})
	}
}
