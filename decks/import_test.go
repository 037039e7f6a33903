package decks

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func readAuthor(t *testing.T, name string) (string, []byte) {
	t.Helper()
	path := filepath.Join("testdata", "author", name)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return path, data
}

// want is a card expected from an import: kind, front/text, back/explain,
// tags.
type want struct {
	id, kind, front, back string
	tags                  []string
}

func TestImportLayouts(t *testing.T) {
	tests := []struct {
		file  string
		opt   ImportOptions
		title string
		cards []want
	}{
		{
			// Anki 2.1.55+: BOM, CRLF, header lines, guid/notetype/deck
			// columns, HTML, a quoted field with a tab, quotes and a newline,
			// a cloze note.
			file: "anki-notes.txt", title: "Vietnam", // from the #deck column
			cards: []want{
				{"when-was-the-law-on-national-defense", "basic", "When was the Law on National Defense passed?", "2018", []string{"law", "history"}},
				{"the-four-no-s-name-one", "basic", "The \"four no's\"\nname one", "no military alliances\nno foreign bases", []string{"policy"}},
				// In HTML, a tab and a newline are spaces.
				{"a-field-with-a-tab-and-a-quote", "basic", "A field with a tab and a \"quote\"", "two lines", nil},
				{"independence-came-in-1945-a-year-the", "cloze", "Independence came in {{1945::a year}}, the expo in {{2022}}.", "from the article", []string{"cloze"}},
			},
		},
		{
			// Older Anki export: no header, HTML detected in the fields.
			file: "anki-old.txt", title: "anki-old",
			cards: []want{
				{"capital-of-vietnam", "basic", "Capital of Vietnam", "Hà Nội\n(since 1010)", nil},
				{"the-stv-380-is-a", "basic", "The <STV-380> is a", "rifle family", nil},
			},
		},
		{
			// Quizlet, tab between term and definition.
			file: "quizlet-tab.txt", opt: ImportOptions{DeckID: "battles", Title: "Battles"}, title: "Battles",
			cards: []want{
				{"dien-bien-phu", "basic", "Dien Bien Phu", "1954", nil},
				{"geneva-agreement", "basic", "Geneva Agreement", "1954", nil},
				{"reunification", "basic", "Reunification", "1975", nil},
			},
		},
		{
			// Comma separated with a header row, quoted commas and
			// newlines, doubled quotes, CRLF.
			file: "quizlet-comma.csv", title: "quizlet-comma",
			cards: []want{
				{"contracts-2024", "basic", "Contracts, 2024", "16 contracts, about US$286.3 million", nil},
				{"booths", "basic", "Booths", "more than\n300", nil},
				{"z131", "basic", "Z131", "unmanned aerial vehicles (\"UAVs\")", nil},
			},
		},
		{
			// Columns chosen by number: the back as the front.
			file: "quizlet-tab.txt", opt: ImportOptions{Front: 2, Back: 1, Format: "tsv"}, title: "quizlet-tab",
			cards: []want{
				{"1954", "basic", "1954", "Dien Bien Phu", nil},
				{"1954-2", "basic", "1954", "Geneva Agreement", nil},
				{"1975", "basic", "1975", "Reunification", nil},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path, data := readAuthor(t, tt.file)
			d, err := ImportCards(path, data, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if d.Title != tt.title {
				t.Errorf("title %q, want %q", d.Title, tt.title)
			}
			if len(d.Cards) != len(tt.cards) {
				t.Fatalf("%d cards, want %d: %+v", len(d.Cards), len(tt.cards), d.Cards)
			}
			for i, w := range tt.cards {
				c := d.Cards[i]
				front, back := c.Front, c.Back
				if c.Kind == KindCloze {
					front, back = c.Text, c.Explain
				}
				if c.ID != w.id || c.Kind != w.kind || front != w.front || back != w.back || !reflect.DeepEqual(c.Tags, w.tags) {
					t.Errorf("card %d = %q %s %q / %q %q\nwant %q %s %q / %q %q", i, c.ID, c.Kind, front, back, c.Tags,
						w.id, w.kind, w.front, w.back, w.tags)
				}
			}
			// The imported deck is written and loads.
			text, err := FormatDeck(d, "")
			if err != nil {
				t.Fatal(err)
			}
			if back, diags := Parse("x.toml", text); back == nil {
				t.Fatalf("imported deck does not load: %v\n%s", diags, text)
			}
		})
	}
}

func TestImportErrors(t *testing.T) {
	tests := []struct {
		name, file string
		data       string
		opt        ImportOptions
		want       string
	}{
		{"columns", "bad.csv", "front,back\nfirst,one\nsecond,two,three\n", ImportOptions{}, "bad.csv:3:12: wrong number of columns: 3, want 2 as on line 1"},
		{"too few", "bad.csv", "a,b,c\nd,e\n", ImportOptions{}, "bad.csv:2:4: wrong number of columns: 2, want 3"},
		{"format", "x.txt", "a\tb\n", ImportOptions{Format: "xlsx"}, `x.txt: unknown format "xlsx": want csv or tsv`},
		{"bare quote", "q.csv", "a,b\nc,d \"e\" f\n", ImportOptions{}, `q.csv:2:5: a " in an unquoted field`},
		{"open quote", "q.csv", "a,b\nc,\"d\n", ImportOptions{}, `q.csv:2:`},
		{"one column", "one.txt", "alone\n", ImportOptions{Format: "tsv"}, "one.txt:1:1: 1 column: want at least two"},
		{"no separator", "one.txt", "alone\n", ImportOptions{}, "one.txt:1:1: cannot tell how the columns are separated"},
		{"empty back", "e.tsv", "a\tb\nc\t \n", ImportOptions{}, "e.tsv:2:3: the back (column 2) is empty"},
		{"front column", "c.tsv", "a\tb\n", ImportOptions{Front: 3}, "c.tsv:1: --front 3: there are only 2 columns"},
		{"same column", "c.tsv", "a\tb\n", ImportOptions{Front: 2, Back: 2}, "front and back are the same column"},
		{"empty", "e.tsv", "", ImportOptions{}, "e.tsv: no cards"},
		{"header only", "e.csv", "front,back\n", ImportOptions{}, "only a header row"},
		{"bad header", "h.txt", "#separator:wavy\na\tb\n", ImportOptions{}, `h.txt:1:12: unknown separator "wavy"`},
		{"bad tags column", "h.txt", "#tags column:x\na\tb\n", ImportOptions{}, `h.txt:1:14: #tags column must be a column number`},
		{"not utf-8", "l.txt", "a\tb\nc\td\xff\n", ImportOptions{}, "l.txt:2: not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ImportCards(tt.file, []byte(tt.data), tt.opt)
			if err == nil {
				t.Fatalf("no error; got %d cards", len(d.Cards))
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want %q", err, tt.want)
			}
			var ie *ImportError
			if !errors.As(err, &ie) || ie.Path != tt.file {
				t.Errorf("error %T does not name the file %s", err, tt.file)
			}
		})
	}
	// The test data file with a wrong number of columns.
	path, data := readAuthor(t, "bad-columns.csv")
	if _, err := ImportCards(path, data, ImportOptions{}); err == nil || !strings.Contains(err.Error(), "bad-columns.csv:3:12:") {
		t.Errorf("bad-columns.csv: %v", err)
	}
}

func TestHTMLToText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"a<br>b<br/>c<BR />d", "a\nb\nc\nd"},
		{"<div>one</div><div>two</div>", "one\ntwo"},
		{"<b>bold</b> &amp; <i>it</i>&nbsp;x", "bold & it x"},
		{"x &lt;y&gt; &#39;z&#39; &#x1F600;", "x <y> 'z' 😀"},
		{"<script>alert(1)</script>safe<style>p{}</style>", "safe"},
		{"a<!-- hidden -->b", "ab"},
		{"word [sound:voice.mp3]", "word"},
		{"<p>p1</p>\n\n<p>p2</p>", "p1\n\np2"},
		{"spread\nover lines", "spread over lines"},
		{`<img src="x.png">after`, "after"},
	}
	for _, tt := range tests {
		if got := HTMLToText(tt.in); got != tt.want {
			t.Errorf("HTMLToText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestExportImportRoundTrip exports decks as CSV and TSV and imports them
// back: the notes come back as they were written, and basic cards come
// back as the same cards, with their ids.
func TestExportImportRoundTrip(t *testing.T) {
	basic := &Deck{ID: "basics", Title: "Basics, with \"quotes\"", Policy: DefaultPolicy(), Cards: []*Card{
		{ID: "one", Kind: KindBasic, Front: "Capital of Vietnam", Back: "Hà Nội", Tags: []string{"geo", "capital"}},
		{ID: "two", Kind: KindBasic, Front: "A <tag> & \"quotes\", commas", Back: "line one\nline two\ttab"},
		{ID: "three", Kind: KindBasic, Front: "Leading #hash", Back: "=1+1"},
	}}
	for _, c := range basic.Cards {
		c.Policy = DefaultPolicy()
	}
	decks := append([]*Deck{basic}, builtinDecks(t)...)
	for _, d := range decks {
		for _, format := range []string{ExportCSV, ExportTSV} {
			var buf bytes.Buffer
			if err := ExportDeck(&buf, d, format); err != nil {
				t.Fatal(err)
			}
			got, err := ImportCards(d.ID+"."+format, buf.Bytes(), ImportOptions{DeckID: d.ID})
			if err != nil {
				t.Fatalf("%s %s: import of the export: %v\n%s", d.ID, format, err, buf.Bytes())
			}
			if got.Title != d.Title {
				t.Errorf("%s %s: title %q, want %q", d.ID, format, got.Title, d.Title)
			}
			notes := Notes(d)
			if len(got.Cards) != len(notes) {
				t.Fatalf("%s %s: %d cards, want %d", d.ID, format, len(got.Cards), len(notes))
			}
			for i, n := range notes {
				c := got.Cards[i]
				want := strings.ReplaceAll(n.Front, "\t", " ")
				if format == ExportCSV {
					want = n.Front
				}
				kind, front := KindBasic, c.Front
				if n.Type == NoteCloze {
					kind, front = KindCloze, ankiCloze(c.Text)
				}
				if c.Kind != kind || front != want || !reflect.DeepEqual(nilIfEmpty(c.Tags), nilIfEmpty(n.Tags)) {
					t.Errorf("%s %s: card %d = %q %q %q, want %q %q", d.ID, format, i, c.Kind, front, c.Tags, want, n.Tags)
				}
				if c.Reverse != (n.Type == NoteReversed) {
					t.Errorf("%s %s: card %d: reverse = %v for a %s note", d.ID, format, i, c.Reverse, n.Type)
				}
			}
		}
	}
	// The basic deck comes back card for card.
	for _, format := range []string{ExportCSV, ExportTSV} {
		var buf bytes.Buffer
		if err := ExportDeck(&buf, basic, format); err != nil {
			t.Fatal(err)
		}
		got, err := ImportCards("basics."+format, buf.Bytes(), ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if format == ExportTSV {
			// HTML fields hold no tabs: a tab becomes a space.
			basic.Cards[1].Back = "line one\nline two tab"
		}
		sameCards(t, "basics "+format, got, basic)
		basic.Cards[1].Back = "line one\nline two\ttab"
	}
}

func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

func TestExportJSON(t *testing.T) {
	for _, d := range builtinDecks(t) {
		var buf bytes.Buffer
		if err := ExportDeck(&buf, d, ExportJSON); err != nil {
			t.Fatal(err)
		}
		var got JSONDeck
		if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
			t.Fatalf("%s: %v", d.ID, err)
		}
		if got.ID != d.ID || got.Title != d.Title || len(got.Cards) != len(d.Cards) {
			t.Fatalf("%s: JSON deck %q %q with %d cards", d.ID, got.ID, got.Title, len(got.Cards))
		}
		for i, c := range d.Cards {
			jc := got.Cards[i]
			if jc.ID != c.ID || jc.Kind != c.Kind || jc.Prompt != c.Prompt || jc.Front != c.Front ||
				jc.Text != c.Text || !reflect.DeepEqual(nilIfEmpty(jc.Items), nilIfEmpty(c.Items)) {
				t.Errorf("%s: card %s differs in JSON", d.ID, c.ID)
			}
			switch c.Kind {
			case KindNumber:
				if v, ok := jc.Answer.(float64); !ok || v != c.Number {
					t.Errorf("%s/%s: answer %v, want %v", d.ID, c.ID, jc.Answer, c.Number)
				}
			case KindTrueFalse:
				if v, ok := jc.Answer.(bool); !ok || v != c.Truth {
					t.Errorf("%s/%s: answer %v, want %v", d.ID, c.ID, jc.Answer, c.Truth)
				}
			case KindTyped, KindChoice:
				if jc.Answer != c.Answer {
					t.Errorf("%s/%s: answer %v, want %v", d.ID, c.ID, jc.Answer, c.Answer)
				}
			}
		}
	}
	if err := ExportDeck(&bytes.Buffer{}, &Deck{}, "yaml"); err == nil || !strings.Contains(err.Error(), `unknown format "yaml"`) {
		t.Errorf("unknown format: %v", err)
	}
}

func TestExportTOML(t *testing.T) {
	for _, d := range builtinDecks(t) {
		var buf bytes.Buffer
		if err := ExportDeck(&buf, d, ExportTOML); err != nil {
			t.Fatal(err)
		}
		back, diags := Parse("copy.toml", buf.Bytes())
		if back == nil || back.ID != d.ID {
			t.Fatalf("%s: TOML export does not load as the same deck: %v", d.ID, diags)
		}
		sameCards(t, d.ID, back, d)
	}
}

// FuzzImport feeds arbitrary files to the importer: it never panics, and
// what it accepts has valid, unique ids and non-empty fields, and writes
// out as a TOML file from which the same ids read back.
func FuzzImport(f *testing.F) {
	for _, name := range []string{"anki-notes.txt", "anki-old.txt", "quizlet-tab.txt", "quizlet-comma.csv", "bad-columns.csv"} {
		data, err := os.ReadFile(filepath.Join("testdata", "author", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(name, data, "")
	}
	f.Add("x.csv", []byte("\"a\nb\",\"c\"\"d\"\n"), "csv")
	f.Add("x.txt", []byte("#separator:Pipe\n#html:true\na|<b>b</b>\n"), "")
	f.Add("x.txt", []byte("#separator:tab\n{{c1::x}}\tb\n"), "tsv")
	f.Fuzz(func(t *testing.T, name string, data []byte, format string) {
		d, err := ImportCards(name, data, ImportOptions{Format: format})
		if err != nil {
			var ie *ImportError
			if !errors.As(err, &ie) {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		seen := map[string]bool{}
		var ids []string
		for _, c := range d.Cards {
			if !ValidID(c.ID) || seen[c.ID] {
				t.Fatalf("bad or repeated id %q", c.ID)
			}
			seen[c.ID] = true
			ids = append(ids, c.ID)
			if c.Kind == KindBasic && (c.Front == "" || c.Back == "") {
				t.Fatalf("card %q has an empty side", c.ID)
			}
		}
		out, err := FormatDeck(d, "")
		if err != nil {
			t.Fatal(err)
		}
		got, err := CardIDs(out)
		if err != nil || !reflect.DeepEqual(got, ids) {
			t.Fatalf("written deck reads back ids %v (%v), want %v\n%s", got, err, ids, out)
		}
	})
}

// TestImportAnkiNoteTypesAndGUIDs: Anki's reversed note type gives
// reverse = true, the guids are kept, and an export writes them back with
// the note types, so that Anki updates its notes on the way back.
func TestImportAnkiNoteTypesAndGUIDs(t *testing.T) {
	path, data := readAuthor(t, "anki-notes.txt")
	d, err := ImportCards(path, data, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	check := func(what string, d *Deck) {
		t.Helper()
		var guids []string
		var reversed []bool
		for _, c := range d.Cards {
			guids = append(guids, c.GUID)
			reversed = append(reversed, c.Reverse)
		}
		if want := []string{"Ab1$x", "Cd2%y", "Ef3^z", "Gh4&w"}; !reflect.DeepEqual(guids, want) {
			t.Errorf("%s: guids %q, want %q", what, guids, want)
		}
		if want := []bool{false, true, false, false}; !reflect.DeepEqual(reversed, want) {
			t.Errorf("%s: reverse %v, want %v", what, reversed, want)
		}
		if d.Title != "Vietnam" {
			t.Errorf("%s: title %q, want the Anki deck's name", what, d.Title)
		}
	}
	check("import", d)
	text, err := FormatDeck(d, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	back, diags := Parse(d.ID+".toml", text)
	if back == nil || len(diags) > 0 {
		t.Fatalf("the imported deck does not load cleanly: %v\n%s", diags, text)
	}
	if !strings.Contains(string(text), "guid = \"Cd2%y\"\n") || !strings.Contains(string(text), "reverse = true\n") {
		t.Errorf("the deck file lacks the guid or the reverse:\n%s", text)
	}
	check("deck file", back)
	for _, format := range []string{ExportTSV, ExportCSV} {
		var buf bytes.Buffer
		if err := ExportDeck(&buf, back, format); err != nil {
			t.Fatal(err)
		}
		for _, line := range []string{"#guid column:1", "#notetype column:2", "#deck:Vietnam",
			"Cd2%y" + map[string]string{ExportTSV: "\t", ExportCSV: ","}[format] + "Basic (and reversed card)",
			"Gh4&w" + map[string]string{ExportTSV: "\t", ExportCSV: ","}[format] + "Cloze"} {
			if !strings.Contains(buf.String(), line) {
				t.Errorf("%s export lacks %q:\n%s", format, line, buf.String())
			}
		}
		again, err := ImportCards("again."+format, buf.Bytes(), ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		check(format+" round trip", again)
		if again.Cards[3].Text != d.Cards[3].Text {
			t.Errorf("%s: cloze %q, want %q", format, again.Cards[3].Text, d.Cards[3].Text)
		}
	}
}
