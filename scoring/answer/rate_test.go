package answer

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ontap/ontap/scoring"
)

func TestRate(t *testing.T) {
	right := Verdict{Correct: true, Score: 1, Rating: scoring.Good}
	allowed := Verdict{Correct: true, Score: 1, Rating: scoring.Hard, Notes: []string{NoteAccents}}
	partial := Verdict{Correct: true, Score: 0.5, Rating: scoring.Hard}
	wrong := Verdict{Rating: scoring.Again}
	tests := []struct {
		name   string
		v      Verdict
		hinted bool
		fast   bool
		want   scoring.Rating
	}{
		{"wrong", wrong, false, false, scoring.Again},
		{"wrong fast", wrong, false, true, scoring.Again},
		{"wrong hinted", wrong, true, false, scoring.Again},
		{"right", right, false, false, scoring.Good},
		{"right fast", right, false, true, scoring.Easy},
		{"right hinted", right, true, false, scoring.Hard},
		{"right hinted fast", right, true, true, scoring.Hard},
		{"accents", allowed, false, false, scoring.Hard},
		{"accents fast", allowed, false, true, scoring.Hard},
		{"partial list fast", partial, false, true, scoring.Hard},
	}
	for _, tt := range tests {
		if got := Rate(tt.v, tt.hinted, tt.fast); got != tt.want {
			t.Errorf("%s: Rate = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestFast(t *testing.T) {
	tests := []struct {
		elapsed time.Duration
		n       int
		want    bool
	}{
		{1 * time.Second, 0, true},
		{2 * time.Second, 0, false}, // strictly under the limit
		{2500 * time.Millisecond, 4, true},
		{2700 * time.Millisecond, 4, false},
		{11 * time.Second, 1000, true}, // the cap
		{12 * time.Second, 1000, false},
		{0, 10, false},
		{-time.Second, 10, false},
		{time.Second, -3, true},
	}
	for _, tt := range tests {
		if got := Fast(tt.elapsed, tt.n); got != tt.want {
			t.Errorf("Fast(%v, %d) = %v, want %v", tt.elapsed, tt.n, got, tt.want)
		}
	}
	if got := FastLimit(1 << 62); got != FastMax {
		t.Errorf("FastLimit(huge) = %v", got)
	}
}

func TestDiff(t *testing.T) {
	tests := []struct {
		given, expected string
		want            []Op
		plain           string
	}{
		{"1945", "1954", []Op{{'=', "19"}, {'-', "4"}, {'=', "5"}, {'+', "4"}}, "19[-4-]5{+4+}"},
		{"Hanoi", "Hanoi", []Op{{'=', "Hanoi"}}, "Hanoi"},
		{"Vo Nguyen Giap", "Võ Nguyên Giáp", []Op{{'=', "V"}, {'-', "o"}, {'+', "õ"}, {'=', " Nguy"}, {'-', "e"}, {'+', "ê"},
			{'=', "n Gi"}, {'-', "a"}, {'+', "á"}, {'=', "p"}}, "V[-o-]{+õ+} Nguy[-e-]{+ê+}n Gi[-a-]{+á+}p"},
		{"", "abc", []Op{{'+', "abc"}}, "{+abc+}"},
		{"abc", "", []Op{{'-', "abc"}}, "[-abc-]"},
		{"", "", nil, ""},
		{"Ha Noi", "Hanoi", []Op{{'=', "Ha"}, {'-', " N"}, {'+', "n"}, {'=', "oi"}}, "Ha[- N-]{+n+}oi"},
		{"a\x1bb", "ab", []Op{{'=', "a"}, {'-', "\x1b"}, {'=', "b"}}, `a[-\x1b-]b`},
	}
	for _, tt := range tests {
		got := Diff(tt.given, tt.expected)
		if !slices.Equal(got, tt.want) {
			t.Errorf("Diff(%q, %q) = %q, want %q", tt.given, tt.expected, got, tt.want)
		}
		if s := FormatDiff(got, false); s != tt.plain {
			t.Errorf("FormatDiff(Diff(%q, %q)) = %q, want %q", tt.given, tt.expected, s, tt.plain)
		}
	}
}

func TestDiffReconstructs(t *testing.T) {
	pairs := [][2]string{{"kitten", "sitting"}, {"Điện Biên Phủ", "Dien Bien Phu"}, {"abcabba", "cbabac"}, {"x", "yyyyy"}}
	for _, p := range pairs {
		var from, to strings.Builder
		for _, op := range Diff(p[0], p[1]) {
			if op.Kind != '+' {
				from.WriteString(op.Text)
			}
			if op.Kind != '-' {
				to.WriteString(op.Text)
			}
		}
		if from.String() != p[0] || to.String() != p[1] {
			t.Errorf("Diff(%q, %q) rebuilds %q, %q", p[0], p[1], from.String(), to.String())
		}
	}
}

// TestDiffLongIsCoarse: two long texts that differ throughout get the
// coarse diff (all of one removed, all of the other added) instead of a
// table of 16 million cells.
func TestDiffLongIsCoarse(t *testing.T) {
	a := strings.Repeat("ab", 2000)
	b := strings.Repeat("ba", 2000) + "x"
	ops := Diff(a, b)
	want := []Op{{'-', a}, {'+', b}}
	if len(ops) != len(want) || ops[0] != want[0] || ops[1] != want[1] {
		t.Fatalf("Diff of two long texts: %d ops, want one removal and one addition", len(ops))
	}
}

func TestFormatDiffColor(t *testing.T) {
	ops := []Op{{'=', "19"}, {'-', "4"}, {'=', "5"}, {'+', "4"}, {'+', " "}}
	got := FormatDiff(ops, true)
	// Two neighbouring '+' ops are printed one after the other; a blank
	// one gets a background colour.
	want := "19\x1b[31m4\x1b[0m5\x1b[32m4\x1b[0m\x1b[42m \x1b[0m"
	if got != want {
		t.Errorf("FormatDiff color = %q, want %q", got, want)
	}
}

func TestSanitize(t *testing.T) {
	tests := map[string]string{
		"plain":         "plain",
		"a\x1b[2Jb":     `a\x1b[2Jb`,
		"tab\tnl\n":     "tab nl ",
		"cr\r":          `cr\x0d`,
		"rtl\u202eevil": `rtl\u202eevil`,
		"\u009b31m":     `\u009b31m`,
	}
	for in, want := range tests {
		if got := Sanitize(in); got != want {
			t.Errorf("Sanitize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFeedback(t *testing.T) {
	def := DefaultPolicy()
	p0 := Policy{} // no typos: "Hanoy" is wrong
	tests := []struct {
		name     string
		v        Verdict
		given    string
		expected string
		want     string
	}{
		{"right", Text("Hanoi", "Hanoi", nil, def), "Hanoi", "Hanoi", "right\n"},
		{"accents", Text("Ha Noi", "Hà Nội", nil, def), "Ha Noi", "Hà Nội",
			"right (accents differ)\nexpected: Hà Nội\ndiff:     H[-a-]{+à+} N[-o-]{+ộ+}i\n"},
		{"wrong", Text("1955", "1954", nil, def), "1955", "1954",
			"wrong\nexpected: 1954\nyou wrote: 1955\n"},
		{"near miss", Text("Vo Nguyen Gap", "Võ Nguyên Giáp", nil, def), "Vo Nguyen Gap", "Võ Nguyên Giáp",
			"right (accents differ; typo)\nexpected: Võ Nguyên Giáp\ndiff:     V[-o-]{+õ+} Nguy[-e-]{+ê+}n G[-a-]{+iá+}p\n"},
		{"sharing little", Text("Saigon", "Hanoi", nil, def), "Saigon", "Hanoi",
			"wrong\nexpected: Hanoi\nyou wrote: Saigon\n"},
		{"accepted alternative", Text("Hanoy", "Hà Nội", []string{"Hanoi"}, def), "Hanoy", "Hà Nội",
			"right (typo)\nexpected: Hà Nội\naccepted: Hanoi\ndiff:     Hano[-y-]{+i+}\n"},
		{"list", List([]string{"A", "X"}, []string{"A", "B"}, false, def), "A; X", "A; B",
			"wrong (1 of 2 right; 1 not in the list)\nexpected: A; B\n  ✓ A\n  ✗ B (missing)\n  ✗ X (not in the list)\n"},
		{"hostile text", Text("\x1b[2J", "a\x1b]0;x\x07", nil, def), "\x1b[2J", "a\x1b]0;x\x07",
			"wrong\nexpected: a\\x1b]0;x\\x07\nyou wrote: \\x1b[2J\n"},
	}
	for _, tt := range tests {
		if got := Feedback(tt.v, tt.given, tt.expected, false); got != tt.want {
			t.Errorf("%s: Feedback =\n%q\nwant\n%q", tt.name, got, tt.want)
		}
	}
	colored := Feedback(Text("Hanoy", "Hanoi", nil, p0), "Hanoy", "Hanoi", true)
	if !strings.Contains(colored, ansiRed+"wrong"+ansiReset) || !strings.Contains(colored, ansiGreen+"i"+ansiReset) {
		t.Errorf("coloured feedback = %q", colored)
	}
}
