// Package porcelain is the JSON-lines front-end for other programs (editor
// plugins, a web front-end, tests). Every event is one JSON object on one
// line of stdout; answers and commands are read one per line from stdin.
// The events and their fields are documented in PROTOCOL.md beside this file and are stable.
package porcelain

import (
	"context"
	"encoding/json"
	"io"
	"time"

	"github.com/ontap/ontap/decks/safetext"
	"github.com/ontap/ontap/quiz"
	"github.com/ontap/ontap/scoring/answer"
)

// UI is the JSON-lines front-end.
type UI struct {
	enc *json.Encoder
	in  *quiz.Lines
}

// New returns a JSON-lines front-end reading answers from in and writing
// events to out.
func New(in io.Reader, out io.Writer) *UI {
	enc := json.NewEncoder(safetext.JSONWriter(out))
	enc.SetEscapeHTML(false)
	return &UI{enc: enc, in: quiz.NewLines(in)}
}

// QuestionEvent is the "question" event.
type QuestionEvent struct {
	Type     string        `json:"type"` // "question"
	Card     string        `json:"card"` // DECK/CARD
	Kind     string        `json:"kind"`
	Format   string        `json:"format"`
	Prompt   string        `json:"prompt"`
	Choices  []string      `json:"choices"`
	Count    int           `json:"count,omitempty"`
	Unit     string        `json:"unit,omitempty"`
	HasHint  bool          `json:"has_hint"`
	Hint     string        `json:"hint,omitempty"`
	New      bool          `json:"new"`
	Progress quiz.Progress `json:"progress"`
}

// ResultEvent is the "result" event.
type ResultEvent struct {
	Type     string        `json:"type"` // "result"
	Card     string        `json:"card"`
	Correct  bool          `json:"correct"`
	Rating   int           `json:"rating"`
	Expected string        `json:"expected"`
	Given    string        `json:"given"`
	Notes    []string      `json:"notes"`
	Diff     string        `json:"diff,omitempty"`
	Parts    []answer.Part `json:"parts,omitempty"`
	Score    float64       `json:"score"`
	Explain  string        `json:"explain,omitempty"`
	Source   string        `json:"source,omitempty"`
	NextDue  *time.Time    `json:"next_due"`
	Quiz     bool          `json:"quiz"`
	Leech    bool          `json:"leech"`
	Override bool          `json:"override"`  // the learner overruled a wrong verdict (":right")
	Suspend  bool          `json:"suspended"` // the card, a new leech, is suspended
}

// NoticeEvent is the "notice" event: a message for the learner.
type NoticeEvent struct {
	Type    string `json:"type"` // "notice"
	Message string `json:"message"`
}

// SummaryEvent is the "summary" event, the last of a session.
type SummaryEvent struct {
	Type string `json:"type"` // "summary"
	*quiz.Summary
}

func (u *UI) emit(v any) { _ = u.enc.Encode(v) }

// Ask emits the question and reads one line.
func (u *UI) Ask(ctx context.Context, q *quiz.Question) (*quiz.Response, error) {
	choices := q.Choices
	if choices == nil {
		choices = []string{}
	}
	u.emit(QuestionEvent{Type: "question", Card: q.Key, Kind: q.Kind, Format: q.Format, Prompt: q.Prompt,
		Choices: choices, Count: q.Count, Unit: q.Unit, HasHint: q.HasHint, Hint: q.Hint, New: q.New,
		Progress: q.Progress})
	for {
		line, err := u.in.Next(ctx)
		if err != nil {
			return nil, err
		}
		resp, msg := quiz.ParseLine(line, q.Format)
		if resp == nil || (q.Format == quiz.FormatFlash && resp.Command == "" && !resp.Rating.Valid()) {
			if msg == "" {
				msg = "Rate yourself: 1 Again, 2 Hard, 3 Good, 4 Easy."
			}
			u.Notice(msg)
			continue
		}
		// Answers from a program are not timed, so never rated Easy for speed.
		return resp, nil
	}
}

// Result emits the result event.
func (u *UI) Result(ctx context.Context, r *quiz.Result) (*quiz.Response, error) {
	ev := ResultEvent{Type: "result", Card: r.Key, Correct: r.Correct, Rating: int(r.Rating),
		Expected: r.Expected, Given: r.Given, Notes: r.Notes, Parts: r.Parts, Score: r.Score,
		Explain: r.Explain, Source: r.Source, Quiz: r.Quiz, Leech: r.Leech,
		Override: r.Override, Suspend: r.Suspended}
	if ev.Notes == nil {
		ev.Notes = []string{}
	}
	if len(r.Diff) > 0 && !r.Correct {
		ev.Diff = answer.FormatDiff(r.Diff, false)
	}
	if !r.NextDue.IsZero() {
		t := r.NextDue.UTC()
		ev.NextDue = &t
	}
	u.emit(ev)
	return nil, nil
}

// Notice emits a notice event.
func (u *UI) Notice(msg string) { u.emit(NoticeEvent{Type: "notice", Message: msg}) }

// Summary emits the summary event.
// Times are in UTC, as in the result event.
func (u *UI) Summary(s *quiz.Summary) {
	cp := *s
	if !cp.NextDue.IsZero() {
		cp.NextDue = cp.NextDue.UTC()
	}
	u.emit(SummaryEvent{Type: "summary", Summary: &cp})
}
