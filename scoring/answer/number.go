package answer

import (
	"math"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/ontap/ontap/scoring"
)

// Notes used by Number.
const (
	NoteNotNumber  = "not a number"
	NoteTwoNumbers = "more than one number"
	NoteUnit       = "unit ignored"
	NoteTolerance  = "within tolerance"
)

// scales are the words that multiply a number, in English and Vietnamese.
var scales = map[string]float64{
	"thousand": 1e3, "thousands": 1e3, "k": 1e3, "nghìn": 1e3, "ngàn": 1e3,
	"million": 1e6, "millions": 1e6, "mn": 1e6, "triệu": 1e6,
	"billion": 1e9, "billions": 1e9, "bn": 1e9, "tỷ": 1e9, "tỉ": 1e9,
	"trillion": 1e12, "trillions": 1e12,
}

// currencyWords are letters that go with a currency sign ("US$") or
// name a currency; they are dropped silently, like the signs themselves.
var currencyWords = map[string]bool{
	"us": true, "usd": true, "vnd": true, "vnđ": true, "đ": true,
	"dong": true, "đồng": true, "eur": true,
}

// isGroupSep reports whether r may separate digit groups or the decimal
// part inside a number.
func isGroupSep(r rune) bool {
	switch r {
	case ',', '.', ' ', '\'', '’', '_', '\u00a0', '\u202f', '\u2009':
		return true
	}
	return false
}

func isSpaceSep(r rune) bool {
	return r != ',' && r != '.' && isGroupSep(r)
}

// scanNumbers finds the numbers and the words of s (NFKC-normalised, so
// that full-width digits count). ok is false when a run of digits is not
// a well-formed number ("1,95,4").
func scanNumbers(s string) (nums []float64, words []string, ok bool) {
	rs := []rune(norm.NFKC.String(clip(s)))
	ok = true
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case isASCIIDigit(r):
			j := i
			for j < len(rs) {
				if isASCIIDigit(rs[j]) {
					j++
				} else if isGroupSep(rs[j]) && j+1 < len(rs) && isASCIIDigit(rs[j+1]) {
					j++
				} else {
					break
				}
			}
			vals, good := parseSpan(string(rs[i:j]))
			if !good {
				ok = false
			}
			if len(vals) > 0 && i > 0 && (rs[i-1] == '-' || rs[i-1] == '−') && (i == 1 || !isWordRune(rs[i-2])) {
				vals[0] = -vals[0]
			}
			nums = append(nums, vals...)
			i = j
		case unicode.IsLetter(r):
			j := i
			for j < len(rs) && (unicode.IsLetter(rs[j]) || unicode.IsMark(rs[j])) {
				j++
			}
			words = append(words, foldCase(string(rs[i:j])))
			i = j
		default:
			i++
		}
	}
	return nums, words, ok
}

// parseSpan parses a run of digits and separators: one number with
// grouped digits ("1 954", "1,954.5"), or, if that fails and the run has
// spaces, numbers separated by spaces ("1954 1955").
func parseSpan(span string) ([]float64, bool) {
	if v, ok := parseGrouped(span); ok {
		return []float64{v}, true
	}
	parts := strings.FieldsFunc(span, isSpaceSep)
	if len(parts) < 2 {
		return nil, false
	}
	var out []float64
	for _, p := range parts {
		v, ok := parseGrouped(p)
		if !ok {
			return out, false
		}
		out = append(out, v)
	}
	return out, true
}

// parseGrouped parses one number written with optional digit grouping
// and decimal separator:
//
//   - spaces, apostrophes and underscores only group digits;
//   - with both "." and ",", the one that comes last is the decimal
//     separator ("1,954.5", "1.954,5");
//   - with "," only, groups of exactly three digits after every comma make
//     it a thousands separator ("1,954", "1,000,000"); a single comma
//     otherwise is a decimal comma ("286,3");
//   - with "." only, a single dot is a decimal point ("1.954" is 1.954),
//     several dots with groups of three digits group thousands
//     ("1.000.000").
//
// Groups after a grouping separator must have exactly three digits, and
// the first at most three.
func parseGrouped(s string) (float64, bool) {
	var groups []string
	var seps []rune
	cur := strings.Builder{}
	for _, r := range s {
		if isASCIIDigit(r) {
			cur.WriteRune(r)
			continue
		}
		groups = append(groups, cur.String())
		cur.Reset()
		seps = append(seps, r)
	}
	groups = append(groups, cur.String())
	if len(seps) == 0 {
		v, err := strconv.ParseFloat(s, 64)
		return v, err == nil
	}
	dots, commas := 0, 0
	lastMark := rune(0)
	for _, r := range seps {
		switch r {
		case '.':
			dots++
			lastMark = r
		case ',':
			commas++
			lastMark = r
		}
	}
	decimal := rune(0)
	switch {
	case dots > 0 && commas > 0:
		decimal = lastMark
	case commas > 0:
		if !validGroups(groups, seps) {
			if commas != 1 {
				return 0, false
			}
			decimal = ','
		}
	case dots == 1:
		decimal = '.'
	}
	intGroups := groups
	frac := ""
	if decimal != 0 {
		if seps[len(seps)-1] != decimal {
			return 0, false
		}
		for _, r := range seps[:len(seps)-1] {
			if r == decimal {
				return 0, false
			}
		}
		intGroups = groups[:len(groups)-1]
		frac = groups[len(groups)-1]
		seps = seps[:len(seps)-1]
	}
	if len(seps) > 0 {
		if len(intGroups[0]) > 3 {
			return 0, false
		}
		for _, g := range intGroups[1:] {
			if len(g) != 3 {
				return 0, false
			}
		}
	}
	num := strings.Join(intGroups, "")
	if frac != "" {
		num += "." + frac
	}
	v, err := strconv.ParseFloat(num, 64)
	return v, err == nil
}

// validGroups reports whether the groups are thousands groups: the first
// of one to three digits, every other of exactly three.
func validGroups(groups []string, seps []rune) bool {
	if len(groups[0]) < 1 || len(groups[0]) > 3 {
		return false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return false
		}
	}
	return len(seps) > 0
}

// wholeNumber returns the value of s when s is one number and nothing
// else but punctuation or currency signs ("1,954", "1954.", "$5").
func wholeNumber(s string) (float64, bool) {
	nums, words, ok := scanNumbers(s)
	if !ok || len(nums) != 1 || len(words) != 0 {
		return 0, false
	}
	return nums[0], true
}

// sameWord reports whether a and b are the same word, up to a plural
// "s" or "es" ("booth", "booths").
func sameWord(a, b string) bool {
	return a == b || a+"s" == b || b+"s" == a || a+"es" == b || b+"es" == a
}

func inWords(w string, set []string) bool {
	for _, u := range set {
		if sameWord(w, u) {
			return true
		}
	}
	return false
}

// FormatNumber prints v the way a deck author writes it: no exponent, as
// few digits as needed.
func FormatNumber(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// Number checks a numeric answer against value. It is never typo
// tolerant: 1955 is wrong for 1954. The answer must hold exactly one
// number, written with or without grouping ("1,954", "1 954", "1954.",
// "286.3", "286,3", "1.000.000"). Spaces, apostrophes and underscores
// group digits; with both "." and "," the last one is the decimal mark; a
// lone "," followed by other than three digits is a decimal comma; a lone
// "." is always a decimal point (the English reading: "1.954" is 1.954).
// Around the number:
//
//   - currency signs ($, €, ₫...) and currency names (US, USD, VND, đồng...)
//     and punctuation are dropped silently;
//   - the words of the card's unit are dropped silently, singular or plural
//     ("booth" for "booths");
//   - scale words (thousand, million, billion, trillion, k, bn, nghìn,
//     triệu, tỷ) multiply the number, relative to the scale words of the
//     unit: for unit "US$ million", "US$286.3 million", "286.3" and
//     "0.2863 billion" are all 286.3;
//   - any other word is ignored, with the note "unit ignored".
//
// tolerance is the allowed difference, as a percentage of value when pct
// is set; an answer within it but not exact is right (Good) with the note
// "within tolerance". Negative tolerances count as 0.
func Number(given string, value, tolerance float64, pct bool, unit string) Verdict {
	wrong := func(notes ...string) Verdict {
		return Verdict{Rating: scoring.Again, Notes: notes}
	}
	if strings.TrimSpace(clip(given)) == "" {
		return wrong(NoteNoAnswer)
	}
	nums, words, ok := scanNumbers(given)
	if !ok || len(nums) == 0 {
		return wrong(NoteNotNumber)
	}
	if len(nums) > 1 {
		return wrong(NoteTwoNumbers)
	}
	_, unitWords, _ := scanNumbers(unit)
	unitScale := 1.0
	for _, w := range unitWords {
		if s, ok := scales[w]; ok {
			unitScale *= s
		}
	}
	givenScale, sawScale, ignored := 1.0, false, false
	for _, w := range words {
		if s, ok := scales[w]; ok {
			givenScale *= s
			sawScale = true
			continue
		}
		if inWords(w, unitWords) || currencyWords[w] {
			continue
		}
		ignored = true
	}
	if !sawScale {
		givenScale = unitScale
	}
	n := nums[0] * givenScale / unitScale
	var notes []string
	if ignored {
		notes = append(notes, NoteUnit)
	}
	if tolerance < 0 || math.IsNaN(tolerance) {
		tolerance = 0
	}
	allowed := tolerance
	if pct {
		allowed = math.Abs(value) * tolerance / 100
	}
	if math.IsInf(value, 0) || math.IsNaN(value) {
		return wrong(notes...) // no finite answer can match
	}
	eps := 1e-9 * math.Max(1, math.Abs(value))
	diff := math.Abs(n - value)
	switch {
	case diff <= eps:
	case diff <= allowed+eps:
		notes = append(notes, NoteTolerance)
	default:
		return wrong(notes...)
	}
	return Verdict{Correct: true, Score: 1, Rating: scoring.Good, Notes: notes, Matched: FormatNumber(value)}
}
