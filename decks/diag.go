package decks

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Severity says whether a diagnostic stops a deck from loading.
type Severity string

// Severities of diagnostics.
const (
	SeverityError   Severity = "error"   // the deck is rejected
	SeverityWarning Severity = "warning" // the deck loads, but something looks wrong
)

// Diagnostic is one problem found in a deck file, with the position of
// the offending key or value.
type Diagnostic struct {
	Path     string   // the file, as given to Parse or found on disk
	Pos      Pos      // 1-based line and byte column; zero when the problem has no position (I/O)
	Severity Severity // SeverityError or SeverityWarning
	Message  string   // what is wrong, without position or severity
}

// String formats the diagnostic as "path:line:col: error: message", the
// way compilers do, with anything unsafe for a terminal neutralised.
func (d Diagnostic) String() string {
	var s string
	if d.Pos.Line > 0 {
		s = fmt.Sprintf("%s:%d:%d: %s: %s", d.Path, d.Pos.Line, d.Pos.Col, d.Severity, d.Message)
	} else {
		s = fmt.Sprintf("%s: %s: %s", d.Path, d.Severity, d.Message)
	}
	return Sanitize(s)
}

// Diagnostics is a list of problems. As an error, it prints one diagnostic
// per line.
type Diagnostics []Diagnostic

// Error joins the diagnostics, one per line.
func (ds Diagnostics) Error() string {
	lines := make([]string, len(ds))
	for i, d := range ds {
		lines[i] = d.String()
	}
	return strings.Join(lines, "\n")
}

// HasErrors reports whether any diagnostic is an error (not a warning).
func (ds Diagnostics) HasErrors() bool {
	for _, d := range ds {
		if d.Severity == SeverityError {
			return true
		}
	}
	return false
}

// errors returns the diagnostics that are errors.
func (ds Diagnostics) errors() Diagnostics {
	var out Diagnostics
	for _, d := range ds {
		if d.Severity == SeverityError {
			out = append(out, d)
		}
	}
	return out
}

// Err returns the diagnostics as an error when there is at least one
// error among them, and nil otherwise (warnings alone are not an error).
func (ds Diagnostics) Err() error {
	if ds.HasErrors() {
		return ds
	}
	return nil
}

// sortDiagnostics orders diagnostics by path, then position; diagnostics
// at the same place keep the order they were found in.
func sortDiagnostics(ds Diagnostics) {
	slices.SortStableFunc(ds, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.Path, b.Path),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
		)
	})
}

// count is n and the noun that goes with it: "1 item", "2 items".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
