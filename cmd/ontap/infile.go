package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/ontap/ontap/decks/safefile"
)

// Every file a command reads goes through decks/safefile: it must be a
// regular file (a named pipe or a device is refused without blocking), no
// larger than the limit for its kind, and reading it stops when the
// command's context is cancelled by SIGINT or SIGTERM. The limits:
//
//   - deck files, and the text of deck import and deck generate:
//     decks.MaxFileSize (16 MiB);
//   - review logs (replay, optimize --from): schedule.MaxLogSize;
//   - progress import: store.MaxImportSize.

// openInput opens a file named on the command line, under limit bytes.
func openInput(ctx context.Context, path string, limit int64) (*safefile.File, error) {
	f, err := safefile.Open(ctx, path, limit)
	if err != nil {
		return nil, inputError(path, err)
	}
	return f, nil
}

// readInput reads the whole of a file named on the command line, under
// limit bytes.
func readInput(ctx context.Context, path string, limit int64) ([]byte, error) {
	data, err := safefile.ReadFile(ctx, path, limit)
	if err != nil {
		return nil, inputError(path, err)
	}
	return data, nil
}

// inputError is "cannot read PATH: reason"; a cancelled read is passed on
// as it is, so that the command ends as interrupted.
func inputError(path string, err error) error {
	if errors.Is(err, context.Canceled) {
		return err
	}
	return fmt.Errorf("cannot read %s: %w", path, unwrapPath(err))
}
