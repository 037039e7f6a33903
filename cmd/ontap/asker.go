package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/manifoldco/promptui"

	"github.com/ontap/ontap/quiz"
	"github.com/ontap/ontap/quiz/prompt"
	"github.com/ontap/ontap/quiz/term"
)

// asker asks the questions of the authoring commands on the terminal.
type asker struct {
	io  *term.IO
	in  io.ReadCloser
	out io.WriteCloser
}

func newAsker(t *term.IO) *asker {
	in, ok := t.In.(io.ReadCloser)
	if !ok {
		in = io.NopCloser(t.In)
	}
	return &asker{io: t, in: in, out: prompt.NoBell(t.Out)}
}

func askErr(err error) error {
	switch {
	case errors.Is(err, promptui.ErrInterrupt):
		return quiz.ErrInterrupted
	case errors.Is(err, quiz.ErrInterrupted):
		return quiz.ErrInterrupted
	case errors.Is(err, promptui.ErrEOF), errors.Is(err, io.EOF):
		return fmt.Errorf("input ended; nothing written")
	}
	return err
}

// line asks for one line of text, starting from def; check runs on Enter
// and, while it fails, its reason is shown and the line asked again with
// the text kept (quiz/prompt.LineChecked: no live validation, so nothing
// is drawn in red before anything is typed, nor left after Ctrl-D).
func (a *asker) line(label, def string, check func(string) error) (string, error) {
	trimmed := func(s string) error {
		if check == nil {
			return nil
		}
		return check(strings.TrimSpace(s))
	}
	s, err := prompt.LineChecked(a.in, a.out, label, def, a.io.Color, a.io.Width(), trimmed)
	return strings.TrimSpace(s), askErr(err)
}

// choose asks to pick one of items and returns its index: the menu of a
// study session (prompt.Choose), options picked by their digit too.
func (a *asker) choose(label string, items []string) (int, error) {
	i, err := prompt.Choose(a.io, a.in, a.out, label, items)
	return i, askErr(err)
}

// list asks for items one per line until an empty line.
func (a *asker) list(what string, min int, check func(string) error) ([]string, error) {
	var out []string
	for {
		label := fmt.Sprintf("%s %d", what, len(out)+1)
		if len(out) >= min {
			label += " (empty to finish)"
		}
		n := len(out)
		s, err := a.line(label, "", func(s string) error {
			if strings.TrimSpace(s) == "" {
				if n < min {
					return fmt.Errorf("at least %d needed", min)
				}
				return nil
			}
			for _, o := range out {
				if strings.EqualFold(o, strings.TrimSpace(s)) {
					return fmt.Errorf("already listed")
				}
			}
			if check != nil {
				return check(s)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		if s == "" {
			return out, nil
		}
		out = append(out, s)
	}
}

func required(s string) error {
	if strings.TrimSpace(s) == "" {
		return errors.New("required")
	}
	return nil
}
