package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/cpuguy83/go-md2man/v2/md2man"
	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"

	"github.com/ontap/ontap/decks"
)

// manDir is where the man pages are kept in the repository, current with
// the commands (TestManPagesAreCurrent).
const manDir = "man"

func newManCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "man DIR",
		Short: "Write the man pages of every command into DIR",
		Long: `Man writes a man page for every command into DIR (ontap.1, ontap-study.1,
ontap-deck-list.1, ...) and one for the deck format (ontap-deck-format.5),
made from the commands' own help. DIR is created if needed; pages already
there are replaced. Read one with 'man DIR/ontap-study.1', or install them
into a folder of your MANPATH, such as ~/.local/share/man/man1.

The date of the pages is today's, or SOURCE_DATE_EPOCH's.`,
		GroupID: "help",
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			n, err := writeManPages(cmd.Root(), args[0])
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "Wrote %d man pages to %s\n", n, args[0])
			return nil
		},
	}
}

// writeManPages writes the man pages of root and every command under it,
// and the deck format's, into dir, each to a temporary file renamed into
// place; it returns how many.
func writeManPages(root *cobra.Command, dir string) (int, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, fmt.Errorf("cannot create %s: %v", dir, unwrapPath(err))
	}
	date, err := manDate()
	if err != nil {
		return 0, err
	}
	root.DisableAutoGenTag = true   // no "generated on" line: the pages change only with the commands
	root.InitDefaultHelpCmd()       // as Execute adds them, so that
	root.InitDefaultCompletionCmd() // the pages are the same however the root is run
	root.InitDefaultVersionFlag()
	n := 0
	var walk func(c *cobra.Command) error
	walk = func(c *cobra.Command) error {
		if !c.IsAvailableCommand() || c.IsAdditionalHelpTopicCommand() {
			return nil
		}
		for _, sub := range c.Commands() {
			if err := walk(sub); err != nil {
				return err
			}
		}
		header := &doc.GenManHeader{Section: "1", Date: &date, Source: "ontap", Manual: "ontap manual"}
		name := strings.ReplaceAll(c.CommandPath(), " ", "-") + ".1"
		n++
		return writeManPage(filepath.Join(dir, name), func(w io.Writer) error { return doc.GenMan(c, header, w) })
	}
	if err := walk(root); err != nil {
		return 0, err
	}
	page := fmt.Sprintf("%% \"ONTAP-DECK-FORMAT\" \"5\" %q \"ontap\" \"ontap manual\"\n# NAME\n"+
		"ontap-deck-format \\- the format of ontap's deck files (TOML)\n\n%s\n# SEE ALSO\n**ontap(1)**, **ontap-deck(1)**\n",
		date.Format("Jan 2006"), tablesAsLists(decks.FormatReference, 0)) // lists, which man fits to its width
	err = writeManPage(filepath.Join(dir, "ontap-deck-format.5"), func(w io.Writer) error {
		_, err := w.Write(md2man.Render([]byte(page)))
		return err
	})
	if err != nil {
		return 0, err
	}
	return n + 1, nil
}

// writeManPage writes one page as writeFile does (replacing it), readable by all.
func writeManPage(path string, write func(io.Writer) error) error {
	if err := writeFile(path, true, write); err != nil {
		return err
	}
	return os.Chmod(path, 0o644)
}

// manDate is SOURCE_DATE_EPOCH's date (for reproducible pages), or today.
func manDate() (time.Time, error) {
	if epoch := os.Getenv("SOURCE_DATE_EPOCH"); epoch != "" {
		sec, err := strconv.ParseInt(epoch, 10, 64)
		if err != nil {
			return time.Time{}, fmt.Errorf("invalid SOURCE_DATE_EPOCH %q: want seconds since 1970", epoch)
		}
		return time.Unix(sec, 0).UTC(), nil
	}
	return time.Now(), nil
}
