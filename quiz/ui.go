// Package quiz runs a study session or a test: it picks the next card,
// turns it into a question, checks the answer, asks the scheduler, and
// records the result before the next question is shown. It knows nothing of
// terminals: front-ends (quiz/plain, quiz/porcelain, quiz/prompt) implement
// the UI interface.
package quiz

import (
	"context"
	"errors"
	"time"

	"github.com/ontap/ontap/scoring"
	"github.com/ontap/ontap/scoring/answer"
	"github.com/ontap/ontap/scoring/store"
)

// Formats: how a question is asked.
const (
	FormatAuto      = "auto"      // per card and familiarity: choice while new, recall once known
	FormatFlash     = "flash"     // reveal and self-grade Again / Hard / Good / Easy
	FormatTyped     = "typed"     // type the answer
	FormatChoice    = "choice"    // pick one option
	FormatMulti     = "multi"     // pick all options that apply
	FormatTrueFalse = "truefalse" // true or false
	FormatNumber    = "number"    // type a number
	FormatList      = "list"      // recall several items
	FormatOrder     = "order"     // put items in order
)

// Commands a learner can give instead of an answer.
const (
	CmdHint   = "hint"   // show the hint; a right answer then counts as Hard
	CmdGiveUp = "giveup" // show the answer; counts as Again
	CmdSkip   = "skip"   // leave this card for this session
	CmdUndo   = "undo"   // take back the last answer
	CmdRate   = "rate"   // change the rating of the last answer (Response.Rating)
	CmdRight  = "right"  // overrule a wrong verdict on the last answer: count it as right
	CmdQuit   = "quit"   // end the session
)

// ErrInterrupted is returned by a front-end when the learner pressed Ctrl-C.
// The session ends with its summary, keeping every answer given.
var ErrInterrupted = errors.New("interrupted")

// Progress says where the learner is in the session.
type Progress struct {
	Position int `json:"position"` // 1-based number of this question
	Total    int `json:"total"`    // questions answered plus those still queued
	Learning int `json:"learning"` // cards in the learning steps
	Wrong    int `json:"wrong"`    // wrong answers so far
}

// Question is what a front-end shows. Every text in it is already
// sanitised for the terminal.
type Question struct {
	Key      string   // deck id + "/" + item id
	Kind     string   // the card's kind
	Format   string   // how to ask it (Format* constants)
	Prompt   string   // the question (may contain newlines)
	Choices  []string // choice, multi, order: the options as shown (order: shuffled)
	Count    int      // list: how many items are expected
	Unit     string   // number: the unit, if any
	Answer   string   // flash only: the answer to reveal
	HasHint  bool     // a hint is available
	Hint     string   // set once the learner asked for the hint
	New      bool     // the card has never been studied
	Progress Progress
}

// Response is the learner's answer to a question, or a command.
type Response struct {
	Text    string         // the answer as typed (choice: number or text; list: items separated by ";")
	Items   []string       // list: items recalled one at a time (used instead of Text when set)
	Rating  scoring.Rating // flash: the self-grade; CmdRate: the new rating
	Command string         // one of the Cmd* constants, or "" for an answer
	Elapsed time.Duration  // time taken to answer, measured by the front-end; 0 when unknown (piped input)
}

// Result is the feedback after an answer.
type Result struct {
	Key       string
	Kind      string
	Format    string
	Correct   bool // rated above Again, as the review is stored; set when it is recorded
	Rating    scoring.Rating
	Expected  string
	Given     string
	Notes     []string      // "accents differ", "typo", ...
	Diff      []answer.Op   // typed answers: what differed
	Parts     []answer.Part // lists, orderings, multi
	Score     float64       // share right
	Explain   string
	Source    string
	NextDue   time.Time // zero in a quiz: due dates do not move
	Quiz      bool      // a test or practice ahead: the card's schedule was not changed
	Leech     bool      // the card just became a leech
	Suspended bool      // and is suspended: study sessions skip it until "ontap deck unsuspend"
	GaveUp    bool
	Override  bool // the learner overruled the verdict: counted as right (":right")
}

// Summary is the end of a session.
type Summary struct {
	SessionID   int64         `json:"session"`
	Mode        store.Mode    `json:"mode"`
	Decks       []string      `json:"decks"`
	Answered    int           `json:"answered"`
	Correct     int           `json:"correct"`
	Score       float64       `json:"score"`                // percent of the answers
	Questions   int           `json:"questions,omitempty"`  // quiz: how many questions it has
	QuizScore   float64       `json:"quiz_score,omitempty"` // quiz: percent of its questions answered right
	Duration    time.Duration `json:"-"`
	Seconds     float64       `json:"seconds"`
	NextDue     time.Time     `json:"next_due,omitzero"`
	NothingDue  bool          `json:"nothing_due"`
	Leeches     []string      `json:"leeches,omitempty"`
	Interrupted bool          `json:"interrupted"`
}

// UI is a front-end: it shows questions and feedback and reads answers.
type UI interface {
	// Ask shows the question and returns the learner's response. io.EOF
	// ends the session cleanly; ErrInterrupted ends it as interrupted.
	Ask(ctx context.Context, q *Question) (*Response, error)
	// Result shows the feedback for an answer. It returns the learner's
	// reply to it, or nil to go on: CmdRate with the rating the learner
	// chose instead of the tool's, or CmdRight to overrule a wrong verdict.
	// A Result with Override set reports an overruled verdict; it asks
	// nothing.
	Result(ctx context.Context, r *Result) (*Response, error)
	// Notice shows a short message (a hint for how to answer, an undo).
	Notice(msg string)
	// Summary shows the end of the session.
	Summary(s *Summary)
}
