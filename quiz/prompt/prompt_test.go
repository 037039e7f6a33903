package prompt

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/manifoldco/promptui"

	"github.com/ontap/ontap/quiz"
	"github.com/ontap/ontap/quiz/term"
)

func TestBelFilter(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"", ""},
		{"plain text", "plain text"},
		{"\a", ""},
		{"\aabc\a\adef\a", "abcdef"},
		{"\x1b[2K\r> 1954\a", "\x1b[2K\r> 1954"},
		{"ôn tập\a", "ôn tập"},
	}
	for _, tc := range tests {
		var buf bytes.Buffer
		f := &belFilter{w: &buf}
		n, err := f.Write([]byte(tc.in))
		if err != nil || n != len(tc.in) {
			t.Errorf("Write(%q) = %d, %v; want %d, nil", tc.in, n, err, len(tc.in))
		}
		if buf.String() != tc.want {
			t.Errorf("Write(%q) wrote %q, want %q", tc.in, buf.String(), tc.want)
		}
		if err := f.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	}
	// An error of the terminal is passed on.
	f := &belFilter{w: failWriter{}}
	if _, err := f.Write([]byte("a\ab")); err == nil {
		t.Error("a failing writer's error was lost")
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("broken terminal") }

// TestLabel: promptui labels are one line, cut to the terminal width.
func TestLabel(t *testing.T) {
	tio, _, _ := term.Test("")
	tio.SetWidth(20)
	u := New(tio, time.UTC, time.Now)
	tests := []struct{ in, want string }{
		{"Your answer", "Your answer"},
		{"two\nlines\tand  spaces", "two lines and spaces"[:15] + "…"},
		{"A number, in US$ million", "A number, in US…"},
	}
	for _, tc := range tests {
		if got := u.label(tc.in); got != tc.want {
			t.Errorf("label(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestMenuHelp: a menu's help names the digits that pick an option, not
// 1-9 for a menu of four.
func TestMenuHelp(t *testing.T) {
	for n, want := range map[int]string{
		0: "(arrows to choose, Enter)",
		1: "(arrows or 1 to choose, Enter)",
		4: "(arrows or 1-4 to choose, Enter)",
		9: "(arrows or 1-9 to choose, Enter)",
	} {
		if got := menuHelp(n); got != want {
			t.Errorf("menuHelp(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestMapErr(t *testing.T) {
	tests := []struct {
		in, want error
	}{
		{nil, nil},
		{promptui.ErrInterrupt, quiz.ErrInterrupted},
		{promptui.ErrEOF, io.EOF},
		{io.EOF, io.EOF},
	}
	for _, tc := range tests {
		if got := mapErr(tc.in); !errors.Is(got, tc.want) || (tc.want == nil && got != nil) {
			t.Errorf("mapErr(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
	other := errors.New("terminal gone")
	if got := mapErr(other); got != other {
		t.Errorf("mapErr(other) = %v", got)
	}
}

// TestOutputs: what the front-end prints itself (feedback, notices, the
// summary) goes through the BEL filter and is wrapped to the width.
func TestOutputs(t *testing.T) {
	tio, out, _ := term.Test("")
	tio.SetWidth(30)
	u := New(tio, time.UTC, func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) })
	u.Notice("a notice with a bell\a and enough words to need wrapping")
	u.Summary(&quiz.Summary{Mode: quiz.ModeStudy, Answered: 2, Correct: 1, Score: 50})
	got := out.String()
	if strings.Contains(got, "\a") {
		t.Errorf("BEL written: %q", got)
	}
	for _, l := range strings.Split(strings.TrimSuffix(got, "\n"), "\n") {
		if term.DisplayWidth(l) > 29 {
			t.Errorf("line %q wider than the terminal", l)
		}
	}
	if !strings.Contains(got, "Session over: 2 answered, 1") {
		t.Errorf("summary missing: %q", got)
	}
}

// TestResultKeys: after the feedback, r overrules a wrong verdict, but not
// on a flash card, whose verdict is the learner's own rating; 1-4 change
// the rating in a study session, not in a quiz.
func TestResultKeys(t *testing.T) {
	for _, tc := range []struct {
		name      string
		result    quiz.Result
		key       string
		wantLabel string
		want      *quiz.Response
	}{
		{"typed wrong, study", quiz.Result{Format: quiz.FormatTyped}, "r",
			"Enter to go on, r if you were right, 1-4 to rate", &quiz.Response{Command: quiz.CmdRight}},
		{"typed wrong, quiz", quiz.Result{Format: quiz.FormatTyped, Quiz: true}, "r",
			"Enter to go on, r if you were right", &quiz.Response{Command: quiz.CmdRight}},
		{"flash Again, study", quiz.Result{Format: quiz.FormatFlash}, "r",
			"Enter to go on, or 1-4 to change the rating", nil},
		{"flash Again, study, re-rated", quiz.Result{Format: quiz.FormatFlash}, "3",
			"Enter to go on, or 1-4 to change the rating", &quiz.Response{Command: quiz.CmdRate, Rating: 3}},
		{"flash Again, quiz", quiz.Result{Format: quiz.FormatFlash, Quiz: true}, "r", "Enter to go on", nil},
		{"typed right, quiz", quiz.Result{Format: quiz.FormatTyped, Correct: true, Quiz: true}, "r", "Enter to go on", nil},
	} {
		r := tc.result
		if label, _ := resultKeys(&r); label != tc.wantLabel {
			t.Errorf("%s: the prompt is %q, want %q", tc.name, label, tc.wantLabel)
		}
		tio, _, _ := term.Test(tc.key + "\n")
		got, err := New(tio, time.UTC, time.Now).Result(context.Background(), &r)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if (got == nil) != (tc.want == nil) || (got != nil && (got.Command != tc.want.Command || got.Rating != tc.want.Rating)) {
			t.Errorf("%s: key %q gave %+v, want %+v", tc.name, tc.key, got, tc.want)
		}
	}
}
