package builtin

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/ontap/ontap/decks"
	"github.com/ontap/ontap/decks/sharedtest"
)

// paraphraseTag marks a card whose answer cannot be found word for word in
// its article (a true/false statement, paraphrased items). The fact check
// reports such cards as skipped.
const paraphraseTag = "paraphrase"

// maxParaphrased caps how many cards may escape the mechanical fact check.
const maxParaphrased = 15

// articleFiles maps the ids of the decks' [[source]] tables to the
// article each names, in articlesDir.
var articleFiles = map[string]string{
	"defense-industry-2022": "000_21b73696327cf8b5.txt",
	"expo-2024":             "001_49fbc1fc7f60dc31.txt",
	"industry-4-0":          "002_6f57695c3448fb33.txt",
	"defense-relations":     "003_e5edb1c4cc59897f.txt",
	"army-foreign-affairs":  "004_1919258de74e9322.txt",
}

// articleNameRE matches an article's file name.
var articleNameRE = regexp.MustCompile(`\b\d{3}_[0-9a-f]{16}\.txt\b`)

func mustDecks(t *testing.T) []*decks.Deck {
	t.Helper()
	ds, err := Decks()
	if err != nil {
		t.Fatalf("Decks: %v", err)
	}
	return ds
}

// loadArticles reads every article, or skips the test when the shared
// reference material is not there.
func loadArticles(t *testing.T) map[string]string {
	t.Helper()
	articlesDir := sharedtest.Path(t, "articles")
	entries, err := os.ReadDir(articlesDir)
	if err != nil {
		t.Fatalf("reading articles: %v", err)
	}
	arts := map[string]string{}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".txt") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(articlesDir, e.Name()))
		if err != nil {
			t.Fatalf("reading article: %v", err)
		}
		arts[e.Name()] = string(b)
	}
	if len(arts) == 0 {
		t.Skipf("article checks skipped: no articles in %s", articlesDir)
	}
	return arts
}

func TestDecksParseWithoutDiagnostics(t *testing.T) {
	names := Names()
	if len(names) < 5 {
		t.Fatalf("Names() = %v, want at least the five decks", names)
	}
	for _, name := range names {
		data, err := fs.ReadFile(FS(), name)
		if err != nil {
			t.Fatalf("FS: %v", err)
		}
		d, diags := decks.Parse(PathPrefix+name, data)
		for _, dg := range diags {
			t.Errorf("%s", dg) // warnings count too: the built-in decks are lint clean
		}
		if d == nil {
			t.Errorf("%s: no deck", name)
		}
	}
}

func TestLintClean(t *testing.T) {
	// The same files on disk, through the lint path (which also checks
	// that deck ids are unique across files).
	diags, err := decks.Lint([]string{"."})
	if err != nil {
		t.Fatalf("Lint: %v", err)
	}
	for _, dg := range diags {
		t.Errorf("%s", dg)
	}
}

func TestDecks(t *testing.T) {
	ds := mustDecks(t)
	want := []string{"diplomacy", "expos", "four-nos", "industry40", "timeline"}
	var got []string
	for _, d := range ds {
		got = append(got, d.ID)
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("deck ids = %v, want %v", got, want)
	}
	for _, d := range ds {
		if d.Path != PathPrefix+d.ID+".toml" {
			t.Errorf("deck %s: Path = %q, want %q", d.ID, d.Path, PathPrefix+d.ID+".toml")
		}
		if !d.Builtin {
			t.Errorf("deck %s: Builtin is false", d.ID)
		}
		if d.Title == "" || d.Description == "" || len(d.Sources) == 0 || len(d.Tags) == 0 {
			t.Errorf("deck %s: the deck needs a title, a description, tags and [[source]] tables", d.ID)
		}
		if len(d.Cards) < 15 {
			t.Errorf("deck %s: only %d cards", d.ID, len(d.Cards))
		}
	}
}

func TestCardCountAndKinds(t *testing.T) {
	total := 0
	kinds := map[string]int{}
	for _, d := range mustDecks(t) {
		total += len(d.Cards)
		for _, c := range d.Cards {
			kinds[c.Kind]++
		}
	}
	t.Logf("%d cards; by kind: %v", total, kinds)
	if total < 120 {
		t.Errorf("%d cards in all, want at least 120", total)
	}
	for _, k := range decks.Kinds {
		if kinds[k] == 0 {
			t.Errorf("no card of kind %q", k)
		}
	}
}

func TestCardsHaveSourceAndExplain(t *testing.T) {
	for _, d := range mustDecks(t) {
		for _, c := range d.Cards {
			if d.FindSource(c.Source) == nil {
				t.Errorf("%s/%s: source %q is not one of the deck's [[source]] tables", d.ID, c.ID, c.Source)
			}
			if c.Explain == "" {
				t.Errorf("%s/%s: no explain", d.ID, c.ID)
			}
		}
	}
}

func TestYearsHaveNoTolerance(t *testing.T) {
	for _, d := range mustDecks(t) {
		for _, c := range d.Cards {
			isYear := c.Kind == decks.KindNumber && c.Unit == "" &&
				c.Number >= 1900 && c.Number <= 2100 && c.Number == float64(int(c.Number))
			if isYear && c.Tolerance != 0 {
				t.Errorf("%s/%s: a year with tolerance %v", d.ID, c.ID, c.Tolerance)
			}
		}
	}
}

func TestGroupChoicesHaveDistractors(t *testing.T) {
	n := 0
	for _, d := range mustDecks(t) {
		for _, it := range d.Items() {
			if it.Kind != decks.KindChoice || len(it.Card.Choices) > 0 {
				continue
			}
			n++
			if len(it.Choices) != 4 {
				t.Errorf("%s: group %q gives options %q, want the answer and 3 distractors", it.Key(), it.Card.Group, it.Choices)
			}
			for _, o := range it.Choices[1:] {
				if strings.EqualFold(o, it.Answer) {
					t.Errorf("%s: distractor %q is the answer", it.Key(), o)
				}
			}
		}
	}
	if n == 0 {
		t.Error("no choice card draws its options from a group")
	}
}

func TestLoad(t *testing.T) {
	d, err := Load("four-nos")
	if err != nil || d.ID != "four-nos" || !d.Builtin {
		t.Fatalf("Load(four-nos) = %v, %v", d, err)
	}
	d, err = Load("builtin:timeline.toml")
	if err != nil || d.ID != "timeline" {
		t.Fatalf("Load(builtin:timeline.toml) = %v, %v", d, err)
	}
	for _, bad := range []string{"nope", "", "../builtin/four-nos", "sub/four-nos.toml"} {
		if d, err := Load(bad); err == nil {
			t.Errorf("Load(%q) = %v, want an error", bad, d.ID)
		}
	}
}

func TestSourcesNameExistingArticles(t *testing.T) {
	arts := loadArticles(t)
	used := map[string]bool{}
	titles := map[string]string{}
	for _, d := range mustDecks(t) {
		for _, s := range d.Sources {
			name, ok := articleFiles[s.ID]
			if _, exists := arts[name]; !ok || !exists {
				t.Errorf("deck %s: source %q names no article (articleFiles: %q)", d.ID, s.ID, name)
			}
			// What the learner sees is a title, the same in every deck,
			// never a file name.
			if articleNameRE.MatchString(s.Label()) {
				t.Errorf("deck %s: source %q shows a file name: %q", d.ID, s.ID, s.Label())
			}
			if old, ok := titles[s.ID]; ok && old != s.Label() {
				t.Errorf("deck %s: source %q is %q here and %q elsewhere", d.ID, s.ID, s.Label(), old)
			}
			titles[s.ID] = s.Label()
		}
		for _, c := range d.Cards {
			used[articleFiles[c.Source]] = true
		}
	}
	for name := range arts {
		if !used[name] {
			t.Errorf("no card comes from article %s", name)
		}
	}
}

// TestFactsInArticles checks every answer against the article its card
// cites, so that no answer can drift from its source: numbers in one of
// their written forms, text answers word for word (ignoring case,
// whitespace and the style of quotes). Cards tagged "paraphrase" are
// reported as skipped.
func TestFactsInArticles(t *testing.T) {
	arts := loadArticles(t)
	norm := map[string]string{}
	for name, text := range arts {
		norm[name] = normText(text)
	}
	paraphrased := 0
	for _, d := range mustDecks(t) {
		for _, c := range d.Cards {
			t.Run(d.ID+"/"+c.ID, func(t *testing.T) {
				if hasTag(c, paraphraseTag) {
					paraphrased++
					t.Skipf("tagged %q: %s card checked by hand", paraphraseTag, c.Kind)
				}
				cited, ok := norm[articleFiles[c.Source]]
				if !ok {
					t.Fatalf("source %q names no existing article", c.Source)
				}
				if c.Kind == decks.KindNumber {
					if !containsNumber(cited, c.Number) {
						t.Errorf("number %s (forms %q) is not in the cited article", decks.FormatNumber(c.Number), numberForms(c.Number))
					}
					return
				}
				answers := cardAnswers(c)
				if len(answers) == 0 {
					t.Fatalf("%s card: nothing to check; tag it %q if it cannot be checked", c.Kind, paraphraseTag)
				}
				for _, a := range answers {
					if !strings.Contains(cited, normText(a)) {
						t.Errorf("answer %q is not in the cited article", a)
					}
				}
			})
		}
	}
	t.Logf("%d cards tagged %q skipped", paraphrased, paraphraseTag)
	if paraphrased > maxParaphrased {
		t.Errorf("%d cards escape the fact check, keep it to %d", paraphrased, maxParaphrased)
	}
}

// cardAnswers returns what a card expects the learner to give, each of
// which must be in the article: nil for kinds that cannot be checked.
func cardAnswers(c *decks.Card) []string {
	switch c.Kind {
	case decks.KindBasic:
		return []string{c.Back}
	case decks.KindTyped, decks.KindChoice:
		return []string{c.Answer}
	case decks.KindCloze:
		a, _ := decks.ClozeDeletions(c.Text)
		return a
	case decks.KindMulti:
		return c.Answers
	case decks.KindList, decks.KindOrder:
		return c.Items
	}
	return nil
}

func hasTag(c *decks.Card, tag string) bool {
	for _, t := range c.Tags {
		if t == tag {
			return true
		}
	}
	return false
}

// quoteReplacer turns typographic quotes into plain ones.
var quoteReplacer = strings.NewReplacer("\u2018", "'", "\u2019", "'", "\u201c", `"`, "\u201d", `"`)

// normText lower-cases s, makes its quotes plain and collapses runs of
// whitespace to one space.
func normText(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(quoteReplacer.Replace(s)), " "))
}

var smallNumbers = []string{"zero", "one", "two", "three", "four", "five", "six", "seven",
	"eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
	"seventeen", "eighteen", "nineteen", "twenty"}

// numberForms returns the usual written forms of v: as the deck writes it
// (286.3, 1954), with thousands separators (1,954), as a word for small
// whole numbers (three), as an ordinal (14th). "80 percent" and "80%"
// are found through the plain form.
func numberForms(v float64) []string {
	forms := []string{decks.FormatNumber(v)}
	if v != float64(int64(v)) || v < 0 {
		return forms
	}
	n := int64(v)
	if n >= 1000 {
		forms = append(forms, groupThousands(n))
	}
	if n < int64(len(smallNumbers)) {
		forms = append(forms, smallNumbers[n])
	}
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return append(forms, strconv.FormatInt(n, 10)+suffix)
}

// groupThousands writes n with commas between groups of three digits.
func groupThousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// containsNumber reports whether text (lower case) holds v in one of its
// written forms as a whole number: not part of a longer number or word
// (16 is not in "016" or "160", 286 is not in "286.3", 1954 is not in
// "1,954" unless written so).
func containsNumber(text string, v float64) bool {
	for _, f := range numberForms(v) {
		for off := 0; ; {
			i := strings.Index(text[off:], f)
			if i < 0 {
				break
			}
			start, end := off+i, off+i+len(f)
			off = start + 1
			if start > 0 {
				b := rune(text[start-1])
				if isAlnum(b) || ((b == '.' || b == ',') && start > 1 && isDigit(rune(text[start-2]))) {
					continue
				}
			}
			if end < len(text) {
				a := rune(text[end])
				if isAlnum(a) {
					continue
				}
				if (a == '.' || a == ',') && end+1 < len(text) && isDigit(rune(text[end+1])) {
					continue
				}
			}
			return true
		}
	}
	return false
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }
func isAlnum(r rune) bool { return isDigit(r) || unicode.IsLetter(r) || r >= 0x80 }

func TestNumberForms(t *testing.T) {
	tests := []struct {
		v    float64
		want []string
	}{
		{1954, []string{"1954", "1,954", "1954th"}},
		{286.3, []string{"286.3"}},
		{3, []string{"3", "three", "3rd"}},
		{14, []string{"14", "fourteen", "14th"}},
		{11, []string{"11", "eleven", "11th"}},
		{22, []string{"22", "22nd"}},
		{1234567, []string{"1234567", "1,234,567", "1234567th"}},
	}
	for _, tt := range tests {
		if got := numberForms(tt.v); strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("numberForms(%v) = %q, want %q", tt.v, got, tt.want)
		}
	}
}

func TestContainsNumber(t *testing.T) {
	tests := []struct {
		text string
		v    float64
		want bool
	}{
		{"more than 300 booths", 300, true},
		{"about us$286.3 million", 286.3, true},
		{"about us$286.3 million", 286, false},
		{"about us$286.35 million", 286.3, false},
		{"80 percent of the weapons", 80, true},
		{"80% of the weapons", 80, true},
		{"in 1954, dien bien phu", 1954, true},
		{"in 1,954 cases", 1954, true},
		{"in 1955", 1954, false},
		{"frigate 016 - quang trung", 16, false},
		{"160 booths", 16, false},
		{"the 14th air division", 14, true},
		{"in 3 main areas", 3, true},
		{"three main areas", 3, true},
		{"threefold", 3, false},
		{"z131 uavs", 131, false},
		{"version 2.16", 16, false},
		{"", 1, false},
		{"16", 16, true},
	}
	for _, tt := range tests {
		if got := containsNumber(tt.text, tt.v); got != tt.want {
			t.Errorf("containsNumber(%q, %v) = %v, want %v", tt.text, tt.v, got, tt.want)
		}
	}
}

func TestNormText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ASEAN Defense Ministers\u2019 Meeting", "asean defense ministers' meeting"},
		{"  the \u201cfour no's\u201d\n policy ", `the "four no's" policy`},
		{"Hero\tof  the", "hero of the"},
	}
	for _, tt := range tests {
		if got := normText(tt.in); got != tt.want {
			t.Errorf("normText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCardAnswers(t *testing.T) {
	tests := []struct {
		c    decks.Card
		want []string
	}{
		{decks.Card{Kind: decks.KindBasic, Front: "IoT", Back: "Internet of Things"}, []string{"Internet of Things"}},
		{decks.Card{Kind: decks.KindTyped, Answer: "Kunming"}, []string{"Kunming"}},
		{decks.Card{Kind: decks.KindCloze, Text: "a {{b}} c {{d::hint}}"}, []string{"b", "d"}},
		{decks.Card{Kind: decks.KindMulti, Choices: []string{"x", "y"}, Answers: []string{"y"}}, []string{"y"}},
		{decks.Card{Kind: decks.KindOrder, Items: []string{"p", "q"}}, []string{"p", "q"}},
		{decks.Card{Kind: decks.KindTrueFalse, Truth: true}, nil},
	}
	for _, tt := range tests {
		if got := cardAnswers(&tt.c); strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("cardAnswers(%s) = %q, want %q", tt.c.Kind, got, tt.want)
		}
	}
}
