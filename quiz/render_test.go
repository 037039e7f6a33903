package quiz_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ontap/ontap/quiz"
	"github.com/ontap/ontap/scoring"
	"github.com/ontap/ontap/scoring/answer"
)

func TestProgressLine(t *testing.T) {
	tests := []struct {
		p    quiz.Progress
		want string
	}{
		{quiz.Progress{Position: 7, Total: 24, Learning: 3, Wrong: 2}, "7/24 · 3 learning · 2 wrong"},
		{quiz.Progress{Position: 1, Total: 1}, "1/1 · 0 learning · 0 wrong"},
	}
	for _, tc := range tests {
		if got := quiz.ProgressLine(tc.p); got != tc.want {
			t.Errorf("ProgressLine(%+v) = %q, want %q", tc.p, got, tc.want)
		}
	}
}

func TestHowToAnswer(t *testing.T) {
	tests := []struct {
		q    quiz.Question
		want string
	}{
		{quiz.Question{Format: quiz.FormatFlash}, "Enter to show the answer, then rate: 1 Again, 2 Hard, 3 Good, 4 Easy"},
		{quiz.Question{Format: quiz.FormatTyped}, "Type your answer"},
		{quiz.Question{Format: quiz.FormatChoice}, "Type the number of your choice (or its text)"},
		{quiz.Question{Format: quiz.FormatMulti}, "Type the numbers of all that apply, e.g. 1 3"},
		{quiz.Question{Format: quiz.FormatTrueFalse}, "true or false"},
		{quiz.Question{Format: quiz.FormatNumber}, "A number"},
		{quiz.Question{Format: quiz.FormatNumber, Unit: "booths"}, "A number, in booths"},
		{quiz.Question{Format: quiz.FormatList, Count: 4}, "4 items, separated by ;"},
		{quiz.Question{Format: quiz.FormatOrder}, "The numbers in the right order, e.g. 3 1 2"},
	}
	for _, tc := range tests {
		if got := quiz.HowToAnswer(&tc.q); got != tc.want {
			t.Errorf("HowToAnswer(%s) = %q, want %q", tc.q.Format, got, tc.want)
		}
	}
}

func TestFormatResult(t *testing.T) {
	due := time.Date(2026, 11, 23, 2, 10, 0, 0, time.UTC) // 09:10 in Vietnam
	diff := answer.Diff("Giab", "Giap")
	tests := []struct {
		name string
		r    quiz.Result
		want []string
	}{
		{
			name: "right",
			r:    quiz.Result{Format: quiz.FormatTyped, Correct: true, Rating: scoring.Good, Expected: "1954", Given: "1954", NextDue: due},
			want: []string{"✓ Right · Good", "  Next: 2026-11-23 09:10"},
		},
		{
			name: "wrong, with what differed, explain and source",
			r: quiz.Result{Format: quiz.FormatTyped, Rating: scoring.Again, Expected: "Giap", Given: "Giab",
				Diff: diff, Explain: "He led the army.", Source: "article 1, §2", NextDue: due},
			want: []string{"✗ Wrong · Again", "  Answer: Giap", "  Diff:   " + answer.FormatDiff(diff, false),
				"  He led the army.", "  Source: article 1, §2", "  Next: 2026-11-23 09:10"},
		},
		{
			name: "right with a note shows the answer",
			r: quiz.Result{Format: quiz.FormatTyped, Correct: true, Rating: scoring.Hard, Expected: "Võ Nguyên Giáp",
				Given: "Vo Nguyen Giap", Notes: []string{"accents differ"}, NextDue: due},
			want: []string{"✓ Right · Hard · accents differ", "  Answer: Võ Nguyên Giáp", "  Next: 2026-11-23 09:10"},
		},
		{
			name: "given up",
			r:    quiz.Result{Format: quiz.FormatTyped, Rating: scoring.Again, Expected: "Giap", GaveUp: true, NextDue: due},
			want: []string{"✗ Given up · Again", "  Answer: Giap", "  Next: 2026-11-23 09:10"},
		},
		{
			name: "a flash card always shows its answer",
			r:    quiz.Result{Format: quiz.FormatFlash, Correct: true, Rating: scoring.Easy, Expected: "drones", NextDue: due},
			want: []string{"✓ Right · Easy", "  Answer: drones", "  Next: 2026-11-23 09:10"},
		},
		{
			name: "parts of a list, in a quiz",
			r: quiz.Result{Format: quiz.FormatList, Rating: scoring.Again, Expected: "alpha; beta; gamma", Quiz: true,
				Parts: []answer.Part{{Expected: "alpha", Given: "alpha", Correct: true},
					{Expected: "beta", Given: "betta", Correct: true, Note: "typo"},
					{Expected: "gamma", Correct: false, Note: "missing"}}},
			want: []string{"✗ Wrong · Again", "  Answer: alpha; beta; gamma", "  ✓ alpha", "  ✓ beta (you: betta) · typo",
				"  ✗ gamma · missing", "  (test: the card's schedule is unchanged)"},
		},
		{
			name: "a leech",
			r:    quiz.Result{Format: quiz.FormatTyped, Rating: scoring.Again, Expected: "x", Given: "y", Leech: true},
			want: []string{"✗ Wrong · Again", "  Expected x — you wrote y", "  This card is a leech: it keeps slipping. Consider rewriting it."},
		},
		{
			name: "a number off is shown beside the expected one, with no diff",
			r: quiz.Result{Format: quiz.FormatNumber, Rating: scoring.Again, Expected: "250 exhibitors", Given: "300",
				Diff: answer.Diff("300", "250")},
			want: []string{"✗ Wrong · Again", "  Expected 250 exhibitors — you wrote 300"},
		},
		{
			name: "an answer sharing little gets no diff",
			r: quiz.Result{Format: quiz.FormatTyped, Rating: scoring.Again, Expected: "Viet Minh Front", Given: "Anti-Fascist Allied Front",
				Diff: answer.Diff("Anti-Fascist Allied Front", "Viet Minh Front")},
			want: []string{"✗ Wrong · Again", "  Expected Viet Minh Front — you wrote Anti-Fascist Allied Front"},
		},
		{
			name: "an item not in the list names what was written",
			r: quiz.Result{Format: quiz.FormatList, Rating: scoring.Again, Expected: "alpha",
				Parts: []answer.Part{{Expected: "alpha", Note: "missing"}, {Given: "omega", Note: "not in the list"}}},
			want: []string{"✗ Wrong · Again", "  Answer: alpha", "  ✗ alpha · missing", "  ✗ you wrote: omega · not in the list"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := quiz.FormatResult(&tc.r, false, ict)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got\n%q\nwant\n%q", got, tc.want)
			}
			colored := strings.Join(quiz.FormatResult(&tc.r, true, ict), "\n")
			if !strings.Contains(colored, "\x1b[") {
				t.Errorf("no colour with colour on: %q", colored)
			}
			if plain := strings.Join(got, "\n"); strings.Contains(plain, "\x1b") {
				t.Errorf("escape sequence with colour off: %q", plain)
			}
		})
	}
	r := quiz.Result{Correct: true, Rating: scoring.Good}
	if got := quiz.FormatResult(&r, true, ict)[0]; got != "\x1b[32m✓ Right\x1b[0m · Good" {
		t.Errorf("coloured verdict %q", got)
	}
}

func TestFormatSummary(t *testing.T) {
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, ict)
	tests := []struct {
		name string
		s    quiz.Summary
		want []string
	}{
		{
			name: "study",
			s: quiz.Summary{Mode: quiz.ModeStudy, Answered: 4, Correct: 3, Score: 75, Duration: 12400 * time.Millisecond,
				NextDue: now.Add(10 * time.Minute)},
			want: []string{"Session over: 4 answered, 3 correct (75%) in 12s.", "Next card due 2026-11-23 09:10 (in 10m)."},
		},
		{
			name: "quiz, with a leech",
			s: quiz.Summary{Mode: quiz.ModeQuiz, Answered: 3, Correct: 1, Score: 100.0 / 3, Duration: 2 * time.Minute,
				Leeches: []string{"d/c"}, NextDue: now.Add(50 * time.Hour)},
			want: []string{"Quiz over: 3 answered, 1 correct (33%) in 2m0s.", "Leech: d/c", "Next card due 2026-11-25 11:00 (in 2d)."},
		},
		{
			name: "interrupted with cards still due",
			s:    quiz.Summary{Mode: quiz.ModeStudy, Answered: 1, Correct: 1, Score: 100, Interrupted: true, NextDue: now.Add(-time.Hour)},
			want: []string{"Session interrupted: 1 answered, 1 correct (100%) in 0s.", "More cards are ready to study now."},
		},
		{
			name: "ended before the first answer",
			s:    quiz.Summary{Mode: quiz.ModeStudy, NextDue: now.Add(time.Minute)},
			want: []string{"Session over: no answer given.", "Next card due 2026-11-23 09:01 (in 1m)."},
		},
		{
			name: "nothing due",
			s:    quiz.Summary{Mode: quiz.ModeStudy, Decks: []string{"a", "b"}, NothingDue: true, NextDue: now.Add(3 * time.Hour)},
			want: []string{"Nothing to study now in a, b.", "Next card due 2026-11-23 12:00 (in 3h)."},
		},
		{
			name: "nothing scheduled",
			s:    quiz.Summary{Mode: quiz.ModeAhead, Decks: []string{"a"}, NothingDue: true},
			want: []string{"Nothing to study now in a.", "No cards are scheduled."},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := quiz.FormatSummary(&tc.s, now, ict); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got\n%q\nwant\n%q", got, tc.want)
			}
		})
	}
}

func TestUntil(t *testing.T) {
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "0m"},
		{time.Minute, "1m"},
		{4*time.Minute + 40*time.Second, "5m"},
		{59 * time.Minute, "59m"},
		{time.Hour, "1h"},
		{90 * time.Minute, "2h"},
		{47 * time.Hour, "47h"},
		{48 * time.Hour, "2d"},
		{10*24*time.Hour + 13*time.Hour, "11d"},
	}
	for _, tc := range tests {
		if got := quiz.Until(now, now.Add(tc.d)); got != tc.want {
			t.Errorf("Until(+%s) = %q, want %q", tc.d, got, tc.want)
		}
	}
}
