// Package stats computes a learner's statistics from the progress store:
// today's work, the study streak and calendar, reviews per day, the
// forecast of due cards, true retention, per-deck mastery and the hardest
// cards. It renders them as text for the terminal (WriteText), as one
// self-contained HTML page (WriteHTML), and draws the score chart of
// `ontap history` (ScoreChart).
//
// Days are study days: they begin at Config.DayStart in Config.Location,
// as everywhere in ontap.
package stats

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/ontap/ontap/scoring"
	"github.com/ontap/ontap/scoring/store"
)

// Sizes of the report.
const (
	CalendarWeeks = 53 // the calendar heatmap: weeks as columns, the last is this week
	DailyDays     = 30 // reviews per day, by kind: the last 30 days
	ForecastDays  = 30 // due cards per day: today and the next 29 days
	HardestCount  = 10 // cards in each list of the hardest cards
	MasteryR      = 0.9
)

// Item is one card a learner is asked (a deck's item), as the statistics
// need it.
type Item struct {
	ID     string // the item id within its deck
	Prompt string // the question, already made safe to print
}

// Deck is one deck to report on.
type Deck struct {
	ID        string
	Title     string // already made safe to print
	Items     []Item
	NewPerDay int // the daily limit of new cards
	Scheduler scoring.Scheduler
	// Studied, when set, stands for Items and the store: it calls fn with
	// the state of each of the deck's items that has been studied (with
	// a state other than New) and returns the number of the deck's items.
	// Decks read from the deck cache use it: their items are not loaded,
	// and the states of the cards studied are read without a map of them.
	Studied func(ctx context.Context, fn func(itemID string, s scoring.State)) (int, error)
}

// Input is what the statistics are computed from.
type Input struct {
	Store     *store.DB // nil when there is no progress yet
	Decks     []Deck    // the decks reported on
	Deck      string    // the deck named by the learner ("": all decks); filters the review log
	Config    scoring.Config
	Now       time.Time
	StreakMin int // answers that make a day count for the streak (1 when 0)
	// Prompt, when set, gives the prompt (made safe to print) of an item
	// listed among the hardest cards whose Item has none: decks read from
	// the deck cache list their items without loading their cards.
	Prompt func(ctx context.Context, deckID, itemID string) (string, error)
}

// Report holds every figure. Its JSON field names are stable (see
// STATS.md beside this file).
type Report struct {
	GeneratedAt time.Time      `json:"generated_at"`
	Deck        string         `json:"deck,omitempty"`
	DayStart    time.Time      `json:"day_start"` // the start of today's study day
	Today       Today          `json:"today"`
	Streak      Streak         `json:"streak"`
	Calendar    []DayCount     `json:"calendar"` // from the Monday 52 weeks before this week's, to today
	Daily       []DayKinds     `json:"daily"`    // the last DailyDays days, oldest first
	Forecast    []DayDue       `json:"forecast"` // today (with overdue cards) and the next days
	Retention   []Retention    `json:"retention"`
	Decks       []DeckStats    `json:"decks"`
	Hardest     Hardest        `json:"hardest"`
	Location    *time.Location `json:"-"`
}

// Today is the work of the current study day.
type Today struct {
	Reviewed int     `json:"reviewed"` // answers given today, quizzes included
	Seconds  float64 `json:"seconds"`  // their total response time, in whole seconds
	DueNow   int     `json:"due_now"`  // cards due now (learning cards included)
	NewLeft  int     `json:"new_left"` // new cards that study would still introduce today
}

// Streak counts study days in a row with at least MinReviews answers.
// Today counts once it has them; until then the streak runs to yesterday.
type Streak struct {
	Current    int `json:"current"`
	Longest    int `json:"longest"`
	MinReviews int `json:"min_reviews"`
}

// DayCount is the number of answers of one study day.
type DayCount struct {
	Date    string `json:"date"` // YYYY-MM-DD, the study day's date
	Reviews int    `json:"reviews"`
}

// DayKinds splits a day's answers by kind.
type DayKinds struct {
	Date    string  `json:"date"`
	Learn   int     `json:"learn"`
	Review  int     `json:"review"`
	Relearn int     `json:"relearn"`
	Quiz    int     `json:"quiz"`
	Total   int     `json:"total"`
	Seconds float64 `json:"seconds"`
}

// DayDue is the number of cards due on one study day.
type DayDue struct {
	Date string `json:"date"`
	Due  int    `json:"due"`
}

// Retention is the true retention over a period: the share of reviews of
// graduated cards that were passed (rated Hard or better), for young cards
// (interval before the review under 21 days) and mature ones.
type Retention struct {
	Period string `json:"period"` // "day", "week", "month", "year"
	Days   int    `json:"days"`   // 1, 7, 30, 365 study days, today included
	Young  Ratio  `json:"young"`
	Mature Ratio  `json:"mature"`
}

// Ratio is passed out of reviews.
type Ratio struct {
	Reviews int      `json:"reviews"`
	Passed  int      `json:"passed"`
	Rate    *float64 `json:"rate"` // passed / reviews; null without reviews
}

// DeckStats are one deck's cards by phase and how well they are known.
type DeckStats struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Cards    int    `json:"cards"` // items: every question the deck asks
	New      int    `json:"new"`
	Learning int    `json:"learning"` // learning and relearning
	Review   int    `json:"review"`
	Due      int    `json:"due"` // due now
	// Mastery is the share of the deck's cards (new ones included) whose
	// retrievability now is at least 0.9.
	Mastery float64 `json:"mastery"`
	// AvgRetrievability is the mean retrievability now of the cards studied
	// (null when none is).
	AvgRetrievability *float64 `json:"avg_retrievability"`
}

// Hardest lists the cards that give the most trouble.
type Hardest struct {
	MostLapses           []CardStat `json:"most_lapses"`
	Leeches              []CardStat `json:"leeches"`
	LowestRetrievability []CardStat `json:"lowest_retrievability"`
}

// CardStat is one card in the lists of the hardest cards.
type CardStat struct {
	Deck           string    `json:"deck"`
	Card           string    `json:"card"`
	Prompt         string    `json:"prompt"`
	Reviews        int       `json:"reviews"`
	Lapses         int       `json:"lapses"`
	Leech          bool      `json:"leech"`
	Retrievability float64   `json:"retrievability"`
	Due            time.Time `json:"due"`
}

// studyDay is one study day: its start and its date.
type studyDay struct {
	start time.Time
	date  string
}

// days returns the study days from the one containing from to the one
// containing to, and the start of the day after the last.
func days(cfg scoring.Config, from, to time.Time) ([]studyDay, time.Time) {
	var out []studyDay
	d := cfg.DayOf(from)
	last := cfg.DayOf(to)
	for !d.After(last) {
		out = append(out, studyDay{start: d, date: d.Format("2006-01-02")})
		d = nextDay(cfg, d)
	}
	return out, d
}

// nextDay returns the start of the study day after the one starting at d. A
// day lasts 23 to 25 hours: 30 hours later is always in the next one.
func nextDay(cfg scoring.Config, d time.Time) time.Time { return cfg.DayOf(d.Add(30 * time.Hour)) }

// dayCount is the answers of the study day starting at start.
type dayCount struct {
	start   time.Time
	answers int
}

// activeDays tallies the study days before the day starting at until that
// have answers, in order: as many as there are, however long ago.
func activeDays(ctx context.Context, in Input, cfg scoring.Config, until time.Time) ([]dayCount, error) {
	utc, err := in.Store.ActiveDays(ctx, in.Deck, until)
	if err != nil || len(utc) == 0 {
		return nil, err
	}
	// The study days each UTC day touches (a study day lasts 23 to 25
	// hours: its start, middle and end find them all); those without
	// answers are tallied as such.
	var starts []time.Time
	for _, u := range utc {
		for _, at := range []time.Duration{0, 12 * time.Hour, 24*time.Hour - time.Millisecond} {
			if d := cfg.DayOf(u.Add(at)); d.Before(until) && (len(starts) == 0 || d.After(starts[len(starts)-1])) {
				starts = append(starts, d)
			}
		}
	}
	// Bounds: each day and the start of the next; the periods between two
	// days apart (no answers) are tallied too, and left out.
	bounds := []time.Time{starts[0]}
	for i, d := range starts {
		if i > 0 && d.After(bounds[len(bounds)-1]) {
			bounds = append(bounds, d)
		}
		bounds = append(bounds, nextDay(cfg, d))
	}
	tallies, err := in.Store.Tallies(ctx, in.Deck, bounds)
	if err != nil {
		return nil, err
	}
	out := make([]dayCount, 0, len(starts))
	for i, t := range tallies {
		if j := len(out); j < len(starts) && bounds[i].Equal(starts[j]) {
			out = append(out, dayCount{starts[j], t.Answers})
		}
	}
	return out, nil
}

// streaks returns the run of study days in a row with at least minAnswers answers
// that reaches today (or yesterday, while today has not counted yet), and
// the longest run. days are in order; a day missing between two is a day
// without answers.
func streaks(cfg scoring.Config, days []dayCount, today time.Time, minAnswers int) (current, longest int) {
	run := 0
	var last time.Time
	for _, d := range days {
		if d.answers < minAnswers {
			continue
		}
		if run > 0 && nextDay(cfg, last).Equal(d.start) {
			run++
		} else {
			run = 1
		}
		last = d.start
		longest = max(longest, run)
	}
	if run > 0 && (last.Equal(today) || nextDay(cfg, last).Equal(today)) {
		current = run
	}
	return current, longest
}

// Compute gathers the report.
func Compute(ctx context.Context, in Input) (*Report, error) {
	if in.Now.IsZero() {
		return nil, errors.New("stats: no time given")
	}
	cfg := in.Config
	if cfg.Location == nil {
		cfg.Location = time.Local
	}
	if in.StreakMin <= 0 {
		in.StreakMin = 1
	}
	now := in.Now
	today := cfg.DayOf(now)
	r := &Report{GeneratedAt: now.Truncate(time.Second), Deck: in.Deck, DayStart: today, Location: cfg.Location,
		Streak: Streak{MinReviews: in.StreakMin}}

	// The calendar starts on the Monday 52 weeks before this week's.
	wd := (int(today.Weekday()) + 6) % 7 // Monday 0
	gridStart := today
	for range (CalendarWeeks-1)*7 + wd {
		gridStart = cfg.DayOf(gridStart.Add(-20 * time.Hour))
	}
	// The figures by day show the calendar's year (which holds the last
	// 30 days and the year of retention): they are tallied over it alone,
	// whatever the span of the log.
	all, end := days(cfg, gridStart, now)
	tallies := make([]store.Tally, len(all))
	if in.Store != nil {
		bounds := make([]time.Time, 0, len(all)+1)
		for _, d := range all {
			bounds = append(bounds, d.start)
		}
		bounds = append(bounds, end)
		var err error
		if tallies, err = in.Store.Tallies(ctx, in.Deck, bounds); err != nil {
			return nil, err
		}
	}
	n := len(all)

	// Today.
	r.Today.Reviewed = tallies[n-1].Answers
	r.Today.Seconds = seconds(tallies[n-1].Duration)

	// Streaks: the longest run of counting days, and the one that reaches
	// today (or yesterday, while today has not counted yet). Before the
	// calendar, only the days with answers are tallied.
	counted := make([]dayCount, 0, n)
	if in.Store != nil {
		earlier, err := activeDays(ctx, in, cfg, gridStart)
		if err != nil {
			return nil, err
		}
		counted = append(counted, earlier...)
	}
	for i, d := range all {
		counted = append(counted, dayCount{d.start, tallies[i].Answers})
	}
	r.Streak.Current, r.Streak.Longest = streaks(cfg, counted, today, in.StreakMin)

	// Calendar and the last days by kind.
	for i, d := range all {
		if !d.start.Before(gridStart) {
			r.Calendar = append(r.Calendar, DayCount{Date: d.date, Reviews: tallies[i].Answers})
		}
		if i >= n-DailyDays {
			t := tallies[i]
			r.Daily = append(r.Daily, DayKinds{Date: d.date, Learn: t.Learn, Review: t.Review,
				Relearn: t.Relearn, Quiz: t.Quiz, Total: t.Answers, Seconds: seconds(t.Duration)})
		}
	}
	// True retention.
	for _, p := range []struct {
		name string
		days int
	}{{"day", 1}, {"week", 7}, {"month", 30}, {"year", 365}} {
		var sum store.Tally
		for i := max(0, n-p.days); i < n; i++ {
			sum.Add(tallies[i])
		}
		r.Retention = append(r.Retention, Retention{Period: p.name, Days: p.days,
			Young:  ratio(sum.YoungReviews, sum.YoungPassed),
			Mature: ratio(sum.MatureReviews, sum.MaturePassed)})
	}

	// Cards: phases, due, forecast, mastery, the hardest.
	fdays, _ := days(cfg, now, now.Add(time.Duration(ForecastDays-1)*24*time.Hour))
	fdays = fdays[:min(len(fdays), ForecastDays)]
	for len(fdays) < ForecastDays {
		last := fdays[len(fdays)-1].start
		next := nextDay(cfg, last)
		fdays = append(fdays, studyDay{start: next, date: next.Format("2006-01-02")})
	}
	r.Forecast = make([]DayDue, len(fdays))
	for i, d := range fdays {
		r.Forecast[i].Date = d.date
	}
	var hard picker
	var counts map[string]store.DayCount // new cards introduced today, by deck
	if in.Store != nil && len(in.Decks) > 0 {
		var err error
		if counts, err = in.Store.DayCounts(ctx, today); err != nil {
			return nil, err
		}
	}
	for _, d := range in.Decks {
		ds := DeckStats{ID: d.ID, Title: d.Title}
		// The retrievabilities, each rounded to 4 decimals, are added up
		// in ten-thousandths: in whole numbers the sum does not depend on
		// the order the cards come in (the deck's, or the store's).
		var sumR int64
		// studied counts one card studied, of those the deck has.
		studied := func(id, prompt string, st scoring.State) {
			switch st.Phase {
			case scoring.Learning, scoring.Relearning:
				ds.Learning++
			default:
				ds.Review++
			}
			if !st.Due.After(now) {
				ds.Due++
			}
			if day := scoring.DaysBetween(cfg, now, st.Due); day < ForecastDays {
				r.Forecast[max(day, 0)].Due++
			}
			rv := 0.0
			if d.Scheduler != nil {
				rv = round4(d.Scheduler.Retrievability(st, now))
			}
			sumR += int64(math.Round(rv * 1e4))
			if rv >= MasteryR {
				ds.Mastery++
			}
			hard.add(CardStat{Deck: d.ID, Card: id, Prompt: prompt, Reviews: st.Reps,
				Lapses: st.Lapses, Leech: st.Leech, Retrievability: rv, Due: st.Due}, st.Phase == scoring.Review)
		}
		introduced := 0
		switch {
		case d.Studied != nil:
			n, err := d.Studied(ctx, func(id string, st scoring.State) {
				if st.Phase != scoring.New {
					studied(id, "", st)
				}
			})
			if err != nil {
				return nil, err
			}
			ds.Cards = n
			ds.New = n - ds.Learning - ds.Review
			introduced = counts[d.ID].New
		default:
			ds.Cards = len(d.Items)
			var states map[string]scoring.State
			if in.Store != nil {
				var err error
				if states, err = in.Store.States(ctx, d.ID); err != nil {
					return nil, err
				}
				introduced = counts[d.ID].New
			}
			for _, it := range d.Items {
				st, ok := states[it.ID]
				if !ok || st.Phase == scoring.New {
					ds.New++
					continue
				}
				studied(it.ID, it.Prompt, st)
			}
		}
		if ds.Cards > 0 {
			ds.Mastery = round4(ds.Mastery / float64(ds.Cards))
		}
		if s := ds.Learning + ds.Review; s > 0 {
			avg := round4(float64(sumR) / 1e4 / float64(s))
			ds.AvgRetrievability = &avg
		}
		r.Today.DueNow += ds.Due
		limit := d.NewPerDay
		if limit <= 0 {
			limit = 20
		}
		r.Today.NewLeft += max(0, min(ds.New, limit-introduced))
		r.Decks = append(r.Decks, ds)
	}
	r.Hardest = hard.result()
	if in.Prompt != nil {
		for _, list := range [][]CardStat{r.Hardest.MostLapses, r.Hardest.Leeches, r.Hardest.LowestRetrievability} {
			for i := range list {
				if list[i].Prompt == "" {
					p, err := in.Prompt(ctx, list[i].Deck, list[i].Card)
					if err != nil {
						return nil, err
					}
					list[i].Prompt = p
				}
			}
		}
	}
	if r.Decks == nil {
		r.Decks = []DeckStats{}
	}
	if r.Calendar == nil {
		r.Calendar = []DayCount{}
	}
	return r, nil
}

func ratio(reviews, passed int) Ratio {
	r := Ratio{Reviews: reviews, Passed: passed}
	if reviews > 0 {
		v := round4(float64(passed) / float64(reviews))
		r.Rate = &v
	}
	return r
}

// round4 rounds a share to 4 decimals: the figures do not change with the
// milliseconds that pass while they are computed.
func round4(f float64) float64 { return math.Round(f*1e4) / 1e4 }

// seconds is d in whole seconds.
func seconds(d time.Duration) float64 { return math.Round(d.Seconds()) }

// byKey orders cards by deck and id, for ties.
func byKey(a, b CardStat) int {
	if c := cmp.Compare(a.Deck, b.Deck); c != 0 {
		return c
	}
	return cmp.Compare(a.Card, b.Card)
}

// picker keeps the hardest cards of those it is given, one at a time: a
// collection has tens of thousands of cards studied, and a slice of them
// all is most of the memory, and the time, the statistics take.
type picker struct {
	mostLapses, leeches, lowestR []CardStat
}

// byLapses orders cards by lapses (most first), then retrievability
// (lowest first), then key.
func byLapses(a, b CardStat) int {
	if c := cmp.Compare(b.Lapses, a.Lapses); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Retrievability, b.Retrievability); c != 0 {
		return c
	}
	return byKey(a, b)
}

// byR orders cards by retrievability (lowest first), then key.
func byR(a, b CardStat) int {
	if c := cmp.Compare(a.Retrievability, b.Retrievability); c != 0 {
		return c
	}
	return byKey(a, b)
}

// add offers c to each list; only a card in review (graduated: reviewed on
// a later day than it was learnt) is ranked by retrievability, since a
// card just seen in its learning steps is at 100% by definition.
func (p *picker) add(c CardStat, inReview bool) {
	if c.Lapses > 0 {
		p.mostLapses = keepTop(p.mostLapses, c, byLapses)
	}
	if c.Leech {
		p.leeches = keepTop(p.leeches, c, byLapses)
	}
	if inReview {
		p.lowestR = keepTop(p.lowestR, c, byR)
	}
}

// result returns the lists.
func (p *picker) result() Hardest {
	orEmpty := func(l []CardStat) []CardStat {
		if l == nil {
			return []CardStat{}
		}
		return l
	}
	return Hardest{MostLapses: orEmpty(p.mostLapses), Leeches: orEmpty(p.leeches), LowestRetrievability: orEmpty(p.lowestR)}
}

// keepTop inserts c into out, kept sorted by order (a total order: ties
// are broken by the card key) and cut to its first HardestCount cards.
func keepTop(out []CardStat, c CardStat, order func(a, b CardStat) int) []CardStat {
	if len(out) == HardestCount && order(c, out[len(out)-1]) >= 0 {
		return out
	}
	i, _ := slices.BinarySearchFunc(out, c, order)
	out = slices.Insert(out, i, c)
	return out[:min(len(out), HardestCount)]
}

// Percent formats a share as a whole percentage ("—" for none).
func Percent(p *float64) string {
	if p == nil {
		return "—"
	}
	return fmt.Sprintf("%.0f%%", 100**p)
}
