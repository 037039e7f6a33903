package store

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/ontap/ontap/decks/safetext"
	"github.com/ontap/ontap/scoring"
)

// MaxImportSize is the largest file Import is given by ontap progress
// import (256 MiB: about two million reviews as CSV, a million and a half
// as JSON lines); a larger file is refused before it is read.
const MaxImportSize = 256 << 20

// csvHeader is the header of a CSV export. The first four columns are the
// format `ontap replay` (and the FSRS tools) read.
var csvHeader = []string{"card_id", "review_rating", "review_time", "review_duration",
	"deck_id", "card", "answer", "correct", "kind", "session", "overruled"}

// ExportCSV writes the whole review log as CSV, in (time, id) order: card_id
// is the card key "deck/card", review_time RFC 3339 in UTC with milliseconds,
// review_duration milliseconds; then deck id, card id, answer, correct
// (true/false), kind, session id (empty when none) and overruled
// (true/false: the learner counted a wrong verdict as right).
func (db *DB) ExportCSV(ctx context.Context, w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	err := db.Reviews(ctx, func(r *Review) error {
		session := ""
		if r.SessionID != 0 {
			session = strconv.FormatInt(r.SessionID, 10)
		}
		return cw.Write([]string{r.Key(), strconv.Itoa(int(r.Rating)), fmtTime(r.Time),
			strconv.FormatInt(r.Duration.Milliseconds(), 10), r.DeckID, r.CardID, r.Answer,
			strconv.FormatBool(r.Correct), string(r.Kind), session, strconv.FormatBool(r.Overruled)})
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// reviewJSON is one line of a JSONL export: a review's id and its fields.
type reviewJSON struct {
	ID int64 `json:"id"`
	reviewFields
}

// reviewFields are the fields of a review in JSON, as the export and the
// sync entries write them.
type reviewFields struct {
	Session    int64           `json:"session,omitempty"`
	DeckID     string          `json:"deck_id"`
	CardID     string          `json:"card_id"`
	Time       string          `json:"time"`
	Rating     int             `json:"rating"`
	Answer     string          `json:"answer"`
	Correct    bool            `json:"correct"`
	DurationMS int64           `json:"duration_ms"`
	Kind       Kind            `json:"kind"`
	Overruled  bool            `json:"overruled,omitempty"`
	Parts      json.RawMessage `json:"parts,omitempty"`
	Before     *stateJSON      `json:"before,omitempty"`
	After      *stateJSON      `json:"after,omitempty"`
}

// fieldsOf is r in JSON, with session as its session number and, when
// states is set, its states before and after.
func fieldsOf(r *Review, session int64, states bool) reviewFields {
	j := reviewFields{Session: session, DeckID: r.DeckID, CardID: r.CardID, Time: fmtTime(r.Time),
		Rating: int(r.Rating), Answer: r.Answer, Correct: r.Correct, DurationMS: r.Duration.Milliseconds(),
		Kind: r.Kind, Overruled: r.Overruled}
	if r.Parts != "" {
		j.Parts = json.RawMessage(r.Parts)
	}
	if states {
		before, after := toStateJSON(r.Before), toStateJSON(r.After)
		j.Before, j.After = &before, &after
	}
	return j
}

// fill sets the fields of rv that j gives as they are (not the time, the
// session or the states, which their readers check each in their way).
func (j *reviewFields) fill(rv *Review) {
	rv.DeckID, rv.CardID, rv.Rating, rv.Answer, rv.Correct, rv.Kind = j.DeckID, j.CardID, scoring.Rating(j.Rating), j.Answer, j.Correct, j.Kind
	rv.Duration = time.Duration(j.DurationMS) * time.Millisecond
	rv.Overruled = j.Overruled
	if len(j.Parts) > 0 && string(j.Parts) != "null" {
		rv.Parts = string(j.Parts)
	}
}

// ExportJSONL writes the whole review log as JSON lines, one object per
// review in (time, id) order, with every field including the states before
// and after.
func (db *DB) ExportJSONL(ctx context.Context, w io.Writer) error {
	bw := bufio.NewWriter(w)
	// Runes that must not reach a terminal raw are written as JSON escapes.
	enc := json.NewEncoder(safetext.JSONWriter(bw))
	enc.SetEscapeHTML(false)
	err := db.Reviews(ctx, func(r *Review) error {
		return enc.Encode(reviewJSON{ID: r.ID, reviewFields: fieldsOf(r, r.SessionID, true)})
	})
	if err != nil {
		return err
	}
	return bw.Flush()
}

// importRow is one review read from an import file.
type importRow struct {
	r             Review
	session       string // the session id in the file ("" when none)
	hasStates     bool
	line          int
	before, after string
}

// maxImportErrors is how many problems Import reports before it stops.
const maxImportErrors = 20

// Import merges an exported log (CSV or JSONL, told apart by the first
// character) into the database in one transaction, and returns how many
// reviews it added. A review is the same as one already in the log when it
// has the same deck, card, time (to the millisecond) and rating; the file's
// reviews are counted against the log's, so importing a file twice adds
// nothing. Reviews from a session in the file are grouped into a new local
// session (one per session id in the file). Card states are not rebuilt:
// the caller replays Reviews through its scheduler and calls ReplaceStates.
// Problems are reported as "name:line:col: message", all of them (up to 20),
// and then nothing is imported.
func (db *DB) Import(ctx context.Context, r io.Reader, name string) (int, error) {
	br := bufio.NewReader(r)
	var rows []importRow
	var errs []error
	first, err := firstByte(br)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", name, err)
	}
	if first == '{' {
		rows, errs = readJSONL(br, name)
	} else {
		rows, errs = readCSV(br, name)
	}
	if len(errs) > 0 {
		return 0, errors.Join(errs...)
	}
	return db.insertImported(ctx, rows, name)
}

// firstByte peeks at the first byte that is not white space (0 when empty).
func firstByte(br *bufio.Reader) (byte, error) {
	for i := 1; ; i++ {
		b, err := br.Peek(i)
		if err == io.EOF {
			return 0, nil
		}
		if err != nil {
			return 0, err
		}
		c := b[i-1]
		if c == 0xEF || c == 0xBB || c == 0xBF { // UTF-8 byte order mark
			continue
		}
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return c, nil
		}
		if i > 4096 {
			return c, nil
		}
	}
}

// posErr formats a problem at name:line:col.
func posErr(name string, line, col int, format string, args ...any) error {
	return fmt.Errorf("%s:%d:%d: %s", name, line, col, fmt.Sprintf(format, args...))
}

// readCSV reads an export in CSV. The columns are found by name; card_id,
// review_rating and review_time are required. Without deck_id and card,
// card_id must be a card key "deck/card".
func readCSV(r io.Reader, name string) ([]importRow, []error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, []error{posErr(name, pe.Line, pe.Column, "%v", pe.Err)}
		}
		if err == io.EOF {
			return nil, []error{posErr(name, 1, 1, "empty file: want a CSV header or JSON lines")}
		}
		return nil, []error{fmt.Errorf("%s: %w", name, err)}
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.TrimPrefix(strings.TrimSpace(h), "\ufeff")
		if _, dup := col[h]; dup {
			return nil, []error{posErr(name, 1, 1, "column %q appears twice", h)}
		}
		col[h] = i
	}
	for _, need := range []string{"card_id", "review_rating", "review_time"} {
		if _, ok := col[need]; !ok {
			return nil, []error{posErr(name, 1, 1, "no %q column: want the header %s", need, strings.Join(csvHeader, ","))}
		}
	}
	var rows []importRow
	var errs []error
	for len(errs) < maxImportErrors {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				errs = append(errs, posErr(name, pe.Line, pe.Column, "%v", pe.Err))
			} else {
				errs = append(errs, fmt.Errorf("%s: %w", name, err))
			}
			break
		}
		line, _ := cr.FieldPos(0)
		get := func(c string) (string, int, bool) {
			i, ok := col[c]
			if !ok || i >= len(rec) {
				return "", 1, false
			}
			_, cc := cr.FieldPos(i)
			return rec[i], cc, true
		}
		bad := func(c int, format string, args ...any) {
			errs = append(errs, posErr(name, line, c, format, args...))
		}
		row := importRow{line: line}
		rv := &row.r
		key, kc, _ := get("card_id")
		deck, dc, hasDeck := get("deck_id")
		card, cc, hasCard := get("card")
		switch {
		case hasDeck && hasCard && deck != "" && card != "":
			rv.DeckID, rv.CardID = deck, card
			if key != "" && key != rv.Key() {
				bad(kc, "card_id %q does not match deck_id %q and card %q", key, deck, card)
				continue
			}
		case hasDeck && deck == "":
			bad(dc, "empty deck_id")
			continue
		case hasCard && card == "":
			bad(cc, "empty card")
			continue
		default:
			d, c, ok := strings.Cut(key, "/")
			if !ok || d == "" || c == "" {
				bad(kc, "card_id %q is not a card key deck/card", key)
				continue
			}
			rv.DeckID, rv.CardID = d, c
		}
		s, c, _ := get("review_rating")
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || !scoring.Rating(n).Valid() {
			bad(c, "review_rating %q: want 1, 2, 3 or 4", s)
			continue
		}
		rv.Rating = scoring.Rating(n)
		s, c, _ = get("review_time")
		if rv.Time, err = parseTime(strings.TrimSpace(s)); err != nil || rv.Time.IsZero() {
			bad(c, "review_time %q: want an RFC 3339 time, e.g. 2026-01-02T15:04:05.000Z", s)
			continue
		}
		if s, c, ok := get("review_duration"); ok && s != "" {
			ms, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
			if err != nil || ms < 0 {
				bad(c, "review_duration %q: want milliseconds", s)
				continue
			}
			rv.Duration = time.Duration(ms) * time.Millisecond
		}
		rv.Answer, _, _ = get("answer")
		rv.Correct = rv.Rating != scoring.Again
		if s, c, ok := get("correct"); ok && s != "" {
			b, err := strconv.ParseBool(s)
			if err != nil {
				bad(c, "correct %q: want true or false", s)
				continue
			}
			rv.Correct = b
		}
		rv.Kind = KindReview
		if s, c, ok := get("kind"); ok && s != "" {
			if !validKinds[Kind(s)] {
				bad(c, "kind %q: want learn, review, relearn or quiz", s)
				continue
			}
			rv.Kind = Kind(s)
		}
		if s, c, ok := get("overruled"); ok && s != "" {
			b, err := strconv.ParseBool(s)
			if err != nil {
				bad(c, "overruled %q: want true or false", s)
				continue
			}
			rv.Overruled = b
		}
		if s, c, ok := get("session"); ok && s != "" {
			if _, err := strconv.ParseInt(s, 10, 64); err != nil {
				bad(c, "session %q: want a number", s)
				continue
			}
			row.session = s
		}
		rows = append(rows, row)
	}
	return rows, errs
}

// readJSONL reads an export in JSON lines.
func readJSONL(r io.Reader, name string) ([]importRow, []error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16<<20)
	var rows []importRow
	var errs []error
	for line := 1; sc.Scan() && len(errs) < maxImportErrors; line++ {
		text := bytes.TrimSpace(sc.Bytes())
		if line == 1 {
			text = bytes.TrimPrefix(text, []byte("\ufeff"))
		}
		if len(text) == 0 {
			continue
		}
		var j reviewJSON
		dec := json.NewDecoder(bytes.NewReader(text))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&j); err != nil {
			col := 1
			var se *json.SyntaxError
			var te *json.UnmarshalTypeError
			if errors.As(err, &se) {
				col = int(se.Offset)
			} else if errors.As(err, &te) {
				col = int(te.Offset)
			}
			errs = append(errs, posErr(name, line, col, "%v", err))
			continue
		}
		if dec.More() {
			errs = append(errs, posErr(name, line, int(dec.InputOffset())+1, "more than one object on the line"))
			continue
		}
		row := importRow{line: line, hasStates: j.Before != nil && j.After != nil}
		rv := &row.r
		j.fill(rv)
		var err error
		if rv.Time, err = parseTime(j.Time); err != nil {
			errs = append(errs, posErr(name, line, 1, "time: %v", err))
			continue
		}
		if j.Session != 0 {
			row.session = strconv.FormatInt(j.Session, 10)
		}
		if j.Before != nil {
			if rv.Before, err = j.Before.state(); err != nil {
				errs = append(errs, posErr(name, line, 1, "before: %v", err))
				continue
			}
		}
		if j.After != nil {
			if rv.After, err = j.After.state(); err != nil {
				errs = append(errs, posErr(name, line, 1, "after: %v", err))
				continue
			}
		}
		if err := rv.validate(); err != nil {
			errs = append(errs, posErr(name, line, 1, "%v", err))
			continue
		}
		if row.hasStates {
			row.before, row.after = encodeState(rv.Before), encodeState(rv.After)
		}
		rows = append(rows, row)
	}
	if err := sc.Err(); err != nil && len(errs) < maxImportErrors {
		errs = append(errs, fmt.Errorf("%s: %w", name, err))
	}
	return rows, errs
}

// dedupeKey identifies a review for Import.
type dedupeKey struct {
	deck, card string
	ms         int64
	rating     int
}

// insertImported adds the rows that the log lacks, in one transaction.
func (db *DB) insertImported(ctx context.Context, rows []importRow, name string) (int, error) {
	end, err := db.beginWrite(ctx)
	if err != nil {
		return 0, err
	}
	defer end()
	c, done, err := db.bulkConn(ctx, true)
	if err != nil {
		return 0, db.wrap(err, "")
	}
	defer done()
	tx, err := c.BeginTx(ctx, nil)
	if err != nil {
		return 0, db.wrap(err, "")
	}
	defer tx.Rollback()
	count, err := tx.PrepareContext(ctx, "SELECT count(*) FROM reviews WHERE deck_id = ? AND card_id = ? AND time_ms = ? AND rating = ?")
	if err != nil {
		return 0, db.wrap(err, "")
	}
	defer count.Close()
	insert, err := tx.PrepareContext(ctx, insertReviewSQL)
	if err != nil {
		return 0, db.wrap(err, "")
	}
	defer insert.Close()
	inLog := map[dedupeKey]int{}  // reviews in the log before the import
	inFile := map[dedupeKey]int{} // reviews in the file so far
	sessions := map[string]int64{}
	var newSessions []int64
	added := 0
	touched := map[string]bool{} // decks that received reviews
	for i := range rows {
		row := &rows[i]
		rv := &row.r
		k := dedupeKey{rv.DeckID, rv.CardID, rv.Time.UnixMilli(), int(rv.Rating)}
		n, seen := inLog[k]
		if !seen {
			if err := count.QueryRowContext(ctx, k.deck, k.card, k.ms, k.rating).Scan(&n); err != nil {
				return 0, db.wrap(err, "")
			}
			inLog[k] = n
		}
		inFile[k]++
		if inFile[k] <= n {
			continue // already in the log
		}
		var session sql.NullInt64
		if row.session != "" {
			id, ok := sessions[row.session]
			if !ok {
				res, err := tx.ExecContext(ctx, "INSERT INTO sessions (start_ms, mode) VALUES (?, 'study')", k.ms)
				if err != nil {
					return 0, db.wrap(err, "")
				}
				if id, err = res.LastInsertId(); err != nil {
					return 0, db.wrap(err, "")
				}
				sessions[row.session] = id
				newSessions = append(newSessions, id)
			}
			session = sql.NullInt64{Int64: id, Valid: true}
		}
		var before, after any
		if row.hasStates {
			before, after = row.before, row.after
		}
		if _, err := insert.ExecContext(ctx, reviewArgs(rv, session, before, after)...); err != nil {
			return 0, fmt.Errorf("%s:%d: %w", name, row.line, db.wrap(err, ""))
		}
		added++
		touched[rv.DeckID] = true
	}
	// Imported reviews may come before others of their cards: the summary
	// of those decks is counted again (see rebuildSummary).
	for deck := range touched {
		if err := rebuildSummary(ctx, tx, deck); err != nil {
			return 0, db.wrap(err, "")
		}
	}
	// The sessions made for the file: span, decks, mode and counts from their reviews.
	for _, id := range newSessions {
		if _, err := tx.ExecContext(ctx, `UPDATE sessions SET
			start_ms = (SELECT min(time_ms) FROM reviews WHERE session_id = ?1),
			end_ms = (SELECT max(time_ms + duration_ms) FROM reviews WHERE session_id = ?1),
			answered = (SELECT count(*) FROM reviews WHERE session_id = ?1),
			correct = (SELECT count(*) FROM reviews WHERE session_id = ?1 AND correct),
			mode = CASE WHEN (SELECT count(*) FROM reviews WHERE session_id = ?1 AND kind <> 'quiz') = 0 THEN 'quiz' ELSE 'study' END,
			decks = (SELECT json_group_array(deck_id) FROM (SELECT DISTINCT deck_id FROM reviews WHERE session_id = ?1 ORDER BY deck_id))
			WHERE id = ?1`, id); err != nil {
			return 0, db.wrap(err, "")
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, db.wrap(err, "")
	}
	return added, nil
}

// ImportReviews merges reviews read from another program's log (an Anki
// package's revlog, say) into the database, as Import does for a file:
// in one transaction, a review already in the log (same deck, card, time
// to the millisecond and rating) is not added again, and card states are
// left for the caller to rebuild. A review's SessionID, when not 0, groups
// it with the others of that number into one new local session, as a
// file's session ids do; its Before and After states are kept when After
// is set (Reps > 0). It returns how many reviews it added. A review that
// is not valid is reported as "name: review N: problem", and then nothing
// is imported.
func (db *DB) ImportReviews(ctx context.Context, reviews []Review, name string) (int, error) {
	rows := make([]importRow, len(reviews))
	for i := range reviews {
		rv := &reviews[i]
		if err := rv.validate(); err != nil {
			return 0, fmt.Errorf("%s: review %d: %v", name, i+1, err)
		}
		row := importRow{r: *rv, line: i + 1, hasStates: rv.After.Reps > 0}
		row.r.SessionID = 0
		if rv.SessionID != 0 {
			row.session = strconv.FormatInt(rv.SessionID, 10)
		}
		if row.hasStates {
			row.before, row.after = encodeState(rv.Before), encodeState(rv.After)
		}
		rows[i] = row
	}
	return db.insertImported(ctx, rows, name)
}
