package answer

import (
	"slices"
	"strings"
	"testing"

	"github.com/ontap/ontap/scoring"
)

func TestNormalize(t *testing.T) {
	def := DefaultPolicy()
	tests := []struct {
		in   string
		p    Policy
		want string
	}{
		{"  Võ   Nguyên\tGiáp ", def, "võ nguyên giáp"},
		{"Ha\u0300 No\u0323\u0302i", def, "hà nội"}, // decomposed input composes
		{"Hồ-Chí-Minh", def, "hồ chí minh"},
		{"U.S.A.", def, "usa"},
		{"O'Brien", def, "obrien"},
		{"Hello, world!!", def, "hello world"},
		{"1,954", def, "1,954"},
		{"1954.", def, "1954"},
		{"Đà Nẵng", Policy{Accents: AccentsIgnore}, "da nang"},
		{"ĐIỆN BIÊN PHỦ", Policy{Accents: AccentsIgnore, CaseSensitive: true}, "DIEN BIEN PHU"},
		{"Hanoi", Policy{CaseSensitive: true}, "Hanoi"},
		{"Straße", def, "strasse"},
		{"...", def, ""},
		{"", def, ""},
		{"a\x1b[31mb", def, "a 31mb"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in, tt.p); got != tt.want {
			t.Errorf("Normalize(%q, %+v) = %q, want %q", tt.in, tt.p, got, tt.want)
		}
	}
}

func TestNormalizeCapsInput(t *testing.T) {
	long := strings.Repeat("ế", 5000) // 3 bytes a rune
	got := Normalize(long, DefaultPolicy())
	if len(got) > MaxInput {
		t.Fatalf("len = %d, want at most %d", len(got), MaxInput)
	}
	if !strings.HasPrefix(long, got) || len(got) < MaxInput-3 {
		t.Fatalf("cut at a bad place: len %d", len(got))
	}
}

func TestTypoAllowance(t *testing.T) {
	for n, want := range map[int]int{0: 0, 3: 0, 4: 1, 7: 1, 8: 2, 40: 2} {
		if got := TypoAllowance(n); got != want {
			t.Errorf("TypoAllowance(%d) = %d, want %d", n, got, want)
		}
	}
}

func TestOSA(t *testing.T) {
	tests := []struct {
		a, b string
		k    int
		want int
	}{
		{"hanoi", "hanoi", 2, 0},
		{"hanoi", "hnaoi", 2, 1}, // transposition
		{"hanoi", "hanio", 2, 1},
		{"hanoi", "hano", 2, 1},
		{"hanoi", "xhanoi", 2, 1},
		{"kitten", "sitting", 3, 3},
		{"kitten", "sitting", 2, 3}, // over the bound: k+1
		{"abc", "abcdef", 2, 3},
		{"", "ab", 2, 2},
		{"ca", "abc", 3, 3}, // OSA, not unrestricted Damerau
	}
	for _, tt := range tests {
		if got := osa([]rune(tt.a), []rune(tt.b), tt.k); got != tt.want {
			t.Errorf("osa(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.k, got, tt.want)
		}
	}
}

func TestText(t *testing.T) {
	def := DefaultPolicy()
	exact := Policy{Accents: AccentsExact, Typos: true}
	ignore := Policy{Accents: AccentsIgnore, Typos: true}
	caseSens := Policy{CaseSensitive: true, Accents: AccentsLenient, Typos: true}
	noTypos := Policy{Accents: AccentsLenient}
	tests := []struct {
		name     string
		given    string
		expected string
		accept   []string
		p        Policy
		correct  bool
		rating   scoring.Rating
		notes    []string
		matched  string
	}{
		{"exact", "Võ Nguyên Giáp", "Võ Nguyên Giáp", nil, def, true, scoring.Good, nil, "Võ Nguyên Giáp"},
		{"case folded", "võ nguyên giáp", "Võ Nguyên Giáp", nil, def, true, scoring.Good, nil, "Võ Nguyên Giáp"},
		{"whitespace and punctuation", "  Võ  Nguyên-Giáp. ", "Võ Nguyên Giáp", nil, def, true, scoring.Good, nil, "Võ Nguyên Giáp"},
		{"NFD input", "Vo\u0303 Nguye\u0302n Gia\u0301p", "Võ Nguyên Giáp", nil, def, true, scoring.Good, nil, "Võ Nguyên Giáp"},
		{"accents lenient", "Vo Nguyen Giap", "Võ Nguyên Giáp", nil, def, true, scoring.Hard, []string{NoteAccents}, "Võ Nguyên Giáp"},
		{"accents exact", "Vo Nguyen Giap", "Võ Nguyên Giáp", nil, exact, false, scoring.Again, []string{NoteAccents}, ""},
		{"accents ignore", "Vo Nguyen Giap", "Võ Nguyên Giáp", nil, ignore, true, scoring.Good, nil, "Võ Nguyên Giáp"},
		{"đ lenient", "Dien Bien Phu", "Điện Biên Phủ", nil, def, true, scoring.Hard, []string{NoteAccents}, "Điện Biên Phủ"},
		{"đ lowercase", "da nang", "Đà Nẵng", nil, def, true, scoring.Hard, []string{NoteAccents}, "Đà Nẵng"},
		{"đ ignore", "dien bien phu", "Điện Biên Phủ", nil, ignore, true, scoring.Good, nil, "Điện Biên Phủ"},
		{"wrong accent under exact is no typo", "Nguyên", "Nguyễn", nil, exact, false, scoring.Again, []string{NoteAccents}, ""},
		{"missing accent under exact is no typo", "Nguyen", "Nguyễn", nil, exact, false, scoring.Again, []string{NoteAccents}, ""},
		{"real typo under exact", "Nguyễm", "Nguyễn", nil, exact, true, scoring.Hard, []string{NoteTypo}, "Nguyễn"},
		{"case sensitive wrong", "hanoi", "Hanoi", nil, caseSens, false, scoring.Again, []string{NoteCase}, ""},
		{"case sensitive right", "Hanoi", "Hanoi", nil, caseSens, true, scoring.Good, nil, "Hanoi"},
		{"case sensitive typo", "Hanio", "Hanoi", nil, caseSens, true, scoring.Hard, []string{NoteTypo}, "Hanoi"},
		{"case sensitive typo plus case", "hanio", "Hanoi", nil, caseSens, false, scoring.Again, []string{NoteCase}, ""},
		{"typo 4-7 one edit", "Hanio", "Hanoi", nil, def, true, scoring.Hard, []string{NoteTypo}, "Hanoi"},
		{"typo 4-7 two edits", "Hnaio", "Hanoi", nil, def, false, scoring.Again, nil, ""},
		{"short word no typo", "Hue", "Hut", nil, def, false, scoring.Again, nil, ""},
		{"short word with accents", "Hue", "Huế", nil, def, true, scoring.Hard, []string{NoteAccents}, "Huế"},
		{"long word two edits", "Vietnma Peoples Army", "Vietnam People's Army", nil, def, true, scoring.Hard, []string{NoteTypo}, "Vietnam People's Army"},
		{"long word three edits", "Vietnma Peolpes Arny", "Vietnam People's Army", nil, def, false, scoring.Again, nil, ""},
		{"typo and accents", "Vo Nguyen Giapp", "Võ Nguyên Giáp", nil, def, true, scoring.Hard, []string{NoteAccents, NoteTypo}, "Võ Nguyên Giáp"},
		{"typos off", "Hanio", "Hanoi", nil, noTypos, false, scoring.Again, nil, ""},
		{"year off by one", "1955", "1954", nil, def, false, scoring.Again, nil, ""},
		{"year swapped digits", "1945", "1954", nil, def, false, scoring.Again, nil, ""},
		{"year with comma", "1,954", "1954", nil, def, true, scoring.Good, nil, "1954"},
		{"year with dot", "1954.", "1954", nil, def, true, scoring.Good, nil, "1954"},
		{"digits in words exact", "Dien Bien Phu 1955", "Dien Bien Phu 1954", nil, def, false, scoring.Again, nil, ""},
		{"typo beside digits", "Dien Bien Phuu 1954", "Dien Bien Phu 1954", nil, def, true, scoring.Hard, []string{NoteTypo}, "Dien Bien Phu 1954"},
		{"digit typed into a word", "Han0i", "Hanoi", nil, def, false, scoring.Again, nil, ""},
		{"alternative", "Hanoi", "Hà Nội", []string{"Hanoi", "Ha Noi"}, def, true, scoring.Good, nil, "Hanoi"},
		{"alternative with typo", "Hanio", "Thủ đô", []string{"Hanoi"}, def, true, scoring.Hard, []string{NoteTypo}, "Hanoi"},
		{"exact alternative beats accents", "Ha Noi", "Hà Nội", []string{"Ha Noi"}, def, true, scoring.Good, nil, "Ha Noi"},
		{"empty", "", "Hanoi", nil, def, false, scoring.Again, []string{NoteNoAnswer}, ""},
		{"blank", " \t\n", "Hanoi", nil, def, false, scoring.Again, []string{NoteNoAnswer}, ""},
		{"punctuation only", "?", "?", nil, def, true, scoring.Good, nil, "?"},
		{"punctuation only wrong", "!", "?", nil, def, false, scoring.Again, nil, ""},
		{"wrong", "Saigon", "Hanoi", nil, def, false, scoring.Again, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Text(tt.given, tt.expected, tt.accept, tt.p)
			if v.Correct != tt.correct || v.Rating != tt.rating || !slices.Equal(v.Notes, tt.notes) || v.Matched != tt.matched {
				t.Errorf("Text(%q, %q) = %+v, want correct=%v rating=%v notes=%q matched=%q",
					tt.given, tt.expected, v, tt.correct, tt.rating, tt.notes, tt.matched)
			}
			wantScore := 0.0
			if tt.correct {
				wantScore = 1
			}
			if v.Score != wantScore {
				t.Errorf("Score = %v, want %v", v.Score, wantScore)
			}
		})
	}
}

func TestTextLongInputIsFast(t *testing.T) {
	a := strings.Repeat("abcdefgh ", 100000)
	b := strings.Repeat("abcdefgi ", 100000)
	v := Text(a, b, nil, DefaultPolicy())
	if v.Correct {
		t.Fatalf("a long answer differing throughout was accepted: %+v", v)
	}
	if v := Text(a, a, nil, DefaultPolicy()); !v.Correct || v.Rating != scoring.Good {
		t.Fatalf("a long answer equal to the expected one: %+v", v)
	}
}
