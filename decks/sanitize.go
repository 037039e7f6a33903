package decks

import "github.com/ontap/ontap/decks/safetext"

// Sanitize makes text from a deck safe to print on a terminal: it is
// safetext.Sanitize, the one sanitiser of ontap. Newlines and tabs are
// kept; control characters (C0 but newline and tab, DEL, C1), the escape
// that starts CSI, OSC and DCS sequences, bidirectional formatting and
// invisible characters, and invalid UTF-8 are shown as visible escapes
// (\x1b, \u202e, \xff). Clean text is returned unchanged.
func Sanitize(s string) string { return safetext.Sanitize(s) }
