package anki

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver, registered as "sqlite"
)

// sqliteMagic starts every SQLite database file.
var sqliteMagic = []byte("SQLite format 3\x00")

// readCollection reads the SQLite collection at file; name is used in
// errors.
func readCollection(ctx context.Context, file, name string, lim Limits) (*Package, error) {
	head := make([]byte, len(sqliteMagic))
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	n, _ := f.Read(head)
	f.Close()
	if n < len(head) || !bytes.Equal(head, sqliteMagic) {
		return nil, errorf(name, "not an SQLite database; the package is damaged or not made by Anki")
	}
	q := url.Values{}
	q.Add("mode", "ro")
	q.Add("immutable", "1")
	q.Add("_pragma", "query_only(1)")
	q.Add("_pragma", "trusted_schema(0)")
	db, err := sql.Open("sqlite", "file:"+file+"?"+q.Encode())
	if err != nil {
		return nil, errorf(name, "%v", err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	p := &Package{Notetypes: map[int64]*Notetype{}, Decks: map[int64]*Deck{}}
	bad := func(err error) error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		var e *Error
		if errors.As(err, &e) {
			return err
		}
		return errorf(name, "not a readable Anki collection: %v", err)
	}
	for _, t := range []string{"col", "notes", "cards", "revlog"} {
		var typ string
		err := db.QueryRowContext(ctx, "SELECT type FROM sqlite_master WHERE name = ?", t).Scan(&typ)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && typ != "table") {
			return nil, errorf(name, "not an Anki collection: no %s table", t)
		}
		if err != nil {
			return nil, bad(err)
		}
	}
	var crt int64
	var ver int
	var models, deckJSON string
	if err := db.QueryRowContext(ctx, "SELECT crt, ver, models, decks FROM col LIMIT 1").Scan(&crt, &ver, &models, &deckJSON); err != nil {
		return nil, bad(err)
	}
	p.Created = time.Unix(crt, 0).UTC()
	p.Schema = 11
	var hasNotetypes int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'notetypes'").Scan(&hasNotetypes); err != nil {
		return nil, bad(err)
	}
	if hasNotetypes > 0 && ver >= 15 {
		p.Schema = 18
		if err := readNotetypes18(ctx, db, p); err != nil {
			return nil, bad(err)
		}
		if err := readDecks18(ctx, db, p); err != nil {
			return nil, bad(err)
		}
	} else {
		if err := readModels11(models, p); err != nil {
			return nil, bad(errorf(name, "col.models: %v", err))
		}
		if err := readDecks11(deckJSON, p); err != nil {
			return nil, bad(errorf(name, "col.decks: %v", err))
		}
	}
	if err := readNotes(ctx, db, p, lim, name); err != nil {
		return nil, bad(err)
	}
	if err := readCards(ctx, db, p, lim, name); err != nil {
		return nil, bad(err)
	}
	if err := readRevlog(ctx, db, p, lim, name); err != nil {
		return nil, bad(err)
	}
	return p, nil
}

// jsonID is an id that Anki's JSON writes as a number or a string.
type jsonID int64

func (j *jsonID) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "null" || s == "" {
		*j = 0
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return fmt.Errorf("id %s is not a number", b)
	}
	*j = jsonID(f)
	return nil
}

type model11 struct {
	ID    jsonID `json:"id"`
	Name  string `json:"name"`
	Type  int    `json:"type"`
	Sortf int    `json:"sortf"`
	Flds  []struct {
		Name string `json:"name"`
		Ord  int    `json:"ord"`
	} `json:"flds"`
	Tmpls []struct {
		Name string `json:"name"`
		Ord  int    `json:"ord"`
		Qfmt string `json:"qfmt"`
		Afmt string `json:"afmt"`
	} `json:"tmpls"`
}

// readModels11 reads the note types of a schema-11 col.models.
func readModels11(s string, p *Package) error {
	var ms map[string]model11
	if err := json.Unmarshal([]byte(s), &ms); err != nil {
		return err
	}
	for key, m := range ms {
		id, err := strconv.ParseInt(key, 10, 64)
		if err != nil {
			id = int64(m.ID)
		}
		nt := &Notetype{ID: id, Name: m.Name, Cloze: m.Type == 1, SortField: m.Sortf}
		sort.SliceStable(m.Flds, func(i, j int) bool { return m.Flds[i].Ord < m.Flds[j].Ord })
		for _, f := range m.Flds {
			nt.Fields = append(nt.Fields, f.Name)
		}
		sort.SliceStable(m.Tmpls, func(i, j int) bool { return m.Tmpls[i].Ord < m.Tmpls[j].Ord })
		for _, t := range m.Tmpls {
			nt.Templates = append(nt.Templates, Template{Name: t.Name, Q: t.Qfmt, A: t.Afmt})
		}
		p.Notetypes[id] = nt
	}
	return nil
}

// readDecks11 reads the decks of a schema-11 col.decks.
func readDecks11(s string, p *Package) error {
	var ds map[string]struct {
		ID   jsonID `json:"id"`
		Name string `json:"name"`
		Desc string `json:"desc"`
		Dyn  int    `json:"dyn"`
	}
	if err := json.Unmarshal([]byte(s), &ds); err != nil {
		return err
	}
	for key, d := range ds {
		id, err := strconv.ParseInt(key, 10, 64)
		if err != nil {
			id = int64(d.ID)
		}
		p.Decks[id] = &Deck{ID: id, Name: d.Name, Description: d.Desc, Filtered: d.Dyn != 0}
	}
	return nil
}

// readNotetypes18 reads the notetypes, fields and templates tables.
func readNotetypes18(ctx context.Context, db *sql.DB, p *Package) error {
	rows, err := db.QueryContext(ctx, "SELECT id, name, config FROM notetypes")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var nt Notetype
		var config []byte
		if err := rows.Scan(&nt.ID, &nt.Name, &config); err != nil {
			return err
		}
		kind, err := protoVarint(config, 1)
		if err != nil {
			return fmt.Errorf("note type %q: %v", nt.Name, err)
		}
		sortf, err := protoVarint(config, 2)
		if err != nil {
			return fmt.Errorf("note type %q: %v", nt.Name, err)
		}
		nt.Cloze, nt.SortField = kind == 1, int(min(sortf, 1000))
		p.Notetypes[nt.ID] = &nt
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = db.QueryContext(ctx, "SELECT ntid, name FROM fields ORDER BY ntid, ord")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return err
		}
		if nt := p.Notetypes[id]; nt != nil {
			nt.Fields = append(nt.Fields, name)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = db.QueryContext(ctx, "SELECT ntid, name, config FROM templates ORDER BY ntid, ord")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var t Template
		var config []byte
		if err := rows.Scan(&id, &t.Name, &config); err != nil {
			return err
		}
		if t.Q, err = protoString(config, 1); err == nil {
			t.A, err = protoString(config, 2)
		}
		if err != nil {
			return fmt.Errorf("template %q: %v", t.Name, err)
		}
		if nt := p.Notetypes[id]; nt != nil {
			nt.Templates = append(nt.Templates, t)
		}
	}
	return rows.Err()
}

// readDecks18 reads the decks table; names use 0x1f between levels.
func readDecks18(ctx context.Context, db *sql.DB, p *Package) error {
	rows, err := db.QueryContext(ctx, "SELECT id, name, kind FROM decks")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var d Deck
		var kind []byte
		if err := rows.Scan(&d.ID, &d.Name, &kind); err != nil {
			return err
		}
		d.Name = strings.ReplaceAll(d.Name, "\x1f", "::")
		fs, err := protoFields(kind)
		if err != nil {
			return fmt.Errorf("deck %q: %v", d.Name, err)
		}
		for _, f := range fs {
			switch {
			case f.num == 2 && f.wire == 2:
				d.Filtered = true
			case f.num == 1 && f.wire == 2:
				if d.Description, err = protoString(f.bytes, 4); err != nil {
					return fmt.Errorf("deck %q: %v", d.Name, err)
				}
			}
		}
		p.Decks[d.ID] = &d
	}
	return rows.Err()
}

// count checks that table has at most max rows before they are read.
func count(ctx context.Context, db *sql.DB, table string, max int, what, name string) error {
	var n int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil {
		return err
	}
	if n > max {
		return errorf(name, "%d %s; the limit is %d", n, what, max)
	}
	return nil
}

func readNotes(ctx context.Context, db *sql.DB, p *Package, lim Limits, name string) error {
	if err := count(ctx, db, "notes", lim.Notes, "notes", name); err != nil {
		return err
	}
	rows, err := db.QueryContext(ctx, "SELECT id, guid, mid, tags, CAST(flds AS BLOB) FROM notes ORDER BY id")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var n Note
		var tags string
		var flds []byte
		if err := rows.Scan(&n.ID, &n.GUID, &n.NotetypeID, &tags, &flds); err != nil {
			return err
		}
		if len(flds) > lim.FieldBytes {
			return errorf(name, "note %d: %d bytes of fields; the limit is %d", n.ID, len(flds), lim.FieldBytes)
		}
		if !utf8.Valid(flds) {
			flds = bytes.ToValidUTF8(flds, []byte("\uFFFD"))
		}
		n.Fields = strings.Split(string(flds), "\x1f")
		n.Tags = strings.Fields(tags)
		p.Notes = append(p.Notes, n)
		if len(p.Notes)%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
	}
	return rows.Err()
}

func readCards(ctx context.Context, db *sql.DB, p *Package, lim Limits, name string) error {
	if err := count(ctx, db, "cards", lim.Cards, "cards", name); err != nil {
		return err
	}
	rows, err := db.QueryContext(ctx, "SELECT id, nid, did, odid, ord, type, queue, due, ivl, reps, lapses FROM cards ORDER BY id")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var c Card
		var odid int64
		if err := rows.Scan(&c.ID, &c.NoteID, &c.DeckID, &odid, &c.Ord, &c.Type, &c.Queue, &c.Due, &c.Interval, &c.Reps, &c.Lapses); err != nil {
			return err
		}
		if odid != 0 {
			c.DeckID = odid // a card in a filtered deck belongs to its original deck
		}
		p.Cards = append(p.Cards, c)
		if len(p.Cards)%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
	}
	return rows.Err()
}

func readRevlog(ctx context.Context, db *sql.DB, p *Package, lim Limits, name string) error {
	if err := count(ctx, db, "revlog", lim.Reviews, "reviews", name); err != nil {
		return err
	}
	rows, err := db.QueryContext(ctx, "SELECT id, cid, ease, ivl, lastIvl, factor, time, type FROM revlog ORDER BY id")
	if err != nil {
		return err
	}
	defer rows.Close()
	p.Revlog = make([]Review, 0, 64)
	for rows.Next() {
		var r Review
		if err := rows.Scan(&r.ID, &r.CardID, &r.Ease, &r.Interval, &r.LastIvl, &r.Factor, &r.TakenMS, &r.Type); err != nil {
			return err
		}
		p.Revlog = append(p.Revlog, r)
		if len(p.Revlog)%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
	}
	return rows.Err()
}
