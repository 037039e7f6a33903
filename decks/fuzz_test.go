package decks

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// FuzzParse checks that Parse never panics and never accepts a deck it
// cannot use: a deck without errors must expand into items that a quiz can
// ask and grade.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*/*.toml")
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("[deck]\ntitle = \"t\"\n[[card]]\nid = \"a\"\nkind = \"choice\"\nprompt = \"p\"\nanswer = \"x\"\ngroup = \"g\"\n" +
		"[[card]]\nid = \"b\"\nkind = \"number\"\nprompt = \"q\"\nanswer = 1e300\ngroup = \"g\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, diags := Parse("fuzz.toml", data)
		lines := bytes.Count(data, []byte("\n")) + 1
		for _, dg := range diags {
			if dg.Pos.Line < 1 || dg.Pos.Col < 1 || dg.Pos.Line > lines {
				t.Errorf("diagnostic without a valid position (%d lines): %v", lines, dg)
			}
			if dg.Path != "fuzz.toml" || dg.Message == "" {
				t.Errorf("bad diagnostic %#v", dg)
			}
		}
		if diags.HasErrors() {
			if d != nil {
				t.Fatalf("a deck despite errors:\n%v", diags)
			}
			return
		}
		if d == nil {
			t.Fatalf("no deck and no error")
		}
		checkUsable(t, d)
		// Parsing is deterministic.
		_, again := Parse("fuzz.toml", data)
		if again.Error() != diags.Error() {
			t.Errorf("diagnostics differ between runs:\n%v\n---\n%v", diags, again)
		}
	})
}

// checkUsable fails unless every item of the deck can be asked and graded.
func checkUsable(t *testing.T, d *Deck) {
	t.Helper()
	if !idRE.MatchString(d.ID) || d.Title == "" {
		t.Errorf("deck id %q title %q", d.ID, d.Title)
	}
	if len(d.Cards) > MaxCards {
		t.Errorf("deck with %d cards", len(d.Cards))
	}
	if d.Retention < 0 || d.Retention >= 1 || d.NewPerDay < 0 || d.ReviewsPerDay < 0 {
		t.Errorf("deck settings %v %v %v", d.Retention, d.NewPerDay, d.ReviewsPerDay)
	}
	text := func(what, s string) {
		if !utf8.ValidString(s) || !norm.NFC.IsNormalString(s) || s != strings.TrimSpace(s) {
			t.Errorf("%s %q is not clean NFC text", what, s)
		}
	}
	cardIDs := map[string]bool{}
	for _, c := range d.Cards {
		if !idRE.MatchString(c.ID) || cardIDs[c.ID] {
			t.Errorf("card id %q invalid or repeated", c.ID)
		}
		cardIDs[c.ID] = true
		if !slices.Contains(Kinds, c.Kind) {
			t.Errorf("card %q: kind %q", c.ID, c.Kind)
		}
		if c.Pos.Line < 1 {
			t.Errorf("card %q: no position", c.ID)
		}
		if c.Policy.Accents != AccentsLenient && c.Policy.Accents != AccentsExact && c.Policy.Accents != AccentsIgnore {
			t.Errorf("card %q: policy %+v", c.ID, c.Policy)
		}
		if math.IsNaN(c.Number) || math.IsInf(c.Number, 0) || c.Tolerance < 0 || math.IsNaN(c.Tolerance) || math.IsInf(c.Tolerance, 0) {
			t.Errorf("card %q: number %v tolerance %v", c.ID, c.Number, c.Tolerance)
		}
	}
	ids := map[string]bool{}
	for _, it := range d.Items() {
		if ids[it.ID] {
			t.Errorf("item id %q repeated", it.ID)
		}
		ids[it.ID] = true
		if it.Prompt == "" || it.Answer == "" {
			t.Errorf("item %q: prompt %q answer %q", it.ID, it.Prompt, it.Answer)
		}
		text("prompt", it.Card.Prompt)
		for _, a := range append(append([]string{it.Answer}, it.Accept...), it.Items...) {
			if a == "" {
				t.Errorf("item %q: empty answer among %q", it.ID, it.Accept)
			}
			text("answer", a)
		}
		switch it.Kind {
		case KindChoice:
			if !slices.Contains(it.Choices, it.Answer) || len(it.Choices) < 2 {
				t.Errorf("choice item %q: answer %q, choices %q", it.ID, it.Answer, it.Choices)
			}
			lower := map[string]bool{}
			for _, c := range it.Choices {
				if lower[strings.ToLower(c)] {
					t.Errorf("choice item %q: choices %q repeat", it.ID, it.Choices)
				}
				lower[strings.ToLower(c)] = true
			}
		case KindMulti:
			if len(it.Answers) == 0 || len(it.Choices) < 2 {
				t.Errorf("multi item %q: answers %q choices %q", it.ID, it.Answers, it.Choices)
			}
			for _, a := range it.Answers {
				if !slices.Contains(it.Choices, a) {
					t.Errorf("multi item %q: answer %q not in %q", it.ID, a, it.Choices)
				}
			}
		case KindList, KindOrder:
			if len(it.Items) == 0 || it.Kind == KindOrder && len(it.Items) < 2 {
				t.Errorf("%s item %q: items %q", it.Kind, it.ID, it.Items)
			}
		case KindCloze:
			if !strings.Contains(it.Prompt, ClozeBlank) {
				t.Errorf("cloze item %q: prompt %q has no blank", it.ID, it.Prompt)
			}
		}
	}
}

// idRE is what deck and card ids look like, as the format describes them:
// the oracle of ValidID.
var idRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)
