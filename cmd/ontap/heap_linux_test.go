package main

import (
	"bufio"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
)

// TestHugeHeapAdvisesTheHeap checks that hugeHeap asks Linux for huge pages
// for the heap ahead (the "hg" flag of the mappings in /proc/self/smaps),
// that the collector's setting is back once its background collection is
// over, and that ONTAP_HUGEPAGES=off and GODEBUG=disablethp=1 keep it from
// doing anything.
func TestHugeHeapAdvisesTheHeap(t *testing.T) {
	b, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil || strings.Contains(string(b), "[never]") {
		t.Skipf("this kernel gives no transparent huge pages (%q, %v)", b, err)
	}
	for _, env := range []map[string]string{{"ONTAP_HUGEPAGES": "off"}, {"GODEBUG": "gctrace=0,disablethp=1"}} {
		if got := hugeHeap(func(k string) string { return env[k] }); got != nil {
			t.Errorf("with %v: advised %x, want nothing", env, got)
		}
	}
	prev := debug.SetGCPercent(77)
	advised := hugeHeap(func(string) string { return "" })
	hugeHeapMu.Lock() // the background collection is over
	hugeHeapMu.Unlock()
	if got := debug.SetGCPercent(prev); got != 77 {
		t.Errorf("GC percent after hugeHeap: %d, want it back at 77", got)
	}
	var total uintptr
	for _, m := range advised {
		total += m[1] - m[0]
	}
	if total < heapAhead {
		t.Fatalf("advised %x (%d bytes), want the heap ahead, %d bytes or more", advised, total, heapAhead)
	}
	flags := vmFlags(t)
	for _, m := range advised {
		if f, ok := flags[m[0]]; !ok || !strings.Contains(" "+f+" ", " hg ") {
			t.Errorf("mapping %x-%x: VmFlags %q, want hg (MADV_HUGEPAGE)", m[0], m[1], f)
		}
	}
}

// vmFlags returns the VmFlags of each mapping of the process, by start.
func vmFlags(t *testing.T) map[uintptr]string {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skipf("no /proc/self/smaps: %v", err)
	}
	defer f.Close()
	out := map[uintptr]string{}
	var start uintptr
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, "VmFlags:"); ok {
			out[start] = strings.TrimSpace(rest)
			continue
		}
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		if from, _, ok := strings.Cut(fields[0], "-"); ok {
			if a, err := strconv.ParseUint(from, 16, 64); err == nil {
				start = uintptr(a)
			}
		}
	}
	return out
}
