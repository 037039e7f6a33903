package quiz_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/ontap/ontap/decks"
	"github.com/ontap/ontap/quiz"
	"github.com/ontap/ontap/scoring"
	"github.com/ontap/ontap/scoring/store"
)

// TestQueueOrder: learning cards that are due, then due reviews (oldest
// first), then new cards, then learning cards due within the learn-ahead
// limit.
func TestQueueOrder(t *testing.T) {
	tests := []struct {
		name   string
		states map[string]scoring.State
		want   []string
	}{
		{
			name: "learning due, reviews by due date, new, learning ahead",
			states: map[string]scoring.State{
				"q/c1": learningState(t0.Add(-time.Minute)),
				"q/c2": reviewState(t0.Add(-24 * time.Hour)),
				"q/c3": reviewState(t0.Add(-48 * time.Hour)),
				"q/c5": reviewState(t0.Add(24 * time.Hour)), // not due
				"q/c6": learningState(t0.Add(5 * time.Minute)),
			},
			want: []string{"q/c1", "q/c3", "q/c2", "q/c4", "q/c6"},
		},
		{
			name: "reviews before new cards",
			states: map[string]scoring.State{
				"q/c2": reviewState(t0.Add(-time.Hour)),
				"q/c4": reviewState(t0.Add(-2 * time.Hour)),
				"q/c5": reviewState(t0),
				"q/c6": reviewState(t0.Add(time.Hour)), // not due
			},
			want: []string{"q/c4", "q/c2", "q/c5", "q/c1", "q/c3"},
		},
		{
			name: "a learning card not yet due waits for the queue",
			states: map[string]scoring.State{
				"q/c1": learningState(t0.Add(15 * time.Minute)),
				"q/c3": reviewState(t0.Add(48 * time.Hour)),
				"q/c4": reviewState(t0.Add(48 * time.Hour)),
				"q/c5": reviewState(t0.Add(48 * time.Hour)),
				"q/c6": reviewState(t0.Add(48 * time.Hour)),
			},
			want: []string{"q/c2", "q/c1"},
		},
		{
			name: "a learning card beyond the learn-ahead limit waits for another session",
			states: map[string]scoring.State{
				"q/c1": learningState(t0.Add(30 * time.Minute)),
				"q/c3": reviewState(t0.Add(48 * time.Hour)),
				"q/c4": reviewState(t0.Add(48 * time.Hour)),
				"q/c5": reviewState(t0.Add(48 * time.Hour)),
				"q/c6": reviewState(t0.Add(48 * time.Hour)),
			},
			want: []string{"q/c2"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := typedDeck(t, "q", 6, "")
			db := openStore(t)
			setStates(t, db, tc.states)
			clk := &clock{t0}
			ui := newFakeUI(t, clk, []*decks.Deck{d})
			ui.auto = true
			sum, err := quiz.Run(context.Background(), options(db, clk, ui, d))
			if err != nil {
				t.Fatal(err)
			}
			if got := ui.keys(); !equalKeys(got, tc.want) {
				t.Errorf("asked %v, want %v", got, tc.want)
			}
			if sum.Answered != len(tc.want) || sum.Correct != len(tc.want) {
				t.Errorf("summary: %d answered, %d correct; want %d", sum.Answered, sum.Correct, len(tc.want))
			}
		})
	}
}

// TestLearningSteps: a card answered wrong comes back within the session
// when its step is due: before the rest of the queue once the clock has
// passed its due time, after it otherwise.
func TestLearningSteps(t *testing.T) {
	wrong := ans("nope")
	slow := ans("a1") // right, no time measured: Good
	tests := []struct {
		name   string
		script []act
		want   []string
	}{
		{
			name: "Again, then the step is due after the clock moves: asked before new cards",
			script: []act{{key: "s/c1", resp: wrong}, {key: "s/c2", advance: 2 * time.Minute},
				{key: "s/c1"}, {key: "s/c3"}, {key: "s/c1"}}, // fast, yet Good in relearning: one step more
			want: []string{"s/c1", "s/c2", "s/c1", "s/c3", "s/c1"},
		},
		{
			name: "Again, the step is not due yet: the queue first, then learn ahead",
			script: []act{{key: "s/c1", resp: wrong}, {key: "s/c2"}, {key: "s/c3"},
				{key: "s/c1"}, {key: "s/c1"}},
			want: []string{"s/c1", "s/c2", "s/c3", "s/c1", "s/c1"},
		},
		{
			name: "Good on a new card: its second step (10 minutes) comes back once due",
			script: []act{{key: "s/c1", resp: slow}, {key: "s/c2", advance: 11 * time.Minute},
				{key: "s/c1"}, {key: "s/c3"}},
			want: []string{"s/c1", "s/c2", "s/c1", "s/c3"},
		},
		{
			name: "a card wrong twice comes back twice",
			script: []act{{key: "s/c1", resp: wrong}, {key: "s/c2", advance: 2 * time.Minute},
				{key: "s/c1", resp: wrong, advance: time.Minute}, {key: "s/c3", advance: 2 * time.Minute},
				{key: "s/c1"}, {key: "s/c1"}},
			want: []string{"s/c1", "s/c2", "s/c1", "s/c3", "s/c1", "s/c1"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := typedDeck(t, "s", 3, "")
			db := openStore(t)
			clk := &clock{t0}
			ui := newFakeUI(t, clk, []*decks.Deck{d}, tc.script...)
			if _, err := quiz.Run(context.Background(), options(db, clk, ui, d)); err != nil {
				t.Fatal(err)
			}
			if got := ui.keys(); !equalKeys(got, tc.want) {
				t.Errorf("asked %v, want %v", got, tc.want)
			}
			st := states(t, db, "s")
			for k, s := range st {
				if s.Phase != scoring.Review {
					t.Errorf("%s ends in phase %s, want review", k, s.Phase)
				}
			}
		})
	}
}

// TestLearningResultAndProgress: the result of a wrong answer says when
// the card comes back, and the progress line counts it.
func TestLearningResultAndProgress(t *testing.T) {
	d := typedDeck(t, "p", 3, "")
	db := openStore(t)
	clk := &clock{t0}
	ui := newFakeUI(t, clk, []*decks.Deck{d}, act{resp: ans("nope")}, act{}, act{}, act{}, act{})
	if _, err := quiz.Run(context.Background(), options(db, clk, ui, d)); err != nil {
		t.Fatal(err)
	}
	want := []quiz.Progress{
		{Position: 1, Total: 3},
		{Position: 2, Total: 4, Learning: 1, Wrong: 1},
		{Position: 3, Total: 4, Learning: 1, Wrong: 1},
		{Position: 4, Total: 4, Learning: 0, Wrong: 1},
	}
	for i, q := range ui.asked {
		if i < len(want) && q.Progress != want[i] {
			t.Errorf("question %d (%s): progress %+v, want %+v", i+1, q.Key, q.Progress, want[i])
		}
	}
	r := ui.results[0]
	if r.Correct || r.Rating != scoring.Again || !r.NextDue.Equal(t0.Add(time.Minute)) {
		t.Errorf("wrong answer: correct %v, rating %s, next due %v; want false, Again, %v", r.Correct, r.Rating, r.NextDue, t0.Add(time.Minute))
	}
	if r.Expected != "a1" || r.Given != "nope" || len(r.Diff) == 0 {
		t.Errorf("wrong answer: expected %q, given %q, diff %v", r.Expected, r.Given, r.Diff)
	}
	if ui.summary.Answered != 5 || ui.summary.Correct != 4 || ui.summary.Score != 80 {
		t.Errorf("summary %+v", ui.summary)
	}
}

// TestDailyLimits: new cards and reviews per deck per study day, counting
// what was done earlier the same study day (which starts at 04:00).
func TestDailyLimits(t *testing.T) {
	today := func(h, m int) time.Time { return time.Date(2026, 11, 23, h, m, 0, 0, ict) }
	day := 24 * time.Hour
	dueReviews := func(t *testing.T, db *store.DB) {
		setStates(t, db, map[string]scoring.State{
			"l/c1": reviewState(t0.Add(-4 * day)),
			"l/c2": reviewState(t0.Add(-3 * day)),
			"l/c3": reviewState(t0.Add(-2 * day)),
		})
	}
	tests := []struct {
		name  string
		extra string // [deck] keys
		opt   func(*quiz.Options)
		setup func(*testing.T, *store.DB)
		want  []string
	}{
		{name: "default: 20 new cards", want: []string{"l/c1", "l/c2", "l/c3", "l/c4", "l/c5"}},
		{name: "the deck's new_per_day", extra: "new_per_day = 2", want: []string{"l/c1", "l/c2"}},
		{name: "the option overrides the deck", extra: "new_per_day = 2",
			opt:  func(o *quiz.Options) { o.NewPerDay = 3 },
			want: []string{"l/c1", "l/c2", "l/c3"}},
		{name: "a new card introduced earlier today counts", extra: "new_per_day = 2",
			setup: func(t *testing.T, db *store.DB) {
				logReview(t, db, "l/c1", today(5, 0), scoring.State{}, reviewState(t0.Add(day)))
			},
			want: []string{"l/c2"}},
		{name: "one introduced before 04:00 belongs to yesterday", extra: "new_per_day = 2",
			setup: func(t *testing.T, db *store.DB) {
				logReview(t, db, "l/c1", today(3, 30), scoring.State{}, reviewState(t0.Add(day)))
			},
			want: []string{"l/c2", "l/c3"}},
		{name: "a quiz earlier today introduces nothing", extra: "new_per_day = 2",
			setup: func(t *testing.T, db *store.DB) {
				r := &store.Review{DeckID: "l", CardID: "c1", Time: today(5, 0), Rating: scoring.Good,
					Correct: true, Kind: "quiz"}
				if err := db.Record(context.Background(), r); err != nil {
					t.Fatal(err)
				}
			},
			want: []string{"l/c1", "l/c2"}},
		{name: "reviews per day, oldest due first", opt: func(o *quiz.Options) { o.ReviewsPerDay = 2 },
			setup: dueReviews,
			want:  []string{"l/c1", "l/c2", "l/c4", "l/c5"}},
		{name: "the deck's reviews_per_day", extra: "reviews_per_day = 1", setup: dueReviews,
			want: []string{"l/c1", "l/c4", "l/c5"}},
		{name: "reviews done earlier today count", opt: func(o *quiz.Options) { o.ReviewsPerDay = 3 },
			setup: func(t *testing.T, db *store.DB) {
				dueReviews(t, db)
				logReview(t, db, "l/c4", t0.Add(-5*day), scoring.State{}, reviewState(t0.Add(-day)))
				logReview(t, db, "l/c4", today(6, 0), reviewState(t0.Add(-day)), reviewState(t0.Add(3*day)))
			},
			want: []string{"l/c1", "l/c2", "l/c5"}},
		{name: "reviews before 04:00 count for yesterday", opt: func(o *quiz.Options) { o.ReviewsPerDay = 3 },
			setup: func(t *testing.T, db *store.DB) {
				dueReviews(t, db)
				logReview(t, db, "l/c4", t0.Add(-5*day), scoring.State{}, reviewState(t0.Add(-day)))
				logReview(t, db, "l/c4", today(3, 59), reviewState(t0.Add(-day)), reviewState(t0.Add(3*day)))
			},
			want: []string{"l/c1", "l/c2", "l/c3", "l/c5"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := typedDeck(t, "l", 5, tc.extra)
			db := openStore(t)
			if tc.setup != nil {
				tc.setup(t, db)
			}
			clk := &clock{t0}
			ui := newFakeUI(t, clk, []*decks.Deck{d})
			ui.auto = true
			opt := options(db, clk, ui, d)
			if tc.opt != nil {
				tc.opt(&opt)
			}
			if _, err := quiz.Run(context.Background(), opt); err != nil {
				t.Fatal(err)
			}
			if got := ui.keys(); !equalKeys(got, tc.want) {
				t.Errorf("asked %v, want %v", got, tc.want)
			}
		})
	}
}

// TestInterleave: decks take turns, reviews first, and each deck has its
// own limits.
func TestInterleave(t *testing.T) {
	tests := []struct {
		name   string
		extra  string
		states map[string]scoring.State
		want   []string
	}{
		{name: "new cards", want: []string{"a/c1", "b/c1", "a/c2", "b/c2", "a/c3"}},
		{name: "reviews of both decks before new cards",
			states: map[string]scoring.State{"a/c3": reviewState(t0.Add(-time.Hour)), "b/c2": reviewState(t0.Add(-time.Hour))},
			want:   []string{"a/c3", "b/c2", "a/c1", "b/c1", "a/c2"}},
		{name: "limits per deck", extra: "new_per_day = 1", want: []string{"a/c1", "b/c1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := typedDeck(t, "a", 3, tc.extra)
			b := typedDeck(t, "b", 2, tc.extra)
			db := openStore(t)
			setStates(t, db, tc.states)
			clk := &clock{t0}
			ui := newFakeUI(t, clk, []*decks.Deck{a, b})
			ui.auto = true
			if _, err := quiz.Run(context.Background(), options(db, clk, ui, a, b)); err != nil {
				t.Fatal(err)
			}
			if got := ui.keys(); !equalKeys(got, tc.want) {
				t.Errorf("asked %v, want %v", got, tc.want)
			}
			if want := []string{"a", "b"}; !reflect.DeepEqual(ui.summary.Decks, want) {
				t.Errorf("summary decks %v, want %v", ui.summary.Decks, want)
			}
		})
	}
}

const siblingDeck = `[deck]
id = "s"
title = "Siblings"

[[card]]
id = "r"
kind = "basic"
front = "Ha Noi"
back = "the capital"
reverse = true

[[card]]
id = "z"
kind = "cloze"
text = "The first {{expo}} was held in {{2022}}."

[[card]]
id = "t"
kind = "typed"
prompt = "Who?"
answer = "Giap"
`

// TestSiblings: a reverse card and the deletions of one cloze are not
// asked in the same session, unless AllowSiblings.
func TestSiblings(t *testing.T) {
	tests := []struct {
		name   string
		opt    func(*quiz.Options)
		states map[string]scoring.State
		want   []string // in order; nil: check only that no siblings were asked
		count  int
	}{
		{name: "study", want: []string{"s/r", "s/z:c1", "s/t"}},
		{name: "study with siblings allowed", opt: func(o *quiz.Options) { o.AllowSiblings = true },
			want: []string{"s/r", "s/r:reverse", "s/z:c1", "s/z:c2", "s/t"}},
		{name: "a sibling in its learning steps keeps the other out",
			states: map[string]scoring.State{"s/r:reverse": learningState(t0.Add(-time.Minute))},
			want:   []string{"s/r:reverse", "s/z:c1", "s/t"}},
		{name: "a due review keeps its new sibling out",
			states: map[string]scoring.State{"s/z:c2": reviewState(t0.Add(-time.Hour))},
			want:   []string{"s/z:c2", "s/r", "s/t"}},
		{name: "quiz", opt: func(o *quiz.Options) { o.Mode = quiz.ModeQuiz; o.Count = 10 }, count: 3},
		{name: "quiz with siblings allowed", opt: func(o *quiz.Options) {
			o.Mode, o.Count, o.AllowSiblings = quiz.ModeQuiz, 10, true
		}, count: 5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := parseDeck(t, "s", siblingDeck)
			db := openStore(t)
			setStates(t, db, tc.states)
			clk := &clock{t0}
			ui := newFakeUI(t, clk, []*decks.Deck{d})
			ui.auto = true
			opt := options(db, clk, ui, d)
			if tc.opt != nil {
				tc.opt(&opt)
			}
			if _, err := quiz.Run(context.Background(), opt); err != nil {
				t.Fatal(err)
			}
			got := ui.keys()
			if tc.want != nil && !equalKeys(got, tc.want) {
				t.Errorf("asked %v, want %v", got, tc.want)
			}
			if tc.count > 0 && len(got) != tc.count {
				t.Errorf("asked %d questions (%v), want %d", len(got), got, tc.count)
			}
			allowed := opt.AllowSiblings
			seen := map[string]string{}
			for _, k := range got {
				sib := ui.items[k].Sibling
				if prev, ok := seen[sib]; ok && prev != k && !allowed {
					t.Errorf("siblings %s and %s asked in one session", prev, k)
				}
				seen[sib] = k
			}
		})
	}
}

// TestUndo: the last answer is taken back in the store and in the
// session's counts, and its card is asked again.
func TestUndo(t *testing.T) {
	ctx := context.Background()
	d := typedDeck(t, "u", 2, "")
	db := openStore(t)
	clk := &clock{t0}
	ui := newFakeUI(t, clk, []*decks.Deck{d},
		act{key: "u/c1", resp: cmd(quiz.CmdUndo)}, // nothing to undo yet
		act{key: "u/c1", resp: ans("wrong"), advance: time.Second},
		act{key: "u/c2", resp: cmd(quiz.CmdUndo), hook: func(*quiz.Question) {
			st, ok, err := db.State(ctx, "u", "c1")
			if err != nil || !ok || st.Phase != scoring.Learning {
				t.Errorf("before undo: c1 state %+v, %v, %v; want learning", st, ok, err)
			}
		}},
		act{key: "u/c1", advance: time.Second, hook: func(q *quiz.Question) {
			if _, ok, err := db.State(ctx, "u", "c1"); err != nil || ok {
				t.Errorf("after undo: c1 still has a state (%v, %v)", ok, err)
			}
			if n := len(reviews(t, db)); n != 0 {
				t.Errorf("after undo: %d reviews in the log, want 0", n)
			}
			if !q.New || q.Progress != (quiz.Progress{Position: 1, Total: 2}) {
				t.Errorf("after undo: new %v, progress %+v; want new, 1/2 with nothing wrong", q.New, q.Progress)
			}
		}},
		act{key: "u/c2"},
	)
	sum, err := quiz.Run(ctx, options(db, clk, ui, d))
	if err != nil {
		t.Fatal(err)
	}
	if !ui.noticed("Nothing to undo") || !ui.noticed("Undone: u/c1") {
		t.Errorf("notices %q", ui.notices)
	}
	if sum.Answered != 2 || sum.Correct != 2 {
		t.Errorf("summary: %d answered, %d correct; want 2, 2", sum.Answered, sum.Correct)
	}
	log := reviews(t, db)
	if len(log) != 2 || !log[0].Correct || !log[1].Correct || log[0].CardID != "c1" {
		t.Errorf("log after the session: %+v", log)
	}
	ss, err := db.Sessions(ctx, "", 0)
	if err != nil || len(ss) != 1 || ss[0].Answered != 2 || ss[0].Correct != 2 {
		t.Errorf("stored session %+v, %v", ss, err)
	}
}

// TestUndoCard: undoing the answer to the card being asked again (a
// learning step) asks it once more, and only once.
func TestUndoCard(t *testing.T) {
	d := typedDeck(t, "u", 1, "")
	db := openStore(t)
	clk := &clock{t0}
	ui := newFakeUI(t, clk, []*decks.Deck{d},
		act{key: "u/c1", resp: ans("wrong")},
		act{key: "u/c1", resp: cmd(quiz.CmdUndo)},
		act{key: "u/c1"},
	)
	sum, err := quiz.Run(context.Background(), options(db, clk, ui, d))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ui.keys(), []string{"u/c1", "u/c1", "u/c1"}; !equalKeys(got, want) {
		t.Errorf("asked %v, want %v", got, want)
	}
	if sum.Answered != 1 || sum.Correct != 1 {
		t.Errorf("summary: %d answered, %d correct; want 1, 1", sum.Answered, sum.Correct)
	}
	if log := reviews(t, db); len(log) != 1 || log[0].Rating != scoring.Easy {
		t.Errorf("log %+v", log)
	}
}

// TestUndoLearning: undoing the second answer of a card puts back its
// state after the first.
func TestUndoLearning(t *testing.T) {
	ctx := context.Background()
	d := typedDeck(t, "u", 2, "")
	db := openStore(t)
	clk := &clock{t0}
	var afterFirst scoring.State
	ui := newFakeUI(t, clk, []*decks.Deck{d},
		act{key: "u/c1", resp: ans("wrong")},
		act{key: "u/c2", advance: 2 * time.Minute, hook: func(*quiz.Question) {
			afterFirst, _, _ = db.State(ctx, "u", "c1")
		}},
		act{key: "u/c1", resp: ans("wrong again")},
		act{key: "u/c1", resp: cmd(quiz.CmdUndo)}, // learn ahead brought it back
		act{key: "u/c1", hook: func(*quiz.Question) {
			st, _, _ := db.State(ctx, "u", "c1")
			if !reflect.DeepEqual(st, afterFirst) {
				t.Errorf("after undo: state %+v, want %+v", st, afterFirst)
			}
		}},
		act{key: "u/c1"}, // Good, not Easy, in its learning steps: once more
	)
	sum, err := quiz.Run(ctx, options(db, clk, ui, d))
	if err != nil {
		t.Fatal(err)
	}
	if sum.Answered != 4 || sum.Correct != 3 {
		t.Errorf("summary: %d answered, %d correct; want 4, 3", sum.Answered, sum.Correct)
	}
}

// TestRateOverride: the learner changes the rating of the last answer,
// with :rate at the next question or from the result.
func TestRateOverride(t *testing.T) {
	ctx := context.Background()
	t.Run(":rate at the next question", func(t *testing.T) {
		d := typedDeck(t, "r", 2, "")
		db := openStore(t)
		clk := &clock{t0}
		ui := newFakeUI(t, clk, []*decks.Deck{d},
			act{key: "r/c1", resp: &quiz.Response{Command: quiz.CmdRate, Rating: scoring.Good}},
			act{key: "r/c1", resp: ans("a1")}, // Good
			act{key: "r/c2", resp: &quiz.Response{Command: quiz.CmdRate, Rating: scoring.Again}, hook: func(*quiz.Question) {
				if st, _, _ := db.State(ctx, "r", "c1"); st.Phase != scoring.Learning || st.Step != 1 {
					t.Errorf("c1 after Good: %+v", st)
				}
			}},
			act{key: "r/c2", hook: func(q *quiz.Question) {
				if q.Progress.Wrong != 1 {
					t.Errorf("progress after :rate 1: %+v, want 1 wrong", q.Progress)
				}
				if st, _, _ := db.State(ctx, "r", "c1"); st.Phase != scoring.Learning || st.Step != 0 {
					t.Errorf("c1 after :rate 1: %+v, want the first learning step", st)
				}
			}},
			act{key: "r/c1"},
			act{key: "r/c1"}, // Good, not Easy, in its learning steps: once more
		)
		sum, err := quiz.Run(ctx, options(db, clk, ui, d))
		if err != nil {
			t.Fatal(err)
		}
		if !ui.noticed("No answer to rate yet") || !ui.noticed("Rated r/c1: Again, next 2026-11-23 09:01") {
			t.Errorf("notices %q", ui.notices)
		}
		log := reviews(t, db)
		if len(log) != 4 || log[0].CardID != "c1" || log[0].Rating != scoring.Again || log[0].Correct {
			t.Fatalf("log %+v", log)
		}
		if log[0].Answer != "a1" {
			t.Errorf("the overridden answer lost its text: %q", log[0].Answer)
		}
		if sum.Answered != 4 || sum.Correct != 3 {
			t.Errorf("summary: %d answered, %d correct; want 4, 3", sum.Answered, sum.Correct)
		}
	})
	t.Run("from the result", func(t *testing.T) {
		d := typedDeck(t, "r", 1, "")
		db := openStore(t)
		clk := &clock{t0}
		ui := newFakeUI(t, clk, []*decks.Deck{d}, act{key: "r/c1", resp: ans("a1")})
		ui.rates = []scoring.Rating{scoring.Easy}
		if _, err := quiz.Run(ctx, options(db, clk, ui, d)); err != nil {
			t.Fatal(err)
		}
		log := reviews(t, db)
		if len(log) != 1 || log[0].Rating != scoring.Easy {
			t.Fatalf("log %+v, want one Easy review", log)
		}
		if st, _, _ := db.State(ctx, "r", "c1"); st.Phase != scoring.Review {
			t.Errorf("state after Easy: %+v", st)
		}
		if !ui.noticed("Rated r/c1: Easy") {
			t.Errorf("notices %q", ui.notices)
		}
	})
	t.Run("an invalid rating changes nothing", func(t *testing.T) {
		d := typedDeck(t, "r", 1, "")
		db := openStore(t)
		clk := &clock{t0}
		ui := newFakeUI(t, clk, []*decks.Deck{d}, act{key: "r/c1", resp: ans("a1")},
			act{key: "r/c1", resp: &quiz.Response{Command: quiz.CmdRate, Rating: 7}},
			act{key: "r/c1", err: io.EOF})
		if _, err := quiz.Run(ctx, options(db, clk, ui, d)); err != nil {
			t.Fatal(err)
		}
		if log := reviews(t, db); len(log) != 1 || log[0].Rating != scoring.Good {
			t.Errorf("log %+v, want one Good review", log)
		}
		if !ui.noticed("A rating is 1 Again") {
			t.Errorf("notices %q", ui.notices)
		}
	})
}

const commandDeck = `[deck]
id = "h"
title = "Commands"

[[card]]
id = "hinted"
kind = "typed"
prompt = "Who led the army?"
answer = "Giap"
hint = "Vo Nguyen ..."

[[card]]
id = "plain"
kind = "typed"
prompt = "Which year?"
answer = "1954"
`

// TestCommands: hint, give up, skip and quit.
func TestCommands(t *testing.T) {
	tests := []struct {
		name    string
		script  []act
		answers int
		check   func(t *testing.T, ui *fakeUI, log []*store.Review)
	}{
		{
			name: "a hint makes a right answer Hard",
			script: []act{{key: "h/hinted", resp: cmd(quiz.CmdHint), hook: func(q *quiz.Question) {
				if !q.HasHint || q.Hint != "" {
					t.Errorf("before :hint: has hint %v, hint %q", q.HasHint, q.Hint)
				}
			}}, {key: "h/hinted", hook: func(q *quiz.Question) {
				if q.Hint != "Vo Nguyen ..." {
					t.Errorf("after :hint: hint %q", q.Hint)
				}
			}}, {key: "h/plain"}, {key: "h/hinted"}, {key: "h/hinted"}}, // Hard, then Good (never Easy) in its learning steps
			answers: 4,
			check: func(t *testing.T, ui *fakeUI, log []*store.Review) {
				if log[0].Rating != scoring.Hard || ui.results[0].Rating != scoring.Hard || !ui.results[0].Correct {
					t.Errorf("right after a hint: %+v", ui.results[0])
				}
				if log[1].Rating != scoring.Easy {
					t.Errorf("right and fast without a hint: %s", log[1].Rating)
				}
			},
		},
		{
			name: "no hint to give",
			script: []act{{key: "h/hinted"}, {key: "h/plain", resp: cmd(quiz.CmdHint)},
				{key: "h/plain", hook: func(q *quiz.Question) {
					if q.HasHint || q.Hint != "" {
						t.Errorf("hint %v %q on a card without one", q.HasHint, q.Hint)
					}
				}}},
			answers: 2,
			check: func(t *testing.T, ui *fakeUI, log []*store.Review) {
				if !ui.noticed("This card has no hint") {
					t.Errorf("notices %q", ui.notices)
				}
				if log[1].Rating != scoring.Easy {
					t.Errorf("rating %s", log[1].Rating)
				}
			},
		},
		{
			name: "give up: Again, with the answer shown",
			script: []act{{key: "h/hinted", resp: cmd(quiz.CmdGiveUp)}, {key: "h/plain"},
				{key: "h/hinted", resp: ans("Giap")}, {key: "h/hinted"}},
			answers: 4,
			check: func(t *testing.T, ui *fakeUI, log []*store.Review) {
				r := ui.results[0]
				if !r.GaveUp || r.Correct || r.Rating != scoring.Again || r.Expected != "Giap" || r.Given != "" {
					t.Errorf("result of giving up: %+v", r)
				}
				if log[0].Rating != scoring.Again || log[0].Correct {
					t.Errorf("stored: %+v", log[0])
				}
			},
		},
		{
			name:    "skip leaves the card for this session",
			script:  []act{{key: "h/hinted", resp: cmd(quiz.CmdSkip)}, {key: "h/plain"}},
			answers: 1,
			check: func(t *testing.T, ui *fakeUI, log []*store.Review) {
				if log[0].CardID != "plain" {
					t.Errorf("log %+v", log)
				}
				if ui.summary.Answered != 1 || ui.summary.Interrupted {
					t.Errorf("summary %+v", ui.summary)
				}
			},
		},
		{
			name:    "quit ends the session with its summary",
			script:  []act{{key: "h/hinted"}, {key: "h/plain", resp: cmd(quiz.CmdQuit)}},
			answers: 1,
			check: func(t *testing.T, ui *fakeUI, log []*store.Review) {
				if ui.summary.Answered != 1 || ui.summary.Correct != 1 || ui.summary.Interrupted {
					t.Errorf("summary %+v", ui.summary)
				}
			},
		},
		{
			name: "an empty answer is asked again",
			script: []act{{key: "h/hinted", resp: ans("  ")}, {key: "h/hinted"},
				{key: "h/plain", resp: &quiz.Response{Items: []string{"1954"}}}, {key: "h/plain"}},
			answers: 3,
			check: func(t *testing.T, ui *fakeUI, log []*store.Review) {
				if !ui.noticed("Type an answer") {
					t.Errorf("notices %q", ui.notices)
				}
				if log[1].Answer != "1954" || !log[1].Correct {
					t.Errorf("an answer given as items: %+v", log[1])
				}
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := parseDeck(t, "h", commandDeck)
			db := openStore(t)
			clk := &clock{t0}
			ui := newFakeUI(t, clk, []*decks.Deck{d}, tc.script...)
			sum, err := quiz.Run(context.Background(), options(db, clk, ui, d))
			if err != nil {
				t.Fatal(err)
			}
			if ui.summaries != 1 || sum.Answered != tc.answers {
				t.Errorf("%d summaries, %d answered; want 1, %d", ui.summaries, sum.Answered, tc.answers)
			}
			log := reviews(t, db)
			if len(log) != tc.answers {
				t.Fatalf("%d reviews stored, want %d", len(log), tc.answers)
			}
			tc.check(t, ui, log)
		})
	}
}

// TestEndings: end of input and Ctrl-C end the session with its summary,
// keeping every answer given.
func TestEndings(t *testing.T) {
	var cancel context.CancelFunc
	tests := []struct {
		name        string
		last        act
		resultErrs  map[int]error
		wantErr     error
		interrupted bool
		answered    int
	}{
		{name: "end of input", last: act{err: io.EOF}, answered: 2},
		{name: "end of input wrapped", last: act{err: fmt.Errorf("reading: %w", io.EOF)}, answered: 2},
		{name: "Ctrl-C", last: act{err: quiz.ErrInterrupted}, wantErr: quiz.ErrInterrupted, interrupted: true, answered: 2},
		{name: "Ctrl-C while the result is shown", last: act{err: io.EOF},
			resultErrs: map[int]error{2: quiz.ErrInterrupted}, wantErr: quiz.ErrInterrupted, interrupted: true, answered: 2},
		{name: "end of input while the result is shown", last: act{err: io.EOF},
			resultErrs: map[int]error{2: io.EOF}, answered: 2},
		{name: "context cancelled after an answer", last: act{hook: func(*quiz.Question) { cancel() }},
			wantErr: quiz.ErrInterrupted, interrupted: true, answered: 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var ctx context.Context
			ctx, cancel = context.WithCancel(context.Background())
			defer cancel()
			d := typedDeck(t, "e", 5, "")
			db := openStore(t)
			clk := &clock{t0}
			ui := newFakeUI(t, clk, []*decks.Deck{d}, act{}, act{resp: ans("wrong"), advance: time.Second}, tc.last)
			ui.resultErrs = tc.resultErrs
			sum, err := quiz.Run(ctx, options(db, clk, ui, d))
			if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil && err != nil) {
				t.Fatalf("error %v, want %v", err, tc.wantErr)
			}
			if sum == nil || ui.summaries != 1 || ui.summary.Answered != tc.answered || ui.summary.Interrupted != tc.interrupted {
				t.Fatalf("summary %+v (%d shown), want %d answered, interrupted %v", ui.summary, ui.summaries, tc.answered, tc.interrupted)
			}
			if ui.summary.SessionID == 0 || ui.summary.Mode != quiz.ModeStudy {
				t.Errorf("summary %+v", ui.summary)
			}
			if n := len(reviews(t, db)); n != tc.answered {
				t.Errorf("%d reviews stored, want %d", n, tc.answered)
			}
			ss, err := db.Sessions(context.Background(), "", 0)
			if err != nil || len(ss) != 1 || ss[0].End.IsZero() || ss[0].Answered != tc.answered {
				t.Errorf("stored session %+v, %v: want it finished with %d answers", ss, err, tc.answered)
			}
		})
	}
}

// TestQuizAndAhead: a quiz and practice ahead move no due date; their
// answers are recorded as "quiz" reviews.
func TestQuizAndAhead(t *testing.T) {
	day := 24 * time.Hour
	initial := map[string]scoring.State{
		"z/c1": reviewState(t0.Add(2 * day)),
		"z/c2": learningState(t0.Add(-time.Minute)),
		"z/c3": reviewState(t0.Add(-day)),
		"z/c5": reviewState(t0.Add(day)),
	}
	tests := []struct {
		mode  store.Mode
		count int
		want  []string // nil: any cards, len == count
	}{
		{mode: quiz.ModeQuiz, count: 3},
		{mode: quiz.ModeQuiz, count: 20}, // more than the deck: every card once
		{mode: quiz.ModeAhead, count: 20, want: []string{"z/c5", "z/c1"}},
		{mode: quiz.ModeAhead, count: 1, want: []string{"z/c5"}},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%s %d", tc.mode, tc.count), func(t *testing.T) {
			ctx := context.Background()
			d := typedDeck(t, "z", 5, "")
			db := openStore(t)
			setStates(t, db, initial)
			before := states(t, db, "z")
			clk := &clock{t0}
			ui := newFakeUI(t, clk, []*decks.Deck{d}, act{resp: ans("wrong")})
			ui.auto = true
			opt := options(db, clk, ui, d)
			opt.Mode, opt.Count = tc.mode, tc.count
			sum, err := quiz.Run(ctx, opt)
			if err != nil {
				t.Fatal(err)
			}
			got := ui.keys()
			want := tc.want
			if want == nil {
				if len(got) != min(tc.count, 5) {
					t.Errorf("asked %v, want %d questions", got, min(tc.count, 5))
				}
				seen := map[string]bool{}
				for _, k := range got {
					if seen[k] {
						t.Errorf("%s asked twice in %v", k, got)
					}
					seen[k] = true
				}
			} else if !equalKeys(got, want) {
				t.Errorf("asked %v, want %v", got, want)
			}
			if after := states(t, db, "z"); !reflect.DeepEqual(after, before) {
				t.Errorf("states changed:\nbefore %+v\nafter  %+v", before, after)
			}
			for _, r := range ui.results {
				if !r.Quiz || !r.NextDue.IsZero() {
					t.Errorf("result %s: quiz %v, next due %v", r.Key, r.Quiz, r.NextDue)
				}
			}
			log := reviews(t, db)
			if len(log) != len(got) {
				t.Errorf("%d reviews stored, want %d", len(log), len(got))
			}
			for _, r := range log {
				if r.Kind != "quiz" {
					t.Errorf("review of %s recorded as %q, want quiz", r.Key(), r.Kind)
				}
			}
			if sum.Mode != tc.mode || sum.Answered != len(got) || sum.Correct != len(got)-1 {
				t.Errorf("summary %+v", sum)
			}
			ss, err := db.Sessions(ctx, "", 0)
			if err != nil || len(ss) != 1 || ss[0].Mode != tc.mode || ss[0].Answered != len(got) {
				t.Errorf("stored sessions %+v, %v", ss, err)
			}
			// Nothing of this counts towards today's limits.
			if n, _ := db.NewCount(ctx, "z", t0.Add(-day)); n != 0 {
				t.Errorf("new count %d after a %s", n, tc.mode)
			}
		})
	}
}

// TestQuizDrawsAcrossDecks: a quiz of N questions draws from every deck
// given, and the same seed asks the same way.
func TestQuizDrawsAcrossDecks(t *testing.T) {
	run := func(seed uint64) []string {
		a := typedDeck(t, "a", 10, "")
		b := typedDeck(t, "b", 10, "")
		db := openStore(t)
		clk := &clock{t0}
		ui := newFakeUI(t, clk, []*decks.Deck{a, b})
		ui.auto = true
		opt := options(db, clk, ui, a, b)
		opt.Mode, opt.Count, opt.Seed = quiz.ModeQuiz, 20, seed
		sum, err := quiz.Run(context.Background(), opt)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Answered != 20 || sum.Score != 100 {
			t.Errorf("summary %+v", sum)
		}
		return ui.keys()
	}
	first := run(1)
	if again := run(1); !equalKeys(first, again) {
		t.Errorf("same seed, different questions:\n%v\n%v", first, again)
	}
	sorted := append([]string(nil), first...)
	sort.Strings(sorted)
	if sorted[0] != "a/c1" || sorted[19] != "b/c9" {
		t.Errorf("not every card drawn: %v", sorted)
	}
}

const formatDeck = `[deck]
id = "f"
title = "Formats"

[[card]]
id = "t1"
kind = "typed"
group = "city"
prompt = "Where was the 2024 expo held?"
answer = "Hà Nội"

[[card]]
id = "t2"
kind = "typed"
group = "city"
prompt = "Which city was the imperial capital?"
answer = "Huế"

[[card]]
id = "t3"
kind = "typed"
group = "city"
prompt = "Which port city lies in the centre?"
answer = "Đà Nẵng"

[[card]]
id = "b1"
kind = "basic"
group = "city"
front = "The old name of Ho Chi Minh City"
back = "Sài Gòn"

[[card]]
id = "n1"
kind = "number"
group = "year"
prompt = "Dien Bien Phu ended in"
answer = 1954

[[card]]
id = "n2"
kind = "number"
group = "year"
prompt = "The war ended in"
answer = 1975

[[card]]
id = "c1"
kind = "choice"
prompt = "How many booths in 2024?"
answer = "more than 300"
choices = ["more than 300", "about 150", "about 50"]

[[card]]
id = "x"
kind = "typed"
prompt = "Who led the army?"
answer = "Giap"

[[card]]
id = "m"
kind = "multi"
prompt = "Which are among the four no's?"
choices = ["no military alliances", "no foreign bases", "no nuclear weapons"]
answers = ["no military alliances", "no foreign bases"]

[[card]]
id = "l"
kind = "list"
prompt = "Name the three"
items = ["alpha", "beta", "gamma"]

[[card]]
id = "o"
kind = "order"
prompt = "Put in order"
items = ["first", "second", "third", "fourth"]

[[card]]
id = "tf"
kind = "truefalse"
prompt = "The 2024 expo signed 16 contracts."
answer = true

[[card]]
id = "z"
kind = "cloze"
text = "The expo opened in {{2022}}."
`

// TestFormats: how each card is asked, by --format and by familiarity:
// auto asks new cards as multiple choice when the deck offers distractors,
// and for recall once they are known.
func TestFormats(t *testing.T) {
	fixed := map[string]string{"f/m": quiz.FormatMulti, "f/l": quiz.FormatList, "f/o": quiz.FormatOrder,
		"f/tf": quiz.FormatTrueFalse}
	tests := []struct {
		format string
		known  bool
		want   map[string]string
	}{
		{quiz.FormatAuto, false, map[string]string{"f/t1": "choice", "f/t2": "choice", "f/b1": "flash",
			"f/n1": "choice", "f/c1": "choice", "f/x": "typed", "f/z:c1": "typed"}},
		{quiz.FormatAuto, true, map[string]string{"f/t1": "typed", "f/t2": "typed", "f/b1": "flash",
			"f/n1": "number", "f/c1": "typed", "f/x": "typed", "f/z:c1": "typed"}},
		{quiz.FormatFlash, false, map[string]string{"f/t1": "flash", "f/b1": "flash", "f/n1": "flash",
			"f/c1": "flash", "f/x": "flash", "f/z:c1": "flash"}},
		{quiz.FormatTyped, false, map[string]string{"f/t1": "typed", "f/b1": "typed", "f/n1": "number",
			"f/c1": "typed", "f/x": "typed", "f/z:c1": "typed"}},
		{quiz.FormatChoice, true, map[string]string{"f/t1": "choice", "f/b1": "choice", "f/n1": "choice",
			"f/c1": "choice", "f/x": "typed", "f/z:c1": "typed"}},
	}
	for _, tc := range tests {
		name := tc.format + " new"
		if tc.known {
			name = tc.format + " known"
		}
		t.Run(name, func(t *testing.T) {
			d := parseDeck(t, "f", formatDeck)
			db := openStore(t)
			if tc.known {
				st := map[string]scoring.State{}
				for _, it := range d.Items() {
					st[it.Key()] = reviewState(t0.Add(48 * time.Hour))
				}
				setStates(t, db, st)
			}
			clk := &clock{t0}
			ui := newFakeUI(t, clk, []*decks.Deck{d})
			ui.auto = true
			opt := options(db, clk, ui, d)
			opt.Mode, opt.Count, opt.Format = quiz.ModeQuiz, 100, tc.format
			sum, err := quiz.Run(context.Background(), opt)
			if err != nil {
				t.Fatal(err)
			}
			if n := len(d.Items()); sum.Answered != n || sum.Correct != n {
				t.Errorf("%d answered, %d right; want all %d right", sum.Answered, sum.Correct, n)
			}
			got := map[string]string{}
			for _, q := range ui.asked {
				got[q.Key] = q.Format
				if q.New == tc.known {
					t.Errorf("%s: new %v", q.Key, q.New)
				}
				switch q.Format {
				case quiz.FormatChoice:
					it := ui.items[q.Key]
					if len(q.Choices) < 2 || !contains(q.Choices, it.Answer) {
						t.Errorf("%s: choices %q without the answer %q", q.Key, q.Choices, it.Answer)
					}
				case quiz.FormatFlash:
					if q.Answer == "" {
						t.Errorf("%s: flash card without its answer", q.Key)
					}
				case quiz.FormatList:
					if q.Count != 3 {
						t.Errorf("%s: list count %d", q.Key, q.Count)
					}
				case quiz.FormatOrder:
					if len(q.Choices) != 4 || reflect.DeepEqual(q.Choices, ui.items[q.Key].Items) {
						t.Errorf("%s: order items %q not shuffled", q.Key, q.Choices)
					}
				}
			}
			for k, f := range fixed {
				if got[k] != f {
					t.Errorf("%s asked as %q, want %q", k, got[k], f)
				}
			}
			for k, f := range tc.want {
				if got[k] != f {
					t.Errorf("%s asked as %q, want %q", k, got[k], f)
				}
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestAutoFormatByFamiliarity: in a study session, a card of a group is
// asked as multiple choice while new and for recall once known.
func TestAutoFormatByFamiliarity(t *testing.T) {
	d := parseDeck(t, "f", formatDeck)
	db := openStore(t)
	clk := &clock{t0}
	ui := newFakeUI(t, clk, []*decks.Deck{d})
	ui.auto = true
	opt := options(db, clk, ui, d)
	if _, err := quiz.Run(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	clk.t = t0.Add(30 * 24 * time.Hour)
	ui2 := newFakeUI(t, clk, []*decks.Deck{d})
	ui2.auto = true
	opt.UI = ui2
	if _, err := quiz.Run(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	formats := func(u *fakeUI) map[string]string {
		m := map[string]string{}
		for _, q := range u.asked {
			m[q.Key] = q.Format
		}
		return m
	}
	first, later := formats(ui), formats(ui2)
	for key, want := range map[string][2]string{"f/t1": {"choice", "typed"}, "f/n2": {"choice", "number"},
		"f/c1": {"choice", "typed"}, "f/x": {"typed", "typed"}} {
		if first[key] != want[0] || later[key] != want[1] {
			t.Errorf("%s: asked as %q when new and %q when known; want %q, %q", key, first[key], later[key], want[0], want[1])
		}
	}
}

// TestFlash: flash cards are self-graded; the grade is the rating.
func TestFlash(t *testing.T) {
	d := typedDeck(t, "g", 4, "")
	db := openStore(t)
	clk := &clock{t0}
	ui := newFakeUI(t, clk, []*decks.Deck{d},
		act{key: "g/c1", resp: grade(0), hook: func(q *quiz.Question) {
			if q.Format != quiz.FormatFlash || q.Answer != "a1" {
				t.Errorf("flash question %+v", q)
			}
		}},
		act{key: "g/c1", resp: grade(scoring.Again)},
		act{key: "g/c2", resp: grade(scoring.Hard)},
		act{key: "g/c3", resp: grade(scoring.Good)},
		act{key: "g/c4", resp: grade(scoring.Easy)},
	)
	ui.auto = true
	opt := options(db, clk, ui, d)
	opt.Format = quiz.FormatFlash
	if _, err := quiz.Run(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	if !ui.noticed("Rate yourself") {
		t.Errorf("notices %q", ui.notices)
	}
	log := reviews(t, db)
	want := []scoring.Rating{scoring.Again, scoring.Hard, scoring.Good, scoring.Easy}
	for i, r := range want {
		if log[i].Rating != r || log[i].Correct != (r > scoring.Again) || ui.results[i].Rating != r {
			t.Errorf("answer %d: stored %s (correct %v), result %s; want %s", i+1, log[i].Rating, log[i].Correct, ui.results[i].Rating, r)
		}
		if ui.results[i].Expected != fmt.Sprintf("a%d", i+1) {
			t.Errorf("answer %d: expected %q", i+1, ui.results[i].Expected)
		}
	}
}

// TestWrongAnswers: each kind judged wrong is Again, with what was
// expected.
func TestWrongAnswers(t *testing.T) {
	wrong := map[string]*quiz.Response{
		"f/x":    ans("Ho Chi Minh"),
		"f/l":    {Items: []string{"alpha", "delta"}},
		"f/o":    ans("fourth; third; second; first"),
		"f/tf":   ans("false"),
		"f/z:c1": ans("2024"),
		"f/n1":   ans("1945"),
		"f/b1":   grade(scoring.Again),
	}
	d := parseDeck(t, "f", formatDeck)
	db := openStore(t)
	setStates(t, db, map[string]scoring.State{"f/n1": reviewState(t0.Add(-time.Hour))}) // asked for recall
	clk := &clock{t0}
	var script []act
	for _, key := range []string{"f/n1", "f/t1", "f/t2", "f/t3", "f/b1", "f/n2", "f/c1", "f/x", "f/m", "f/l", "f/o", "f/tf", "f/z:c1"} {
		if key == "f/m" { // the one wrong option, by its number as shown
			script = append(script, act{key: key, respond: func(q *quiz.Question) *quiz.Response {
				for i, c := range q.Choices {
					if c == "no nuclear weapons" {
						return ans(fmt.Sprint(i + 1))
					}
				}
				t.Fatalf("options %q", q.Choices)
				return nil
			}})
			continue
		}
		resp := wrong[key]
		if resp == nil {
			script = append(script, act{key: key}) // answered right
			continue
		}
		script = append(script, act{key: key, resp: resp})
	}
	ui := newFakeUI(t, clk, []*decks.Deck{d}, script...)
	ui.auto = true
	opt := options(db, clk, ui, d)
	if _, err := quiz.Run(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	for i, r := range ui.results[:len(script)] {
		_, isWrong := wrong[r.Key]
		isWrong = isWrong || r.Key == "f/m"
		if r.Correct == isWrong || (isWrong && r.Rating != scoring.Again) {
			t.Errorf("answer %d (%s): correct %v rating %s", i+1, r.Key, r.Correct, r.Rating)
		}
		if isWrong && r.Expected == "" {
			t.Errorf("%s: no expected answer", r.Key)
		}
	}
	byKey := map[string]quiz.Result{}
	for _, r := range ui.results {
		if _, ok := byKey[r.Key]; !ok {
			byKey[r.Key] = r
		}
	}
	if r := byKey["f/l"]; len(r.Parts) != 4 || !r.Parts[0].Correct || r.Score >= 1 {
		t.Errorf("list: parts %+v, score %v", r.Parts, r.Score)
	}
	if r := byKey["f/n1"]; r.Expected != "1954" || len(r.Diff) == 0 {
		t.Errorf("number: %+v", r)
	}
	if r := byKey["f/o"]; len(r.Parts) != 4 {
		t.Errorf("order: parts %+v", r.Parts)
	}
}

// TestNothingDue: with nothing to ask, the summary says so and when the
// next card is due, and no session is recorded.
func TestNothingDue(t *testing.T) {
	ctx := context.Background()
	d := typedDeck(t, "n", 2, "")
	db := openStore(t)
	setStates(t, db, map[string]scoring.State{
		"n/c1": reviewState(t0.Add(48 * time.Hour)),
		"n/c2": reviewState(t0.Add(24 * time.Hour)),
	})
	clk := &clock{t0}
	ui := newFakeUI(t, clk, []*decks.Deck{d})
	sum, err := quiz.Run(ctx, options(db, clk, ui, d))
	if err != nil {
		t.Fatal(err)
	}
	if !sum.NothingDue || !sum.NextDue.Equal(t0.Add(24*time.Hour)) || ui.summaries != 1 || len(ui.asked) != 0 {
		t.Errorf("summary %+v, %d questions", sum, len(ui.asked))
	}
	if ss, _ := db.Sessions(ctx, "", 0); len(ss) != 0 {
		t.Errorf("sessions %+v, want none", ss)
	}
}

// TestBadOptions: errors are returned, not panics.
func TestBadOptions(t *testing.T) {
	d := typedDeck(t, "b", 1, "")
	db := openStore(t)
	clk := &clock{t0}
	ui := newFakeUI(t, clk, []*decks.Deck{d})
	opt := options(db, clk, ui, d)
	opt.Mode = "cram"
	if _, err := quiz.Run(context.Background(), opt); err == nil || err.Error() != `unknown session mode "cram"` {
		t.Errorf("unknown mode: %v", err)
	}
	opt = options(db, clk, ui, d)
	opt.Scheduler = func(*decks.Deck) (scoring.Scheduler, error) { return nil, errors.New("no params") }
	if _, err := quiz.Run(context.Background(), opt); err == nil || err.Error() != "deck b: no params" {
		t.Errorf("scheduler error: %v", err)
	}
}

// TestSanitizedQuestions: nothing from a deck reaches a front-end with
// control characters.
func TestSanitizedQuestions(t *testing.T) {
	d := parseDeck(t, "x", `[deck]
id = "x"
title = "Escapes"

[[card]]
id = "c"
kind = "choice"
prompt = "Clear\u001b[2J the screen?"
answer = "yes\u0007"
choices = ["yes\u0007", "no\u001b]52;c;aGk=\u0007"]
explain = "bell\u0007"
`)
	db := openStore(t)
	clk := &clock{t0}
	ui := newFakeUI(t, clk, []*decks.Deck{d}, act{resp: ans("2")})
	ui.auto = true
	if _, err := quiz.Run(context.Background(), options(db, clk, ui, d)); err != nil {
		t.Fatal(err)
	}
	q, r := ui.asked[0], ui.results[0]
	for _, s := range append([]string{q.Prompt, r.Expected, r.Given, r.Explain}, q.Choices...) {
		for _, c := range s {
			if c == 0x1b || c == 0x07 {
				t.Errorf("control character in %q", s)
			}
		}
	}
}

// TestLeech: a card that lapses once too often is reported as a leech;
// taking the answer back, or rating it otherwise, takes the report back.
func TestLeech(t *testing.T) {
	lapsing := reviewState(t0.Add(-time.Hour))
	lapsing.Lapses = 7 // the default threshold is 8
	tests := []struct {
		name    string
		script  []act
		leeches []string
	}{
		{name: "lapse", script: []act{{key: "v/c1", resp: ans("wrong")}, {key: "v/c2"}},
			leeches: []string{"v/c1"}},
		{name: "undone", script: []act{{key: "v/c1", resp: ans("wrong")}, {key: "v/c2", resp: cmd(quiz.CmdUndo)},
			{key: "v/c1"}, {key: "v/c2"}}},
		{name: "rated Good instead", script: []act{{key: "v/c1", resp: ans("wrong")},
			{key: "v/c2", resp: &quiz.Response{Command: quiz.CmdRate, Rating: scoring.Good}}, {key: "v/c2"}}},
		{name: "rated Again again", script: []act{{key: "v/c1", resp: ans("wrong")},
			{key: "v/c2", resp: &quiz.Response{Command: quiz.CmdRate, Rating: scoring.Again}}, {key: "v/c2"}},
			leeches: []string{"v/c1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := typedDeck(t, "v", 2, "")
			db := openStore(t)
			setStates(t, db, map[string]scoring.State{"v/c1": lapsing})
			clk := &clock{t0}
			ui := newFakeUI(t, clk, []*decks.Deck{d}, tc.script...)
			sum, err := quiz.Run(context.Background(), options(db, clk, ui, d))
			if err != nil {
				t.Fatal(err)
			}
			if !equalKeys(sum.Leeches, tc.leeches) {
				t.Errorf("leeches %v, want %v", sum.Leeches, tc.leeches)
			}
			if !ui.results[0].Leech {
				t.Errorf("the lapse was not reported as making a leech: %+v", ui.results[0])
			}
			st, _, _ := db.State(context.Background(), "v", "c1")
			if st.Leech != (len(tc.leeches) > 0) {
				t.Errorf("stored leech %v", st.Leech)
			}
			// A new leech is suspended, in the same transaction as its
			// answer, and asked no more; an undo or a new rating lifts it.
			leech := len(tc.leeches) > 0
			susp, err := db.Suspended(context.Background(), "v")
			if err != nil {
				t.Fatal(err)
			}
			if (len(susp) == 1 && susp[0].CardID == "c1") != leech || len(susp) > 1 {
				t.Errorf("suspended %+v, want c1 only if a leech", susp)
			}
			if leech {
				last := ui.results[len(ui.results)-1]
				if !ui.results[0].Suspended && !last.Suspended {
					t.Errorf("the suspension was not reported: %+v", ui.results)
				}
				for _, k := range ui.keys()[1:] {
					if k == "v/c1" {
						t.Errorf("a suspended card was asked again: %v", ui.keys())
					}
				}
				// A day later c1 would be due: it stays out until unsuspended.
				clk.t = t0.Add(48 * time.Hour)
				ui2 := newFakeUI(t, clk, []*decks.Deck{d})
				ui2.auto = true
				if _, err := quiz.Run(context.Background(), options(db, clk, ui2, d)); err != nil {
					t.Fatal(err)
				}
				if slices.Contains(ui2.keys(), "v/c1") {
					t.Errorf("suspended v/c1 asked: %v", ui2.keys())
				}
				if got, err := db.Unsuspend(context.Background(), "v", nil); err != nil || !slices.Equal(got, []string{"c1"}) {
					t.Errorf("Unsuspend = %v, %v", got, err)
				}
				ui3 := newFakeUI(t, clk, []*decks.Deck{d})
				ui3.auto = true
				if _, err := quiz.Run(context.Background(), options(db, clk, ui3, d)); err != nil {
					t.Fatal(err)
				}
				if !slices.Contains(ui3.keys(), "v/c1") {
					t.Errorf("unsuspended v/c1 not asked: %v", ui3.keys())
				}
			}
		})
	}
}

// TestOverrule: after a wrong verdict the learner counts the answer as
// right, from the result (one key) or with :right at the next question; the
// log flags it, and the front-end is told with a Result marked Override.
func TestOverrule(t *testing.T) {
	ctx := context.Background()
	for _, how := range []string{"result", ":right"} {
		t.Run(how, func(t *testing.T) {
			d := typedDeck(t, "o", 2, "")
			db := openStore(t)
			clk := &clock{t0}
			script := []act{{key: "o/c1", resp: ans("a paraphrase")}}
			if how == ":right" {
				script = append(script, act{key: "o/c2", resp: cmd(quiz.CmdRight)}, act{key: "o/c2", resp: cmd(quiz.CmdRight)})
			}
			script = append(script, act{key: "o/c2"}, act{key: "o/c1"}) // c1's next step, learnt ahead
			ui := newFakeUI(t, clk, []*decks.Deck{d}, script...)
			if how == "result" {
				ui.rates = []scoring.Rating{rightKey}
			}
			sum, err := quiz.Run(ctx, options(db, clk, ui, d))
			if err != nil {
				t.Fatal(err)
			}
			log := reviews(t, db)
			if len(log) != 3 || log[0].CardID != "c1" || !log[0].Overruled || !log[0].Correct ||
				log[0].Rating != scoring.Good || log[0].Answer != "a paraphrase" || log[1].Overruled {
				t.Fatalf("log %+v", log)
			}
			if sum.Answered != 3 || sum.Correct != 3 {
				t.Errorf("summary %d answered, %d correct; want 3, 3", sum.Answered, sum.Correct)
			}
			over := ui.results[1]
			if !over.Override || !over.Correct || over.Rating != scoring.Good || over.Key != "o/c1" || over.NextDue.IsZero() {
				t.Errorf("overrule result %+v", over)
			}
			if log[0].After.Phase != scoring.Learning || log[0].After.Step != 1 {
				t.Errorf("c1 after the overrule: %+v, want the second learning step (Good)", log[0].After)
			}
			if how == ":right" && !ui.noticed("already counts as right") {
				t.Errorf("a second :right: notices %q", ui.notices)
			}
		})
	}
}

// TestNoEasyBySpeedInLearning: a card failed a minute ago and answered
// fast is Good, not Easy.
func TestNoEasyBySpeedInLearning(t *testing.T) {
	d := typedDeck(t, "e", 1, "")
	db := openStore(t)
	clk := &clock{t0}
	ui := newFakeUI(t, clk, []*decks.Deck{d}, act{key: "e/c1", resp: ans("wrong")},
		act{key: "e/c1", advance: time.Minute}, act{key: "e/c1", advance: 10 * time.Minute})
	if _, err := quiz.Run(context.Background(), options(db, clk, ui, d)); err != nil {
		t.Fatal(err)
	}
	log := reviews(t, db)
	if len(log) < 2 || log[1].Rating != scoring.Good || log[1].Duration <= 0 {
		t.Fatalf("log %+v: want the fast answer in learning rated Good", log)
	}
}

// TestSessionRowNotWritten: the session's row is written while the first
// question is asked; when it cannot be (the database locked by another
// program past the busy timeout), the first answer is not recorded and
// Run returns the error, with no review stored.
func TestSessionRowNotWritten(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ontap.db")
	db, err := store.OpenOptions(path, store.Options{BusyTimeout: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	other, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(context.Background(), "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	d := typedDeck(t, "e", 3, "")
	clk := &clock{t0}
	ui := newFakeUI(t, clk, []*decks.Deck{d}, act{}, act{})
	_, err = quiz.Run(context.Background(), options(db, clk, ui, d))
	if err == nil || !strings.Contains(err.Error(), "locked") {
		t.Fatalf("Run = %v, want the database locked", err)
	}
	if len(ui.asked) != 1 || len(ui.results) != 0 {
		t.Errorf("%d questions asked, %d results shown: want the first question, and no result", len(ui.asked), len(ui.results))
	}
	conn.ExecContext(context.Background(), "ROLLBACK")
	conn.Close()
	if n := len(reviews(t, db)); n != 0 {
		t.Errorf("%d reviews stored without a session", n)
	}
}
