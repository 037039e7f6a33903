package decks

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ontap/ontap/decks/sharedtest"
)

func TestSentences(t *testing.T) {
	text := "Industry 4.0 in Vietnam\n\n date 2024-12-23 The expo opened.  It had 300 booths!\u00a0\u00a0Did it?\n" +
		"U.S. Ambassador Marc E. Knapper spoke. Talks with the U.S. went well... and on.\n" +
		"Translated by Someone\nHe said “We will.” Then he left.\r\n"
	got, headline := Sentences(text)
	want := []Sentence{
		{"The expo opened.", 3}, {"It had 300 booths!", 3}, {"Did it?", 3},
		{"U.S. Ambassador Marc E. Knapper spoke.", 4}, {"Talks with the U.S. went well... and on.", 4},
		{"He said “We will.”", 6}, {"Then he left.", 6},
	}
	if headline != "Industry 4.0 in Vietnam" {
		t.Errorf("headline %q", headline)
	}
	if !slices.Equal(got, want) {
		t.Errorf("Sentences:\n got %+v\nwant %+v", got, want)
	}
}

// numberCard finds a number card with this value and unit.
func numberCard(d *Deck, v float64, unit string) *Card {
	for _, c := range d.Cards {
		if c.Kind == KindNumber && c.Number == v && c.Unit == unit {
			return c
		}
	}
	return nil
}

func clozeAnswers(d *Deck) []string {
	var out []string
	for _, c := range d.Cards {
		if c.Kind == KindCloze {
			a, _ := ClozeDeletions(c.Text)
			out = append(out, a...)
		}
	}
	return out
}

func TestGenerateFinds(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		numbers []Card   // Number and Unit of number cards expected
		not     []Card   // number cards that must not be made
		names   []string // cloze deletions expected
		noNames []string // cloze deletions that must not be made
	}{
		{
			name:    "years",
			text:    "The party was founded in 1930. In December 1947, the committee was set up. The new 2018 Law on National Defense was passed.",
			numbers: []Card{{Number: 1930}, {Number: 1947}, {Number: 2018}},
		},
		{
			name:    "not years",
			text:    "He visited the Vietnam International Defense Expo 2022 with friends. The date was 2024-12-23 in the record. It cost US$2020 million in total.",
			not:     []Card{{Number: 2022}, {Number: 2024}, {Number: 2020}},
			numbers: []Card{{Number: 2020, Unit: "US$ million"}},
		},
		{
			name: "figures",
			text: "They signed 16 contracts with a total value of about US$286.3 million and 17 strategic cooperation agreements with partners. " +
				"In the past decade, 80 percent of the weapons came from domestic research. Sales rose 12.5% last year. The fund holds 3,500 million VND in reserve.",
			numbers: []Card{{Number: 16, Unit: "contracts"}, {Number: 286.3, Unit: "US$ million"},
				{Number: 17, Unit: "strategic cooperation agreements"}, {Number: 80, Unit: "percent"},
				{Number: 12.5, Unit: "percent"}, {Number: 3500, Unit: "VND million"}},
		},
		{
			name:    "not counts",
			text:    "The STV-380 replaced the AK-47 rifle in service. Frigate 016 sailed to the port. The 14th Air Division helped them. Industry 4.0 will change 3 main areas of life.",
			not:     []Card{{Number: 380}, {Number: 47}, {Number: 16}, {Number: 14}, {Number: 4}},
			numbers: []Card{{Number: 3, Unit: "main areas"}},
		},
		{
			name: "names",
			text: "Senior Lieutenant General Nguyen Tan Cuong visited the booth of the General Department of Defense Industry. " +
				"Uncle Ho went to Kunming to meet General Claire Lee Chennault, asking for weapons. " +
				"The Army proposed the policy of \"four no's\" in those years. They were called the “Buddhist army” by the people.",
			names:   []string{"Nguyen Tan Cuong", "General Department of Defense Industry", "Claire Lee Chennault", "four no's", "Buddhist army"},
			noNames: []string{"Senior Lieutenant General Nguyen Tan Cuong", "General", "The Army"},
		},
		{
			name: "name boundaries",
			text: "U.S. Ambassador to Vietnam Marc E. Knapper affirmed that the cooperation matters. " +
				"The Vietnam-Japan Defense Equipment and Industry Cooperation Workshop marked a step forward. " +
				"The alliance with Laos and Cambodia grew in those years. Units of Viettel Group signed contracts worth US$286.3 million.",
			names:   []string{"Marc E. Knapper", "Vietnam-Japan Defense Equipment and Industry Cooperation Workshop", "Laos", "Cambodia"},
			noNames: []string{"Vietnam Marc E. Knapper", "Vietnam-Japan Defense Equipment", "Industry Cooperation Workshop", "Laos and Cambodia", "US"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Generate("article.txt", tt.text, GenerateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			checkDraft(t, d, tt.text)
			for _, w := range tt.numbers {
				if numberCard(d, w.Number, w.Unit) == nil {
					t.Errorf("no number card %v %q", w.Number, w.Unit)
				}
			}
			for _, w := range tt.not {
				if c := numberCard(d, w.Number, ""); c != nil {
					t.Errorf("unexpected number card %v: %s", w.Number, c.Prompt)
				}
			}
			names := clozeAnswers(d)
			for _, n := range tt.names {
				if !slices.Contains(names, n) {
					t.Errorf("no cloze deletion %q in %q", n, names)
				}
			}
			for _, n := range tt.noNames {
				if slices.Contains(names, n) {
					t.Errorf("unexpected cloze deletion %q", n)
				}
			}
		})
	}
	if _, err := Generate("empty.txt", "nothing to see here.", GenerateOptions{}); err == nil || !strings.Contains(err.Error(), "empty.txt: found no") {
		t.Errorf("Generate on text without facts: %v", err)
	}
	if _, err := Generate("a.txt", "Born in 1945.", GenerateOptions{DeckID: "Bad Id"}); err == nil {
		t.Error("Generate accepted an invalid deck id")
	}
}

// checkDraft checks what every draft must be: it writes and loads without
// a single diagnostic, every card cites the article's [[source]], a number
// card explains itself with a sentence of the text, and no number card
// shows its answer in its prompt.
func checkDraft(t *testing.T, d *Deck, text string) {
	t.Helper()
	data, err := FormatDeck(d, "")
	if err != nil {
		t.Fatal(err)
	}
	back, diags := Parse("draft.toml", data)
	if back == nil || len(diags) > 0 {
		t.Fatalf("the draft does not lint clean: %v", diags)
	}
	flat := strings.Join(strings.Fields(text), " ")
	if len(d.Sources) != 1 || !d.Draft {
		t.Fatalf("a draft has one [[source]] and is marked: %+v, draft %v", d.Sources, d.Draft)
	}
	for _, c := range d.Cards {
		if c.Source != d.Sources[0].ID {
			t.Errorf("card %s: source %q, want the article's %q", c.ID, c.Source, d.Sources[0].ID)
		}
		if c.Kind == KindNumber && (c.Explain == "" || !strings.Contains(flat, c.Explain)) {
			t.Errorf("card %s: explain %q is not a sentence of the text", c.ID, c.Explain)
		}
		if c.Kind == KindNumber && containsWord(c.Prompt, FormatNumber(c.Number)) {
			t.Errorf("card %s: answer %v in the prompt %q", c.ID, c.Number, c.Prompt)
		}
		if c.Kind == KindNumber && !strings.Contains(c.Prompt, Blank) {
			t.Errorf("card %s: no blank in %q", c.ID, c.Prompt)
		}
	}
	if len(back.Items()) < len(back.Cards) {
		t.Errorf("the draft has fewer items than cards")
	}
}

// TestGenerateArticles drafts a deck from each of the five articles the
// built-in decks come from, and checks the facts it must find.
func TestGenerateArticles(t *testing.T) {
	dir := sharedtest.Path(t, "articles")
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	if len(files) != 5 {
		t.Fatalf("%d articles in %s, want 5", len(files), dir)
	}
	all := &Deck{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d, err := Generate(f, string(data), GenerateOptions{})
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		checkDraft(t, d, string(data))
		base := filepath.Base(f)
		if l := d.Sources[0].Label(); strings.Contains(l, ".txt") || l == "" {
			t.Errorf("%s: the source shows as %q, not as a title", base, l)
		}
		if strings.Contains(d.Title, strings.TrimSuffix(base, ".txt")) {
			t.Errorf("%s: the deck's title %q is a file name", base, d.Title)
		}
		if base == "001_49fbc1fc7f60dc31.txt" && d.Sources[0].Date != "2024-12-23" {
			t.Errorf("%s: source date %q, want the article's 2024-12-23", base, d.Sources[0].Date)
		}
		if base == "002_6f57695c3448fb33.txt" && d.Sources[0].Title != "Industry 4.0 in Vietnam" {
			t.Errorf("%s: source title %q, want the headline", base, d.Sources[0].Title)
		}
		t.Logf("%s: %d cards", base, len(d.Cards))
		all.Cards = append(all.Cards, d.Cards...)
	}
	// The contracts and their value at the 2024 expo.
	for _, w := range []Card{{Number: 16, Unit: "contracts"}, {Number: 286.3, Unit: "US$ million"},
		{Number: 17, Unit: "strategic cooperation agreements"}, {Number: 300, Unit: "booths"},
		{Number: 80, Unit: "percent"}} {
		c := numberCard(all, w.Number, w.Unit)
		if c == nil {
			t.Errorf("no card for %v %s", w.Number, w.Unit)
			continue
		}
		if w.Number == 80 && !strings.Contains(c.Explain, "domestic scientists' research") {
			t.Errorf("the 80 percent card is about something else: %s", c.Explain)
		}
		if w.Number == 16 && !strings.Contains(c.Explain, "Exhibition 2024") {
			t.Errorf("the contracts card is about something else: %s", c.Explain)
		}
	}
	// The years of the campaigns and of independence.
	for _, y := range []float64{1945, 1947, 1949, 1950, 1951, 1953, 1954, 1959, 1975, 2018} {
		if numberCard(all, y, "") == nil {
			t.Errorf("no card for the year %v", y)
		}
	}
	// People, organisations and quoted phrases.
	names := clozeAnswers(all)
	for _, n := range []string{"Vo Nguyen Giap", "Nguyen Tan Cuong", "General Department of Defense Industry",
		"Border Campaign", "Dien Bien Phu Campaign", "Viettel Group", "four no's", "an early manner and from afar",
		"Kunming", "Claire Lee Chennault", "Marc E. Knapper", "Vietnam-Japan Defense Equipment and Industry Cooperation Workshop"} {
		if !slices.Contains(names, n) {
			t.Errorf("no cloze deletion %q", n)
		}
	}
	for _, n := range []string{"Vietnam Marc E. Knapper", "Vietnam-Japan Defense Equipment", "Industry Cooperation Workshop"} {
		if slices.Contains(names, n) {
			t.Errorf("a cloze deletion %q: a name cut at the wrong place", n)
		}
	}
	// Years that are part of names are not asked as years.
	for _, c := range all.Cards {
		if c.Kind == KindNumber && c.Number == 2022 {
			t.Errorf("a year card for the name of the 2022 expo: %s", c.Prompt)
		}
	}
}
