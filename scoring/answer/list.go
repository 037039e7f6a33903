package answer

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/ontap/ontap/scoring"
)

// maxItems is how many items of a list, options of a choice or elements
// of an answer are considered at most; the rest is ignored.
const maxItems = 100

// Notes used by List and Order.
const (
	NoteTwice      = "given twice"
	NoteNotInList  = "not in the list"
	NoteOutOfOrder = "out of order"
)

// SplitList splits a list answer into its items: at semicolons and line
// breaks ("a; b ; c", one item per line), or, when the text has neither,
// at commas that are not between two digits ("Huế, Đà Nẵng" but "1,954"
// stays whole). Items are trimmed; empty ones are dropped. The text is cut
// at MaxInput bytes first.
func SplitList(s string) []string {
	s = clip(s)
	var parts []string
	if strings.ContainsAny(s, ";\n\r") {
		parts = strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '\n' || r == '\r' })
	} else {
		rs := []rune(s)
		start := 0
		for i, r := range rs {
			if r == ',' && !(i > 0 && i+1 < len(rs) && unicode.IsDigit(rs[i-1]) && unicode.IsDigit(rs[i+1])) {
				parts = append(parts, string(rs[start:i]))
				start = i + 1
			}
		}
		parts = append(parts, string(rs[start:]))
	}
	out := make([]string, 0, len(parts))
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Resolve replaces the elements of an ordering answer that are 1-based
// numbers of the items as shown to the learner by the items' texts, so
// that Order can grade them: with shown = [B, C, A], "3 1 2" or "3,1,2"
// (a single element of numbers separated by spaces or commas) or
// ["3", "1", "2"] become [A, B, C]. An element is replaced only when all
// its numbers are in range; other elements are kept as they are.
func Resolve(given []string, shown []string) []string {
	var out []string
	for _, g := range given {
		fields := strings.FieldsFunc(g, func(r rune) bool { return r == ',' || unicode.IsSpace(r) })
		nums := make([]int, 0, len(fields))
		for _, f := range fields {
			i, ok := optionNumber(f, len(shown))
			if !ok {
				nums = nil
				break
			}
			nums = append(nums, i)
		}
		if len(nums) == 0 {
			out = append(out, g)
			continue
		}
		for _, i := range nums {
			out = append(out, shown[i])
		}
	}
	return out
}

// listMatch pairs the elements of an answer with the items they match.
type listMatch struct {
	gs, es  []form
	lv      [][]match
	itemOf  []int // given index → item index, or -1
	givenOf []int // item index → given index, or -1
}

// prepare trims the answer's elements, drops the blank ones, and caps
// both sides at maxItems.
func prepare(given, items []string, p Policy) ([]form, []form) {
	var gs []form
	for _, g := range given {
		f := newForm(g, p)
		if !f.blank {
			gs = append(gs, f)
		}
		if len(gs) == maxItems {
			break
		}
	}
	if len(items) > maxItems {
		items = items[:maxItems]
	}
	return gs, forms(items, p)
}

// pairWeight is the weight of a pair in matchList: every pair outweighs
// any sum of qualities (at most maxItems of at most 1000), so that the
// largest number of items is matched first, and the best matches among
// the largest pairings next.
const pairWeight = 1_000_000

// quality ranks a match for matchList: exact first, then the same content
// words, accents, typos (closest first), paraphrases by similarity.
func quality(m match, sim float64) int {
	switch m.level {
	case levelExact:
		return 1000
	case levelContent:
		return 980
	case levelAccents:
		return 950
	case levelTypo:
		return 900 - 10*min(m.dist, 10)
	case levelTypoAccents:
		return 850 - 10*min(m.dist, 10)
	case levelParaphrase:
		return int(sim * 800)
	}
	return 0
}

// matchList pairs answer elements with items (each item matched at most
// once) by an optimal assignment: as many items as possible, then the
// best matches (see quality), so that a paraphrase never takes an item
// from an element that matches it better, whatever the order in which the
// learner wrote them. An element is compared with an item by the Text
// rules, then, unless p.Strict, as a paraphrase (see content.go).
func matchList(gs, es []form, p Policy) listMatch {
	m := listMatch{gs: gs, es: es, lv: make([][]match, len(gs))}
	var ic []itemContent
	if !p.Strict {
		ic = listContents(es, p)
	}
	w := make([][]int, len(gs))
	for i, g := range gs {
		m.lv[i] = make([]match, len(es))
		w[i] = make([]int, len(es))
		for j, e := range es {
			lv := compare(g, e, p)
			sim := 0.0
			if lv.level < levelContent && ic != nil {
				if pm, s := paraphrase(g, ic[j], p); pm.better(lv) {
					lv, sim = pm, s
				}
			}
			m.lv[i][j] = lv
			if lv.level > levelNone {
				// A small bonus for the item at the same position keeps
				// equal items in the order given.
				w[i][j] = pairWeight + quality(lv, sim)*2
				if i == j {
					w[i][j]++
				}
			}
		}
	}
	m.itemOf = make([]int, len(gs))
	for i := range m.itemOf {
		m.itemOf[i] = -1
	}
	m.givenOf = make([]int, len(es))
	for j := range m.givenOf {
		m.givenOf[j] = -1
	}
	if len(es) > 0 {
		m.itemOf = assign(w)
	}
	for i, j := range m.itemOf {
		if j >= 0 {
			m.givenOf[j] = i
		}
	}
	return m
}

// unmatchedNote says why an unmatched element did not count, and whether
// it is a wrong extra (a repeat of a matched item is not).
func (m listMatch) unmatchedNote(gi int, other string) (string, bool) {
	for ej, lv := range m.lv[gi] {
		if lv.level > levelNone && m.givenOf[ej] >= 0 {
			return NoteTwice, false
		}
	}
	return other, true
}

// longestIncreasing returns, for a sequence of distinct ints, which
// positions belong to one longest strictly increasing subsequence.
func longestIncreasing(seq []int) []bool {
	tails := []int{} // tails[k]: index in seq of the smallest tail of an increasing run of length k+1
	prev := make([]int, len(seq))
	for i, v := range seq {
		k := sort.Search(len(tails), func(k int) bool { return seq[tails[k]] >= v })
		if k > 0 {
			prev[i] = tails[k-1]
		} else {
			prev[i] = -1
		}
		if k == len(tails) {
			tails = append(tails, i)
		} else {
			tails[k] = i
		}
	}
	in := make([]bool, len(seq))
	if len(tails) == 0 {
		return in
	}
	for i := tails[len(tails)-1]; i >= 0; i = prev[i] {
		in[i] = true
	}
	return in
}

// addNotes appends to notes those of more that it does not hold yet.
func addNotes(notes []string, more []string) []string {
	for _, n := range more {
		found := false
		for _, o := range notes {
			if o == n {
				found = true
				break
			}
		}
		if !found {
			notes = append(notes, n)
		}
	}
	return notes
}

// List checks a list answer: given holds the learner's items (see
// SplitList), items the expected ones. Each item is matched at most once,
// with the Text rules under p, by a best matching (see matchList). When
// ordered is set, matched items count only if they are in the right
// relative order: the right ones are a longest run in increasing order,
// the others are marked "out of order".
//
// An element repeating an item already matched is ignored ("given
// twice"); an element matching no item is a wrong extra and cancels one
// right item. Score = max(0, right − wrong extras) / len(items); all
// right is Good (Hard if accents or typos were allowed, or if there are
// wrong extras), a score of at least 0.5 is Hard, less is Again; Correct
// is set from Hard up. Parts hold one entry per expected item, in order,
// then one per element that did not count. At most 100 items and 100
// elements are considered.
func List(given []string, items []string, ordered bool, p Policy) Verdict {
	gs, es := prepare(given, items, p)
	if len(gs) == 0 {
		return Verdict{Rating: scoring.Again, Notes: []string{NoteNoAnswer}}
	}
	if len(es) == 0 {
		return Verdict{Rating: scoring.Again, Notes: []string{"no items to match"}}
	}
	m := matchList(gs, es, p)
	inOrder := make([]bool, len(gs))
	if ordered {
		var seq, at []int
		for gi, ej := range m.itemOf {
			if ej >= 0 {
				seq = append(seq, ej)
				at = append(at, gi)
			}
		}
		for k, ok := range longestIncreasing(seq) {
			inOrder[at[k]] = ok
		}
	}
	var parts []Part
	var notes []string
	right, allowance := 0, false
	for ej, e := range es {
		pt := Part{Expected: e.raw}
		gi := m.givenOf[ej]
		switch {
		case gi < 0:
			pt.Note = NoteMissing
		case ordered && !inOrder[gi]:
			pt.Given, pt.Note = gs[gi].raw, NoteOutOfOrder
		default:
			lv := m.lv[gi][ej]
			pt.Given, pt.Correct = gs[gi].raw, true
			pt.Note = strings.Join(lv.notes, ", ")
			right++
			if lv.level < levelContent {
				allowance = true
				notes = addNotes(notes, lv.notes)
			}
		}
		parts = append(parts, pt)
	}
	wrong := 0
	for gi, g := range gs {
		if m.itemOf[gi] >= 0 {
			continue
		}
		note, isWrong := m.unmatchedNote(gi, NoteNotInList)
		if isWrong {
			wrong++
		}
		parts = append(parts, Part{Given: g.raw, Note: note})
	}
	score := float64(max(0, right-wrong)) / float64(len(es))
	v := Verdict{Score: score, Parts: parts, Rating: gradeShare(score, allowance || wrong > 0)}
	v.Correct = v.Rating >= scoring.Hard
	v.Notes = append([]string{fmt.Sprintf("%d of %d right", right, len(es))}, notes...)
	if wrong > 0 {
		v.Notes = append(v.Notes, fmt.Sprintf("%d not in the list", wrong))
	}
	if v.Correct {
		v.Matched = strings.Join(items, "; ")
	}
	return v
}

// Order checks an ordering: items are the expected texts in the right
// order, given the learner's order, as texts matched with the Text rules
// under p. When the learner answers with the numbers of the items as they
// were shown, turn them into texts first with Resolve.
//
// The score is the share of pairs of items that the learner put in the
// right relative order (Kendall-style): n items make n(n−1)/2 pairs, and
// a pair with a missing item counts as wrong. A single item scores 1 when
// it is given. All pairs right is Good (Hard if accents or typos were
// allowed or an element matched no item), at least 0.5 is Hard, less is
// Again; Correct is set from Hard up. Parts hold one entry per position:
// the item expected there, the element given there, and whether they
// match.
func Order(given []string, items []string, p Policy) Verdict {
	gs, es := prepare(given, items, p)
	if len(gs) == 0 {
		return Verdict{Rating: scoring.Again, Notes: []string{NoteNoAnswer}}
	}
	if len(es) == 0 {
		return Verdict{Rating: scoring.Again, Notes: []string{"no items to order"}}
	}
	m := matchList(gs, es, p)
	n := len(es)
	pairs, rightPairs := n*(n-1)/2, 0
	for a := 0; a < n; a++ {
		for b := a + 1; b < n; b++ {
			if ga, gb := m.givenOf[a], m.givenOf[b]; ga >= 0 && gb >= 0 && ga < gb {
				rightPairs++
			}
		}
	}
	var score float64
	if pairs == 0 {
		if m.givenOf[0] >= 0 {
			score = 1
		}
	} else {
		score = float64(rightPairs) / float64(pairs)
	}
	var parts []Part
	var notes []string
	allowance, wrong, missing := false, 0, 0
	for ej := range es {
		if m.givenOf[ej] < 0 {
			missing++
		}
	}
	for k := 0; k < max(len(gs), n); k++ {
		var pt Part
		if k < n {
			pt.Expected = es[k].raw
		}
		if k >= len(gs) {
			pt.Note = NoteMissing
			parts = append(parts, pt)
			continue
		}
		pt.Given = gs[k].raw
		ej := m.itemOf[k]
		switch {
		case ej < 0:
			note, isWrong := m.unmatchedNote(k, NoteNotInList)
			if isWrong {
				wrong++
			}
			pt.Note = note
		case ej != k:
			pt.Note = "yours belongs at position " + strconv.Itoa(ej+1) // the given item, not the row's expected one
		default:
			pt.Correct = true
			pt.Note = strings.Join(m.lv[k][ej].notes, ", ")
		}
		if ej >= 0 && m.lv[k][ej].level < levelContent {
			allowance = true
			notes = addNotes(notes, m.lv[k][ej].notes)
		}
		parts = append(parts, pt)
	}
	v := Verdict{Score: score, Parts: parts, Rating: gradeShare(score, allowance || wrong > 0)}
	v.Correct = v.Rating >= scoring.Hard
	if pairs > 0 {
		v.Notes = append(v.Notes, fmt.Sprintf("%d of %d pairs in order", rightPairs, pairs))
	}
	v.Notes = append(v.Notes, notes...)
	if missing > 0 {
		v.Notes = append(v.Notes, fmt.Sprintf("%d missing", missing))
	}
	if v.Correct {
		v.Matched = strings.Join(items, "; ")
	}
	return v
}
