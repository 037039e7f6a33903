package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/ontap/ontap/decks"
)

// deckEditOptions are the arguments of deck edit.
type deckEditOptions struct {
	deck string
}

func newDeckEditCmd(app *App) *cobra.Command {
	var opts deckEditOptions
	return &cobra.Command{
		Use:   "edit DECK",
		Short: "Edit one of your decks in $VISUAL or $EDITOR, then check it",
		Long: `Edit opens a copy of the deck file in $VISUAL, $EDITOR or, at a terminal,
vi. When the editor exits the copy is checked: if it loads, it replaces the
deck file; if not, the problems are shown with their positions in the copy
and, at a terminal, you may reopen it (as crontab -e does) or discard your
edits. The deck file itself is never left broken, and the copy (in a private
temporary folder, never in your deck folder) is removed however the command
ends.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.deck = args[0]
			return runDeckEdit(cmd.Context(), app, opts)
		},
	}
}

func runDeckEdit(ctx context.Context, app *App, opts deckEditOptions) error {
	path, err := app.deckFile(opts.deck)
	if err != nil {
		return err
	}
	orig, err := readInput(ctx, path, decks.MaxFileSize)
	if err != nil {
		return err
	}
	editor := app.Getenv("VISUAL")
	if editor == "" {
		editor = app.Getenv("EDITOR")
	}
	if editor == "" {
		if !app.IO.Interactive() {
			// vi would draw its screen into a pipe or a file.
			return errors.New("no editor to run: set VISUAL or EDITOR (vi is the default only at a terminal)")
		}
		editor = "vi"
	}
	// The copy has the deck file's name (editors and the deck id go
	// by it) in a folder of its own, outside the deck folders.
	dir, err := os.MkdirTemp("", "ontap-edit-")
	if err != nil {
		return fmt.Errorf("cannot make a copy of %s to edit: %v", path, unwrapPath(err))
	}
	defer os.RemoveAll(dir)
	tmp := filepath.Join(dir, filepath.Base(path))
	if err := os.WriteFile(tmp, orig, 0o600); err != nil {
		return fmt.Errorf("cannot make a copy of %s to edit: %v", path, unwrapPath(err))
	}
	for {
		if err := runEditor(app, editor, tmp); err != nil {
			return fmt.Errorf("editor %q failed: %v; %s is unchanged", editor, err, path)
		}
		edited, err := readInput(ctx, tmp, decks.MaxFileSize)
		if err != nil {
			return fmt.Errorf("the edited copy: %w", err)
		}
		if bytes.Equal(edited, orig) {
			fmt.Fprintf(app.IO.ErrOut, "No changes to %s\n", decks.Sanitize(path))
			return nil
		}
		// The diagnostics name the copy: their lines are the copy's,
		// as the editor shows it, not the deck file's.
		_, diags := decks.Parse(tmp, edited)
		if !diags.HasErrors() {
			printDiags(app, diags)
			if err := writeFile(path, true, writeBytes(edited)); err != nil {
				return err
			}
			fmt.Fprintf(app.IO.ErrOut, "Saved %s\n", decks.Sanitize(path))
			return nil
		}
		fmt.Fprintf(app.IO.ErrOut, "Your edits have errors; %s is unchanged:\n", decks.Sanitize(path))
		for _, d := range diags {
			fmt.Fprintln(app.IO.Out, app.diagLine(d))
		}
		if app.IO.Interactive() {
			k, err := newAsker(app.IO).choose("The deck has errors and was not saved", []string{"reopen the editor", "discard my edits"})
			if err != nil {
				return err
			}
			if k == 0 {
				continue
			}
		}
		fmt.Fprintf(app.IO.ErrOut, "ontap: %s has errors; it was not saved and your edits were discarded\n", decks.Sanitize(path))
		return &silentError{code: exitFailure}
	}
}

// runEditor runs editor (a shell command, as $EDITOR is) on file, with the
// terminal. An interrupt is the editor's (Ctrl-C in vi cancels a command,
// not the edit): ontap waits for it. A termination is passed on.
func runEditor(app *App, editor, file string) error {
	ed := exec.Command("sh", "-c", editor+` "$1"`, "sh", file)
	ed.Stdin, ed.Stdout, ed.Stderr = app.IO.In, app.IO.Out, app.IO.ErrOut
	term := make(chan os.Signal, 1)
	signal.Notify(term, syscall.SIGTERM)
	defer signal.Stop(term)
	if err := ed.Start(); err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() { done <- ed.Wait() }()
	select {
	case err := <-done:
		return err
	case <-term:
		ed.Process.Signal(syscall.SIGTERM)
		<-done
		return errors.New("terminated")
	}
}
