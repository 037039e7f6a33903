package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ontap/ontap/quiz/term"
	"github.com/ontap/ontap/scoring/stats/table"
)

var update = flag.Bool("update", false, "rewrite the golden files of TestViewsGolden")

// goldenDecks are two user decks whose text is wider than 80 columns:
// long titles and prompts, Vietnamese (composed and not), a reverse card
// and a cloze card of two deletions (each a card of its own), and a deck
// file in a folder with a long name. deck list shows the built-in decks
// too: a change to them is a change of its goldens (-update).
var goldenDecks = map[string]string{
	"su-kien.toml": `[deck]
id = "su-kien"
title = "Sự kiện quốc phòng và ngoại giao quốc phòng Việt Nam, 1945-2024: các mốc chính"

[[card]]
id = "dbp"
kind = "number"
prompt = "In which year did the Dien Bien Phu campaign, which ended the First Indochina War, end?"
answer = 1954

[[card]]
id = "indep"
kind = "truefalse"
prompt = "Việt Nam tuyên bố độc lập năm 1946."
answer = false

[[card]]
id = "four-nos"
kind = "basic"
front = "Which defense white paper states the \"four no's\" policy?"
back = "The 2019 Vietnam National Defence white paper"
reverse = true

[[card]]
id = "vpla"
kind = "cloze"
text = "The Vietnam Propaganda Liberation Army was founded in {{1944}} under {{Võ Nguyên Giáp}}."
`,
	"a-folder-whose-name-is-long-enough-to-need-shortening/expo.toml": `[deck]
id = "expo"
title = "Expo"

[[card]]
id = "booths"
kind = "number"
prompt = "How many booths?"
answer = 300

[[card]]
id = "year"
kind = "number"
prompt = "The first expo's year?"
answer = 2022
`,
}

// TestViewsGolden: history, stats, deck list and deck show of a seeded
// collection, at 80 and 120 columns, each line within the width, compared
// with testdata/golden/<view>-<width>.txt (go test -run TestViewsGolden
// -update rewrites them).
func TestViewsGolden(t *testing.T) {
	loc := time.Local
	time.Local = time.UTC // the dates in the goldens; no parallel test runs meanwhile
	defer func() { time.Local = loc }()

	goldenDir, err := filepath.Abs(filepath.Join("testdata", "golden"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	t.Chdir(dir) // deck list shows the decks' paths: relative to the test's folder
	dataDir, deckDir := filepath.Join(dir, "data"), "decks"
	for name, text := range goldenDecks {
		path := filepath.Join(deckDir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		// Written long ago: the deck cache then takes the same path at
		// every run, however fast the machine (a file modified in the
		// last 2 s is hashed again).
		old := time.Now().Add(-time.Hour)
		if err := os.Chtimes(path, old, old); err != nil {
			t.Fatal(err)
		}
	}
	ontap := func(width int, now, input string, args ...string) string {
		t.Helper()
		env := map[string]string{"ONTAP_HOME": dataDir, "ONTAP_NOW": now, "ONTAP_CLOCK": "fixed", "NO_COLOR": "1"}
		io, out, errOut := term.Test(input)
		io.SetWidth(width)
		if code := run(context.Background(), append([]string{"--decks", deckDir}, args...), io,
			func(k string) string { return env[k] }); code != 0 {
			t.Fatalf("%v at %s exited %d: %s", args, now, code, errOut)
		}
		return out.String()
	}
	// Sessions over three weeks, driven through --porcelain: each card is
	// answered by a rule of its own (wrong the first time it is asked in
	// some sessions), so that what happens to a card does not depend on
	// the order the cards come in (cards left learning are ordered by
	// their due times, which run on with the real clock). Then a session
	// with no answer and a quiz.
	right := map[string]string{"su-kien/dbp": "1954", "su-kien/indep": "false", "su-kien/four-nos": "3",
		"su-kien/four-nos:reverse": "3", "su-kien/vpla:c1": "1944", "su-kien/vpla:c2": "Võ Nguyên Giáp",
		"expo/booths": "300", "expo/year": "2022"}
	wrong := map[string]string{"su-kien/four-nos": "1", "su-kien/four-nos:reverse": "1", "su-kien/indep": "true"}
	for i, day := range []string{"2026-11-02", "2026-11-03", "2026-11-05", "2026-11-09", "2026-11-16", "2026-11-20"} {
		asked := map[string]bool{}
		answer := func(card string) string {
			first := !asked[card]
			asked[card] = true
			if first && (len(card)+i)%3 == 0 {
				if w, ok := wrong[card]; ok {
					return w
				}
				return "0"
			}
			return right[card]
		}
		porcelainSession(t, dataDir, deckDir, day+"T08:00:00Z", answer, "study", "su-kien", "expo")
	}
	ontap(80, "2026-11-21T08:00:00Z", "", "quiz", "--plain", "-n", "2", "expo")
	ontap(80, "2026-11-22T09:00:00Z", "1954\nfalse\n", "quiz", "--plain", "-n", "2", "su-kien")

	now := "2026-11-23T09:00:00Z"
	views := map[string][]string{
		"history":   {"history"},
		"stats":     {"stats", "su-kien"},
		"deck-list": {"deck", "list"},
		"deck-show": {"deck", "show", "su-kien"},
	}
	for name, args := range views {
		for _, width := range []int{80, 120} {
			got := ontap(width, now, "", args...)
			for _, l := range strings.Split(got, "\n") {
				if table.Width(l) > width {
					t.Errorf("%s at %d columns: a line of %d columns: %q", name, width, table.Width(l), l)
				}
			}
			golden := filepath.Join(goldenDir, fmt.Sprintf("%s-%d.txt", name, width))
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (go test ./cmd/ontap -run TestViewsGolden -update writes it)", err)
			}
			if got != string(want) {
				t.Errorf("%s at %d columns differs from %s:\n%s", name, width, golden, got)
			}
		}
	}
}

// porcelainSession runs ontap ARGS --porcelain at now, answering each
// question with answer(card), until the session ends.
func porcelainSession(t *testing.T, dataDir, deckDir, now string, answer func(card string) string, args ...string) {
	t.Helper()
	env := map[string]string{"ONTAP_HOME": dataDir, "ONTAP_NOW": now, "NO_COLOR": "1"}
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	var errOut strings.Builder
	tio := &term.IO{In: inR, Out: outW, ErrOut: &errOut}
	done := make(chan int, 1)
	go func() {
		done <- run(context.Background(), append([]string{"--decks", deckDir}, append(args, "--porcelain")...), tio,
			func(k string) string { return env[k] })
		outW.Close()
	}()
	sc := bufio.NewScanner(outR)
	for sc.Scan() {
		var ev struct{ Type, Card string }
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			t.Fatalf("not JSON: %q", sc.Text())
		}
		if ev.Type == "question" {
			if _, err := fmt.Fprintln(inW, answer(ev.Card)); err != nil {
				t.Fatal(err)
			}
		}
	}
	inW.Close()
	if code := <-done; code != 0 {
		t.Fatalf("%v at %s exited %d: %s", args, now, code, errOut.String())
	}
}
