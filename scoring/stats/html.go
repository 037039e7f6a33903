package stats

import (
	"fmt"
	"html"
	"html/template"
	"io"
	"strings"
	"sync"
)

// Colours of the HTML report.
var (
	kindColors = []string{"#2e7d32", "#1565c0", "#c62828", "#f9a825"} // review, learn, relearn, quiz
	heatFills  = []string{"#ebedf0", "#c6e48b", "#7bc96f", "#239a3b", "#196127"}
)

// WriteHTML writes the report as one self-contained HTML page: inline CSS
// and SVG charts, no script, nothing fetched from the network. It prints
// on paper as it shows on screen.
func WriteHTML(w io.Writer, r *Report) error {
	scope := "all decks"
	if r.Deck != "" {
		scope = "deck " + r.Deck
	}
	loc := r.loc()
	names := map[string]string{"day": "Today", "week": "7 days", "month": "30 days", "year": "365 days"}
	type retRow struct{ Name, Young, Mature string }
	var ret []retRow
	for _, x := range r.Retention {
		ret = append(ret, retRow{names[x.Period], ratioText(x.Young), ratioText(x.Mature)})
	}
	data := map[string]any{
		"Scope":     scope,
		"Generated": r.GeneratedAt.In(loc).Format("2006-01-02 15:04 MST"),
		"DayStart":  r.DayStart.In(loc).Format("2006-01-02 15:04"),
		"R":         r,
		"Time":      Duration(r.Today.Seconds),
		"Calendar":  template.HTML(calendarSVG(r)),
		"Daily":     template.HTML(dailySVG(r)),
		"Forecast":  template.HTML(forecastSVG(r)),
		"Retention": ret,
		"Legend":    template.HTML(legendHTML()),
	}
	return page().Execute(w, data)
}

// page is the report's template, parsed when first used (not at the start
// of every command).
var page = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("stats").Funcs(template.FuncMap{
		"pct":    Percent,
		"pctv":   func(f float64) string { return Percent(&f) },
		"rpct":   func(f float64) string { return fmt.Sprintf("%.0f%%", 100*f) },
		"plural": func(n int, one, many string) string { return plural(n, one, many) },
		"bar": func(f float64) template.CSS {
			return template.CSS(fmt.Sprintf("width:%.1f%%", 100*max(0, min(1, f))))
		},
	}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ontap statistics: {{.Scope}}</title>
<style>
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: #1f2328;
       background: #fff; margin: 0 auto; max-width: 1100px; padding: 24px; }
h1 { font-size: 1.6em; margin: 0 0 4px; }
h2 { font-size: 1.15em; margin: 0 0 10px; }
.sub { color: #59636e; margin: 0 0 20px; }
section { border: 1px solid #d1d9e0; border-radius: 8px; padding: 14px 18px; margin: 0 0 18px; break-inside: avoid; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; }
.card { flex: 1 1 140px; border: 1px solid #d1d9e0; border-radius: 8px; padding: 10px 14px; }
.card b { display: block; font-size: 1.7em; }
.card span { color: #59636e; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #eef1f4; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.meter { background: #eef1f4; border-radius: 3px; height: 8px; width: 90px; display: inline-block; vertical-align: middle; }
.meter i { display: block; height: 8px; border-radius: 3px; background: #2e7d32; }
.legend span { margin-right: 14px; white-space: nowrap; }
.legend i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; border-radius: 2px; }
svg { max-width: 100%; height: auto; display: block; }
svg text { font: 10px system-ui, sans-serif; fill: #59636e; }
.none { color: #59636e; }
@media print {
  body { padding: 0; font-size: 11pt; }
  section { border-color: #999; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
</style>
</head>
<body>
<h1>ontap statistics: {{.Scope}}</h1>
<p class="sub">{{.Generated}}; the study day began at {{.DayStart}}.</p>

<section id="today">
<h2>Today</h2>
<div class="cards">
<div class="card"><b>{{.R.Today.Reviewed}}</b><span>answers in {{.Time}}</span></div>
<div class="card"><b>{{.R.Today.DueNow}}</b><span>cards due now</span></div>
<div class="card"><b>{{.R.Today.NewLeft}}</b><span>new cards left</span></div>
<div class="card"><b>{{.R.Streak.Current}}</b><span>day streak (longest {{.R.Streak.Longest}})</span></div>
</div>
</section>

<section id="calendar">
<h2>Answers per day, last year</h2>
{{.Calendar}}
<p class="sub">A day counts for the streak with {{plural .R.Streak.MinReviews "answer" "answers"}} or more.</p>
</section>

<section id="daily">
<h2>Answers per day, last 30 days</h2>
<p class="legend">{{.Legend}}</p>
{{.Daily}}
</section>

<section id="forecast">
<h2>Forecast: cards due per day, next 30 days</h2>
{{.Forecast}}
</section>

<section id="retention">
<h2>True retention</h2>
<p class="sub">Reviews of graduated cards passed (Hard or better); young cards have an interval under 21 days, mature ones 21 days or more.</p>
<table>
<tr><th>Period</th><th class="n">Young</th><th class="n">Mature</th></tr>
{{range .Retention}}<tr><td>{{.Name}}</td><td class="n">{{.Young}}</td><td class="n">{{.Mature}}</td></tr>
{{end}}</table>
</section>

<section id="decks">
<h2>Decks</h2>
{{if .R.Decks}}<table>
<tr><th>Deck</th><th>Title</th><th class="n">Cards</th><th class="n">New</th><th class="n">Learning</th><th class="n">Review</th><th class="n">Due</th><th>Mastery</th><th class="n">Avg R</th></tr>
{{range .R.Decks}}<tr><td>{{.ID}}</td><td>{{.Title}}</td><td class="n">{{.Cards}}</td><td class="n">{{.New}}</td><td class="n">{{.Learning}}</td><td class="n">{{.Review}}</td><td class="n">{{.Due}}</td>
<td><span class="meter"><i style="{{bar .Mastery}}"></i></span> {{pctv .Mastery}}</td><td class="n">{{pct .AvgRetrievability}}</td></tr>
{{end}}</table>{{else}}<p class="none">No decks.</p>{{end}}
</section>

<section id="hardest">
<h2>Hardest cards</h2>
<h3>Most lapses</h3>
{{with .R.Hardest.MostLapses}}<table><tr><th class="n">Lapses</th><th>Card</th><th>Question</th></tr>
{{range .}}<tr><td class="n">{{.Lapses}}</td><td>{{.Deck}}/{{.Card}}</td><td>{{.Prompt}}</td></tr>
{{end}}</table>{{else}}<p class="none">None.</p>{{end}}
<h3>Leeches</h3>
{{with .R.Hardest.Leeches}}<table><tr><th class="n">Lapses</th><th>Card</th><th>Question</th></tr>
{{range .}}<tr><td class="n">{{.Lapses}}</td><td>{{.Deck}}/{{.Card}}</td><td>{{.Prompt}}</td></tr>
{{end}}</table>{{else}}<p class="none">None.</p>{{end}}
<h3>Lowest retrievability</h3>
{{with .R.Hardest.LowestRetrievability}}<table><tr><th class="n">R</th><th>Card</th><th>Question</th></tr>
{{range .}}<tr><td class="n">{{rpct .Retrievability}}</td><td>{{.Deck}}/{{.Card}}</td><td>{{.Prompt}}</td></tr>
{{end}}</table>{{else}}<p class="none">None yet: cards are listed once they are in review.</p>{{end}}
</section>
</body>
</html>
`))
})

func legendHTML() string {
	var b strings.Builder
	for i, s := range kindSeries {
		fmt.Fprintf(&b, `<span><i style="background:%s"></i>%s</span>`, kindColors[i], s.name)
	}
	return b.String()
}

// calendarSVG draws the heatmap: weeks as columns, Monday at the top.
func calendarSVG(r *Report) string {
	const cell, gap, left, top = 12, 3, 32, 16
	weeks := (len(r.Calendar) + 6) / 7
	width := left + weeks*(cell+gap) + 4
	height := top + 7*(cell+gap) + 24
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="answers per day over the last year">`,
		width, height, width, height)
	most := 0
	for _, d := range r.Calendar {
		most = max(most, d.Reviews)
	}
	for i, name := range []string{"Mon", "", "Wed", "", "Fri", "", "Sun"} {
		if name != "" {
			fmt.Fprintf(&b, `<text x="0" y="%d">%s</text>`, top+i*(cell+gap)+cell-2, name)
		}
	}
	for _, m := range monthLabels(r.Calendar) {
		fmt.Fprintf(&b, `<text x="%d" y="10">%s</text>`, left+m.col*(cell+gap), m.name)
	}
	for i, d := range r.Calendar {
		col, row := i/7, i%7
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" rx="2" fill="%s"><title>%s: %d</title></rect>`,
			left+col*(cell+gap), top+row*(cell+gap), cell, cell, heatFills[heatLevel(d.Reviews, most)], d.Date, d.Reviews)
	}
	y := top + 7*(cell+gap) + 14
	fmt.Fprintf(&b, `<text x="%d" y="%d">less</text>`, left, y)
	for lv, f := range heatFills {
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" rx="2" fill="%s"/>`, left+26+lv*(cell+gap), y-10, cell, cell, f)
	}
	fmt.Fprintf(&b, `<text x="%d" y="%d">more (busiest day: %d)</text>`, left+30+len(heatFills)*(cell+gap), y, most)
	b.WriteString(`</svg>`)
	return b.String()
}

// barsSVG draws stacked vertical bars with a value axis and date labels.
func barsSVG(label string, dates []string, cols [][]int, colors []string) string {
	const barW, gap, left, top, plotH = 22, 6, 40, 18, 160
	width := left + len(cols)*(barW+gap) + 10
	height := top + plotH + 34
	most := tallest(cols)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="%s">`,
		width, height, width, height, html.EscapeString(label))
	base := top + plotH
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#8c959f"/>`, left-4, base, width-6, base)
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#eef1f4"/>`, left-4, top, width-6, top)
	fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end">%d</text>`, left-8, top+4, most)
	fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end">0</text>`, left-8, base+4)
	for i, c := range cols {
		x := left + i*(barW+gap)
		y := float64(base)
		total := 0
		for _, v := range c {
			total += v
		}
		for k, v := range c {
			if v == 0 || most == 0 {
				continue
			}
			h := float64(v) / float64(most) * plotH
			y -= h
			fmt.Fprintf(&b, `<rect x="%d" y="%.2f" width="%d" height="%.2f" fill="%s"><title>%s: %d</title></rect>`,
				x, y, barW, h, colors[k], dates[i], v)
		}
		if total > 0 {
			fmt.Fprintf(&b, `<text x="%d" y="%.2f" text-anchor="middle">%d</text>`, x+barW/2, y-3, total)
		}
		if i%5 == 0 || i == len(cols)-1 {
			d := dates[i]
			if len(d) == 10 {
				d = d[5:]
			}
			fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle">%s</text>`, x+barW/2, base+16, html.EscapeString(d))
		}
	}
	b.WriteString(`</svg>`)
	return b.String()
}

func dailySVG(r *Report) string {
	dates := make([]string, len(r.Daily))
	cols := make([][]int, len(r.Daily))
	for i, d := range r.Daily {
		dates[i] = d.Date
		cols[i] = []int{d.Review, d.Learn, d.Relearn, d.Quiz}
	}
	return barsSVG("answers per day over the last 30 days, by kind", dates, cols, kindColors)
}

func forecastSVG(r *Report) string {
	dates := make([]string, len(r.Forecast))
	cols := make([][]int, len(r.Forecast))
	for i, d := range r.Forecast {
		dates[i] = d.Date
		cols[i] = []int{d.Due}
	}
	return barsSVG("cards due per day over the next 30 days", dates, cols, []string{"#6f42c1"})
}
