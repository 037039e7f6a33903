package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/ontap/ontap/scoring"
)

// Review is one answer in the review log.
type Review struct {
	ID        int64 // set by Record
	SessionID int64 // 0: no session (as for some imported reviews)
	DeckID    string
	CardID    string // may contain ':' (e.g. "x:reverse"); the card key is DeckID + "/" + CardID
	Time      time.Time
	Rating    scoring.Rating
	Answer    string
	Correct   bool
	Duration  time.Duration // response time
	Kind      Kind          // KindLearn, KindReview, KindRelearn or KindQuiz
	Parts     string        // JSON of the per-part results, or ""
	Before    scoring.State // the scheduler's state before the answer (zero when unknown)
	After     scoring.State // and after it
	Overruled bool          // the learner overruled a wrong verdict: counted as right (":right")
	// Suspend also suspends the card (a new leech) in the same transaction;
	// it is not a column of the log (see Suspend).
	Suspend bool
}

// Key returns the card key, DeckID + "/" + CardID.
func (r *Review) Key() string { return r.DeckID + "/" + r.CardID }

// Kind is what an answer was, as the log keeps it.
type Kind string

// The kinds of answer.
const (
	KindLearn   Kind = "learn"   // a new card, or one in its learning steps
	KindReview  Kind = "review"  // a card that had graduated
	KindRelearn Kind = "relearn" // a lapsed card in its relearning steps
	KindQuiz    Kind = "quiz"    // an answer in a quiz or practice ahead: no due date moves
)

// MovesDue reports whether an answer of kind k moves the card's state and
// due date: every kind but KindQuiz.
func (k Kind) MovesDue() bool { return k != KindQuiz }

// validKinds are the kinds of review.
var validKinds = map[Kind]bool{KindLearn: true, KindReview: true, KindRelearn: true, KindQuiz: true}

// validate checks r before it is written.
func (r *Review) validate() error {
	switch {
	case r.DeckID == "":
		return errors.New("no deck id")
	case r.CardID == "":
		return errors.New("no card id")
	case r.Time.IsZero():
		return errors.New("no time")
	case scoring.CheckTimeRange(r.Time) != nil:
		return scoring.CheckTimeRange(r.Time)
	case !r.Rating.Valid():
		return fmt.Errorf("rating %d is not 1..4", int(r.Rating))
	case r.Duration < 0:
		return fmt.Errorf("negative duration %s", r.Duration)
	case !validKinds[r.Kind]:
		return fmt.Errorf("kind %q: want learn, review, relearn or quiz", r.Kind)
	case r.Parts != "" && !json.Valid([]byte(r.Parts)):
		return fmt.Errorf("parts is not valid JSON: %.40q", r.Parts)
	}
	for _, s := range []scoring.State{r.Before, r.After} {
		if s.Phase < scoring.New || s.Phase > scoring.Relearning {
			return fmt.Errorf("bad phase %d", int(s.Phase))
		}
	}
	return nil
}

// stateJSON is a scoring.State as written in the log and in JSONL exports.
type stateJSON struct {
	Phase        string  `json:"phase"`
	Step         int     `json:"step"`
	Stability    float64 `json:"stability"`
	Difficulty   float64 `json:"difficulty"`
	Due          string  `json:"due,omitempty"`
	LastReview   string  `json:"last_review,omitempty"`
	Reps         int     `json:"reps"`
	Lapses       int     `json:"lapses"`
	Leech        bool    `json:"leech,omitempty"`
	Ease         float64 `json:"ease,omitempty"`
	IntervalDays float64 `json:"interval_days,omitempty"`
}

// timeLayout is RFC 3339 with milliseconds, as times are written in exports.
const timeLayout = "2006-01-02T15:04:05.000Z07:00"

// fmtTime writes t in UTC with milliseconds ("" for the zero time),
// clamped to the range the store keeps (scoring.ClampTime).
func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t, _ = scoring.ClampTime(t)
	return t.UTC().Truncate(time.Millisecond).Format(timeLayout)
}

// parseTime reads an RFC 3339 time ("" is the zero time), truncated to the
// millisecond; a time outside scoring.MinTime..MaxTime is an error.
func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		if _, ok := extendedYear(s); ok {
			return time.Time{}, fmt.Errorf("time %q is out of range: want a time from %d to %d", s, scoring.MinTime.Year(), scoring.MaxTime.Year())
		}
		return time.Time{}, fmt.Errorf("bad time %q: want RFC 3339, e.g. 2026-01-02T15:04:05.000Z", s)
	}
	if err := scoring.CheckTimeRange(t); err != nil {
		return time.Time{}, fmt.Errorf("time %q is out of range: want a time from %d to %d", s, scoring.MinTime.Year(), scoring.MaxTime.Year())
	}
	return time.UnixMilli(t.UnixMilli()).UTC(), nil
}

// readTime reads a time stored in the log's states: as parseTime, but a
// time out of range (a due date in year 10000, written before due dates
// were clamped) is read clamped, so that it never stops an export or a
// rebuild; OutOfRangeTimes counts them for a warning.
func readTime(s string) (time.Time, error) {
	if late, ok := extendedYear(s); ok {
		if late {
			return scoring.MaxTime, nil
		}
		return scoring.MinTime, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if s == "" || err != nil {
		return parseTime(s)
	}
	t, _ = scoring.ClampTime(time.UnixMilli(t.UnixMilli()).UTC())
	return t, nil
}

// extendedYear reports whether s starts with a year RFC 3339 cannot write
// (five digits or more, or signed), and whether it is after year 9999.
func extendedYear(s string) (late, ok bool) {
	sign := s != "" && (s[0] == '+' || s[0] == '-')
	digits := s
	if sign {
		digits = s[1:]
	}
	n := 0
	for n < len(digits) && digits[n] >= '0' && digits[n] <= '9' {
		n++
	}
	if n == 0 || n >= len(digits) || digits[n] != '-' || (!sign && n <= 4) {
		return false, false
	}
	return s[0] != '-', true
}

var phases = map[string]scoring.Phase{"new": scoring.New, "learning": scoring.Learning, "review": scoring.Review, "relearning": scoring.Relearning}

func toStateJSON(s scoring.State) stateJSON {
	return stateJSON{Phase: s.Phase.String(), Step: s.Step, Stability: s.Stability, Difficulty: s.Difficulty,
		Due: fmtTime(s.Due), LastReview: fmtTime(s.LastReview), Reps: s.Reps, Lapses: s.Lapses, Leech: s.Leech,
		Ease: s.Ease, IntervalDays: s.IntervalDays}
}

func (j stateJSON) state() (scoring.State, error) {
	p, ok := phases[j.Phase]
	if !ok {
		return scoring.State{}, fmt.Errorf("bad phase %q: want new, learning, review or relearning", j.Phase)
	}
	due, err := readTime(j.Due)
	if err != nil {
		return scoring.State{}, err
	}
	last, err := readTime(j.LastReview)
	if err != nil {
		return scoring.State{}, err
	}
	return scoring.State{Phase: p, Step: j.Step, Stability: j.Stability, Difficulty: j.Difficulty, Due: due,
		LastReview: last, Reps: j.Reps, Lapses: j.Lapses, Leech: j.Leech, Ease: j.Ease, IntervalDays: j.IntervalDays}, nil
}

// encodeState is the log's JSON of s.
func encodeState(s scoring.State) string {
	b, _ := json.Marshal(toStateJSON(s)) // plain fields: cannot fail
	return string(b)
}

// decodeState reads the log's JSON (NULL is the zero state).
func decodeState(ns sql.NullString) (scoring.State, error) {
	if !ns.Valid {
		return scoring.State{}, nil
	}
	var j stateJSON
	if err := json.Unmarshal([]byte(ns.String), &j); err != nil {
		return scoring.State{}, err
	}
	return j.state()
}

// execer is a *sql.DB or *sql.Tx.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

const upsertState = `INSERT INTO card_states
  (deck_id, card_id, phase, step, stability, difficulty, due_ms, last_review_ms, reps, lapses, leech, ease, interval_days)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (deck_id, card_id) DO UPDATE SET
  phase = excluded.phase, step = excluded.step, stability = excluded.stability, difficulty = excluded.difficulty,
  due_ms = excluded.due_ms, last_review_ms = excluded.last_review_ms, reps = excluded.reps, lapses = excluded.lapses,
  leech = excluded.leech, ease = excluded.ease, interval_days = excluded.interval_days`

// putState writes the card state row.
func putState(ctx context.Context, x execer, deck, card string, s scoring.State) error {
	_, err := x.ExecContext(ctx, upsertState, stateArgs(deck, card, s)...)
	return err
}

// stateArgs are the arguments of upsertState.
func stateArgs(deck, card string, s scoring.State) []any {
	return []any{deck, card, int(s.Phase), s.Step, s.Stability, s.Difficulty,
		msOf(s.Due), msOf(s.LastReview), s.Reps, s.Lapses, s.Leech, s.Ease, s.IntervalDays}
}

// Record appends r to the log in one IMMEDIATE transaction, which also sets
// the card's state to r.After (unless r.Kind is "quiz": quizzes never move
// due dates) and adds r to its session's counts. It sets r.ID. When Record
// returns nil the answer is on disk.
func (db *DB) Record(ctx context.Context, r *Review) error {
	if err := r.validate(); err != nil {
		return fmt.Errorf("store: review of %s: %w", r.Key(), err)
	}
	var id int64
	err := db.writeTx(ctx, "for this answer", func(tx *sql.Tx) error {
		if r.SessionID != 0 {
			res, err := db.execIn(ctx, tx, recordSessionSQL, r.Correct, r.SessionID)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n == 0 {
				return fmt.Errorf("%s: session %d: %w; nothing was saved for this answer", db.path, r.SessionID, ErrNotFound)
			}
		}
		res, err := db.execIn(ctx, tx, insertReviewSQL, reviewArgs(r, nullID(r.SessionID), encodeState(r.Before), encodeState(r.After))...)
		if err != nil {
			return err
		}
		if id, err = res.LastInsertId(); err != nil {
			return err
		}
		if r.Kind.MovesDue() {
			_, err = db.execIn(ctx, tx, upsertState, stateArgs(r.DeckID, r.CardID, r.After)...)
		}
		if err == nil && r.Suspend {
			err = suspend(ctx, tx, r.DeckID, r.CardID, r.Time)
		}
		return err
	})
	if err != nil {
		return err
	}
	r.ID = id
	return nil
}

// nullID is NULL for 0.
func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }

// recordSessionSQL adds an answer to its session's counts.
const recordSessionSQL = "UPDATE sessions SET answered = answered + 1, correct = correct + ? WHERE id = ?"

// The statements of Record are prepared once (prepare): preparing the
// INSERT into reviews compiles its triggers too, which was a fifth of the
// CPU time of an answer.
const insertReviewSQL = `INSERT INTO reviews
	(session_id, deck_id, card_id, time_ms, rating, answer, correct, duration_ms, kind, parts, before, after, overruled)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// reviewArgs are the arguments of insertReviewSQL.
func reviewArgs(r *Review, session sql.NullInt64, before, after any) []any {
	return []any{session, r.DeckID, r.CardID, r.Time.UnixMilli(), int(r.Rating), r.Answer, r.Correct,
		r.Duration.Milliseconds(), r.Kind, r.Parts, before, after, r.Overruled}
}

const reviewColumns = `id, session_id, deck_id, card_id, time_ms, rating, answer, correct, duration_ms, kind, parts, before, after, overruled`

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

// scanReview reads one row selected with reviewColumns.
func scanReview(sc scanner) (*Review, error) {
	var r Review
	var session sql.NullInt64
	var t, dur int64
	var rating int
	var before, after sql.NullString
	if err := sc.Scan(&r.ID, &session, &r.DeckID, &r.CardID, &t, &rating, &r.Answer, &r.Correct, &dur,
		&r.Kind, &r.Parts, &before, &after, &r.Overruled); err != nil {
		return nil, err
	}
	r.SessionID = session.Int64
	r.Time = msTime(t)
	r.Rating = scoring.Rating(rating)
	r.Duration = time.Duration(dur) * time.Millisecond
	var err error
	if r.Before, err = decodeState(before); err != nil {
		return nil, fmt.Errorf("review %d: bad before state: %v", r.ID, err)
	}
	if r.After, err = decodeState(after); err != nil {
		return nil, fmt.Errorf("review %d: bad after state: %v", r.ID, err)
	}
	return &r, nil
}

// Undo removes the last review of session sessionID and puts the card back
// as it was: its state is restored to the review's Before (the state row is
// deleted when Before is New and the card has no other review), and the
// session's counts are fixed. It returns the removed review, or (nil, nil)
// when the session has nothing to undo.
func (db *DB) Undo(ctx context.Context, sessionID int64) (*Review, error) {
	var undone *Review
	err := db.writeTx(ctx, "", func(tx *sql.Tx) error {
		row := tx.QueryRowContext(ctx, "SELECT "+reviewColumns+" FROM reviews WHERE session_id = ? ORDER BY id DESC LIMIT 1", sessionID)
		r, err := scanReview(row)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		if r.Kind.MovesDue() {
			var hasBefore bool
			if err := tx.QueryRowContext(ctx, "SELECT before IS NOT NULL FROM reviews WHERE id = ?", r.ID).Scan(&hasBefore); err != nil {
				return err
			}
			if !hasBefore {
				return fmt.Errorf("%s: cannot undo review %d of %s: it was imported without the card's earlier state", db.path, r.ID, r.Key())
			}
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM reviews WHERE id = ?", r.ID); err != nil {
			return err
		}
		// A suspension this review made goes with it.
		if _, err := tx.ExecContext(ctx, "DELETE FROM suspended WHERE deck_id = ? AND card_id = ? AND since_ms = ?",
			r.DeckID, r.CardID, r.Time.UnixMilli()); err != nil {
			return err
		}
		if r.Kind.MovesDue() {
			var others int
			if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM reviews WHERE deck_id = ? AND card_id = ? AND kind <> 'quiz'",
				r.DeckID, r.CardID).Scan(&others); err != nil {
				return err
			}
			if r.Before.Phase == scoring.New && others == 0 {
				_, err = tx.ExecContext(ctx, "DELETE FROM card_states WHERE deck_id = ? AND card_id = ?", r.DeckID, r.CardID)
			} else {
				err = putState(ctx, tx, r.DeckID, r.CardID, r.Before)
			}
			if err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, "UPDATE sessions SET answered = answered - 1, correct = correct - ? WHERE id = ?",
			r.Correct, sessionID); err != nil {
			return err
		}
		undone = r
		return nil
	})
	if err != nil {
		return nil, err
	}
	return undone, nil
}

const stateColumns = `card_id, phase, step, stability, difficulty, due_ms, last_review_ms, reps, lapses, leech, ease, interval_days`

// scanState reads one row selected with stateColumns.
func scanState(sc scanner) (string, scoring.State, error) {
	var card string
	var s scoring.State
	var phase int
	var due, last sql.NullInt64
	if err := sc.Scan(&card, &phase, &s.Step, &s.Stability, &s.Difficulty, &due, &last, &s.Reps, &s.Lapses,
		&s.Leech, &s.Ease, &s.IntervalDays); err != nil {
		return "", s, err
	}
	s.Phase = scoring.Phase(phase)
	s.Due, s.LastReview = timeOf(due), timeOf(last)
	return card, s, nil
}

// States returns the state of every card of deckID that has one, by card id.
// Cards never reviewed (outside quizzes) have none: they are New.
func (db *DB) States(ctx context.Context, deckID string) (map[string]scoring.State, error) {
	rows, err := db.sql.QueryContext(ctx, "SELECT "+stateColumns+" FROM card_states WHERE deck_id = ?", deckID)
	if err != nil {
		return nil, db.wrap(err, "")
	}
	defer rows.Close()
	out := make(map[string]scoring.State)
	for rows.Next() {
		card, s, err := scanState(rows)
		if err != nil {
			return nil, db.wrap(err, "")
		}
		out[card] = s
	}
	if err := rows.Err(); err != nil {
		return nil, db.wrap(err, "")
	}
	return out, nil
}

// State returns one card's state, and false (with a zero, New, state) when it
// has none.
func (db *DB) State(ctx context.Context, deckID, cardID string) (scoring.State, bool, error) {
	row := db.sql.QueryRowContext(ctx, "SELECT "+stateColumns+" FROM card_states WHERE deck_id = ? AND card_id = ?", deckID, cardID)
	_, s, err := scanState(row)
	if errors.Is(err, sql.ErrNoRows) {
		return scoring.State{}, false, nil
	}
	if err != nil {
		return scoring.State{}, false, db.wrap(err, "")
	}
	return s, true, nil
}

// NewCount returns how many cards of deckID had their first non-quiz review
// at or after since: the new cards introduced since then.
func (db *DB) NewCount(ctx context.Context, deckID string, since time.Time) (int, error) {
	var n int
	err := db.sql.QueryRowContext(ctx, `SELECT count(DISTINCT r.card_id) FROM reviews r
		WHERE r.deck_id = ?1 AND r.kind <> 'quiz' AND r.time_ms >= ?2
		AND NOT EXISTS (SELECT 1 FROM reviews p WHERE p.deck_id = r.deck_id AND p.card_id = r.card_id
		                AND p.time_ms < ?2 AND p.kind <> 'quiz')`, deckID, since.UnixMilli()).Scan(&n)
	if err != nil {
		return 0, db.wrap(err, "")
	}
	return n, nil
}

// ReviewCount returns how many non-quiz reviews of deckID at or after since
// were of cards that were no longer new: every non-quiz review but each
// card's first, which is counted by NewCount.
func (db *DB) ReviewCount(ctx context.Context, deckID string, since time.Time) (int, error) {
	var n int
	err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM reviews r
		WHERE r.deck_id = ? AND r.kind <> 'quiz' AND r.time_ms >= ?
		AND EXISTS (SELECT 1 FROM reviews p WHERE p.deck_id = r.deck_id AND p.card_id = r.card_id AND p.kind <> 'quiz'
		            AND (p.time_ms < r.time_ms OR (p.time_ms = r.time_ms AND p.id < r.id)))`,
		deckID, since.UnixMilli()).Scan(&n)
	if err != nil {
		return 0, db.wrap(err, "")
	}
	return n, nil
}

// slotMS is the length of a slot of table review_stats: a quarter hour.
const slotMS = 900_000

// DayCount is what a deck has done since a time: the new cards introduced
// (NewCount) and the reviews of cards that were no longer new (ReviewCount).
type DayCount struct {
	New     int
	Reviews int
}

// DayCounts returns NewCount and ReviewCount of every deck with non-quiz
// reviews at or after since, from the reviews since then and the table of
// first reviews (the daily limits of a session over many decks, in two
// queries).
func (db *DB) DayCounts(ctx context.Context, since time.Time) (map[string]DayCount, error) {
	// Every non-quiz review but each card's first is a review; the cards
	// whose first review is at or after since are new (table card_first).
	out := map[string]DayCount{}
	rows, err := db.sql.QueryContext(ctx, `SELECT deck_id FROM card_first WHERE first_ms >= ?`, since.UnixMilli())
	if err != nil {
		return nil, db.wrap(err, "")
	}
	if err := countRows(rows, func(deck string) { c := out[deck]; c.New++; c.Reviews--; out[deck] = c }); err != nil {
		return nil, db.wrap(err, "")
	}
	if ms := since.UnixMilli(); ms%slotMS == 0 {
		// The answers per quarter hour (table review_stats) tell without
		// reading the reviews themselves, which are not in time order on
		// disk.
		rows, err = db.sql.QueryContext(ctx, `SELECT deck_id, learn + review + relearn FROM review_stats WHERE slot >= ?`,
			ms/slotMS)
		if err != nil {
			return nil, db.wrap(err, "")
		}
		defer rows.Close()
		for rows.Next() {
			var deck string
			var n int
			if err := rows.Scan(&deck, &n); err != nil {
				return nil, db.wrap(err, "")
			}
			c := out[deck]
			c.Reviews += n
			out[deck] = c
		}
		if err := rows.Err(); err != nil {
			return nil, db.wrap(err, "")
		}
		return out, nil
	}
	rows, err = db.sql.QueryContext(ctx, `SELECT deck_id FROM reviews WHERE time_ms >= ? AND kind <> 'quiz'`, since.UnixMilli())
	if err != nil {
		return nil, db.wrap(err, "")
	}
	if err := countRows(rows, func(deck string) { c := out[deck]; c.Reviews++; out[deck] = c }); err != nil {
		return nil, db.wrap(err, "")
	}
	return out, nil
}

// countRows calls fn with the one text column of each row.
func countRows(rows *sql.Rows, fn func(string)) error {
	defer rows.Close()
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return err
		}
		fn(s)
	}
	return rows.Err()
}

// Reviews calls fn for every review in the log in time order, ties broken
// by global id (the same order on every device that synced them), then by
// id, streaming them from the database. It stops at fn's first error and
// returns it.
func (db *DB) Reviews(ctx context.Context, fn func(*Review) error) error {
	rows, err := db.sql.QueryContext(ctx, "SELECT "+reviewColumns+" FROM reviews ORDER BY time_ms, origin, seq, id")
	if err != nil {
		return db.wrap(err, "")
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanReview(rows)
		if err != nil {
			return db.wrap(err, "")
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return db.wrap(err, "")
	}
	return nil
}

// ReplaceStates replaces every card state with states (keyed by {deck id,
// card id}) in one transaction, as after rebuilding them from the log.
func (db *DB) ReplaceStates(ctx context.Context, states map[[2]string]scoring.State) error {
	for k, s := range states {
		if k[0] == "" || k[1] == "" {
			return fmt.Errorf("store: replacing states: empty deck or card id in key %q", k)
		}
		if s.Phase < scoring.New || s.Phase > scoring.Relearning {
			return fmt.Errorf("store: replacing states: %s/%s: bad phase %d", k[0], k[1], int(s.Phase))
		}
	}
	// Small statements only (the states that are gone deleted one by one,
	// then every state upserted), so that each keeps a small statement
	// journal in memory (insertTx): one DELETE of the whole table would
	// keep one the size of the table.
	return db.insertTx(ctx, "", func(tx *sql.Tx) error {
		var gone [][2]string
		rows, err := tx.QueryContext(ctx, "SELECT deck_id, card_id FROM card_states")
		if err != nil {
			return err
		}
		for rows.Next() {
			var k [2]string
			if err := rows.Scan(&k[0], &k[1]); err != nil {
				rows.Close()
				return err
			}
			if _, ok := states[k]; !ok {
				gone = append(gone, k)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, k := range gone {
			if _, err := tx.ExecContext(ctx, "DELETE FROM card_states WHERE deck_id = ? AND card_id = ?", k[0], k[1]); err != nil {
				return err
			}
		}
		stmt, err := tx.PrepareContext(ctx, upsertState)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for k, s := range states {
			if _, err := stmt.ExecContext(ctx, k[0], k[1], int(s.Phase), s.Step, s.Stability, s.Difficulty,
				msOf(s.Due), msOf(s.LastReview), s.Reps, s.Lapses, s.Leech, s.Ease, s.IntervalDays); err != nil {
				return err
			}
		}
		return nil
	})
}

// Setting returns the value of setting key, and false when it is not set.
func (db *DB) Setting(ctx context.Context, key string) (string, bool, error) {
	var v string
	err := db.sql.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, db.wrap(err, "")
	}
	return v, true, nil
}

// Settings returns every setting, by key (a handful: the saved
// parameters), so that a command over many decks reads them once.
func (db *DB) Settings(ctx context.Context) (map[string]string, error) {
	rows, err := db.sql.QueryContext(ctx, "SELECT key, value FROM settings")
	if err != nil {
		return nil, db.wrap(err, "")
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, db.wrap(err, "")
		}
		out[k] = v
	}
	if err := rows.Err(); err != nil {
		return nil, db.wrap(err, "")
	}
	return out, nil
}

// SetSetting sets setting key to value, as changed now (the DB's clock).
func (db *DB) SetSetting(ctx context.Context, key, value string) error {
	return db.SetSettingAt(ctx, key, value, db.now())
}

// SetSettingAt sets setting key to value, as changed at t: when a sync
// meets two values of a setting, the later one wins.
func (db *DB) SetSettingAt(ctx context.Context, key, value string, t time.Time) error {
	if key == "" {
		return errors.New("store: empty setting key")
	}
	return db.writeTx(ctx, "", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO settings_meta (key, time_ms) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET time_ms = excluded.time_ms, origin = NULL, seq = NULL`, key, t.UnixMilli())
		return err
	})
}

// DeleteSetting removes setting key, if set. (Only settings that are not
// synced are removed: a sync would bring back the others.)
func (db *DB) DeleteSetting(ctx context.Context, key string) error {
	return db.writeTx(ctx, "", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM settings WHERE key = ?", key); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "DELETE FROM settings_meta WHERE key = ?", key)
		return err
	})
}
