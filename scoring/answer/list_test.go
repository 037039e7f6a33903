package answer

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/ontap/ontap/scoring"
)

func TestSplitList(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"a; b ; c", []string{"a", "b", "c"}},
		{"a\nb\r\nc\n", []string{"a", "b", "c"}},
		{"Huế, Đà Nẵng", []string{"Huế", "Đà Nẵng"}},
		{"1,954, 1975", []string{"1,954", "1975"}},
		{"Hanoi, Vietnam; Huế", []string{"Hanoi, Vietnam", "Huế"}},
		{" ; ;; ", []string{}},
		{"", []string{}},
		{"single", []string{"single"}},
	}
	for _, tt := range tests {
		if got := SplitList(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("SplitList(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestResolve(t *testing.T) {
	shown := []string{"B", "C", "A"}
	tests := []struct {
		in   []string
		want []string
	}{
		{[]string{"3 1 2"}, []string{"A", "B", "C"}},
		{SplitList("3,1,2"), []string{"A", "B", "C"}},
		{SplitList("3, 1, 2"), []string{"A", "B", "C"}},
		{[]string{"1,954"}, []string{"1,954"}},
		{[]string{"3", "1", "2"}, []string{"A", "B", "C"}},
		{[]string{"3.", "B", "2"}, []string{"A", "B", "C"}},
		{[]string{"4", "1954"}, []string{"4", "1954"}},
	}
	for _, tt := range tests {
		if got := Resolve(tt.in, shown); !slices.Equal(got, tt.want) {
			t.Errorf("Resolve(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestList(t *testing.T) {
	noNos := []string{"no military alliances", "no siding with one country against another",
		"no foreign military bases", "no using force in international relations"}
	cities := []string{"Hà Nội", "Huế", "Đà Nẵng", "Sài Gòn"}
	def := DefaultPolicy()
	tests := []struct {
		name    string
		given   []string
		items   []string
		ordered bool
		score   float64
		rating  scoring.Rating
	}{
		{"all right any order", []string{"Sài Gòn", "Hà Nội", "Huế", "Đà Nẵng"}, cities, false, 1, scoring.Good},
		{"three of four", []string{"Hà Nội", "Huế", "Đà Nẵng"}, cities, false, 0.75, scoring.Hard},
		{"half", []string{"Hà Nội", "Huế"}, cities, false, 0.5, scoring.Hard},
		{"fewer than half", []string{"Hà Nội"}, cities, false, 0.25, scoring.Again},
		{"duplicate counts once", []string{"Hà Nội", "ha noi", "Hà Nội", "Huế"}, cities, false, 0.5, scoring.Hard},
		{"duplicates are not penalised", []string{"Hà Nội", "Hà Nội", "Huế", "Đà Nẵng", "Sài Gòn"}, cities, false, 1, scoring.Good},
		{"wrong extra cancels one", []string{"Hà Nội", "Huế", "Đà Nẵng", "Sài Gòn", "Paris"}, cities, false, 0.75, scoring.Hard},
		{"accents allowed but Hard", []string{"Ha Noi", "Hue", "Da Nang", "Sai Gon"}, cities, false, 1, scoring.Hard},
		{"typos in long items", []string{"no militray alliances", "no foreign military bsaes",
			"no siding with one country against another", "no using force in international relations"}, noNos, false, 1, scoring.Hard},
		{"ordered all right", []string{"Hà Nội", "Huế", "Đà Nẵng", "Sài Gòn"}, cities, true, 1, scoring.Good},
		{"ordered one swap", []string{"Huế", "Hà Nội", "Đà Nẵng", "Sài Gòn"}, cities, true, 0.75, scoring.Hard},
		{"ordered reversed", []string{"Sài Gòn", "Đà Nẵng", "Huế", "Hà Nội"}, cities, true, 0.25, scoring.Again},
		{"ordered with a gap", []string{"Hà Nội", "Đà Nẵng", "Sài Gòn"}, cities, true, 0.75, scoring.Hard},
		{"nothing", []string{"", "  "}, cities, false, 0, scoring.Again},
		{"no items", []string{"a"}, nil, false, 0, scoring.Again},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := List(tt.given, tt.items, tt.ordered, def)
			if v.Score != tt.score || v.Rating != tt.rating || v.Correct != (tt.rating >= scoring.Hard) {
				t.Errorf("List(%q) = %+v, want score=%v rating=%v", tt.given, v, tt.score, tt.rating)
			}
		})
	}
}

func TestListParts(t *testing.T) {
	items := []string{"Hà Nội", "Huế", "Đà Nẵng"}
	v := List([]string{"Đà Nẵng", "Ha Noi", "Hà Nội", "Paris"}, items, true, DefaultPolicy())
	want := []Part{
		{Expected: "Hà Nội", Given: "Hà Nội", Correct: true}, // the exact match wins over "Ha Noi"
		{Expected: "Huế", Note: NoteMissing},
		{Expected: "Đà Nẵng", Given: "Đà Nẵng", Note: NoteOutOfOrder},
		{Given: "Ha Noi", Note: NoteTwice},
		{Given: "Paris", Note: NoteNotInList},
	}
	if !slices.Equal(v.Parts, want) {
		t.Errorf("Parts =\n%+v\nwant\n%+v", v.Parts, want)
	}
	// One right, one wrong extra: 0 of 3.
	if v.Score != 0 || v.Rating != scoring.Again || v.Correct {
		t.Errorf("verdict = %+v", v)
	}
}

func TestListPrefersExactMatches(t *testing.T) {
	// "Hanoi" is a typo of "Hanoy" and exact for "Hanoi"; "Hanoy" exact for
	// "Hanoy": the best matching uses both exact edges.
	v := List([]string{"Hanoi", "Hanoy"}, []string{"Hanoy", "Hanoi"}, false, DefaultPolicy())
	if v.Score != 1 || v.Rating != scoring.Good {
		t.Errorf("verdict = %+v", v)
	}
	for _, p := range v.Parts {
		if p.Given != p.Expected {
			t.Errorf("part %+v: matched through a typo", p)
		}
	}
}

// longList is maxItems items of 52 words each, and the same items typed
// back in reverse order, every word with a typo when typos is set.
func longList(typos bool) (items, given []string) {
	word, item := "word ", "item"
	if typos {
		word, item = "wrod ", "itme"
	}
	for i := 0; i < maxItems; i++ {
		items = append(items, fmt.Sprintf("%s item %d", strings.Repeat("word ", 50), i))
		given = append(given, fmt.Sprintf("%s %s %d", strings.Repeat(word, 50), item, maxItems-1-i))
	}
	return items, given
}

// TestListLong: a long list typed back in another order is paired item by
// item (the numbers tell the items apart), and is not in order.
func TestListLong(t *testing.T) {
	items, given := longList(false)
	v := List(given, items, false, DefaultPolicy())
	if !v.Correct {
		t.Fatalf("the list typed back in reverse is wrong: %+v", v.Parts[:3])
	}
	for _, p := range v.Parts {
		if !p.Correct || p.Given != p.Expected {
			t.Fatalf("part %+v", p)
		}
	}
	if o := List(given, items, true, DefaultPolicy()); o.Correct {
		t.Error("the reversed list counts as in order")
	}
}

// BenchmarkListLong times the pairing of the long list, typed with a typo
// in every word (the slowest case of the matcher).
func BenchmarkListLong(b *testing.B) {
	items, given := longList(true)
	for b.Loop() {
		List(given, items, true, DefaultPolicy())
		Order(given, items, DefaultPolicy())
	}
}

func TestOrder(t *testing.T) {
	events := []string{"1945 August Revolution", "1954 Điện Biên Phủ", "1975 reunification", "1986 Đổi Mới"}
	def := DefaultPolicy()
	tests := []struct {
		name   string
		given  []string
		score  float64
		rating scoring.Rating
		notes  []string
	}{
		{"right", events, 1, scoring.Good, []string{"6 of 6 pairs in order"}},
		{"one adjacent swap", []string{events[1], events[0], events[2], events[3]}, 5.0 / 6, scoring.Hard, []string{"5 of 6 pairs in order"}},
		{"first to last", []string{events[1], events[2], events[3], events[0]}, 3.0 / 6, scoring.Hard, []string{"3 of 6 pairs in order"}},
		{"reversed", []string{events[3], events[2], events[1], events[0]}, 0, scoring.Again, []string{"0 of 6 pairs in order"}},
		{"missing one", []string{events[0], events[1], events[2]}, 3.0 / 6, scoring.Hard, []string{"3 of 6 pairs in order", "1 missing"}},
		{"accents allowed", []string{"1945 August Revolution", "1954 Dien Bien Phu", "1975 reunification", "1986 Doi Moi"}, 1, scoring.Hard,
			[]string{"6 of 6 pairs in order", NoteAccents}},
		{"years are not typo tolerant", []string{"1945 August Revolution", "1955 Điện Biên Phủ", "1975 reunification", "1986 Đổi Mới"}, 3.0 / 6, scoring.Hard,
			[]string{"3 of 6 pairs in order", "1 missing"}},
		{"nothing", nil, 0, scoring.Again, []string{NoteNoAnswer}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Order(tt.given, events, def)
			if v.Score != tt.score || v.Rating != tt.rating || !slices.Equal(v.Notes, tt.notes) || v.Correct != (tt.rating >= scoring.Hard) {
				t.Errorf("Order(%q) = %+v, want score=%v rating=%v notes=%q", tt.given, v, tt.score, tt.rating, tt.notes)
			}
		})
	}
}

func TestOrderByNumbersAndParts(t *testing.T) {
	items := []string{"A", "B", "C"}
	shown := []string{"C", "A", "B"}
	v := Order(Resolve([]string{"2 1 3"}, shown), items, DefaultPolicy())
	want := []Part{
		{Expected: "A", Given: "A", Correct: true},
		{Expected: "B", Given: "C", Note: "yours belongs at position 3"},
		{Expected: "C", Given: "B", Note: "yours belongs at position 2"},
	}
	if !slices.Equal(v.Parts, want) {
		t.Errorf("Parts = %+v, want %+v", v.Parts, want)
	}
	if v.Score != 2.0/3 || v.Rating != scoring.Hard {
		t.Errorf("verdict = %+v", v)
	}
	if one := Order([]string{"A"}, []string{"A"}, DefaultPolicy()); one.Score != 1 || one.Rating != scoring.Good {
		t.Errorf("single item: %+v", one)
	}
}
