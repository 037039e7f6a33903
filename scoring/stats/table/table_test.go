package table

import (
	"strings"
	"testing"
)

func TestFitShrinksTheWidestTextColumnFirst(t *testing.T) {
	tb := Table{Right: []bool{false, false, true}, Rows: [][]string{
		{"ID", "TITLE", "CARDS"},
		{"diplomacy", "Defense diplomacy: people, places, events and more", "53"},
		{"four-nos", "The \"four no's\" defense policy", "24"},
	}}
	for _, tc := range []struct {
		width int
		want  []int
	}{
		{0, []int{9, 50, 5}},   // no limit
		{200, []int{9, 50, 5}}, // fits as it is
		{40, []int{9, 22, 5}},  // the title gives way, the id keeps its width
		{20, []int{6, 6, 5}},   // both text columns at their minimum; numbers never cut
	} {
		got := tb.Fit(tc.width)
		if strings.Join(strs(got), ",") != strings.Join(strs(tc.want), ",") {
			t.Errorf("Fit(%d) = %v, want %v", tc.width, got, tc.want)
		}
	}
	var b strings.Builder
	if err := tb.Write(&b, 40); err != nil {
		t.Fatal(err)
	}
	want := "ID         TITLE                   CARDS\n" +
		"diplomacy  Defense diplomacy: pe…     53\n" +
		"four-nos   The \"four no's\" defen…     24\n"
	if b.String() != want {
		t.Errorf("Write(40):\n%s\nwant:\n%s", b.String(), want)
	}
	for _, l := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
		if Width(l) > 40 {
			t.Errorf("line %q is %d columns wide, more than 40", l, Width(l))
		}
	}
}

func TestCutStartKeepsTheEnd(t *testing.T) {
	for _, tc := range []struct {
		s     string
		width int
		want  string
	}{
		{"/home/lan/.local/share/ontap/decks/mydeck.toml", 20, "…p/decks/mydeck.toml"},
		{"/home/lan/.local/share/ontap/decks/mydeck.toml", 0, "/home/lan/.local/share/ontap/decks/mydeck.toml"},
		{"decks/mine.toml", 15, "decks/mine.toml"}, // fits: not cut
		{"/decks/tập.toml", 9, "…tập.toml"},
		{"/decks/ta\u0323\u0302p.toml", 9, "…ta\u0323\u0302p.toml"}, // marks take no column
		{"/decks/a\u0323\u0302p.toml", 7, "…p.toml"},                // never a mark without its base
		{"/decks/日本.toml", 8, "…本.toml"},                            // wide characters take two
	} {
		got := TruncateStart(tc.s, tc.width)
		if got != tc.want {
			t.Errorf("TruncateStart(%q, %d) = %q, want %q", tc.s, tc.width, got, tc.want)
		}
		if tc.width > 0 && Width(got) > tc.width {
			t.Errorf("TruncateStart(%q, %d) = %q: %d columns", tc.s, tc.width, got, Width(got))
		}
	}
	tb := Table{Right: []bool{false, false}, CutStart: []bool{false, true}, Rows: [][]string{
		{"mydeck", "/home/lan/.local/share/ontap/decks/mydeck.toml"},
		{"other", "/home/lan/.local/share/ontap/decks/other.toml"},
	}}
	var b strings.Builder
	_ = tb.Write(&b, 30)
	want := "mydeck  …tap/decks/mydeck.toml\n" +
		"other   …ntap/decks/other.toml\n"
	if b.String() != want {
		t.Errorf("Write(30):\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestWidthsAreDisplayWidths(t *testing.T) {
	composed := "Ôn tập"
	decomposed := "O\u0302n ta\u0323\u0302p"
	tb := Table{Right: []bool{false, true}, Rows: [][]string{{composed, "1"}, {decomposed, "2"}}}
	var b strings.Builder
	_ = tb.Write(&b, 80)
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if Width(lines[0]) != Width(lines[1]) {
		t.Errorf("composed and decomposed rows differ in width:\n%s", b.String())
	}
}

func TestWrapKeepsTheIndent(t *testing.T) {
	got := Wrap("review, due 2026-12-01 09:00, stability 3.20d, difficulty 5.10, retrievability 91%, 1 review, 0 lapses",
		40, "  ", "  ")
	want := "  review, due 2026-12-01 09:00,\n" +
		"  stability 3.20d, difficulty 5.10,\n" +
		"  retrievability 91%, 1 review, 0 lapses"
	if got != want {
		t.Errorf("Wrap:\n%s\nwant:\n%s", got, want)
	}
	got = Wrap("What year?\nSecond line is here", 14, "  Q: ", "     ")
	want = "  Q: What\n     year?\n     Second\n     line is\n     here"
	if got != want {
		t.Errorf("Wrap with a newline:\n%s\nwant:\n%s", got, want)
	}
	// a word longer than a line is cut, not left to overflow
	got = Wrap("aaaaaaaaaaaaaaa bb", 10, "- ", "  ")
	for _, l := range strings.Split(got, "\n") {
		if Width(l) > 10 {
			t.Errorf("line %q wider than 10 in\n%s", l, got)
		}
	}
	if Wrap("a b c", 0, "> ", "  ") != "> a b c" {
		t.Errorf("width 0 must not wrap")
	}
}

func strs(n []int) []string {
	var out []string
	for _, v := range n {
		out = append(out, string(rune('0'+v/10))+string(rune('0'+v%10)))
	}
	return out
}

func TestWrapListBreaksBetweenItems(t *testing.T) {
	facts := []string{"review", "due 2026-12-01 09:00", "stability 3.20d", "difficulty 5.10",
		"retrievability 91%", "1 review", "0 lapses"}
	got := WrapList(facts, ", ", 40, "  ", "  ")
	want := "  review, due 2026-12-01 09:00,\n" +
		"  stability 3.20d, difficulty 5.10,\n" +
		"  retrievability 91%, 1 review, 0 lapses"
	if got != want {
		t.Errorf("WrapList:\n%s\nwant:\n%s", got, want)
	}
	got = WrapList(facts, ", ", 30, "  ", "  ")
	for _, l := range strings.Split(got, "\n") {
		if Width(l) > 30 {
			t.Errorf("line %q wider than 30", l)
		}
		if strings.HasSuffix(l, "due") || strings.HasPrefix(strings.TrimSpace(l), "09:00") {
			t.Errorf("an item was broken: %q in\n%s", l, got)
		}
	}
	if got := WrapList(facts[:2], ", ", 0, "", ""); got != "review, due 2026-12-01 09:00" {
		t.Errorf("width 0: %q", got)
	}
}
