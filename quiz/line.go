package quiz

import (
	"bufio"
	"context"
	"io"
	"strconv"
	"strings"

	"github.com/ontap/ontap/scoring"
)

// CommandHelp is the short help line shown with questions in the line
// modes.
const CommandHelp = ":hint  :giveup  :skip  :undo  :rate N  :right  :quit"

// ParseLine turns one line typed by the learner into a response for a
// question asked in format. Lines starting with ":" are commands. For flash
// cards a line is a rating: 1-4 or again/hard/good/easy, or empty to reveal.
// resp is nil when the line cannot be used; msg then says why.
func ParseLine(line, format string) (resp *Response, msg string) {
	line = strings.TrimRight(line, "\r\n")
	trimmed := strings.TrimSpace(line)
	if strings.HasPrefix(trimmed, ":") {
		fields := strings.Fields(strings.ToLower(trimmed[1:]))
		if len(fields) == 0 {
			return nil, "Commands: " + CommandHelp
		}
		switch fields[0] {
		case "h", "hint":
			return &Response{Command: CmdHint}, ""
		case "g", "giveup", "show", "reveal":
			return &Response{Command: CmdGiveUp}, ""
		case "s", "skip":
			return &Response{Command: CmdSkip}, ""
		case "u", "undo":
			return &Response{Command: CmdUndo}, ""
		case "q", "quit", "exit":
			return &Response{Command: CmdQuit}, ""
		case "right":
			return &Response{Command: CmdRight}, ""
		case "r", "rate":
			if len(fields) == 2 {
				if r, ok := ParseRating(fields[1]); ok {
					return &Response{Command: CmdRate, Rating: r}, ""
				}
			}
			return nil, "Usage: :rate N, where N is 1 Again, 2 Hard, 3 Good or 4 Easy."
		}
		return nil, "Unknown command " + strconv.Quote(trimmed) + "; commands: " + CommandHelp
	}
	if format == FormatFlash {
		if trimmed == "" {
			return &Response{}, ""
		}
		r, ok := ParseRating(trimmed)
		if !ok {
			return nil, "Rate yourself: 1 Again, 2 Hard, 3 Good, 4 Easy (or :giveup)."
		}
		return &Response{Rating: r}, ""
	}
	return &Response{Text: trimmed}, ""
}

// ParseRating reads a rating written as 1-4 or as its name.
func ParseRating(s string) (scoring.Rating, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "again", "a":
		return scoring.Again, true
	case "2", "hard":
		return scoring.Hard, true
	case "3", "good":
		return scoring.Good, true
	case "4", "easy", "e":
		return scoring.Easy, true
	}
	return 0, false
}

// Lines reads lines from a reader in the background, so that waiting for
// an answer can be interrupted (Ctrl-C in a pipe) without losing the
// session's summary.
type Lines struct {
	ch  chan lineMsg
	err error
}

type lineMsg struct {
	line string
	err  error
}

// NewLines starts reading r line by line. Lines may be up to 1 MiB.
func NewLines(r io.Reader) *Lines {
	l := &Lines{ch: make(chan lineMsg)}
	go func() {
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64*1024), 1024*1024)
		for sc.Scan() {
			l.ch <- lineMsg{line: sc.Text()}
		}
		err := sc.Err()
		if err == nil {
			err = io.EOF
		}
		l.ch <- lineMsg{err: err}
		close(l.ch)
	}()
	return l
}

// Next returns the next line, io.EOF at the end of input, or
// ErrInterrupted when ctx is cancelled first.
func (l *Lines) Next(ctx context.Context) (string, error) {
	if l.err != nil {
		return "", l.err
	}
	select {
	case <-ctx.Done():
		return "", ErrInterrupted
	case m, ok := <-l.ch:
		if !ok {
			return "", l.err
		}
		if m.err != nil {
			l.err = m.err
		}
		return m.line, m.err
	}
}
