// Package table lays out text in columns that fit a width: the views of
// ontap (history, stats, deck list, deck show) print through it. Widths
// are display widths (a combining mark takes no column, a wide character
// two), so decomposed Vietnamese lines up with its composed form. The
// width itself is a parameter: the terminal's is known to the caller
// (quiz/term), not here.
package table

import (
	"io"
	"strconv"
	"strings"

	"github.com/mattn/go-runewidth"
)

// Gap is the space between columns.
const Gap = "  "

// minText is the narrowest a text column is shrunk to (or its natural
// width, when narrower).
const minText = 6

// Width is the number of terminal columns s takes.
func Width(s string) int { return runewidth.StringWidth(s) }

// Truncate cuts s to at most width display columns, ending with "…" when
// cut. A width of 0 or less leaves s as it is.
func Truncate(s string, width int) string {
	if width <= 0 || Width(s) <= width {
		return s
	}
	return runewidth.Truncate(s, width, "…")
}

// TruncateStart is Truncate that keeps the end of s and cuts its start,
// "…" first: for paths, whose file name tells them apart.
func TruncateStart(s string, width int) string {
	if width <= 0 || Width(s) <= width {
		return s
	}
	r := []rune(s)
	i := len(r)
	for w := 0; i > 0; i-- {
		rw := runewidth.RuneWidth(r[i-1])
		if w+rw > width-1 {
			break
		}
		w += rw
	}
	for i < len(r) && runewidth.RuneWidth(r[i]) == 0 { // no combining mark without its base
		i++
	}
	return "…" + string(r[i:])
}

// Table is rows of cells in columns. The first row is usually the
// headers. Right marks the columns aligned to the right: numbers, which are
// never cut; the other columns are text, shrunk to fit, the widest first.
type Table struct {
	Indent string     // written before every row
	Right  []bool     // per column
	Rows   [][]string // cells; a row may have fewer cells than columns
	// CutStart marks the text columns cut at their start rather than their
	// end (paths: see TruncateStart).
	CutStart []bool
}

// Fit returns the width of each column so that a row fits in width
// columns (no limit when width <= 0): every column as wide as its widest
// cell, then, while the row is too wide, the widest text column loses a
// column, down to minText (or its natural width). A table of numbers
// only, or one whose text columns are all at their minimum, may stay
// wider than width.
func (t *Table) Fit(width int) []int {
	cols := make([]int, len(t.Right))
	for _, r := range t.Rows {
		for i, c := range r {
			if i < len(cols) {
				cols[i] = max(cols[i], Width(c))
			}
		}
	}
	if width <= 0 || len(cols) == 0 {
		return cols
	}
	floor := make([]int, len(cols))
	for i, c := range cols {
		floor[i] = c
		if !t.Right[i] {
			floor[i] = min(c, minText)
		}
	}
	total := Width(t.Indent) + len(Gap)*(len(cols)-1)
	for _, c := range cols {
		total += c
	}
	for total > width {
		widest := -1
		for i, c := range cols {
			if c > floor[i] && (widest < 0 || c > cols[widest]) {
				widest = i
			}
		}
		if widest < 0 {
			break
		}
		cols[widest]--
		total--
	}
	return cols
}

// Write lays the rows out to fit width (see Fit), cutting text cells that
// are too long with "…"; trailing spaces are trimmed.
func (t *Table) Write(w io.Writer, width int) error {
	cols := t.Fit(width)
	for _, r := range t.Rows {
		var b strings.Builder
		b.WriteString(t.Indent)
		for i, c := range r {
			if i >= len(cols) {
				break
			}
			if i < len(t.CutStart) && t.CutStart[i] {
				c = TruncateStart(c, cols[i])
			} else {
				c = Truncate(c, cols[i])
			}
			fill := strings.Repeat(" ", max(0, cols[i]-Width(c)))
			if t.Right[i] {
				b.WriteString(fill + c)
			} else {
				b.WriteString(c + fill)
			}
			if i < len(r)-1 {
				b.WriteString(Gap)
			}
		}
		if _, err := io.WriteString(w, strings.TrimRight(b.String(), " ")+"\n"); err != nil {
			return err
		}
	}
	return nil
}

// Wrap breaks s into lines of at most width display columns at spaces,
// the first line starting with first and every further line with indent
// (a hanging indent), so that a wrapped line keeps its place under the
// first. A word longer than a line is cut into pieces. Newlines in s start
// new lines (with indent). With width <= 0 nothing is wrapped.
func Wrap(s string, width int, first, indent string) string {
	var out strings.Builder
	for n, para := range strings.Split(s, "\n") {
		lead := first
		if n > 0 {
			out.WriteByte('\n')
			lead = indent
		}
		out.WriteString(wrapLine(para, width, lead, indent))
	}
	return out.String()
}

func wrapLine(s string, width int, lead, indent string) string {
	if width <= 0 {
		return lead + s
	}
	var out strings.Builder
	line := lead
	lineW := Width(lead)
	empty := true // nothing but the lead on the line yet
	flush := func() {
		out.WriteString(strings.TrimRight(line, " "))
		out.WriteByte('\n')
		line, lineW, empty = indent, Width(indent), true
	}
	for _, word := range strings.Fields(s) {
		ww := Width(word)
		if !empty && lineW+1+ww > width {
			flush()
		}
		room := width - lineW
		if !empty {
			room--
		}
		for ww > room && room > 0 && empty { // a word longer than a whole line
			head := runewidth.Truncate(word, room, "")
			if head == "" {
				break
			}
			line += head
			word = word[len(head):]
			ww = Width(word)
			flush()
			room = width - lineW
		}
		if !empty {
			line += " "
			lineW++
		}
		line += word
		lineW += ww
		empty = false
	}
	out.WriteString(strings.TrimRight(line, " "))
	return out.String()
}

// Plural is n and the noun that goes with it: "1 answer", "2 answers",
// "0 answers".
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// WrapList is Wrap for a list: the items joined by sep (such as ", "),
// each line broken only between items, so that an item such as
// "due 2026-12-01 09:00" stays on one line. An item longer than a whole
// line is wrapped at its spaces.
func WrapList(items []string, sep string, width int, first, indent string) string {
	if width <= 0 {
		return first + strings.Join(items, sep)
	}
	var out strings.Builder
	line := first
	empty := true
	trimmed := strings.TrimRight(sep, " ")
	for i, it := range items {
		piece := it
		if i < len(items)-1 {
			piece += trimmed
		}
		if !empty && Width(line)+len(sep)-len(trimmed)+Width(piece) > width {
			out.WriteString(line + "\n")
			line, empty = indent, true
		}
		if !empty {
			line += sep[len(trimmed):]
		}
		if empty && Width(line)+Width(piece) > width {
			w := wrapLine(piece, width, line, indent)
			cut := strings.LastIndexByte(w, '\n')
			out.WriteString(w[:cut+1])
			line = w[cut+1:]
		} else {
			line += piece
		}
		empty = false
	}
	out.WriteString(line)
	return out.String()
}
