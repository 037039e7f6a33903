package store

import (
	"context"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ontap/ontap/scoring"
)

// summaryKey is the key of a row of review_stats.
type summaryKey struct {
	deck string
	slot int64
}

// summary reads review_stats.
func summary(t testing.TB, db *DB) map[summaryKey]Tally {
	t.Helper()
	rows, err := db.sql.Query(`SELECT deck_id, slot, answers, learn, review, relearn, quiz,
		young, young_passed, mature, mature_passed, ms FROM review_stats`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[summaryKey]Tally{}
	for rows.Next() {
		var k summaryKey
		var x Tally
		var ms int64
		if err := rows.Scan(&k.deck, &k.slot, &x.Answers, &x.Learn, &x.Review, &x.Relearn, &x.Quiz,
			&x.YoungReviews, &x.YoungPassed, &x.MatureReviews, &x.MaturePassed, &ms); err != nil {
			t.Fatal(err)
		}
		x.Duration = time.Duration(ms) * time.Millisecond
		out[k] = x
	}
	return out
}

// matureInGo is the maturity of review r of the log all, computed in Go:
// the definition the triggers must follow.
func matureInGo(r *Review, nullBefore bool, all []*Review) bool {
	if r.Kind == "quiz" {
		return false
	}
	b := r.Before
	if !nullBefore && !b.Due.IsZero() && !b.LastReview.IsZero() {
		return b.Due.Sub(b.LastReview) >= MatureDays*24*time.Hour
	}
	var prev time.Time
	for _, p := range all {
		if p.DeckID == r.DeckID && p.CardID == r.CardID && p.Kind != "quiz" && p.Time.Before(r.Time) && p.Time.After(prev) {
			prev = p.Time
		}
	}
	return !prev.IsZero() && r.Time.Sub(prev) >= MatureDays*24*time.Hour
}

// summaryFromLog computes review_stats afresh from the log, in Go.
func summaryFromLog(t testing.TB, db *DB) map[summaryKey]Tally {
	t.Helper()
	all := allReviews(t, db)
	nullBefore := map[int64]bool{} // imported rows without a state before
	rows, err := db.sql.Query("SELECT id FROM reviews WHERE before IS NULL")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		nullBefore[id] = true
	}
	rows.Close()
	out := map[summaryKey]Tally{}
	for _, r := range all {
		k := summaryKey{r.DeckID, floorSlot(r.Time.UnixMilli())}
		x := out[k]
		x.add(r.Kind, matureInGo(r, nullBefore[r.ID], all), 1, b2i(r.Rating > scoring.Again), r.Duration.Milliseconds())
		out[k] = x
	}
	return out
}

// intervalState is a Review-phase state last reviewed at last, due ivl later.
func intervalState(last time.Time, ivl time.Duration) scoring.State {
	return scoring.State{Phase: scoring.Review, Stability: ivl.Hours() / 24, Difficulty: 5, Reps: 3,
		Due: last.Add(ivl), LastReview: last}
}

// randomLog records n random reviews (some imported without a state
// before, some undone) in db.
func randomLog(t testing.TB, db *DB, seed uint64, n int) {
	t.Helper()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(seed, 7))
	kinds := []string{"learn", "review", "review", "relearn", "quiz"}
	sid := startSession(t, db, "study", t0, "a", "b")
	at := t0
	var csv strings.Builder
	csv.WriteString("card_id,review_time,review_rating\n")
	for i := range n {
		at = at.Add(time.Duration(rng.IntN(4*3600)) * time.Second)
		deck := []string{"a", "b"}[rng.IntN(2)]
		card := "c" + strconv.Itoa(rng.IntN(12))
		kind := kinds[rng.IntN(len(kinds))]
		ivl := time.Duration(rng.IntN(40*24)) * time.Hour
		before := intervalState(at.Add(-ivl), ivl)
		if kind == "learn" {
			before = scoring.State{}
		}
		r := &Review{SessionID: sid, DeckID: deck, CardID: card, Time: at, Rating: scoring.Rating(1 + rng.IntN(4)),
			Correct: rng.IntN(2) == 0, Duration: time.Duration(rng.IntN(20000)) * time.Millisecond,
			Kind: Kind(kind), Before: before, After: intervalState(at, 2*ivl+time.Hour)}
		r.Correct = r.Rating > scoring.Again
		record(t, db, r)
		if rng.IntN(6) == 0 {
			if _, err := db.Undo(ctx, sid); err != nil {
				t.Fatal(err)
			}
		}
		if i%5 == 0 {
			// An imported review: no state before; maturity from the card's
			// previous review.
			csv.WriteString(deck + "/" + card + "," + at.Add(time.Duration(rng.IntN(90*24))*time.Hour).Format(time.RFC3339) +
				"," + strconv.Itoa(1+rng.IntN(4)) + "\n")
		}
	}
	if _, err := db.Import(ctx, strings.NewReader(csv.String()), "log.csv"); err != nil {
		t.Fatal(err)
	}
}

// TestSummaryMatchesLog: whatever is recorded, undone or imported, the
// summary the triggers keep equals the one computed from the log.
func TestSummaryMatchesLog(t *testing.T) {
	t.Parallel()
	for seed := range uint64(3) {
		db := openTemp(t)
		randomLog(t, db, seed, 150)
		got, want := summary(t, db), summaryFromLog(t, db)
		if len(want) == 0 {
			t.Fatal("empty log")
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("seed %d: summary\n got %v\nwant %v", seed, got, want)
		}
		checkSummaryAll(t, db)
		// And the SQL expression used for split slots agrees with Go.
		all := allReviews(t, db)
		byID := map[int64]*Review{}
		for _, r := range all {
			byID[r.ID] = r
		}
		rows, err := db.sql.Query("SELECT r.id, r.before IS NULL, " + matureExpr + " FROM reviews r")
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id int64
			var null, m bool
			if err := rows.Scan(&id, &null, &m); err != nil {
				t.Fatal(err)
			}
			if want := matureInGo(byID[id], null, all); m != want {
				t.Errorf("seed %d: review %d: matureExpr says %v, want %v", seed, id, m, want)
			}
		}
		rows.Close()
	}
}

// TestSummaryUpdateTrigger: an UPDATE of a review (which ontap never does)
// moves it in the summary.
func TestSummaryUpdateTrigger(t *testing.T) {
	t.Parallel()
	db := openTemp(t)
	randomLog(t, db, 9, 40)
	if _, err := db.sql.Exec("UPDATE reviews SET time_ms = time_ms + 86400000, rating = 1, kind = 'review' WHERE id % 3 = 0"); err != nil {
		t.Fatal(err)
	}
	if got, want := summary(t, db), summaryFromLog(t, db); !reflect.DeepEqual(got, want) {
		t.Errorf("summary after update\n got %v\nwant %v", got, want)
	}
	checkSummaryAll(t, db)
}

// TestMigrateFillsSummary: migrating a database made before the summary
// existed fills it from its log.
func TestMigrateFillsSummary(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "ontap.db")
	sdb := openRaw(t, path)
	for _, m := range migrations[:2] {
		if _, err := sdb.Exec(m.sql); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := sdb.Exec("PRAGMA user_version = 2"); err != nil {
		t.Fatal(err)
	}
	reviews := []*Review{
		review(0, "a", "x", t0, scoring.Good, "learn", 0),
		review(0, "a", "y", t0.Add(time.Minute), scoring.Again, "learn", 0),
		review(0, "a", "x", t0.Add(30*24*time.Hour), scoring.Good, "review", 25),
		review(0, "b", "x", t0.Add(time.Hour), scoring.Hard, "quiz", 3),
	}
	for i, r := range reviews {
		before := any(encodeState(r.Before))
		if i == 2 {
			before = nil // imported: maturity from the previous review, 30 days before
		}
		// The reviews table of version 2, without the columns added since.
		const insertV2 = `INSERT INTO reviews
			(session_id, deck_id, card_id, time_ms, rating, answer, correct, duration_ms, kind, parts, before, after)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
		if _, err := sdb.Exec(insertV2, reviewArgs(r, nullID(0), before, encodeState(r.After))[:12]...); err != nil {
			t.Fatal(err)
		}
	}
	sdb.Close()
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, want := summary(t, db), summaryFromLog(t, db)
	n, mature := 0, 0
	for _, r := range got {
		n += r.Answers
		mature += r.MatureReviews
	}
	if n != len(reviews) || mature != 1 || !reflect.DeepEqual(got, want) {
		t.Errorf("summary after migration (%d answers, %d mature rows)\n got %v\nwant %v", n, mature, got, want)
	}
}

// bruteTallies computes Tallies from the log in Go.
func bruteTallies(t testing.TB, db *DB, deck string, bounds []time.Time) []Tally {
	t.Helper()
	mature := map[int64]bool{}
	rows, err := db.sql.Query("SELECT r.id, " + matureExpr + " FROM reviews r")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		var m bool
		rows.Scan(&id, &m)
		mature[id] = m
	}
	rows.Close()
	out := make([]Tally, len(bounds)-1)
	for _, r := range allReviews(t, db) {
		if deck != "" && r.DeckID != deck {
			continue
		}
		for i := range out {
			if !r.Time.Before(bounds[i]) && r.Time.Before(bounds[i+1]) {
				out[i].add(r.Kind, mature[r.ID], 1, b2i(r.Rating > scoring.Again), r.Duration.Milliseconds())
			}
		}
	}
	return out
}

func TestTallies(t *testing.T) {
	t.Parallel()
	db := openTemp(t)
	randomLog(t, db, 4, 200)
	ctx := context.Background()
	kathmandu, err := time.LoadLocation("Asia/Kathmandu")
	if err != nil {
		kathmandu = time.FixedZone("+0545", 5*3600+45*60)
	}
	days := func(start time.Time, n int) []time.Time {
		var b []time.Time
		for i := range n + 1 {
			b = append(b, start.AddDate(0, 0, i))
		}
		return b
	}
	tests := []struct {
		name   string
		deck   string
		bounds []time.Time
	}{
		{"UTC days at 04:00", "", days(time.Date(2026, 3, 13, 4, 0, 0, 0, time.UTC), 40)},
		{"one deck", "a", days(time.Date(2026, 3, 13, 4, 0, 0, 0, time.UTC), 40)},
		{"unknown deck", "zz", days(time.Date(2026, 3, 13, 4, 0, 0, 0, time.UTC), 3)},
		{"Kathmandu, a quarter-hour offset", "", days(time.Date(2026, 3, 14, 4, 0, 0, 0, kathmandu), 30)},
		{"day start 04:10: split slots", "", days(time.Date(2026, 3, 14, 4, 10, 0, 0, time.UTC), 30)},
		{"odd milliseconds", "b", days(time.Date(2026, 3, 14, 4, 10, 7, 123e6, time.UTC), 30)},
		{"one long period", "", []time.Time{t0.Add(-time.Hour), t0.AddDate(1, 0, 0)}},
		{"short periods inside one slot", "", []time.Time{t0, t0.Add(time.Minute), t0.Add(2 * time.Minute), t0.Add(4 * time.Hour)}},
		{"before the log", "", days(t0.AddDate(0, -2, 0), 10)},
	}
	for _, tt := range tests {
		got, err := db.Tallies(ctx, tt.deck, tt.bounds)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		want := bruteTallies(t, db, tt.deck, tt.bounds)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.name, got, want)
		}
	}
	// The whole log, in one period, counts every review once.
	all, err := db.Tallies(ctx, "", []time.Time{t0.AddDate(-1, 0, 0), t0.AddDate(2, 0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(allReviews(t, db)); all[0].Answers != n || all[0].Learn+all[0].Review+all[0].Relearn+all[0].Quiz != n {
		t.Errorf("whole log: %+v, want %d answers", all[0], n)
	}
	if all[0].MatureReviews == 0 || all[0].YoungReviews == 0 {
		t.Errorf("want young and mature reviews in the random log: %+v", all[0])
	}
}

func TestTalliesBadBounds(t *testing.T) {
	t.Parallel()
	db := openTemp(t)
	ctx := context.Background()
	for _, tt := range []struct {
		bounds []time.Time
		want   string
	}{
		{nil, "store: tallies need at least two bounds, got 0"},
		{[]time.Time{t0}, "store: tallies need at least two bounds, got 1"},
		{[]time.Time{t0, t0}, "store: tally bounds are not increasing at 1"},
		{[]time.Time{t0, t0.Add(time.Hour), t0.Add(time.Minute)}, "store: tally bounds are not increasing at 2"},
	} {
		_, err := db.Tallies(ctx, "", tt.bounds)
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%v: got %v, want %q", tt.bounds, err, tt.want)
		}
	}
}

func TestActiveDaysAndDecks(t *testing.T) {
	t.Parallel()
	db := openTemp(t)
	ctx := context.Background()
	if got, err := db.ActiveDays(ctx, "", t0.AddDate(1, 0, 0)); len(got) != 0 || err != nil {
		t.Fatalf("empty log: %v, %v", got, err)
	}
	sid := startSession(t, db, "study", t0, "a")
	far := time.Date(1970, 1, 2, 3, 4, 5, 0, time.UTC) // a span of 56 years: two days all the same
	record(t, db, review(sid, "b", "x", t0.Add(time.Hour), scoring.Good, "learn", 0))
	record(t, db, review(sid, "a", "x", t0, scoring.Good, "learn", 0))
	record(t, db, review(sid, "a", "y", far, scoring.Good, "learn", 0))
	record(t, db, review(sid, "a", "y", t0.AddDate(0, 0, 1), scoring.Good, "learn", 0))
	day := func(t time.Time) time.Time { return t.Truncate(24 * time.Hour) }
	for _, tt := range []struct {
		deck   string
		before time.Time
		want   []time.Time
	}{
		{"", t0.AddDate(0, 0, 2), []time.Time{day(far), day(t0), day(t0.AddDate(0, 0, 1))}},
		{"", day(t0), []time.Time{day(far)}},
		{"b", t0.AddDate(0, 0, 2), []time.Time{day(t0)}},
		{"a", t0, []time.Time{day(far), day(t0)}}, // the quarter hour holding before counts
	} {
		got, err := db.ActiveDays(ctx, tt.deck, tt.before)
		if err != nil || !slices.EqualFunc(got, tt.want, time.Time.Equal) {
			t.Errorf("ActiveDays(%q, %v) = %v, %v; want %v", tt.deck, tt.before, got, err, tt.want)
		}
	}
	ids, err := db.StatsDecks(ctx)
	if err != nil || !reflect.DeepEqual(ids, []string{"a", "b"}) {
		t.Errorf("StatsDecks = %v, %v", ids, err)
	}
}

func TestSessionCounts(t *testing.T) {
	t.Parallel()
	db := openTemp(t)
	ctx := context.Background()
	s1 := startSession(t, db, "study", t0, "a", "b")
	s2 := startSession(t, db, "quiz", t0.Add(time.Hour), "a")
	s3 := startSession(t, db, "study", t0.Add(2*time.Hour), "b")
	record(t, db, review(s1, "a", "x", t0, scoring.Good, "learn", 0))
	record(t, db, review(s1, "a", "y", t0, scoring.Again, "learn", 0))
	record(t, db, review(s1, "b", "x", t0, scoring.Good, "learn", 0))
	record(t, db, review(s2, "a", "x", t0.Add(time.Hour), scoring.Good, "quiz", 1))
	record(t, db, review(s3, "b", "y", t0.Add(2*time.Hour), scoring.Good, "learn", 0))
	got, err := db.SessionCounts(ctx, "a", []int64{s1, s2, s3, 99})
	if err != nil {
		t.Fatal(err)
	}
	want := map[int64]Count{s1: {2, 1}, s2: {1, 1}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("SessionCounts = %v, want %v", got, want)
	}
	// Many sessions are asked in batches.
	many := make([]int64, 1200)
	for i := range many {
		many[i] = int64(i + 1)
	}
	if got, err := db.SessionCounts(ctx, "b", many); err != nil || !reflect.DeepEqual(got, map[int64]Count{s1: {1, 1}, s3: {1, 1}}) {
		t.Errorf("SessionCounts(b, 1..1200) = %v, %v", got, err)
	}
	if _, err := db.SessionCounts(ctx, "", nil); err == nil {
		t.Error("no deck: want an error")
	}
}

// checkSummaryAll checks that review_stats_all is review_stats summed over
// decks (slots whose answers all went may stay, as zeros).
func checkSummaryAll(t *testing.T, db *DB) {
	t.Helper()
	const cols = "sum(answers), sum(learn), sum(review), sum(relearn), sum(quiz), sum(young), sum(young_passed), sum(mature), sum(mature_passed), sum(ms)"
	read := func(q string) map[int64][10]int64 {
		rows, err := db.sql.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[int64][10]int64{}
		for rows.Next() {
			var slot int64
			var v [10]int64
			if err := rows.Scan(&slot, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9]); err != nil {
				t.Fatal(err)
			}
			if v != ([10]int64{}) {
				out[slot] = v
			}
		}
		return out
	}
	got := read("SELECT slot, " + cols + " FROM review_stats_all GROUP BY slot")
	want := read("SELECT slot, " + cols + " FROM review_stats GROUP BY slot")
	if len(want) == 0 || !reflect.DeepEqual(got, want) {
		t.Errorf("review_stats_all is not review_stats summed over decks:\n got %v\nwant %v", got, want)
	}
}
