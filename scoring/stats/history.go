package stats

import (
	"fmt"
	"io"
	"math"
	"strings"
)

// eighths are the partial blocks, from one eighth of a cell to a full one.
var eighths = []string{"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"}

// scoreColor is green from 80 %, yellow from 50 %, red below.
func scoreColor(score float64) string {
	switch {
	case score >= 80:
		return "\x1b[32m"
	case score >= 50:
		return "\x1b[33m"
	}
	return "\x1b[31m"
}

// underLabels is the line under the bars of ScoreChart: the first label
// under the first bar and the last under the last, when they are
// different days and the last can start at its bar; otherwise one label
// for all the bars, or the range of their days.
func underLabels(labels []string) string {
	first, last := labels[0], labels[len(labels)-1]
	switch at := 2 * (len(labels) - 1); {
	case first == last:
		return first
	case at > len([]rune(first)):
		return first + strings.Repeat(" ", at-len([]rune(first))) + last
	}
	return first + " to " + last
}

// ScoreChart draws scores (percentages, oldest first) as a bar chart of
// height rows from 0 to 100 %, one bar two columns wide per score, drawn
// to an eighth of a row. NaN scores (nothing answered) leave a gap. The
// labels (the sessions' days) are written as underLabels says.
func ScoreChart(w io.Writer, scores []float64, labels []string, height int, color bool) error {
	if height <= 0 {
		height = 5
	}
	p := painter(color)
	ew := &errWriter{w: w}
	for row := height - 1; row >= 0; row-- {
		label := ""
		if row == height-1 {
			label = "100%"
		}
		var b strings.Builder
		for _, s := range scores {
			cell := " "
			if !math.IsNaN(s) {
				// eighths of a row above this row's bottom
				fill := int(math.Round(math.Max(0, math.Min(100, s)) / 100 * float64(height*8)))
				switch e := fill - row*8; {
				case e >= 8:
					cell = eighths[7]
				case e > 0:
					cell = eighths[e-1]
				case row == 0 && fill == 0:
					cell = "_" // 0 %: visible, unlike an empty session
				}
				cell = p.paint(scoreColor(s), cell)
			}
			b.WriteString(cell + " ")
		}
		fmt.Fprintf(ew, "  %4s ┤%s\n", label, strings.TrimRight(b.String(), " "))
	}
	fmt.Fprintf(ew, "    0%% └%s\n", strings.Repeat("─", 2*len(scores)))
	if len(labels) > 0 && len(labels) == len(scores) {
		fmt.Fprintf(ew, "        %s\n", underLabels(labels))
	}
	return ew.err
}
