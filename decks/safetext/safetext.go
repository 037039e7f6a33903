// Package safetext neutralises text before it reaches a terminal. It is the
// one sanitiser of ontap: decks.Sanitize and answer.Sanitize both call it.
// It is a leaf (standard library only) so that both decks and scoring/answer
// can use it without depending on each other.
package safetext

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Sanitize makes text from a deck, an imported file or the database safe to print on a terminal. Newlines
// and tabs are kept; everything that could move the cursor, change
// colours, set the window title, reorder or hide text is replaced by a
// visible escape, so that the reader sees it is there:
//
//   - C0 controls (other than \n and \t) and DEL become \xNN; ESC becomes
//     \x1b, which defuses CSI ("\x1b[31m") and OSC ("\x1b]0;...\x07")
//     sequences, as the rest of the sequence is then plain text;
//   - C1 controls U+0080–U+009F (including the one-byte CSI U+009B)
//     become \uNNNN;
//   - bidirectional overrides, embeddings and isolates (U+202A–U+202E,
//     U+2066–U+2069) and marks (U+200E, U+200F, U+061C) become \uNNNN;
//   - zero-width and invisible characters that could hide text (U+200B–
//     U+200D, U+2060–U+2064, U+FEFF, U+180E, U+00AD), line and paragraph
//     separators (U+2028, U+2029), interlinear annotations (U+FFF9–U+FFFB)
//     and tag characters (U+E0000–U+E007F) become \uNNNN or \UNNNNNNNN;
//   - bytes that are not valid UTF-8 become \xNN.
//
// Text without any of these is returned unchanged.
func Sanitize(s string) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r < 0x80 && unsafeRune(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case r > 0xFFFF && unsafeRune(r):
			fmt.Fprintf(&b, `\U%08x`, r)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// isClean reports whether s is valid UTF-8 without any rune Sanitize
// replaces.
func isClean(s string) bool {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size <= 1 {
				return false
			}
		}
		if unsafeRune(r) {
			return false
		}
	}
	return true
}

// unsafeRune reports whether r must not reach a terminal as it is.
func unsafeRune(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20 || r == 0x7f: // C0 controls, DEL
		return true
	case r >= 0x80 && r <= 0x9f: // C1 controls
		return true
	case r == 0x00ad, r == 0x061c, r == 0x180e: // soft hyphen, Arabic letter mark, Mongolian vowel separator
		return true
	case r >= 0x200b && r <= 0x200f: // zero-width space, non-joiner, joiner; LRM, RLM
		return true
	case r >= 0x2028 && r <= 0x202e: // line/paragraph separators; bidi embeddings and overrides
		return true
	case r >= 0x2060 && r <= 0x2069: // word joiner, invisible operators, bidi isolates
		return true
	case r == 0xfeff: // zero-width no-break space (BOM)
		return true
	case r >= 0xfff9 && r <= 0xfffb: // interlinear annotation
		return true
	case r >= 0xe0000 && r <= 0xe007f: // tag characters
		return true
	}
	return false
}

// Unsafe reports whether Sanitize replaces the rune r (newline and tab are
// safe; controls, bidirectional and invisible characters are not).
func Unsafe(r rune) bool { return unsafeRune(r) }

// Clean reports whether Sanitize returns s unchanged: s is valid UTF-8 and
// holds no unsafe rune.
func Clean(s string) bool { return isClean(s) }

// SanitizeAll is Sanitize of every string of in, in a new slice (nil for
// an empty one).
func SanitizeAll(in []string) []string {
	if len(in) == 0 {
		return nil
	}
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = Sanitize(s)
	}
	return out
}
