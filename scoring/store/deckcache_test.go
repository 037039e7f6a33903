package store

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/ontap/ontap/scoring"
)

// putDeck caches a deck file "d.toml" of deck "d" whose cards are cards
// (each encoded as its own name) and whose items are items.
func putDeck(t *testing.T, db *DB, path string, items []DeckItem, ncards int) {
	t.Helper()
	cards := make([][]byte, ncards)
	for i := range cards {
		cards[i] = []byte{byte(i)}
	}
	put := DeckPut{File: DeckFile{Path: path, Size: 10, MtimeNS: 5, Hash: []byte{1}, CheckedNS: 6, Version: 1,
		DeckID: "d", Header: []byte("{}"), Diags: []byte("null"), Cards: ncards, Items: len(items)},
		Cards: cards, Items: items}
	if err := db.PutDeckFiles(context.Background(), []DeckPut{put}); err != nil {
		t.Fatal(err)
	}
}

// reviewTo records an answer that leaves card in phase, due at due.
func reviewTo(t *testing.T, db *DB, card string, phase scoring.Phase, due time.Time) {
	t.Helper()
	r := &Review{DeckID: "d", CardID: card, Time: t0, Rating: scoring.Good, Correct: true, Kind: "learn",
		After: scoring.State{Phase: phase, Due: due, LastReview: t0, Stability: 1, Difficulty: 5}}
	if err := db.Record(context.Background(), r); err != nil {
		t.Fatal(err)
	}
}

// ids lists the ids of items, checking that each is the file's item of
// its Ord.
func ids(t *testing.T, items []DeckItem, got []ItemState, err error) []string {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, it := range got {
		if want := items[it.Ord]; want.ID != it.ID || want.Sibling != it.Sibling || want.Card != it.Card {
			t.Errorf("item %+v does not match the file's %+v", it, want)
		}
		out = append(out, it.ID)
	}
	return out
}

func TestItemsOfAFileByPhaseInTheirOrder(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	// Six cards; card 1 has a reverse (its sibling), card 3 three cloze deletions.
	items := []DeckItem{{"a", "a", 0}, {"b", "b", 1}, {"b:reverse", "b", 1}, {"c", "c", 2},
		{"e:c1", "e", 3}, {"e:c2", "e", 3}, {"e:c3", "e", 3}, {"f", "f", 4}, {"g", "g", 5}}
	reviewTo(t, db, "a", scoring.Review, t0.Add(-time.Hour))         // due review
	reviewTo(t, db, "b", scoring.Learning, t0.Add(time.Minute))      // learning
	reviewTo(t, db, "c", scoring.Review, t0.Add(48*time.Hour))       // not due
	reviewTo(t, db, "g", scoring.Review, t0.Add(-2*time.Hour))       // due, earlier
	reviewTo(t, db, "f", scoring.Review, t0.Add(-time.Hour))         // due with a, after it in the file
	reviewTo(t, db, "gone", scoring.Review, t0.Add(-3*time.Hour))    // not in the file any more
	reviewTo(t, db, "e:c3", scoring.Relearning, t0.Add(time.Minute)) // relearning
	putDeck(t, db, "/decks/d.toml", items, 6)
	const path = "/decks/d.toml"
	due := func(after *ItemState, n int) []ItemState {
		t.Helper()
		got, err := db.DueItems(ctx, path, "d", t0, after, n)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	if got, want := ids(t, items, due(nil, 10), nil), []string{"g", "a", "f"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("DueItems = %v, want %v (in due order, ties in deck order)", got, want)
	}
	// A page at a time: each page goes on after the last item of the one before.
	var paged []string
	for page := due(nil, 1); len(page) > 0; page = due(&page[len(page)-1], 1) {
		paged = append(paged, page[0].ID)
	}
	if want := []string{"g", "a", "f"}; !reflect.DeepEqual(paged, want) {
		t.Fatalf("DueItems a page of one at a time = %v, want %v", paged, want)
	}
	got, err := db.LearningItems(ctx, path, "d")
	if l := ids(t, items, got, err); !reflect.DeepEqual(l, []string{"b", "e:c3"}) || got[1].State.Phase != scoring.Relearning {
		t.Fatalf("LearningItems = %+v, want b and e:c3 relearning", got)
	}
	newItems := func(after, n int) []string {
		t.Helper()
		got, err := db.NewItems(ctx, path, after, n)
		return ids(t, items, got, err)
	}
	if got, want := newItems(-1, 10), []string{"b:reverse", "e:c1", "e:c2"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("NewItems = %v, want %v", got, want)
	}
	if got, want := newItems(4, 1), []string{"e:c2"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("NewItems after e:c1 = %v, want %v", got, want)
	}
	// The count of due reviews is the index's: "gone" counts.
	for _, tt := range []struct{ maxDue, maxNew, due, fresh int }{{10, 10, 4, 3}, {2, 1, 2, 1}, {0, 0, 0, 0}} {
		d, f, err := db.ItemCounts(ctx, path, "d", t0, tt.maxDue, tt.maxNew)
		if err != nil || d != tt.due || f != tt.fresh {
			t.Errorf("ItemCounts(%d, %d) = %d, %d, %v, want %d, %d", tt.maxDue, tt.maxNew, d, f, err, tt.due, tt.fresh)
		}
	}

	// Answering e:c1 makes it no longer new; undoing it makes it new again.
	sid := startSession(t, db, "study", t0, "d")
	r := &Review{SessionID: sid, DeckID: "d", CardID: "e:c1", Time: t0, Rating: scoring.Good, Correct: true,
		Kind: "learn", After: scoring.State{Phase: scoring.Review, Due: t0.Add(72 * time.Hour), LastReview: t0}}
	if err := db.Record(ctx, r); err != nil {
		t.Fatal(err)
	}
	if got, want := newItems(-1, 10), []string{"b:reverse", "e:c2"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("after an answer: %v, want %v", got, want)
	}
	checkDayCounts(t, db, t0, "d")
	if _, err := db.Undo(ctx, sid); err != nil {
		t.Fatal(err)
	}
	if got, want := newItems(-1, 10), []string{"b:reverse", "e:c1", "e:c2"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("after an undo: %v, want %v", got, want)
	}
	checkDayCounts(t, db, t0, "d")
	checkDayCounts(t, db, t0.Add(-time.Hour), "d")
	next, newLeft, err := db.ItemsNextDue(ctx, path, "d")
	if err != nil || !newLeft || !next.Equal(t0.Add(-2*time.Hour)) {
		t.Fatalf("ItemsNextDue = %v, %v, %v, want g's due and new items left", next, newLeft, err)
	}

	// Rebuilding the states (as after an import) keeps the flags right.
	if err := db.ReplaceStates(ctx, map[[2]string]scoring.State{{"d", "f"}: {Phase: scoring.Review, Due: t0, LastReview: t0}}); err != nil {
		t.Fatal(err)
	}
	if got, want := newItems(-1, 3), []string{"a", "b", "b:reverse"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("after ReplaceStates: %v, want %v", got, want)
	}
	if got, want := ids(t, items, due(nil, 10), nil), []string{"f"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("after ReplaceStates: %v, want %v", got, want)
	}
	// A suspended card is not studied, and not due next.
	if err := db.Suspend(ctx, "d", "f", t0); err != nil {
		t.Fatal(err)
	}
	if got := due(nil, 10); len(got) != 0 {
		t.Fatalf("DueItems of a suspended card: %+v", got)
	}
	if d, _, err := db.ItemCounts(ctx, path, "d", t0, 10, 10); err != nil || d != 0 {
		t.Fatalf("ItemCounts with f suspended = %d due, %v, want 0", d, err)
	}
	if next, _, err := db.ItemsNextDue(ctx, path, "d"); err != nil || !next.IsZero() {
		t.Fatalf("ItemsNextDue with f suspended = %v, %v, want none", next, err)
	}
}

func TestDeckFilesPutTouchDrop(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	putDeck(t, db, "/x.toml", []DeckItem{{"a", "a", 0}}, 1)
	putDeck(t, db, "/y.toml", []DeckItem{{"a", "a", 0}, {"b", "b", 1}}, 2)
	putDeck(t, db, "/y.toml", []DeckItem{{"b", "b", 0}}, 1) // replaced
	files, err := db.DeckFiles(ctx)
	if err != nil || len(files) != 2 || files["/y.toml"].Items != 1 || string(files["/x.toml"].Header) != "{}" {
		t.Fatalf("DeckFiles = %v, %v", files, err)
	}
	cards, err := db.DeckCards(ctx, "/y.toml", nil)
	if err != nil || len(cards) != 1 {
		t.Fatalf("DeckCards after replace = %v, %v", cards, err)
	}
	// The same items with other cards (a typo fixed): the items are kept,
	// the cards replaced.
	put := DeckPut{File: DeckFile{Path: "/y.toml", Size: 11, Hash: []byte{2}, Version: 1, DeckID: "d", Diags: []byte("null"),
		Cards: 1, Items: 1}, Cards: [][]byte{[]byte("new")}, Items: []DeckItem{{"b", "b", 0}}}
	if err := db.PutDeckFiles(ctx, []DeckPut{put}); err != nil {
		t.Fatal(err)
	}
	if ids, err := itemIDs(ctx, db, "/y.toml"); err != nil || !reflect.DeepEqual(ids, []string{"b"}) {
		t.Fatalf("items after an edit that keeps them: %v, %v", ids, err)
	}
	if c, err := db.DeckCard(ctx, "/y.toml", 0); err != nil || string(c) != "new" {
		t.Fatalf("card after an edit: %q, %v", c, err)
	}
	if _, err := db.DeckCard(ctx, "/y.toml", 1); err == nil {
		t.Fatal("a card past the end was found")
	}
	if err := db.TouchDeckFiles(ctx, map[string]int64{"/x.toml": 77}, 99); err != nil {
		t.Fatal(err)
	}
	if err := db.DropDeckFiles(ctx, []string{"/y.toml"}); err != nil {
		t.Fatal(err)
	}
	files, _ = db.DeckFiles(ctx)
	if len(files) != 1 || files["/x.toml"].MtimeNS != 77 || files["/x.toml"].CheckedNS != 99 {
		t.Fatalf("after touch and drop: %+v", files["/x.toml"])
	}
	if cards, _ := db.DeckCards(ctx, "/y.toml", []int{0}); len(cards) != 0 {
		t.Fatalf("cards of a dropped file: %v", cards)
	}
}

// checkDayCounts checks DayCounts against NewCount and ReviewCount.
func checkDayCounts(t *testing.T, db *DB, since time.Time, decks ...string) {
	t.Helper()
	ctx := context.Background()
	all, err := db.DayCounts(ctx, since)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range decks {
		n, err1 := db.NewCount(ctx, d, since)
		r, err2 := db.ReviewCount(ctx, d, since)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if all[d] != (DayCount{New: n, Reviews: r}) {
			t.Errorf("DayCounts since %s: %s: %+v, want new %d reviews %d", since, d, all[d], n, r)
		}
	}
}

// BenchmarkStudyStart reads what a study session over 100 cached decks
// of 1,000 items (cloze cards of two deletions, 700 of each studied, 2 of
// those learning) reads before its first question: every deck's learning
// items and counts, and the first page of due reviews of one; with 20 due
// reviews a deck, and with 300 (a month away).
func BenchmarkStudyStart(b *testing.B) {
	for _, due := range []int{20, 300} {
		b.Run(fmt.Sprint(due, "due"), func(b *testing.B) {
			ctx := context.Background()
			db := openTemp(b)
			now := t0.Add(30 * 24 * time.Hour)
			states := map[[2]string]scoring.State{}
			var puts []DeckPut
			for d := range 100 {
				deck := fmt.Sprintf("deck%03d", d)
				put := DeckPut{File: DeckFile{Path: "/decks/" + deck + ".toml", Hash: []byte{1}, Version: 1, DeckID: deck,
					Header: []byte("{}"), Diags: []byte("null"), Cards: 500, Items: 1000}}
				for c := range 500 {
					put.Cards = append(put.Cards, []byte("card"))
					for k := range 2 {
						id := fmt.Sprintf("c%d:c%d", c, k+1)
						put.Items = append(put.Items, DeckItem{ID: id, Sibling: fmt.Sprint("c", c), Card: c})
						i := 2*c + k
						switch {
						case i < 2:
							states[[2]string{deck, id}] = scoring.State{Phase: scoring.Learning, Due: now.Add(time.Minute), LastReview: now}
						case i < 2+due:
							states[[2]string{deck, id}] = scoring.State{Phase: scoring.Review, Due: now.Add(-time.Minute * time.Duration(i)), LastReview: t0}
						case i < 700:
							states[[2]string{deck, id}] = scoring.State{Phase: scoring.Review, Due: now.Add(time.Hour * time.Duration(i)), LastReview: t0}
						}
					}
				}
				puts = append(puts, put)
			}
			if err := db.ReplaceStates(ctx, states); err != nil {
				b.Fatal(err)
			}
			if err := db.PutDeckFiles(ctx, puts); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for range b.N {
				for _, p := range puts {
					if l, err := db.LearningItems(ctx, p.File.Path, p.File.DeckID); err != nil || len(l) != 2 {
						b.Fatalf("LearningItems = %d items, %v", len(l), err)
					}
					if d, _, err := db.ItemCounts(ctx, p.File.Path, p.File.DeckID, now, 200, 20); err != nil || d != min(due, 200) {
						b.Fatalf("ItemCounts = %d due, %v", d, err)
					}
				}
				if page, err := db.DueItems(ctx, puts[0].File.Path, "deck000", now, nil, 8); err != nil || len(page) != 8 {
					b.Fatalf("DueItems = %d items, %v", len(page), err)
				}
			}
		})
	}
}

// BenchmarkPutDeckFiles caches 10 deck files of 1,000 cards (what a start
// after every file changed writes, per 10 files).
func BenchmarkPutDeckFiles(b *testing.B) {
	ctx := context.Background()
	db := openTemp(b)
	var puts []DeckPut
	for d := range 10 {
		put := DeckPut{File: DeckFile{Path: fmt.Sprint("/decks/d", d), Hash: []byte{1}, Version: 1, DeckID: fmt.Sprint("d", d),
			Header: []byte("{}"), Diags: []byte("null"), Cards: 1000, Items: 1000}}
		for c := range 1000 {
			put.Cards = append(put.Cards, make([]byte, 300))
			put.Items = append(put.Items, DeckItem{ID: fmt.Sprint("c", c), Sibling: fmt.Sprint("c", c), Card: c})
		}
		puts = append(puts, put)
	}
	b.ResetTimer()
	for i := range b.N {
		for k := range puts { // other items each time: every row is written
			puts[k].Items[0].ID = fmt.Sprint("first", i)
		}
		if err := db.PutDeckFiles(ctx, puts); err != nil {
			b.Fatal(err)
		}
	}
}

// itemIDs returns the ids of the items of a cached deck file, in deck
// order.
func itemIDs(ctx context.Context, db *DB, path string) ([]string, error) {
	rows, err := db.sql.QueryContext(ctx, "SELECT item_id FROM deck_items WHERE path = ? ORDER BY ord", path)
	if err != nil {
		return nil, err
	}
	var ids []string
	err = countRows(rows, func(id string) { ids = append(ids, id) })
	return ids, err
}

// TestStudiedItemsGivesTheStatesOfTheFile: the states of the file's items
// that were studied, read from the states alone when no other card of the
// deck has one, and through the file's items when some do (a card removed
// from the file): never a card that is not an item, never a New one.
func TestStudiedItemsGivesTheStatesOfTheFile(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	items := []DeckItem{{"a", "a", 0}, {"b", "b", 1}, {"b:reverse", "b", 1}, {"c", "c", 2}}
	putDeck(t, db, "/decks/d.toml", items, 3)
	studied := func() (int, map[string]scoring.State) {
		t.Helper()
		got := map[string]scoring.State{}
		n, err := db.StudiedItems(ctx, "/decks/d.toml", "d", func(id string, s scoring.State) {
			if _, dup := got[id]; dup {
				t.Errorf("%s given twice", id)
			}
			got[id] = s
		})
		if err != nil {
			t.Fatal(err)
		}
		return n, got
	}
	if n, got := studied(); n != 4 || len(got) != 0 {
		t.Fatalf("nothing studied: %d items, states %v", n, got)
	}
	due := t0.Add(48 * time.Hour)
	reviewTo(t, db, "a", scoring.Review, due)
	reviewTo(t, db, "b:reverse", scoring.Learning, t0.Add(time.Minute))
	n, got := studied()
	if n != 4 || len(got) != 2 || got["a"].Phase != scoring.Review || !got["a"].Due.Equal(due) ||
		got["a"].Stability != 1 || got["a"].Difficulty != 5 || !got["a"].LastReview.Equal(t0) ||
		got["b:reverse"].Phase != scoring.Learning || got["b:reverse"].Reps != 0 {
		t.Fatalf("two studied: %d items, states %+v", n, got)
	}
	st, _, err := db.State(ctx, "d", "a")
	if err != nil || !reflect.DeepEqual(st, got["a"]) {
		t.Fatalf("state of a given as %+v, stored %+v (%v)", got["a"], st, err)
	}
	// A card no longer in the file, and one back to New (an undone first
	// answer), have states that are not given.
	reviewTo(t, db, "gone", scoring.Review, due)
	reviewTo(t, db, "c", scoring.New, time.Time{})
	if n, got2 := studied(); n != 4 || !reflect.DeepEqual(got2, got) {
		t.Fatalf("with a card gone and a New one: %d items, states %+v, want %+v", n, got2, got)
	}
	// Another deck's states are not this one's.
	if err := db.Record(ctx, &Review{DeckID: "e", CardID: "a", Time: t0, Rating: scoring.Good, Kind: "learn",
		After: scoring.State{Phase: scoring.Review, Due: due, LastReview: t0, Stability: 9}}); err != nil {
		t.Fatal(err)
	}
	if _, got2 := studied(); !reflect.DeepEqual(got2, got) {
		t.Fatalf("with another deck's state: %+v, want %+v", got2, got)
	}
}

// TestItemsFoundWhateverTheFile: a deck id in two files gives each file
// the states of its own items, and an item gone from its file is not
// asked.
func TestItemsFoundWhateverTheFile(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	items := []DeckItem{{"a", "a", 0}, {"b", "b", 1}, {"c", "c", 2}}
	putDeck(t, db, "/one/d.toml", items, 3)
	putDeck(t, db, "/two/d.toml", items[1:], 3) // the same deck id in another file
	reviewTo(t, db, "a", scoring.Learning, t0.Add(time.Minute))
	reviewTo(t, db, "b", scoring.Review, t0.Add(-time.Hour))
	reviewTo(t, db, "c", scoring.Review, t0.Add(-2*time.Hour))
	studied := func(path string) []string {
		t.Helper()
		l, err := db.LearningItems(ctx, path, "d")
		if err != nil {
			t.Fatal(err)
		}
		d, err := db.DueItems(ctx, path, "d", t0, nil, 10)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, it := range append(l, d...) {
			out = append(out, it.ID)
		}
		return out
	}
	if got, want := studied("/one/d.toml"), []string{"a", "c", "b"}; !reflect.DeepEqual(got, want) {
		t.Errorf("/one/d.toml: %v, want %v", got, want)
	}
	if got, want := studied("/two/d.toml"), []string{"c", "b"}; !reflect.DeepEqual(got, want) {
		t.Errorf("/two/d.toml: %v, want %v", got, want)
	}
	for _, path := range []string{"/one/d.toml", "/two/d.toml"} {
		if next, _, err := db.ItemsNextDue(ctx, path, "d"); err != nil || !next.Equal(t0.Add(-2*time.Hour)) {
			t.Errorf("ItemsNextDue(%s) = %v, %v, want c's due", path, next, err)
		}
	}
	// Written again: its first item moved to the end, and c gone.
	putDeck(t, db, "/one/d.toml", []DeckItem{{"b", "b", 0}, {"a", "a", 1}}, 2)
	got, err := db.DueItems(ctx, "/one/d.toml", "d", t0, nil, 10)
	if err != nil || len(got) != 1 || got[0].ID != "b" || got[0].Ord != 0 || got[0].Card != 0 {
		t.Fatalf("after an edit: %+v, %v, want b at its new place", got, err)
	}
	if next, _, err := db.ItemsNextDue(ctx, "/one/d.toml", "d"); err != nil || !next.Equal(t0.Add(-time.Hour)) {
		t.Errorf("after an edit: ItemsNextDue = %v, %v, want b's due (c is gone)", next, err)
	}
}
