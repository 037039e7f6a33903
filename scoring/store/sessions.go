package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// Session is one run of `ontap study` or `ontap quiz`.
type Session struct {
	ID       int64     `json:"id"`
	Start    time.Time `json:"start"`
	End      time.Time `json:"end"`  // zero while running (or if the process died)
	Mode     string    `json:"mode"` // "study" | "quiz" | "ahead"
	Decks    []string  `json:"decks"`
	Answered int       `json:"answered"`
	Correct  int       `json:"correct"`
	Score    float64   `json:"score"` // percent correct, 0..100 (0 when nothing answered)
}

// validModes are the session modes.
var validModes = map[string]bool{"study": true, "quiz": true, "ahead": true}

// msOf returns t in Unix milliseconds, or NULL for the zero time.
func msOf(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixMilli(), Valid: true}
}

// timeOf is the inverse of msOf, in UTC.
func timeOf(ms sql.NullInt64) time.Time {
	if !ms.Valid {
		return time.Time{}
	}
	return time.UnixMilli(ms.Int64).UTC()
}

// score is the percentage of correct answers.
func score(answered, correct int) float64 {
	if answered == 0 {
		return 0
	}
	return 100 * float64(correct) / float64(answered)
}

// StartSession inserts s as a running session (its End, Answered and Correct
// are ignored and start at zero) and sets s.ID.
func (db *DB) StartSession(ctx context.Context, s *Session) error {
	if !validModes[s.Mode] {
		return fmt.Errorf("store: session mode %q: want study, quiz or ahead", s.Mode)
	}
	if s.Start.IsZero() {
		return fmt.Errorf("store: session has no start time")
	}
	decks := s.Decks
	if decks == nil {
		decks = []string{}
	}
	dj, err := json.Marshal(decks)
	if err != nil {
		return fmt.Errorf("store: session decks: %w", err)
	}
	var id int64
	err = db.writeTx(ctx, "", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx,
			"INSERT INTO sessions (start_ms, mode, decks) VALUES (?, ?, ?)", s.Start.UnixMilli(), s.Mode, string(dj))
		if err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return err
	}
	s.ID, s.End, s.Answered, s.Correct, s.Score = id, time.Time{}, 0, 0, 0
	return nil
}

// FinishSession records the end time of session id.
func (db *DB) FinishSession(ctx context.Context, id int64, end time.Time) error {
	if end.IsZero() {
		return fmt.Errorf("store: finishing session %d: no end time", id)
	}
	return db.writeTx(ctx, "", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE sessions SET end_ms = ? WHERE id = ?", end.UnixMilli(), id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return fmt.Errorf("%s: session %d: %w", db.path, id, ErrNotFound)
		}
		return nil
	})
}

// Sessions returns the sessions, newest first (by start time, then id):
// those that studied deck, or all when deck is "", and at most limit of them
// (all when limit is 0). Every session is listed, including running ones,
// ones with no answers, and ones whose process died before finishing them
// (End zero): the history shows what was started.
func (db *DB) Sessions(ctx context.Context, deck string, limit int) ([]Session, error) {
	if limit < 0 {
		return nil, fmt.Errorf("store: negative session limit %d", limit)
	}
	q := "SELECT id, start_ms, end_ms, mode, decks, answered, correct FROM sessions s"
	var args []any
	if deck != "" {
		q += " WHERE EXISTS (SELECT 1 FROM json_each(s.decks) WHERE value = ?)"
		args = append(args, deck)
	}
	q += " ORDER BY start_ms DESC, id DESC"
	if limit > 0 {
		q += " LIMIT ?"
		args = append(args, limit)
	}
	rows, err := db.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, db.wrap(err, "")
	}
	defer rows.Close()
	var out []Session
	for rows.Next() {
		var s Session
		var start int64
		var end sql.NullInt64
		var decks string
		if err := rows.Scan(&s.ID, &start, &end, &s.Mode, &decks, &s.Answered, &s.Correct); err != nil {
			return nil, db.wrap(err, "")
		}
		s.Start = time.UnixMilli(start).UTC()
		s.End = timeOf(end)
		if err := json.Unmarshal([]byte(decks), &s.Decks); err != nil {
			return nil, fmt.Errorf("%s: session %d: bad deck list %q: %v", db.path, s.ID, decks, err)
		}
		s.Score = score(s.Answered, s.Correct)
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, db.wrap(err, "")
	}
	return out, nil
}
