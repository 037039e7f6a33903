package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ontap/ontap/decks"
	"github.com/ontap/ontap/decks/builtin"
	"github.com/ontap/ontap/scoring/stats/table"
)

// deckLintOptions are the arguments of deck lint.
type deckLintOptions struct {
	targets []string // deck ids, files and folders; none: the user's deck folders
}

func newDeckLintCmd(app *App) *cobra.Command {
	var opts deckLintOptions
	return &cobra.Command{
		Use:   "lint [DECK|PATH...]",
		Short: "Check decks, deck files and folders (your decks by default)",
		Long: `Lint checks decks (by id, as other commands take them: your own and the
built-in ones), deck files and folders, and prints every problem as
path:line:col: error: message (or warning:). It exits 1 when there are errors.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.targets = args
			return runDeckLint(cmd.Context(), app, opts)
		},
	}
}

func runDeckLint(ctx context.Context, app *App, opts deckLintOptions) error {
	paths, builtins, err := app.lintTargets(opts.targets)
	if err != nil {
		return err
	}
	if len(paths) == 0 && len(builtins) == 0 {
		fmt.Fprintf(app.IO.ErrOut, "no deck folder at %s; nothing to lint\n", decks.Sanitize(app.userDeckDirs()[0]))
		return nil
	}
	diags, err := decks.Lint(paths)
	if err != nil {
		return err
	}
	for _, name := range builtins {
		data, err := fs.ReadFile(builtin.FS(), name)
		if err != nil {
			return err
		}
		_, ds := decks.Parse(builtin.PathPrefix+name, data)
		diags = append(diags, ds...)
	}
	errs, warns := 0, 0
	for _, d := range diags {
		fmt.Fprintln(app.IO.Out, app.diagLine(d)) // sanitised by String
		if d.Severity == decks.SeverityError {
			errs++
		} else {
			warns++
		}
	}
	fmt.Fprintf(app.IO.ErrOut, "%s, %s\n", table.Plural(errs, "error", "errors"), table.Plural(warns, "warning", "warnings"))
	if errs > 0 {
		return &silentError{code: exitFailure}
	}
	return nil
}

// lintTargets turns the arguments of deck lint into files and folders to
// lint, and built-in decks (by file name). An argument is a path when a
// file or folder of that name exists, or when it looks like one (a .toml
// name, a separator); otherwise it is a deck id. No arguments: the user's
// deck folders.
func (a *App) lintTargets(args []string) (paths, builtins []string, err error) {
	if len(args) == 0 {
		for _, dir := range a.userDeckDirs() {
			if _, err := statDir(dir); err == nil {
				paths = append(paths, dir)
			}
		}
		return paths, nil, nil
	}
	var cat *catalog
	for _, arg := range args {
		_, serr := os.Stat(arg)
		if serr == nil {
			paths = append(paths, arg)
			continue
		}
		if strings.HasSuffix(arg, ".toml") || strings.ContainsRune(arg, os.PathSeparator) {
			return nil, nil, fmt.Errorf("cannot read %s: %v", arg, unwrapPath(serr))
		}
		if p := a.userDeckPath(arg); p != "" {
			paths = append(paths, p)
			continue
		}
		if cat == nil {
			if cat, err = a.loadCatalog(); err != nil {
				return nil, nil, err
			}
		}
		d := cat.byID[arg]
		switch {
		case d == nil:
			return nil, nil, cat.unknownDeck(arg)
		case d.Builtin:
			builtins = append(builtins, strings.TrimPrefix(d.Path, builtin.PathPrefix))
		default:
			paths = append(paths, d.Path)
		}
	}
	return paths, builtins, nil
}

// userDeckPath is the file ID.toml in a deck folder, or "" when there is
// none (the file of a deck that may not load).
func (a *App) userDeckPath(id string) string {
	for _, dir := range a.userDeckDirs() {
		p := filepath.Join(dir, id+".toml")
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p
		}
	}
	return ""
}
