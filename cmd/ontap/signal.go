package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// Signals: SIGINT and SIGTERM cancel the command's context, so that a
// command stops at its next step, having committed every answer and write
// before it (the store commits each in its own transaction; files are
// written to a temporary file and renamed). A command still running
// stopGrace after the signal, blocked in a read that does not watch the
// context (a terminal prompt, a stalled file system), is ended: the
// terminal is put back as it was found, and the process exits with
// 128 + the signal's number. A second signal ends it at once.
const stopGrace = 500 * time.Millisecond

// signalCause is the cause of a context cancelled by a signal.
type signalCause struct{ sig os.Signal }

func (c signalCause) Error() string { return "stopped by " + c.sig.String() }

// signalExitCode is 128 + the signal's number: 130 for SIGINT, 143 for
// SIGTERM.
func signalExitCode(sig os.Signal) int {
	if s, ok := sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return exitInterrupt
}

// exitCodeOf is the exit code of a command interrupted under ctx: that of
// the signal which cancelled it, or 130.
func exitCodeOf(ctx context.Context) int {
	if c, ok := context.Cause(ctx).(signalCause); ok {
		return signalExitCode(c.sig)
	}
	return exitInterrupt
}

// signalContext returns a context cancelled by SIGINT or SIGTERM, and a
// function to call when the command is done. Past stopGrace after a signal
// (or at a second signal), the process ends as described above.
func signalContext(parent context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(parent)
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	tty := saveTerminal(os.Stdin)
	done := make(chan struct{})
	go func() {
		var sig os.Signal
		select {
		case sig = <-sigs:
		case <-done:
			return
		}
		cancel(signalCause{sig})
		timer := time.NewTimer(stopGrace)
		select {
		case <-done:
			return
		case <-timer.C:
		case <-sigs:
		}
		tty.restore()
		fmt.Fprintf(os.Stderr, "\nontap: %v: stopped\n", sig)
		os.Exit(signalExitCode(sig))
	}()
	return ctx, func() {
		close(done)
		signal.Stop(sigs)
		cancel(nil)
	}
}
