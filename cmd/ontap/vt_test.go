package main

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/mattn/go-runewidth"
)

// vt is a small terminal emulator for the pseudo-terminal tests: it plays
// what a program writes (text, line breaks, carriage returns, the cursor
// moves and erasures promptui and readline use) onto a grid of cols
// columns, keeping every line (no scrolling away), so that a test can
// assert the screen a learner sees. softWraps counts the times the
// terminal had to break a line because the program wrote past the last
// column: a program that fits the terminal never needs it.
type vt struct {
	cols      int
	rows      int // the window's height, for absolute positioning
	lines     [][]string
	row, col  int
	softWraps int
}

func newVT(cols, rows int) *vt { return &vt{cols: cols, rows: rows, lines: [][]string{nil}} }

func (v *vt) line(r int) []string {
	for len(v.lines) <= r {
		v.lines = append(v.lines, nil)
	}
	return v.lines[r]
}

func (v *vt) put(s string, w int) {
	if v.col+w > v.cols {
		v.softWraps++
		v.row++
		v.col = 0
	}
	l := v.line(v.row)
	for len(l) < v.col+w {
		l = append(l, " ")
	}
	l[v.col] = s
	for i := 1; i < w; i++ {
		l[v.col+i] = ""
	}
	v.lines[v.row] = l
	v.col += w
}

// Write plays p.
func (v *vt) Write(p []byte) (int, error) {
	s := []rune(string(p))
	for i := 0; i < len(s); i++ {
		r := s[i]
		switch {
		case r == '\r':
			v.col = 0
		case r == '\n':
			v.row++
			v.line(v.row)
		case r == '\b':
			v.col = max(0, v.col-1)
		case r == '\t':
			v.col = min(v.cols, (v.col/8+1)*8)
		case r == 0x1b && i+1 < len(s) && s[i+1] == '[':
			j := i + 2
			for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == ';' || s[j] == '?') {
				j++
			}
			if j < len(s) {
				v.csi(string(s[i+2:j]), s[j])
			}
			i = j
		case r == 0x1b && i+1 < len(s) && s[i+1] == ']':
			j := i + 2
			for j < len(s) && s[j] != 0x07 && !(s[j] == 0x1b && j+1 < len(s) && s[j+1] == '\\') {
				j++
			}
			if j < len(s) && s[j] == 0x1b {
				j++
			}
			i = j
		case r == 0x1b:
			i++ // ESC ( B and the like
		case r < 0x20 || r == 0x7f:
		case unicode.Is(unicode.Mn, r):
			if l := v.line(v.row); v.col > 0 && v.col <= len(l) {
				l[v.col-1] += string(r)
			}
		default:
			v.put(string(r), max(1, runewidth.RuneWidth(r)))
		}
	}
	return len(p), nil
}

func (v *vt) csi(params string, final rune) {
	params = strings.TrimPrefix(params, "?")
	var ns []int
	for _, f := range strings.Split(params, ";") {
		n, _ := strconv.Atoi(f)
		ns = append(ns, n)
	}
	arg := func(i, def int) int {
		if i < len(ns) && ns[i] > 0 {
			return ns[i]
		}
		return def
	}
	switch final {
	case 'A':
		v.row = max(0, v.row-arg(0, 1))
	case 'B':
		v.row += arg(0, 1)
		v.line(v.row)
	case 'C':
		v.col = min(v.cols, v.col+arg(0, 1))
	case 'D':
		v.col = max(0, v.col-arg(0, 1))
	case 'G':
		v.col = min(v.cols-1, arg(0, 1)-1)
	case 'H', 'f':
		top := max(0, len(v.lines)-v.rows)
		v.row, v.col = top+arg(0, 1)-1, arg(1, 1)-1
		v.line(v.row)
	case 'K':
		l := v.line(v.row)
		switch arg(0, 0) {
		case 0:
			if v.col < len(l) {
				v.lines[v.row] = l[:v.col]
			}
		case 1:
			for i := 0; i < min(v.col+1, len(l)); i++ {
				l[i] = " "
			}
		case 2:
			v.lines[v.row] = nil
		}
	case 'J':
		switch arg(0, 0) {
		case 0:
			v.csi("0", 'K')
			v.lines = v.lines[:v.row+1]
		case 2:
			top := max(0, len(v.lines)-v.rows)
			for r := top; r < len(v.lines); r++ {
				v.lines[r] = nil
			}
		}
	}
}

// screen returns every line, trailing blanks trimmed.
func (v *vt) text() []string {
	out := make([]string, len(v.lines))
	for i, l := range v.lines {
		out[i] = strings.TrimRight(strings.Join(l, ""), " ")
	}
	return out
}
