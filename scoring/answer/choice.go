package answer

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ontap/ontap/scoring"
)

// Notes used by Choice, Multi and TrueFalse.
const (
	NoteAmbiguous   = "matches several options"
	NoteNotOption   = "not an option"
	NoteTrueFalse   = "answer true or false"
	NoteMissing     = "missing"
	NoteNotRight    = "not a right option"
	NoteChoseOption = "chose"
)

// optionNumber returns n-1 when s is a 1-based option number n in
// [1, count], written bare or as "2.", "2)", "(2)".
func optionNumber(s string, count int) (int, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "(")
	s = strings.TrimRight(s, ".)")
	if s == "" || len(s) > 9 {
		return 0, false
	}
	for _, r := range s {
		if !isASCIIDigit(r) {
			return 0, false
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > count {
		return 0, false
	}
	return n - 1, true
}

// pickOption finds the option a text answer designates: the option it
// matches best under the Text rules. Several options matching equally
// well, or a typo that is within reach of more than one option, is
// ambiguous: a typo must never select a different option than the one
// meant. It returns -1 when no option is designated, with a note saying
// why.
func pickOption(g form, opts []form, p Policy) (int, match, string) {
	best := match{}
	idx := -1
	levels := make([]match, len(opts))
	for i, o := range opts {
		levels[i] = compare(g, o, p)
		if levels[i].better(best) {
			best, idx = levels[i], i
		}
	}
	if idx < 0 {
		return -1, best, NoteNotOption
	}
	for i, m := range levels {
		if i == idx || m.level == levelNone || opts[i].n == opts[idx].n && opts[i].light == opts[idx].light {
			continue
		}
		if m.level == best.level || best.level <= levelTypo {
			return -1, match{}, NoteAmbiguous
		}
	}
	return idx, best, ""
}

// indexOf returns the index of want among opts: the first option with the
// same text, or else the first with the same Normalize form; -1 if none.
func indexOf(want form, opts []form) int {
	for i, o := range opts {
		if o.raw == want.raw {
			return i
		}
	}
	for i, o := range opts {
		if !o.blank && o.n == want.n && o.light == want.light {
			return i
		}
	}
	return -1
}

func forms(ss []string, p Policy) []form {
	out := make([]form, len(ss))
	for i, s := range ss {
		out[i] = newForm(s, p)
	}
	return out
}

// Choice checks the answer to a single-choice question. given is either
// the 1-based number of an option as listed in choices ("2", "2.", "(2)")
// or an option's text, matched with the Text rules under p (an option
// matched with accents or a typo is rated Hard). A number always means a
// position; a text that is a number out of range (a year) is matched as
// text. A typo never selects an option when another option is within
// typo reach too. If answer is not among choices, a text answer is
// compared with answer directly.
func Choice(given string, choices []string, answer string, p Policy) Verdict {
	g := newForm(given, p)
	if g.blank {
		return Verdict{Rating: scoring.Again, Notes: []string{NoteNoAnswer}}
	}
	if len(choices) > maxItems {
		choices = choices[:maxItems]
	}
	opts := forms(choices, p)
	want := indexOf(newForm(answer, p), opts)
	var idx int
	var m match
	if i, ok := optionNumber(given, len(choices)); ok {
		idx, m = i, match{level: levelExact}
	} else {
		var note string
		idx, m, note = pickOption(g, opts, p)
		if idx < 0 {
			if want < 0 {
				return Text(given, answer, nil, p)
			}
			return Verdict{Rating: scoring.Again, Notes: []string{note}}
		}
	}
	if idx != want && !(want < 0 && opts[idx].n == Normalize(answer, p)) {
		return Verdict{Rating: scoring.Again, Notes: []string{fmt.Sprintf("%s %d: %s", NoteChoseOption, idx+1, choices[idx])}}
	}
	return verdictOf(m, answer, nil)
}

// splitMulti splits a multi-select answer at commas, semicolons and line
// breaks; a piece made only of numbers separated by spaces gives one
// piece per number ("1 3").
func splitMulti(s string) []string {
	var out []string
	for _, piece := range strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == ';' || r == '\n' || r == '\r'
	}) {
		fields := strings.Fields(piece)
		if len(fields) == 0 {
			continue
		}
		allNum := true
		for _, f := range fields {
			if _, ok := optionNumber(f, 1<<30); !ok {
				allNum = false
				break
			}
		}
		if allNum {
			out = append(out, fields...)
		} else {
			out = append(out, strings.Join(fields, " "))
		}
	}
	return out
}

// gradeShare turns a share of right parts into a rating: all right is
// Good (Hard if an allowance was used), at least half is Hard, fewer is
// Again.
func gradeShare(score float64, allowance bool) scoring.Rating {
	switch {
	case score >= 1 && !allowance:
		return scoring.Good
	case score >= 0.5:
		return scoring.Hard
	}
	return scoring.Again
}

// Multi checks a select-all-that-apply answer. given lists options by
// 1-based number or by text, separated by commas, semicolons, line breaks
// or (numbers only) spaces: "1,3", "1 3", "1;3", "Hà Nội; Huế". Texts are
// matched as in Choice, under DefaultPolicy. An option given twice counts
// once; a number out of range or a text that matches no option is an
// extra wrong selection.
//
// Score = max(0, right selections − wrong selections) / number of right
// options, so that selecting everything is not rewarded. All right and
// nothing extra is Good; a score of at least 0.5 is Hard (and Correct);
// less is Again. Parts record every right option (selected or missing)
// and every wrong selection.
func Multi(given string, choices []string, answers []string) Verdict {
	p := DefaultPolicy()
	if strings.TrimSpace(clip(given)) == "" {
		return Verdict{Rating: scoring.Again, Notes: []string{NoteNoAnswer}}
	}
	if len(choices) > maxItems {
		choices = choices[:maxItems]
	}
	opts := forms(choices, p)
	right := map[int]bool{}
	var rightOrder []int
	var missingAnswers []string // right answers that are not among the options
	for _, a := range answers {
		i := indexOf(newForm(a, p), opts)
		if i < 0 {
			missingAnswers = append(missingAnswers, a)
			continue
		}
		if !right[i] {
			right[i] = true
			rightOrder = append(rightOrder, i)
		}
	}
	selected := map[int]bool{}
	allowance := false
	var extras []Part
	pieces := splitMulti(clip(given))
	if len(pieces) > maxItems {
		pieces = pieces[:maxItems]
	}
	for _, piece := range pieces {
		idx, ok := optionNumber(piece, len(choices))
		if !ok {
			var m match
			var note string
			idx, m, note = pickOption(newForm(piece, p), opts, p)
			if idx < 0 {
				extras = append(extras, Part{Given: piece, Note: note})
				continue
			}
			if m.level < levelContent && right[idx] {
				allowance = true
			}
		}
		if selected[idx] {
			continue
		}
		selected[idx] = true
		if !right[idx] {
			extras = append(extras, Part{Given: choices[idx], Note: NoteNotRight})
		}
	}
	var parts []Part
	hits := 0
	for _, i := range rightOrder {
		pt := Part{Expected: choices[i], Correct: selected[i]}
		if selected[i] {
			pt.Given = choices[i]
			hits++
		} else {
			pt.Note = NoteMissing
		}
		parts = append(parts, pt)
	}
	for _, a := range missingAnswers {
		parts = append(parts, Part{Expected: a, Note: NoteMissing})
	}
	parts = append(parts, extras...)
	total := len(rightOrder) + len(missingAnswers)
	score := 0.0
	if total > 0 {
		score = float64(max(0, hits-len(extras))) / float64(total)
	}
	v := Verdict{Score: score, Parts: parts, Rating: gradeShare(score, allowance)}
	v.Correct = v.Rating >= scoring.Hard
	v.Notes = append(v.Notes, fmt.Sprintf("%d of %d right", hits, total))
	if len(extras) > 0 {
		v.Notes = append(v.Notes, fmt.Sprintf("%d wrong", len(extras)))
	}
	if v.Correct {
		v.Matched = strings.Join(answers, "; ")
	}
	return v
}

// trueWords and falseWords are the accepted spellings of true and false,
// in English and Vietnamese (compared after Normalize).
var (
	trueWords  = map[string]bool{"t": true, "true": true, "yes": true, "y": true, "1": true, "đúng": true, "đ": true, "dung": true}
	falseWords = map[string]bool{"f": true, "false": true, "no": true, "n": true, "0": true, "sai": true, "s": true}
)

// TrueFalse checks the answer to a true-or-false statement. True is "t",
// "true", "yes", "y", "1", "đúng" (or "dung"), "đ"; false is "f", "false",
// "no", "n", "0", "sai", "s"; case and surrounding punctuation do not
// matter. Any other input is wrong with the note "answer true or false".
func TrueFalse(given string, truth bool) Verdict {
	if strings.TrimSpace(clip(given)) == "" {
		return Verdict{Rating: scoring.Again, Notes: []string{NoteNoAnswer}}
	}
	n := Normalize(given, DefaultPolicy())
	var said bool
	switch {
	case trueWords[n]:
		said = true
	case falseWords[n]:
		said = false
	default:
		return Verdict{Rating: scoring.Again, Notes: []string{NoteTrueFalse}}
	}
	if said != truth {
		return Verdict{Rating: scoring.Again}
	}
	return Verdict{Correct: true, Score: 1, Rating: scoring.Good, Matched: strconv.FormatBool(truth)}
}
