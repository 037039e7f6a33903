// Command firstline times a command until the first line of its standard
// output: how long a learner waits for the first question of
// `ontap study --porcelain`. It prints the milliseconds and the peak
// resident memory of the command until then (VmHWM, in kB), then kills
// it. Its standard input stays open, so the command waits for an answer.
//
//	firstline CMD [ARGS...]
//
// Used by bench.sh; Linux only (it reads /proc).
package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: firstline CMD [ARGS...]")
		os.Exit(2)
	}
	cmd := exec.Command(os.Args[1], os.Args[2:]...)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe() // kept open: the command waits for an answer
	if err != nil {
		fail(err)
	}
	defer stdin.Close()
	out, err := cmd.StdoutPipe()
	if err != nil {
		fail(err)
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		fail(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	elapsed := time.Since(start)
	hwm := peakKB(cmd.Process.Pid)
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	if err != nil || !strings.HasPrefix(line, "{") {
		fail(fmt.Errorf("no first line (%v): %q", err, line))
	}
	fmt.Printf("%.1f %d\n", float64(elapsed.Microseconds())/1000, hwm)
}

// peakKB reads the peak resident set size of a running process.
func peakKB(pid int) int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			var kb int
			fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), &kb)
			return kb
		}
	}
	return 0
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "firstline:", err)
	os.Exit(1)
}
