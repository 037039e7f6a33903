package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ontap/ontap/quiz/term"
	"github.com/ontap/ontap/scoring/store"
)

// writeCacheDecks writes three decks of n cards of several kinds: reverse
// cards and cloze deletions (siblings), typed cards, choices drawn from a
// group, numbers.
func writeCacheDecks(t *testing.T, dir string, n int) {
	t.Helper()
	for _, name := range cacheDecks {
		var b strings.Builder
		fmt.Fprintf(&b, "[deck]\ntitle = %q\nnew_per_day = 7\n\n", name)
		for i := range n {
			switch i % 5 {
			case 0:
				fmt.Fprintf(&b, "[[card]]\nid = \"b%d\"\nkind = \"basic\"\nfront = \"front %s %d\"\nback = \"back %d\"\nreverse = true\n\n", i, name, i, i)
			case 1:
				fmt.Fprintf(&b, "[[card]]\nid = \"z%d\"\nkind = \"cloze\"\ntext = \"In {{%d}} the {{word%d}} met {{name%d}}.\"\n\n", i, 1900+i, i, i)
			case 2:
				fmt.Fprintf(&b, "[[card]]\nid = \"t%d\"\nkind = \"typed\"\nprompt = \"type %s %d\"\nanswer = \"1\"\n\n", i, name, i)
			case 3:
				fmt.Fprintf(&b, "[[card]]\nid = \"c%d\"\nkind = \"choice\"\nprompt = \"pick %d\"\nanswer = \"answer %d\"\ngroup = \"g\"\n\n", i, i, i)
			case 4:
				fmt.Fprintf(&b, "[[card]]\nid = \"n%d\"\nkind = \"number\"\nprompt = \"count %d\"\nanswer = %d\n\n", i, i, i%3)
			}
		}
		if err := os.WriteFile(filepath.Join(dir, name+".toml"), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// runOut runs ontap with args and input on stdin, with the deck cache on
// or off, fails the test if it exits with an error, and returns its
// standard output and error.
func runOut(t *testing.T, dataDir, deckDir, now, input string, cache bool, args ...string) (string, string) {
	t.Helper()
	env := map[string]string{"ONTAP_HOME": dataDir, "ONTAP_NOW": now, "NO_COLOR": "1", "ONTAP_CLOCK": "fixed"}
	if !cache {
		env["ONTAP_DECK_CACHE"] = "off"
	}
	io, out, errOut := term.Test(input)
	if code := run(context.Background(), append([]string{"--decks", deckDir}, args...), io,
		func(k string) string { return env[k] }); code != 0 {
		t.Fatalf("%v at %s exited %d: %s", args, now, code, errOut)
	}
	return out.String(), errOut.String()
}

// studyCards runs `ontap study --porcelain DECK...` at now with answers
// on stdin and returns the cards asked, in order.
func studyCards(t *testing.T, dataDir, deckDir, now, answers string, cache bool, decks ...string) []string {
	t.Helper()
	out, errOut := runOut(t, dataDir, deckDir, now, answers, cache, append([]string{"study", "--porcelain"}, decks...)...)
	if errOut != "" {
		t.Fatalf("study at %s wrote to stderr: %s", now, errOut)
	}
	var cards []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var ev struct{ Type, Card string }
		if err := json.Unmarshal([]byte(line), &ev); err != nil {
			t.Fatalf("not JSON: %q", line)
		}
		if ev.Type == "question" {
			cards = append(cards, ev.Card)
		}
	}
	return cards
}

// cacheDecks are the decks of writeCacheDecks.
var cacheDecks = []string{"alpha", "beta", "gamma"}

var updateQueues = flag.Bool("update-queues", false, "rewrite testdata/queues.golden")

// TestStudyFromCacheAsksWhatTheDecksAsk studies decks for ten days. Each
// time, before studying, it lists the whole queue of the session (every
// card skipped, which records nothing) twice: parsing every deck file
// (ONTAP_DECK_CACHE=off) and from the deck cache, which reads the states
// a page at a time. Both must ask the same cards in the same order, the
// order of testdata/queues.golden (written by the planner that preceded
// the one planner, and kept as the order a learner knows); and deck list
// and stats must count the same.
func TestStudyFromCacheAsksWhatTheDecksAsk(t *testing.T) {
	deckDir, data := t.TempDir(), t.TempDir()
	writeCacheDecks(t, deckDir, 60)
	skips := strings.Repeat(":skip\n", 2000)
	// A mix of right and wrong answers, ratings and answers not understood.
	answers := strings.Repeat("1\n3\nx\n4\n2\n1900\n1\nanswer 3\n3\n", 30)
	day := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	asked := 0
	var queues strings.Builder
	for d := range 10 {
		for _, at := range []time.Duration{0, 30 * time.Minute} { // twice a day: learning steps come back
			now := day.AddDate(0, 0, d).Add(at).Format(time.RFC3339)
			want := studyCards(t, data, deckDir, now, skips, false, cacheDecks...)
			got := studyCards(t, data, deckDir, now, skips, true, cacheDecks...)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("day %d at %s: from the cache the queue is\n%v\nparsing, it is\n%v", d, now, got, want)
			}
			asked += len(got)
			fmt.Fprintf(&queues, "%s %s\n", now, strings.Join(got, " "))
			// deck list counts the cached decks in the database.
			list, _ := runOut(t, data, deckDir, now, "", true, "deck", "list", "--json")
			wantList, _ := runOut(t, data, deckDir, now, "", false, "deck", "list", "--json")
			if list != wantList {
				t.Fatalf("day %d at %s: deck list from the cache:\n%s\nparsing:\n%s", d, now, list, wantList)
			}
			// stats lists the items of cached decks from the database, and
			// loads the cards of the hardest only.
			st, _ := runOut(t, data, deckDir, now, "", true, "stats", "--json")
			wantSt, _ := runOut(t, data, deckDir, now, "", false, "stats", "--json")
			if st != wantSt {
				t.Fatalf("day %d at %s: stats from the cache:\n%s\nparsing:\n%s", d, now, st, wantSt)
			}
			studyCards(t, data, deckDir, now, answers, true, cacheDecks...)
		}
		if d == 4 {
			// Edit the decks between days: the cache must see it.
			writeCacheDecks(t, deckDir, 45)
		}
	}
	if asked < 500 {
		t.Fatalf("only %d questions queued in ten days: the test asks too little", asked)
	}
	golden := filepath.Join("testdata", "queues.golden")
	if *updateQueues {
		if err := os.WriteFile(golden, []byte(queues.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if want, err := os.ReadFile(golden); err != nil {
		t.Fatal(err)
	} else if got := strings.Split(queues.String(), "\n"); !slices.Equal(got, strings.Split(string(want), "\n")) {
		for i, line := range strings.Split(string(want), "\n") {
			if i >= len(got) || got[i] != line {
				t.Fatalf("the queues of ten days differ from %s at line %d:\n%s\nwant\n%s", golden, i+1, got[min(i, len(got)-1)], line)
			}
		}
		t.Fatalf("the queues of ten days go on after %s's end:\n%s", golden, got[len(got)-1])
	}
	db, err := store.Open(filepath.Join(data, "ontap.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	files, err := db.DeckFiles(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 3 {
		t.Fatalf("the deck cache holds %d files, want the 3 decks (and the built-in ones)", len(files))
	}
	for path, f := range files {
		if !strings.HasPrefix(path, "builtin:") && f.Cards != 45 {
			t.Errorf("cache of %s: %d cards, want 45 after the edit", path, f.Cards)
		}
	}
}
