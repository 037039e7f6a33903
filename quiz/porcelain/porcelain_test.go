package porcelain_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ontap/ontap/quiz"
	"github.com/ontap/ontap/quiz/porcelain"
	"github.com/ontap/ontap/scoring"
	"github.com/ontap/ontap/scoring/answer"
)

// lines splits the output into its JSON lines, checking each is one valid
// object.
func lines(t *testing.T, out *bytes.Buffer) []string {
	t.Helper()
	ls := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	for _, l := range ls {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Errorf("not a JSON object: %q: %v", l, err)
		}
	}
	return ls
}

// TestAsk: the question event, exactly as documented, then the response;
// lines that are not usable get a notice and the next line is read.
func TestAsk(t *testing.T) {
	tests := []struct {
		name  string
		q     *quiz.Question
		input string
		want  *quiz.Response
		out   []string
	}{
		{
			name: "number",
			q: &quiz.Question{Key: "p/year", Kind: "number", Format: quiz.FormatNumber, Prompt: "Which year?",
				HasHint: true, New: true, Progress: quiz.Progress{Position: 1, Total: 3}},
			input: "1954\n",
			want:  &quiz.Response{Text: "1954"},
			out:   []string{`{"type":"question","card":"p/year","kind":"number","format":"number","prompt":"Which year?","choices":[],"has_hint":true,"new":true,"progress":{"position":1,"total":3,"learning":0,"wrong":0}}`},
		},
		{
			name: "choice with a hint, unit and count",
			q: &quiz.Question{Key: "p/c", Kind: "choice", Format: quiz.FormatChoice, Prompt: "<b>&",
				Choices: []string{"a & b", "c"}, HasHint: true, Hint: "not c", Unit: "booths", Count: 2,
				Progress: quiz.Progress{Position: 2, Total: 5, Learning: 1, Wrong: 1}},
			input: "a & b\n",
			want:  &quiz.Response{Text: "a & b"},
			out:   []string{`{"type":"question","card":"p/c","kind":"choice","format":"choice","prompt":"<b>&","choices":["a & b","c"],"count":2,"unit":"booths","has_hint":true,"hint":"not c","new":false,"progress":{"position":2,"total":5,"learning":1,"wrong":1}}`},
		},
		{
			name:  "commands, after a line not understood",
			q:     &quiz.Question{Key: "p/t", Kind: "typed", Format: quiz.FormatTyped, Prompt: "?"},
			input: ":frobnicate\n:rate 4\n",
			want:  &quiz.Response{Command: quiz.CmdRate, Rating: scoring.Easy},
			out: []string{`{"type":"question","card":"p/t","kind":"typed","format":"typed","prompt":"?","choices":[],"has_hint":false,"new":false,"progress":{"position":0,"total":0,"learning":0,"wrong":0}}`,
				`{"type":"notice","message":"Unknown command \":frobnicate\"; commands: :hint  :giveup  :skip  :undo  :rate N  :right  :quit"}`},
		},
		{
			name:  "flash: a rating, not an empty line",
			q:     &quiz.Question{Key: "p/f", Kind: "basic", Format: quiz.FormatFlash, Prompt: "Z131 makes", Answer: "UAVs"},
			input: "\nbrilliant\n2\n",
			want:  &quiz.Response{Rating: scoring.Hard},
			out: []string{`{"type":"question","card":"p/f","kind":"basic","format":"flash","prompt":"Z131 makes","choices":[],"has_hint":false,"new":false,"progress":{"position":0,"total":0,"learning":0,"wrong":0}}`,
				`{"type":"notice","message":"Rate yourself: 1 Again, 2 Hard, 3 Good, 4 Easy."}`,
				`{"type":"notice","message":"Rate yourself: 1 Again, 2 Hard, 3 Good, 4 Easy (or :giveup)."}`},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			ui := porcelain.New(strings.NewReader(tc.input), &out)
			got, err := ui.Ask(context.Background(), tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("response %+v, want %+v", got, tc.want)
			}
			if ls := lines(t, &out); !reflect.DeepEqual(ls, tc.out) {
				t.Errorf("events\n%s\nwant\n%s", strings.Join(ls, "\n"), strings.Join(tc.out, "\n"))
			}
		})
	}
}

func TestEnd(t *testing.T) {
	var out bytes.Buffer
	ui := porcelain.New(strings.NewReader(""), &out)
	q := &quiz.Question{Key: "p/t", Format: quiz.FormatTyped}
	if _, err := ui.Ask(context.Background(), q); !errors.Is(err, io.EOF) {
		t.Errorf("at the end of input: %v, want io.EOF", err)
	}
	pr, pw := io.Pipe()
	defer pw.Close()
	ui = porcelain.New(pr, &out)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ui.Ask(ctx, q); !errors.Is(err, quiz.ErrInterrupted) {
		t.Errorf("cancelled: %v, want ErrInterrupted", err)
	}
}

// TestEvents: result, notice and summary events.
func TestEvents(t *testing.T) {
	due := time.Date(2026, 11, 23, 16, 10, 0, 0, time.FixedZone("ICT", 7*3600))
	tests := []struct {
		name string
		emit func(*porcelain.UI)
		want string
	}{
		{
			name: "right",
			emit: func(u *porcelain.UI) {
				u.Result(context.Background(), &quiz.Result{Key: "p/year", Format: quiz.FormatNumber, Correct: true,
					Rating: scoring.Good, Expected: "1954", Given: "1954", Score: 1, NextDue: due,
					Diff: answer.Diff("1954", "1954")})
			},
			want: `{"type":"result","card":"p/year","correct":true,"rating":3,"expected":"1954","given":"1954","notes":[],"score":1,"next_due":"2026-11-23T09:10:00Z","quiz":false,"leech":false,"override":false,"suspended":false}`,
		},
		{
			name: "wrong, with a diff, explain and source, in a quiz",
			emit: func(u *porcelain.UI) {
				u.Result(context.Background(), &quiz.Result{Key: "p/who", Format: quiz.FormatTyped, Rating: scoring.Again,
					Expected: "Giap", Given: "Giab", Notes: []string{"typo"}, Diff: answer.Diff("Giab", "Giap"),
					Explain: "He led it.", Source: "art. 1", Quiz: true, Leech: true})
			},
			want: `{"type":"result","card":"p/who","correct":false,"rating":1,"expected":"Giap","given":"Giab","notes":["typo"],"diff":"` +
				answer.FormatDiff(answer.Diff("Giab", "Giap"), false) +
				`","score":0,"explain":"He led it.","source":"art. 1","next_due":null,"quiz":true,"leech":true,"override":false,"suspended":false}`,
		},
		{
			name: "parts",
			emit: func(u *porcelain.UI) {
				u.Result(context.Background(), &quiz.Result{Key: "p/l", Format: quiz.FormatList, Rating: scoring.Hard,
					Correct: true, Expected: "a; b", Given: "a", Score: 0.5, NextDue: due,
					Parts: []answer.Part{{Expected: "a", Given: "a", Correct: true}, {Expected: "b", Note: "missing"}}})
			},
			want: `{"type":"result","card":"p/l","correct":true,"rating":2,"expected":"a; b","given":"a","notes":[],"parts":[{"expected":"a","given":"a","correct":true},{"expected":"b","given":"","correct":false,"note":"missing"}],"score":0.5,"next_due":"2026-11-23T09:10:00Z","quiz":false,"leech":false,"override":false,"suspended":false}`,
		},
		{
			name: "notice",
			emit: func(u *porcelain.UI) { u.Notice(`Undone: p/"x"`) },
			want: `{"type":"notice","message":"Undone: p/\"x\""}`,
		},
		{
			name: "summary",
			emit: func(u *porcelain.UI) {
				u.Summary(&quiz.Summary{SessionID: 4, Mode: quiz.ModeStudy, Decks: []string{"p"}, Answered: 4, Correct: 3,
					Score: 75, Duration: 12500 * time.Millisecond, Seconds: 12.5, NextDue: due, Interrupted: true})
			},
			want: `{"type":"summary","session":4,"mode":"study","decks":["p"],"answered":4,"correct":3,"score":75,"seconds":12.5,"next_due":"2026-11-23T09:10:00Z","nothing_due":false,"interrupted":true}`,
		},
		{
			name: "summary of nothing due",
			emit: func(u *porcelain.UI) {
				u.Summary(&quiz.Summary{Mode: quiz.ModeQuiz, Decks: []string{"p"}, NothingDue: true})
			},
			want: `{"type":"summary","session":0,"mode":"quiz","decks":["p"],"answered":0,"correct":0,"score":0,"seconds":0,"nothing_due":true,"interrupted":false}`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			ui := porcelain.New(strings.NewReader(""), &out)
			tc.emit(ui)
			if ls := lines(t, &out); len(ls) != 1 || ls[0] != tc.want {
				t.Errorf("got\n%s\nwant\n%s", out.String(), tc.want)
			}
		})
	}
}
