package term_test

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/ontap/ontap/quiz/term"
)

func TestDisplayWidth(t *testing.T) {
	tests := []struct {
		s    string
		want int
	}{
		{"", 0},
		{"1954", 4},
		{"Võ Nguyên Giáp", 14},
		{norm.NFD.String("Võ Nguyên Giáp"), 14}, // combining marks take no column
		{norm.NFD.String("Điện Biên Phủ"), 13},
		{"ôn tập", 6},
		{norm.NFD.String("ôn tập"), 6},
		{"日本語", 6}, // wide characters take two
		{"✓ Right", 7},
	}
	for _, tc := range tests {
		if got := term.DisplayWidth(tc.s); got != tc.want {
			t.Errorf("DisplayWidth(%q) = %d, want %d", tc.s, got, tc.want)
		}
	}
}

func TestTruncate(t *testing.T) {
	giap := "Võ Nguyên Giáp"
	tests := []struct {
		s     string
		width int
		want  string // NFC of the result
	}{
		{giap, 80, giap},
		{giap, 14, giap},
		{giap, 13, "Võ Nguyên Gi…"},
		{giap, 5, "Võ N…"},
		{giap, 2, "V…"},
		{norm.NFD.String(giap), 14, giap},
		{norm.NFD.String(giap), 13, "Võ Nguyên Gi…"},
		{norm.NFD.String(giap), 3, "Võ…"},
		{norm.NFD.String(giap), 8, "Võ Nguy…"},
		{"日本語です", 7, "日本語…"},
		{"日本語です", 6, "日本…"},
		{"anything", 0, "anything"}, // no width: unchanged
		{"anything", -1, "anything"},
	}
	for _, tc := range tests {
		got := term.Truncate(tc.s, tc.width)
		if norm.NFC.String(got) != tc.want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", tc.s, tc.width, got, tc.want)
		}
		if tc.width > 0 && term.DisplayWidth(got) > tc.width {
			t.Errorf("Truncate(%q, %d) = %q is %d columns wide", tc.s, tc.width, got, term.DisplayWidth(got))
		}
		// A decomposed string is cut where its composed form is, never
		// between a letter and its marks.
		if cut := strings.TrimSuffix(got, "…"); !strings.HasPrefix(norm.NFC.String(tc.s), norm.NFC.String(cut)) {
			t.Errorf("Truncate(%q, %d) = %q split a letter from its marks", tc.s, tc.width, got)
		}
		// Decomposed is never wider than composed.
		if d, c := term.DisplayWidth(term.Truncate(norm.NFD.String(tc.s), tc.width)), term.DisplayWidth(term.Truncate(norm.NFC.String(tc.s), tc.width)); d > c {
			t.Errorf("Truncate(%q, %d): decomposed %d columns, composed %d", tc.s, tc.width, d, c)
		}
	}
}

func TestTestIO(t *testing.T) {
	tio, out, errOut := term.Test("answer\n")
	if tio.Interactive() || tio.StdinTTY || tio.StdoutTTY || tio.Color {
		t.Errorf("buffers look like a terminal: %+v", tio)
	}
	if w := tio.Width(); w != 80 {
		t.Errorf("width %d, want 80", w)
	}
	tio.SetWidth(40)
	if w := tio.Width(); w != 40 {
		t.Errorf("width after SetWidth(40): %d", w)
	}
	buf := make([]byte, 16)
	n, _ := tio.In.Read(buf)
	if string(buf[:n]) != "answer\n" {
		t.Errorf("input %q", buf[:n])
	}
	tio.Out.Write([]byte("out"))
	tio.ErrOut.Write([]byte("err"))
	if out.String() != "out" || errOut.String() != "err" {
		t.Errorf("captured %q and %q", out, errOut)
	}
	tio.StdinTTY, tio.StdoutTTY = true, true
	if !tio.Interactive() {
		t.Error("both streams terminals, yet not interactive")
	}
	tio.SetWidth(0)
	if w := tio.Width(); w != 80 {
		t.Errorf("a buffer that claims to be a terminal: width %d, want 80", w)
	}
}
