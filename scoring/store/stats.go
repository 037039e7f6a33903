package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// The statistics read the review_stats summary (migration 0003), which
// counts the answers per deck, quarter hour, kind and maturity, and is kept
// up to date by triggers. A period whose bounds fall inside a quarter hour
// (a day start at 04:10, a zone offset of 5:20) reads that quarter hour from
// the log itself, so the counts are exact for any bounds.

// slotMs is the length of a summary slot, in milliseconds.
const slotMs = 15 * 60 * 1000

// MatureDays is the interval from which a card counts as mature.
const MatureDays = 21

// matureExpr is the maturity of the review aliased r, as the triggers of
// migration 0003 compute it: its interval (due - last review of the state
// before it, or else the time since the card's previous non-quiz review)
// is MatureDays or more. Quiz answers are never mature.
const matureExpr = `CASE WHEN r.kind = 'quiz' THEN 0 ELSE coalesce(
	unixepoch(json_extract(r.before, '$.due'), 'subsec')
	  - unixepoch(json_extract(r.before, '$.last_review'), 'subsec') >= 1814400,
	(r.time_ms - (SELECT max(p.time_ms) FROM reviews p
	              WHERE p.deck_id = r.deck_id AND p.card_id = r.card_id
	                AND p.time_ms < r.time_ms AND p.kind <> 'quiz')) >= 1814400000,
	0) END`

// Tally adds up the answers of a period.
type Tally struct {
	Answers int // every answer, quizzes included

	Learn   int // answers by kind
	Review  int
	Relearn int
	Quiz    int

	// True retention: answers of kind "review" (cards that had graduated),
	// split by the card's interval before the answer (mature: MatureDays or
	// more), and how many of them were passed (rated Hard or better).
	YoungReviews, YoungPassed   int
	MatureReviews, MaturePassed int

	Duration time.Duration // total response time
}

// add counts n answers of kind with the given maturity, passes and time.
func (t *Tally) add(kind Kind, mature bool, n, passed int, ms int64) {
	t.Answers += n
	switch kind {
	case KindLearn:
		t.Learn += n
	case KindReview:
		t.Review += n
		if mature {
			t.MatureReviews += n
			t.MaturePassed += passed
		} else {
			t.YoungReviews += n
			t.YoungPassed += passed
		}
	case KindRelearn:
		t.Relearn += n
	case KindQuiz:
		t.Quiz += n
	}
	t.Duration += time.Duration(ms) * time.Millisecond
}

// Add adds u to t.
func (t *Tally) Add(u Tally) {
	t.Answers += u.Answers
	t.Learn += u.Learn
	t.Review += u.Review
	t.Relearn += u.Relearn
	t.Quiz += u.Quiz
	t.YoungReviews += u.YoungReviews
	t.YoungPassed += u.YoungPassed
	t.MatureReviews += u.MatureReviews
	t.MaturePassed += u.MaturePassed
	t.Duration += u.Duration
}

// floorSlot is the slot containing Unix millisecond ms.
func floorSlot(ms int64) int64 {
	if ms >= 0 {
		return ms / slotMs
	}
	return -((slotMs - 1 - ms) / slotMs)
}

// Tallies adds up the answers of deck (every deck when deck is "") in each
// period [bounds[i], bounds[i+1]): it returns len(bounds)-1 tallies. The
// bounds must be increasing.
func (db *DB) Tallies(ctx context.Context, deck string, bounds []time.Time) ([]Tally, error) {
	if len(bounds) < 2 {
		return nil, fmt.Errorf("store: tallies need at least two bounds, got %d", len(bounds))
	}
	ms := make([]int64, len(bounds))
	for i, b := range bounds {
		ms[i] = b.UnixMilli()
		if i > 0 && ms[i] <= ms[i-1] {
			return nil, fmt.Errorf("store: tally bounds are not increasing at %d: %s after %s",
				i, b.UTC().Format(time.RFC3339Nano), bounds[i-1].UTC().Format(time.RFC3339Nano))
		}
	}
	out := make([]Tally, len(bounds)-1)
	// period returns the index of the period holding ms t, or -1.
	period := func(t int64) int {
		i := sort.Search(len(ms), func(i int) bool { return ms[i] > t }) - 1
		if i < 0 || i >= len(out) {
			return -1
		}
		return i
	}
	// Slots with a bound strictly inside are read from the log.
	split := map[int64]bool{}
	for _, b := range ms {
		if b%slotMs != 0 {
			split[floorSlot(b)] = true
		}
	}
	// The slots wholly inside each period, summed in SQL: period i holds
	// slots [ceil(ms[i]), floor(ms[i+1])); a slot with a bound inside is
	// in none, and is read from the log below. Each period is a range of
	// the primary key (or of review_stats_deck for one deck), summed by a
	// subquery of its own: a GROUP BY over the join would sort every slot.
	var ranges strings.Builder
	ranges.WriteByte('[')
	for i := range out {
		if i > 0 {
			ranges.WriteByte(',')
		}
		fmt.Fprintf(&ranges, "[%d,%d]", -floorSlot(-ms[i]), floorSlot(ms[i+1]))
	}
	ranges.WriteByte(']')
	q := `SELECT b.key, (SELECT json_array(count(*), sum(s.answers), sum(s.learn), sum(s.review), sum(s.relearn),
			sum(s.quiz), sum(s.young), sum(s.young_passed), sum(s.mature), sum(s.mature_passed), sum(s.ms))
		FROM review_stats_all AS s WHERE s.slot >= b.value ->> 0 AND s.slot < b.value ->> 1)
		FROM json_each(?1) AS b`
	args := []any{ranges.String()}
	if deck != "" {
		q = strings.Replace(q, "review_stats_all AS s WHERE", "review_stats AS s WHERE s.deck_id = ?2 AND", 1)
		args = append(args, deck)
	}
	rows, err := db.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, db.wrap(err, "")
	}
	defer rows.Close()
	for rows.Next() {
		var i int
		var sums []byte
		if err := rows.Scan(&i, &sums); err != nil {
			return nil, db.wrap(err, "")
		}
		if i < 0 || i >= len(out) {
			return nil, fmt.Errorf("%s: statistics: period %d out of range", db.path, i)
		}
		var v [11]int64 // the count of slots, then the sums (null without slots)
		if err := json.Unmarshal(sums, &v); err != nil {
			return nil, fmt.Errorf("%s: statistics: period %d: %v", db.path, i, err)
		}
		if v[0] == 0 {
			continue
		}
		out[i].Add(Tally{Answers: int(v[1]), Learn: int(v[2]), Review: int(v[3]), Relearn: int(v[4]), Quiz: int(v[5]),
			YoungReviews: int(v[6]), YoungPassed: int(v[7]), MatureReviews: int(v[8]), MaturePassed: int(v[9]),
			Duration: time.Duration(v[10]) * time.Millisecond})
	}
	if err := rows.Err(); err != nil {
		return nil, db.wrap(err, "")
	}
	rows.Close()
	for slot := range split {
		if err := db.tallyLog(ctx, deck, slot*slotMs, (slot+1)*slotMs, func(t int64, kind string, mature, passed bool, dur int64) {
			if i := period(t); i >= 0 {
				out[i].add(Kind(kind), mature, 1, b2i(passed), dur)
			}
		}); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// tallyLog calls fn for each review of deck in [from, to) (milliseconds),
// read from the log.
func (db *DB) tallyLog(ctx context.Context, deck string, from, to int64,
	fn func(t int64, kind string, mature, passed bool, ms int64)) error {
	q := "SELECT r.time_ms, r.kind, " + matureExpr + ", r.rating > 1, r.duration_ms FROM reviews r WHERE r.time_ms >= ? AND r.time_ms < ?"
	args := []any{from, to}
	if deck != "" {
		q += " AND r.deck_id = ?"
		args = append(args, deck)
	}
	rows, err := db.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return db.wrap(err, "")
	}
	defer rows.Close()
	for rows.Next() {
		var t, dur int64
		var kind string
		var mature, passed bool
		if err := rows.Scan(&t, &kind, &mature, &passed, &dur); err != nil {
			return db.wrap(err, "")
		}
		fn(t, kind, mature, passed, dur)
	}
	if err := rows.Err(); err != nil {
		return db.wrap(err, "")
	}
	return nil
}

// ActiveDays returns the start of every UTC day (midnight UTC) holding a
// quarter hour before before in which deck (every deck when deck is "") has
// answers, in order: as many as there are such days, however far apart the
// first and last are.
func (db *DB) ActiveDays(ctx context.Context, deck string, before time.Time) ([]time.Time, error) {
	const perDay = 24 * 60 * 60 * 1000 / slotMs
	q := `SELECT DISTINCT (slot - ((slot % ?3) + ?3) % ?3) / ?3 FROM review_stats_all
		WHERE slot < ?1 AND answers > 0 ORDER BY 1`
	args := []any{-floorSlot(-before.UnixMilli()), nil, perDay}
	if deck != "" {
		q = `SELECT DISTINCT (slot - ((slot % ?3) + ?3) % ?3) / ?3 FROM review_stats
			WHERE deck_id = ?2 AND slot < ?1 AND answers > 0 ORDER BY 1`
		args[1] = deck
	}
	rows, err := db.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, db.wrap(err, "")
	}
	defer rows.Close()
	var out []time.Time
	for rows.Next() {
		var day int64
		if err := rows.Scan(&day); err != nil {
			return nil, db.wrap(err, "")
		}
		out = append(out, msTime(day*perDay*slotMs))
	}
	return out, db.wrap(rows.Err(), "")
}

// Count is a number of answers and how many were right.
type Count struct {
	Answered int `json:"answered"`
	Correct  int `json:"correct"`
}

// SessionCounts returns, for each of the given sessions, the answers it
// gave to cards of deck: the score of one deck in sessions that may have
// studied several. Sessions without such answers are left out of the map.
func (db *DB) SessionCounts(ctx context.Context, deck string, sessions []int64) (map[int64]Count, error) {
	out := make(map[int64]Count, len(sessions))
	if deck == "" {
		return nil, errors.New("store: session counts need a deck")
	}
	const batch = 500
	for len(sessions) > 0 {
		ids := sessions[:min(batch, len(sessions))]
		sessions = sessions[len(ids):]
		args := make([]any, 0, len(ids)+1)
		args = append(args, deck)
		for _, id := range ids {
			args = append(args, id)
		}
		q := "SELECT session_id, count(*), sum(correct) FROM reviews WHERE deck_id = ? AND session_id IN (" +
			strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",") + ") GROUP BY session_id"
		rows, err := db.sql.QueryContext(ctx, q, args...)
		if err != nil {
			return nil, db.wrap(err, "")
		}
		for rows.Next() {
			var id int64
			var c Count
			if err := rows.Scan(&id, &c.Answered, &c.Correct); err != nil {
				rows.Close()
				return nil, db.wrap(err, "")
			}
			out[id] = c
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, db.wrap(err, "")
		}
	}
	return out, nil
}

// StatsDecks returns the ids of the decks that have answers in the log,
// sorted.
func (db *DB) StatsDecks(ctx context.Context) ([]string, error) {
	rows, err := db.sql.QueryContext(ctx, "SELECT DISTINCT deck_id FROM review_stats ORDER BY deck_id")
	if err != nil {
		return nil, db.wrap(err, "")
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, db.wrap(err, "")
		}
		out = append(out, id)
	}
	if err := rows.Err(); err != nil {
		return nil, db.wrap(err, "")
	}
	return out, nil
}

// rebuildSummary counts the summary rows of deck again from the log. The
// triggers judge an answer without a known state by the card's previous
// review at the time it is written; an import can add earlier reviews, so
// it rebuilds the decks it touched.
func rebuildSummary(ctx context.Context, x execer, deck string) error {
	if _, err := x.ExecContext(ctx, "DELETE FROM review_stats WHERE deck_id = ?", deck); err != nil {
		return err
	}
	_, err := x.ExecContext(ctx, `INSERT INTO review_stats (slot, deck_id, answers, learn, review, relearn, quiz,
			young, young_passed, mature, mature_passed, ms)
		SELECT x.slot, x.deck_id, count(*), sum(x.k = 'learn'), sum(x.k = 'review'), sum(x.k = 'relearn'), sum(x.k = 'quiz'),
		       sum(x.k = 'review' AND NOT x.m), sum(x.k = 'review' AND NOT x.m AND x.p),
		       sum(x.k = 'review' AND x.m), sum(x.k = 'review' AND x.m AND x.p), sum(x.duration_ms)
		FROM (SELECT `+slotExpr+` AS slot, r.deck_id, r.kind AS k, `+matureExpr+` AS m, r.rating > 1 AS p, r.duration_ms
		      FROM reviews r WHERE r.deck_id = ?) AS x
		GROUP BY x.slot, x.deck_id`, deck)
	return err
}

// slotExpr is the slot of the review aliased r, as in migration 0003.
const slotExpr = `CASE WHEN r.time_ms >= 0 THEN r.time_ms / 900000 ELSE -((899999 - r.time_ms) / 900000) END`
