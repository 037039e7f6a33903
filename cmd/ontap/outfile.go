package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// writeOutFile writes the file named by an --out (or --html) flag through a
// temporary file in the same folder. Without force an existing file is
// never replaced: the command fails before any work with a message that
// names --force, and the final step links the new file into place, which
// fails if one appeared meanwhile. With force it is replaced atomically.
func writeOutFile(path string, force bool, write func(io.Writer) error) error {
	if err := checkOutFile(path, force); err != nil {
		return err
	}
	if force {
		return writeFileAtomic(path, write)
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("cannot write %s: %v", path, unwrapPath(err))
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	bw := bufio.NewWriter(f)
	if err := write(bw); err != nil {
		f.Close()
		return err
	}
	err = bw.Flush()
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("cannot write %s: %v", path, unwrapPath(err))
	}
	if err := os.Link(tmp, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return existsError(path)
		}
		// Some file systems have no hard links: check, then rename.
		if _, serr := os.Lstat(path); serr == nil {
			return existsError(path)
		}
		if err := os.Rename(tmp, path); err != nil {
			return fmt.Errorf("cannot write %s: %v", path, unwrapPath(err))
		}
	}
	return nil
}

// checkOutFile fails when path is a folder, or an existing file and force
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
