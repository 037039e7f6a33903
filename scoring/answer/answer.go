// Package answer checks a learner's answer against the expected one and
// says how it went: right or wrong, how much of it was right, the rating
// the answer alone deserves, and what differed.
//
// # Comparison
//
// Typed text is compared in its Normalize form: Unicode NFC, case folded
// (unless the policy is case sensitive), every run of whitespace,
// punctuation and symbols collapsed to one space, apostrophes and dots
// inside a word dropped ("U.S." = "US", "Hồ-Chí-Minh" = "Hồ Chí Minh"),
// and dots and commas between digits kept ("1.5" is not "15").
//
// Allowances, each rated Hard instead of Good:
//
//   - accents: an answer right except for accents ("Vo Nguyen Giap" for
//     "Võ Nguyên Giáp", "Dien Bien Phu" for "Điện Biên Phủ": đ/Đ, ø, ł and
//     ħ, which have no Unicode decomposition, are mapped explicitly) is
//     accepted with the note "accents differ" when Policy.Accents is
//     "lenient", is wrong when it is "exact", and is simply right (Good)
//     when it is "ignore".
//   - typos: when Policy.Typos is on, an answer within a small
//     Damerau–Levenshtein distance (optimal string alignment: swapping two
//     neighbouring letters costs 1) of the expected one is accepted with
//     the note "typo". The distance allowed is scaled to the length of the
//     expected answer, counted in runes without spaces: 0 for up to 3, 1
//     for 4 to 7, 2 for 8 or more (see TypoAllowance). Typos are for words
//     only: the groups of digits of the answer must be exactly those of the
//     expected answer, so 1955 is wrong for 1954 although the edit distance
//     is 1. A case difference under a case-sensitive policy, or an accent
//     difference under "exact" accents, is never forgiven as a typo.
//
// Unless Policy.Strict is set, an answer worded otherwise is compared on
// its content words too (articles, word order and plurals do not count;
// numbers and years must be exact), and a list item may be named by a
// faithful paraphrase: see the comment at the top of content.go. Lists
// pair the learner's items with the expected ones by an optimal
// assignment, not first come.
//
// An answer that is blank (nothing but whitespace) is always wrong.
// Inputs longer than MaxInput bytes are cut at MaxInput (at a rune
// boundary) before they are compared, so that no check can be made slow
// by a huge answer; invalid UTF-8 is replaced by U+FFFD.
//
// # Ratings
//
// Every checker returns a Verdict whose Rating is Again, Hard or Good from
// the answer alone. Rate turns it into the rating recorded for the review:
// wrong → Again; right with a hint, a typo or accents → Hard; right → Good;
// right and Fast for this card → Easy.
//
// Texts in a Verdict (Matched, Parts, Notes) come from deck files and from
// the learner, unfiltered: a front-end must neutralise control characters
// before printing them. FormatDiff and Feedback already do.
package answer

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	"github.com/ontap/ontap/scoring"
)

// Accent policies, the values of Policy.Accents (the same strings as the
// deck format's `accents` key).
const (
	AccentsLenient = "lenient" // right except for accents is accepted as Hard
	AccentsExact   = "exact"   // accents must match
	AccentsIgnore  = "ignore"  // accents are ignored entirely
)

// MaxInput is the longest input, in bytes, that is compared: longer
// answers and expected texts are cut at this length first.
const MaxInput = 4096

// maxAccept is how many alternatives of one answer are tried at most.
const maxAccept = 64

// Notes used in verdicts.
const (
	NoteAccents  = "accents differ"
	NoteTypo     = "typo"
	NoteCase     = "case differs"
	NoteNoAnswer = "no answer"
)

// Policy says how typed answers are compared. The zero value is case
// insensitive with typos off and an empty Accents, which is read as
// "lenient"; DefaultPolicy is what a deck gets when it says nothing.
type Policy struct {
	CaseSensitive bool   // "hanoi" is wrong for "Hanoi"
	Accents       string // AccentsLenient, AccentsExact or AccentsIgnore; "" or unknown means lenient
	Typos         bool   // small typos in words are accepted as Hard
	Strict        bool   // the wording must match: no content-word matching, no paraphrases
}

// DefaultPolicy is case insensitive, lenient on accents, with typos on.
func DefaultPolicy() Policy {
	return Policy{CaseSensitive: false, Accents: AccentsLenient, Typos: true}
}

// accents returns the policy's accent rule, with "" and unknown values
// read as lenient.
func (p Policy) accents() string {
	switch p.Accents {
	case AccentsExact, AccentsIgnore:
		return p.Accents
	}
	return AccentsLenient
}

// Part is one part of a compound answer (an item of a list or an
// ordering, an option of a multi-select), as recorded with the review.
type Part struct {
	Expected string `json:"expected"`
	Given    string `json:"given"`
	Correct  bool   `json:"correct"`
	Note     string `json:"note,omitempty"`
}

// Verdict is the result of checking one answer.
type Verdict struct {
	Correct bool           // counts as right (possibly with an allowance)
	Score   float64        // 1 or 0 for single answers; share right for lists; share of pairs in order for orderings
	Rating  scoring.Rating // Again, Hard or Good from the answer alone (before hint/speed)
	Notes   []string       // e.g. "accents differ", "typo", "unit ignored"
	Matched string         // the expected/accepted form that matched, if any
	Parts   []Part         // lists, orderings, multi
}

// clip makes s valid UTF-8 and cuts it to at most MaxInput bytes at a
// rune boundary.
func clip(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if len(s) <= MaxInput {
		return s
	}
	i := MaxInput
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i]
}

// foldCase returns the case-folded form of s, in NFC.
func foldCase(s string) string {
	// A Caser holds state: make one per call, so that the package is safe
	// for concurrent use.
	return norm.NFC.String(cases.Fold().String(s))
}

// noDecomposition maps letters that carry a stroke or a slash rather than
// a combining mark, and so have no Unicode decomposition, to their base
// letter.
var noDecomposition = map[rune]string{
	'đ': "d", 'Đ': "D", // Vietnamese
	'ø': "o", 'Ø': "O",
	'ł': "l", 'Ł': "L",
	'ħ': "h", 'Ħ': "H",
	'ı': "i",
}

// stripAccents removes combining marks (after canonical decomposition) and
// maps the letters of noDecomposition. The result is in NFC.
func stripAccents(s string) string {
	d := norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(d))
	for _, r := range d {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if m, ok := noDecomposition[r]; ok {
			b.WriteString(m)
			continue
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}

// isApostrophe reports whether r is an apostrophe that joins the letters
// around it ("O'Brien", "Hà Nội’s").
func isApostrophe(r rune) bool {
	return r == '\'' || r == '’' || r == 'ʼ' || r == '‘'
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || unicode.IsNumber(r)
}

func isASCIIDigit(r rune) bool { return r >= '0' && r <= '9' }

// collapse turns every run of whitespace, punctuation, symbols and control
// characters into one space and trims the ends. Dots and commas between
// two digits are kept; apostrophes and dots between two letters are
// dropped.
func collapse(s string) string {
	rs := []rune(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i, r := range rs {
		if isWordRune(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
			continue
		}
		var prev, next rune
		if i > 0 {
			prev = rs[i-1]
		}
		if i+1 < len(rs) {
			next = rs[i+1]
		}
		switch {
		case (r == '.' || r == ',') && unicode.IsDigit(prev) && unicode.IsDigit(next):
			b.WriteRune(r)
			space = false
		case (r == '.' || isApostrophe(r)) && unicode.IsLetter(prev) && unicode.IsLetter(next):
			// dropped: the word goes on
		default:
			space = true
		}
	}
	return b.String()
}

// Normalize returns the form in which answers are compared: NFC, case
// folded unless p.CaseSensitive, accents removed (with đ→d and the other
// letters without decomposition mapped) when p.Accents is "ignore", and
// whitespace and punctuation collapsed as the package documentation
// describes. Input is cut at MaxInput bytes first.
func Normalize(s string, p Policy) string { return collapse(fold(s, p)) }

// light is the fallback comparison form for texts that are nothing but
// punctuation ("?", "…"): NFC, case folded unless case sensitive, accents
// removed under "ignore", whitespace collapsed, punctuation kept.
func light(s string, p Policy) string { return strings.Join(strings.Fields(fold(s, p)), " ") }

// fold is s cut at MaxInput, in NFC, case folded unless p is case
// sensitive, and without accents when p ignores them.
func fold(s string, p Policy) string {
	s = norm.NFC.String(clip(s))
	if !p.CaseSensitive {
		s = foldCase(s)
	}
	if p.accents() == AccentsIgnore {
		s = stripAccents(s)
	}
	return s
}

// form is a text prepared once for comparison.
type form struct {
	raw    string
	blank  bool     // nothing but whitespace
	n      string   // Normalize form
	ns     string   // n with accents stripped
	light  string   // fallback form, for texts that normalise to ""
	digits []string // the runs of digits of n, in order
	num    float64  // the value, when the whole text is one number
	numOK  bool
	c, cb  contentForm // its content words (content.go), as written and without accents
}

func newForm(s string, p Policy) form {
	s = clip(s)
	f := form{raw: s}
	f.light = light(s, p)
	if f.light == "" {
		if strings.TrimSpace(s) == "" {
			f.blank = true
			return f
		}
		// Nothing but marks that the policy ignores (say "\u0485"): the
		// marks as written are all there is to compare.
		exact := p
		exact.Accents = AccentsExact
		f.light = light(s, exact)
	}
	f.n = Normalize(s, p)
	f.ns = stripAccents(f.n)
	f.digits = digitRuns(f.n)
	if len(f.digits) > 0 {
		f.num, f.numOK = wholeNumber(s)
	}
	if !p.Strict {
		f.c = contentOf(f, p, false)
		f.cb = f.c
		if f.ns != f.n {
			f.cb = contentOf(f, p, true)
		}
	}
	return f
}

// digitRuns returns the maximal runs of digits of s.
func digitRuns(s string) []string {
	var runs []string
	start := -1
	for i, r := range s {
		if unicode.IsDigit(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			runs = append(runs, s[start:i])
			start = -1
		}
	}
	if start >= 0 {
		runs = append(runs, s[start:])
	}
	return runs
}

// Match levels, best last.
const (
	levelNone       = iota
	levelParaphrase // lists: a faithful paraphrase of an item (see content.go)
	levelTypoAccents
	levelTypo
	levelAccents
	levelContent // the same content words, worded otherwise
	levelExact
)

// match is the result of comparing one answer with one expected text.
type match struct {
	level int
	dist  int // typo distance, to prefer the closest of several typo matches
	notes []string
}

func (m match) better(o match) bool {
	if m.level != o.level {
		return m.level > o.level
	}
	return m.level > levelNone && m.dist < o.dist
}

// TypoAllowance is the edit distance accepted as a typo for an expected
// answer of n runes (spaces not counted): 0 up to 3 runes, 1 for 4 to 7,
// 2 for 8 or more.
func TypoAllowance(n int) int {
	switch {
	case n <= 3:
		return 0
	case n <= 7:
		return 1
	}
	return 2
}

func countNonSpace(s string) int {
	n := 0
	for _, r := range s {
		if r != ' ' {
			n++
		}
	}
	return n
}

// compare compares the prepared answer g with the prepared expected text
// e under p: as written (accents, typos), then on content words unless
// p.Strict. The better of the two counts.
func compare(g, e form, p Policy) match {
	m := compareWording(g, e, p)
	if m.level >= levelContent || e.numOK {
		return m
	}
	if c := contentMatch(g, e, p); c.better(m) {
		return c
	}
	return m
}

// compareWording compares g with e as written.
func compareWording(g, e form, p Policy) match {
	if g.blank || e.blank {
		return match{}
	}
	if g.n == "" || e.n == "" {
		// Punctuation only on one side at least: compare the light forms.
		if g.light == e.light {
			return match{level: levelExact}
		}
		return match{}
	}
	if g.n == e.n {
		return match{level: levelExact}
	}
	if e.numOK {
		// Numbers are never typo tolerant: "1,954" and "1954" are the same
		// number, anything else is wrong.
		if g.numOK && g.num == e.num {
			return match{level: levelExact}
		}
		return match{}
	}
	acc := p.accents()
	if g.ns == e.ns {
		switch acc {
		case AccentsLenient:
			return match{level: levelAccents, notes: []string{NoteAccents}}
		case AccentsExact:
			return match{notes: []string{NoteAccents}}
		}
	}
	if p.CaseSensitive && foldCase(g.ns) == foldCase(e.ns) {
		notes := []string{NoteCase}
		if foldCase(g.n) != foldCase(e.n) {
			notes = append(notes, NoteAccents)
		}
		return match{notes: notes}
	}
	if !p.Typos || !slices.Equal(g.digits, e.digits) {
		return match{}
	}
	gf, ef := g.ns, e.ns
	if acc == AccentsExact {
		gf, ef = g.n, e.n
	}
	k := TypoAllowance(countNonSpace(ef))
	if k == 0 {
		return match{}
	}
	gr, er := []rune(gf), []rune(ef)
	d := osa(gr, er, k)
	if d > k {
		if p.CaseSensitive && osa([]rune(foldCase(gf)), []rune(foldCase(ef)), k) <= k {
			return match{notes: []string{NoteCase}}
		}
		return match{}
	}
	if p.CaseSensitive && osa([]rune(foldCase(gf)), []rune(foldCase(ef)), k) != d {
		// Part of the distance is a case difference, never a typo.
		return match{notes: []string{NoteCase}}
	}
	if acc == AccentsExact && osa([]rune(g.ns), []rune(e.ns), k) != d {
		// Part of the distance is an accent difference, never a typo.
		return match{notes: []string{NoteAccents}}
	}
	if acc == AccentsLenient && osa([]rune(g.n), []rune(e.n), k) != d {
		return match{level: levelTypoAccents, dist: d, notes: []string{NoteAccents, NoteTypo}}
	}
	return match{level: levelTypo, dist: d, notes: []string{NoteTypo}}
}

// osa returns the optimal-string-alignment distance between a and b
// (insertions, deletions, substitutions and transpositions of neighbours
// each cost 1) when it is at most k, and k+1 otherwise. It computes only
// the band of width 2k+1 around the diagonal: O(len(a)·k).
func osa(a, b []rune, k int) int {
	inf := k + 1
	la, lb := len(a), len(b)
	if la-lb > k || lb-la > k {
		return inf
	}
	w := 2*k + 1
	prev2 := make([]int, w)
	prev := make([]int, w)
	cur := make([]int, w)
	// Cell (i, j) is kept at index j-i+k of row i.
	for d := 0; d < w; d++ {
		j := d - k
		if j >= 0 && j <= lb && j <= k {
			prev[d] = j
		} else {
			prev[d] = inf
		}
		prev2[d] = inf
	}
	for i := 1; i <= la; i++ {
		rowMin := inf
		for d := 0; d < w; d++ {
			j := i + d - k
			if j < 0 || j > lb {
				cur[d] = inf
				continue
			}
			if j == 0 {
				cur[d] = min(i, inf)
				rowMin = min(rowMin, cur[d])
				continue
			}
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := prev[d] + cost // substitution or match: (i-1, j-1)
			if d+1 < w {
				v = min(v, prev[d+1]+1) // deletion: (i-1, j)
			}
			if d > 0 {
				v = min(v, cur[d-1]+1) // insertion: (i, j-1)
			}
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[d]+1) // transposition: (i-2, j-2)
			}
			cur[d] = min(v, inf)
			rowMin = min(rowMin, cur[d])
		}
		if rowMin >= inf {
			return inf
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[lb-la+k]
}

// Text checks a typed answer (typed cards, cloze deletions, basic cards
// answered by typing, choices answered by text) against the expected
// answer and its accepted alternatives, under p. The best match over the
// alternatives counts: an exact match beats one with different accents,
// which beats a typo. Only the first 64 alternatives are tried.
func Text(given, expected string, accept []string, p Policy) Verdict {
	g := newForm(given, p)
	if g.blank {
		return Verdict{Rating: scoring.Again, Notes: []string{NoteNoAnswer}}
	}
	if len(accept) > maxAccept {
		accept = accept[:maxAccept]
	}
	cands := append([]string{expected}, accept...)
	var best match
	var wrongNotes []string
	matched := ""
	for i, c := range cands {
		m := compare(g, newForm(c, p), p)
		if i == 0 {
			wrongNotes = m.notes
		}
		if m.better(best) {
			best, matched = m, c
		}
	}
	return verdictOf(best, matched, wrongNotes)
}

// verdictOf turns the best match into a single-answer verdict.
func verdictOf(m match, matched string, wrongNotes []string) Verdict {
	switch m.level {
	case levelNone:
		return Verdict{Rating: scoring.Again, Notes: wrongNotes}
	case levelExact:
		return Verdict{Correct: true, Score: 1, Rating: scoring.Good, Matched: matched}
	case levelContent:
		return Verdict{Correct: true, Score: 1, Rating: scoring.Good, Notes: m.notes, Matched: matched}
	}
	return Verdict{Correct: true, Score: 1, Rating: scoring.Hard, Notes: m.notes, Matched: matched}
}
