package quiz_test

import (
	"context"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/ontap/ontap/quiz"
	"github.com/ontap/ontap/scoring"
)

func TestParseLine(t *testing.T) {
	tests := []struct {
		line, format string
		want         *quiz.Response // nil: not usable
		msg          string         // part of the message when not usable
	}{
		{"1954", quiz.FormatNumber, &quiz.Response{Text: "1954"}, ""},
		{"  Võ Nguyên Giáp \r\n", quiz.FormatTyped, &quiz.Response{Text: "Võ Nguyên Giáp"}, ""},
		{"", quiz.FormatTyped, &quiz.Response{}, ""},
		{"alpha; beta", quiz.FormatList, &quiz.Response{Text: "alpha; beta"}, ""},
		{":hint", quiz.FormatTyped, &quiz.Response{Command: quiz.CmdHint}, ""},
		{":h", quiz.FormatChoice, &quiz.Response{Command: quiz.CmdHint}, ""},
		{"  :HINT  ", quiz.FormatTyped, &quiz.Response{Command: quiz.CmdHint}, ""},
		{":giveup", quiz.FormatTyped, &quiz.Response{Command: quiz.CmdGiveUp}, ""},
		{":show", quiz.FormatFlash, &quiz.Response{Command: quiz.CmdGiveUp}, ""},
		{":reveal", quiz.FormatTyped, &quiz.Response{Command: quiz.CmdGiveUp}, ""},
		{":g", quiz.FormatTyped, &quiz.Response{Command: quiz.CmdGiveUp}, ""},
		{":skip", quiz.FormatTyped, &quiz.Response{Command: quiz.CmdSkip}, ""},
		{":s", quiz.FormatTyped, &quiz.Response{Command: quiz.CmdSkip}, ""},
		{":undo", quiz.FormatFlash, &quiz.Response{Command: quiz.CmdUndo}, ""},
		{":u", quiz.FormatTyped, &quiz.Response{Command: quiz.CmdUndo}, ""},
		{":quit", quiz.FormatTyped, &quiz.Response{Command: quiz.CmdQuit}, ""},
		{":q", quiz.FormatTyped, &quiz.Response{Command: quiz.CmdQuit}, ""},
		{":exit", quiz.FormatTyped, &quiz.Response{Command: quiz.CmdQuit}, ""},
		{":rate 1", quiz.FormatTyped, &quiz.Response{Command: quiz.CmdRate, Rating: scoring.Again}, ""},
		{":rate easy", quiz.FormatTyped, &quiz.Response{Command: quiz.CmdRate, Rating: scoring.Easy}, ""},
		{":r 3", quiz.FormatTyped, &quiz.Response{Command: quiz.CmdRate, Rating: scoring.Good}, ""},
		{":rate", quiz.FormatTyped, nil, "Usage: :rate N"},
		{":rate 5", quiz.FormatTyped, nil, "Usage: :rate N"},
		{":rate 1 2", quiz.FormatTyped, nil, "Usage: :rate N"},
		{":", quiz.FormatTyped, nil, "Commands: :hint"},
		{":frobnicate", quiz.FormatTyped, nil, `Unknown command ":frobnicate"`},
		// flash cards: an empty line reveals, then a rating
		{"", quiz.FormatFlash, &quiz.Response{}, ""},
		{"3", quiz.FormatFlash, &quiz.Response{Rating: scoring.Good}, ""},
		{"hard", quiz.FormatFlash, &quiz.Response{Rating: scoring.Hard}, ""},
		{" Again ", quiz.FormatFlash, &quiz.Response{Rating: scoring.Again}, ""},
		{"e", quiz.FormatFlash, &quiz.Response{Rating: scoring.Easy}, ""},
		{"5", quiz.FormatFlash, nil, "Rate yourself"},
		{"unmanned aerial vehicles", quiz.FormatFlash, nil, "Rate yourself"},
		// a number is an answer, not a rating, outside flash cards
		{"3", quiz.FormatChoice, &quiz.Response{Text: "3"}, ""},
	}
	for _, tc := range tests {
		resp, msg := quiz.ParseLine(tc.line, tc.format)
		switch {
		case tc.want == nil && resp != nil:
			t.Errorf("ParseLine(%q, %s) = %+v, want unusable", tc.line, tc.format, resp)
		case tc.want == nil && !strings.Contains(msg, tc.msg):
			t.Errorf("ParseLine(%q, %s) message %q, want it to contain %q", tc.line, tc.format, msg, tc.msg)
		case tc.want != nil && (resp == nil || !reflect.DeepEqual(resp, tc.want)):
			t.Errorf("ParseLine(%q, %s) = %+v (%q), want %+v", tc.line, tc.format, resp, msg, tc.want)
		case tc.want != nil && msg != "":
			t.Errorf("ParseLine(%q, %s) message %q with a response", tc.line, tc.format, msg)
		}
	}
}

func TestParseRating(t *testing.T) {
	tests := []struct {
		in   string
		want scoring.Rating
		ok   bool
	}{
		{"1", scoring.Again, true}, {"again", scoring.Again, true}, {"A", scoring.Again, true},
		{"2", scoring.Hard, true}, {"HARD", scoring.Hard, true},
		{"3", scoring.Good, true}, {" good ", scoring.Good, true},
		{"4", scoring.Easy, true}, {"easy", scoring.Easy, true},
		{"0", 0, false}, {"5", 0, false}, {"", 0, false}, {"great", 0, false}, {"-1", 0, false},
	}
	for _, tc := range tests {
		got, ok := quiz.ParseRating(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ParseRating(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestLines(t *testing.T) {
	ctx := context.Background()
	l := quiz.NewLines(strings.NewReader("first\r\nsecond\nlast"))
	for _, want := range []string{"first", "second", "last"} {
		got, err := l.Next(ctx)
		if err != nil || got != want {
			t.Fatalf("Next = %q, %v; want %q", got, err, want)
		}
	}
	for i := 0; i < 2; i++ { // end of input, and it stays ended
		if got, err := l.Next(ctx); !errors.Is(err, io.EOF) || got != "" {
			t.Fatalf("at the end: %q, %v; want io.EOF", got, err)
		}
	}

	// Waiting for a line ends with ErrInterrupted when ctx is cancelled.
	pr, pw := io.Pipe()
	defer pw.Close()
	l = quiz.NewLines(pr)
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := l.Next(cctx); !errors.Is(err, quiz.ErrInterrupted) {
		t.Fatalf("cancelled: %v, want ErrInterrupted", err)
	}

	// A line longer than the limit is an error, not a hang.
	long := strings.Repeat("x", 2<<20)
	l = quiz.NewLines(strings.NewReader(long + "\n"))
	if _, err := l.Next(ctx); err == nil || errors.Is(err, io.EOF) {
		t.Fatalf("a 2 MiB line: %v, want an error", err)
	}
}
