package store

import (
	"context"
	"database/sql"
	"time"
)

// Suspension: a card the learner no longer studies until it is
// unsuspended, as Anki suspends leeches. It is a state of its own (the
// suspended table), not derived from the review log, so that rebuilding
// the card states keeps it; study planning skips suspended cards (see
// Suspended), quizzes may still ask them.

// Suspension is one suspended card.
type Suspension struct {
	DeckID, CardID string
	Since          time.Time
}

// suspend suspends a card in tx (a no-op when it is already).
func suspend(ctx context.Context, tx *sql.Tx, deck, card string, at time.Time) error {
	_, err := tx.ExecContext(ctx, "INSERT INTO suspended (deck_id, card_id, since_ms) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
		deck, card, at.UnixMilli())
	return err
}

// Suspend suspends a card from time at.
func (db *DB) Suspend(ctx context.Context, deckID, cardID string, at time.Time) error {
	return db.writeTx(ctx, "", func(tx *sql.Tx) error { return suspend(ctx, tx, deckID, cardID, at) })
}

// Unsuspend lifts the suspension of the given cards of a deck, or of all
// its cards when cardIDs is empty, and returns the cards unsuspended.
func (db *DB) Unsuspend(ctx context.Context, deckID string, cardIDs []string) ([]string, error) {
	var done []string
	err := db.writeTx(ctx, "", func(tx *sql.Tx) error {
		done = nil
		if len(cardIDs) == 0 {
			rows, err := tx.QueryContext(ctx, "DELETE FROM suspended WHERE deck_id = ? RETURNING card_id", deckID)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var id string
				if err := rows.Scan(&id); err != nil {
					return err
				}
				done = append(done, id)
			}
			return rows.Err()
		}
		for _, id := range cardIDs {
			res, err := tx.ExecContext(ctx, "DELETE FROM suspended WHERE deck_id = ? AND card_id = ?", deckID, id)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n > 0 {
				done = append(done, id)
			}
		}
		return nil
	})
	return done, err
}

// Suspended lists the suspended cards of a deck ("" for every deck), by
// deck and card id.
func (db *DB) Suspended(ctx context.Context, deckID string) ([]Suspension, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT deck_id, card_id, since_ms FROM suspended
		WHERE ?1 = '' OR deck_id = ?1 ORDER BY deck_id, card_id`, deckID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Suspension
	for rows.Next() {
		var s Suspension
		var ms int64
		if err := rows.Scan(&s.DeckID, &s.CardID, &ms); err != nil {
			return nil, err
		}
		s.Since = time.UnixMilli(ms).UTC()
		out = append(out, s)
	}
	return out, rows.Err()
}

// SuspendedSet is the set of the suspended card ids of a deck, for
// planning.
func (db *DB) SuspendedSet(ctx context.Context, deckID string) (map[string]bool, error) {
	list, err := db.Suspended(ctx, deckID)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	set := make(map[string]bool, len(list))
	for _, s := range list {
		set[s.CardID] = true
	}
	return set, nil
}
