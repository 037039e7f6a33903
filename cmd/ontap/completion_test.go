package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/spf13/cobra"

	"github.com/ontap/ontap/quiz/term"
)

// TestCompleteCardsAndTags: --card completes the card ids of the decks
// named (all decks when none is), --tag their tags, deck and card alike.
func TestCompleteCardsAndTags(t *testing.T) {
	dir := t.TempDir()
	deckDir := filepath.Join(dir, "decks")
	if err := os.MkdirAll(deckDir, 0o755); err != nil {
		t.Fatal(err)
	}
	deck := `[deck]
id = "mine"
title = "Mine"
tags = ["deck-tag"]

[[card]]
id = "alpha"
kind = "truefalse"
prompt = "A?"
answer = true
tags = ["card-tag"]

[[card]]
id = "beta"
kind = "truefalse"
prompt = "B?"
answer = false
`
	if err := os.WriteFile(filepath.Join(deckDir, "mine.toml"), []byte(deck), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"ONTAP_HOME": filepath.Join(dir, "data"), "ONTAP_DECKS": deckDir}
	io, _, _ := term.Test("")
	app := &App{IO: io, Getenv: func(k string) string { return env[k] }}
	root := newRootCmd(app)
	study, _, err := root.Find([]string{"study"})
	if err != nil {
		t.Fatal(err)
	}
	if err := study.ParseFlags(nil); err != nil { // as ontap __complete does: the global flags are then known
		t.Fatal(err)
	}
	got := func(fn cobra.CompletionFunc, args []string, prefix string) []string {
		out, dir := fn(study, args, prefix)
		if dir != cobra.ShellCompDirectiveNoFileComp {
			t.Errorf("directive %v, want no files", dir)
		}
		return out
	}
	if c := got(app.completeCards, []string{"mine"}, ""); !slices.Equal(c, []string{"alpha", "beta"}) {
		t.Errorf("cards of mine: %v", c)
	}
	if c := got(app.completeCards, []string{"mine"}, "b"); !slices.Equal(c, []string{"beta"}) {
		t.Errorf("cards of mine starting with b: %v", c)
	}
	if c := got(app.completeCards, nil, "alp"); !slices.Equal(c, []string{"alpha"}) {
		t.Errorf("cards of every deck starting with alp: %v", c)
	}
	if c := got(app.completeDeckThenCards, []string{"mine", "alpha"}, ""); !slices.Equal(c, []string{"beta"}) {
		t.Errorf("deck unsuspend mine alpha, then: %v", c)
	}
	if c := got(app.completeDeckThenCards, nil, "mi"); !slices.Equal(c, []string{"mine\tMine"}) {
		t.Errorf("deck unsuspend, first: %v", c)
	}
	if c := got(app.completeTags, []string{"mine"}, ""); !slices.Equal(c, []string{"card-tag", "deck-tag"}) {
		t.Errorf("tags of mine: %v", c)
	}
	if c := got(app.completeTags, []string{"timeline"}, "deck"); len(c) != 0 {
		t.Errorf("tags of timeline starting with deck: %v", c)
	}
}
