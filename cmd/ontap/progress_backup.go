package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ontap/ontap/decks"
	"github.com/ontap/ontap/scoring/store"
)

// progressBackupOptions are the flags of progress backup.
type progressBackupOptions struct {
	list bool // --list
}

func newBackupCmd(app *App) *cobra.Command {
	var opts progressBackupOptions
	cmd := &cobra.Command{
		Use:   "backup",
		Short: "Make a backup of the progress database now (or --list them)",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runProgressBackup(cmd.Context(), app, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.list, "list", false, "list the backups, newest first")
	return cmd
}

func runProgressBackup(ctx context.Context, app *App, opts progressBackupOptions) error {
	dir := filepath.Join(app.DataDir, "backups")
	if opts.list {
		bs, err := store.Backups(dir)
		if err != nil {
			return err
		}
		for _, b := range bs {
			fmt.Fprintln(app.IO.Out, decks.Sanitize(b))
		}
		return nil
	}
	db, err := app.Store(ctx, storeRead)
	if err != nil {
		return err
	}
	if db == nil {
		return fmt.Errorf("no progress in %s yet; nothing to back up", app.DataDir)
	}
	path, err := db.Backup(dir, app.Now())
	if err != nil {
		return err
	}
	fmt.Fprintln(app.IO.Out, decks.Sanitize(path))
	return nil
}

// progressRestoreOptions are the flags and argument of progress restore.
type progressRestoreOptions struct {
	named []string // the backup to restore, if one is named (a path or a name in the backups folder)
	yes   bool     // --yes
}

func newRestoreCmd(app *App) *cobra.Command {
	var opts progressRestoreOptions
	cmd := &cobra.Command{
		Use:   "restore [BACKUP]",
		Short: "Put a backup (the newest by default) in place of the database",
		Args:  maxArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.named = args
			return runProgressRestore(cmd.Context(), app, opts)
		},
	}
	cmd.Flags().BoolVarP(&opts.yes, "yes", "y", false, "do not ask for confirmation")
	return cmd
}

func runProgressRestore(ctx context.Context, app *App, opts progressRestoreOptions) error {
	dir := filepath.Join(app.DataDir, "backups")
	var backup string
	if len(opts.named) == 1 {
		backup = opts.named[0]
		if _, err := os.Stat(backup); err != nil {
			if alt := filepath.Join(dir, backup); fileExists(alt) {
				backup = alt
			} else {
				return fmt.Errorf("no backup %s: %v", opts.named[0], unwrapPath(err))
			}
		}
	} else {
		bs, err := store.Backups(dir)
		if err != nil {
			return err
		}
		if len(bs) == 0 {
			return fmt.Errorf("no backups in %s", dir)
		}
		backup = bs[0]
	}
	if !opts.yes {
		if !app.IO.StdinTTY {
			return usagef("restore replaces %s with %s: confirm with --yes", app.dbPath(), backup)
		}
		fmt.Fprintf(app.IO.Out, "Replace %s with %s? Answers given since that backup are lost. [y/N] ", decks.Sanitize(app.dbPath()), decks.Sanitize(backup))
		line, _ := bufio.NewReader(app.IO.In).ReadString('\n')
		if a := strings.ToLower(strings.TrimSpace(line)); a != "y" && a != "yes" {
			fmt.Fprintln(app.IO.Out, "Nothing restored.")
			return nil
		}
	}
	app.Close()
	if err := store.Restore(app.dbPath(), backup); err != nil {
		return err
	}
	fmt.Fprintf(app.IO.Out, "Restored %s from %s.\n", decks.Sanitize(app.dbPath()), decks.Sanitize(backup))
	return nil
}
