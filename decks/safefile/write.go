package safefile

import (
	"bufio"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrExist is the error of Write, inside an *fs.PathError, when the file
// exists already and may not be replaced.
var ErrExist = fs.ErrExist

// Write writes the file at path through a temporary file in the same
// folder, synced before it takes the file's name, so that the file is
// either as it was or complete: never half-written. With replace, an
// existing file is replaced atomically (renamed over). Without it an
// existing file is never replaced, even one created meanwhile: the
// temporary file is linked into place, and the error is an *fs.PathError
// wrapping ErrExist. A failing write leaves no temporary file behind.
func Write(path string, replace bool, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return &fs.PathError{Op: "write", Path: path, Err: unwrap(err)}
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
		return &fs.PathError{Op: "write", Path: path, Err: unwrap(err)}
	}
	if replace {
		if err := os.Rename(tmp, path); err != nil {
			return &fs.PathError{Op: "write", Path: path, Err: unwrap(err)}
		}
		return nil
	}
	if err := os.Link(tmp, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return &fs.PathError{Op: "write", Path: path, Err: ErrExist}
		}
		// Some file systems have no hard links: check, then rename.
		if _, serr := os.Lstat(path); serr == nil {
			return &fs.PathError{Op: "write", Path: path, Err: ErrExist}
		}
		if err := os.Rename(tmp, path); err != nil {
			return &fs.PathError{Op: "write", Path: path, Err: unwrap(err)}
		}
	}
	return nil
}

// unwrap is the cause of a path error (the path is said once, by Write's).
func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
