package main

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/ontap/ontap/decks"
	"github.com/ontap/ontap/scoring/stats/table"
)

// newDeckFormatTopic is `ontap help deck-format`: the reference of the
// deck format, shipped inside the program (decks.FormatReference), its
// tables as lists that fit helpWidth (the man page keeps the tables).
// Its text is made when it is shown: every command builds the whole tree of
// commands, and wrapping the reference (its first width measured, which
// builds go-runewidth's table of every rune) took 10 ms of each start.
func newDeckFormatTopic() *cobra.Command {
	topic := &cobra.Command{
		Use:   "deck-format",
		Short: "The format of deck files, with examples",
	}
	topic.SetHelpFunc(func(c *cobra.Command, args []string) {
		if c.Long == "" {
			c.Long = tablesAsLists(decks.FormatReference, helpWidth)
		}
		c.Parent().HelpFunc()(c, args)
	})
	return topic
}

// tablesAsLists turns the Markdown tables of md (key | type | meaning)
// into list items, "- key (type): meaning", wrapped to width under a
// hanging indent: a table row is one long line, which a terminal would
// break anywhere. Code blocks and the rest of md are left as they are.
func tablesAsLists(md string, width int) string {
	lines := strings.Split(md, "\n")
	out := make([]string, 0, len(lines))
	fence := false
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if strings.HasPrefix(l, "```") {
			fence = !fence
		}
		if fence || !strings.HasPrefix(l, "|") {
			out = append(out, l)
			continue
		}
		if i+1 < len(lines) && strings.HasPrefix(lines[i+1], "| ---") {
			i++ // the header row and the line under it
			continue
		}
		var cells []string
		for _, c := range strings.Split(strings.Trim(l, "|"), " | ") {
			cells = append(cells, strings.TrimSpace(c))
		}
		item := strings.Join(cells, " · ")
		if len(cells) == 3 {
			item = cells[0] + " (" + cells[1] + ")"
			if cells[2] != "" {
				item += ": " + cells[2]
			}
		}
		out = append(out, table.Wrap(item, width, "- ", "  "))
	}
	return strings.Join(out, "\n")
}
