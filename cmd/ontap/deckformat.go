package main

import (
	"github.com/spf13/cobra"

	"github.com/ontap/ontap/decks"
)

// newDeckFormatTopic is `ontap help deck-format`: the reference of the
// deck format, shipped inside the program (decks.FormatReference).
func newDeckFormatTopic() *cobra.Command {
	return &cobra.Command{
		Use:   "deck-format",
		Short: "The format of deck files, with examples",
		Long:  decks.FormatReference,
	}
}
