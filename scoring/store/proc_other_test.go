//go:build !unix

package store

import "syscall"

// nobody is not available: the read-only check then runs as the current user.
func nobody() *syscall.SysProcAttr { return nil }
