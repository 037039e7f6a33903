package term

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestWrap(t *testing.T) {
	tests := []struct {
		in    string
		width int
		want  []string
	}{
		{"short", 20, []string{"short"}},
		{"  Answer: military alliances; alliance with one country", 30,
			[]string{"  Answer: military alliances;", "          alliance with one", "          country"}},
		{"  ✓ alliance with one country to fight another", 24,
			[]string{"  ✓ alliance with one", "    country to fight", "    another"}},
		{"  An explanation that runs on and on", 16,
			[]string{"  An explanation", "  that runs on", "  and on"}},
		{"  12) an option of a menu", 15, []string{"  12) an option", "      of a menu"}},
		{"one two three four five six", 12, []string{"one two", "three four", "five six"}},
		{"narrow terminals are left alone", 9, []string{"narrow terminals are left alone"}},
		// columns, not bytes: a decomposed line fits where its composed form does
		{norm.NFD.String("Võ Nguyên Giáp chỉ huy Đội Việt Nam Tuyên truyền Giải phóng quân"), 24,
			[]string{norm.NFD.String("Võ Nguyên Giáp chỉ huy"), norm.NFD.String("Đội Việt Nam Tuyên"),
				norm.NFD.String("truyền Giải phóng quân")}},
		{"abcdefghijklmnopqrstuvwxyz", 10, []string{"abcdefghij", "klmnopqrst", "uvwxyz"}},
	}
	for _, tt := range tests {
		got := Wrap(tt.in, tt.width)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("Wrap(%q, %d) =\n%q\nwant\n%q", tt.in, tt.width, got, tt.want)
		}
		for _, l := range got {
			if w := VisibleWidth(l); w > tt.width && tt.width >= 10 {
				t.Errorf("line %q is %d columns wide, more than %d", l, w, tt.width)
			}
		}
	}
}

// TestWrapColour: escape sequences take no width, and a line broken inside
// a coloured span closes it and opens it again on the next line.
func TestWrapColour(t *testing.T) {
	red, reset := "\x1b[31m", "\x1b[0m"
	s := "  Diff:   V" + red + "iet Minh Front of old" + reset + " end"
	got := Wrap(s, 20)
	want := []string{"  Diff:   V" + red + "iet Minh" + reset, "          " + red + "Front of" + reset,
		"          " + red + "old" + reset + " end"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Wrap =\n%q\nwant\n%q", got, want)
	}
	for _, l := range got {
		if w := VisibleWidth(l); w > 20 {
			t.Errorf("line %q is %d columns wide", l, w)
		}
		if strings.Count(l, red) != strings.Count(l, reset) {
			t.Errorf("line %q leaves a colour open", l)
		}
	}
	if w := VisibleWidth(red + "Điện Biên Phủ" + reset); w != 13 {
		t.Errorf("VisibleWidth = %d, want 13", w)
	}
}
