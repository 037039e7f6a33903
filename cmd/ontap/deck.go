package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ontap/ontap/decks"
	"github.com/ontap/ontap/decks/safetext"
	"github.com/ontap/ontap/scoring/stats/table"
)

func newDeckCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "deck",
		Short: "List, show, write, check, import and export decks",
		Long: `Deck gathers the commands for decks: list and show them with your progress,
write your own (new, add, edit), check them (lint), bring cards in from Anki
(a package or a plain-text export) or Quizlet (import), take them out
(export), and draft a deck from an article (generate), to be studied once
you accept it (accept). 'ontap help deck-format' describes the files.`,
		GroupID: "decks",
		Args:    subcommandArgs,
		RunE:    func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newDeckListCmd(app), newDeckShowCmd(app),
		newDeckNewCmd(app), newDeckAddCmd(app), newDeckEditCmd(app), newDeckLintCmd(app),
		newDeckImportCmd(app), newDeckExportCmd(app), newDeckGenerateCmd(app), newDeckAcceptCmd(app),
		newDeckUnsuspendCmd(app))
	return cmd
}

// writeJSON prints v as indented JSON; runes that must not reach a terminal
// raw are written as JSON escapes.
func writeJSON(app *App, v any) error {
	enc := json.NewEncoder(safetext.JSONWriter(app.IO.Out))
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// Helpers shared by the authoring commands (deck new, add, edit, import, export, generate).

// userDeckDir is the folder where new decks are written.
func (a *App) userDeckDir() string { return a.userDeckDirs()[0] }

// checkNewDeckID refuses an id that is not valid or that names a deck
// that exists already (built in, in a deck folder, or as a file).
func (a *App) checkNewDeckID(id string) (string, error) {
	if !decks.ValidID(id) {
		return "", usagef("deck id %q is not valid: use lower-case letters, digits, '-' and '_', starting with a letter or digit", id)
	}
	path := filepath.Join(a.userDeckDir(), id+".toml")
	if _, err := os.Lstat(path); err == nil {
		return "", fmt.Errorf("deck %q exists already: %s", id, path)
	}
	cat, err := a.loadCatalog()
	if err != nil {
		return "", err
	}
	if d := cat.byID[id]; d != nil {
		where := d.Path
		if d.Builtin {
			where = "a built-in deck"
		}
		return "", fmt.Errorf("deck %q exists already (%s); choose another id", id, where)
	}
	return path, nil
}

// writeOut writes data to --out (refusing to replace a file without
// --force) or, when out is "", to standard output. To a terminal, data
// goes through the sanitiser (isJSON: as JSON escapes, which keep its
// meaning); to a file or a pipe it is written exactly.
func writeOut(app *App, out string, force bool, data []byte, isJSON bool) error {
	if out == "" || out == "-" {
		var err error
		switch {
		case !app.IO.StdoutTTY:
			_, err = app.IO.Out.Write(data)
		case isJSON:
			_, err = safetext.JSONWriter(app.IO.Out).Write(data)
		default:
			_, err = io.WriteString(app.IO.Out, safetext.Sanitize(string(data)))
		}
		return err
	}
	if !force {
		return writeNewFile(out, data)
	}
	if fi, err := os.Stat(out); err == nil && fi.IsDir() {
		return fmt.Errorf("%s is a folder, not a file", out)
	}
	return writeFile(out, true, writeBytes(data))
}

// printDiags prints diagnostics (warnings, usually) on stderr.
// diagLine is d for standard output: one line in a pipe, for tools that
// read path:line:col: message, and at a terminal its message wrapped to
// the width under a hanging indent, rather than broken by the terminal
// mid-word; the location is never cut, so that it can be copied.
func (a *App) diagLine(d decks.Diagnostic) string {
	s, msg := d.String(), decks.Sanitize(d.Message)
	width := a.IO.Width()
	if !a.IO.StdoutTTY || table.Width(s) <= width || !strings.HasSuffix(s, msg) {
		return s
	}
	const indent = "    "
	loc := strings.TrimSuffix(s, msg)
	if table.Width(loc) > width/2 {
		return strings.TrimRight(loc, " ") + "\n" + table.Wrap(msg, width, indent, indent)
	}
	return table.Wrap(msg, width, loc, indent)
}

func printDiags(app *App, diags decks.Diagnostics) {
	for _, d := range diags {
		fmt.Fprintln(app.IO.ErrOut, d.String())
	}
}

// deckFile finds the file of a deck the user may change: a path, or the
// id of a deck in a deck folder (loaded or not: a new deck without cards
// does not load).
func (a *App) deckFile(arg string) (string, error) {
	if strings.HasSuffix(arg, ".toml") || strings.ContainsRune(arg, os.PathSeparator) {
		if _, err := os.Stat(arg); err != nil {
			return "", fmt.Errorf("cannot read deck %s: %v", arg, unwrapPath(err))
		}
		return arg, nil
	}
	for _, dir := range a.userDeckDirs() {
		p := filepath.Join(dir, arg+".toml")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	cat, err := a.loadCatalog()
	if err != nil {
		return "", err
	}
	d := cat.byID[arg]
	switch {
	case d == nil:
		return "", fmt.Errorf("unknown deck %q: no file %s; known decks: %s", arg,
			filepath.Join(a.userDeckDir(), arg+".toml"), strings.Join(cat.ids(), ", "))
	case d.Builtin:
		return "", fmt.Errorf("deck %q is built in and cannot be changed; make your own copy with: ontap deck export %s --out FILE.toml", arg, arg)
	}
	return d.Path, nil
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
