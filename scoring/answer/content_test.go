package answer

import (
	"testing"

	"github.com/ontap/ontap/scoring"
)

// The items of the built-in four-nos deck's parts-list card.
var fourNos = []string{
	"military alliances",
	"alliance with one country to fight another",
	"military bases",
	"use of force",
}

// TestListFourNosParaphrase is the answer of issue 17: a faithful
// paraphrase of every item, each opened with the list's "no".
func TestListFourNosParaphrase(t *testing.T) {
	given := SplitList("no military alliances; no alliance with one country against another; no foreign bases; no use or threat of force")
	v := List(given, fourNos, false, DefaultPolicy())
	if !v.Correct || v.Score != 1 || v.Rating != scoring.Hard {
		t.Fatalf("verdict = %+v, want all 4 right, Hard (paraphrases)", v)
	}
	wantGiven := []string{"no military alliances", "no alliance with one country against another", "no foreign bases", "no use or threat of force"}
	for j, p := range v.Parts {
		if !p.Correct || p.Expected != fourNos[j] || p.Given != wantGiven[j] {
			t.Errorf("part %d = %+v, want %q paired with %q", j, p, fourNos[j], wantGiven[j])
		}
	}
	if len(v.Parts) != len(fourNos) {
		t.Errorf("parts = %+v, want one per item and no extras", v.Parts)
	}
}

// TestListPairsOptimally: the first element could take either item;
// a first-come pairing would leave the second without one.
func TestListPairsOptimally(t *testing.T) {
	// "bases" paraphrases both items; "foreign military bases" only the
	// second, exactly: the pairing gives each its own.
	items := []string{"foreign military bases", "military bases"}
	v := List([]string{"bases", "foreign military bases"}, items, false, DefaultPolicy())
	if v.Score != 1 || v.Parts[0].Given != "foreign military bases" || v.Parts[1].Given != "bases" {
		t.Errorf("verdict = %+v", v)
	}
	// Each element is exact for the other's position: exact wins over a
	// paraphrase at the same position.
	v = List([]string{"use of force", "force"}, []string{"force", "use of force"}, false, DefaultPolicy())
	if v.Score != 1 || v.Rating != scoring.Good {
		t.Errorf("crossed exact items: %+v", v)
	}
}

// TestLenientList has, per given item, whether it names the expected
// one: lenient where a teacher would be, strict on years, numbers,
// negations and different items.
func TestLenientList(t *testing.T) {
	cities := []string{"Hà Nội", "Huế", "Đà Nẵng", "Hải Phòng"}
	years := []string{"Điện Biên Phủ 1954", "reunification in 1975"}
	numbers := []string{"250 exhibitors", "30 countries"}
	verdicts := []string{"not guilty", "guilty of treason"}
	def := DefaultPolicy()
	tests := []struct {
		given string
		items []string
		want  int // the index of the item it must match, or -1
	}{
		// right: case, accents, articles, a leading no/not, order, plurals
		{"MILITARY ALLIANCES", fourNos, 0},
		{"no military alliances", fourNos, 0},
		{"not military alliances", fourNos, 0},
		{"the military alliance", fourNos, 0},
		{"alliances military", fourNos, 0},
		{"an alliance with one country against another", fourNos, 1},
		{"no alliances with a country to fight another one", fourNos, 1},
		{"no foreign bases", fourNos, 2},
		{"no foreign military bases", fourNos, 2},
		{"bases", fourNos, 2},
		{"no use or threat of force", fourNos, 3},
		{"force", fourNos, 3},
		{"the use of forces", fourNos, 3},
		{"no militray alliances", fourNos, 0},
		{"ha noi", cities, 0},
		{"Hai Phong", cities, 3},
		{"1954 Dien Bien Phu", years, 0},
		{"the reunification, 1975", years, 1},
		{"exhibitors: 250", numbers, 0},
		{"30 country", numbers, 1},
		{"not guilty", verdicts, 0},
		{"guilty of treason", verdicts, 1},
		// wrong: a different item, a wrong year, a number off by one, a negation dropped
		{"nuclear weapons", fourNos, -1},
		{"military aid", fourNos, -1},
		{"one country", fourNos, -1},
		{"threat of sanctions", fourNos, -1},
		{"trade agreements", fourNos, -1},
		{"no alliances of trade", fourNos, -1},
		{"Hà Giang", cities, -1},
		{"Sài Gòn", cities, -1},
		{"military exercises", fourNos, -1},
		{"use of nuclear weapons", fourNos, -1},
		{"252 exhibitors", numbers, -1},
		{"30 exhibitors", numbers, -1},
		{"guilty of fraud", verdicts, -1},
		{"Điện Biên Phủ 1953", years, -1},
		{"reunification in 1976", years, -1},
		{"Dien Bien Phu 1945", years, -1},
		{"251 exhibitors", numbers, -1},
		{"249 exhibitors", numbers, -1},
		{"31 countries", numbers, -1},
		{"3 countries", numbers, -1},
		{"guilty", verdicts, -1},
		{"innocent", verdicts, -1},
		{"exhibitors", numbers, -1},
	}
	right, wrong := 0, 0
	for _, tt := range tests {
		v := List([]string{tt.given}, tt.items, false, def)
		got := -1
		for j, p := range v.Parts {
			if p.Correct && j < len(tt.items) {
				got = j
			}
		}
		if got != tt.want {
			t.Errorf("%q in %q: matched item %d, want %d (parts %+v)", tt.given, tt.items, got, tt.want, v.Parts)
		}
		if tt.want < 0 {
			wrong++
		} else {
			right++
		}
	}
	if right+wrong < 40 || wrong < (right+wrong)/2 {
		t.Errorf("%d cases, %d that stay wrong: want at least 40, half wrong", right+wrong, wrong)
	}
}

// TestStrictList: under Strict only the wording counts.
func TestStrictList(t *testing.T) {
	p := DefaultPolicy()
	p.Strict = true
	v := List([]string{"no military alliances", "foreign bases", "military bases"}, fourNos, false, p)
	if v.Parts[0].Correct || !v.Parts[2].Correct || v.Parts[1].Correct {
		t.Errorf("strict parts = %+v", v.Parts)
	}
}

func TestTextContentWords(t *testing.T) {
	def := DefaultPolicy()
	strict := def
	strict.Strict = true
	tests := []struct {
		given, expected string
		p               Policy
		correct         bool
		rating          scoring.Rating
	}{
		{"early", "an early manner", def, true, scoring.Good},
		{"in an early manner", "an early manner", def, true, scoring.Good},
		{"afar", "from afar", def, true, scoring.Good},
		{"the Dien Bien Phu campaign", "Điện Biên Phủ campaign", def, true, scoring.Hard},
		{"campaign Dien Bien Phu", "Dien Bien Phu campaign", def, true, scoring.Good},
		{"one countries", "one country", def, true, scoring.Good},
		{"erly", "an early manner", def, true, scoring.Hard}, // a typo in the one content word
		{"eraly manar", "an early manner", def, false, scoring.Again},
		{"early", "an early manner", strict, false, scoring.Again},
		{"late", "an early manner", def, false, scoring.Again},
		{"manner", "an early manner", def, false, scoring.Again},
		{"not guilty", "guilty", def, false, scoring.Again},
		{"guilty", "not guilty", def, false, scoring.Again},
		{"in 1955", "in 1954", def, false, scoring.Again},
		{"the 1954 campaign", "1954 campaign", def, true, scoring.Good},
		{"the 1945 campaign", "1954 campaign", def, false, scoring.Again},
	}
	for _, tt := range tests {
		v := Text(tt.given, tt.expected, nil, tt.p)
		if v.Correct != tt.correct || v.Rating != tt.rating {
			t.Errorf("Text(%q, %q, strict=%v) = %+v, want correct=%v rating=%v", tt.given, tt.expected, tt.p.Strict, v, tt.correct, tt.rating)
		}
	}
}

// BenchmarkListFourNos judges the four-nos answer: paraphrases,
// content words and the optimal pairing.
func BenchmarkListFourNos(b *testing.B) {
	given := SplitList("no military alliances; no alliance with one country against another; no foreign bases; no use or threat of force")
	p := DefaultPolicy()
	for b.Loop() {
		List(given, fourNos, false, p)
	}
}
