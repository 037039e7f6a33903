package main

import (
	"bufio"
	"bytes"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"golang.org/x/sys/unix"
)

// A page fault costs 13-19 µs on the virtual machines ontap is measured on
// (touching 8 MB of fresh memory page by page takes 30 ms; the same memory
// in 2 MB pages takes 0.6 ms). A warm study session's start faulted about
// 1,100 pages of the Go heap, most of them for the first time: almost a
// third of the time to its first question. Linux backs memory with 2 MB
// pages where a program asks for them (transparent huge pages in "madvise"
// mode, the default of many distributions), and Go does not ask for its
// heap.
//
// hugeHeap asks for the heap the command is about to grow into, and returns
// the mappings it advised. The runtime maps the heap 4 MB at a time, and a
// mapping made later does not keep the advice, so the runtime is first made
// to map heapAhead more (an allocation it never touches, which costs no
// memory), the heap's mappings are advised, the part of the heap already in
// use is gathered into a huge page, and a collection gives the allocation's
// memory back to the heap. Every step is advice: a kernel without huge
// pages, or one that refuses, leaves the process as it was.
// ONTAP_HUGEPAGES=off, and GODEBUG's disablethp=1, turn it off.
//
// The collection (4-5 ms, most of it faulting in the collector's own
// memory, which the start would otherwise pay later) runs in the
// background. A warm study start went from 49.9 to 41.1 ms (bench.sh, side
// by side); collecting in the background instead of waiting took the
// median of 60 starts from 45.2 to 43.3 ms (alternated ABBA).
// It is called when the store or the decks are first opened, not for
// --help or --version, which use too little memory to gain from it.
func hugeHeap(getenv func(string) string) (advised [][2]uintptr) {
	if getenv("ONTAP_HUGEPAGES") == "off" || strings.Contains(getenv("GODEBUG"), "disablethp=1") {
		return nil
	}
	if b, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled"); err != nil || bytes.Contains(b, []byte("[never]")) {
		return nil
	}
	hugeHeapMu.Lock()            // released by the collection below, once the setting is back
	gc := debug.SetGCPercent(-1) // no collection while the allocation below is live
	ahead := make([]byte, heapAhead)
	probe := new([64]byte) // in the heap's part in use
	at := uintptr(unsafe.Pointer(probe))
	from := uintptr(unsafe.Pointer(&ahead[0]))
	for _, m := range anonMappings([][2]uintptr{{at, at + 1}, {from, from + heapAhead}}) {
		if _, _, errno := unix.Syscall(unix.SYS_MADVISE, m[0], m[1]-m[0], unix.MADV_HUGEPAGE); errno == 0 {
			advised = append(advised, m)
		}
	}
	// The 2 MB around the probe already has small pages, which later
	// faults there would add to; collapsing copies them into a huge page.
	const huge = 2 << 20
	_, _, _ = unix.Syscall(unix.SYS_MADVISE, at&^(huge-1), huge, unix.MADV_COLLAPSE)
	runtime.KeepAlive(ahead) // unreachable from here on
	runtime.KeepAlive(probe)
	// The collection gives the allocation's memory back to the heap. It
	// runs beside the command, mostly on the other core: the command's
	// allocations meanwhile go to the heap already in use.
	go func() {
		defer hugeHeapMu.Unlock()
		runtime.GC()
		debug.SetGCPercent(gc)
	}()
	return advised
}

// hugeHeapMu makes calls of hugeHeap (commands run side by side in tests)
// take their turns: each turns the collector off and back on.
var hugeHeapMu sync.Mutex

// heapAhead is how much heap hugeHeap prepares beyond what is in use: a
// warm study session's start on 100,000 cards uses about 5 MB.
const heapAhead = 8 << 20

// anonMappings returns the private, writable, anonymous mappings of the
// process (from /proc/self/maps) that overlap any of the ranges.
func anonMappings(ranges [][2]uintptr) [][2]uintptr {
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		return nil
	}
	defer f.Close()
	var out [][2]uintptr
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// 7f0000000000-7f0000400000 rw-p 00000000 00:00 0   [anon: Go: heap]
		fields := strings.Fields(sc.Text())
		if len(fields) < 5 || fields[1] != "rw-p" || fields[4] != "0" {
			continue
		}
		from, to, ok := strings.Cut(fields[0], "-")
		a, err1 := strconv.ParseUint(from, 16, 64)
		b, err2 := strconv.ParseUint(to, 16, 64)
		if !ok || err1 != nil || err2 != nil {
			continue
		}
		for _, r := range ranges {
			if uintptr(b) > r[0] && uintptr(a) < r[1] {
				out = append(out, [2]uintptr{uintptr(a), uintptr(b)})
				break
			}
		}
	}
	return out
}
