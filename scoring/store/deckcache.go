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
// keep their states, which are not the deck's any more).
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
		q := "SELECT " + stateColumns + " FROM card_states WHERE deck_id = ?1 AND phase <> 0"
		if states != items-fresh {
			q = `SELECT s.card_id, s.phase, s.step, s.stability, s.difficulty, s.due_ms, s.last_review_ms, s.reps,
				s.lapses, s.leech, s.ease, s.interval_days
				FROM deck_items i CROSS JOIN card_states s ON s.deck_id = i.deck_id AND s.card_id = i.item_id
				WHERE i.path = ?2 AND i.is_new = 0 AND i.deck_id = ?1 AND s.phase <> 0`
		}
		return rawQuery(ctx, c, q, []any{deckID, path}, func(row scanner) error {
			id, st, err := scanState(row)
			if err == nil {
				fn(id, st)
			}
			return err
		})
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
