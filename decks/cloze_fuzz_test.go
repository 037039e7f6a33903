package decks

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzClozeDeletions checks that the cloze parser never panics, returns one
// hint per answer, returns trimmed answers and hints that hold no deletion
// marker, and finds as many deletions as a plain scan for "{{" ... "}}"
// within a line.
// Seeds are in testdata/fuzz/FuzzClozeDeletions and below.
func FuzzClozeDeletions(f *testing.F) {
	for _, s := range []string{
		"", "no deletions", "{{1954}}", "Điện Biên Phủ ended in {{1954::year}}.",
		"{{a}} and {{b::hint}} and {{c::h::x}}", "{{unclosed", "}}{{", "{{}}", "{{{{nested}}}}",
		"{{\x1b[31mred\x1b[0m::\x1b]52;c;Zm9v\x07}}", "{{\xff\xfe}}", "{{ spaced :: hint }}",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		answers, hints := ClozeDeletions(text)
		if len(answers) != len(hints) {
			t.Fatalf("ClozeDeletions(%q): %d answers, %d hints", text, len(answers), len(hints))
		}
		if want := countDeletions(text); len(answers) != want {
			t.Fatalf("ClozeDeletions(%q) found %d deletions, a scan finds %d", text, len(answers), want)
		}
		for i := range answers {
			for _, s := range []string{answers[i], hints[i]} {
				if s != strings.TrimSpace(s) {
					t.Fatalf("ClozeDeletions(%q): %q is not trimmed", text, s)
				}
				if strings.Contains(s, "}}") {
					t.Fatalf("ClozeDeletions(%q): %q holds a closing marker", text, s)
				}
				if utf8.ValidString(text) && !utf8.ValidString(s) {
					t.Fatalf("ClozeDeletions(%q): %q is not valid UTF-8", text, s)
				}
			}
			if strings.Contains(answers[i], "::") {
				t.Fatalf("ClozeDeletions(%q): answer %q keeps the hint separator", text, answers[i])
			}
		}
	})
}

// countDeletions counts non-overlapping "{{...}}" spans within one line,
// leftmost first, each ending at the first "}}" after its "{{".
func countDeletions(s string) int {
	n := 0
	for {
		i := strings.Index(s, "{{")
		if i < 0 {
			return n
		}
		j := strings.Index(s[i+2:], "}}")
		if j < 0 {
			return n
		}
		if strings.Contains(s[i+2:i+2+j], "\n") {
			s = s[i+1:] // no deletion starts here: deletions do not span lines
			continue
		}
		n++
		s = s[i+2+j+2:]
	}
}
