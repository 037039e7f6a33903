package stats

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ontap/ontap/scoring"
	"github.com/ontap/ontap/scoring/schedule"
	"github.com/ontap/ontap/scoring/stats/table"
	"github.com/ontap/ontap/scoring/store"
)

// now is the fixed time of the tests: a Monday, 09:00 UTC.
var now = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

// config is the default configuration in loc.
func config(loc *time.Location) scoring.Config {
	c := schedule.DefaultConfig()
	c.Location = loc
	return c
}

// history is a seeded log and what it should add up to.
type history struct {
	db      *store.DB
	decks   []Deck
	reviews []*store.Review
}

// seed records, through the store and an FSRS scheduler, a learner who
// studies two decks on most days of the 60 days before now (with a pause),
// getting about one answer in six wrong, plus quizzes. It is the same for
// the same seed.
func seed(t testing.TB, cfg scoring.Config, seedN uint64) *history {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(filepath.Join(t.TempDir(), "ontap.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	sched, err := schedule.NewFSRS(cfg)
	if err != nil {
		t.Fatal(err)
	}
	h := &history{db: db}
	for _, d := range []struct {
		id, title string
		n         int
	}{{"vn", "Ôn tập lịch sử", 12}, {"expo", "Defense expos", 8}} {
		deck := Deck{ID: d.id, Title: d.title, NewPerDay: 3, Scheduler: sched}
		for i := range d.n {
			deck.Items = append(deck.Items, Item{ID: fmt.Sprintf("c%02d", i), Prompt: fmt.Sprintf("Question %d of %s?", i, d.title)})
		}
		h.decks = append(h.decks, deck)
	}
	rng := rand.New(rand.NewPCG(seedN, 1))
	states := map[string]scoring.State{}
	for day := 60; day >= 0; day-- {
		if day >= 20 && day < 24 { // a pause
			continue
		}
		at := now.Add(-time.Duration(day)*24*time.Hour - time.Duration(rng.IntN(5))*time.Hour)
		if day == 0 {
			at = now.Add(-2 * time.Hour)
		}
		mode := "study"
		if day%9 == 4 {
			mode = "quiz"
		}
		s := &store.Session{Start: at, Mode: store.Mode(mode), Decks: []string{"vn", "expo"}}
		if err := db.StartSession(ctx, s); err != nil {
			t.Fatal(err)
		}
		answered := 0
		for _, d := range h.decks {
			introduced := 0
			for _, it := range d.Items {
				key := d.ID + "/" + it.ID
				st := states[key]
				due := st.Phase != scoring.New && !st.Due.After(at)
				if mode == "study" && !due && !(st.Phase == scoring.New && introduced < 2) {
					continue
				}
				if mode == "quiz" && rng.IntN(3) != 0 {
					continue
				}
				rating := scoring.Good
				if rng.IntN(6) == 0 {
					rating = scoring.Again
				}
				kind := "quiz"
				if mode == "study" {
					switch st.Phase {
					case scoring.New, scoring.Learning:
						kind = "learn"
					case scoring.Review:
						kind = "review"
					default:
						kind = "relearn"
					}
				}
				after := st
				if mode == "study" {
					if st.Phase == scoring.New {
						introduced++
					}
					after = sched.Review(key, st, rating, at)
					// Graduate learning cards at once, to reach review
					// intervals within the 60 days.
					for after.Phase == scoring.Learning || after.Phase == scoring.Relearning {
						after = sched.Review(key, after, scoring.Good, after.Due)
					}
				}
				r := &store.Review{SessionID: s.ID, DeckID: d.ID, CardID: it.ID, Time: at, Rating: rating,
					Correct: rating != scoring.Again, Duration: time.Duration(1000+rng.IntN(9000)) * time.Millisecond,
					Kind: store.Kind(kind), Before: st, After: after}
				if err := db.Record(ctx, r); err != nil {
					t.Fatal(err)
				}
				h.reviews = append(h.reviews, r)
				answered++
				if mode == "study" {
					states[key] = after
				}
				at = at.Add(time.Duration(5+rng.IntN(30)) * time.Second)
			}
		}
		if answered == 0 { // every day has answers: a quick check of one card
			r := &store.Review{SessionID: s.ID, DeckID: "vn", CardID: "c00", Time: at, Rating: scoring.Good,
				Correct: true, Duration: 2 * time.Second, Kind: "quiz"}
			if err := db.Record(ctx, r); err != nil {
				t.Fatal(err)
			}
			h.reviews = append(h.reviews, r)
		}
		if err := db.FinishSession(ctx, s.ID, at); err != nil {
			t.Fatal(err)
		}
	}
	return h
}

// compute runs Compute on h at now.
func compute(t testing.TB, h *history, cfg scoring.Config, deck string, streakMin int) *Report {
	t.Helper()
	in := Input{Store: h.db, Decks: h.decks, Deck: deck, Config: cfg, Now: now, StreakMin: streakMin}
	if deck != "" {
		in.Decks = nil
		for _, d := range h.decks {
			if d.ID == deck {
				in.Decks = append(in.Decks, d)
			}
		}
	}
	r, err := Compute(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestComputeAgainstLog checks every figure of the report against a count
// made directly from the seeded reviews.
func TestComputeAgainstLog(t *testing.T) {
	t.Parallel()
	for _, tz := range []string{"UTC", "Asia/Ho_Chi_Minh", "America/New_York"} {
		loc, err := time.LoadLocation(tz)
		if err != nil {
			t.Skipf("no zone data for %s: %v", tz, err)
		}
		cfg := config(loc)
		h := seed(t, cfg, 1)
		for _, deck := range []string{"", "vn"} {
			r := compute(t, h, cfg, deck, 1)
			name := tz + "/" + deck
			perDay := map[string]int{}
			kinds := map[string]map[string]int{}
			type ret struct{ n, passed int }
			retention := map[string][2]ret{} // period → young, mature
			todayStart := cfg.DayOf(now)
			for _, rv := range h.reviews {
				if deck != "" && rv.DeckID != deck {
					continue
				}
				date := cfg.DayOf(rv.Time).Format("2006-01-02")
				perDay[date]++
				if kinds[date] == nil {
					kinds[date] = map[string]int{}
				}
				kinds[date][string(rv.Kind)]++
				if rv.Kind != "review" {
					continue
				}
				mature := 0
				if rv.Before.Due.Sub(rv.Before.LastReview) >= 21*24*time.Hour {
					mature = 1
				}
				ago := scoring.DaysBetween(cfg, rv.Time, now)
				for _, p := range []struct {
					name string
					days int
				}{{"day", 1}, {"week", 7}, {"month", 30}, {"year", 365}} {
					if ago < p.days {
						x := retention[p.name]
						x[mature].n++
						if rv.Rating != scoring.Again {
							x[mature].passed++
						}
						retention[p.name] = x
					}
				}
			}
			// Calendar: every day once, consecutive, from a Monday, to today.
			if len(r.Calendar) < 365 || len(r.Calendar) > 371 {
				t.Errorf("%s: %d calendar days", name, len(r.Calendar))
			}
			first, _ := time.Parse("2006-01-02", r.Calendar[0].Date)
			if first.Weekday() != time.Monday {
				t.Errorf("%s: calendar starts on %s, a %s", name, r.Calendar[0].Date, first.Weekday())
			}
			for i, d := range r.Calendar {
				if want := first.AddDate(0, 0, i).Format("2006-01-02"); d.Date != want {
					t.Fatalf("%s: calendar day %d is %s, want %s", name, i, d.Date, want)
				}
				if d.Reviews != perDay[d.Date] {
					t.Errorf("%s: %s: %d answers, want %d", name, d.Date, d.Reviews, perDay[d.Date])
				}
			}
			if last := r.Calendar[len(r.Calendar)-1].Date; last != todayStart.Format("2006-01-02") {
				t.Errorf("%s: calendar ends on %s", name, last)
			}
			// Daily kinds.
			if len(r.Daily) != DailyDays || r.Daily[DailyDays-1].Date != todayStart.Format("2006-01-02") {
				t.Errorf("%s: daily: %d days ending %s", name, len(r.Daily), r.Daily[len(r.Daily)-1].Date)
			}
			for _, d := range r.Daily {
				k := kinds[d.Date]
				if d.Learn != k["learn"] || d.Review != k["review"] || d.Relearn != k["relearn"] || d.Quiz != k["quiz"] ||
					d.Total != perDay[d.Date] {
					t.Errorf("%s: %s: %+v, want %v", name, d.Date, d, k)
				}
			}
			// Today.
			if r.Today.Reviewed != perDay[todayStart.Format("2006-01-02")] {
				t.Errorf("%s: today %d answers, want %d", name, r.Today.Reviewed, perDay[todayStart.Format("2006-01-02")])
			}
			// Streaks, counted day by day back from today (which, with no
			// answers yet, does not break the streak); the pause breaks it.
			cur, run, longest := 0, 0, 0
			d := todayStart
			if perDay[d.Format("2006-01-02")] == 0 {
				d = cfg.DayOf(d.Add(-20 * time.Hour))
			}
			for ; perDay[d.Format("2006-01-02")] > 0; d = cfg.DayOf(d.Add(-20 * time.Hour)) {
				cur++
			}
			for d := cfg.DayOf(now.AddDate(0, 0, -70)); !d.After(todayStart); d = cfg.DayOf(d.Add(30 * time.Hour)) {
				if perDay[d.Format("2006-01-02")] > 0 {
					run++
					longest = max(longest, run)
				} else {
					run = 0
				}
			}
			if r.Streak.Current != cur || r.Streak.Longest != longest {
				t.Errorf("%s: streak %+v, want current %d, longest %d", name, r.Streak, cur, longest)
			}
			// In UTC every session is in its own study day: the streaks are
			// the days since the pause, and the days before it.
			if name == "UTC/" && (cur != 20 || longest != 37) {
				t.Errorf("%s: streaks %d and %d, want 20 and 37", name, cur, longest)
			}
			// Retention.
			for _, x := range r.Retention {
				want := retention[x.Period]
				if x.Young.Reviews != want[0].n || x.Young.Passed != want[0].passed ||
					x.Mature.Reviews != want[1].n || x.Mature.Passed != want[1].passed {
					t.Errorf("%s: retention %s: %+v %+v, want %+v", name, x.Period, x.Young, x.Mature, want)
				}
			}
			if y := r.Retention[3]; y.Young.Reviews == 0 || y.Mature.Reviews == 0 || y.Young.Rate == nil || y.Mature.Rate == nil {
				t.Errorf("%s: want young and mature reviews over the year: %+v", name, y)
			}
			// Cards.
			states := 0
			due := 0
			forecast := 0
			for _, d := range r.Decks {
				if d.New+d.Learning+d.Review != d.Cards {
					t.Errorf("%s: deck %s: %d+%d+%d cards, want %d", name, d.ID, d.New, d.Learning, d.Review, d.Cards)
				}
				if d.Mastery < 0 || d.Mastery > 1 || d.AvgRetrievability == nil || *d.AvgRetrievability <= 0.5 {
					t.Errorf("%s: deck %s: mastery %v, average R %v", name, d.ID, d.Mastery, d.AvgRetrievability)
				}
				m, err := h.db.States(context.Background(), d.ID)
				if err != nil {
					t.Fatal(err)
				}
				states += len(m)
				for _, st := range m {
					if !st.Due.After(now) {
						due++
					}
					if scoring.DaysBetween(cfg, now, st.Due) < ForecastDays {
						forecast++
					}
				}
			}
			if r.Today.DueNow != due {
				t.Errorf("%s: due now %d, want %d", name, r.Today.DueNow, due)
			}
			sum := 0
			for _, f := range r.Forecast {
				sum += f.Due
			}
			if len(r.Forecast) != ForecastDays || sum != forecast || r.Forecast[0].Date != todayStart.Format("2006-01-02") {
				t.Errorf("%s: forecast of %d days from %s sums to %d, want %d", name, len(r.Forecast), r.Forecast[0].Date, sum, forecast)
			}
			// Hardest: sorted, at most HardestCount.
			lp := r.Hardest.MostLapses
			for i := 1; i < len(lp); i++ {
				if lp[i].Lapses > lp[i-1].Lapses {
					t.Errorf("%s: most lapses not sorted: %v", name, lp)
				}
			}
			low := r.Hardest.LowestRetrievability
			if len(low) != min(HardestCount, states) {
				t.Errorf("%s: %d cards of lowest retrievability, want %d", name, len(low), min(HardestCount, states))
			}
			for i := 1; i < len(low); i++ {
				if low[i].Retrievability < low[i-1].Retrievability {
					t.Errorf("%s: lowest retrievability not sorted", name)
				}
			}
		}
	}
}

// TestStreak: which days count, and today's grace.
func TestStreak(t *testing.T) {
	t.Parallel()
	cfg := config(time.UTC)
	tests := []struct {
		name          string
		days          []int // answers on each day, today last
		min           int
		current, long int
	}{
		{"today counts", []int{1, 1, 0, 1, 1, 1}, 1, 3, 3},
		{"today not yet: runs to yesterday", []int{1, 1, 1, 0}, 1, 3, 3},
		{"yesterday missed", []int{1, 1, 1, 0, 0}, 1, 0, 3},
		{"minimum of 3 answers", []int{3, 5, 2, 4, 3, 1}, 3, 2, 2},
		{"longest in the past", []int{1, 1, 1, 1, 0, 1, 1}, 1, 2, 4},
		{"nothing", []int{0, 0, 0}, 1, 0, 0},
		{"one day, today", []int{0, 0, 2}, 2, 1, 1},
	}
	for _, tt := range tests {
		db, err := store.Open(filepath.Join(t.TempDir(), "ontap.db"))
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		s := &store.Session{Start: now.AddDate(0, 0, -len(tt.days)), Mode: "quiz"}
		if err := db.StartSession(ctx, s); err != nil {
			t.Fatal(err)
		}
		for i, n := range tt.days {
			at := now.AddDate(0, 0, i-len(tt.days)+1).Add(-time.Hour) // 08:00, in the study day
			for j := range n {
				if err := db.Record(ctx, &store.Review{SessionID: s.ID, DeckID: "d", CardID: fmt.Sprint("c", j),
					Time: at.Add(time.Duration(j) * time.Minute), Rating: scoring.Good, Correct: true, Kind: "quiz"}); err != nil {
					t.Fatal(err)
				}
			}
		}
		r, err := Compute(ctx, Input{Store: db, Config: cfg, Now: now, StreakMin: tt.min})
		db.Close()
		if err != nil {
			t.Fatal(err)
		}
		if r.Streak.Current != tt.current || r.Streak.Longest != tt.long || r.Streak.MinReviews != tt.min {
			t.Errorf("%s: streak %+v, want current %d, longest %d", tt.name, r.Streak, tt.current, tt.long)
		}
	}
}

// TestDayStart: an answer at 03:00 belongs to the day before.
func TestDayStart(t *testing.T) {
	t.Parallel()
	cfg := config(time.UTC)
	db, err := store.Open(filepath.Join(t.TempDir(), "ontap.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	for _, at := range []time.Time{
		time.Date(2026, 11, 23, 3, 59, 0, 0, time.UTC), // 2026-11-22
		time.Date(2026, 11, 23, 4, 0, 0, 0, time.UTC),  // 2026-11-23
		time.Date(2026, 11, 22, 23, 0, 0, 0, time.UTC), // 2026-11-22
	} {
		if err := db.Record(ctx, &store.Review{DeckID: "d", CardID: "c", Time: at, Rating: scoring.Good,
			Correct: true, Kind: "quiz", Duration: 90 * time.Second}); err != nil {
			t.Fatal(err)
		}
	}
	r, err := Compute(ctx, Input{Store: db, Config: cfg, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	last := r.Calendar[len(r.Calendar)-2:]
	if last[0] != (DayCount{"2026-11-22", 2}) || last[1] != (DayCount{"2026-11-23", 1}) {
		t.Errorf("last two days %v", last)
	}
	if r.Today.Reviewed != 1 || r.Today.Seconds != 90 || !r.DayStart.Equal(time.Date(2026, 11, 23, 4, 0, 0, 0, time.UTC)) {
		t.Errorf("today %+v from %v", r.Today, r.DayStart)
	}
}

// TestEmpty: no database yet.
func TestEmpty(t *testing.T) {
	t.Parallel()
	r, err := Compute(context.Background(), Input{Config: config(time.UTC), Now: now,
		Decks: []Deck{{ID: "d", Title: "D", Items: []Item{{ID: "a"}, {ID: "b"}}, NewPerDay: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	if r.Today != (Today{NewLeft: 1}) || r.Streak.Current != 0 || len(r.Daily) != DailyDays ||
		len(r.Forecast) != ForecastDays || r.Decks[0].New != 2 || r.Decks[0].AvgRetrievability != nil {
		t.Errorf("empty report: %+v", r)
	}
	var buf bytes.Buffer
	if err := WriteText(&buf, r, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := WriteHTML(&buf, r); err != nil {
		t.Fatal(err)
	}
	if _, err := Compute(context.Background(), Input{}); err == nil {
		t.Error("no time: want an error")
	}
}

// TestJSONFields: the documented field names.
func TestJSONFields(t *testing.T) {
	t.Parallel()
	cfg := config(time.UTC)
	r := compute(t, seed(t, cfg, 2), cfg, "", 1)
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{`"generated_at"`, `"day_start"`, `"today":{"reviewed"`, `"seconds"`, `"due_now"`, `"new_left"`,
		`"streak":{"current"`, `"longest"`, `"min_reviews"`, `"calendar":[{"date"`, `"reviews"`,
		`"daily":[{"date"`, `"learn"`, `"review"`, `"relearn"`, `"quiz"`, `"total"`, `"forecast":[{"date"`, `"due"`,
		`"retention":[{"period":"day","days":1,"young":{"reviews"`, `"passed"`, `"rate"`, `"mature"`,
		`"decks":[{"id"`, `"title"`, `"cards"`, `"new"`, `"learning"`, `"mastery"`, `"avg_retrievability"`,
		`"hardest":{"most_lapses":[`, `"leeches":[`, `"lowest_retrievability":[{"deck"`, `"card"`, `"prompt"`,
		`"lapses"`, `"leech"`, `"retrievability"`} {
		if !bytes.Contains(b, []byte(f)) {
			t.Errorf("JSON has no %s", f)
		}
	}
	snake := regexp.MustCompile(`^[a-z]+(_[a-z]+)*$`)
	for _, m := range regexp.MustCompile(`"([^"]*)":`).FindAllSubmatch(b, -1) {
		if !snake.Match(m[1]) {
			t.Errorf("JSON field %q is not snake_case", m[1])
		}
	}
}

func TestStack(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		vals         []int
		most, height int
		want         []int
	}{
		{[]int{0, 0}, 10, 8, nil},
		{[]int{10, 0}, 10, 8, []int{0, 0, 0, 0, 0, 0, 0, 0}},
		{[]int{5, 5}, 10, 8, []int{0, 0, 0, 0, 1, 1, 1, 1}},
		{[]int{1}, 100, 8, []int{0}},                             // a small value still shows
		{[]int{3, 1}, 8, 8, []int{0, 0, 0, 1}},                   // 4 cells of 8
		{[]int{90, 1, 9}, 100, 8, []int{0, 0, 0, 0, 0, 0, 0, 2}}, // largest remainder
	} {
		if got := stack(tt.vals, tt.most, tt.height); fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("stack(%v, %d, %d) = %v, want %v", tt.vals, tt.most, tt.height, got, tt.want)
		}
	}
}

func TestHeatLevel(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ n, most, want int }{
		{0, 10, 0}, {1, 10, 1}, {3, 10, 1}, {4, 10, 2}, {6, 10, 3}, {9, 10, 4}, {10, 10, 4}, {1, 1, 1}, {5, 0, 0},
	} {
		if got := heatLevel(tt.n, tt.most); got != tt.want {
			t.Errorf("heatLevel(%d, %d) = %d, want %d", tt.n, tt.most, got, tt.want)
		}
	}
}

func TestScoreChart(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := ScoreChart(&buf, []float64{100, 50, 0, 12.5, 80}, []string{"10-01", "", "", "", "11-23"}, 2, false); err != nil {
		t.Fatal(err)
	}
	want := "" +
		"  100% ┤█       ▅\n" +
		"       ┤█ █ _ ▂ █\n" +
		"    0% └──────────\n" +
		"        10-01   11-23\n"
	if got := buf.String(); got != want {
		t.Errorf("chart\n%s\nwant\n%s", got, want)
	}
	buf.Reset()
	ScoreChart(&buf, []float64{90, 60, 10}, nil, 1, true)
	for _, c := range []string{"\x1b[32m", "\x1b[33m", "\x1b[31m"} {
		if !strings.Contains(buf.String(), c) {
			t.Errorf("coloured chart has no %q: %q", c, buf.String())
		}
	}
}

// TestTextColor: ANSI colours only when asked.
func TestTextColor(t *testing.T) {
	t.Parallel()
	cfg := config(time.UTC)
	r := compute(t, seed(t, cfg, 3), cfg, "", 1)
	var plain, color bytes.Buffer
	if err := WriteText(&plain, r, TextOptions{Width: 100}); err != nil {
		t.Fatal(err)
	}
	if err := WriteText(&color, r, TextOptions{Width: 100, Color: true}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain.String(), "\x1b") {
		t.Error("plain text has escape sequences")
	}
	if !strings.Contains(color.String(), "\x1b[32m█") {
		t.Error("coloured text has no green bars")
	}
	ansi := regexp.MustCompile("\x1b\\[[0-9;]*m")
	if got := ansi.ReplaceAllString(color.String(), ""); got != plain.String() {
		t.Error("without its colours, the coloured text differs from the plain one")
	}
	for _, l := range strings.Split(plain.String(), "\n") {
		if w := table.Width(l); w > 100 {
			t.Errorf("line wider than 100 columns (%d): %q", w, l)
		}
	}
	for _, want := range []string{"Statistics: all decks", "Today", "Streak", "Mon ", "Answers per day, last 30 days",
		"Forecast", "True retention", "Decks", "Hardest cards", "Most lapses", "Leeches", "Lowest retrievability"} {
		if !strings.Contains(plain.String(), want) {
			t.Errorf("text has no %q", want)
		}
	}
}

// TestHTML: one self-contained page; deck text is escaped; the SVG charts
// are well-formed XML.
func TestHTML(t *testing.T) {
	t.Parallel()
	cfg := config(time.UTC)
	h := seed(t, cfg, 4)
	h.decks[0].Title = `<script>alert("x")</script> & co`
	r := compute(t, h, cfg, "", 1)
	var buf bytes.Buffer
	if err := WriteHTML(&buf, r); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, bad := range []string{"<script", "src=", "href=", "@import", "url("} {
		if strings.Contains(page, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	if !strings.Contains(page, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; co") {
		t.Error("the deck title is not escaped")
	}
	svgs := regexp.MustCompile(`(?s)<svg .*?</svg>`).FindAllString(page, -1)
	if len(svgs) != 3 {
		t.Fatalf("%d SVG charts, want 3", len(svgs))
	}
	for _, s := range svgs {
		d := xml.NewDecoder(strings.NewReader(s))
		for {
			_, err := d.Token()
			if err != nil {
				if err.Error() != "EOF" {
					t.Errorf("SVG is not well-formed: %v", err)
				}
				break
			}
		}
	}
	if n := strings.Count(page, "<rect "); n < len(r.Calendar) {
		t.Errorf("%d rects, want at least one per calendar day (%d)", n, len(r.Calendar))
	}
}

// TestStudiedInAnyOrder: a deck whose studied cards are given by
// Deck.Studied (as from the deck cache, in the store's order) has the
// figures of the same deck listed item by item, whatever the order; the
// mean retrievability is not moved by the order floats are added in.
func TestStudiedInAnyOrder(t *testing.T) {
	h := seed(t, config(time.UTC), 3)
	ctx := context.Background()
	base := Input{Store: h.db, Decks: h.decks, Config: config(time.UTC), Now: now}
	want, err := Compute(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	for _, order := range []string{"forward", "reverse", "shuffled"} {
		in := base
		in.Decks = nil
		for _, d := range h.decks {
			d := d
			states, err := h.db.States(ctx, d.ID)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, it := range d.Items {
				if _, ok := states[it.ID]; ok {
					ids = append(ids, it.ID)
				}
			}
			switch order {
			case "reverse":
				slices.Reverse(ids)
			case "shuffled":
				rand.New(rand.NewPCG(7, 7)).Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
			}
			n := len(d.Items)
			d.Studied = func(_ context.Context, fn func(string, scoring.State)) (int, error) {
				for _, id := range ids {
					fn(id, states[id])
				}
				return n, nil
			}
			d.Items = nil
			in.Decks = append(in.Decks, d)
			in.Prompt = func(_ context.Context, deck, id string) (string, error) {
				for _, x := range h.decks {
					if x.ID == deck {
						for _, it := range x.Items {
							if it.ID == id {
								return it.Prompt, nil
							}
						}
					}
				}
				return "", nil
			}
		}
		got, err := Compute(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: from Studied\n%+v\nfrom the items\n%+v", order, got.Decks, want.Decks)
		}
	}
}

// quizLog is a database with one quiz answer at each of times.
func quizLog(t *testing.T, times []time.Time) *store.DB {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "ontap.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for _, at := range times {
		if err := db.Record(context.Background(), &store.Review{DeckID: "d", CardID: "c", Time: at,
			Rating: scoring.Good, Correct: true, Kind: "quiz"}); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// TestStreakBeyondCalendar: streaks count the days before the calendar's
// year too: a run of 400 days to today, and a longer one long ago.
func TestStreakBeyondCalendar(t *testing.T) {
	t.Parallel()
	var times []time.Time
	for i := range 400 {
		times = append(times, now.AddDate(0, 0, -i).Add(-time.Hour))
	}
	long := now.AddDate(-20, 0, 0)
	for i := range 450 {
		times = append(times, long.AddDate(0, 0, i).Add(-time.Hour))
	}
	db := quizLog(t, times)
	r, err := Compute(context.Background(), Input{Store: db, Config: config(time.UTC), Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if r.Streak.Current != 400 || r.Streak.Longest != 450 {
		t.Errorf("streak %+v, want current 400, longest 450", r.Streak)
	}
	if len(r.Calendar) > CalendarWeeks*7 || len(r.Daily) != DailyDays {
		t.Errorf("%d calendar days, %d daily bars; want at most %d and %d", len(r.Calendar), len(r.Daily), CalendarWeeks*7, DailyDays)
	}
}

// TestStatsSpanBounded: answers 230 years apart (from the first day the
// store keeps to the last --now allows) give a report of the calendar's
// year and 30 days, tallied over the days shown and the days with answers,
// not over the 84,000 days between.
func TestStatsSpanBounded(t *testing.T) {
	t.Parallel()
	end := time.Date(2200, 12, 31, 9, 0, 0, 0, time.UTC)
	db := quizLog(t, []time.Time{scoring.MinTime.Add(time.Hour), end.Add(-time.Hour)})
	r, err := Compute(context.Background(), Input{Store: db, Config: config(time.UTC), Now: end})
	if err != nil {
		t.Fatal(err)
	}
	if r.Streak.Current != 1 || r.Streak.Longest != 1 || r.Today.Reviewed != 1 {
		t.Errorf("streak %+v, today %+v; want 1, 1 and 1 answer today", r.Streak, r.Today)
	}
	if len(r.Calendar) > CalendarWeeks*7 || len(r.Daily) != DailyDays {
		t.Errorf("%d calendar days, %d daily bars", len(r.Calendar), len(r.Daily))
	}
}
