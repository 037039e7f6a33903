package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/ontap/ontap/scoring"
)

// OutOfRangeTimes counts the times stored outside scoring.MinTime..MaxTime:
// review and session times, card states' due and last-review dates, and
// the due and last-review dates in the log's before and after states (a
// due date in year 10000 was written before due dates were clamped).
// Reading clamps them, so they stop nothing; this is for a warning.
func (db *DB) OutOfRangeTimes(ctx context.Context) (int, error) {
	lo, hi := scoring.MinTime.UnixMilli(), scoring.MaxTime.UnixMilli()
	// A stored RFC 3339 time in range has a four-digit year from 1970 ("-"
	// is its fifth character).
	var states []string
	for _, col := range []string{"before", "after"} {
		for _, key := range []string{"due", "last_review"} {
			v := fmt.Sprintf("json_extract(%s, '$.%s')", col, key)
			states = append(states, fmt.Sprintf("%[1]s < '1970' OR substr(%[1]s, 5, 1) <> '-'", v))
		}
	}
	var n int
	err := db.sql.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM reviews WHERE time_ms NOT BETWEEN ?1 AND ?2) +
		(SELECT COUNT(*) FROM sessions WHERE start_ms NOT BETWEEN ?1 AND ?2 OR end_ms NOT BETWEEN ?1 AND ?2) +
		(SELECT COUNT(*) FROM card_states WHERE due_ms NOT BETWEEN ?1 AND ?2 OR last_review_ms NOT BETWEEN ?1 AND ?2) +
		(SELECT COUNT(*) FROM reviews WHERE `+strings.Join(states, " OR ")+`)`, lo, hi).Scan(&n)
	return n, db.wrap(err, "")
}
