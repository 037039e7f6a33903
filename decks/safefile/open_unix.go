//go:build unix

package safefile

import (
	"os"
	"syscall"
)

// openFile opens path without blocking on a named pipe or a device (whose
// open can wait for a writer or a carrier) and without making a terminal
// the controlling one.
func openFile(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOCTTY, 0)
}

// blocking clears O_NONBLOCK once the file is known to be regular, so that
// reads behave as on any file.
func blocking(f *os.File) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var serr error
	if err := rc.Control(func(fd uintptr) { serr = syscall.SetNonblock(int(fd), false) }); err != nil {
		return err
	}
	if serr != nil {
		return &os.PathError{Op: "fcntl", Path: f.Name(), Err: serr}
	}
	return nil
}
