// Package plain is the line-mode front-end: it prints each question and
// reads one answer per line, for pipes, scripts and dumb terminals.
package plain

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/ontap/ontap/quiz"
	"github.com/ontap/ontap/quiz/term"
)

// UI is the plain front-end.
type UI struct {
	io  *term.IO
	in  *quiz.Lines
	loc *time.Location
	now func() time.Time
	// The question last shown and its hint: a question asked again after
	// a notice is not shown again, but the same card asked again later (a
	// learning step) is a new question and is.
	last     *quiz.Question
	lastHint string
}

// New returns a plain front-end on the given streams. loc and now are used
// to print due dates.
func New(t *term.IO, loc *time.Location, now func() time.Time) *UI {
	return &UI{io: t, in: quiz.NewLines(t.In), loc: loc, now: now}
}

func (u *UI) println(s string) { fmt.Fprintln(u.io.Out, s) }

// Ask prints the question and reads the answer.
func (u *UI) Ask(ctx context.Context, q *quiz.Question) (*quiz.Response, error) {
	if u.last != q || u.lastHint != q.Hint {
		u.show(q)
		u.last, u.lastHint = q, q.Hint
	}
	for {
		fmt.Fprint(u.io.Out, "> ")
		start := time.Now()
		line, err := u.in.Next(ctx)
		if err != nil {
			fmt.Fprintln(u.io.Out)
			return nil, err
		}
		resp, msg := quiz.ParseLine(line, q.Format)
		if resp == nil {
			u.println(msg)
			continue
		}
		if u.io.StdinTTY {
			// Piped answers take no time: only a person's time is measured.
			resp.Elapsed = time.Since(start)
		}
		if q.Format == quiz.FormatFlash && resp.Command == "" && !resp.Rating.Valid() {
			// Enter: reveal, then read the self-grade.
			u.println("Answer: " + q.Answer)
			u.println("Rate: 1 Again, 2 Hard, 3 Good, 4 Easy")
			continue
		}
		return resp, nil
	}
}

func (u *UI) show(q *quiz.Question) {
	u.println("")
	u.println(fmt.Sprintf("[%s] %s", quiz.ProgressLine(q.Progress), q.Key))
	u.println(q.Prompt)
	for i, c := range q.Choices {
		u.println(fmt.Sprintf("  %d) %s", i+1, c))
	}
	if q.Hint != "" {
		u.println("Hint: " + q.Hint)
	}
	u.println("(" + quiz.HowToAnswer(q) + " · " + quiz.CommandHelp + ")")
}

// Result prints the feedback. The rating is changed with ":rate N", a
// wrong verdict overruled with ":right", at the next prompt, so it
// returns nil.
func (u *UI) Result(ctx context.Context, r *quiz.Result) (*quiz.Response, error) {
	for _, l := range quiz.FormatResult(r, u.io.Color, u.loc) {
		u.println(l)
	}
	return nil, nil
}

// Notice prints a message.
func (u *UI) Notice(msg string) { u.println(msg) }

// Summary prints the end of the session.
func (u *UI) Summary(s *quiz.Summary) {
	u.println("")
	u.println(strings.Join(quiz.FormatSummary(s, u.now(), u.loc), "\n"))
}
