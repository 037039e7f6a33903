package decks

import (
	"github.com/ontap/ontap/decks/safetext"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestSanitize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Hà Nội, 1945", "Hà Nội, 1945"},
		{"newline and tab kept", "a\n\tb", "a\n\tb"},
		{"empty", "", ""},
		{"CSI colour", "\x1b[31mred\x1b[0m", `\x1b[31mred\x1b[0m`},
		{"OSC title with BEL", "\x1b]0;pwned\x07text", `\x1b]0;pwned\x07text`},
		{"OSC 8 hyperlink with ST", "\x1b]8;;http://x\x1b\\link", `\x1b]8;;http://x\x1b\link`},
		{"carriage return", "safe\roverwritten", `safe\x0doverwritten`},
		{"backspace", "abc\b\b", `abc\x08\x08`},
		{"NUL and DEL", "a\x00b\x7f", `a\x00b\x7f`},
		{"C1 CSI", "a\u009b31mb", `a\u009b31mb`},
		{"C1 NEL", "a\u0085b", `a\u0085b`},
		{"bidi override", "abc\u202edcba", `abc\u202edcba`},
		{"bidi embeddings", "\u202a\u202b\u202c\u202d", `\u202a\u202b\u202c\u202d`},
		{"bidi isolates", "\u2066x\u2067y\u2068z\u2069", `\u2066x\u2067y\u2068z\u2069`},
		{"zero-width space", "pass\u200bword", `pass\u200bword`},
		{"zero-width joiners", "a\u200cb\u200dc", `a\u200cb\u200dc`},
		{"word joiner and BOM", "\u2060x\ufeff", `\u2060x\ufeff`},
		{"line separator", "a\u2028b", `a\u2028b`},
		{"tag characters", "a\U000E0041b", `a\U000e0041b`},
		{"invalid UTF-8", "a\xffb\xc3", `a\xffb\xc3`},
		{"replacement character itself is fine", "a\ufffdb", "a\ufffdb"},
		{"Vietnamese combining marks kept", "Vie\u0323\u0302t", "Vie\u0323\u0302t"},
		{"emoji kept", "🇻🇳", "🇻🇳"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sanitize(tt.in); got != tt.want {
				t.Errorf("Sanitize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestDiagnosticString(t *testing.T) {
	tests := []struct {
		d    Diagnostic
		want string
	}{
		{Diagnostic{Path: "a.toml", Pos: Pos{3, 7}, Severity: SeverityError, Message: "bad"}, "a.toml:3:7: error: bad"},
		{Diagnostic{Path: "a.toml", Pos: Pos{1, 1}, Severity: SeverityWarning, Message: "hmm"}, "a.toml:1:1: warning: hmm"},
		{Diagnostic{Path: "dir", Severity: SeverityError, Message: "no such file or directory"}, "dir: error: no such file or directory"},
		{Diagnostic{Path: "evil\x1b[2J.toml", Pos: Pos{1, 1}, Severity: SeverityError, Message: "x"}, `evil\x1b[2J.toml:1:1: error: x`},
	}
	for _, tt := range tests {
		if got := tt.d.String(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
	ds := Diagnostics{tests[1].d, tests[0].d}
	if got, want := ds.Error(), "a.toml:1:1: warning: hmm\na.toml:3:7: error: bad"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if !ds.HasErrors() || ds.Err() == nil {
		t.Errorf("HasErrors false with an error")
	}
	if w := ds[:1]; w.HasErrors() || w.Err() != nil {
		t.Errorf("HasErrors true for a warning only")
	}
}

// FuzzSanitize checks that no control character but \n and \t, and no
// character Sanitize promises to neutralise, survives; and that clean
// text is left alone.
func FuzzSanitize(f *testing.F) {
	for _, s := range []string{"plain", "\x1b[31mred", "\u202e\u200b", "a\xff", "\u009b", "\r\n\t", "Hà Nội"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Sanitize(s)
		if !utf8.ValidString(out) {
			t.Fatalf("Sanitize(%q) = %q is not valid UTF-8", s, out)
		}
		for _, r := range out {
			if unicode.IsControl(r) && r != '\n' && r != '\t' {
				t.Fatalf("Sanitize(%q) = %q keeps control %U", s, out, r)
			}
			if safetext.Unsafe(r) {
				t.Fatalf("Sanitize(%q) = %q keeps %U", s, out, r)
			}
		}
		if safetext.Clean(s) && out != s {
			t.Fatalf("clean text changed: %q → %q", s, out)
		}
		if strings.Count(out, "\n") != strings.Count(s, "\n") {
			t.Fatalf("newlines changed: %q → %q", s, out)
		}
		if Sanitize(out) != out {
			t.Fatalf("not idempotent: %q → %q → %q", s, out, Sanitize(out))
		}
	})
}
