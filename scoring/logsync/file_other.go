//go:build !unix

package logsync

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"time"
)

// openRegular opens path for reading and refuses anything but a regular
// file.
func openRegular(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		f.Close()
		if err == nil {
			err = &fs.PathError{Op: "open", Path: path, Err: errors.New("not a regular file")}
		}
		return nil, err
	}
	return f, nil
}

// lock is a no-op where there is no flock: two syncs of one database at
// once are the user's to avoid.
func lock(ctx context.Context, path string, wait time.Duration) (func(), error) {
	return func() {}, nil
}
