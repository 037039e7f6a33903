package answer

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ontap/ontap/scoring"
)

func FuzzText(f *testing.F) {
	for _, s := range []string{"Võ Nguyên Giáp", "Điện Biên Phủ", "1,954", "1954.", "?", "U.S.A.", "ǅ", "ß", "İ", "\x00", "\xff\xfe", "a\u0301"} {
		f.Add(s, "Hanoi", false, uint8(0))
	}
	policies := []string{AccentsLenient, AccentsExact, AccentsIgnore, ""}
	f.Fuzz(func(t *testing.T, x, other string, caseSens bool, pol uint8) {
		p := Policy{CaseSensitive: caseSens, Accents: policies[int(pol)%len(policies)], Typos: pol&4 == 0, Strict: pol&8 != 0}
		v := Text(x, x, nil, p)
		if strings.TrimSpace(x) != "" && (!v.Correct || v.Rating != scoring.Good || v.Score != 1) {
			t.Fatalf("Text(x, x) with x = %q, %+v: %+v", x, p, v)
		}
		if strings.TrimSpace(x) == "" && v.Correct {
			t.Fatalf("blank %q accepted", x)
		}
		w := Text(x, other, []string{x + "s"}, p)
		if w.Correct != (w.Rating >= scoring.Hard) || !w.Rating.Valid() {
			t.Fatalf("inconsistent verdict %+v", w)
		}
		if n := Normalize(x, p); !utf8.ValidString(n) || len(n) > 2*MaxInput {
			t.Fatalf("Normalize(%q) = %q", x, n)
		}
		Diff(x, other)
		_ = FormatDiff(Diff(x, other), true)
		Choice(x, []string{other, x, "1"}, other, p)
		TrueFalse(x, true)
		// A list answered with its own items, in any order, is all right
		// (the optimal pairing finds every one).
		items := SplitList(other + ";" + x + ";" + other + " " + x)
		if len(items) > 0 {
			rev := append([]string(nil), items...)
			for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
				rev[i], rev[j] = rev[j], rev[i]
			}
			if l := List(rev, items, false, p); l.Score != 1 || !l.Correct {
				t.Fatalf("List(%q, %q) = %+v", rev, items, l)
			}
		}
	})
}

func FuzzNumber(f *testing.F) {
	for _, s := range []string{"1954", "1,954", "1954.", "1 954", "286.3", "US$286.3 million", "-5", "1.000.000", "1,95,4", "５", "9e999", "--1", ".5"} {
		f.Add(s, 1954.0, 0.0, false, "")
	}
	f.Fuzz(func(t *testing.T, given string, value, tolerance float64, pct bool, unit string) {
		v := Number(given, value, tolerance, pct, unit)
		if v.Correct != (v.Rating == scoring.Good) || !v.Rating.Valid() {
			t.Fatalf("inconsistent verdict %+v", v)
		}
		if v.Correct && v.Matched != FormatNumber(value) {
			t.Fatalf("Matched = %q", v.Matched)
		}
		// A plain integer is its own value, exactly.
		if value == float64(int64(value)) && value >= 0 && value < 1e15 && tolerance == 0 {
			if w := Number(FormatNumber(value), value, 0, false, ""); !w.Correct {
				t.Fatalf("Number(%q, %v) = %+v", FormatNumber(value), value, w)
			}
		}
	})
}

func FuzzSplitList(f *testing.F) {
	for _, s := range []string{"a; b ; c", "a\nb", "Huế, Đà Nẵng", "1,954, 1975", ";;", "", "\xff;\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		items := SplitList(s)
		for _, it := range items {
			if it == "" || it != strings.TrimSpace(it) {
				t.Fatalf("SplitList(%q) gave item %q", s, it)
			}
			if strings.ContainsAny(it, ";\n\r") {
				t.Fatalf("SplitList(%q) gave item %q with a separator", s, it)
			}
		}
		if len(items) > 0 {
			v := List(items, items, true, DefaultPolicy())
			if v.Score != 1 || !v.Correct {
				t.Fatalf("List(items, items) for %q = %+v", s, v)
			}
			o := Order(items, items, DefaultPolicy())
			if !o.Correct {
				t.Fatalf("Order(items, items) for %q = %+v", s, o)
			}
		}
	})
}
