package main

import (
	"context"
	"testing"

	"github.com/ontap/ontap/decks"
	"github.com/ontap/ontap/scoring"
	"github.com/ontap/ontap/scoring/schedule"
)

// TestSchedulersSharedByAlikeDecks checks that decks asking for the same
// scheduler share one, and that a deck's retention or kind still gives it
// its own.
func TestSchedulersSharedByAlikeDecks(t *testing.T) {
	app := &App{cfg: schedule.DefaultConfig()}
	ctx := context.Background()
	get := func(d *decks.Deck) scoring.Scheduler {
		t.Helper()
		s, err := app.scheduler(ctx, d)
		if err != nil {
			t.Fatalf("deck %s: %v", d.ID, err)
		}
		return s
	}
	a, b := get(&decks.Deck{ID: "a"}), get(&decks.Deck{ID: "b", Scheduler: "FSRS"})
	if a != b {
		t.Error("two decks with the default scheduler got two")
	}
	low := get(&decks.Deck{ID: "low", Retention: 0.8})
	if low == a {
		t.Error("a deck with retention 0.8 shares the default scheduler")
	}
	if f, ok := low.(*schedule.FSRS); !ok || f.Config().Retention != 0.8 {
		t.Errorf("deck with retention 0.8: %T %+v", low, low)
	}
	if _, ok := get(&decks.Deck{ID: "s", Scheduler: "sm2"}).(*schedule.SM2); !ok {
		t.Error("scheduler = \"sm2\" did not give SM-2")
	}
	if _, err := app.scheduler(ctx, &decks.Deck{ID: "x", Scheduler: "leitner"}); err == nil {
		t.Error("an unknown scheduler was accepted")
	}
}
