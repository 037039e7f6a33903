package decks

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the .golden files of testdata/bad")

// TestEmptyDeckLoads: a deck without cards (a new one) loads without a
// diagnostic, and has no items to ask.
func TestEmptyDeckLoads(t *testing.T) {
	for _, text := range []string{
		"[deck]\ntitle = \"Empty\"\n",
		"# only comments after the deck\n[deck]\ntitle = \"Empty\"\n\n# [[card]]\n# id = \"x\"\n",
	} {
		for _, fast := range []bool{true, false} {
			d, _, diags := parseWith("empty.toml", []byte(text), fast)
			if len(diags) > 0 || d == nil || len(d.Cards) != 0 || len(d.Items()) != 0 {
				t.Errorf("fast=%v %q: deck %v, diagnostics %v; want an empty deck and no word", fast, text, d, diags)
			}
		}
	}
}

func TestParseGoodDeck(t *testing.T) {
	const path = "testdata/good/all-kinds.toml"
	d, diags := LoadFile(path)
	if len(diags) > 0 {
		t.Fatalf("diagnostics for a good deck:\n%v", diags)
	}
	deckPolicy := Policy{CaseSensitive: true, Accents: AccentsIgnore, Typos: false}
	want := &Deck{
		ID: "all-kinds", Title: "Every kind", Description: "A deck that uses every kind of card.",
		Source: "decks/FORMAT.md", Tags: []string{"test", "Việt"}, Retention: 0.85, Scheduler: "sm2",
		Policy: deckPolicy, NewPerDay: 5, ReviewsPerDay: 50, Path: path,
		Sources: []Source{{ID: "atlas", Title: "An atlas of Vietnam", Date: "2020", URL: "https://example.org/atlas"}},
		Cards: []*Card{
			{ID: "capital", Kind: KindBasic, Tags: []string{"geo"}, Hint: "In the north", Explain: "Since 1976.",
				Source: "atlas", Front: "Capital of Vietnam", Back: "Hà Nội", Reverse: true,
				Policy: Policy{CaseSensitive: true, Accents: AccentsIgnore, Typos: true}, Pos: Pos{16, 1}},
			{ID: "founded", Kind: KindTyped, Prompt: "Which force was founded on 22 December 1944?",
				Answer: "Vietnam Propaganda Liberation Army", Accept: []string{"VPLA", "Propaganda Liberation Army"},
				Policy: Policy{CaseSensitive: false, Accents: AccentsExact, Typos: false}, Pos: Pos{28, 1}},
			{ID: "born", Kind: KindCloze, Text: "The army was born while {{World War II}} raged, in {{1944::a year}}.",
				Policy: deckPolicy, Pos: Pos{37, 1}},
			{ID: "expo-city", Kind: KindChoice, Prompt: "Where was the 2024 defense expo held?", Answer: "Hanoi",
				Choices: []string{"Hanoi", "Da Nang", "Hue"}, Policy: deckPolicy, Pos: Pos{42, 1}},
			{ID: "expo-year", Kind: KindChoice, Prompt: "When was the first international defense expo?",
				Answer: "2022", Group: "years", Policy: deckPolicy, Pos: Pos{49, 1}},
			{ID: "law-year", Kind: KindTyped, Prompt: "When was the Law on National Defense passed?",
				Answer: "2018", Group: "years", Policy: deckPolicy, Pos: Pos{56, 1}},
			{ID: "nos", Kind: KindMulti, Prompt: "Which are among the four no's?",
				Choices: []string{"no military alliances", "no foreign bases", "no nuclear weapons"},
				Answers: []string{"no military alliances", "no foreign bases"}, Policy: deckPolicy, Pos: Pos{63, 1}},
			{ID: "neutral", Kind: KindTrueFalse, Prompt: "Vietnam joins military alliances.", Truth: false,
				Policy: deckPolicy, Pos: Pos{70, 1}},
			{ID: "booths", Kind: KindNumber, Prompt: "How many booths were there?", Number: 263, Unit: "booths",
				Tolerance: 5, TolerancePct: true, Policy: deckPolicy, Pos: Pos{76, 1}},
			{ID: "ratio", Kind: KindNumber, Prompt: "What share was exported?", Number: 0.25, Tolerance: 0.05,
				Policy: deckPolicy, Pos: Pos{84, 1}},
			{ID: "services", Kind: KindList, Prompt: "Name the services.", Items: []string{"Army", "Navy", "Air Force"},
				Ordered: true, Policy: Policy{CaseSensitive: true, Accents: AccentsIgnore, Strict: true}, Pos: Pos{91, 1}},
			{ID: "steps", Kind: KindOrder, Prompt: "Put in order:",
				Items: []string{"independence", "Dien Bien Phu", "reunification"}, Policy: deckPolicy, Pos: Pos{99, 1}},
		},
	}
	if d.Title != want.Title || d.ID != want.ID || !reflect.DeepEqual(d.Tags, want.Tags) ||
		d.Retention != want.Retention || d.Scheduler != want.Scheduler || d.Policy != want.Policy ||
		d.NewPerDay != want.NewPerDay || d.ReviewsPerDay != want.ReviewsPerDay || d.Path != want.Path ||
		d.Description != want.Description || d.Source != want.Source || d.Builtin {
		t.Errorf("deck fields:\n got %+v\nwant %+v", *d, *want)
	}
	if len(d.Cards) != len(want.Cards) {
		t.Fatalf("got %d cards, want %d", len(d.Cards), len(want.Cards))
	}
	for i, c := range d.Cards {
		if !reflect.DeepEqual(normCard(*c), normCard(*want.Cards[i])) {
			t.Errorf("card %d:\n got %+v\nwant %+v", i, *c, *want.Cards[i])
		}
	}

	items := []struct {
		id, prompt, answer, hint string
		choices                  []string
	}{
		{"capital", "Capital of Vietnam", "Hà Nội", "In the north", nil},
		{"capital:reverse", "Hà Nội", "Capital of Vietnam", "In the north", nil},
		{"founded", "Which force was founded on 22 December 1944?", "Vietnam Propaganda Liberation Army", "", nil},
		{"born:c1", "The army was born while [...] raged, in 1944.", "World War II", "", nil},
		{"born:c2", "The army was born while World War II raged, in [...].", "1944", "a year", nil},
		{"expo-city", "Where was the 2024 defense expo held?", "Hanoi", "", []string{"Hanoi", "Da Nang", "Hue"}},
		{"expo-year", "When was the first international defense expo?", "2022", "", []string{"2022", "2018"}},
		{"law-year", "When was the Law on National Defense passed?", "2018", "", nil},
		{"nos", "Which are among the four no's?", "no military alliances; no foreign bases", "",
			[]string{"no military alliances", "no foreign bases", "no nuclear weapons"}},
		{"neutral", "Vietnam joins military alliances.", "false", "", nil},
		{"booths", "How many booths were there?", "263", "", nil},
		{"ratio", "What share was exported?", "0.25", "", nil},
		{"services", "Name the services.", "Army; Navy; Air Force", "", nil},
		{"steps", "Put in order:", "independence; Dien Bien Phu; reunification", "", nil},
	}
	got := d.Items()
	if len(got) != len(items) {
		t.Fatalf("got %d items, want %d", len(got), len(items))
	}
	for i, w := range items {
		it := got[i]
		if it.ID != w.id || it.Prompt != w.prompt || it.Answer != w.answer || it.Hint != w.hint ||
			!reflect.DeepEqual(it.Choices, w.choices) {
			t.Errorf("item %d: got %s %q %q hint %q %q\nwant %s %q %q hint %q %q", i,
				it.ID, it.Prompt, it.Answer, it.Hint, it.Choices, w.id, w.prompt, w.answer, w.hint, w.choices)
		}
		if it.Key() != "all-kinds/"+w.id {
			t.Errorf("item %d: key %q", i, it.Key())
		}
	}
}

// normCard makes empty and nil slices compare equal.
func normCard(c Card) Card {
	for _, s := range []*[]string{&c.Tags, &c.Accept, &c.Choices, &c.Answers, &c.Items} {
		if len(*s) == 0 {
			*s = nil
		}
	}
	return c
}

// TestBadDecks checks every file of testdata/bad against its .golden file:
// the exact diagnostics, one per line. Run with -update to rewrite them.
func TestBadDecks(t *testing.T) {
	files, err := filepath.Glob("testdata/bad/*.toml")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 25 {
		t.Fatalf("only %d bad decks in testdata/bad", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			d, diags := LoadFile(f)
			if !diags.HasErrors() {
				t.Errorf("no error for a bad deck")
			}
			if d != nil {
				t.Errorf("got a deck despite errors")
			}
			got := diags.Error() + "\n"
			golden := strings.TrimSuffix(f, ".toml") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./decks -run TestBadDecks -update)", err)
			}
			if got != string(want) {
				t.Errorf("diagnostics differ:\n--- got\n%s--- want\n%s", got, want)
			}
		})
	}
}

// TestLimits builds the oversize files in memory.
func TestLimits(t *testing.T) {
	card := func(i int) string {
		return "[[card]]\nid = \"c" + itoa(i) + "\"\nkind = \"basic\"\nfront = \"f\"\nback = \"b\"\n"
	}
	head := "[deck]\ntitle = \"t\"\n"
	var many bytes.Buffer
	many.WriteString(head)
	for i := range MaxCards + 1 {
		many.WriteString(card(i))
	}
	manyLine := 3 + 5*MaxCards
	huge := head + "# " + strings.Repeat("x", MaxFileSize) + "\n"
	tests := []struct {
		name string
		data string
		want string
	}{
		{"file size", huge,
			"big.toml:1:1: error: file is " + itoa(len(huge)) + " bytes; the limit is 16777216 (16 MiB)"},
		{"cards", many.String(),
			"big.toml:" + itoa(manyLine) + ":1: error: too many cards: the limit is 100000 per deck"},
		{"string", head + "[[card]]\nid = \"a\"\nkind = \"basic\"\nfront = \"" + strings.Repeat("é", 40000) + "\"\nback = \"b\"\n",
			"big.toml:6:9: error: card \"a\": key \"front\" is 80000 bytes long; the limit is 65536 (64 KiB)"},
		{"string in array", head + "[[card]]\nid = \"a\"\nkind = \"list\"\nprompt = \"p\"\nitems = [\"x\",\n  '''" + strings.Repeat("y", MaxStringBytes+1) + "''']\n",
			"big.toml:8:3: error: card \"a\": items[1] is 65537 bytes long; the limit is 65536 (64 KiB)"},
		{"array", head + "[[card]]\nid = \"a\"\nkind = \"list\"\nprompt = \"p\"\nitems = [" + strings.Repeat("\"x\", ", MaxArrayItems+1) + "]\n",
			"big.toml:7:9: error: card \"a\": key \"items\" has 1001 items; the limit is 1000"},
		{"nesting", head + "x = " + strings.Repeat("[", 40) + strings.Repeat("]", 40) + "\n",
			"big.toml:3:37: error: arrays and inline tables are nested more than 32 deep"},
		{"inline nesting", head + "x = " + strings.Repeat("{a=", 100000) + "1" + strings.Repeat("}", 100000) + "\n",
			"big.toml:3:101: error: arrays and inline tables are nested more than 32 deep"},
		{"dotted key", head + "x" + strings.Repeat(".x", 20) + " = 1\n",
			"big.toml:3:33: error: dotted key has more than 16 parts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, diags := Parse("big.toml", []byte(tt.data))
			if d != nil {
				t.Errorf("got a deck")
			}
			if got := diags.Error(); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

// TestFormatExamples parses every TOML example of FORMAT.md, so that the
// documentation cannot drift from the loader.
func TestFormatExamples(t *testing.T) {
	doc, err := os.ReadFile("FORMAT.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```toml\n(.*?)```").FindAllStringSubmatch(string(doc), -1)
	if len(blocks) == 0 {
		t.Fatal("no ```toml examples in FORMAT.md")
	}
	kinds := map[string]bool{}
	for i, b := range blocks {
		src := b[1]
		if !strings.Contains(src, "[deck]") {
			src = "[deck]\ntitle = \"example\"\n" + src
		}
		d, diags := Parse("example.toml", []byte(src))
		if diags.HasErrors() {
			t.Errorf("example %d:\n%s\n%v", i+1, b[1], diags)
			continue
		}
		for _, c := range d.Cards {
			kinds[c.Kind] = true
		}
	}
	for _, k := range Kinds {
		if !kinds[k] {
			t.Errorf("FORMAT.md has no example of a %s card", k)
		}
	}
}

// TestTooManyProblems checks that a file with a great many problems gets
// MaxDiagnostics of them and a last line saying so, quickly.
func TestTooManyProblems(t *testing.T) {
	var b strings.Builder
	b.WriteString("[deck]\ntitle = \"t\"\n")
	for i := range 5_000 {
		b.WriteString("k" + itoa(i) + " = 1\n")
	}
	_, diags := Parse("many.toml", []byte(b.String()))
	if len(diags) != MaxDiagnostics+1 {
		t.Fatalf("got %d diagnostics", len(diags))
	}
	if got, want := diags[0].String(), `many.toml:3:1: error: deck: unknown key "k0"`; got != want {
		t.Errorf("first: got %s, want %s", got, want)
	}
	last := diags[len(diags)-1]
	if last.Message != "too many problems; stopping after 1000" || last.Severity != SeverityError {
		t.Errorf("last: %v", last)
	}
}

func TestSuggestTypos(t *testing.T) {
	keys := []string{"prompt", "answer", "title", "mine", "expos"}
	for _, c := range []struct{ in, want string }{
		{"Prompt", "prompt"}, // case
		{"promt", "prompt"},  // a letter missing
		{"answr", "answer"},  // a letter missing
		{"mien", "mine"},     // two letters swapped
		{"expso", "expos"},   // two letters swapped
		{"titel", "title"},   // swapped
		{"zzz", ""},          // nothing close
		{"pro", ""},          // too far for a short word
		{"timeline", ""},     // another word
	} {
		if got := Suggest(c.in, keys); got != c.want {
			t.Errorf("Suggest(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	for _, c := range []struct {
		a, b string
		d    int
	}{{"", "", 0}, {"abc", "abc", 0}, {"ab", "ba", 1}, {"abc", "acb", 1}, {"ca", "abc", 3}, {"kitten", "sitting", 3}, {"Hà", "Ha", 1}} {
		if got := editDistance(c.a, c.b); got != c.d {
			t.Errorf("editDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.d)
		}
	}
}

// TestSourceLabel: a card citing a [[source]] by id shows the learner its
// title and date; without [[source]] tables a card's source is free text.
func TestSourceLabel(t *testing.T) {
	d, diags := LoadFile("testdata/good/all-kinds.toml")
	if d == nil {
		t.Fatal(diags)
	}
	if got := d.Items()[0].Source(); got != "An atlas of Vietnam (2020)" {
		t.Errorf("the capital card's source shows as %q", got)
	}
	const free = "[deck]\ntitle = \"T\"\n\n[[card]]\nid = \"a\"\nkind = \"basic\"\nfront = \"f\"\nback = \"b\"\nsource = \"my notes, page 3\"\n"
	d, _ = Parse("free.toml", []byte(free))
	if got := d.Items()[0].Source(); got != "my notes, page 3" {
		t.Errorf("free-text source shows as %q", got)
	}
	undated := &Deck{Sources: []Source{{ID: "a", Title: "An article"}}}
	if got := undated.SourceLabel(&Card{Source: "a"}); got != "An article" {
		t.Errorf("an undated source shows as %q", got)
	}
	// FormatDeck writes the sources back.
	d, _ = LoadFile("testdata/good/all-kinds.toml")
	text, err := FormatDeck(d, "all-kinds")
	if err != nil {
		t.Fatal(err)
	}
	back, diags := Parse("all-kinds.toml", text)
	if back == nil || !reflect.DeepEqual(back.Sources, d.Sources) || back.Cards[0].Source != "atlas" {
		t.Fatalf("sources lost in FormatDeck: %v\n%s", diags, text)
	}
}
