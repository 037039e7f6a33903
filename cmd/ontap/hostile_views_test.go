//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/creack/pty"
)

// rawControls are bytes of the hostile deck's sequences that must not
// reach a terminal raw: ESC, BEL, backspace, U+202E and U+009B.
var rawControls = [][]byte{{0x1b}, {0x07}, {0x08}, []byte("\u202e"), []byte("\u009b")}

// onTerminal runs ontap with args on a pseudo-terminal and returns all it
// wrote there.
func onTerminal(t *testing.T, env []string, args ...string) []byte {
	t.Helper()
	bin, err := exec.LookPath("ontap")
	if err != nil {
		t.Fatalf("ontap not on PATH: %v", err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 50, Cols: 200})
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	defer f.Close()
	var out bytes.Buffer
	done := make(chan struct{})
	go func() { io.Copy(&out, f); close(done) }()
	waitExit(t, cmd)
	<-done // the copy ends when the terminal has nothing more (EIO on Linux)
	return out.Bytes()
}

// TestDeckExportOnTerminal: deck export of the hostile deck to a terminal
// writes no escape sequence, control or bidi override raw, in every
// format; to a pipe the data stays exact.
func TestDeckExportOnTerminal(t *testing.T) {
	deck, err := filepath.Abs("../../decks/testdata/hostile/escapes.toml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	env := append(os.Environ(), "ONTAP_HOME="+filepath.Join(dir, "data"), "ONTAP_NOW=2026-11-23T09:00:00Z",
		"NO_COLOR=1", "TERM=xterm", "TZ=UTC")
	for _, tt := range []struct{ format, visible string }{
		{"tsv", `\x1b]52;c;`}, {"csv", `\x1b]52;c;`}, {"toml", `\u202e`}, {"json", `\u202e`},
	} {
		t.Run(tt.format, func(t *testing.T) {
			out := onTerminal(t, env, "deck", "export", deck, "--format", tt.format)
			for _, bad := range rawControls {
				if i := bytes.Index(out, bad); i >= 0 {
					t.Errorf("the terminal received %q at byte %d: ...%q...", bad, i, out[max(0, i-30):min(len(out), i+30)])
				}
			}
			if !bytes.Contains(out, []byte(tt.visible)) {
				t.Errorf("the deck's sequences are not shown defused (%s):\n%q", tt.visible, out)
			}
		})
	}
	// To a pipe: exact (Anki gets the text the author wrote).
	bin, _ := exec.LookPath("ontap")
	cmd := exec.Command(bin, "deck", "export", deck, "--format", "tsv")
	cmd.Env = env
	piped, err := cmd.Output()
	if err != nil {
		t.Fatalf("deck export to a pipe: %v", err)
	}
	if !bytes.Contains(piped, []byte("\x1b]52;c;cm0gLXJmIH4=\x07")) || !bytes.Contains(piped, []byte("\u202e")) {
		t.Errorf("deck export to a pipe changed the data:\n%q", piped)
	}
}

// TestHostilePathsOnTerminal: a deck file whose name holds an OSC 52
// clipboard write reaches neither deck list's SOURCE column nor an error
// raw.
func TestHostilePathsOnTerminal(t *testing.T) {
	dir := t.TempDir()
	decksDir := filepath.Join(dir, "decks")
	if err := os.MkdirAll(decksDir, 0o700); err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(decksDir, "\x1b]52;c;aGVsbG8=\x07\u202eevil.toml")
	if err := os.WriteFile(name, []byte(signalDeck), 0o600); err != nil {
		t.Skipf("this file system refuses the name: %v", err)
	}
	env := append(os.Environ(), "ONTAP_HOME="+filepath.Join(dir, "data"), "ONTAP_NOW=2026-11-23T09:00:00Z",
		"NO_COLOR=1", "TERM=xterm", "TZ=UTC", "ONTAP_DECKS="+decksDir)
	for _, args := range [][]string{
		{"deck", "list", "--wide"},
		{"deck", "show", name + "x"}, // missing: the error names it
		{"progress", "import", name},
		{"replay", name},
	} {
		out := onTerminal(t, env, args...)
		for _, bad := range rawControls {
			if i := bytes.Index(out, bad); i >= 0 {
				t.Errorf("ontap %s: the terminal received %q at byte %d: ...%q...", args[0]+" "+args[1], bad, i, out[max(0, i-30):min(len(out), i+30)])
			}
		}
		if !bytes.Contains(out, []byte(`\x1b]52;c;aGVsbG8=\x07\u202eevil`)) {
			t.Errorf("ontap %s: the path is not shown defused:\n%q", args[0]+" "+args[1], out)
		}
	}
}
