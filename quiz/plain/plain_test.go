package plain_test

import (
	"context"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ontap/ontap/quiz"
	"github.com/ontap/ontap/quiz/plain"
	"github.com/ontap/ontap/quiz/term"
	"github.com/ontap/ontap/scoring"
)

var now = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

func clock() time.Time { return now }

func typed(key string) *quiz.Question {
	return &quiz.Question{Key: key, Kind: "typed", Format: quiz.FormatTyped, Prompt: "Who led the army?",
		Progress: quiz.Progress{Position: 1, Total: 2}}
}

// TestAsk: each question is shown with its progress, options and how to
// answer; lines that are not usable are explained and read again.
func TestAsk(t *testing.T) {
	tests := []struct {
		name  string
		q     *quiz.Question
		input string
		want  *quiz.Response
		shown []string // in order
	}{
		{
			name: "typed", q: typed("d/who"), input: "Giap\n",
			want:  &quiz.Response{Text: "Giap"},
			shown: []string{"[1/2 · 0 learning · 0 wrong] d/who\n", "Who led the army?\n", "(Type your answer · :hint  :giveup", "> "},
		},
		{
			name: "choice",
			q: &quiz.Question{Key: "d/expo", Format: quiz.FormatChoice, Prompt: "How many booths?",
				Choices: []string{"about 50", "more than 300"}, Progress: quiz.Progress{Position: 3, Total: 9, Learning: 2, Wrong: 1}},
			input: "2\n",
			want:  &quiz.Response{Text: "2"},
			shown: []string{"[3/9 · 2 learning · 1 wrong] d/expo\n", "How many booths?\n", "  1) about 50\n", "  2) more than 300\n", "(Type the number of your choice"},
		},
		{
			name: "a command", q: typed("d/who"), input: ":hint\n",
			want: &quiz.Response{Command: quiz.CmdHint},
		},
		{
			name: "an unknown command is explained, then the next line read", q: typed("d/who"),
			input: ":frobnicate\n:rate 9\n:rate 2\n",
			want:  &quiz.Response{Command: quiz.CmdRate, Rating: scoring.Hard},
			shown: []string{"> Unknown command \":frobnicate\"", "> Usage: :rate N", "> "},
		},
		{
			name: "flash: Enter reveals, then a rating",
			q: &quiz.Question{Key: "d/z131", Format: quiz.FormatFlash, Prompt: "Factory Z131 makes",
				Answer: "unmanned aerial vehicles"},
			input: "\nfoo\n4\n",
			want:  &quiz.Response{Rating: scoring.Easy},
			shown: []string{"(Enter to show the answer", "> Answer: unmanned aerial vehicles\nRate: 1 Again, 2 Hard, 3 Good, 4 Easy\n", "> Rate yourself", "> "},
		},
		{
			name:  "flash: a command before the reveal",
			q:     &quiz.Question{Key: "d/z131", Format: quiz.FormatFlash, Prompt: "Factory Z131 makes", Answer: "UAVs"},
			input: ":skip\n", want: &quiz.Response{Command: quiz.CmdSkip},
		},
		{
			name: "the hint, once asked for",
			q: &quiz.Question{Key: "d/who", Format: quiz.FormatTyped, Prompt: "Who?", HasHint: true,
				Hint: "Vo Nguyen ..."},
			input: "Giap\n", want: &quiz.Response{Text: "Giap"},
			shown: []string{"Who?\n", "Hint: Vo Nguyen ...\n"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tio, out, errOut := term.Test(tc.input)
			ui := plain.New(tio, time.UTC, clock)
			got, err := ui.Ask(context.Background(), tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("response %+v, want %+v", got, tc.want)
			}
			text := out.String()
			at := 0
			for _, s := range tc.shown {
				i := strings.Index(text[at:], s)
				if i < 0 {
					t.Fatalf("%q not shown (in order) in:\n%s", s, text)
				}
				at += i + len(s)
			}
			if errOut.Len() > 0 {
				t.Errorf("stderr: %q", errOut)
			}
		})
	}
}

// TestAskAgain: a question asked again after a notice is not shown again;
// the same card asked again later (a learning step) is.
func TestAskAgain(t *testing.T) {
	tio, out, _ := term.Test("x\ny\nz\n")
	ui := plain.New(tio, time.UTC, clock)
	ctx := context.Background()
	q := typed("d/who")
	for _, want := range []string{"x", "y"} {
		resp, err := ui.Ask(ctx, q)
		if err != nil || resp.Text != want {
			t.Fatalf("Ask = %+v, %v; want %q", resp, err, want)
		}
	}
	if n := strings.Count(out.String(), "Who led the army?"); n != 1 {
		t.Errorf("the question shown %d times while being answered, want once:\n%s", n, out)
	}
	later := typed("d/who")
	later.Progress = quiz.Progress{Position: 3, Total: 3}
	if _, err := ui.Ask(ctx, later); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out.String(), "Who led the army?"); n != 2 {
		t.Errorf("the card asked again later shown %d times in all, want twice:\n%s", n, out)
	}
	if !strings.Contains(out.String(), "[3/3 · 0 learning · 0 wrong] d/who") {
		t.Errorf("progress of the second asking missing:\n%s", out)
	}
}

// TestEndOfInput: the end of input and Ctrl-C end the session.
func TestEndOfInput(t *testing.T) {
	tio, out, _ := term.Test("")
	ui := plain.New(tio, time.UTC, clock)
	if _, err := ui.Ask(context.Background(), typed("d/a")); !errors.Is(err, io.EOF) {
		t.Errorf("at the end of input: %v, want io.EOF", err)
	}
	if !strings.HasSuffix(out.String(), "> \n") {
		t.Errorf("the prompt line is not ended: %q", out)
	}

	pr, pw := io.Pipe()
	defer pw.Close()
	tio, _, _ = term.Test("")
	tio.In = pr
	ui = plain.New(tio, time.UTC, clock)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ui.Ask(ctx, typed("d/a")); !errors.Is(err, quiz.ErrInterrupted) {
		t.Errorf("cancelled: %v, want ErrInterrupted", err)
	}
}

// TestResultAndSummary: feedback and the end of the session are printed
// as quiz renders them, without colour on a pipe.
func TestResultAndSummary(t *testing.T) {
	tio, out, _ := term.Test("")
	ui := plain.New(tio, time.UTC, clock)
	r := &quiz.Result{Key: "d/who", Format: quiz.FormatTyped, Rating: scoring.Again, Expected: "Giap",
		Given: "Giab", Explain: "He led it.", Source: "art. 1", NextDue: now.Add(time.Minute)}
	rt, err := ui.Result(context.Background(), r)
	if rt != nil || err != nil {
		t.Errorf("Result = %v, %v; want nil, nil", rt, err)
	}
	want := strings.Join(quiz.FormatResult(r, false, time.UTC), "\n") + "\n"
	if out.String() != want {
		t.Errorf("result printed as\n%q\nwant\n%q", out, want)
	}
	out.Reset()
	ui.Notice("Undone: d/who")
	ui.Summary(&quiz.Summary{Mode: quiz.ModeQuiz, Answered: 3, Correct: 2, Score: 200.0 / 3, Duration: 5 * time.Second})
	if got, want := out.String(), "Undone: d/who\n\nQuiz over: 3 answered, 2 correct (67%) in 5s.\n"; got != want {
		t.Errorf("printed %q, want %q", got, want)
	}
	if strings.Contains(out.String(), "\x1b") {
		t.Errorf("colour on a pipe: %q", out)
	}
}
