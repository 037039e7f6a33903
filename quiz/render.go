package quiz

import (
	"fmt"
	"strings"
	"time"

	"github.com/ontap/ontap/scoring/answer"
)

// ANSI colours used when colour is on.
const (
	green = "\x1b[32m"
	red   = "\x1b[31m"
	dim   = "\x1b[2m"
	reset = "\x1b[0m"
)

func paint(on bool, code, s string) string {
	if !on {
		return s
	}
	return code + s + reset
}

// ProgressLine renders the progress of a session, e.g.
// "7/24 · 3 learning · 2 wrong".
func ProgressLine(p Progress) string {
	return fmt.Sprintf("%d/%d · %d learning · %d wrong", p.Position, p.Total, p.Learning, p.Wrong)
}

// HowToAnswer says in one line how to answer a question.
func HowToAnswer(q *Question) string {
	switch q.Format {
	case FormatFlash:
		return "Enter to show the answer, then rate: 1 Again, 2 Hard, 3 Good, 4 Easy"
	case FormatChoice:
		return "Type the number of your choice (or its text)"
	case FormatMulti:
		return "Type the numbers of all that apply, e.g. 1 3"
	case FormatTrueFalse:
		return "true or false"
	case FormatNumber:
		if q.Unit != "" {
			return "A number, in " + q.Unit
		}
		return "A number"
	case FormatList:
		return fmt.Sprintf("%d items, separated by ;", q.Count)
	case FormatOrder:
		return "The numbers in the right order, e.g. 3 1 2"
	}
	return "Type your answer"
}

// FormatResult renders the feedback for an answer as lines of text; for
// an overruled verdict (Override), the new verdict and due date only.
func FormatResult(r *Result, color bool, loc *time.Location) []string {
	var lines []string
	if r.Override {
		lines = append(lines, fmt.Sprintf("%s · %s · overruled by you", paint(color, green, "✓ Counted as right"), r.Rating))
		return append(lines, footer(r, color, loc)...)
	}
	verdict := paint(color, green, "✓ Right")
	if !r.Correct {
		verdict = paint(color, red, "✗ Wrong")
	}
	if r.GaveUp {
		verdict = paint(color, red, "✗ Given up")
	}
	head := fmt.Sprintf("%s · %s", verdict, r.Rating)
	if len(r.Notes) > 0 {
		head += " · " + strings.Join(r.Notes, ", ")
	}
	lines = append(lines, head)
	lines = append(lines, answerLines(r, color)...)
	for _, p := range r.Parts {
		mark := paint(color, green, "✓")
		if !p.Correct {
			mark = paint(color, red, "✗")
		}
		var line string
		switch {
		case p.Expected == "":
			// An item given that is none of the expected ones.
			line = "  " + mark + " you wrote: " + p.Given
		case p.Given != "" && p.Given != p.Expected:
			line = "  " + mark + " " + p.Expected + " (you: " + p.Given + ")"
		default:
			line = "  " + mark + " " + p.Expected
		}
		if p.Note != "" {
			line += " · " + p.Note
		}
		lines = append(lines, line)
	}
	if r.Explain != "" {
		lines = append(lines, "  "+r.Explain)
	}
	if r.Source != "" {
		lines = append(lines, paint(color, dim, "  Source: "+r.Source))
	}
	return append(lines, footer(r, color, loc)...)
}

// footer says what becomes of the card: its next due date, or that a quiz
// leaves it alone; that it became a leech, and is suspended.
func footer(r *Result, color bool, loc *time.Location) []string {
	var lines []string
	switch {
	case r.Quiz:
		lines = append(lines, paint(color, dim, "  (test: the card's schedule is unchanged)"))
	case !r.NextDue.IsZero() && !r.Suspended:
		lines = append(lines, paint(color, dim, "  Next: "+r.NextDue.In(loc).Format("2006-01-02 15:04")))
	}
	switch {
	case r.Suspended:
		lines = append(lines, paint(color, red, "  This card is a leech: it keeps slipping, so it is suspended. Rewrite it, then"),
			paint(color, red, "  `ontap deck unsuspend "+deckOf(r.Key)+"` brings it back."))
	case r.Leech:
		lines = append(lines, paint(color, red, "  This card is a leech: it keeps slipping. Consider rewriting it."))
	}
	return lines
}

// deckOf is the deck id of a card key.
func deckOf(key string) string {
	d, _, _ := strings.Cut(key, "/")
	return d
}

// answerLines say what was expected. A wrong single answer that is a near
// miss (answer.NearMiss) gets the expected answer and a character diff;
// any other wrong single answer, numbers included, the expected answer
// beside what was typed: "Expected 1954 — you wrote 1955". Right answers
// with notes, lists and flash cards show the expected answer only.
func answerLines(r *Result, color bool) []string {
	single := len(r.Parts) == 0 && r.Format != FormatFlash && r.Format != FormatChoice &&
		r.Format != FormatTrueFalse && r.Format != FormatMulti
	switch {
	case !r.Correct && single && r.Given != "" && len(r.Diff) > 0 && answer.NearMiss(r.Given, r.Expected):
		return []string{"  Answer: " + r.Expected, "  Diff:   " + answer.FormatDiff(r.Diff, color)}
	case !r.Correct && single && r.Given != "":
		return []string{"  Expected " + r.Expected + " — you wrote " + r.Given}
	case !r.Correct || len(r.Notes) > 0 || r.Format == FormatFlash:
		return []string{"  Answer: " + r.Expected}
	}
	return nil
}

// FormatSummary renders the end of a session as lines of text.
func FormatSummary(s *Summary, now time.Time, loc *time.Location) []string {
	var lines []string
	if s.NothingDue {
		lines = append(lines, "Nothing to study now in "+strings.Join(s.Decks, ", ")+".")
	} else {
		what := "Session"
		if s.Mode == ModeQuiz {
			what = "Quiz"
		}
		over := "over"
		if s.Interrupted {
			over = "interrupted"
		}
		if s.Mode == ModeQuiz && s.Questions > 0 {
			lines = append(lines, fmt.Sprintf("%s %s: %d/%d answered, score %.0f%% of the quiz (%d correct) in %s.",
				what, over, s.Answered, s.Questions, s.QuizScore, s.Correct, s.Duration.Round(time.Second)))
		} else if s.Answered == 0 {
			lines = append(lines, fmt.Sprintf("%s %s: no answer given.", what, over))
		} else {
			lines = append(lines, fmt.Sprintf("%s %s: %d answered, %d correct (%.0f%%) in %s.",
				what, over, s.Answered, s.Correct, s.Score, s.Duration.Round(time.Second)))
		}
	}
	for _, l := range s.Leeches {
		if s.Mode == ModeStudy {
			lines = append(lines, "Leech, suspended: "+l)
		} else {
			lines = append(lines, "Leech: "+l)
		}
	}
	if !s.NextDue.IsZero() {
		when := s.NextDue.In(loc).Format("2006-01-02 15:04")
		if !s.NextDue.After(now) {
			lines = append(lines, "More cards are ready to study now.")
		} else {
			lines = append(lines, "Next card due "+when+" (in "+Until(now, s.NextDue)+").")
		}
	} else if s.NothingDue {
		lines = append(lines, "No cards are scheduled.")
	}
	return lines
}

// Until says how long from now to t, roughly: "5m", "3h", "2d".
func Until(now, t time.Time) string {
	d := t.Sub(now)
	switch {
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()+0.5))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d.Hours()+0.5))
	}
	return fmt.Sprintf("%dd", int(d.Hours()/24+0.5))
}
