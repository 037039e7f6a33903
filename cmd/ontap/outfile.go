package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/ontap/ontap/decks/safefile"
)

// writeOutFile writes the file named by an --out (or --html) flag, as
// writeFile does. Without force an existing file is never replaced: the
// command fails before any work with a message that names --force, and the
// final step fails if one appeared meanwhile. With force it is replaced
// atomically.
func writeOutFile(path string, force bool, write func(io.Writer) error) error {
	if err := checkOutFile(path, force); err != nil {
		return err
	}
	err := writeFile(path, force, write)
	if errors.Is(err, safefile.ErrExist) {
		return existsError(path)
	}
	return err
}

// writeFile writes path through a temporary file renamed (replace) or
// linked (never replacing a file) into place: safefile.Write, with the
// commands' wording of its errors.
func writeFile(path string, replace bool, write func(io.Writer) error) error {
	err := safefile.Write(path, replace, write)
	var pe *fs.PathError
	switch {
	case errors.Is(err, safefile.ErrExist):
		return fmt.Errorf("%s exists already; not overwritten: %w", path, safefile.ErrExist)
	case errors.As(err, &pe) && pe.Op == "write" && pe.Path == path:
		return fmt.Errorf("cannot write %s: %v", path, pe.Err)
	}
	return err
}

// writeBytes is the write function of writeFile for data.
func writeBytes(data []byte) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	}
}

// writeNewFile writes data to a new file at path, making its folder if
// needed; a file that exists is never replaced.
func writeNewFile(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("cannot create folder %s: %v", filepath.Dir(path), unwrapPath(err))
	}
	return writeFile(path, false, writeBytes(data))
}

// is false; commands call it before doing any work.
func checkOutFile(path string, force bool) error {
	fi, err := os.Lstat(path)
	if err != nil {
		return nil
	}
	if fi.IsDir() {
		return fmt.Errorf("%s is a folder, not a file", path)
	}
	if !force {
		return existsError(path)
	}
	return nil
}

func existsError(path string) error {
	return fmt.Errorf("%s exists already; not overwritten (use --force to replace it)", path)
}
