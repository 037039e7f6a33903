package anki

import (
	"archive/zip"
	"context"
	"crypto/sha1"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"html"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/ontap/ontap/decks"
)

// ItemState is where an item stands, for the scheduling of an exported
// card; the zero value is a new card.
type ItemState struct {
	Due          time.Time
	IntervalDays int
	Learning     bool // in learning steps
	Relearning   bool // in relearning steps, after a lapse
	Reps, Lapses int
}

// The note types ontap writes, with fixed ids so that packages exported
// at different times share them in Anki.
const (
	modelBasic    = 1_700_000_000_001
	modelReversed = 1_700_000_000_002
	modelCloze    = 1_700_000_000_003
	modelTyped    = 1_700_000_000_004
)

// standardModels are Anki's stock note types, as ontap writes them.
var standardModels = []*Notetype{
	{ID: modelBasic, Name: "Basic (ontap)", Fields: []string{"Front", "Back"},
		Templates: []Template{{"Card 1", "{{Front}}", "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}"}}},
	{ID: modelReversed, Name: "Basic and reversed (ontap)", Fields: []string{"Front", "Back"},
		Templates: []Template{{"Card 1", "{{Front}}", "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}"},
			{"Card 2", "{{Back}}", "{{FrontSide}}\n\n<hr id=answer>\n\n{{Front}}"}}},
	{ID: modelCloze, Name: "Cloze (ontap)", Cloze: true, Fields: []string{"Text", "Back Extra"},
		Templates: []Template{{"Cloze", "{{cloze:Text}}", "{{cloze:Text}}<br>\n{{Back Extra}}"}}},
	{ID: modelTyped, Name: "Basic type in the answer (ontap)", Fields: []string{"Front", "Back"},
		Templates: []Template{{"Card 1", "{{Front}}\n\n{{type:Back}}", "{{Front}}\n\n<hr id=answer>\n\n{{type:Back}}"}}},
}

// textToHTML escapes plain text for an Anki field.
func textToHTML(s string) string {
	s = html.EscapeString(s)
	return strings.ReplaceAll(s, "\n", "<br>")
}

// Build makes a package of deck d from the notes the CSV export writes
// (decks.Notes): basic cards as Basic notes (with a reversed card when the
// card has reverse = true), cloze cards as Cloze notes (deletion N is
// cloze cN), every other card one Basic note per item, except typed cards,
// which become "type in the answer" notes. Guids are the cards' Anki guids
// or "ontap:DECK/CARD", so that Anki updates the notes when a newer export
// is imported, and Convert gives the cards their ids back.
// history (for the deck's items, in time order) becomes the revlog, and
// states the cards' scheduling; both may be nil.
func Build(d *decks.Deck, history []Entry, states map[string]ItemState, now time.Time) *Package {
	day := now.UTC().Truncate(24 * time.Hour)
	p := &Package{Format: "collection.anki2", Schema: 11, Created: day,
		Notetypes: map[int64]*Notetype{}, Decks: map[int64]*Deck{}}
	for _, m := range standardModels {
		p.Notetypes[m.ID] = m
	}
	h := fnv.New32a()
	h.Write([]byte(d.ID))
	deckID := int64(1_600_000_000_000) + int64(h.Sum32())
	p.Decks[1] = &Deck{ID: 1, Name: "Default"}
	p.Decks[deckID] = &Deck{ID: deckID, Name: strings.Join(strings.Fields(d.Title), " "), Description: textToHTML(d.Description)}
	base := now.UnixMilli()
	cardOf := map[string]int64{} // item id -> Anki card id
	addNote := func(guid string, model int64, fields []string, tags []string, items []string) {
		nid := base + int64(len(p.Notes))
		p.Notes = append(p.Notes, Note{ID: nid, GUID: guid, NotetypeID: model, Fields: fields, Tags: tags})
		for ord, it := range items {
			cid := base + int64(len(p.Cards))
			c := Card{ID: cid, NoteID: nid, DeckID: deckID, Ord: ord, Due: int64(len(p.Notes))}
			if s, ok := states[it]; ok && s.Reps > 0 {
				c.Reps, c.Lapses = s.Reps, s.Lapses
				switch {
				case s.Learning:
					c.Type, c.Queue, c.Due = 1, 1, s.Due.Unix()
				case s.Relearning:
					c.Type, c.Queue, c.Due, c.Interval = 3, 1, s.Due.Unix(), max(s.IntervalDays, 1)
				default:
					c.Type, c.Queue, c.Interval = 2, 2, max(s.IntervalDays, 1)
					c.Due = int64(s.Due.Sub(day).Hours() / 24)
				}
			}
			p.Cards = append(p.Cards, c)
			cardOf[it] = cid
		}
	}
	itemCard := map[string]*decks.Card{}
	for _, c := range d.Cards {
		for _, it := range d.CardItems(c) {
			itemCard[it.ID] = c
		}
	}
	models := map[string]int64{decks.NoteBasic: modelBasic, decks.NoteReversed: modelReversed, decks.NoteCloze: modelCloze}
	for _, n := range decks.Notes(d) {
		model, back := models[n.Type], textToHTML(n.Back)
		switch c := itemCard[n.Items[0]]; {
		case c.Kind == decks.KindTyped:
			model, back = modelTyped, textToHTML(c.Answer) // the answer box compares with the whole field
		case c.Kind == decks.KindBasic && c.Explain != "":
			back += "<br><br>" + textToHTML(c.Explain)
		}
		addNote(n.GUID, model, []string{textToHTML(n.Front), back}, n.Tags, n.Items)
	}
	last := int64(0)
	for _, e := range history {
		cid, ok := cardOf[e.ItemID]
		if !ok {
			continue
		}
		id := max(e.Time.UnixMilli(), last+1) // revlog ids are unique
		last = id
		typ := map[string]int{"learn": RevLearn, "review": RevReview, "relearn": RevRelearn}[e.Kind]
		p.Revlog = append(p.Revlog, Review{ID: id, CardID: cid, Ease: e.Rating, Interval: e.Interval,
			Factor: 2500, TakenMS: int(min(e.Duration.Milliseconds(), 60_000)), Type: typ})
	}
	// Each review's last interval is the one before it.
	lastIvl := map[int64]int{}
	for i := range p.Revlog {
		r := &p.Revlog[i]
		r.LastIvl = lastIvl[r.CardID]
		lastIvl[r.CardID] = r.Interval
	}
	return p
}

var stripTagRE = regexp.MustCompile(`(?s)<[^>]*>`)

// stripHTML is the text Anki sorts and checksums a field by: tags
// removed, entities decoded.
func stripHTML(s string) string {
	return html.UnescapeString(stripTagRE.ReplaceAllString(s, ""))
}

// Checksum is Anki's note checksum: the first 8 hex digits of the SHA-1
// of the note's first field without HTML, as a number.
func Checksum(firstField string) int64 {
	sum := sha1.Sum([]byte(stripHTML(firstField)))
	n, _ := strconv.ParseInt(hex.EncodeToString(sum[:4]), 16, 64)
	return n
}

// Write writes p as a legacy package (collection.anki2, schema 11, and an
// empty media map), the format every Anki version and AnkiDroid import.
func Write(ctx context.Context, w io.Writer, p *Package) error {
	dir, err := os.MkdirTemp("", "ontap-anki-export-*")
	if err != nil {
		return fmt.Errorf("cannot make a temporary folder: %w", err)
	}
	defer os.RemoveAll(dir)
	file := dir + "/collection.anki2"
	if err := writeCollection(ctx, file, p); err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	zf, err := zw.CreateHeader(&zip.FileHeader{Name: "collection.anki2", Method: zip.Deflate, Modified: p.Created})
	if err != nil {
		return err
	}
	if _, err := io.Copy(zf, f); err != nil {
		return err
	}
	mf, err := zw.CreateHeader(&zip.FileHeader{Name: "media", Method: zip.Deflate, Modified: p.Created})
	if err != nil {
		return err
	}
	if _, err := io.WriteString(mf, "{}"); err != nil {
		return err
	}
	return zw.Close()
}

// schema11 creates Anki's schema-11 tables (rslib/src/storage/schema11.sql).
const schema11 = `
CREATE TABLE col (id integer PRIMARY KEY, crt integer NOT NULL, mod integer NOT NULL, scm integer NOT NULL,
  ver integer NOT NULL, dty integer NOT NULL, usn integer NOT NULL, ls integer NOT NULL, conf text NOT NULL,
  models text NOT NULL, decks text NOT NULL, dconf text NOT NULL, tags text NOT NULL);
CREATE TABLE notes (id integer PRIMARY KEY, guid text NOT NULL, mid integer NOT NULL, mod integer NOT NULL,
  usn integer NOT NULL, tags text NOT NULL, flds text NOT NULL, sfld integer NOT NULL, csum integer NOT NULL,
  flags integer NOT NULL, data text NOT NULL);
CREATE TABLE cards (id integer PRIMARY KEY, nid integer NOT NULL, did integer NOT NULL, ord integer NOT NULL,
  mod integer NOT NULL, usn integer NOT NULL, type integer NOT NULL, queue integer NOT NULL, due integer NOT NULL,
  ivl integer NOT NULL, factor integer NOT NULL, reps integer NOT NULL, lapses integer NOT NULL, left integer NOT NULL,
  odue integer NOT NULL, odid integer NOT NULL, flags integer NOT NULL, data text NOT NULL);
CREATE TABLE revlog (id integer PRIMARY KEY, cid integer NOT NULL, usn integer NOT NULL, ease integer NOT NULL,
  ivl integer NOT NULL, lastIvl integer NOT NULL, factor integer NOT NULL, time integer NOT NULL, type integer NOT NULL);
CREATE TABLE graves (usn integer NOT NULL, oid integer NOT NULL, type integer NOT NULL);
CREATE INDEX ix_notes_usn ON notes (usn);
CREATE INDEX ix_cards_usn ON cards (usn);
CREATE INDEX ix_revlog_usn ON revlog (usn);
CREATE INDEX ix_cards_nid ON cards (nid);
CREATE INDEX ix_cards_sched ON cards (did, queue, due);
CREATE INDEX ix_revlog_cid ON revlog (cid);
CREATE INDEX ix_notes_csum ON notes (csum);
`

// The JSON of a schema-11 col row: note types, decks, deck options.
type (
	jsonField struct {
		Name   string `json:"name"`
		Ord    int    `json:"ord"`
		Sticky bool   `json:"sticky"`
		RTL    bool   `json:"rtl"`
		Font   string `json:"font"`
		Size   int    `json:"size"`
		Media  []any  `json:"media"`
	}
	jsonTemplate struct {
		Name  string `json:"name"`
		Ord   int    `json:"ord"`
		Qfmt  string `json:"qfmt"`
		Afmt  string `json:"afmt"`
		Did   *int64 `json:"did"`
		Bqfmt string `json:"bqfmt"`
		Bafmt string `json:"bafmt"`
	}
	jsonModel struct {
		ID        int64          `json:"id"`
		Name      string         `json:"name"`
		Type      int            `json:"type"`
		Mod       int64          `json:"mod"`
		Usn       int            `json:"usn"`
		Sortf     int            `json:"sortf"`
		Did       int64          `json:"did"`
		Tmpls     []jsonTemplate `json:"tmpls"`
		Flds      []jsonField    `json:"flds"`
		CSS       string         `json:"css"`
		LatexPre  string         `json:"latexPre"`
		LatexPost string         `json:"latexPost"`
		Tags      []string       `json:"tags"`
		Vers      []any          `json:"vers"`
		Req       [][]any        `json:"req"`
	}
	jsonDeck struct {
		ID         int64  `json:"id"`
		Name       string `json:"name"`
		Desc       string `json:"desc"`
		Mod        int64  `json:"mod"`
		Usn        int    `json:"usn"`
		Dyn        int    `json:"dyn"`
		Conf       int64  `json:"conf"`
		Collapsed  bool   `json:"collapsed"`
		ExtendNew  int    `json:"extendNew"`
		ExtendRev  int    `json:"extendRev"`
		NewToday   [2]int `json:"newToday"`
		RevToday   [2]int `json:"revToday"`
		LrnToday   [2]int `json:"lrnToday"`
		TimeToday  [2]int `json:"timeToday"`
		BrowserCol bool   `json:"browserCollapsed"`
	}
)

const modelCSS = ".card {\n  font-family: arial;\n  font-size: 20px;\n  text-align: center;\n  color: black;\n  background-color: white;\n}\n"

// dconfJSON is Anki's default deck options (id 1).
const dconfJSON = `{"1":{"id":1,"name":"Default","mod":0,"usn":0,"maxTaken":60,"autoplay":true,"timer":0,"replayq":true,"dyn":false,` +
	`"new":{"bury":false,"delays":[1.0,10.0],"initialFactor":2500,"ints":[1,4,0],"order":1,"perDay":20},` +
	`"lapse":{"delays":[10.0],"leechAction":1,"leechFails":8,"minInt":1,"mult":0.0},` +
	`"rev":{"bury":false,"ease4":1.3,"ivlFct":1.0,"maxIvl":36500,"perDay":200,"hardFactor":1.2}}}`

const confJSON = `{"activeDecks":[1],"curDeck":1,"newSpread":0,"collapseTime":1200,"timeLim":0,"estTimes":true,` +
	`"dueCounts":true,"curModel":null,"nextPos":1,"sortType":"noteFld","sortBackwards":false,"addToCur":true,"schedVer":2}`

// writeCollection writes p as a schema-11 SQLite collection at file.
func writeCollection(ctx context.Context, file string, p *Package) error {
	db, err := sql.Open("sqlite", "file:"+file+"?_pragma=journal_mode(OFF)&_pragma=synchronous(OFF)")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, schema11); err != nil {
		return err
	}
	mod := p.Created.UnixMilli()
	models := map[string]jsonModel{}
	var anyDeck int64 = 1
	for id := range p.Decks {
		if id != 1 {
			anyDeck = id
		}
	}
	for id, nt := range p.Notetypes {
		m := jsonModel{ID: id, Name: nt.Name, Mod: mod / 1000, Usn: -1, Sortf: nt.SortField, Did: anyDeck, CSS: modelCSS,
			LatexPre:  "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n",
			LatexPost: "\\end{document}", Tags: []string{}, Vers: []any{}}
		if nt.Cloze {
			m.Type = 1
		}
		for i, f := range nt.Fields {
			m.Flds = append(m.Flds, jsonField{Name: f, Ord: i, Font: "Arial", Size: 20, Media: []any{}})
		}
		for i, t := range nt.Templates {
			m.Tmpls = append(m.Tmpls, jsonTemplate{Name: t.Name, Ord: i, Qfmt: t.Q, Afmt: t.A})
			fields, typed, _ := templateFields(t.Q, nt.Fields)
			if typed >= 0 || len(fields) == 0 {
				fields = append(fields, max(typed, 0))
			}
			m.Req = append(m.Req, []any{i, "any", fields})
		}
		models[strconv.FormatInt(id, 10)] = m
	}
	deckMap := map[string]jsonDeck{}
	for id, d := range p.Decks {
		deckMap[strconv.FormatInt(id, 10)] = jsonDeck{ID: id, Name: d.Name, Desc: d.Description, Mod: mod / 1000, Usn: -1, Conf: 1,
			ExtendNew: 10, ExtendRev: 50}
	}
	mj, err := json.Marshal(models)
	if err != nil {
		return err
	}
	dj, err := json.Marshal(deckMap)
	if err != nil {
		return err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "INSERT INTO col VALUES (1, ?, ?, ?, 11, 0, 0, 0, ?, ?, ?, ?, '{}')",
		p.Created.Unix(), mod, mod, confJSON, string(mj), string(dj), dconfJSON); err != nil {
		return err
	}
	note, err := tx.PrepareContext(ctx, "INSERT INTO notes VALUES (?, ?, ?, ?, -1, ?, ?, ?, ?, 0, '')")
	if err != nil {
		return err
	}
	defer note.Close()
	for _, n := range p.Notes {
		sortf := 0
		if nt := p.Notetypes[n.NotetypeID]; nt != nil {
			sortf = nt.SortField
		}
		sf := ""
		if sortf < len(n.Fields) {
			sf = n.Fields[sortf]
		}
		tags := ""
		if len(n.Tags) > 0 {
			tags = " " + strings.Join(n.Tags, " ") + " "
		}
		if _, err := note.ExecContext(ctx, n.ID, n.GUID, n.NotetypeID, mod/1000, tags, strings.Join(n.Fields, "\x1f"),
			stripHTML(sf), Checksum(n.Fields[0])); err != nil {
			return err
		}
	}
	card, err := tx.PrepareContext(ctx, "INSERT INTO cards VALUES (?, ?, ?, ?, ?, -1, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, '')")
	if err != nil {
		return err
	}
	defer card.Close()
	for _, c := range p.Cards {
		factor := 0
		if c.Type == 2 {
			factor = 2500
		}
		if _, err := card.ExecContext(ctx, c.ID, c.NoteID, c.DeckID, c.Ord, mod/1000, c.Type, c.Queue, c.Due, c.Interval,
			factor, c.Reps, c.Lapses); err != nil {
			return err
		}
	}
	rev, err := tx.PrepareContext(ctx, "INSERT INTO revlog VALUES (?, ?, -1, ?, ?, ?, ?, ?, ?)")
	if err != nil {
		return err
	}
	defer rev.Close()
	for _, r := range p.Revlog {
		if _, err := rev.ExecContext(ctx, r.ID, r.CardID, r.Ease, r.Interval, r.LastIvl, r.Factor, r.TakenMS, r.Type); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	return db.Close()
}
