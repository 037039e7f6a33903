//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package main

import (
	"os"

	"golang.org/x/sys/unix"
)

// terminalState is a terminal's settings, saved to put back after a
// front-end that set raw mode is cut short by a signal.
type terminalState struct {
	fd      int
	termios *unix.Termios
}

// saveTerminal saves the settings of f if it is a terminal.
func saveTerminal(f *os.File) terminalState {
	fd := int(f.Fd())
	t, err := unix.IoctlGetTermios(fd, ioctlGetTermios)
	if err != nil {
		return terminalState{}
	}
	return terminalState{fd: fd, termios: t}
}

// restore puts the saved settings back.
func (s terminalState) restore() {
	if s.termios != nil {
		_ = unix.IoctlSetTermios(s.fd, ioctlSetTermios, s.termios)
	}
}
