package anki

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ontap/ontap/decks"
)

func readBytes(t *testing.T, name string, data []byte, lim Limits) (*Package, error) {
	t.Helper()
	return ReadFrom(context.Background(), bytes.NewReader(data), int64(len(data)), name, lim)
}

func findCard(t *testing.T, imp *Imported, deck, id string) *decks.Card {
	t.Helper()
	for _, d := range imp.Decks {
		if d.ID != deck {
			continue
		}
		for _, c := range d.Cards {
			if c.ID == id {
				return c
			}
		}
	}
	t.Fatalf("no card %s/%s", deck, id)
	return nil
}

// TestImportBothSchemas reads the same collection written as schema 11
// and as schema 18, and checks what a learner gets: decks, cards of each
// kind, text without HTML, media listed, unknown note types counted, and
// the history of the imported cards.
func TestImportBothSchemas(t *testing.T) {
	for _, tc := range []struct {
		name   string
		data   func(testing.TB, fixture) []byte
		format string
		schema int
	}{
		{"schema 11", package11, "collection.anki2", 11},
		{"schema 18", package18, "collection.anki21b", 18},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := readBytes(t, "x.apkg", tc.data(t, sampleFixture()), DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			if p.Format != tc.format || p.Schema != tc.schema {
				t.Errorf("read %s schema %d, want %s schema %d", p.Format, p.Schema, tc.format, tc.schema)
			}
			if len(p.Media) != 4 || p.Media[0] != "flag.png" {
				t.Errorf("media %q", p.Media)
			}
			imp := Convert(p, ConvertOptions{Source: "x.apkg"})
			var ids []string
			for _, d := range imp.Decks {
				ids = append(ids, d.ID)
			}
			if strings.Join(ids, " ") != "history vietnamese-vocabulary" {
				t.Fatalf("decks %q", ids)
			}
			if imp.AnkiName["vietnamese-vocabulary"] != "Vietnamese::Vocabulary" || imp.Decks[1].Description != "About Vietnamese::Vocabulary" {
				t.Errorf("deck names %v, description %q", imp.AnkiName, imp.Decks[1].Description)
			}
			basic := findCard(t, imp, "history", CardID("basic-guid-1"))
			if basic.Kind != decks.KindBasic || basic.Front != "Capital of Vietnam?" || basic.Back != "Hà Nội" || basic.Reverse {
				t.Errorf("basic card %+v", basic)
			}
			if basic.GUID != "basic-guid-1" {
				t.Errorf("guid %q, want Anki's", basic.GUID)
			}
			if strings.Join(basic.Tags, ",") != "geo,asia/sea" {
				t.Errorf("tags %q", basic.Tags)
			}
			if c := findCard(t, imp, "vietnamese-vocabulary", CardID("rev-guid-2")); !c.Reverse {
				t.Errorf("reversed note without a reverse: %+v", c)
			}
			if c := findCard(t, imp, "vietnamese-vocabulary", CardID("opt-guid-3")); c.Reverse {
				t.Errorf("optional reverse without its card is reversed: %+v", c)
			}
			if c := findCard(t, imp, "vietnamese-vocabulary", CardID("opt-guid-4")); !c.Reverse {
				t.Errorf("optional reverse with its card is not reversed: %+v", c)
			}
			if c := findCard(t, imp, "history", CardID("typed-guid-5")); c.Kind != decks.KindTyped || c.Prompt != "Year of Điện Biên Phủ?" || c.Answer != "1954" {
				t.Errorf("typed card %+v", c)
			}
			cl := findCard(t, imp, "history", CardID("cloze-guid-6"))
			if cl.Kind != decks.KindCloze || cl.Text != "{{Hanoi}} is the capital; {{Saigon::city}} is in the south" || cl.Explain != "extra info" {
				t.Errorf("cloze card %+v", cl)
			}
			img := findCard(t, imp, "history", CardID("img-guid-9"))
			if img.Front != "Flag" || img.Back != "Vietnam" || !strings.Contains(img.Explain, "flag.png, vn.mp3") {
				t.Errorf("card with media %+v", img)
			}
			vocab := findCard(t, imp, "vietnamese-vocabulary", CardID("vocab-guid-11"))
			if vocab.Front != "nước" || vocab.Back != "water" || vocab.Explain != "uống nước" {
				t.Errorf("custom note type %+v", vocab)
			}
			if len(imp.Unknown) != 2 || imp.Unknown[0] != (Count{"Image Occlusion", 2}) || imp.Unknown[1] != (Count{"Two questions", 1}) {
				t.Errorf("unknown %v", imp.Unknown)
			}
			if imp.MediaNotes != 1 || len(imp.Skipped) != 1 || imp.Skipped[0].Notes != 1 || !strings.Contains(imp.Skipped[0].Name, "only an image") {
				t.Errorf("media notes %d, skipped %v", imp.MediaNotes, imp.Skipped)
			}
			// History: the basic card's 6 answers (not the manual rescheduling),
			// the reversed note's 2 (one from a filtered deck), the cloze c2's 1;
			// not the image occlusion's.
			if len(imp.Reviews) != 9 || imp.Ignored != 2 {
				t.Fatalf("%d reviews, %d ignored: %+v", len(imp.Reviews), imp.Ignored, imp.Reviews)
			}
			first := imp.Reviews[0]
			if first.DeckID != "history" || first.ItemID != basic.ID || first.Rating != 3 || first.Kind != "learn" ||
				first.Duration != 5*time.Second || !first.Time.Equal(time.Unix(day0, 0)) {
				t.Errorf("first review %+v", first)
			}
			kinds := map[string]int{}
			items := map[string]int{}
			for _, r := range imp.Reviews {
				kinds[r.Kind]++
				items[r.ItemID]++
			}
			if kinds["learn"] != 4 || kinds["review"] != 3 || kinds["relearn"] != 2 {
				t.Errorf("kinds %v", kinds)
			}
			if items[cl.ID+":c2"] != 1 || items[CardID("rev-guid-2")] != 2 {
				t.Errorf("items %v", items)
			}
		})
	}
}

// TestIDsStable checks that the same note gets the same card id in every
// import, whatever its text, and that ontap's own guids give back the id.
func TestIDsStable(t *testing.T) {
	f := sampleFixture()
	a := Convert(mustRead(t, package11(t, f)), ConvertOptions{})
	f.notes[0].fields[0] = "Capital city of Vietnam?"
	b := Convert(mustRead(t, package18(t, f)), ConvertOptions{})
	if a.Decks[0].Cards[0].ID != b.Decks[0].Cards[0].ID || b.Decks[0].Cards[0].Front != "Capital city of Vietnam?" {
		t.Errorf("ids %s and %s", a.Decks[0].Cards[0].ID, b.Decks[0].Cards[0].ID)
	}
	for guid, want := range map[string]string{"ontap:deck/card-1": "card-1", "ontap:d/x:reverse": "x-reverse", "e]Xo7+N&d3": CardID("e]Xo7+N&d3")} {
		if got := CardID(guid); got != want || !decks.ValidID(got) {
			t.Errorf("CardID(%q) = %q, want %q", guid, got, want)
		}
	}
}

func mustRead(t *testing.T, data []byte) *Package {
	t.Helper()
	p, err := readBytes(t, "x.apkg", data, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestChecksum(t *testing.T) {
	// Anki's own test values (rslib/src/notes/mod.rs).
	for s, want := range map[string]int64{"test": 2840236005, "今日": 1464653051, "<b>test</b>": 2840236005} {
		if got := Checksum(s); got != want {
			t.Errorf("Checksum(%q) = %d, want %d", s, got, want)
		}
	}
}

// TestBadPackages: each gets a clear error, and nothing is read.
func TestBadPackages(t *testing.T) {
	good := sampleFixture()
	bomb := make([]byte, 16<<20) // 16 MiB of zeros deflate to about 16 KiB
	small := DefaultLimits
	small.MediaFiles = 2
	sqliteish := append([]byte("SQLite format 3\x00"), make([]byte, 4096)...)
	for _, tc := range []struct {
		name string
		data []byte
		lim  Limits
		want string
	}{
		{"not a zip", []byte("hello, this is not a zip file"), DefaultLimits, "not a zip file"},
		{"empty zip", zipFiles(t), DefaultLimits, "no collection.anki2"},
		{"not sqlite", zipFiles(t, "collection.anki2", []byte("just text")), DefaultLimits, "not an SQLite database"},
		{"broken sqlite", zipFiles(t, "collection.anki2", sqliteish), DefaultLimits, "not a readable Anki collection"},
		{"zip bomb", zipFiles(t, "collection.anki2", bomb), DefaultLimits, "a zip bomb?"},
		{"zstd bomb", zipFiles(t, "meta", appendProtoVarint(nil, 1, 3), "collection.anki21b", zstdBytes(t, bomb)), DefaultLimits, "a zip bomb?"},
		{"bad zstd", zipFiles(t, "meta", appendProtoVarint(nil, 1, 3), "collection.anki21b", []byte("not zstd at all")), DefaultLimits, "not valid zstd"},
		{"newer meta", zipFiles(t, "meta", appendProtoVarint(nil, 1, 9), "collection.anki21b", []byte{}), DefaultLimits, "newer Anki"},
		{"dot dot media", zipFiles(t, "collection.anki2", collection11(t, good), "media", []byte(`{"0": "../../.bashrc"}`)), DefaultLimits, `"../../.bashrc" is not a plain file name`},
		{"slash media", zipFiles(t, "collection.anki2", collection11(t, good), "media", []byte(`{"0": "/etc/passwd"}`)), DefaultLimits, "not a plain file name"},
		{"huge media map", package11(t, good), small, "media: 4 files; the limit is 2"},
		{"huge protobuf media map", package18(t, good), small, "more than 2 files"},
		{"media map not json", zipFiles(t, "collection.anki2", collection11(t, good), "media", []byte(`[1,2`)), DefaultLimits, "not a JSON map"},
		{"too many notes", package11(t, good), Limits{PackageBytes: 1 << 30, CollectionBytes: 1 << 30, MetaBytes: 1 << 20, Ratio: 100, MediaFiles: 10, Notes: 3, Cards: 100, Reviews: 100, FieldBytes: 1000}, "12 notes; the limit is 3"},
		{"too big", package11(t, good), Limits{PackageBytes: 100}, "the limit for a package is 100"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := readBytes(t, "bad.apkg", tc.data, tc.lim)
			if err == nil {
				t.Fatalf("no error; read %d notes", len(p.Notes))
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "bad.apkg: ") {
				t.Errorf("error %q, want it to start with the file name and say %q", err, tc.want)
			}
		})
	}
}

// TestNoTableViews: a collection whose notes are a view (which could run
// forever) is refused.
func TestNoTableViews(t *testing.T) {
	db, file := tmpDB(t)
	mustExec(t, db, "CREATE TABLE col (crt, ver, models, decks)")
	mustExec(t, db, "CREATE VIEW notes AS WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM n) SELECT x FROM n")
	db.Close()
	data := readFileT(t, file)
	_, err := readBytes(t, "v.apkg", zipFiles(t, "collection.anki2", data), DefaultLimits)
	if err == nil || !strings.Contains(err.Error(), "no notes table") {
		t.Fatalf("error %v", err)
	}
}

// TestExportRoundTrip writes a deck with every kind of card and a history,
// reads the package back and checks that the cards and reviews return.
func TestExportRoundTrip(t *testing.T) {
	src := `[deck]
title = "Round trip"

[[card]]
id = "capital"
kind = "basic"
front = "Capital of Vietnam?"
back = "Hanoi <city> & more"
reverse = true
tags = ["geo"]

[[card]]
id = "year"
kind = "typed"
prompt = "Year of Dien Bien Phu?"
answer = "1954"

[[card]]
id = "army"
kind = "cloze"
text = "The army was founded in {{1944::a year}} during {{World War II}}."
explain = "Two blanks."

[[card]]
id = "tf"
kind = "truefalse"
prompt = "Hanoi is in the south."
answer = false
`
	d, diags := decks.Parse("round.toml", []byte(src))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	t0 := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	hist := []Entry{
		{ItemID: "capital", Time: t0, Rating: 3, Kind: "learn", Duration: 3 * time.Second, Interval: -600},
		{ItemID: "capital:reverse", Time: t0.Add(time.Minute), Rating: 1, Kind: "learn", Duration: 9 * time.Second, Interval: -60},
		{ItemID: "army:c2", Time: t0.Add(2 * time.Minute), Rating: 4, Kind: "learn", Interval: 3},
		{ItemID: "capital", Time: t0.Add(24 * time.Hour), Rating: 3, Kind: "review", Interval: 4},
		{ItemID: "nonexistent", Time: t0, Rating: 3, Kind: "review"},
	}
	states := map[string]ItemState{"capital": {Due: t0.Add(5 * 24 * time.Hour), IntervalDays: 4, Reps: 2}}
	var buf bytes.Buffer
	if err := Write(context.Background(), &buf, Build(d, hist, states, t0.Add(48*time.Hour))); err != nil {
		t.Fatal(err)
	}
	p, err := readBytes(t, "round.apkg", buf.Bytes(), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range p.Notes {
		if n.ID == 0 || !strings.HasPrefix(n.GUID, "ontap:round/") {
			t.Errorf("note %+v", n)
		}
	}
	imp := Convert(p, ConvertOptions{Source: "round.apkg"})
	if len(imp.Decks) != 1 || imp.Decks[0].ID != "round-trip" || imp.Decks[0].Title != "Round trip" {
		t.Fatalf("decks %+v", imp.Decks)
	}
	got := imp.Decks[0]
	if len(got.Cards) != 4 {
		t.Fatalf("%d cards", len(got.Cards))
	}
	c := got.Cards[0]
	if c.ID != "capital" || !c.Reverse || c.Back != "Hanoi <city> & more" || c.Tags[0] != "geo" {
		t.Errorf("basic %+v", c)
	}
	if c := got.Cards[1]; c.ID != "year" || c.Kind != decks.KindTyped || c.Answer != "1954" {
		t.Errorf("typed %+v", c)
	}
	if c := got.Cards[2]; c.ID != "army" || c.Kind != decks.KindCloze || c.Text != d.Cards[2].Text || c.Explain != "Two blanks." {
		t.Errorf("cloze %+v", c)
	}
	if c := got.Cards[3]; c.ID != "tf" || c.Kind != decks.KindBasic || !strings.Contains(c.Front, "Hanoi is in the south.") || c.Back != "false" {
		t.Errorf("truefalse as basic %+v", c)
	}
	if len(imp.Reviews) != 4 {
		t.Fatalf("reviews %+v", imp.Reviews)
	}
	for i, want := range hist[:4] {
		r := imp.Reviews[i]
		if r.ItemID != want.ItemID || !r.Time.Equal(want.Time) || r.Rating != want.Rating || r.Kind != want.Kind || r.Interval != want.Interval {
			t.Errorf("review %d: %+v, want %+v", i, r, want)
		}
	}
	// The card with a state is a review card due 3 days after the
	// collection's creation (the day of the export); the others are new.
	scheduled := 0
	for _, ac := range p.Cards {
		if ac.Type == 0 {
			continue
		}
		scheduled++
		if ac.Type != 2 || ac.Due != 3 || ac.Interval != 4 || ac.Reps != 2 {
			t.Errorf("scheduled card %+v", ac)
		}
	}
	if scheduled != 1 {
		t.Errorf("%d scheduled cards, want 1", scheduled)
	}
}

// TestDeckIDCollisions: two Anki decks whose names give the same slug get
// distinct ontap decks, the same way in every import.
func TestDeckIDCollisions(t *testing.T) {
	f := sampleFixture()
	f.decks = map[int64]string{1: "Default", 200: "A::B", 300: "A B"}
	for i := 0; i < 2; i++ {
		imp := Convert(mustRead(t, package11(t, f)), ConvertOptions{})
		if len(imp.Decks) != 2 || imp.Decks[0].ID != "a-b" || imp.Decks[1].ID != "a-b-2" ||
			imp.AnkiName["a-b"] != "A::B" || imp.AnkiName["a-b-2"] != "A B" {
			t.Fatalf("decks %v %v", imp.AnkiName, len(imp.Decks))
		}
	}
}

// TestGUIDsKept: a card imported from an Anki note keeps the note's guid,
// and an export writes it back (Anki then updates the note instead of
// adding a copy); ontap's own guids are not restated.
func TestGUIDsKept(t *testing.T) {
	imp := Convert(mustRead(t, package11(t, sampleFixture())), ConvertOptions{})
	c := findCard(t, imp, "history", CardID("basic-guid-1"))
	if c.GUID != "basic-guid-1" {
		t.Fatalf("guid %q, want the Anki note's", c.GUID)
	}
	var d *decks.Deck
	for _, x := range imp.Decks {
		if x.ID == "history" {
			d = x
		}
	}
	var buf bytes.Buffer
	if err := Write(context.Background(), &buf, Build(d, nil, nil, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))); err != nil {
		t.Fatal(err)
	}
	p, err := readBytes(t, "h.apkg", buf.Bytes(), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	guids := map[string]bool{}
	for _, n := range p.Notes {
		guids[n.GUID] = true
	}
	for _, want := range []string{"basic-guid-1", "typed-guid-5", "cloze-guid-6"} {
		if !guids[want] {
			t.Errorf("the export lacks the Anki guid %q: %v", want, guids)
		}
	}
	// The text export writes it too.
	var tsv bytes.Buffer
	if err := decks.ExportDeck(&tsv, d, decks.ExportTSV); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(tsv.String(), "\nbasic-guid-1\tBasic\t") {
		t.Errorf("the TSV export lacks the Anki guid:\n%s", tsv.String())
	}
}
