package decks

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

func TestQuoteString(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"plain", `"plain"`},
		{`say "hi"`, `"say \"hi\""`},
		{`C:\path`, `"C:\\path"`},
		{"tab\there", `"tab\there"`},
		{"bell\a esc\x1b del\x7f", `"bell\u0007 esc\u001B del\u007F"`},
		{"cr\rhere", `"cr\rhere"`},
		{"two\nlines", "\"\"\"\ntwo\nlines\"\"\""},
		{"ends with quote\n\"", "\"\"\"\nends with quote\n\\\"\"\"\""},
		{"three \"\"\" quotes\nand more", "\"\"\"\nthree \\\"\\\"\\\" quotes\nand more\"\"\""},
		{"Hà Nội", `"Hà Nội"`},
		{"bad \xff byte", "\"bad \uFFFD byte\""},
	}
	for _, tt := range tests {
		got := QuoteString(tt.in)
		if got != tt.want {
			t.Errorf("QuoteString(%q) = %s, want %s", tt.in, got, tt.want)
		}
		// Whatever it writes reads back as the same text.
		var doc struct{ V string }
		if _, err := toml.Decode("v = "+got+"\n", &doc); err != nil {
			t.Errorf("QuoteString(%q) = %s does not decode: %v", tt.in, got, err)
			continue
		}
		if want := strings.ToValidUTF8(tt.in, "\uFFFD"); doc.V != want {
			t.Errorf("QuoteString(%q) decodes to %q", tt.in, doc.V)
		}
	}
}

func TestFormatTOMLNumber(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{{300, "300"}, {286.3, "286.3"}, {-2, "-2"}, {0.5, "0.5"}, {1e21, "1e+21"}, {1.5e-7, "1.5e-07"}, {0, "0"}}
	for _, tt := range tests {
		got, err := formatTOMLNumber(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("formatTOMLNumber(%v) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

// builtinDecks loads the decks shipped with ontap, as examples of every
// kind of card.
func builtinDecks(t *testing.T) []*Deck {
	t.Helper()
	files, _ := filepath.Glob("builtin/*.toml")
	if len(files) == 0 {
		t.Fatal("no built-in decks in builtin/")
	}
	var out []*Deck
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d, diags := Parse(f, data)
		if d == nil {
			t.Fatalf("%s: %v", f, diags)
		}
		out = append(out, d)
	}
	return out
}

// sameCards compares decks card by card, ignoring positions and paths.
func sameCards(t *testing.T, what string, got, want *Deck) {
	t.Helper()
	if len(got.Cards) != len(want.Cards) {
		t.Fatalf("%s: %d cards, want %d", what, len(got.Cards), len(want.Cards))
	}
	for i := range want.Cards {
		g, w := *got.Cards[i], *want.Cards[i]
		g.Pos, w.Pos = Pos{}, Pos{}
		if !reflect.DeepEqual(g, w) {
			t.Errorf("%s: card %d differs:\n got %+v\nwant %+v", what, i, g, w)
		}
	}
}

// TestFormatDeckRoundTrip writes every built-in deck (all nine kinds, with
// units, tolerances, groups, hints) and reads it back.
func TestFormatDeckRoundTrip(t *testing.T) {
	kinds := map[string]bool{}
	for _, d := range builtinDecks(t) {
		data, err := FormatDeck(d, "")
		if err != nil {
			t.Fatal(err)
		}
		back, diags := Parse(d.Path, data)
		if back == nil {
			t.Fatalf("%s written does not load: %v\n%s", d.Path, diags, data)
		}
		for _, c := range d.Cards {
			kinds[c.Kind] = true
		}
		back.Path = d.Path
		if back.ID != d.ID || back.Title != d.Title || back.Description != d.Description ||
			!reflect.DeepEqual(back.Tags, d.Tags) || back.Policy != d.Policy {
			t.Errorf("%s: deck keys differ after writing", d.Path)
		}
		sameCards(t, d.Path, back, d)
	}
	if len(kinds) != len(Kinds) {
		t.Errorf("the round trip covered %d kinds, want %d", len(kinds), len(Kinds))
	}
}

func TestFormatCardPolicyAndTolerance(t *testing.T) {
	base := Policy{CaseSensitive: true, Accents: AccentsExact, Typos: false}
	c := &Card{ID: "n", Kind: KindNumber, Prompt: "How much?", Number: 286.3, Unit: "US$ million",
		Tolerance: 0.5, TolerancePct: true, Policy: Policy{CaseSensitive: false, Accents: AccentsExact, Typos: true}}
	got, err := FormatCard(c, base)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"answer = 286.3\n", "tolerance = \"0.5%\"\n", "case = \"ignore\"\n", "typos = true\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("FormatCard lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "accents") {
		t.Errorf("FormatCard restates the deck's accents:\n%s", got)
	}
	if _, err := FormatCard(&Card{ID: "x", Kind: "essay"}, base); err == nil {
		t.Error("FormatCard accepted an unknown kind")
	}
}

func TestNewDeckFileAndAppend(t *testing.T) {
	data := NewDeckFile("mine", `A "quoted" title`, "Line one\nline two")
	// A new deck has no cards yet: it loads, empty, without a word...
	if d, diags := Parse("mine.toml", data); len(diags) > 0 || d == nil || len(d.Cards) != 0 {
		t.Fatalf("a new deck does not load quietly as an empty deck: %v", diags)
	}
	if !bytes.Contains(data, []byte("ontap help deck-format")) || bytes.Contains(data, []byte("FORMAT.md")) {
		t.Errorf("a new deck should point at `ontap help deck-format`, which ships with the program:\n%s", data)
	}
	// ...but every commented example is a valid card.
	var examples []string
	for _, l := range strings.Split(string(data), "\n") {
		if s, ok := strings.CutPrefix(l, "# "); ok && !strings.HasPrefix(l, "# ---") {
			examples = append(examples, s)
		}
	}
	uncommented := string(data[:bytes.Index(data, []byte("# --- Examples"))]) + strings.Join(examples[3:], "\n")
	d, diags := Parse("mine.toml", []byte(uncommented))
	if d == nil {
		t.Fatalf("the examples, uncommented, do not load: %v\n%s", diags, uncommented)
	}
	kinds := map[string]bool{}
	for _, c := range d.Cards {
		kinds[c.Kind] = true
	}
	if len(kinds) != len(Kinds) || d.Title != `A "quoted" title` || d.Description != "Line one\nline two" {
		t.Errorf("examples cover %d kinds; title %q; description %q", len(kinds), d.Title, d.Description)
	}

	// Appending a card leaves every byte before it alone, and loads.
	c := &Card{ID: "booths", Kind: KindNumber, Prompt: "How many booths?", Number: 300, Unit: "booths", Policy: DefaultPolicy()}
	out, diags, err := AppendCard("mine.toml", data, c)
	if err != nil {
		t.Fatalf("AppendCard: %v", err)
	}
	if !bytes.HasPrefix(out, data) || len(diags) != 0 {
		t.Fatalf("AppendCard changed the file's text or warned: %v\n%s", diags, out)
	}
	ids, err := CardIDs(out)
	if err != nil || !reflect.DeepEqual(ids, []string{"booths"}) {
		t.Fatalf("CardIDs = %v, %v", ids, err)
	}
	// A second card with the same id would break the file: nothing is returned.
	again, diags, err := AppendCard("mine.toml", out, c)
	if err == nil || again != nil || !strings.Contains(diags.Error(), "duplicate card id") {
		t.Fatalf("AppendCard with a duplicate id: %v, %v, %d bytes", err, diags, len(again))
	}
}

func TestAppendCardKeepsFileAndPolicy(t *testing.T) {
	// No newline at the end, comments, odd spacing and a deck-wide policy.
	data := []byte("# my deck\n[deck]\ntitle   =   \"T\" # comment\ncase = \"exact\"\n\n[[card]]\nid=\"a\"\nkind=\"typed\"\nprompt=\"Q\"\nanswer=\"A\"")
	c := &Card{ID: "b", Kind: KindTyped, Prompt: "Who said \"no\"?", Answer: "Giap", Policy: Policy{CaseSensitive: true, Accents: AccentsLenient, Typos: true}}
	out, _, err := AppendCard("d.toml", data, c)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(out, append(data, '\n')) {
		t.Fatalf("prefix changed:\n%s", out)
	}
	if strings.Contains(string(out[len(data):]), "case =") {
		t.Errorf("the appended card restates the deck's case policy:\n%s", out)
	}
	d, diags := Parse("d.toml", out)
	if d == nil || len(d.Cards) != 2 || d.Cards[1].Prompt != `Who said "no"?` {
		t.Fatalf("appended deck: %v", diags)
	}
	// A card without a policy of its own takes the deck's.
	out, _, err = AppendCard("d.toml", out, &Card{ID: "c", Kind: KindTyped, Prompt: "P", Answer: "A"})
	if err != nil {
		t.Fatal(err)
	}
	if d, _ = Parse("d.toml", out); d == nil || !d.Cards[2].Policy.CaseSensitive || bytes.Count(out, []byte("case =")) != 1 {
		t.Errorf("a card without a policy does not take the deck's:\n%s", out)
	}
}

func TestAppendCardToBrokenDeck(t *testing.T) {
	data := []byte("[deck]\ntitle = \"T\"\nretention = 2.0\n")
	out, diags, err := AppendCard("b.toml", data, &Card{ID: "c", Kind: KindTyped, Prompt: "P", Answer: "A"})
	if err == nil || out != nil || !strings.Contains(err.Error(), "b.toml has errors; fix them first") ||
		!strings.Contains(diags.Error(), "retention must be between 0 and 1") {
		t.Errorf("AppendCard to a broken deck: %v, %v", err, diags)
	}
}

func TestCheckCard(t *testing.T) {
	tests := []struct {
		card Card
		want string // "" for no diagnostic
	}{
		{Card{ID: "a", Kind: KindTyped, Prompt: "Q", Answer: "A"}, ""},
		{Card{ID: "a", Kind: KindTyped, Prompt: "Who was Giap?", Answer: "Giap"}, "appears in the prompt"},
		{Card{ID: "a", Kind: KindCloze, Text: "no blanks"}, "no deletion"},
		{Card{ID: "a", Kind: KindChoice, Prompt: "Q", Answer: "x", Choices: []string{"y", "z"}}, "not among the choices"},
		{Card{ID: "a", Kind: KindChoice, Prompt: "Q", Answer: "x", Group: "g"}, ""},
		{Card{ID: "Bad Id", Kind: KindBasic, Front: "f", Back: "b"}, "not valid"},
		{Card{ID: "a", Kind: KindOrder, Prompt: "Q", Items: []string{"one"}}, "at least 2"},
		{Card{ID: "a", Kind: KindNumber, Prompt: "Q", Number: 3, Tolerance: 5, TolerancePct: true}, ""},
	}
	for _, tt := range tests {
		diags := CheckCard(&tt.card, DefaultPolicy())
		switch {
		case tt.want == "" && len(diags) > 0:
			t.Errorf("CheckCard(%+v) = %v, want nothing", tt.card, diags)
		case tt.want != "" && !strings.Contains(diags.Error(), tt.want):
			t.Errorf("CheckCard(%+v) = %v, want %q", tt.card, diags, tt.want)
		}
	}
}

func TestSlugAndFreshID(t *testing.T) {
	slugs := []struct {
		in   string
		max  int
		want string
	}{
		{"How many booths were there?", 40, "how-many-booths-were-there"},
		{"Võ Nguyên Giáp, Đà Nẵng", 40, "vo-nguyen-giap-da-nang"},
		{"How many booths were there at the 2024 expo?", 20, "how-many-booths-were"},
		{"Supercalifragilisticexpialidocious", 10, "supercalif"},
		{"!!! ???", 10, ""},
		{"000_21b7.txt", 40, "000-21b7-txt"},
	}
	for _, tt := range slugs {
		if got := Slug(tt.in, tt.max); got != tt.want {
			t.Errorf("Slug(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
	}
	taken := map[string]bool{"a": true, "a-2": true}
	for _, tt := range []struct{ base, want string }{{"a", "a-3"}, {"b", "b"}, {"", "card"}, {"Bad", "card"}} {
		if got := FreshID(tt.base, "card", taken); got != tt.want {
			t.Errorf("FreshID(%q) = %q, want %q", tt.base, got, tt.want)
		}
	}
}

func TestCardIDsOnBrokenDeck(t *testing.T) {
	ids, err := CardIDs([]byte("[deck]\n[[card]]\nid = \"x\"\nkind = \"nope\"\n[[card]]\nid = \"y\"\n"))
	if err != nil || !reflect.DeepEqual(ids, []string{"x", "y"}) {
		t.Errorf("CardIDs = %v, %v", ids, err)
	}
	if _, err := CardIDs([]byte("[deck\n")); err == nil {
		t.Error("CardIDs accepted a file that is not TOML")
	}
}
