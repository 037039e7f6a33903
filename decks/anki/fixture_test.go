package anki

import (
	"archive/zip"
	"bytes"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
)

// The tests build their packages here, as Anki writes them: the stock
// note types with Anki's own templates, notes, cards and a revlog, in a
// schema-11 collection (collection.anki2, JSON in the col row) or a
// schema-18 one (collection.anki21b: zstd, notetypes/fields/templates/
// decks tables with protocol-buffer configs, a meta file and a protobuf
// media map).

type fxNotetype struct {
	id     int64
	name   string
	cloze  bool
	fields []string
	tmpls  [][2]string // question, answer
}

var stockNotetypes = []fxNotetype{
	{1001, "Basic", false, []string{"Front", "Back"},
		[][2]string{{"{{Front}}", "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}"}}},
	{1002, "Basic (and reversed card)", false, []string{"Front", "Back"},
		[][2]string{{"{{Front}}", "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}"}, {"{{Back}}", "{{FrontSide}}\n\n<hr id=answer>\n\n{{Front}}"}}},
	{1003, "Basic (optional reversed card)", false, []string{"Front", "Back", "Add Reverse"},
		[][2]string{{"{{Front}}", "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}"}, {"{{#Add Reverse}}{{Back}}{{/Add Reverse}}", "{{FrontSide}}\n\n<hr id=answer>\n\n{{Front}}"}}},
	{1004, "Basic (type in the answer)", false, []string{"Front", "Back"},
		[][2]string{{"{{Front}}\n\n{{type:Back}}", "{{Front}}\n\n<hr id=answer>\n\n{{type:Back}}"}}},
	{1005, "Cloze", true, []string{"Text", "Back Extra"},
		[][2]string{{"{{cloze:Text}}", "{{cloze:Text}}<br>\n{{Back Extra}}"}}},
	{1006, "Image Occlusion", true, []string{"Occlusion", "Image", "Header", "Back Extra", "Comments"},
		[][2]string{{"{{#Header}}<div>{{Header}}</div>{{/Header}}\n<div style=\"display: none\">{{cloze:Occlusion}}</div>\n<div id=\"image-occlusion-container\">{{Image}}</div>", "{{cloze:Occlusion}}"}}},
	{1007, "Vocab (three fields)", false, []string{"Word", "Meaning", "Example"},
		[][2]string{{"<b>{{Word}}</b>", "{{FrontSide}}<hr id=answer>{{Meaning}}<br><i>{{Example}}</i>"}}},
	{1008, "Two questions", false, []string{"A", "B", "C"},
		[][2]string{{"{{A}} {{B}}", "{{C}}"}}},
}

type fxNote struct {
	id     int64
	guid   string
	mid    int64
	fields []string
	tags   string
}

type fxCard struct {
	id, nid, did int64
	ord          int
	typ, queue   int
	due          int64
	ivl          int
}

type fxReview struct {
	id, cid                    int64
	ease, ivl, lastIvl, factor int
	time, typ                  int
}

type fixture struct {
	decks   map[int64]string
	notes   []fxNote
	cards   []fxCard
	revlog  []fxReview
	media   []string
	crt     int64
	noMedia bool
}

// day0 is the collection's creation, 2026-01-01 04:00 UTC.
const day0 = 1767240000

// sampleFixture is one note of each kind, with a history.
func sampleFixture() fixture {
	ms := func(day int, sec int) int64 { return (day0 + int64(day)*86400 + int64(sec)) * 1000 }
	return fixture{
		crt:   day0,
		decks: map[int64]string{1: "Default", 200: "Vietnamese::Vocabulary", 300: "History"},
		notes: []fxNote{
			{10, "basic-guid-1", 1001, []string{"Capital of <b>Vietnam</b>?", "Hà&nbsp;Nội"}, " geo asia::sea "},
			{11, "rev-guid-2", 1002, []string{"xin chào", "hello"}, ""},
			{12, "opt-guid-3", 1003, []string{"cảm ơn", "thank you", ""}, ""},
			{13, "opt-guid-4", 1003, []string{"tạm biệt", "goodbye", "y"}, ""},
			{14, "typed-guid-5", 1004, []string{"Year of Điện Biên Phủ?", "1954"}, ""},
			{15, "cloze-guid-6", 1005, []string{"{{c1::Hanoi}} is the capital; {{c2::Saigon::city}} is in the south", "extra <i>info</i>"}, ""},
			{16, "io-guid-7", 1006, []string{"{{c1::image-occlusion:rect:left=.1:top=.2}}", `<img src="map.png">`, "", "", ""}, ""},
			{17, "io-guid-8", 1006, []string{"{{c1::image-occlusion:rect:left=.3:top=.2}}", `<img src="map.png">`, "", "", ""}, ""},
			{18, "img-guid-9", 1001, []string{`Flag <img src="flag.png">`, "Vietnam [sound:vn.mp3]"}, ""},
			{19, "img-guid-10", 1001, []string{`<img src="only.png">`, "answer"}, ""},
			{20, "vocab-guid-11", 1007, []string{"nước", "water", "uống nước"}, ""},
			{21, "two-guid-12", 1008, []string{"a", "b", "c"}, ""},
		},
		cards: []fxCard{
			{100, 10, 300, 0, 2, 2, 10, 8},
			{101, 11, 200, 0, 2, 2, 5, 3}, {102, 11, 200, 1, 0, 0, 1, 0},
			{103, 12, 200, 0, 0, 0, 2, 0},
			{104, 13, 200, 0, 0, 0, 3, 0}, {105, 13, 200, 1, 0, 0, 3, 0},
			{106, 14, 300, 0, 0, 0, 4, 0},
			{107, 15, 300, 0, 0, 0, 5, 0}, {108, 15, 300, 1, 0, 0, 5, 0},
			{109, 16, 300, 0, 0, 0, 6, 0}, {110, 17, 300, 0, 0, 0, 7, 0},
			{111, 18, 300, 0, 0, 0, 8, 0}, {112, 19, 300, 0, 0, 0, 9, 0},
			{113, 20, 200, 0, 0, 0, 10, 0}, {114, 21, 200, 0, 0, 0, 11, 0},
		},
		revlog: []fxReview{
			{ms(0, 0), 100, 3, -600, 0, 0, 5000, RevLearn},
			{ms(0, 600), 100, 3, 1, -600, 2500, 4000, RevLearn},
			{ms(1, 0), 100, 3, 3, 1, 2500, 3000, RevReview},
			{ms(4, 0), 100, 1, -600, 3, 2300, 9000, RevRelearn},
			{ms(4, 600), 100, 3, 1, -600, 2300, 2000, RevRelearn},
			{ms(5, 0), 100, 3, 8, 1, 2300, 2500, RevReview},
			{ms(6, 0), 100, 0, 20, 8, 2300, 0, RevManual},
			{ms(0, 10), 101, 4, 3, 0, 2500, 1500, RevLearn},
			{ms(3, 10), 101, 3, 3, 3, 2500, 1500, RevFiltered},
			{ms(0, 20), 109, 3, 1, 0, 2500, 1500, RevLearn}, // an image occlusion card: not imported
			{ms(0, 30), 108, 2, -600, 0, 2500, 1500, RevLearn},
		},
		media: []string{"map.png", "flag.png", "vn.mp3", "only.png"},
	}
}

// tmpDB makes an empty SQLite database in a temporary folder.
func tmpDB(t testing.TB) (*sql.DB, string) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "collection")
	db, err := sql.Open("sqlite", "file:"+file)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	return db, file
}

func mustExec(t testing.TB, db *sql.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// fillCommon writes the notes, cards and revlog, which both schemas share.
func fillCommon(t testing.TB, db *sql.DB, f fixture) {
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range f.notes {
		if _, err := tx.Exec("INSERT INTO notes VALUES (?, ?, ?, 0, 0, ?, ?, ?, ?, 0, '')", n.id, n.guid, n.mid, n.tags,
			strings.Join(n.fields, "\x1f"), stripHTML(n.fields[0]), Checksum(n.fields[0])); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range f.cards {
		if _, err := tx.Exec("INSERT INTO cards VALUES (?, ?, ?, ?, 0, 0, ?, ?, ?, ?, 2500, 0, 0, 0, 0, 0, 0, '')",
			c.id, c.nid, c.did, c.ord, c.typ, c.queue, c.due, c.ivl); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range f.revlog {
		if _, err := tx.Exec("INSERT INTO revlog VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?)", r.id, r.cid, r.ease, r.ivl, r.lastIvl, r.factor, r.time, r.typ); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// collection11 writes f as a schema-11 collection and returns its bytes.
func collection11(t testing.TB, f fixture) []byte {
	t.Helper()
	db, file := tmpDB(t)
	mustExec(t, db, schema11)
	models := map[string]any{}
	for _, nt := range stockNotetypes {
		var flds, tmpls []map[string]any
		for i, name := range nt.fields {
			flds = append(flds, map[string]any{"name": name, "ord": i, "sticky": false, "rtl": false, "font": "Arial", "size": 20})
		}
		for i, tp := range nt.tmpls {
			tmpls = append(tmpls, map[string]any{"name": "Card " + strconv.Itoa(i+1), "ord": i, "qfmt": tp[0], "afmt": tp[1], "did": nil})
		}
		typ := 0
		if nt.cloze {
			typ = 1
		}
		models[strconv.FormatInt(nt.id, 10)] = map[string]any{"id": nt.id, "name": nt.name, "type": typ, "flds": flds, "tmpls": tmpls, "sortf": 0}
	}
	deckJSON := map[string]any{}
	for id, name := range f.decks {
		deckJSON[strconv.FormatInt(id, 10)] = map[string]any{"id": id, "name": name, "dyn": 0, "desc": "About <b>" + name + "</b>"}
	}
	mj, _ := json.Marshal(models)
	dj, _ := json.Marshal(deckJSON)
	mustExec(t, db, "INSERT INTO col VALUES (1, ?, 0, 0, 11, 0, 0, 0, '{}', ?, ?, '{}', '{}')", f.crt, string(mj), string(dj))
	fillCommon(t, db, f)
	db.Close()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// schema18 is the part of Anki's schema 18 that ontap reads, beyond the
// schema-11 tables (rslib/src/storage/upgrades/schema15_upgrade.sql).
const schema18 = `
CREATE TABLE fields (ntid integer NOT NULL, ord integer NOT NULL, name text NOT NULL, config blob NOT NULL, PRIMARY KEY (ntid, ord)) without rowid;
CREATE TABLE templates (ntid integer NOT NULL, ord integer NOT NULL, name text NOT NULL, mtime_secs integer NOT NULL, usn integer NOT NULL, config blob NOT NULL, PRIMARY KEY (ntid, ord)) without rowid;
CREATE TABLE notetypes (id integer NOT NULL PRIMARY KEY, name text NOT NULL, mtime_secs integer NOT NULL, usn integer NOT NULL, config blob NOT NULL);
CREATE TABLE decks2 (id integer PRIMARY KEY NOT NULL, name text NOT NULL, mtime_secs integer NOT NULL, usn integer NOT NULL, common blob NOT NULL, kind blob NOT NULL);
`

// collection18 writes f as a schema-18 collection and returns its bytes.
func collection18(t testing.TB, f fixture) []byte {
	t.Helper()
	db, file := tmpDB(t)
	mustExec(t, db, schema11)
	mustExec(t, db, schema18)
	mustExec(t, db, "DROP TABLE IF EXISTS decks")
	mustExec(t, db, "ALTER TABLE decks2 RENAME TO decks")
	mustExec(t, db, "INSERT INTO col VALUES (1, ?, 0, 0, 18, 0, 0, 0, '', '', '', '', '')", f.crt)
	for _, nt := range stockNotetypes {
		var config []byte
		if nt.cloze {
			config = appendProtoVarint(config, 1, 1)
		}
		config = appendProtoBytes(config, 3, []byte(".card {}"))
		mustExec(t, db, "INSERT INTO notetypes VALUES (?, ?, 0, 0, ?)", nt.id, nt.name, config)
		for i, name := range nt.fields {
			mustExec(t, db, "INSERT INTO fields VALUES (?, ?, ?, ?)", nt.id, i, name, []byte{})
		}
		for i, tp := range nt.tmpls {
			tc := appendProtoBytes(appendProtoBytes(nil, 1, []byte(tp[0])), 2, []byte(tp[1]))
			mustExec(t, db, "INSERT INTO templates VALUES (?, ?, ?, 0, 0, ?)", nt.id, i, "Card "+strconv.Itoa(i+1), tc)
		}
	}
	for id, name := range f.decks {
		normal := appendProtoBytes(appendProtoVarint(nil, 1, 1), 4, []byte("About <b>"+name+"</b>"))
		kind := appendProtoBytes(nil, 1, normal)
		mustExec(t, db, "INSERT INTO decks VALUES (?, ?, 0, 0, ?, ?)", id, strings.ReplaceAll(name, "::", "\x1f"), []byte{}, kind)
	}
	fillCommon(t, db, f)
	db.Close()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func zstdBytes(t testing.TB, b []byte) []byte {
	enc, err := zstd.NewWriter(nil)
	if err != nil {
		t.Fatal(err)
	}
	return enc.EncodeAll(b, nil)
}

// zipFiles makes a zip of the named files, in order.
func zipFiles(t testing.TB, files ...any) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i < len(files); i += 2 {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: files[i].(string), Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(files[i+1].([]byte))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// package11 is f as a legacy .apkg (collection.anki2, JSON media map).
func package11(t testing.TB, f fixture) []byte {
	media := map[string]string{}
	for i, m := range f.media {
		media[strconv.Itoa(i)] = m
	}
	mj, _ := json.Marshal(media)
	files := []any{"collection.anki2", collection11(t, f), "media", mj}
	for i := range f.media {
		files = append(files, strconv.Itoa(i), []byte("media file"))
	}
	return zipFiles(t, files...)
}

// package18 is f as Anki 23+ writes it: meta (version 3), a dummy
// collection.anki2, collection.anki21b and a protobuf media map, zstd.
func package18(t testing.TB, f fixture) []byte {
	var media []byte
	for _, m := range f.media {
		entry := appendProtoVarint(appendProtoBytes(nil, 1, []byte(m)), 2, 10)
		media = appendProtoBytes(media, 1, entry)
	}
	dummy := collection11(t, fixture{crt: day0, decks: map[int64]string{1: "Default"},
		notes: []fxNote{{1, "dummy", 1001, []string{"Please update to the latest Anki version, then import the .colpkg/.apkg file again.", ""}, ""}},
		cards: []fxCard{{1, 1, 1, 0, 0, 0, 1, 0}}})
	files := []any{"meta", appendProtoVarint(nil, 1, 3), "collection.anki2", dummy,
		"collection.anki21b", zstdBytes(t, collection18(t, f)), "media", zstdBytes(t, media)}
	for i := range f.media {
		files = append(files, strconv.Itoa(i), zstdBytes(t, []byte("media file")))
	}
	return zipFiles(t, files...)
}

// writeFile writes data to a file in a temporary folder.
func writeFile(t testing.TB, name string, data []byte) string {
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func readFileT(t testing.TB, path string) []byte {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
