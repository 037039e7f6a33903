package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ontap/ontap/scoring"
)

// DeckFile is the cache entry of one deck file (see migration 0004). The
// store keeps the bytes the caller encodes and knows nothing of decks.
type DeckFile struct {
	Path      string // the file's path, or "builtin:NAME.toml"
	Size      int64
	MtimeNS   int64  // modification time, Unix nanoseconds
	Hash      []byte // SHA-256 of the content
	CheckedNS int64  // when the content was last hashed, Unix nanoseconds
	Version   int    // the encoding's version
	DeckID    string // "" when the file has errors
	Header    []byte // the deck without its cards; nil when the file has errors
	Diags     []byte // the file's diagnostics
	Cards     int    // how many cards
	Items     int    // how many items they expand to
}

// DeckItem is one item of a cached deck file, in the deck's order.
type DeckItem struct {
	ID      string // the item id (card id, "ID:reverse", "ID:c1"...)
	Sibling string // items sharing it are siblings
	Card    int    // index of its card in the file
}

// DeckPut is a deck file to cache with its encoded cards and its items.
type DeckPut struct {
	File  DeckFile
	Cards [][]byte
	Items []DeckItem
}

// DeckFiles returns every cache entry, by path.
func (db *DB) DeckFiles(ctx context.Context) (map[string]*DeckFile, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT path, size, mtime_ns, hash, checked_ns, version, deck_id,
		header, diags, cards, items FROM deck_files`)
	if err != nil {
		return nil, db.wrap(err, "")
	}
	defer rows.Close()
	out := map[string]*DeckFile{}
	for rows.Next() {
		f := &DeckFile{}
		if err := rows.Scan(&f.Path, &f.Size, &f.MtimeNS, &f.Hash, &f.CheckedNS, &f.Version, &f.DeckID,
			&f.Header, &f.Diags, &f.Cards, &f.Items); err != nil {
			return nil, db.wrap(err, "")
		}
		out[f.Path] = f
	}
	if err := rows.Err(); err != nil {
		return nil, db.wrap(err, "")
	}
	return out, nil
}

// PutDeckFiles replaces the cache entries of the given files, their cards
// and items, in one transaction. Each item starts new unless card_states
// holds a state other than New for it.
func (db *DB) PutDeckFiles(ctx context.Context, puts []DeckPut) error {
	if len(puts) == 0 {
		return nil
	}
	return db.bulkTx(ctx, "", func(tx *sql.Tx) error {
		file, err := tx.PrepareContext(ctx, `INSERT OR REPLACE INTO deck_files
			(path, size, mtime_ns, hash, checked_ns, version, deck_id, header, diags, cards, items, items_hash)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer file.Close()
		card, err := tx.PrepareContext(ctx, `INSERT INTO deck_cards (path, chunk, cards) VALUES (?, ?, ?)`)
		if err != nil {
			return err
		}
		defer card.Close()
		// Every item of a file in one statement: SQLite inserts the rows
		// of a JSON array of [id, sibling, card] far faster than one
		// statement per row.
		item, err := tx.PrepareContext(ctx, `INSERT INTO deck_items (path, ord, deck_id, item_id, sibling, card_ord, is_new)
			SELECT ?1, j.key, ?2, j.value ->> 0, j.value ->> 1, j.value ->> 2, NOT EXISTS (SELECT 1 FROM card_states s
			    WHERE s.deck_id = ?2 AND s.card_id = j.value ->> 0 AND s.phase <> 0)
			FROM json_each(?3) AS j`)
		if err != nil {
			return err
		}
		defer item.Close()
		unplace, err := tx.PrepareContext(ctx, `UPDATE card_states SET path = NULL, ord = NULL, sibling = NULL, card_ord = NULL
			WHERE deck_id = ?2 AND path = ?1`)
		if err != nil {
			return err
		}
		defer unplace.Close()
		place, err := tx.PrepareContext(ctx, `UPDATE card_states SET path = i.path, ord = i.ord, sibling = i.sibling,
			card_ord = i.card_ord FROM deck_items AS i
			WHERE i.path = ?1 AND card_states.deck_id = i.deck_id AND card_states.card_id = i.item_id`)
		if err != nil {
			return err
		}
		defer place.Close()
		for _, p := range puts {
			f := p.File
			rows := make([][3]any, len(p.Items))
			for i, it := range p.Items {
				rows[i] = [3]any{it.ID, it.Sibling, it.Card}
			}
			list, err := json.Marshal(rows)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(append([]byte(f.DeckID+"\x00"), list...))
			// A file edited without adding, removing or moving cards (the
			// usual fix of a typo) keeps its items: they are not written
			// again.
			var old []byte
			err = tx.QueryRowContext(ctx, "SELECT items_hash FROM deck_files WHERE path = ?", f.Path).Scan(&old)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			sameItems := bytes.Equal(old, sum[:])
			if sameItems {
				for _, q := range []string{"DELETE FROM deck_files WHERE path = ?", "DELETE FROM deck_cards WHERE path = ?"} {
					if _, err := tx.ExecContext(ctx, q, f.Path); err != nil {
						return err
					}
				}
			} else if err := dropDeckFile(ctx, tx, f.Path); err != nil {
				return err
			}
			if _, err := file.ExecContext(ctx, f.Path, f.Size, f.MtimeNS, f.Hash, f.CheckedNS, f.Version, f.DeckID,
				f.Header, f.Diags, f.Cards, f.Items, sum[:]); err != nil {
				return err
			}
			for i, chunk := range slices.Collect(slices.Chunk(p.Cards, cardChunk)) {
				var blob []byte
				for _, c := range chunk {
					blob = binary.AppendUvarint(blob, uint64(len(c)))
					blob = append(blob, c...)
				}
				if _, err := card.ExecContext(ctx, f.Path, i, blob); err != nil {
					return err
				}
			}
			if sameItems {
				continue
			}
			if len(p.Items) > 0 {
				if _, err := item.ExecContext(ctx, f.Path, f.DeckID, string(list)); err != nil {
					return err
				}
			}
			// The states of the deck's cards have their place in the file
			// again (migration 0005): none for those that left it.
			if _, err := unplace.ExecContext(ctx, f.Path, f.DeckID); err != nil {
				return err
			}
			if _, err := place.ExecContext(ctx, f.Path); err != nil {
				return err
			}
		}
		return nil
	})
}

func dropDeckFile(ctx context.Context, tx *sql.Tx, path string) error {
	for _, q := range []string{"DELETE FROM deck_files WHERE path = ?", "DELETE FROM deck_cards WHERE path = ?",
		"DELETE FROM deck_items WHERE path = ?"} {
		if _, err := tx.ExecContext(ctx, q, path); err != nil {
			return err
		}
	}
	return nil
}

// TouchDeckFiles records that the files' content was hashed again at
// checkedNS and found unchanged, with their current modification times
// (by path).
func (db *DB) TouchDeckFiles(ctx context.Context, mtimes map[string]int64, checkedNS int64) error {
	if len(mtimes) == 0 {
		return nil
	}
	return db.writeTx(ctx, "", func(tx *sql.Tx) error {
		for path, m := range mtimes {
			if _, err := tx.ExecContext(ctx, "UPDATE deck_files SET mtime_ns = ?, checked_ns = ? WHERE path = ?",
				m, checkedNS, path); err != nil {
				return err
			}
		}
		return nil
	})
}

// DropDeckFiles removes the cache entries of files that are gone.
func (db *DB) DropDeckFiles(ctx context.Context, paths []string) error {
	if len(paths) == 0 {
		return nil
	}
	return db.writeTx(ctx, "", func(tx *sql.Tx) error {
		for _, p := range paths {
			if err := dropDeckFile(ctx, tx, p); err != nil {
				return err
			}
		}
		return nil
	})
}

// cardChunk is how many cards a row of deck_cards holds.
const cardChunk = 32

// DeckCards returns encoded cards of a cached file, by index: the given
// ones, or every card when ords is nil.
func (db *DB) DeckCards(ctx context.Context, path string, ords []int) (map[int][]byte, error) {
	want := map[int]bool{}
	chunks := map[int]bool{}
	for _, o := range ords {
		want[o], chunks[o/cardChunk] = true, true
	}
	q, args := "SELECT chunk, cards FROM deck_cards WHERE path = ?", []any{path}
	if ords != nil {
		list := make([]int, 0, len(chunks))
		for c := range chunks {
			list = append(list, c)
		}
		b, _ := json.Marshal(list)
		q += " AND chunk IN (SELECT value FROM json_each(?))"
		args = append(args, string(b))
	}
	rows, err := db.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, db.wrap(err, "")
	}
	defer rows.Close()
	out := make(map[int][]byte, len(ords))
	for rows.Next() {
		var chunk int
		var blob []byte
		if err := rows.Scan(&chunk, &blob); err != nil {
			return nil, db.wrap(err, "")
		}
		for i := chunk * cardChunk; len(blob) > 0; i++ {
			n, k := binary.Uvarint(blob)
			if k <= 0 || n > uint64(len(blob)-k) {
				return nil, fmt.Errorf("%s: deck cache of %s: corrupt cards", db.path, path)
			}
			if ords == nil || want[i] {
				out[i] = blob[k : k+int(n)]
			}
			blob = blob[k+int(n):]
		}
	}
	if err := rows.Err(); err != nil {
		return nil, db.wrap(err, "")
	}
	return out, nil
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

// StudyQuery asks what a study session needs from one cached deck file.
type StudyQuery struct {
	Path    string // the cached file
	DeckID  string // its deck id
	Reviews int    // how many due reviews the session may still take today
	New     int    // how many new items it may still take today
}

// StudyItem is an item a study session may ask, with its stored state.
type StudyItem struct {
	ID      string
	Sibling string
	Card    int           // index of its card in the file
	Ord     int           // its place in the deck's order of items
	State   scoring.State // New (zero) for a new item
	Known   bool          // it has a state other than New
}

// PlanStudy reads, in one read transaction, the items a study session over
// the given cached deck files may ask, by path, in deck order: every
// learning item; the first q.Reviews reviews due at or before now in due
// order (with every review due at the same instant as the last); and the
// first q.New new items in deck order. Suspended cards are left out.
// Siblings of one another are taken
// once in a session, so more items are read when some would be passed
// over: a session built from these items takes the same ones as from the
// whole decks.
func (db *DB) PlanStudy(ctx context.Context, now time.Time, qs []StudyQuery) (map[string][]StudyItem, error) {
	var plan map[string][]StudyItem
	err := db.read(ctx, func(c *sql.Conn) error {
		var err error
		if plan, err = planStudied(ctx, c, now, qs); err != nil {
			return err
		}
		return planNew(ctx, c, qs, plan)
	})
	if err != nil {
		return nil, db.wrap(err, "")
	}
	for _, items := range plan {
		slices.SortFunc(items, func(a, b StudyItem) int { return a.Ord - b.Ord })
	}
	return plan, nil
}

// notSuspended keeps the card states of cards that are not suspended
// (suspend.go). Suspended cards are leeches, so never new: planNew has
// nothing to skip.
const notSuspended = `NOT EXISTS (SELECT 1 FROM suspended AS s
	WHERE s.deck_id = card_states.deck_id AND s.card_id = card_states.card_id)`

// planStudied reads the learning items and the due reviews of PlanStudy.
func planStudied(ctx context.Context, c *sql.Conn, now time.Time, qs []StudyQuery) (map[string][]StudyItem, error) {
	plan := map[string][]StudyItem{}
	byDeck := make(map[string]*StudyQuery, len(qs))
	for i := range qs {
		byDeck[qs[i].DeckID] = &qs[i]
	}
	seen := map[string]map[int]bool{}     // by path: item ords already in the plan
	taken := map[string]map[string]bool{} // by path: siblings the session may take before new items
	add := func(path string, it StudyItem) {
		if seen[path] == nil {
			seen[path], taken[path] = map[int]bool{}, map[string]bool{}
		}
		if !seen[path][it.Ord] {
			seen[path][it.Ord] = true
			plan[path] = append(plan[path], it)
		}
		taken[path][it.Sibling] = true
	}
	// The states carry their item's place in its file (migration 0005);
	// an item whose place is not in the file studied (a state older than
	// the cache of its file, or a deck id in two files) is looked up.
	const cols = `SELECT deck_id, path, ord, card_id, sibling, card_ord, phase, step, stability, difficulty,
		due_ms, last_review_ms, reps, lapses, leech, ease, interval_days FROM card_states `
	type unplaced struct {
		q  *StudyQuery
		it StudyItem
	}
	var lookups []unplaced
	each := func(rows *sql.Rows, fn func(q *StudyQuery, it StudyItem)) error {
		return eachState(rows, func(deck string, path sql.NullString, it StudyItem) {
			q := byDeck[deck]
			switch {
			case q == nil:
			case path.Valid && path.String == q.Path:
				fn(q, it)
			default:
				lookups = append(lookups, unplaced{q, it})
			}
		})
	}
	// place looks up the items of lookups in their files and gives those
	// found to fn, in the order they came.
	place := func(fn func(q *StudyQuery, it StudyItem)) error {
		for _, u := range lookups {
			err := c.QueryRowContext(ctx, `SELECT ord, sibling, card_ord FROM deck_items
				WHERE deck_id = ? AND item_id = ? AND path = ?`, u.q.DeckID, u.it.ID, u.q.Path).
				Scan(&u.it.Ord, &u.it.Sibling, &u.it.Card)
			if errors.Is(err, sql.ErrNoRows) {
				continue
			}
			if err != nil {
				return err
			}
			fn(u.q, u.it)
		}
		lookups = lookups[:0]
		return nil
	}
	// Learning items, every one.
	rows, err := c.QueryContext(ctx, cols+`WHERE phase IN (1, 3) AND `+notSuspended)
	if err != nil {
		return nil, err
	}
	learn := func(q *StudyQuery, it StudyItem) { add(q.Path, it) }
	if err := each(rows, learn); err != nil {
		return nil, err
	}
	if err := place(learn); err != nil {
		return nil, err
	}
	learning := map[string]int{}
	for p, t := range taken {
		learning[p] = len(t)
	}
	// Due reviews in due order: per deck until enough siblings, then the
	// rest due at the same instant as the last.
	last := map[string]int64{}
	full := map[string]bool{}
	rows, err = c.QueryContext(ctx, cols+`WHERE phase = 2 AND due_ms <= ? AND `+notSuspended+` ORDER BY due_ms`, now.UnixMilli())
	if err != nil {
		return nil, err
	}
	// The due items looked up come in due order too: they are gathered
	// with the others (the rare case), then taken in that order.
	var due []unplaced
	gather := func(q *StudyQuery, it StudyItem) { due = append(due, unplaced{q, it}) }
	if err := each(rows, gather); err != nil {
		return nil, err
	}
	if len(lookups) > 0 {
		if err := place(gather); err != nil {
			return nil, err
		}
		slices.SortStableFunc(due, func(a, b unplaced) int { return a.it.State.Due.Compare(b.it.State.Due) })
	}
	for _, u := range due {
		q, path, at := u.q, u.q.Path, u.it.State.Due.UnixMilli()
		if q.Reviews <= 0 || (full[path] && at != last[path]) {
			continue
		}
		add(path, u.it)
		last[path] = at
		if len(taken[path])-learning[path] >= q.Reviews {
			full[path] = true
		}
	}
	return plan, nil
}

// newItemsQuery gives the new items of a file (?2) to the item visitor ?1,
// in deck order. An item is new when it has no state or a New one, which is
// the zero state (Undo of a first answer). An ORDER BY would not order the
// rows an aggregate reads; both ways to find them, the index
// deck_items_new and the primary key, come in deck order, and planNew
// checks it.
const newItemsQuery = `SELECT count(` + itemFunc + `(?1, ord, item_id, sibling, card_ord)) FROM deck_items
	WHERE path = ?2 AND is_new = 1`

// planNew reads the new items of PlanStudy into plan: for each file, up to
// the first item of the q.New-th sibling not among those of the items
// studied (siblings follow one another, and a session takes one of each).
func planNew(ctx context.Context, c *sql.Conn, qs []StudyQuery, plan map[string][]StudyItem) error {
	stmt, err := c.PrepareContext(ctx, newItemsQuery)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, q := range qs {
		if q.New <= 0 {
			continue
		}
		before := make(map[string]bool, len(plan[q.Path]))
		for _, it := range plan[q.Path] {
			before[it.Sibling] = true
		}
		fresh := make(map[string]bool, q.New)
		last := -1
		err := visitItems(func(h int64) error {
			var n int
			return stmt.QueryRowContext(ctx, h, q.Path).Scan(&n)
		}, func(it StudyItem) error {
			if len(fresh) >= q.New {
				return errStopVisit
			}
			if it.Ord <= last {
				return fmt.Errorf("new items of %s out of order (%d after %d)", q.Path, it.Ord, last)
			}
			last = it.Ord
			plan[q.Path] = append(plan[q.Path], it)
			if !before[it.Sibling] {
				fresh[it.Sibling] = true
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// eachState calls fn for rows of PlanStudy's columns (the item's place is
// that of the file path, when valid).
func eachState(rows *sql.Rows, fn func(deck string, path sql.NullString, it StudyItem)) error {
	defer rows.Close()
	for rows.Next() {
		var deck string
		var path, sibling sql.NullString
		var ord, card sql.NullInt64
		var it StudyItem
		var phase int
		var due, last sql.NullInt64
		st := &it.State
		if err := rows.Scan(&deck, &path, &ord, &it.ID, &sibling, &card, &phase, &st.Step, &st.Stability,
			&st.Difficulty, &due, &last, &st.Reps, &st.Lapses, &st.Leech, &st.Ease, &st.IntervalDays); err != nil {
			return err
		}
		st.Phase = scoring.Phase(phase)
		st.Due, st.LastReview = timeOf(due), timeOf(last)
		it.Known = st.Phase != scoring.New
		it.Ord, it.Sibling, it.Card = int(ord.Int64), sibling.String, int(card.Int64)
		fn(deck, path, it)
	}
	return rows.Err()
}

// DeckCard returns one encoded card of a cached file.
func (db *DB) DeckCard(ctx context.Context, path string, ord int) ([]byte, error) {
	cards, err := db.DeckCards(ctx, path, []int{ord})
	if err != nil {
		return nil, err
	}
	b, ok := cards[ord]
	if !ok {
		return nil, fmt.Errorf("%s: deck cache of %s has no card %d", db.path, path, ord)
	}
	return b, nil
}

// read runs fn on one connection inside one read transaction: a consistent
// view, and no locking and unlocking of the file around every query.
func (db *DB) read(ctx context.Context, fn func(c *sql.Conn) error) error {
	c, err := db.sql.Conn(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	if _, err := c.ExecContext(ctx, "BEGIN DEFERRED"); err != nil {
		return err
	}
	err = fn(c)
	if _, cerr := c.ExecContext(context.WithoutCancel(ctx), "COMMIT"); err == nil {
		err = cerr
	}
	return err
}

// DeckCount is what `deck list` shows of a cached deck file.
type DeckCount struct {
	New int // items with no state, or a New one
	Due int // items studied and due at or before now (learning ones too)
}

// DeckCounts counts, for every cached deck file, its new items and its
// items due at now, by path.
func (db *DB) DeckCounts(ctx context.Context, now time.Time) (map[string]DeckCount, error) {
	out := map[string]DeckCount{}
	err := db.read(ctx, func(c *sql.Conn) error {
		rows, err := c.QueryContext(ctx, `SELECT path, count(*) FROM deck_items WHERE is_new = 1 GROUP BY path`)
		if err != nil {
			return err
		}
		if err := countBy(rows, func(path string, n int) { x := out[path]; x.New = n; out[path] = x }); err != nil {
			return err
		}
		rows, err = c.QueryContext(ctx, `SELECT i.path, count(*) FROM card_states s CROSS JOIN deck_items i
			ON i.deck_id = s.deck_id AND i.item_id = s.card_id
			WHERE s.phase IN (1, 2, 3) AND s.due_ms <= ? GROUP BY i.path`, now.UnixMilli())
		if err != nil {
			return err
		}
		return countBy(rows, func(path string, n int) { x := out[path]; x.Due = n; out[path] = x })
	})
	if err != nil {
		return nil, db.wrap(err, "")
	}
	return out, nil
}

// countBy calls fn for rows of (text, count).
func countBy(rows *sql.Rows, fn func(string, int)) error {
	defer rows.Close()
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return err
		}
		fn(k, n)
	}
	return rows.Err()
}

// StudiedItems calls fn with the state of every item of the cached deck
// file path (of deck deckID) that has been studied, a state other than
// New, in no particular order, and returns the number of the file's items.
// It reads the deck's states alone, in key order, when every studied card
// of the deck is an item of the file (the usual case: the counts tell);
// and looks each studied item up otherwise (cards removed from the file
// keep their states, which are not the deck's any more). The states are
// given by ontap_visit (see visit.go), not read row by row.
func (db *DB) StudiedItems(ctx context.Context, path, deckID string, fn func(itemID string, s scoring.State)) (int, error) {
	var items int
	err := db.read(ctx, func(c *sql.Conn) error {
		var fresh, states int
		err := c.QueryRowContext(ctx, `SELECT f.items, (SELECT count(*) FROM deck_items WHERE path = f.path AND is_new = 1)
			FROM deck_files f WHERE f.path = ?`, path).Scan(&items, &fresh)
		if err != nil {
			return err
		}
		if err := c.QueryRowContext(ctx, `SELECT count(*) FROM card_states WHERE deck_id = ? AND phase <> 0`,
			deckID).Scan(&states); err != nil {
			return err
		}
		q := "SELECT count(" + visitFunc + "(?1, " + visitColumns("s") + ")) FROM card_states s WHERE s.deck_id = ?2 AND s.phase <> 0"
		if states != items-fresh {
			q = "SELECT count(" + visitFunc + "(?1, " + visitColumns("s") + `))
				FROM deck_items i CROSS JOIN card_states s ON s.deck_id = i.deck_id AND s.card_id = i.item_id
				WHERE i.path = ?3 AND i.is_new = 0 AND i.deck_id = ?2 AND s.phase <> 0`
		}
		return visitStates(func(h int64) error {
			var n int
			return c.QueryRowContext(ctx, q, h, deckID, path).Scan(&n)
		}, fn)
	})
	if err != nil {
		return 0, db.wrap(err, "")
	}
	return items, nil
}

// DeckItemCard returns the index of the card of an item of a cached deck
// file, and false if the file has no such item.
func (db *DB) DeckItemCard(ctx context.Context, path, deckID, itemID string) (int, bool, error) {
	var ord int
	err := db.sql.QueryRowContext(ctx, "SELECT card_ord FROM deck_items WHERE deck_id = ? AND item_id = ? AND path = ?",
		deckID, itemID, path).Scan(&ord)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, db.wrap(err, "")
	}
	return ord, true, nil
}

// DeckNextDue returns when the earliest-due card of a cached deck file
// that has been studied, and is not suspended, is due (zero if none), and
// whether it has new items left.
func (db *DB) DeckNextDue(ctx context.Context, path, deckID string) (time.Time, bool, error) {
	var due sql.NullInt64
	// In due order (card_states_due), the first studied item of the file:
	// placed in it (migration 0005), or else looked up.
	err := db.sql.QueryRowContext(ctx, `SELECT s.due_ms FROM card_states s
		WHERE s.deck_id = ?2 AND s.due_ms IS NOT NULL AND s.phase <> 0 AND (s.path = ?1 OR EXISTS
		    (SELECT 1 FROM deck_items i WHERE i.deck_id = s.deck_id AND i.item_id = s.card_id AND i.path = ?1))
		  AND NOT EXISTS (SELECT 1 FROM suspended x WHERE x.deck_id = s.deck_id AND x.card_id = s.card_id)
		ORDER BY s.due_ms LIMIT 1`, path, deckID).Scan(&due)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, false, db.wrap(err, "")
	}
	var newLeft bool
	if err := db.sql.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM deck_items WHERE path = ? AND is_new = 1)",
		path).Scan(&newLeft); err != nil {
		return time.Time{}, false, db.wrap(err, "")
	}
	return timeOf(due), newLeft, nil
}

// StatesOf returns the states of the given cards of deckID that have one,
// by card id: States for a few cards.
func (db *DB) StatesOf(ctx context.Context, deckID string, cardIDs []string) (map[string]scoring.State, error) {
	out := make(map[string]scoring.State, len(cardIDs))
	for chunk := range slices.Chunk(cardIDs, 500) {
		args := make([]any, 0, len(chunk)+1)
		args = append(args, deckID)
		for _, id := range chunk {
			args = append(args, id)
		}
		rows, err := db.sql.QueryContext(ctx, "SELECT "+stateColumns+" FROM card_states WHERE deck_id = ? AND card_id IN ("+
			placeholders(len(chunk))+")", args...)
		if err != nil {
			return nil, db.wrap(err, "")
		}
		for rows.Next() {
			card, s, err := scanState(rows)
			if err != nil {
				rows.Close()
				return nil, db.wrap(err, "")
			}
			out[card] = s
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, db.wrap(err, "")
		}
	}
	return out, nil
}
