//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package main

import "os"

// terminalState is a terminal's settings; not kept on this system.
type terminalState struct{}

func saveTerminal(*os.File) terminalState { return terminalState{} }

func (terminalState) restore() {}
