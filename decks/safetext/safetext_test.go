package safetext

import "testing"

func TestSanitize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"clean unchanged", "Hà Nội\n\t1945", "Hà Nội\n\t1945"},
		{"CSI", "\x1b[2Jx", `\x1b[2Jx`},
		{"OSC 52 clipboard write", "\x1b]52;c;cm0gLXJmIH4=\x07", `\x1b]52;c;cm0gLXJmIH4=\x07`},
		{"DCS", "\x1bPq#0\x1b\\", `\x1bPq#0\x1b\`},
		{"C1 OSC and ST", "\u009d0;t\u009c", `\u009d0;t\u009c`},
		{"bidi override", "a\u202eb", `a\u202eb`},
		{"invalid UTF-8", "\xc3(", `\xc3(`},
		{"CR", "a\rb", `a\x0db`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Sanitize(tt.in)
			if got != tt.want {
				t.Errorf("Sanitize(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if again := Sanitize(got); again != got {
				t.Errorf("Sanitize is not idempotent: %q then %q", got, again)
			}
		})
	}
}
