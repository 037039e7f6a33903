// Package term describes the terminal a command runs in: its streams,
// whether they are terminals, whether colour is wanted, and its width. It
// is created once in main and injected everywhere, and replaced by buffers
// in tests.
package term

import (
	"bytes"
	"io"
	"os"
	"strings"

	"github.com/mattn/go-isatty"
	"github.com/mattn/go-runewidth"
	"golang.org/x/sys/unix"
)

// IO holds the streams of a command and what is known of them.
type IO struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	StdinTTY  bool // In is a terminal
	StdoutTTY bool // Out is a terminal
	Color     bool // colour is wanted: Out is a terminal, NO_COLOR unset and --no-color not given
	width     int  // fixed width, for tests; 0 asks the terminal
}

// System returns the process's own streams.
func System() *IO {
	io := &IO{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr}
	io.StdinTTY = isatty.IsTerminal(os.Stdin.Fd())
	io.StdoutTTY = isatty.IsTerminal(os.Stdout.Fd())
	_, noColor := os.LookupEnv("NO_COLOR")
	io.Color = io.StdoutTTY && !noColor && os.Getenv("TERM") != "dumb"
	return io
}

// Test returns streams backed by buffers: input from in, output captured
// in the returned buffers; neither side is a terminal.
func Test(in string) (*IO, *bytes.Buffer, *bytes.Buffer) {
	var out, errOut bytes.Buffer
	return &IO{In: strings.NewReader(in), Out: &out, ErrOut: &errOut, width: 80}, &out, &errOut
}

// Interactive reports whether both stdin and stdout are terminals, the
// condition for the full-screen prompt front-end.
func (t *IO) Interactive() bool { return t.StdinTTY && t.StdoutTTY }

// SetWidth fixes the width reported by Width (for tests).
func (t *IO) SetWidth(w int) { t.width = w }

// Width returns the terminal's width in columns, or 80 when it is not a
// terminal or cannot be asked.
func (t *IO) Width() int {
	if t.width > 0 {
		return t.width
	}
	if f, ok := t.Out.(*os.File); ok && t.StdoutTTY {
		if ws, err := unix.IoctlGetWinsize(int(f.Fd()), unix.TIOCGWINSZ); err == nil && ws.Col > 0 {
			return int(ws.Col)
		}
	}
	return 80
}

// Truncate cuts s to at most width display columns, ending with "…" when
// cut. Combining marks take no column and wide characters take two, so a
// decomposed Vietnamese string is no wider than its composed form.
func Truncate(s string, width int) string {
	if width <= 0 {
		return s
	}
	return runewidth.Truncate(s, width, "…")
}

// DisplayWidth is the number of terminal columns s takes.
func DisplayWidth(s string) int { return runewidth.StringWidth(s) }
