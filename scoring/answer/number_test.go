package answer

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func TestNumber(t *testing.T) {
	tests := []struct {
		name      string
		given     string
		value     float64
		tolerance float64
		pct       bool
		unit      string
		correct   bool
		notes     []string
	}{
		{"year", "1954", 1954, 0, false, "", true, nil},
		{"year with comma", "1,954", 1954, 0, false, "", true, nil},
		{"year with dot", "1954.", 1954, 0, false, "", true, nil},
		{"year with space group", "1 954", 1954, 0, false, "", true, nil},
		{"year with narrow no-break space", "1\u202f954", 1954, 0, false, "", true, nil},
		{"full-width digits", "１９５４", 1954, 0, false, "", true, nil},
		{"year off by one", "1955", 1954, 0, false, "", false, nil},
		{"year swapped digits", "1945", 1954, 0, false, "", false, nil},
		{"decimal", "286.3", 286.3, 0, false, "", true, nil},
		{"decimal comma", "286,3", 286.3, 0, false, "", true, nil},
		{"grouped decimal", "1,954.5", 1954.5, 0, false, "", true, nil},
		{"European grouped decimal", "1.954,5", 1954.5, 0, false, "", true, nil},
		{"dotted thousands", "1.000.000", 1e6, 0, false, "", true, nil},
		{"single dot is decimal", "1.954", 1954, 0, false, "", false, nil},
		{"bad grouping", "1,95,4", 1954, 0, false, "", false, []string{NoteNotNumber}},
		{"negative", "-5", -5, 0, false, "", true, nil},
		{"unicode minus", "−5", -5, 0, false, "", true, nil},
		{"hyphen in a word is no minus", "MiG-21", -21, 0, false, "", false, []string{NoteUnit}},
		{"unit stripped", "1954 booths", 1954, 0, false, "booths", true, nil},
		{"unit singular", "1 booth", 1, 0, false, "booths", true, nil},
		{"currency and unit", "US$286.3 million", 286.3, 0, false, "US$ million", true, nil},
		{"unit scale implied", "286.3", 286.3, 0, false, "US$ million", true, nil},
		{"scale converted", "0.2863 billion", 286.3, 0, false, "US$ million", true, nil},
		{"wrong scale", "286.3 billion", 286.3, 0, false, "US$ million", false, nil},
		{"scale without unit", "5 thousand", 5000, 0, false, "", true, nil},
		{"Vietnamese scale", "5 triệu", 5e6, 0, false, "", true, nil},
		{"other word ignored", "1954 stands", 1954, 0, false, "booths", true, []string{NoteUnit}},
		{"percent sign", "45%", 45, 0, false, "%", true, nil},
		{"absolute tolerance inside", "102", 100, 2, false, "", true, []string{NoteTolerance}},
		{"absolute tolerance edge", "98", 100, 2, false, "", true, []string{NoteTolerance}},
		{"absolute tolerance outside", "103", 100, 2, false, "", false, nil},
		{"percent tolerance inside", "209", 200, 5, true, "", true, []string{NoteTolerance}},
		{"percent tolerance edge", "190", 200, 5, true, "", true, []string{NoteTolerance}},
		{"percent tolerance outside", "211", 200, 5, true, "", false, nil},
		{"negative tolerance is zero", "101", 100, -5, false, "", false, nil},
		{"float rounding", "0.3", 0.1 + 0.2, 0, false, "", true, nil},
		{"two numbers", "1954 or 1955", 1954, 0, false, "", false, []string{NoteTwoNumbers}},
		{"two numbers by space", "1954 1955", 1954, 0, false, "", false, []string{NoteTwoNumbers}},
		{"not a number", "nineteen", 1954, 0, false, "", false, []string{NoteNotNumber}},
		{"empty", "  ", 1954, 0, false, "", false, []string{NoteNoAnswer}},
		{"NaN value", "1", math.NaN(), 0, false, "", false, nil},
		{"infinite value", "1", math.Inf(1), 0, false, "", false, nil},
		{"too many digits", "1" + strings.Repeat("0", 400), 1, 0, false, "", false, []string{NoteNotNumber}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Number(tt.given, tt.value, tt.tolerance, tt.pct, tt.unit)
			if v.Correct != tt.correct || !slices.Equal(v.Notes, tt.notes) {
				t.Errorf("Number(%q, %v, %v, %v, %q) = %+v, want correct=%v notes=%q",
					tt.given, tt.value, tt.tolerance, tt.pct, tt.unit, v, tt.correct, tt.notes)
			}
			if v.Correct && (v.Rating != 3 || v.Score != 1 || v.Matched != FormatNumber(tt.value)) {
				t.Errorf("right answer: %+v", v)
			}
			if !v.Correct && (v.Rating != 1 || v.Score != 0 || v.Matched != "") {
				t.Errorf("wrong answer: %+v", v)
			}
		})
	}
}

func TestParseGrouped(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"1954", 1954, true},
		{"1,954", 1954, true},
		{"1,000,000", 1e6, true},
		{"1 000 000", 1e6, true},
		{"1'000", 1000, true},
		{"12,5", 12.5, true},
		{"1954,5", 1954.5, true},
		{"1,2,3", 0, false},
		{"1.2.3", 0, false},
		{"1954 123", 0, false},
		{"1,954.5.1", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseGrouped(tt.in)
		if ok != tt.ok || ok && got != tt.want {
			t.Errorf("parseGrouped(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
