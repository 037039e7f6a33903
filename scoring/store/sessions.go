package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/ontap/ontap/scoring"
)

// Session is one run of `ontap study` or `ontap quiz`.
type Session struct {
	ID       int64     `json:"id"`
	Start    time.Time `json:"start"`
	End      time.Time `json:"end"` // zero while running (or if the process died)
	Mode     Mode      `json:"mode"`
	Decks    []string  `json:"decks"`
	Answered int       `json:"answered"`
	Correct  int       `json:"correct"`
	Score    float64   `json:"score"` // percent correct, 0..100 (0 when nothing answered)
}

// Mode is what a session was.
type Mode string

// The modes of a session.
const (
	ModeStudy Mode = "study" // spaced repetition: due cards and new ones, schedules updated
	ModeQuiz  Mode = "quiz"  // a test of N questions; no due date moves
	ModeAhead Mode = "ahead" // practice of cards not yet due; no due date moves
)

// validModes are the session modes.
var validModes = map[Mode]bool{ModeStudy: true, ModeQuiz: true, ModeAhead: true}

// msOf returns t in Unix milliseconds, clamped to the range the store
// keeps (scoring.ClampTime), or NULL for the zero time.
func msOf(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	t, _ = scoring.ClampTime(t)
	return sql.NullInt64{Int64: t.UnixMilli(), Valid: true}
}

// timeOf is the inverse of msOf, in UTC: a stored time out of range (from
// before times were clamped) is read clamped; OutOfRangeTimes counts them.
func timeOf(ms sql.NullInt64) time.Time {
	if !ms.Valid {
		return time.Time{}
	}
	return msTime(ms.Int64)
}

// msTime is Unix milliseconds as a time in UTC, clamped.
func msTime(ms int64) time.Time {
	t, _ := scoring.ClampTime(time.UnixMilli(ms).UTC())
	return t
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
	var out []Session
	err := db.EachSession(ctx, deck, limit, func(s *Session) error {
		c := *s
		c.Decks = slices.Clone(s.Decks) // nil stays nil, empty stays empty
		out = append(out, c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// EachSession calls fn with each session that Sessions returns, in the same
// order, without holding them all in memory: a long history has thousands
// of sessions of a hundred decks each. The session and its Decks are only
// valid until fn returns, the next session reuses them. An error from fn
// stops the iteration and is returned.
func (db *DB) EachSession(ctx context.Context, deck string, limit int, fn func(*Session) error) error {
	if limit < 0 {
		return fmt.Errorf("store: negative session limit %d", limit)
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
		return db.wrap(err, "")
	}
	defer rows.Close()
	var s Session
	var decks sql.RawBytes
	var names []string           // the deck list read last, for reuse
	seen := map[string]string{}  // one copy of each deck id for all sessions
	modes := map[string]string{} // and of each mode
	for rows.Next() {
		var start int64
		var end sql.NullInt64
		var mode sql.RawBytes
		if err := rows.Scan(&s.ID, &start, &end, &mode, &decks, &s.Answered, &s.Correct); err != nil {
			return db.wrap(err, "")
		}
		s.Start = msTime(start)
		s.End = timeOf(end)
		s.Mode = Mode(intern(modes, mode))
		var ok bool
		if s.Decks, ok = parseDeckList(decks, seen, names[:0]); !ok {
			s.Decks = nil // as a new Session: json.Unmarshal keeps what it does not overwrite
			if err := json.Unmarshal(decks, &s.Decks); err != nil {
				return fmt.Errorf("%s: session %d: bad deck list %q: %v", db.path, s.ID, decks, err)
			}
		}
		if s.Decks != nil {
			names = s.Decks
		}
		s.Score = score(s.Answered, s.Correct)
		if err := fn(&s); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return db.wrap(err, "")
	}
	return nil
}

// intern returns b as a string, the same one for the same bytes.
func intern(seen map[string]string, b []byte) string {
	if s, ok := seen[string(b)]; ok {
		return s
	}
	s := string(b)
	seen[s] = s
	return s
}

// parseDeckList reads a deck list as the database holds it, a JSON array
// of strings without escapes (["a","b"]), into buf (from its length on),
// taking the strings from seen (and adding the new ones), so that a long
// history holds one copy of each deck id. It returns false for anything
// else (escapes, bytes that are not UTF-8, null, bad JSON), which
// json.Unmarshal then reads: the result is always what json.Unmarshal
// gives, an empty list included.
func parseDeckList(b []byte, seen map[string]string, buf []string) ([]string, bool) {
	i := skipSpace(b, 0)
	if i == len(b) || b[i] != '[' {
		return nil, false
	}
	i = skipSpace(b, i+1)
	out := buf
	if out == nil {
		out = make([]string, 0, bytes.Count(b, []byte{','})+1)
	}
	if i < len(b) && b[i] == ']' {
		return out, skipSpace(b, i+1) == len(b)
	}
	for {
		if i == len(b) || b[i] != '"' {
			return nil, false
		}
		j := i + 1
		ascii := true
		for ; j < len(b) && b[j] != '"'; j++ {
			switch c := b[j]; {
			case c == '\\' || c < 0x20:
				return nil, false
			case c >= utf8.RuneSelf:
				ascii = false
			}
		}
		if j == len(b) {
			return nil, false
		}
		name := b[i+1 : j]
		if !ascii && !utf8.Valid(name) {
			return nil, false
		}
		out = append(out, intern(seen, name))
		i = skipSpace(b, j+1)
		if i == len(b) {
			return nil, false
		}
		if b[i] == ']' {
			return out, skipSpace(b, i+1) == len(b)
		}
		if b[i] != ',' {
			return nil, false
		}
		i = skipSpace(b, i+1)
	}
}

// skipSpace returns the index of the first byte from i on that is not JSON
// white space.
func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// AppendSessionsJSON appends to b the JSON of sessions exactly as a
// json.Encoder with SetIndent("", "  ") writes it (<, > and & escaped, a
// newline at the end), without the encoder's reflection and its second,
// indenting pass over the whole text: a long history has thousands of
// sessions. It fails where the encoder does (a time outside the years 0 to
// 9999, a score that is not finite), returning b unchanged.
// AppendSessionJSON and EndSessionsJSON write the same a session at a time.
func AppendSessionsJSON(b []byte, sessions []Session) ([]byte, error) {
	if sessions == nil {
		return append(b, "null\n"...), nil
	}
	n0 := len(b)
	for i := range sessions {
		var err error
		if b, err = AppendSessionJSON(b, i, &sessions[i]); err != nil {
			return b[:n0], err
		}
	}
	return EndSessionsJSON(b, len(sessions)), nil
}

// AppendSessionJSON appends s as element i (from 0) of the array that
// AppendSessionsJSON writes, and EndSessionsJSON ends. It fails where
// json.Encoder does, returning b unchanged.
func AppendSessionJSON(b []byte, i int, s *Session) ([]byte, error) {
	n0 := len(b)
	if i == 0 {
		b = append(b, '[')
	} else {
		b = append(b, ',')
	}
	b = append(b, "\n  {\n    \"id\": "...)
	b = strconv.AppendInt(b, s.ID, 10)
	b = append(b, ",\n    \"start\": "...)
	var err error
	if b, err = appendTimeJSON(b, s.Start); err != nil {
		return b[:n0], err
	}
	b = append(b, ",\n    \"end\": "...)
	if b, err = appendTimeJSON(b, s.End); err != nil {
		return b[:n0], err
	}
	b = append(b, ",\n    \"mode\": "...)
	b = appendStringJSON(b, string(s.Mode))
	b = append(b, ",\n    \"decks\": "...)
	switch {
	case s.Decks == nil:
		b = append(b, "null"...)
	case len(s.Decks) == 0:
		b = append(b, "[]"...)
	default:
		b = append(b, '[')
		for j, d := range s.Decks {
			if j > 0 {
				b = append(b, ',')
			}
			b = append(b, "\n      "...)
			b = appendStringJSON(b, d)
		}
		b = append(b, "\n    ]"...)
	}
	b = append(b, ",\n    \"answered\": "...)
	b = strconv.AppendInt(b, int64(s.Answered), 10)
	b = append(b, ",\n    \"correct\": "...)
	b = strconv.AppendInt(b, int64(s.Correct), 10)
	b = append(b, ",\n    \"score\": "...)
	if b, err = appendFloatJSON(b, s.Score); err != nil {
		return b[:n0], err
	}
	return append(b, "\n  }"...), nil
}

// EndSessionsJSON ends the array of n sessions written by AppendSessionJSON.
func EndSessionsJSON(b []byte, n int) []byte {
	if n == 0 {
		return append(b, "[]\n"...)
	}
	return append(b, "\n]\n"...)
}

// appendTimeJSON appends t as time.Time.MarshalJSON writes it.
func appendTimeJSON(b []byte, t time.Time) ([]byte, error) {
	if y := t.Year(); y < 0 || y > 9999 {
		_, err := t.MarshalJSON() // the error the encoder reports
		return b, fmt.Errorf("json: error calling MarshalJSON for type time.Time: %w", err)
	}
	if t.Location() != time.UTC {
		j, err := t.MarshalJSON()
		if err != nil {
			return b, fmt.Errorf("json: error calling MarshalJSON for type time.Time: %w", err)
		}
		return append(b, j...), nil
	}
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"'), nil
}

// appendStringJSON appends s as encoding/json writes a string (escaping
// HTML): directly when it holds only printable ASCII that needs no escape.
func appendStringJSON(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			j, _ := json.Marshal(s) // a string always marshals
			return append(b, j...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// appendFloatJSON appends f as encoding/json writes a float64.
func appendFloatJSON(b []byte, f float64) ([]byte, error) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		_, err := json.Marshal(f)
		return b, err
	}
	if a := math.Abs(f); a != 0 && (a < 1e-6 || a >= 1e21) {
		j, _ := json.Marshal(f)
		return append(b, j...), nil
	}
	return strconv.AppendFloat(b, f, 'f', -1, 64), nil
}
