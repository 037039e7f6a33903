package decks

import _ "embed" // FormatReference

// FormatReference is the reference of the deck format, FORMAT.md beside
// this file, shipped inside the program: `ontap help deck-format` prints
// it and the man page ontap-deck-format(5) is made from it.
//
//go:embed FORMAT.md
var FormatReference string
