//go:build !unix

package safefile

import "os"

// openFile opens path for reading. Without O_NONBLOCK, the file type check
// after the open is what keeps special files out.
func openFile(path string) (*os.File, error) { return os.Open(path) }

// blocking has nothing to undo where the open does not set O_NONBLOCK.
func blocking(*os.File) error { return nil }
