package decks

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"strings"
)

// Export formats, for ExportDeck.
const (
	ExportCSV  = "csv"  // Anki-importable CSV: plain text fields
	ExportTSV  = "tsv"  // Anki "Notes in Plain Text": tab separated, HTML fields
	ExportJSON = "json" // the deck and its cards, for scripts
	ExportTOML = "toml" // the deck format itself
)

// ExportFormats lists the formats ExportDeck writes.
var ExportFormats = []string{ExportCSV, ExportTSV, ExportJSON, ExportTOML}

// ExportDeck writes deck d in format (one of ExportFormats) to w.
//
// CSV and TSV are notes that Anki imports (guid, note type, two fields and
// tags), with Anki's header lines: the separator, whether fields are HTML
// (TSV: yes, CSV: no), the deck's title as the Anki deck, and the columns.
// The guid is the card's own (kept from an Anki import) or "ontap:DECK/ITEM",
// so that importing a newer export updates the notes instead of
// duplicating them. A basic card is one note, of the type "Basic" or, with
// reverse = true, "Basic (and reversed card)"; a cloze card is one "Cloze"
// note (deletions numbered c1, c2... as its items are, explain in Back
// Extra); every other card gives one Basic note per item, the question as
// asked (with its choices) on the front and the answer on the back.
// ImportCards reads these files back.
//
// JSON is one object: the deck's keys and its cards with the keys of the
// deck format. TOML is the deck format, as FormatDeck writes it.
func ExportDeck(w io.Writer, d *Deck, format string) error {
	switch format {
	case ExportCSV, ExportTSV:
		return exportNotes(w, d, format)
	case ExportJSON:
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(DeckJSON(d))
	case ExportTOML:
		data, err := FormatDeck(d, "")
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	}
	return fmt.Errorf("unknown format %q: want one of %s", format, strings.Join(ExportFormats, ", "))
}

// Anki note types an export writes and an import reads.
const (
	NoteBasic    = "Basic"
	NoteReversed = "Basic (and reversed card)"
	NoteCloze    = "Cloze"
)

// Note is one Anki note of a CSV or TSV export: Front and Back are the
// note's two fields (for a Cloze note, Text and Back Extra).
type Note struct {
	GUID, Type, Front, Back string
	Tags                    []string
	Items                   []string // the ids of the items the note asks
}

// Notes turns a deck into the notes ExportDeck writes, as plain text.
func Notes(d *Deck) []Note {
	var notes []Note
	for _, c := range d.Cards {
		tags := make([]string, len(c.Tags))
		for i, t := range c.Tags {
			tags[i] = strings.Join(strings.Fields(t), "_") // Anki tags cannot hold spaces
		}
		guid := c.GUID
		if guid == "" {
			guid = "ontap:" + d.ID + "/" + c.ID
		}
		switch c.Kind {
		case KindBasic:
			typ := NoteBasic
			if c.Reverse {
				typ = NoteReversed
			}
			items := []string{c.ID}
			if c.Reverse {
				items = append(items, c.ID+":reverse")
			}
			notes = append(notes, Note{GUID: guid, Type: typ, Front: c.Front, Back: c.Back, Tags: tags, Items: items})
			continue
		case KindCloze:
			var items []string
			for _, it := range d.cardItems(c) {
				items = append(items, it.ID)
			}
			notes = append(notes, Note{GUID: guid, Type: NoteCloze, Front: ankiCloze(c.Text), Back: c.Explain, Tags: tags, Items: items})
			continue
		}
		cardItems := d.cardItems(c)
		for _, it := range cardItems {
			front := it.Prompt
			switch {
			case len(it.Choices) > 0:
				front += "\n\n" + strings.Join(it.Choices, "\n")
			case c.Kind == KindOrder:
				front += "\n\n" + strings.Join(it.Items, "\n")
			case c.Kind == KindTrueFalse:
				front += "\n\n(true or false?)"
			}
			back := it.Answer
			if c.Kind == KindNumber && c.Unit != "" {
				back += " " + c.Unit
			}
			if c.Explain != "" {
				back += "\n\n" + c.Explain
			}
			g := "ontap:" + d.ID + "/" + it.ID
			switch {
			case c.GUID != "" && len(cardItems) == 1:
				g = c.GUID
			case c.GUID != "":
				g = c.GUID + "/" + strings.TrimPrefix(it.ID, c.ID+":")
			}
			notes = append(notes, Note{GUID: g, Type: NoteBasic, Front: front, Back: back, Tags: tags, Items: []string{it.ID}})
		}
	}
	return notes
}

// ankiCloze numbers the deletions of a cloze text as Anki writes them:
// "{{a::hint}} {{b}}" is "{{c1::a::hint}} {{c2::b}}".
func ankiCloze(text string) string {
	n := 0
	return clozeRE().ReplaceAllStringFunc(text, func(m string) string {
		n++
		return fmt.Sprintf("{{c%d::%s", n, m[2:])
	})
}

func exportNotes(w io.Writer, d *Deck, format string) error {
	sep, isHTML := "comma", "false"
	if format == ExportTSV {
		sep, isHTML = "tab", "true"
	}
	title := strings.Join(strings.Fields(d.Title), " ")
	if _, err := fmt.Fprintf(w, "#separator:%s\n#html:%s\n#deck:%s\n#guid column:1\n#notetype column:2\n#tags column:5\n",
		sep, isHTML, title); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if format == ExportTSV {
		cw.Comma = '\t'
	}
	field := func(s string) string {
		if format == ExportTSV {
			return textToHTML(s)
		}
		return s
	}
	for _, n := range Notes(d) {
		if err := cw.Write([]string{n.GUID, n.Type, field(n.Front), field(n.Back), strings.Join(n.Tags, " ")}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// textToHTML escapes plain text for an HTML field: &, <, > and quotes as
// entities, newlines as <br>, tabs as spaces.
func textToHTML(s string) string {
	s = html.EscapeString(s)
	s = strings.ReplaceAll(s, "\t", " ")
	return strings.ReplaceAll(s, "\n", "<br>")
}

// JSONDeck is a deck as ExportDeck writes it in JSON: the keys of the deck
// format.
type JSONDeck struct {
	ID            string     `json:"id"`
	Title         string     `json:"title"`
	Description   string     `json:"description,omitempty"`
	Source        string     `json:"source,omitempty"`
	Tags          []string   `json:"tags,omitempty"`
	Retention     float64    `json:"retention,omitempty"`
	Scheduler     string     `json:"scheduler,omitempty"`
	NewPerDay     int        `json:"new_per_day,omitempty"`
	ReviewsPerDay int        `json:"reviews_per_day,omitempty"`
	Case          string     `json:"case"`
	Accents       string     `json:"accents"`
	Typos         bool       `json:"typos"`
	Draft         bool       `json:"draft,omitempty"`
	Sources       []Source   `json:"sources,omitempty"`
	Strict        bool       `json:"strict,omitempty"`
	Cards         []JSONCard `json:"cards"`
}

// JSONCard is a card in a JSON export: the keys of the deck format, only
// those its kind uses. Answer is a string, or for truefalse a boolean,
// for number a number.
type JSONCard struct {
	ID        string   `json:"id"`
	Kind      string   `json:"kind"`
	Front     string   `json:"front,omitempty"`
	Back      string   `json:"back,omitempty"`
	Reverse   bool     `json:"reverse,omitempty"`
	Prompt    string   `json:"prompt,omitempty"`
	Text      string   `json:"text,omitempty"`
	Answer    any      `json:"answer,omitempty"`
	Accept    []string `json:"accept,omitempty"`
	Choices   []string `json:"choices,omitempty"`
	Answers   []string `json:"answers,omitempty"`
	Unit      string   `json:"unit,omitempty"`
	Tolerance any      `json:"tolerance,omitempty"`
	Items     []string `json:"items,omitempty"`
	Ordered   bool     `json:"ordered,omitempty"`
	Hint      string   `json:"hint,omitempty"`
	Explain   string   `json:"explain,omitempty"`
	Source    string   `json:"source,omitempty"`
	Group     string   `json:"group,omitempty"`
	Tags      []string `json:"tags,omitempty"`
	GUID      string   `json:"guid,omitempty"`
	Case      string   `json:"case"`
	Accents   string   `json:"accents"`
	Typos     bool     `json:"typos"`
	Strict    bool     `json:"strict,omitempty"`
}

func caseName(sensitive bool) string {
	if sensitive {
		return "exact"
	}
	return "ignore"
}

// DeckJSON converts a deck to its JSON form.
func DeckJSON(d *Deck) JSONDeck {
	j := JSONDeck{ID: d.ID, Title: d.Title, Description: d.Description, Source: d.Source, Tags: d.Tags,
		Retention: d.Retention, Scheduler: d.Scheduler, NewPerDay: d.NewPerDay, ReviewsPerDay: d.ReviewsPerDay,
		Case: caseName(d.Policy.CaseSensitive), Accents: d.Policy.Accents, Typos: d.Policy.Typos,
		Strict: d.Policy.Strict, Draft: d.Draft, Sources: d.Sources, Cards: make([]JSONCard, 0, len(d.Cards))}
	for _, c := range d.Cards {
		jc := JSONCard{ID: c.ID, Kind: c.Kind, Front: c.Front, Back: c.Back, Reverse: c.Reverse,
			Prompt: c.Prompt, Text: c.Text, Accept: c.Accept, Choices: c.Choices, Answers: c.Answers,
			Unit: c.Unit, Items: c.Items, Ordered: c.Ordered, Hint: c.Hint, Explain: c.Explain,
			Source: c.Source, Group: c.Group, Tags: c.Tags, GUID: c.GUID,
			Case: caseName(c.Policy.CaseSensitive), Accents: c.Policy.Accents, Typos: c.Policy.Typos,
			Strict: c.Policy.Strict}
		switch c.Kind {
		case KindTrueFalse:
			jc.Answer = c.Truth
		case KindNumber:
			jc.Answer = c.Number
			if c.TolerancePct {
				jc.Tolerance = FormatNumber(c.Tolerance) + "%"
			} else if c.Tolerance != 0 {
				jc.Tolerance = c.Tolerance
			}
		case KindTyped, KindChoice:
			jc.Answer = c.Answer
		}
		j.Cards = append(j.Cards, jc)
	}
	return j
}
