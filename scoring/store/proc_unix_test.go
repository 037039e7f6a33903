//go:build unix

package store

import "syscall"

// nobody runs a child process as the unprivileged "nobody" user.
func nobody() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
}
