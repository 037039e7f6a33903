package answer

import (
	"slices"
	"testing"

	"github.com/ontap/ontap/scoring"
)

func TestChoice(t *testing.T) {
	cities := []string{"Hà Nội", "Huế", "Đà Nẵng", "Sài Gòn"}
	years := []string{"1945", "1954", "1975", "1986"}
	close := []string{"Hanoi", "Hanoy", "Hue"}
	def := DefaultPolicy()
	tests := []struct {
		name    string
		given   string
		choices []string
		answer  string
		p       Policy
		correct bool
		rating  scoring.Rating
		notes   []string
	}{
		{"by number", "1", cities, "Hà Nội", def, true, scoring.Good, nil},
		{"by number with dot", "1.", cities, "Hà Nội", def, true, scoring.Good, nil},
		{"by number in parentheses", "(1)", cities, "Hà Nội", def, true, scoring.Good, nil},
		{"wrong number", "2", cities, "Hà Nội", def, false, scoring.Again, []string{"chose 2: Huế"}},
		{"number out of range", "5", cities, "Hà Nội", def, false, scoring.Again, []string{NoteNotOption}},
		{"by text", "hà nội", cities, "Hà Nội", def, true, scoring.Good, nil},
		{"by text without accents", "ha noi", cities, "Hà Nội", def, true, scoring.Hard, []string{NoteAccents}},
		{"by text without accents, exact", "ha noi", cities, "Hà Nội", Policy{Accents: AccentsExact, Typos: true}, false, scoring.Again, []string{NoteNotOption}},
		{"by text đ", "Da Nang", cities, "Đà Nẵng", def, true, scoring.Hard, []string{NoteAccents}},
		{"wrong text", "Huế", cities, "Hà Nội", def, false, scoring.Again, []string{"chose 2: Huế"}},
		{"typo selects one option", "Sài Gònn", cities, "Sài Gòn", def, true, scoring.Hard, []string{NoteTypo}},
		{"year by text", "1954", years, "1954", def, true, scoring.Good, nil},
		{"year by number", "2", years, "1954", def, true, scoring.Good, nil},
		{"year off by one is not a typo", "1955", years, "1954", def, false, scoring.Again, []string{NoteNotOption}},
		{"exact wrong option beats typo of right", "Hanoy", close, "Hanoi", def, false, scoring.Again, []string{"chose 2: Hanoy"}},
		{"typo in reach of two options", "Hanoa", close, "Hanoi", def, false, scoring.Again, []string{NoteAmbiguous}},
		{"empty", "", cities, "Hà Nội", def, false, scoring.Again, []string{NoteNoAnswer}},
		{"answer not among choices", "Hanoi", []string{"Huế"}, "Hanoi", def, true, scoring.Good, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Choice(tt.given, tt.choices, tt.answer, tt.p)
			if v.Correct != tt.correct || v.Rating != tt.rating || !slices.Equal(v.Notes, tt.notes) {
				t.Errorf("Choice(%q, %q) = %+v, want correct=%v rating=%v notes=%q", tt.given, tt.answer, v, tt.correct, tt.rating, tt.notes)
			}
			if v.Correct && v.Matched != tt.answer {
				t.Errorf("Matched = %q, want %q", v.Matched, tt.answer)
			}
		})
	}
}

func TestMulti(t *testing.T) {
	choices := []string{"Hà Nội", "Huế", "Đà Nẵng", "Sài Gòn"}
	answers := []string{"Hà Nội", "Đà Nẵng"}
	tests := []struct {
		name    string
		given   string
		score   float64
		rating  scoring.Rating
		correct bool
	}{
		{"numbers with comma", "1,3", 1, scoring.Good, true},
		{"numbers with space", "1 3", 1, scoring.Good, true},
		{"numbers with semicolon", "3;1", 1, scoring.Good, true},
		{"texts", "Hà Nội; Đà Nẵng", 1, scoring.Good, true},
		{"mixed", "1, Đà Nẵng", 1, scoring.Good, true},
		{"text without accents", "1, Da Nang", 1, scoring.Hard, true},
		{"repeated counts once", "1, 1, 3, Hà Nội", 1, scoring.Good, true},
		{"half", "1", 0.5, scoring.Hard, true},
		{"one extra", "1,2,3", 0.5, scoring.Hard, true},
		{"everything", "1 2 3 4", 0, scoring.Again, false},
		{"wrong only", "2", 0, scoring.Again, false},
		{"unknown text", "1, 3, Paris", 0.5, scoring.Hard, true},
		{"out of range number", "1 3 9", 0.5, scoring.Hard, true},
		{"empty", "", 0, scoring.Again, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Multi(tt.given, choices, answers)
			if v.Score != tt.score || v.Rating != tt.rating || v.Correct != tt.correct {
				t.Errorf("Multi(%q) = %+v, want score=%v rating=%v correct=%v", tt.given, v, tt.score, tt.rating, tt.correct)
			}
		})
	}
}

func TestMultiParts(t *testing.T) {
	v := Multi("1, 2", []string{"A", "B", "C"}, []string{"A", "C"})
	want := []Part{
		{Expected: "A", Given: "A", Correct: true},
		{Expected: "C", Note: NoteMissing},
		{Given: "B", Note: NoteNotRight},
	}
	if !slices.Equal(v.Parts, want) {
		t.Errorf("Parts = %+v, want %+v", v.Parts, want)
	}
	if !slices.Equal(v.Notes, []string{"1 of 2 right", "1 wrong"}) {
		t.Errorf("Notes = %q", v.Notes)
	}
}

func TestTrueFalse(t *testing.T) {
	tests := []struct {
		given   string
		truth   bool
		correct bool
		notes   []string
	}{
		{"t", true, true, nil},
		{"TRUE", true, true, nil},
		{"yes", true, true, nil},
		{"y", true, true, nil},
		{"1", true, true, nil},
		{"đúng", true, true, nil},
		{"Đúng!", true, true, nil},
		{"đ", true, true, nil},
		{"dung", true, true, nil},
		{"f", false, true, nil},
		{"False.", false, true, nil},
		{"no", false, true, nil},
		{"n", false, true, nil},
		{"0", false, true, nil},
		{"sai", false, true, nil},
		{"s", false, true, nil},
		{"true", false, false, nil},
		{"sai", true, false, nil},
		{"maybe", true, false, []string{NoteTrueFalse}},
		{"", true, false, []string{NoteNoAnswer}},
	}
	for _, tt := range tests {
		v := TrueFalse(tt.given, tt.truth)
		if v.Correct != tt.correct || !slices.Equal(v.Notes, tt.notes) {
			t.Errorf("TrueFalse(%q, %v) = %+v, want correct=%v notes=%q", tt.given, tt.truth, v, tt.correct, tt.notes)
		}
		want := scoring.Again
		if tt.correct {
			want = scoring.Good
		}
		if v.Rating != want {
			t.Errorf("TrueFalse(%q, %v).Rating = %v, want %v", tt.given, tt.truth, v.Rating, want)
		}
	}
}
