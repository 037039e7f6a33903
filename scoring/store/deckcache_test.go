package store

import (
	"context"
	"fmt"
	"reflect"
	"slices"
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

func TestPlanStudyTakesWhatASessionAsks(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	// Six cards; card 1 has a reverse (its sibling), card 3 three cloze deletions.
	items := []DeckItem{{"a", "a", 0}, {"b", "b", 1}, {"b:reverse", "b", 1}, {"c", "c", 2},
		{"e:c1", "e", 3}, {"e:c2", "e", 3}, {"e:c3", "e", 3}, {"f", "f", 4}, {"g", "g", 5}}
	reviewTo(t, db, "a", scoring.Review, t0.Add(-time.Hour))      // due review
	reviewTo(t, db, "b", scoring.Learning, t0.Add(time.Minute))   // learning: always taken
	reviewTo(t, db, "c", scoring.Review, t0.Add(48*time.Hour))    // not due
	reviewTo(t, db, "g", scoring.Review, t0.Add(-2*time.Hour))    // due, earlier
	reviewTo(t, db, "gone", scoring.Review, t0.Add(-3*time.Hour)) // not in the file any more
	putDeck(t, db, "/decks/d.toml", items, 6)
	// plan lists the ids of the items PlanStudy returns, and checks their
	// order and states.
	plan := func(reviews, news int) []string {
		t.Helper()
		got, err := db.PlanStudy(ctx, t0, []StudyQuery{{Path: "/decks/d.toml", DeckID: "d", Reviews: reviews, New: news}})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for i, it := range got["/decks/d.toml"] {
			if i > 0 && it.Ord <= got["/decks/d.toml"][i-1].Ord {
				t.Errorf("items out of deck order: %+v", got)
			}
			if it.Known != (it.State.Phase != scoring.New) || items[it.Ord].ID != it.ID || items[it.Ord].Card != it.Card {
				t.Errorf("item %+v does not match the deck's %+v", it, items[it.Ord])
			}
			ids = append(ids, it.ID)
		}
		return ids
	}
	// learning b, the earliest due review g, and new items up to the first
	// of the second sibling not taken before: b:reverse is a sibling of a
	// learning item, e:c2 and e:c3 siblings of e:c1, then f.
	if got, want := plan(1, 2), []string{"b", "b:reverse", "e:c1", "e:c2", "e:c3", "f", "g"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("PlanStudy(1 review, 2 new) = %v, want %v", got, want)
	}
	if got, want := plan(5, 1), []string{"a", "b", "b:reverse", "e:c1", "g"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("PlanStudy(5 reviews, 1 new) = %v, want %v", got, want)
	}

	// Answering e:c1 makes it no longer new; undoing it makes it new again.
	sid := startSession(t, db, "study", t0, "d")
	r := &Review{SessionID: sid, DeckID: "d", CardID: "e:c1", Time: t0, Rating: scoring.Good, Correct: true,
		Kind: "learn", After: scoring.State{Phase: scoring.Review, Due: t0.Add(72 * time.Hour), LastReview: t0}}
	if err := db.Record(ctx, r); err != nil {
		t.Fatal(err)
	}
	if got, want := plan(0, 1), []string{"b", "b:reverse", "e:c2"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("after an answer: %v, want %v", got, want)
	}
	// e:c3 is a sibling of e:c2: f is needed too.
	if got, want := plan(0, 2), []string{"b", "b:reverse", "e:c2", "e:c3", "f"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("after an answer: %v, want %v", got, want)
	}
	checkDayCounts(t, db, t0, "d")
	if _, err := db.Undo(ctx, sid); err != nil {
		t.Fatal(err)
	}
	checkDayCounts(t, db, t0, "d")
	checkDayCounts(t, db, t0.Add(-time.Hour), "d")
	next, newLeft, err := db.DeckNextDue(ctx, "/decks/d.toml", "d")
	if err != nil || !newLeft || !next.Equal(t0.Add(-2*time.Hour)) {
		t.Fatalf("DeckNextDue = %v, %v, %v", next, newLeft, err)
	}

	states, err := db.StatesOf(ctx, "d", []string{"a", "b", "zzz"})
	if err != nil || len(states) != 2 || states["b"].Phase != scoring.Learning {
		t.Fatalf("StatesOf = %v, %v", states, err)
	}

	// Rebuilding the states (as after an import) keeps the flags right.
	if err := db.ReplaceStates(ctx, map[[2]string]scoring.State{{"d", "f"}: {Phase: scoring.Review, Due: t0, LastReview: t0}}); err != nil {
		t.Fatal(err)
	}
	// every item but f is new again
	if got, want := plan(0, 3), []string{"a", "b", "b:reverse", "c"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("after ReplaceStates: %v, want %v", got, want)
	}
	if got, want := plan(1, 0), []string{"f"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("after ReplaceStates: %v, want %v", got, want)
	}

	// A card of nine deletions first: all of them are read, then x.
	var zs []DeckItem
	for i := range 9 {
		zs = append(zs, DeckItem{fmt.Sprintf("big:c%d", i+1), "big", 0})
	}
	zs = append(zs, DeckItem{"x", "x", 1}, DeckItem{"y", "y", 2}, DeckItem{"w", "w", 3}, DeckItem{"v", "v", 4})
	cards := [][]byte{{0}, {1}, {2}, {3}, {4}}
	if err := db.PutDeckFiles(ctx, []DeckPut{{File: DeckFile{Path: "/z.toml", Hash: []byte{1}, Version: 1, DeckID: "z",
		Header: []byte("{}"), Diags: []byte("null"), Cards: 5, Items: len(zs)}, Cards: cards, Items: zs}}); err != nil {
		t.Fatal(err)
	}
	got, err := db.PlanStudy(ctx, t0, []StudyQuery{{Path: "/z.toml", DeckID: "z", New: 2}})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(got["/z.toml"]); n != 10 {
		t.Fatalf("PlanStudy read %d new items, want the 9 deletions and x: %+v", n, got)
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

// BenchmarkPlanStudy plans a study session over 100 cached decks of 1,000
// items (cloze cards of two deletions), 700 of each studied, 2 of those
// learning and 20 due: what `ontap study` reads before its first question.
func BenchmarkPlanStudy(b *testing.B) {
	ctx := context.Background()
	db := openTemp(b)
	now := t0.Add(30 * 24 * time.Hour)
	states := map[[2]string]scoring.State{}
	var puts []DeckPut
	var qs []StudyQuery
	for d := range 100 {
		deck := fmt.Sprintf("deck%03d", d)
		path := "/decks/" + deck + ".toml"
		put := DeckPut{File: DeckFile{Path: path, Hash: []byte{1}, Version: 1, DeckID: deck, Header: []byte("{}"),
			Diags: []byte("null"), Cards: 500, Items: 1000}}
		for c := range 500 {
			put.Cards = append(put.Cards, []byte("card"))
			for k := range 2 {
				id := fmt.Sprintf("c%d:c%d", c, k+1)
				put.Items = append(put.Items, DeckItem{ID: id, Sibling: fmt.Sprint("c", c), Card: c})
				i := 2*c + k
				switch {
				case i < 2:
					states[[2]string{deck, id}] = scoring.State{Phase: scoring.Learning, Due: now.Add(time.Minute), LastReview: now}
				case i < 22:
					states[[2]string{deck, id}] = scoring.State{Phase: scoring.Review, Due: now.Add(-time.Hour * time.Duration(i)), LastReview: t0}
				case i < 700:
					states[[2]string{deck, id}] = scoring.State{Phase: scoring.Review, Due: now.Add(time.Hour * time.Duration(i)), LastReview: t0}
				}
			}
		}
		puts = append(puts, put)
		qs = append(qs, StudyQuery{Path: path, DeckID: deck, Reviews: 200, New: 20})
	}
	if err := db.ReplaceStates(ctx, states); err != nil {
		b.Fatal(err)
	}
	if err := db.PutDeckFiles(ctx, puts); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		plan, err := db.PlanStudy(ctx, now, qs)
		if err != nil {
			b.Fatal(err)
		}
		if n := len(plan["/decks/deck000.toml"]); n < 2+20+20 {
			b.Fatalf("%d items planned for a deck, want at least 42", n)
		}
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

// TestPlanStudyFindsItemsWhateverTheirPlace: the learning and due items
// are read with the place of each in its file kept with its state; an item
// whose kept place is not in the file studied (a deck id in two files, a
// copy lost) is looked up, and an item gone from its file is not asked.
func TestPlanStudyFindsItemsWhateverTheirPlace(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	items := []DeckItem{{"a", "a", 0}, {"b", "b", 1}, {"c", "c", 2}}
	putDeck(t, db, "/one/d.toml", items, 3)
	putDeck(t, db, "/two/d.toml", items[1:], 3) // the same deck id in another file
	reviewTo(t, db, "a", scoring.Learning, t0.Add(time.Minute))
	reviewTo(t, db, "b", scoring.Review, t0.Add(-time.Hour))
	reviewTo(t, db, "c", scoring.Review, t0.Add(-2*time.Hour))
	plan := func(path string) []string {
		t.Helper()
		got, err := db.PlanStudy(ctx, t0, []StudyQuery{{Path: path, DeckID: "d", Reviews: 10, New: 10}})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, it := range got[path] {
			if want := items[slices.IndexFunc(items, func(x DeckItem) bool { return x.ID == it.ID })]; it.Sibling != want.Sibling {
				t.Errorf("%s: item %+v, want sibling %q", path, it, want.Sibling)
			}
			ids = append(ids, it.ID)
		}
		return ids
	}
	check := func(when string) {
		t.Helper()
		if got, want := plan("/one/d.toml"), []string{"a", "b", "c"}; !reflect.DeepEqual(got, want) {
			t.Errorf("%s: /one/d.toml plans %v, want %v", when, got, want)
		}
		if got, want := plan("/two/d.toml"), []string{"b", "c"}; !reflect.DeepEqual(got, want) {
			t.Errorf("%s: /two/d.toml plans %v, want %v", when, got, want)
		}
		for _, path := range []string{"/one/d.toml", "/two/d.toml"} {
			if next, _, err := db.DeckNextDue(ctx, path, "d"); err != nil || !next.Equal(t0.Add(-2*time.Hour)) {
				t.Errorf("%s: DeckNextDue(%s) = %v, %v, want c's due", when, path, next, err)
			}
		}
	}
	check("first answers")
	if _, err := db.sql.ExecContext(ctx, "UPDATE card_states SET path = NULL, ord = NULL, sibling = NULL, card_ord = NULL"); err != nil {
		t.Fatal(err)
	}
	check("places lost")
	// Written again, the file gives its items their places: its first
	// item moved to the end, and c gone.
	putDeck(t, db, "/one/d.toml", []DeckItem{{"b", "b", 0}, {"a", "a", 1}}, 2)
	got, err := db.PlanStudy(ctx, t0, []StudyQuery{{Path: "/one/d.toml", DeckID: "d", Reviews: 10}})
	if err != nil {
		t.Fatal(err)
	}
	if want := []StudyItem{{ID: "b", Sibling: "b", Card: 0, Ord: 0}, {ID: "a", Sibling: "a", Card: 1, Ord: 1}}; len(got["/one/d.toml"]) != 2 ||
		got["/one/d.toml"][0].ID != "b" || got["/one/d.toml"][0].Ord != 0 || got["/one/d.toml"][1].Card != 1 {
		t.Fatalf("after an edit: %+v, want %+v", got["/one/d.toml"], want)
	}
	var placed int
	if err := db.sql.QueryRowContext(ctx, "SELECT count(*) FROM card_states WHERE path = '/one/d.toml'").Scan(&placed); err != nil || placed != 2 {
		t.Fatalf("%d states placed in the file written again (%v), want a and b", placed, err)
	}
	if next, _, err := db.DeckNextDue(ctx, "/one/d.toml", "d"); err != nil || !next.Equal(t0.Add(-time.Hour)) {
		t.Errorf("after an edit: DeckNextDue = %v, %v, want b's due (c is gone)", next, err)
	}
}
