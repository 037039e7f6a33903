package answer

import (
	"strings"
	"unicode"
)

// Content words. Unless Policy.Strict is set, an answer whose wording
// differs from the expected one is still compared on its content words:
// the words of its Normalize form (accents removed unless Policy.Accents
// is "exact"), without articles, common prepositions and conjunctions,
// the fillers "manner" and "way" ("in an early manner" is "early"), and
// with English plurals reduced to the singular ("alliances" is
// "alliance"). Word order does not count. Words holding digits must be
// exactly the expected ones: years and numbers are never approximated.
//
//   - Text: an answer with exactly the expected content words is right
//     (Good, note "worded differently"); with small typos in them it is
//     a typo (Hard).
//   - List and Order: an item is also matched by a faithful paraphrase
//     (Hard, note "paraphrase"): the words it shares with the expected
//     item must cover at least half of each, and more than half of the
//     two together. A word that several expected items share weighs less
//     in the item's coverage (1/k for k items), so that "military aid"
//     does not name "military alliances" when "military bases" is in the
//     list too. A leading "no" or "not" of a given item is the list's
//     framing ("no military alliances" for "military alliances") unless
//     the expected item starts with one itself: then the answer must too.
//
// Under the negation rule of Text, "no"/"not" are content words: "not
// guilty" is never right for "guilty".

// NoteWording is the note of an answer right on its content words but
// worded otherwise; NoteParaphrase that of a list item matched by a
// paraphrase.
const (
	NoteWording    = "worded differently"
	NoteParaphrase = "paraphrase"
)

// fillers are the words that carry no content of their own.
var fillers = map[string]bool{
	"a": true, "an": true, "the": true,
	"of": true, "to": true, "in": true, "on": true, "at": true, "for": true, "with": true,
	"by": true, "from": true, "into": true, "onto": true, "as": true,
	"and": true, "or": true, "nor": true,
	"its": true, "their": true,
	"manner": true, "way": true,
}

// isNegation reports whether w is a negation word that may open an item.
func isNegation(w string) bool { return w == "no" || w == "not" }

// contentForm is the content of a text: its content words and whether it
// opens with a negation.
type contentForm struct {
	words []string // stems, in order of appearance
	neg   bool     // the first word is "no" or "not"
	empty bool     // nothing to compare
}

// contentOf computes the content form of f under p, from its Normalize
// form, or from that form without accents when bare is set.
func contentOf(f form, p Policy, bare bool) contentForm {
	src := f.n
	if bare {
		src = f.ns
	}
	all := strings.Fields(src)
	var c contentForm
	if len(all) == 0 {
		c.empty = true
		return c
	}
	c.neg = isNegation(all[0])
	for _, w := range all {
		if fillers[w] {
			continue
		}
		c.words = append(c.words, stem(w))
	}
	if len(c.words) == 0 {
		// Nothing but fillers ("to"): they are the content.
		for _, w := range all {
			c.words = append(c.words, stem(w))
		}
	}
	return c
}

// withoutNegation drops a leading negation from c.
func (c contentForm) withoutNegation() contentForm {
	if !c.neg || len(c.words) == 0 || !isNegation(c.words[0]) {
		return c
	}
	out := c
	out.neg = false
	out.words = c.words[1:]
	if len(out.words) == 0 {
		out.empty = true
	}
	return out
}

// hasDigit reports whether w holds a digit.
func hasDigit(w string) bool {
	for _, r := range w {
		if unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// stem reduces an English plural to its singular, crudely but
// predictably: "alliances" → "alliance", "countries" → "country",
// "bases" → "base", "boxes" → "box", "glass" stays. Words holding digits
// and words of up to three letters are kept as they are.
func stem(w string) string {
	n := len(w)
	if n <= 3 || hasDigit(w) {
		return w
	}
	switch {
	case strings.HasSuffix(w, "ies") && n > 4:
		return w[:n-3] + "y"
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "xes"), strings.HasSuffix(w, "ches"),
		strings.HasSuffix(w, "shes"), strings.HasSuffix(w, "zes"):
		return w[:n-2]
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
		return w
	case strings.HasSuffix(w, "s"):
		return w[:n-1]
	}
	return w
}

// wordDistance is the typo distance of a given word from an expected
// one: 0 when equal, the edit distance when within the word's typo
// allowance, -1 otherwise. Words holding digits must be equal; a
// difference of case under a case-sensitive policy, or of accents under
// "exact", is never a typo.
func wordDistance(g, e string, p Policy) int {
	if g == e {
		return 0
	}
	if !p.Typos || hasDigit(g) || hasDigit(e) {
		return -1
	}
	if p.CaseSensitive && foldCase(g) == foldCase(e) || p.accents() == AccentsExact && stripAccents(g) == stripAccents(e) {
		return -1
	}
	k := TypoAllowance(len([]rune(e)))
	if d := osa([]rune(g), []rune(e), k); k > 0 && d <= k {
		return d
	}
	return -1
}

// pairWords pairs given words with expected ones, each used once, equal
// words first, then the closest typos. It returns, for each expected
// word, the index of the given word paired with it or -1, and the sum of
// the typo distances.
func pairWords(g, e []string, p Policy) (pair []int, dist int) {
	pair = make([]int, len(e))
	used := make([]bool, len(g))
	for j := range pair {
		pair[j] = -1
	}
	for j, ew := range e {
		for i, gw := range g {
			if !used[i] && gw == ew {
				used[i], pair[j] = true, i
				break
			}
		}
	}
	for j, ew := range e {
		if pair[j] >= 0 {
			continue
		}
		best, bd := -1, 0
		for i, gw := range g {
			if used[i] {
				continue
			}
			if d := wordDistance(gw, ew, p); d > 0 && (best < 0 || d < bd) {
				best, bd = i, d
			}
		}
		if best >= 0 {
			used[best], pair[j] = true, best
			dist += bd
		}
	}
	return pair, dist
}

// typoBudget is the typo distance allowed over a whole set of words: the
// allowance of their length together.
func typoBudget(words []string) int {
	n := 0
	for _, w := range words {
		n += len([]rune(w))
	}
	return TypoAllowance(n)
}

// digitsAgree reports whether the words holding digits are the same on
// both sides, as a multiset.
func digitsAgree(g, e []string) bool {
	count := map[string]int{}
	for _, w := range e {
		if hasDigit(w) {
			count[w]++
		}
	}
	for _, w := range g {
		if hasDigit(w) {
			if count[w] == 0 {
				return false
			}
			count[w]--
		}
	}
	for _, n := range count {
		if n != 0 {
			return false
		}
	}
	return true
}

// sameContent compares the content words of g and e: ok when they are
// the same words, with dist the typo distance needed (within the budget
// of e's words).
func sameContent(g, e contentForm, p Policy) (ok bool, dist int) {
	if g.empty || e.empty || len(g.words) != len(e.words) || !digitsAgree(g.words, e.words) {
		return false, 0
	}
	pair, dist := pairWords(g.words, e.words, p)
	for _, i := range pair {
		if i < 0 {
			return false, 0
		}
	}
	if dist > typoBudget(e.words) {
		return false, 0
	}
	return true, dist
}

// contentLevel turns a content comparison into a match: the same words
// as written (levelContent), with typos (levelTypo), without accents only
// (levelAccents, under lenient accents).
func contentLevel(dist int, bare bool) match {
	switch {
	case bare && dist > 0:
		return match{level: levelTypoAccents, dist: dist, notes: []string{NoteAccents, NoteTypo}}
	case bare:
		return match{level: levelAccents, notes: []string{NoteAccents, NoteWording}}
	case dist > 0:
		return match{level: levelTypo, dist: dist, notes: []string{NoteTypo}}
	}
	return match{level: levelContent, notes: []string{NoteWording}}
}

// contentMatch is the Text rule on content words: the match of g for e
// when they have the same content words, under p.
func contentMatch(g, e form, p Policy) match {
	if p.Strict || g.n == "" || e.n == "" {
		return match{}
	}
	if ok, dist := sameContent(g.c, e.c, p); ok {
		return contentLevel(dist, false)
	}
	if p.accents() != AccentsLenient {
		return match{}
	}
	if ok, dist := sameContent(g.cb, e.cb, p); ok {
		return contentLevel(dist, true)
	}
	return match{}
}

// itemContent is an expected list item prepared for paraphrase matching:
// its content and the weight of each of its words.
type itemContent struct {
	c, bare contentForm // as written; without accents
	weight  []float64   // of the words of bare
}

// listContents prepares the expected items of a list: a word that k
// items share weighs 1/k in each.
func listContents(es []form, p Policy) []itemContent {
	out := make([]itemContent, len(es))
	in := map[string]int{} // word → how many items hold it
	for j, e := range es {
		out[j].c, out[j].bare = e.c, e.c
		if p.accents() != AccentsExact {
			out[j].bare = e.cb
		}
		seen := map[string]bool{}
		for _, w := range out[j].bare.words {
			if !seen[w] {
				seen[w] = true
				in[w]++
			}
		}
	}
	for j := range out {
		ws := out[j].bare.words
		out[j].weight = make([]float64, len(ws))
		for k, w := range ws {
			out[j].weight[k] = 1 / float64(max(1, in[w]))
		}
	}
	return out
}

// frame applies the negation rule of lists to a given item's content:
// ok false when e opens with a negation that g lacks; else g without its
// leading negation when e has none.
func frame(g, e contentForm) (contentForm, bool) {
	if e.neg {
		return g, g.neg
	}
	return g.withoutNegation(), true
}

// paraphrase is the List rule on content words: the match of the given
// item g for the expected item e, with its similarity in [0, 1] (the
// mean of the two coverages), or levelNone.
func paraphrase(g form, e itemContent, p Policy) (match, float64) {
	if p.Strict || g.n == "" {
		return match{}, 0
	}
	gc, ok := frame(g.c, e.c)
	if !ok {
		return match{}, 0
	}
	if ok, dist := sameContent(gc, e.c, p); ok {
		return contentLevel(dist, false), 1
	}
	bare := p.accents() != AccentsExact
	gbare := g.c
	if bare {
		gbare = g.cb
	}
	gb, _ := frame(gbare, e.bare)
	if ok, dist := sameContent(gb, e.bare, p); ok && bare {
		return contentLevel(dist, true), 0.95
	}
	if gb.empty || e.bare.empty || !digitsAgree(gb.words, e.bare.words) {
		return match{}, 0
	}
	pair, dist := pairWords(gb.words, e.bare.words, p)
	var covered, total float64
	shared := 0
	for j, i := range pair {
		total += e.weight[j]
		if i >= 0 {
			covered += e.weight[j]
			shared++
		}
	}
	cov := covered / total
	prec := float64(shared) / float64(len(gb.words))
	if cov < 0.5 || prec < 0.5 || cov+prec <= 1 || dist > typoBudget(e.bare.words) {
		return match{}, 0
	}
	notes := []string{NoteParaphrase}
	if dist > 0 {
		notes = append(notes, NoteTypo)
	}
	return match{level: levelParaphrase, notes: notes}, (cov + prec) / 2 * 0.9
}
