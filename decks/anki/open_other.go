//go:build !unix

package anki

const nonBlock = 0
