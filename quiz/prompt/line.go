package prompt

import (
	"errors"
	"io"
	"strings"

	"github.com/chzyer/readline"

	"github.com/ontap/ontap/quiz"
	"github.com/ontap/ontap/quiz/term"
)

// Line reads one line of text at the terminal, shown as "label: " and
// starting with the editable text def. It returns io.EOF on Ctrl-D (on an
// empty line) and quiz.ErrInterrupted on Ctrl-C.
//
// It drives chzyer/readline's line editor directly rather than through
// promptui.Prompt: promptui redraws the line from a listener that readline
// calls on its own goroutine after Enter has already returned the line,
// while Prompt.Run reads the same cursor and screen buffer (a data race
// under -race, in promptui 0.9.0 with every readline version, since
// readline calls the listener after delivering the line). Without a
// listener nothing is shared. The screen stays clean: after Enter the
// line reads "label: answer", after Ctrl-D or Ctrl-C it is left as it was
// and a line break follows; no glyph is drawn before or after, and the
// label is never coloured as an error.
func Line(in io.ReadCloser, out io.Writer, label, def string, color bool) (string, error) {
	prompt := label + ": "
	if color {
		prompt = bold + label + ":" + reset + " "
	}
	cfg := &readline.Config{
		Prompt: prompt, Stdin: in, Stdout: out, Stderr: out,
		HistoryLimit: -1, DisableAutoSaveHistory: true,
		EOFPrompt: "\n", InterruptPrompt: "\n", // nothing but the line break
		AutoComplete: noCompletion{},
	}
	rl, err := readline.NewEx(cfg)
	if err != nil {
		return "", err
	}
	defer rl.Close()
	var s string
	if def != "" {
		s, err = rl.ReadlineWithDefault(def)
	} else {
		s, err = rl.Readline()
	}
	switch {
	case errors.Is(err, readline.ErrInterrupt):
		return "", quiz.ErrInterrupted
	case errors.Is(err, io.EOF):
		return "", io.EOF
	}
	return s, err
}

// noCompletion turns Tab into nothing: answers are not completed.
type noCompletion struct{}

func (noCompletion) Do(line []rune, pos int) ([][]rune, int) { return nil, 0 }

const (
	bold  = "\x1b[1m"
	reset = "\x1b[0m"
)

// LineChecked is Line that asks again, keeping what was typed, while check
// refuses it: the reason is printed under the line ("  ✗ required").
func LineChecked(in io.ReadCloser, out io.Writer, label, def string, color bool, width int,
	check func(string) error) (string, error) {
	for {
		s, err := Line(in, out, term.Truncate(label, max(10, width-4)), def, color)
		if err != nil {
			return "", err
		}
		if check == nil {
			return s, nil
		}
		cerr := check(s)
		if cerr == nil {
			return s, nil
		}
		msg := "  ✗ " + strings.Join(strings.Fields(cerr.Error()), " ")
		if color {
			msg = "\x1b[31m" + msg + reset
		}
		for _, l := range term.Wrap(msg, width-1) {
			io.WriteString(out, l+"\n")
		}
		def = s
	}
}
