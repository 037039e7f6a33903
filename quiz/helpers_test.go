package quiz_test

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ontap/ontap/decks"
	"github.com/ontap/ontap/quiz"
	"github.com/ontap/ontap/scoring"
	"github.com/ontap/ontap/scoring/schedule"
	"github.com/ontap/ontap/scoring/store"
)

// ict is Vietnam's time zone: the study day starts at 04:00 there.
var ict = time.FixedZone("ICT", 7*3600)

// t0 is the fixed start of every session in these tests: 09:00 local.
var t0 = time.Date(2026, 11, 23, 9, 0, 0, 0, ict)

// clock is a controllable clock.
type clock struct{ t time.Time }

func (c *clock) Now() time.Time { return c.t }

// act is one scripted reply of the fake front-end to a question.
type act struct {
	key     string                                // the card expected to be asked ("" for any)
	resp    *quiz.Response                        // nil: the right answer, given fast (so rated Easy)
	respond func(q *quiz.Question) *quiz.Response // instead of resp
	err     error                                 // returned instead of a response
	advance time.Duration                         // moves the clock before replying
	hook    func(q *quiz.Question)
}

// fakeUI is a front-end scripted with replies. It records every question,
// result, notice and summary.
type fakeUI struct {
	t      *testing.T
	clock  *clock
	items  map[string]*decks.Item // by key, to answer right
	script []act
	// auto answers right (fast) once the script is used up, instead of
	// failing the test.
	auto bool

	rates      []scoring.Rating // a rating change returned by Result in turn (0: none, rightKey: overrule)
	resultErrs map[int]error    // error returned by the n-th (1-based) Result

	asked     []quiz.Question
	results   []quiz.Result
	notices   []string
	summary   *quiz.Summary
	summaries int
}

func newFakeUI(t *testing.T, clk *clock, ds []*decks.Deck, script ...act) *fakeUI {
	u := &fakeUI{t: t, clock: clk, items: map[string]*decks.Item{}, script: script}
	for _, d := range ds {
		for _, it := range d.Items() {
			u.items[it.Key()] = it
		}
	}
	return u
}

func (u *fakeUI) Ask(ctx context.Context, q *quiz.Question) (*quiz.Response, error) {
	u.t.Helper()
	cp := *q
	cp.Choices = append([]string(nil), q.Choices...)
	u.asked = append(u.asked, cp)
	if len(u.asked) > 500 {
		u.t.Fatalf("more than 500 questions: the session does not end")
	}
	var a act
	switch {
	case len(u.script) > 0:
		a, u.script = u.script[0], u.script[1:]
	case u.auto:
	default:
		u.t.Errorf("question %d (%s) asked after the script ended", len(u.asked), q.Key)
		return nil, io.EOF
	}
	if a.key != "" && a.key != q.Key {
		u.t.Errorf("question %d: asked %s, want %s (asked so far: %v)", len(u.asked), q.Key, a.key, u.keys())
	}
	if a.hook != nil {
		a.hook(q)
	}
	u.clock.t = u.clock.t.Add(a.advance)
	if a.err != nil {
		return nil, a.err
	}
	if a.respond != nil {
		return a.respond(q), nil
	}
	if a.resp == nil {
		return u.right(q), nil
	}
	r := *a.resp
	return &r, nil
}

// right is the right answer to q, given fast.
func (u *fakeUI) right(q *quiz.Question) *quiz.Response {
	u.t.Helper()
	it := u.items[q.Key]
	if it == nil {
		u.t.Fatalf("unknown card %s", q.Key)
	}
	indexOf := func(s string) int {
		s = decks.Sanitize(s)
		for i, c := range q.Choices {
			if c == s {
				return i + 1
			}
		}
		u.t.Fatalf("%s: %q is not among the options %q", q.Key, s, q.Choices)
		return 0
	}
	resp := &quiz.Response{Elapsed: time.Millisecond}
	switch q.Format {
	case quiz.FormatFlash:
		resp.Rating = scoring.Easy
	case quiz.FormatChoice:
		resp.Text = fmt.Sprint(indexOf(it.Answer))
	case quiz.FormatMulti:
		var nums []string
		for _, a := range it.Answers {
			nums = append(nums, fmt.Sprint(indexOf(a)))
		}
		resp.Text = strings.Join(nums, ",")
	case quiz.FormatOrder:
		var nums []string
		for _, a := range it.Items {
			nums = append(nums, fmt.Sprint(indexOf(a)))
		}
		resp.Text = strings.Join(nums, " ")
	case quiz.FormatList:
		resp.Items = append([]string(nil), it.Items...)
	default:
		resp.Text = it.Answer
	}
	return resp
}

func (u *fakeUI) Result(ctx context.Context, r *quiz.Result) (*quiz.Response, error) {
	cp := *r
	u.results = append(u.results, cp)
	var resp *quiz.Response
	if len(u.rates) > 0 {
		switch rt := u.rates[0]; rt {
		case 0:
		case rightKey:
			resp = &quiz.Response{Command: quiz.CmdRight}
		default:
			resp = &quiz.Response{Command: quiz.CmdRate, Rating: rt}
		}
		u.rates = u.rates[1:]
	}
	return resp, u.resultErrs[len(u.results)]
}

// rightKey in fakeUI.rates overrules the verdict, as the key at a terminal.
const rightKey scoring.Rating = -1

func (u *fakeUI) Notice(msg string) { u.notices = append(u.notices, msg) }

func (u *fakeUI) Summary(s *quiz.Summary) {
	cp := *s
	u.summary = &cp
	u.summaries++
}

// keys lists the cards asked, in order (a card asked again after a hint or
// a retry appears again).
func (u *fakeUI) keys() []string {
	var out []string
	for _, q := range u.asked {
		out = append(out, q.Key)
	}
	return out
}

// noticed reports whether a notice containing s was shown.
func (u *fakeUI) noticed(s string) bool {
	for _, n := range u.notices {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}

// parseDeck parses a deck written in TOML.
func parseDeck(t *testing.T, name, src string) *decks.Deck {
	t.Helper()
	d, diags := decks.Parse(name+".toml", []byte(src))
	if d == nil {
		t.Fatalf("deck %s: %v", name, diags)
	}
	return d
}

// typedDeck is a deck of n typed cards c1..cn with answers a1..an.
func typedDeck(t *testing.T, id string, n int, extra string) *decks.Deck {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "[deck]\nid = %q\ntitle = \"Deck %s\"\n%s\n", id, id, extra)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "[[card]]\nid = \"c%d\"\nkind = \"typed\"\nprompt = \"Question %d?\"\nanswer = \"a%d\"\n\n", i, i, i)
	}
	return parseDeck(t, id, b.String())
}

func testConfig() scoring.Config {
	cfg := schedule.DefaultConfig()
	cfg.Location = ict
	cfg.Fuzz = false
	return cfg
}

func openStore(t *testing.T) *store.DB {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "ontap.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// options are the options of a session on ds with the fake front-end.
func options(db *store.DB, clk *clock, ui quiz.UI, ds ...*decks.Deck) quiz.Options {
	cfg := testConfig()
	return quiz.Options{Decks: ds, Store: db, Config: cfg, UI: ui, Now: clk.Now, Seed: 7,
		Scheduler: func(*decks.Deck) (scoring.Scheduler, error) { return schedule.NewFSRS(cfg) }}
}

// reviewState is a graduated card due at due.
func reviewState(due time.Time) scoring.State {
	return scoring.State{Phase: scoring.Review, Stability: 5, Difficulty: 5, Due: due,
		LastReview: due.Add(-5 * 24 * time.Hour), Reps: 3}
}

// learningState is a card in its learning steps, due at due.
func learningState(due time.Time) scoring.State {
	return scoring.State{Phase: scoring.Learning, Step: 1, Stability: 1, Difficulty: 5, Due: due,
		LastReview: due.Add(-10 * time.Minute), Reps: 1}
}

// setStates replaces every card state; keys are "deck/card".
func setStates(t *testing.T, db *store.DB, states map[string]scoring.State) {
	t.Helper()
	m := map[[2]string]scoring.State{}
	for k, s := range states {
		deck, card, _ := strings.Cut(k, "/")
		m[[2]string{deck, card}] = s
	}
	if err := db.ReplaceStates(context.Background(), m); err != nil {
		t.Fatal(err)
	}
}

// logReview appends a review made outside any session.
func logReview(t *testing.T, db *store.DB, key string, at time.Time, before, after scoring.State) {
	t.Helper()
	deck, card, _ := strings.Cut(key, "/")
	kind := "review"
	if before.Phase == scoring.New {
		kind = "learn"
	}
	r := &store.Review{DeckID: deck, CardID: card, Time: at, Rating: scoring.Good, Correct: true,
		Kind: store.Kind(kind), Before: before, After: after}
	if err := db.Record(context.Background(), r); err != nil {
		t.Fatal(err)
	}
}

// reviews returns the whole review log.
func reviews(t *testing.T, db *store.DB) []*store.Review {
	t.Helper()
	var out []*store.Review
	if err := db.Reviews(context.Background(), func(r *store.Review) error {
		out = append(out, r)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// states returns every state of the deck.
func states(t *testing.T, db *store.DB, deck string) map[string]scoring.State {
	t.Helper()
	s, err := db.States(context.Background(), deck)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func equalKeys(a, b []string) bool {
	return strings.Join(a, ",") == strings.Join(b, ",")
}

func ans(text string) *quiz.Response { return &quiz.Response{Text: text} }

func cmd(c string) *quiz.Response { return &quiz.Response{Command: c} }

func grade(r scoring.Rating) *quiz.Response { return &quiz.Response{Rating: r} }
