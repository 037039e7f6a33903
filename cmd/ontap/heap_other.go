//go:build !linux

package main

// hugeHeap is a Linux tuning (see heap_linux.go); elsewhere it does nothing.
func hugeHeap(getenv func(string) string) [][2]uintptr { return nil }
