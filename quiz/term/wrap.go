package term

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Wrap breaks s into lines of at most width display columns, at spaces.
// Width is measured on the visible text only: ANSI colour sequences
// (ESC [ ... m) take no column, and a line broken inside a coloured span
// ends with a reset while the next one opens the span again, so that no
// colour leaks into the indent or the next line. Continuation lines keep
// the line's indent, hanging under its text: the leading spaces, then a
// mark ("✓ ", "✗ ", "3) ") or a label ("Answer: ", "Hint: ") that opens
// it. A word longer than a line is cut. s must not contain line breaks;
// a width under 10 leaves s whole.
func Wrap(s string, width int) []string {
	if width < 10 || VisibleWidth(s) <= width {
		return []string{s}
	}
	indent := hangingIndent(StripANSI(s))
	if indent > width/2 {
		indent = width / 2
	}
	pad := strings.Repeat(" ", indent)
	var lines []string
	var cur strings.Builder
	curW := 0    // visible width of cur
	active := "" // the colour sequence in force at the end of cur
	newLine := func() {
		if active != "" {
			cur.WriteString("\x1b[0m")
		}
		lines = append(lines, strings.TrimRight(cur.String(), " "))
		cur.Reset()
		cur.WriteString(pad)
		curW = indent
		if active != "" {
			cur.WriteString(active)
		}
	}
	for i, word := range splitKeep(s) {
		ww := VisibleWidth(word)
		if i > 0 {
			if curW+1+ww > width && curW > indent {
				newLine()
			} else {
				cur.WriteByte(' ')
				curW++
			}
		}
		// A word wider than a line is cut into pieces that fit.
		for curW+ww > width && ww > 0 {
			head, rest := cutVisible(word, width-curW, &active)
			cur.WriteString(head)
			curW += VisibleWidth(head)
			word, ww = rest, VisibleWidth(rest)
			newLine()
		}
		cur.WriteString(word)
		curW += ww
		active = lastColour(active, word)
	}
	lines = append(lines, cur.String())
	return lines
}

// splitKeep splits s at single spaces, keeping runs of leading spaces in
// the first word (an indent) so that it is written back as it was.
func splitKeep(s string) []string {
	lead := len(s) - len(strings.TrimLeft(s, " "))
	words := strings.Split(s[lead:], " ")
	words[0] = s[:lead] + words[0]
	return words
}

// hangingIndent is the column under which the continuation lines of a
// line start: its leading spaces plus an opening mark or label.
func hangingIndent(s string) int {
	lead := len(s) - len(strings.TrimLeft(s, " "))
	rest := s[lead:]
	switch {
	case strings.HasPrefix(rest, "✓ "), strings.HasPrefix(rest, "✗ "), strings.HasPrefix(rest, "> "),
		strings.HasPrefix(rest, "- "), strings.HasPrefix(rest, "• "):
		return lead + 2
	}
	// "3) option" or "12) option"
	i := 0
	for i < len(rest) && i < 3 && rest[i] >= '0' && rest[i] <= '9' {
		i++
	}
	if i > 0 && strings.HasPrefix(rest[i:], ") ") {
		return lead + i + 2
	}
	// "Answer: text", "Hint: text": a short label of letters, then spaces.
	if c := strings.Index(rest, ": "); c > 0 && c <= 12 && isLabel(rest[:c]) {
		j := c + 1
		for j < len(rest) && rest[j] == ' ' {
			j++
		}
		return lead + DisplayWidth(rest[:j])
	}
	return lead
}

func isLabel(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// VisibleWidth is the number of columns s takes on screen, not counting
// ANSI colour sequences.
func VisibleWidth(s string) int { return DisplayWidth(StripANSI(s)) }

// StripANSI removes ANSI colour sequences (ESC [ parameters m) from s.
func StripANSI(s string) string {
	if !strings.Contains(s, "\x1b[") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if n := sgrLen(s[i:]); n > 0 {
			i += n - 1
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// sgrLen is the length of the colour sequence s opens with, or 0.
func sgrLen(s string) int {
	if len(s) < 3 || s[0] != 0x1b || s[1] != '[' {
		return 0
	}
	for i := 2; i < len(s); i++ {
		switch c := s[i]; {
		case c == 'm':
			return i + 1
		case c >= '0' && c <= '9' || c == ';':
		default:
			return 0
		}
	}
	return 0
}

// lastColour is the colour in force after s, starting from active: the
// last sequence of s, or none after a reset.
func lastColour(active, s string) string {
	for i := 0; i < len(s); i++ {
		if n := sgrLen(s[i:]); n > 0 {
			seq := s[i : i+n]
			if seq == "\x1b[0m" || seq == "\x1b[m" {
				active = ""
			} else {
				active = seq
			}
			i += n - 1
		}
	}
	return active
}

// cutVisible cuts s after at most w visible columns (at least one rune),
// never inside a colour sequence; active follows the sequences passed.
func cutVisible(s string, w int, active *string) (head, rest string) {
	cols := 0
	for i := 0; i < len(s); {
		if n := sgrLen(s[i:]); n > 0 {
			*active = lastColour(*active, s[i:i+n])
			i += n
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		rw := DisplayWidth(string(r))
		if cols+rw > w && i > 0 {
			return s[:i], s[i:]
		}
		cols += rw
		i += size
	}
	return s, ""
}
