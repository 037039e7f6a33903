package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/ontap/ontap/scoring"
)

// ItemState is an item of a cached deck file with its stored state (zero,
// New, for an item never studied).
type ItemState struct {
	ID      string
	Sibling string
	Card    int // the index of its card in the file
	Ord     int // its place in the file's order of items
	State   scoring.State
}

// The states of a deck are read by phase in due order from the index
// card_states_plan (migration 0008), each joined to its item in the file
// studied: a state whose card left the file, or is of another file with
// the same deck id, is not one of its items. Suspended cards (leeches:
// never new) are left out.
const itemStates = `SELECT s.card_id, i.sibling, i.card_ord, i.ord, s.phase, s.step, s.stability, s.difficulty,
	s.due_ms, s.last_review_ms, s.reps, s.lapses, s.leech, s.ease, s.interval_days
	FROM card_states s CROSS JOIN deck_items i ON i.deck_id = s.deck_id AND i.item_id = s.card_id AND i.path = ?2
	WHERE s.deck_id = ?1 AND ` + notSuspended

// notSuspended keeps the states (s) of cards that are not suspended.
const notSuspended = `NOT EXISTS (SELECT 1 FROM suspended AS x WHERE x.deck_id = s.deck_id AND x.card_id = s.card_id) `

// LearningItems lists the items of the cached file path (of deck deckID)
// in their (re)learning steps, in deck order.
func (db *DB) LearningItems(ctx context.Context, path, deckID string) ([]ItemState, error) {
	return db.items(ctx, itemStates+"AND s.phase IN (1, 3) ORDER BY i.ord", deckID, path)
}

// DueItems lists up to n items of the cached file path (of deck deckID) in
// review, due at or before now, in due order (ties in deck order), after
// the item after (nil: from the first).
func (db *DB) DueItems(ctx context.Context, path, deckID string, now time.Time, after *ItemState, n int) ([]ItemState, error) {
	from, ord := int64(-1<<62), -1
	if after != nil {
		from, ord = after.State.Due.UnixMilli(), after.Ord
	}
	return db.items(ctx, itemStates+`AND s.phase = 2 AND s.due_ms <= ?3 AND s.due_ms >= ?4
		AND (s.due_ms > ?4 OR i.ord > ?5) ORDER BY s.due_ms, i.ord LIMIT ?6`, deckID, path, now.UnixMilli(), from, ord, n)
}

// NewItems lists up to n new items of the cached file path in deck order,
// after the item of ord after (-1: from the first).
func (db *DB) NewItems(ctx context.Context, path string, after, n int) ([]ItemState, error) {
	rows, err := db.query(ctx, `SELECT item_id, sibling, card_ord, ord FROM deck_items
		WHERE path = ? AND is_new = 1 AND ord > ? ORDER BY ord LIMIT ?`, path, after, n)
	if err != nil {
		return nil, db.wrap(err, "")
	}
	defer rows.Close()
	var out []ItemState
	for rows.Next() {
		var it ItemState
		if err := rows.Scan(&it.ID, &it.Sibling, &it.Card, &it.Ord); err != nil {
			return nil, db.wrap(err, "")
		}
		out = append(out, it)
	}
	return out, db.wrap(rows.Err(), "")
}

// ItemCounts counts, up to maxDue and maxNew, the states of deck deckID in
// review due at or before now (the cards that left the file too: it is
// the index's count), and the new items of the cached file path.
func (db *DB) ItemCounts(ctx context.Context, path, deckID string, now time.Time, maxDue, maxNew int) (int, int, error) {
	var due, fresh int
	err := db.queryRow(ctx, `SELECT
		(SELECT count(*) FROM (SELECT 1 FROM card_states s WHERE s.deck_id = ?1 AND s.phase = 2 AND s.due_ms <= ?3
		    AND `+notSuspended+`LIMIT ?4)),
		(SELECT count(*) FROM (SELECT 1 FROM deck_items WHERE path = ?2 AND is_new = 1 LIMIT ?5))`,
		deckID, path, now.UnixMilli(), maxDue, maxNew).Scan(&due, &fresh)
	return due, fresh, db.wrap(err, "")
}

// ItemsNextDue tells when the earliest-due studied item of the cached file
// path (of deck deckID) is due (zero if none is), and whether the file
// has new items left.
func (db *DB) ItemsNextDue(ctx context.Context, path, deckID string) (time.Time, bool, error) {
	var due sql.NullInt64
	var newLeft bool
	// In due order, the first item of each phase.
	first := func(phase string) string {
		return `SELECT * FROM (SELECT s.due_ms FROM card_states s CROSS JOIN deck_items i
			ON i.deck_id = s.deck_id AND i.item_id = s.card_id AND i.path = ?2
			WHERE s.deck_id = ?1 AND s.phase = ` + phase + ` AND s.due_ms IS NOT NULL AND ` + notSuspended +
			`ORDER BY s.due_ms LIMIT 1)`
	}
	err := db.queryRow(ctx, `SELECT (SELECT min(due_ms) FROM (`+first("1")+` UNION ALL `+first("2")+
		` UNION ALL `+first("3")+`)), EXISTS (SELECT 1 FROM deck_items WHERE path = ?2 AND is_new = 1)`,
		deckID, path).Scan(&due, &newLeft)
	if err != nil {
		return time.Time{}, false, db.wrap(err, "")
	}
	return timeOf(due), newLeft, nil
}

// items runs a query of itemStates.
func (db *DB) items(ctx context.Context, q string, args ...any) ([]ItemState, error) {
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, db.wrap(err, "")
	}
	defer rows.Close()
	var out []ItemState
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			return nil, db.wrap(err, "")
		}
		out = append(out, it)
	}
	return out, db.wrap(rows.Err(), "")
}

// scanItem reads a row of itemStates.
func scanItem(sc scanner) (ItemState, error) {
	var it ItemState
	var phase int
	var due, last sql.NullInt64
	st := &it.State
	err := sc.Scan(&it.ID, &it.Sibling, &it.Card, &it.Ord, &phase, &st.Step, &st.Stability, &st.Difficulty,
		&due, &last, &st.Reps, &st.Lapses, &st.Leech, &st.Ease, &st.IntervalDays)
	st.Phase = scoring.Phase(phase)
	st.Due, st.LastReview = timeOf(due), timeOf(last)
	return it, err
}
