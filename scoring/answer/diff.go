package answer

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ontap/ontap/decks/safetext"
	"golang.org/x/text/unicode/norm"
)

// Op is one step of a character diff: Kind '=' for text common to both
// sides, '-' for text only in the given answer (to remove), '+' for text
// only in the expected answer (to add).
type Op struct {
	Kind byte
	Text string
}

// maxDiffCells bounds the work of Diff: when the differing middle parts
// of the two texts (after their common prefix and suffix are set aside)
// would need a table of more cells than this, Diff reports the whole
// middle as removed and added instead of finding the shortest diff.
const maxDiffCells = 1 << 20

// Diff returns a character (rune) diff that turns given into expected: a
// longest common subsequence, with the removals of each changed stretch
// before its additions and runs of one kind merged. Both texts are put in
// NFC and cut at MaxInput bytes first. Long texts that differ throughout
// get a coarse diff (see maxDiffCells), so Diff stays fast.
func Diff(given, expected string) []Op {
	a := []rune(norm.NFC.String(clip(given)))
	b := []rune(norm.NFC.String(clip(expected)))
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var steps []Op // one rune each, merged below
	add := func(k byte, r []rune) {
		for _, c := range r {
			steps = append(steps, Op{Kind: k, Text: string(c)})
		}
	}
	add('=', a[:pre])
	ma, mb := a[pre:len(a)-suf], b[pre:len(b)-suf]
	if len(ma)*len(mb) > maxDiffCells {
		add('-', ma)
		add('+', mb)
	} else {
		steps = append(steps, lcsDiff(ma, mb)...)
	}
	add('=', a[len(a)-suf:])
	return merge(steps)
}

// NearMiss reports whether a character diff from given to expected would
// teach something: neither holds a digit (a number is right or wrong as a
// whole: "25300" says nothing of 250 against 300), and the runes they
// share in order (the diff's common part, accents and case ignored) are
// at least 60% of the longer one. Otherwise a front-end shows the two
// answers side by side.
func NearMiss(given, expected string) bool {
	if strings.ContainsFunc(given, unicode.IsDigit) || strings.ContainsFunc(expected, unicode.IsDigit) {
		return false
	}
	g := stripAccents(foldCase(strings.TrimSpace(clip(given))))
	e := stripAccents(foldCase(strings.TrimSpace(clip(expected))))
	longer := max(utf8.RuneCountInString(g), utf8.RuneCountInString(e))
	if longer == 0 || g == "" {
		return false
	}
	common := 0
	for _, op := range Diff(g, e) {
		if op.Kind == '=' {
			common += utf8.RuneCountInString(op.Text)
		}
	}
	return common*5 >= longer*3
}

// lcsDiff diffs a and b by a longest-common-subsequence table.
func lcsDiff(a, b []rune) []Op {
	w := len(b) + 1
	// l[i*w+j] is the LCS length of a[i:] and b[j:]; MaxInput bounds it
	// well under 1<<16.
	l := make([]uint16, (len(a)+1)*w)
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				l[i*w+j] = l[(i+1)*w+j+1] + 1
			} else {
				l[i*w+j] = max(l[(i+1)*w+j], l[i*w+j+1])
			}
		}
	}
	var ops []Op
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			ops = append(ops, Op{'=', string(a[i])})
			i++
			j++
		case l[(i+1)*w+j] >= l[i*w+j+1]:
			ops = append(ops, Op{'-', string(a[i])})
			i++
		default:
			ops = append(ops, Op{'+', string(b[j])})
			j++
		}
	}
	for ; i < len(a); i++ {
		ops = append(ops, Op{'-', string(a[i])})
	}
	for ; j < len(b); j++ {
		ops = append(ops, Op{'+', string(b[j])})
	}
	return ops
}

// merge puts the removals of every changed stretch before its additions
// and joins neighbouring steps of the same kind.
func merge(steps []Op) []Op {
	var out []Op
	push := func(k byte, s string) {
		if s == "" {
			return
		}
		if n := len(out); n > 0 && out[n-1].Kind == k {
			out[n-1].Text += s
			return
		}
		out = append(out, Op{k, s})
	}
	for i := 0; i < len(steps); {
		if steps[i].Kind == '=' {
			push('=', steps[i].Text)
			i++
			continue
		}
		var del, ins strings.Builder
		for ; i < len(steps) && steps[i].Kind != '='; i++ {
			if steps[i].Kind == '-' {
				del.WriteString(steps[i].Text)
			} else {
				ins.WriteString(steps[i].Text)
			}
		}
		push('-', del.String())
		push('+', ins.String())
	}
	return out
}

// ANSI colours used by FormatDiff and Feedback.
const (
	ansiRed     = "\x1b[31m"
	ansiGreen   = "\x1b[32m"
	ansiRedBg   = "\x1b[41m"
	ansiGreenBg = "\x1b[42m"
	ansiReset   = "\x1b[0m"
)

// Sanitize makes text from a deck or a learner safe to print on one
// terminal line: it is safetext.Sanitize, ontap's one sanitiser (control
// characters, escape sequences, bidirectional and invisible characters and
// invalid UTF-8 shown as visible escapes such as \x1b or \u202e), with
// tabs and line breaks then turned into spaces.
func Sanitize(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' {
			return ' '
		}
		return r
	}, safetext.Sanitize(s))
}

// FormatDiff renders a diff on one line. Without colour, removals are
// written [-like this-] and additions {+like this+} (the markers of git's
// word diff): given "1945" for "1954" gives "19[-4-]5{+4+}". With colour,
// removals are red and additions green, on a red or green background when
// they are only spaces, so that they show. Texts are passed through
// Sanitize.
func FormatDiff(ops []Op, color bool) string {
	var b strings.Builder
	for _, op := range ops {
		t := Sanitize(op.Text)
		blank := strings.TrimSpace(t) == ""
		switch {
		case op.Kind == '=':
			b.WriteString(t)
		case color && op.Kind == '-':
			b.WriteString(pick(blank, ansiRedBg, ansiRed) + t + ansiReset)
		case color:
			b.WriteString(pick(blank, ansiGreenBg, ansiGreen) + t + ansiReset)
		case op.Kind == '-':
			b.WriteString("[-" + t + "-]")
		default:
			b.WriteString("{+" + t + "+}")
		}
	}
	return b.String()
}

func pick(c bool, a, b string) string {
	if c {
		return a
	}
	return b
}

// Feedback is what the learner reads after an answer: "right" or "wrong"
// with the verdict's notes, then, unless the answer was exactly right,
// the expected answer (and the alternative that matched, if another) and,
// for a single typed answer, a character diff from what was typed to what
// was expected (or matched) when it is a near miss (see NearMiss), or else
// what was typed. For lists, orderings and multi-selects, one
// line per part follows, marked ✓ or ✗. Every text is passed through
// Sanitize; color adds ANSI colours.
func Feedback(v Verdict, given, expected string, color bool) string {
	var b strings.Builder
	head := "wrong"
	c := ansiRed
	if v.Correct {
		head, c = "right", ansiGreen
	}
	if color {
		head = c + head + ansiReset
	}
	b.WriteString(head)
	if len(v.Notes) > 0 {
		b.WriteString(" (" + Sanitize(strings.Join(v.Notes, "; ")) + ")")
	}
	b.WriteString("\n")
	perfect := v.Correct && v.Rating >= 3 && len(v.Notes) == 0 && len(v.Parts) == 0
	if perfect {
		return b.String()
	}
	b.WriteString("expected: " + Sanitize(expected) + "\n")
	target := expected
	if v.Matched != "" && v.Matched != expected && len(v.Parts) == 0 {
		b.WriteString("accepted: " + Sanitize(v.Matched) + "\n")
		target = v.Matched
	}
	if len(v.Parts) == 0 && strings.TrimSpace(given) != "" && given != target {
		if NearMiss(given, target) {
			b.WriteString("diff:     " + FormatDiff(Diff(given, target), color) + "\n")
		} else {
			b.WriteString("you wrote: " + Sanitize(given) + "\n")
		}
	}
	for _, p := range v.Parts {
		mark := "✗"
		if p.Correct {
			mark = "✓"
		}
		line := "  " + mark + " " + Sanitize(p.Expected)
		if p.Given != "" && p.Given != p.Expected {
			if p.Expected != "" {
				line += " ← "
			}
			line += Sanitize(p.Given)
		}
		if p.Note != "" {
			line += " (" + Sanitize(p.Note) + ")"
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}
