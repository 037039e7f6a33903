package main

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ontap/ontap/decks"
	"github.com/ontap/ontap/decks/anki"
	"github.com/ontap/ontap/scoring"
	"github.com/ontap/ontap/scoring/schedule"
	"github.com/ontap/ontap/scoring/store"
)

// ankiDeck is the deck the package tests give Anki's history to.
const ankiDeck = `[deck]
title = "Anki history"

[[card]]
id = "due"
kind = "basic"
front = "Capital of Vietnam?"
back = "Hanoi"

[[card]]
id = "later"
kind = "basic"
front = "Largest city of Vietnam?"
back = "Ho Chi Minh City"

[[card]]
id = "fresh"
kind = "basic"
front = "River through Hanoi?"
back = "Red River"
`

// simulate answers item key with ratings, one a day after each due date,
// through the default FSRS scheduler, as Anki (FSRS, default parameters)
// would, and returns the revlog entries with Anki's intervals (days, or
// negative seconds while learning) and the last state.
func simulate(t *testing.T, deck, item string, start time.Time, ratings []scoring.Rating) ([]anki.Entry, scoring.State) {
	t.Helper()
	cfg := schedule.DefaultConfig()
	s, err := schedule.NewScheduler("fsrs", cfg)
	if err != nil {
		t.Fatal(err)
	}
	var st scoring.State
	var out []anki.Entry
	now := start
	for _, r := range ratings {
		kind := map[scoring.Phase]string{scoring.New: "learn", scoring.Learning: "learn", scoring.Review: "review", scoring.Relearning: "relearn"}[st.Phase]
		st = s.Review(deck+"/"+item, st, r, now)
		gap := st.Due.Sub(now)
		ivl := -int(gap / time.Second)
		if gap >= 24*time.Hour {
			ivl = int(math.Round(gap.Hours() / 24))
		}
		out = append(out, anki.Entry{ItemID: item, Time: now, Rating: int(r), Kind: kind, Duration: 4 * time.Second, Interval: ivl})
		now = st.Due
	}
	return out, st
}

// TestAnkiHistoryAsksWhatAnkiWould imports a package whose revlog was made
// by the FSRS scheduler, and checks that each card is due when Anki's last
// interval says (within a day: Anki rounds intervals to days), that the
// first study asks the card that is due and not the one that is not, and
// that importing the package again adds no reviews.
func TestAnkiHistoryAsksWhatAnkiWould(t *testing.T) {
	d, diags := decks.Parse("anki-history.toml", []byte(ankiDeck))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	d.ID = "anki-history"
	start := time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
	G, A := scoring.Good, scoring.Again
	dueHist, dueState := simulate(t, d.ID, "due", start, []scoring.Rating{G, G, G, A, G, G})
	laterHist, laterState := simulate(t, d.ID, "later", start.Add(time.Hour), []scoring.Rating{G, G, G, G, scoring.Easy})
	hist := append(append([]anki.Entry{}, dueHist...), laterHist...)
	if !dueState.Due.Before(laterState.Due) {
		t.Fatalf("the simulation should leave 'due' due first: %v, %v", dueState.Due, laterState.Due)
	}
	var buf bytes.Buffer
	if err := anki.Write(context.Background(), &buf, anki.Build(d, sortEntries(hist), nil, start)); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	pkg := filepath.Join(dir, "history.apkg")
	if err := os.WriteFile(pkg, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	data, deckDir := filepath.Join(dir, "data"), filepath.Join(dir, "decks")
	os.MkdirAll(deckDir, 0o755)
	// The day after 'due' is due, and before 'later' is.
	now := dueState.Due.Add(time.Hour).Format(time.RFC3339)
	out, _ := runOut(t, data, deckDir, now, "", true, "deck", "import", pkg)
	if !strings.Contains(out, "History: 11 reviews added, 0 already in the log") {
		t.Errorf("first import: %s", out)
	}
	out, _ = runOut(t, data, deckDir, now, "", true, "deck", "import", pkg)
	if !strings.Contains(out, "History: 0 reviews added, 11 already in the log") {
		t.Errorf("second import: %s", out)
	}
	db, err := store.Open(filepath.Join(data, "ontap.db"))
	if err != nil {
		t.Fatal(err)
	}
	states, err := db.States(context.Background(), "anki-history")
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range [][]anki.Entry{dueHist, laterHist} {
		last := h[len(h)-1]
		want := last.Time.Add(time.Duration(last.Interval) * 24 * time.Hour)
		got := states[last.ItemID].Due
		if diff := got.Sub(want); diff < -24*time.Hour || diff > 24*time.Hour {
			t.Errorf("%s: due %v, Anki's last interval (%d days) says %v", last.ItemID, got, last.Interval, want)
		}
	}
	if _, ok := states["fresh"]; ok {
		t.Errorf("a card without history has a state: %+v", states["fresh"])
	}
	asked := studyCards(t, data, deckDir, now, "Hanoi\n3\n", true)
	if len(asked) == 0 || asked[0] != "anki-history/due" {
		t.Errorf("the first study asked %v first, want anki-history/due", asked)
	}
	for _, c := range asked {
		if c == "anki-history/later" {
			t.Errorf("asked 'later', which Anki would not ask until %v", laterState.Due)
		}
	}
}

func sortEntries(e []anki.Entry) []anki.Entry {
	for i := 1; i < len(e); i++ {
		for j := i; j > 0 && e[j].Time.Before(e[j-1].Time); j-- {
			e[j], e[j-1] = e[j-1], e[j]
		}
	}
	return e
}

// TestAnkiHostileNames: a package's deck name and texts never reach the
// terminal raw.
func TestAnkiHostileNames(t *testing.T) {
	d := &decks.Deck{ID: "x", Title: "Evil\x1b]0;pwned\x07 \x1b[2Jdeck", Policy: decks.DefaultPolicy()}
	d.Cards = []*decks.Card{{ID: "c", Kind: decks.KindBasic, Front: "front", Back: "back", Policy: d.Policy}}
	var buf bytes.Buffer
	if err := anki.Write(context.Background(), &buf, anki.Build(d, nil, nil, time.Now())); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	pkg := filepath.Join(dir, "evil\x1b[31m.apkg")
	if err := os.WriteFile(pkg, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, "decks"), 0o755)
	out, errOut := runOut(t, filepath.Join(dir, "data"), filepath.Join(dir, "decks"), "2026-01-01T09:00:00Z", "", true, "deck", "import", pkg)
	if strings.ContainsAny(out+errOut, "\x1b\x07") || !strings.Contains(out, "Imported 1 card from") {
		t.Errorf("output %q %q", out, errOut)
	}
}
