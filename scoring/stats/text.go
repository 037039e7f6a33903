package stats

import (
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/ontap/ontap/scoring/stats/table"
)

// TextOptions say how WriteText draws.
type TextOptions struct {
	Color bool // ANSI colours; plain characters tell the series apart either way
	Width int  // the terminal's width in columns; 0 or less: no limit
}

// ANSI sequences.
const (
	ansiReset = "\x1b[0m"
	ansiBold  = "\x1b[1m"
	ansiDim   = "\x1b[2m"
)

// series of the stacked daily chart, bottom to top: their plain
// character, colour and name.
var kindSeries = []struct {
	char, color, name string
}{
	{"█", "\x1b[32m", "review"},
	{"▓", "\x1b[34m", "learn"},
	{"▒", "\x1b[31m", "relearn"},
	{"░", "\x1b[33m", "quiz"},
}

// heat levels of the calendar: none, then four shades.
var heatChars = []string{"·", "░", "▒", "▓", "█"}
var heatColors = []string{ansiDim, "\x1b[38;5;22m", "\x1b[38;5;28m", "\x1b[38;5;34m", "\x1b[38;5;46m"}

// painter colours text when colour is on.
type painter bool

func (p painter) paint(color, s string) string {
	if !p || color == "" || s == "" {
		return s
	}
	return color + s + ansiReset
}

// writeTable lays rows out under indent to fit width (see table.Fit).
func writeTable(w io.Writer, indent string, width int, right []bool, rows [][]string) {
	t := table.Table{Indent: indent, Right: right, Rows: rows}
	_ = t.Write(w, width) // w is an errWriter, which keeps the error
}

// Duration formats seconds for a learner: 45s, 3m05s, 1h02m.
func Duration(sec float64) string {
	d := time.Duration(math.Round(sec)) * time.Second
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	}
	return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
}

func plural(n int, one, many string) string { return table.Plural(n, one, many) }

// WriteText writes the report for a terminal.
func WriteText(w io.Writer, r *Report, opt TextOptions) error {
	p := painter(opt.Color)
	ew := &errWriter{w: w}
	out := io.Writer(ew)
	head := func(s string) { fmt.Fprintf(out, "\n%s\n", p.paint(ansiBold, s)) }

	scope := "all decks"
	if r.Deck != "" {
		scope = "deck " + r.Deck
	}
	fmt.Fprintf(out, "%s\n", p.paint(ansiBold, "Statistics: "+scope))
	fmt.Fprintf(out, "%s, study day from %s\n", r.GeneratedAt.In(r.loc()).Format("2006-01-02 15:04"),
		r.DayStart.In(r.loc()).Format("2006-01-02 15:04"))

	head(todayTitle(r))
	writeTable(out, "  ", opt.Width, []bool{false, false}, [][]string{
		{"Reviewed", plural(r.Today.Reviewed, "answer", "answers") + " in " + Duration(r.Today.Seconds)},
		{"Due now", plural(r.Today.DueNow, "card", "cards")},
		{"New cards left", plural(r.Today.NewLeft, "card", "cards")},
	})

	head("Streak")
	fmt.Fprintf(out, "  Current %s, longest %s (a day counts with %s or more)\n",
		plural(r.Streak.Current, "day", "days"), plural(r.Streak.Longest, "day", "days"),
		plural(r.Streak.MinReviews, "answer", "answers"))
	writeCalendar(out, r, p)

	head("Answers per day, last 30 days")
	var legend []string
	for _, s := range kindSeries {
		legend = append(legend, p.paint(s.color, s.char)+" "+s.name)
	}
	fmt.Fprintf(out, "  %s\n", strings.Join(legend, "  "))
	cols := make([][]int, len(r.Daily))
	labels := make([]string, len(r.Daily))
	for i, d := range r.Daily {
		cols[i] = []int{d.Review, d.Learn, d.Relearn, d.Quiz}
		labels[i] = d.Date
	}
	writeBars(out, cols, labels, 8, p, kindSeries)

	head("Forecast: cards due per day, next 30 days")
	cols = make([][]int, len(r.Forecast))
	labels = make([]string, len(r.Forecast))
	for i, d := range r.Forecast {
		cols[i] = []int{d.Due}
		labels[i] = d.Date
	}
	writeBars(out, cols, labels, 6, p, kindSeries[:1])

	head("True retention: reviews passed (Hard or better)")
	rows := [][]string{{"", "YOUNG (<21d)", "MATURE (≥21d)"}}
	names := map[string]string{"day": "Today", "week": "7 days", "month": "30 days", "year": "365 days"}
	for _, ret := range r.Retention {
		rows = append(rows, []string{names[ret.Period], ratioText(ret.Young), ratioText(ret.Mature)})
	}
	writeTable(out, "  ", opt.Width, []bool{false, true, true}, rows)

	head("Decks")
	if len(r.Decks) == 0 {
		fmt.Fprintln(out, "  No decks.")
	} else {
		rows = [][]string{{"DECK", "CARDS", "NEW", "LEARNING", "REVIEW", "DUE", "MASTERY", "AVG R", "TITLE"}}
		for _, d := range r.Decks {
			rows = append(rows, []string{d.ID, fmt.Sprint(d.Cards), fmt.Sprint(d.New), fmt.Sprint(d.Learning),
				fmt.Sprint(d.Review), fmt.Sprint(d.Due), Percent(&d.Mastery), Percent(d.AvgRetrievability), d.Title})
		}
		writeTable(out, "  ", opt.Width, []bool{false, true, true, true, true, true, true, true, false}, rows)
	}

	head("Hardest cards")
	lists := []struct {
		name  string
		cards []CardStat
		first func(CardStat) string
	}{
		{"Most lapses", r.Hardest.MostLapses, func(c CardStat) string { return plural(c.Lapses, "lapse", "lapses") }},
		{"Leeches", r.Hardest.Leeches, func(c CardStat) string { return plural(c.Lapses, "lapse", "lapses") }},
		{"Lowest retrievability", r.Hardest.LowestRetrievability, func(c CardStat) string {
			return fmt.Sprintf("R %.0f%%", 100*c.Retrievability)
		}},
	}
	for _, l := range lists {
		fmt.Fprintf(out, "  %s\n", l.name)
		if len(l.cards) == 0 {
			none := "none"
			if l.name == "Lowest retrievability" {
				none = "none yet: cards are listed once they are in review"
			}
			fmt.Fprintln(out, "    "+none)
			continue
		}
		rows = nil
		for _, c := range l.cards {
			rows = append(rows, []string{l.first(c), c.Deck + "/" + c.Card, oneLine(c.Prompt)})
		}
		writeTable(out, "    ", opt.Width, []bool{true, false, false}, rows)
	}
	return ew.err
}

// todayTitle is the heading of today's figures: before the study day's
// start (04:00) the calendar's today is still the previous study day,
// and the heading says so.
func todayTitle(r *Report) string {
	start := r.DayStart.In(r.loc())
	if start.Format("2006-01-02") == r.GeneratedAt.In(r.loc()).Format("2006-01-02") {
		return "Today"
	}
	return fmt.Sprintf("Today: the study day of %s, until %s", start.Format("Mon 2006-01-02"), start.Format("15:04"))
}

// oneLine joins the lines of s with spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func ratioText(r Ratio) string {
	if r.Rate == nil {
		return "—"
	}
	return fmt.Sprintf("%s (%d/%d)", Percent(r.Rate), r.Passed, r.Reviews)
}

func (r *Report) loc() *time.Location {
	if r.Location == nil {
		return time.UTC
	}
	return r.Location
}

// errWriter keeps the first write error.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(b []byte) (int, error) {
	if e.err != nil {
		return len(b), nil
	}
	n, err := e.w.Write(b)
	e.err = err
	return n, nil
}

// heatLevel maps a day's answers to 0 (none) .. 4 relative to the busiest day.
func heatLevel(n, most int) int {
	if n <= 0 || most <= 0 {
		return 0
	}
	return min(4, 1+(4*(n-1))/most)
}

// writeCalendar draws the calendar heatmap: one column per week (Monday
// at the top), one character per day.
func writeCalendar(w io.Writer, r *Report, p painter) {
	if len(r.Calendar) == 0 {
		return
	}
	most := 0
	for _, d := range r.Calendar {
		most = max(most, d.Reviews)
	}
	weeks := (len(r.Calendar) + 6) / 7
	grid := make([][]string, 7)
	for i := range grid {
		grid[i] = make([]string, weeks)
		for j := range grid[i] {
			grid[i][j] = " "
		}
	}
	for i, d := range r.Calendar {
		lv := heatLevel(d.Reviews, most)
		grid[i%7][i/7] = p.paint(heatColors[lv], heatChars[lv])
	}
	// Month names over the week in which each month begins; the first
	// column's only when the next name is far enough.
	monthRow := []rune(strings.Repeat(" ", weeks+3))
	for _, m := range monthLabels(r.Calendar) {
		copy(monthRow[m.col:], []rune(m.name))
	}
	fmt.Fprintf(w, "      %s\n", strings.TrimRight(string(monthRow), " "))
	names := []string{"Mon", "", "Wed", "", "Fri", "", "Sun"}
	for row := range 7 {
		fmt.Fprintf(w, "  %-3s %s\n", names[row], strings.TrimRight(strings.Join(grid[row], ""), " "))
	}
	var key []string
	for lv := range heatChars {
		key = append(key, p.paint(heatColors[lv], heatChars[lv]))
	}
	fmt.Fprintf(w, "      less %s more (busiest day: %s)\n", strings.Join(key, ""), plural(most, "answer", "answers"))
}

// tallest is the largest total of a column of stacked bars.
func tallest(cols [][]int) int {
	most := 0
	for _, c := range cols {
		s := 0
		for _, v := range c {
			s += v
		}
		most = max(most, s)
	}
	return most
}

// writeBars draws a vertical bar chart: one column (two characters wide)
// per value, stacked series bottom to top, height rows tall, with the
// largest total on the axis and the first, middle and last dates below.
func writeBars(w io.Writer, cols [][]int, labels []string, height int, p painter, series []struct{ char, color, name string }) {
	most := tallest(cols)
	cells := make([][]int, len(cols)) // per column, the series of each cell, bottom up
	for i, c := range cols {
		cells[i] = stack(c, most, height)
	}
	axis := len(fmt.Sprint(most))
	for row := height - 1; row >= 0; row-- {
		label := ""
		if row == height-1 {
			label = fmt.Sprint(most)
		}
		var b strings.Builder
		for _, c := range cells {
			if row < len(c) {
				s := series[c[row]]
				b.WriteString(p.paint(s.color, s.char))
			} else {
				b.WriteString(" ")
			}
			b.WriteString(" ")
		}
		fmt.Fprintf(w, "  %*s ┤%s\n", axis, label, strings.TrimRight(b.String(), " "))
	}
	fmt.Fprintf(w, "  %*s └%s\n", axis, "0", strings.Repeat("─", 2*len(cols)))
	if len(labels) > 0 {
		under := []rune(strings.Repeat(" ", 2*len(cols)+6))
		short := func(s string) string {
			if len(s) == 10 {
				return s[5:] // MM-DD
			}
			return s
		}
		for _, i := range []int{0, len(labels) / 2, len(labels) - 1} {
			l := []rune(short(labels[i]))
			at := min(2*i, len(under)-len(l))
			copy(under[at:], l)
		}
		fmt.Fprintf(w, "  %*s  %s\n", axis, "", strings.TrimRight(string(under), " "))
	}
}

// stack divides a column of height cells (scaled so that most fills it)
// among the series by the largest remainder; a non-zero total gets at
// least one cell and so does each non-zero series while cells remain.
func stack(vals []int, most, height int) []int {
	total := 0
	for _, v := range vals {
		total += v
	}
	if total == 0 || most == 0 {
		return nil
	}
	n := max(1, int(math.Round(float64(total)*float64(height)/float64(most))))
	counts := make([]int, len(vals))
	type rem struct {
		i int
		r float64
	}
	var rems []rem
	used := 0
	for i, v := range vals {
		exact := float64(v) * float64(n) / float64(total)
		counts[i] = int(exact)
		used += counts[i]
		rems = append(rems, rem{i, exact - float64(counts[i])})
	}
	for used < n {
		best := -1
		for j, r := range rems {
			if vals[r.i] > 0 && (best < 0 || r.r > rems[best].r) {
				best = j
			}
		}
		counts[rems[best].i]++
		rems[best].r = -1
		used++
	}
	var out []int
	for i, c := range counts {
		for range c {
			out = append(out, i)
		}
	}
	return out
}

// monthOf is the short month name of a YYYY-MM-DD date.
func monthOf(date string) string {
	t, err := time.Parse("2006-01-02", date)
	if err != nil {
		return ""
	}
	return t.Format("Jan")
}

// monthLabel is a month's name over a column of the calendar.
type monthLabel struct {
	col  int
	name string
}

// monthLabels puts each month's name over the week in which it begins;
// the first column gets its month's name when the next one is 4 weeks or
// more away.
func monthLabels(cal []DayCount) []monthLabel {
	weeks := (len(cal) + 6) / 7
	sunday := func(col int) string { return cal[min(len(cal)-1, col*7+6)].Date }
	var out []monthLabel
	for col := 1; col < weeks; col++ {
		if m := monthOf(sunday(col)); m != monthOf(sunday(col-1)) {
			out = append(out, monthLabel{col, m})
		}
	}
	if weeks > 0 && (len(out) == 0 || out[0].col >= 4) {
		out = append([]monthLabel{{0, monthOf(sunday(0))}}, out...)
	}
	return out
}
