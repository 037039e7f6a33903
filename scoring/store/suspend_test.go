package store

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/ontap/ontap/scoring"
)

// TestSuspend: a review that suspends its card does it in its own
// transaction; Undo lifts that suspension with the review; a rebuild of
// the states keeps it; Unsuspend lifts it.
func TestSuspend(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openTemp(t)
	sid := startSession(t, db, "study", t0, "vn")
	record(t, db, review(sid, "vn", "a", t0, scoring.Good, "review", 3))
	r := review(sid, "vn", "b", t0.Add(time.Second), scoring.Again, "review", 7)
	r.After.Leech, r.Suspend = true, true
	record(t, db, r)
	list, err := db.Suspended(ctx, "vn")
	if err != nil || len(list) != 1 || list[0].CardID != "b" || !list[0].Since.Equal(r.Time) {
		t.Fatalf("Suspended = %+v, %v", list, err)
	}
	if set, _ := db.SuspendedSet(ctx, "vn"); !set["b"] || set["a"] {
		t.Errorf("SuspendedSet = %v", set)
	}
	if undone, err := db.Undo(ctx, sid); err != nil || undone == nil || undone.CardID != "b" {
		t.Fatalf("Undo = %+v, %v", undone, err)
	}
	if list, _ := db.Suspended(ctx, ""); len(list) != 0 {
		t.Errorf("after Undo: suspended %+v", list)
	}
	record(t, db, r)
	// States rebuilt from the log keep the suspension: it is not derived.
	if err := db.ReplaceStates(ctx, map[[2]string]scoring.State{{"vn", "a"}: r.Before, {"vn", "b"}: r.After}); err != nil {
		t.Fatal(err)
	}
	if list, _ := db.Suspended(ctx, "vn"); len(list) != 1 {
		t.Errorf("after ReplaceStates: suspended %+v", list)
	}
	if got, err := db.Unsuspend(ctx, "vn", []string{"a", "b"}); err != nil || !slices.Equal(got, []string{"b"}) {
		t.Errorf("Unsuspend = %v, %v; want [b]", got, err)
	}
	if got, err := db.Unsuspend(ctx, "vn", nil); err != nil || len(got) != 0 {
		t.Errorf("Unsuspend again = %v, %v", got, err)
	}
	// An explicit Suspend, twice, is one suspension.
	for range 2 {
		if err := db.Suspend(ctx, "vn", "a", t0); err != nil {
			t.Fatal(err)
		}
	}
	if list, _ := db.Suspended(ctx, ""); len(list) != 1 || list[0].CardID != "a" {
		t.Errorf("Suspend: %+v", list)
	}
}
