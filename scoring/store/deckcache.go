package store

import (
	"context"
	"database/sql"
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
	return db.writeTx(ctx, "", func(tx *sql.Tx) error {
		file, err := tx.PrepareContext(ctx, `INSERT OR REPLACE INTO deck_files
			(path, size, mtime_ns, hash, checked_ns, version, deck_id, header, diags, cards, items)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer file.Close()
		card, err := tx.PrepareContext(ctx, `INSERT INTO deck_cards (path, ord, card) VALUES (?, ?, ?)`)
		if err != nil {
			return err
		}
		defer card.Close()
		item, err := tx.PrepareContext(ctx, `INSERT INTO deck_items (path, ord, deck_id, item_id, sibling, card_ord, is_new)
			VALUES (?1, ?2, ?3, ?4, ?5, ?6, NOT EXISTS (SELECT 1 FROM card_states
			    WHERE deck_id = ?3 AND card_id = ?4 AND phase <> 0))`)
		if err != nil {
			return err
		}
		defer item.Close()
		for _, p := range puts {
			f := p.File
			if err := dropDeckFile(ctx, tx, f.Path); err != nil {
				return err
			}
			if _, err := file.ExecContext(ctx, f.Path, f.Size, f.MtimeNS, f.Hash, f.CheckedNS, f.Version, f.DeckID,
				f.Header, f.Diags, f.Cards, f.Items); err != nil {
				return err
			}
			for i, c := range p.Cards {
				if _, err := card.ExecContext(ctx, f.Path, i, c); err != nil {
					return err
				}
			}
			for i, it := range p.Items {
				if _, err := item.ExecContext(ctx, f.Path, i, f.DeckID, it.ID, it.Sibling, it.Card); err != nil {
					return err
				}
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

// DeckCards returns encoded cards of a cached file, by index: the given
// ones (which must be sorted), or every card when ords is nil.
func (db *DB) DeckCards(ctx context.Context, path string, ords []int) (map[int][]byte, error) {
	out := make(map[int][]byte, len(ords))
	scan := func(rows *sql.Rows) error {
		defer rows.Close()
		for rows.Next() {
			var ord int
			var b []byte
			if err := rows.Scan(&ord, &b); err != nil {
				return err
			}
			out[ord] = b
		}
		return rows.Err()
	}
	if ords == nil {
		rows, err := db.sql.QueryContext(ctx, "SELECT ord, card FROM deck_cards WHERE path = ? ORDER BY ord", path)
		if err != nil {
			return nil, db.wrap(err, "")
		}
		if err := scan(rows); err != nil {
			return nil, db.wrap(err, "")
		}
		return out, nil
	}
	for chunk := range slices.Chunk(ords, 500) {
		args := make([]any, 0, len(chunk)+1)
		args = append(args, path)
		for _, o := range chunk {
			args = append(args, o)
		}
		rows, err := db.sql.QueryContext(ctx, "SELECT ord, card FROM deck_cards WHERE path = ? AND ord IN ("+
			placeholders(len(chunk))+")", args...)
		if err != nil {
			return nil, db.wrap(err, "")
		}
		if err := scan(rows); err != nil {
			return nil, db.wrap(err, "")
		}
	}
	return out, nil
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

// StudyQuery asks which cards of a cached deck file a study session needs.
type StudyQuery struct {
	Path    string    // the cached file
	DeckID  string    // its deck id
	Now     time.Time // reviews due at or before it
	Reviews int       // how many due reviews the session may still take today
	New     int       // how many new items it may still take today
}

// StudyCards returns the indexes (sorted) of the cards a study session
// needs from one cached deck file: those of its learning items, of its
// first q.Reviews due reviews in due order (with every review due at the
// same instant as the last), and of its first q.New new items in deck
// order. Siblings of one another are taken once in a session, so more are
// returned when some would be passed over: enough that a session built
// from these cards takes the same items as one built from the whole deck.
func (db *DB) StudyCards(ctx context.Context, q StudyQuery) ([]int, error) {
	cards := map[int]bool{}
	taken := map[string]bool{} // siblings the session may take before new items
	rows, err := db.sql.QueryContext(ctx, `SELECT i.card_ord, i.sibling FROM card_states s
		JOIN deck_items i ON i.deck_id = s.deck_id AND i.item_id = s.card_id AND i.path = ?
		WHERE s.deck_id = ? AND s.phase IN (1, 3)`, q.Path, q.DeckID)
	if err != nil {
		return nil, db.wrap(err, "")
	}
	if _, _, err := collect(rows, cards, taken, nil); err != nil {
		return nil, db.wrap(err, "")
	}
	learning := maps(taken)
	if q.Reviews > 0 {
		for k := q.Reviews; ; k *= 2 {
			rows, err := db.sql.QueryContext(ctx, `SELECT i.card_ord, i.sibling, s.due_ms FROM card_states s
				JOIN deck_items i ON i.deck_id = s.deck_id AND i.item_id = s.card_id AND i.path = ?1
				WHERE s.deck_id = ?2 AND s.phase = 2 AND s.due_ms <= ?3 ORDER BY s.due_ms LIMIT ?4`,
				q.Path, q.DeckID, q.Now.UnixMilli(), k)
			if err != nil {
				return nil, db.wrap(err, "")
			}
			n, last, err := collect(rows, cards, taken, learning)
			if err != nil {
				return nil, db.wrap(err, "")
			}
			if n < k {
				break
			}
			// Reviews due at the same instant as the last one are ordered by
			// the deck, which only the session knows: take them all.
			rows, err = db.sql.QueryContext(ctx, `SELECT i.card_ord, i.sibling FROM card_states s
				JOIN deck_items i ON i.deck_id = s.deck_id AND i.item_id = s.card_id AND i.path = ?1
				WHERE s.deck_id = ?2 AND s.phase = 2 AND s.due_ms = ?3`, q.Path, q.DeckID, last)
			if err != nil {
				return nil, db.wrap(err, "")
			}
			if _, _, err := collect(rows, cards, taken, learning); err != nil {
				return nil, db.wrap(err, "")
			}
			if len(taken)-len(learning) >= q.Reviews {
				break
			}
		}
	}
	if q.New > 0 {
		before := maps(taken)
		for k := q.New; ; k *= 2 {
			rows, err := db.sql.QueryContext(ctx, `SELECT card_ord, sibling FROM deck_items
				WHERE path = ? AND is_new = 1 ORDER BY ord LIMIT ?`, q.Path, k)
			if err != nil {
				return nil, db.wrap(err, "")
			}
			n, _, err := collect(rows, cards, taken, before)
			if err != nil {
				return nil, db.wrap(err, "")
			}
			if n < k || len(taken)-len(before) >= q.New {
				break
			}
		}
	}
	out := make([]int, 0, len(cards))
	for c := range cards {
		out = append(out, c)
	}
	slices.Sort(out)
	return out, nil
}

// collect reads rows of (card_ord, sibling[, due_ms]) into cards, and adds
// to taken the siblings not in except. It returns how many rows it read and
// the last due_ms.
func collect(rows *sql.Rows, cards map[int]bool, taken, except map[string]bool) (int, int64, error) {
	defer rows.Close()
	n := 0
	var last int64
	cols, err := rows.Columns()
	if err != nil {
		return 0, 0, err
	}
	for rows.Next() {
		var ord int
		var sib string
		dest := []any{&ord, &sib}
		if len(cols) == 3 {
			dest = append(dest, &last)
		}
		if err := rows.Scan(dest...); err != nil {
			return 0, 0, err
		}
		n++
		cards[ord] = true
		if !except[sib] {
			taken[sib] = true
		}
	}
	return n, last, rows.Err()
}

// maps returns a copy of a set.
func maps(m map[string]bool) map[string]bool {
	out := make(map[string]bool, len(m))
	for k := range m {
		out[k] = true
	}
	return out
}

// DeckNextDue returns when the earliest-due card of a cached deck file
// that has been studied is due (zero if none), and whether it has new
// items left.
func (db *DB) DeckNextDue(ctx context.Context, path, deckID string) (time.Time, bool, error) {
	var due sql.NullInt64
	err := db.sql.QueryRowContext(ctx, `SELECT min(s.due_ms) FROM card_states s
		JOIN deck_items i ON i.deck_id = s.deck_id AND i.item_id = s.card_id AND i.path = ?
		WHERE s.deck_id = ? AND s.phase <> 0`, path, deckID).Scan(&due)
	if err != nil {
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
