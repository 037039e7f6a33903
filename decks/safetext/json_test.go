package safetext

import (
	"bytes"
	"encoding/json"
	"testing"
)

func TestJSONWriter(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"plain", "Hà Nội", `"Hà Nội"`},
		{"C0 escaped by encoding/json", "a\x1b[2J", `"a\u001b[2J"`},
		{"C1 CSI", "a\u009b2J", `"a\u009b2J"`},
		{"DEL", "a\x7f", `"a\u007f"`},
		{"bidi override", "a\u202eb", `"a\u202eb"`},
		{"tag character", "\U000E0041", `"\udb40\udc41"`},
		{"newline kept as JSON escape", "a\nb", `"a\nb"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			enc := json.NewEncoder(JSONWriter(&b))
			enc.SetEscapeHTML(false)
			if err := enc.Encode(tt.in); err != nil {
				t.Fatal(err)
			}
			if got := string(bytes.TrimSpace(b.Bytes())); got != tt.want {
				t.Errorf("JSON of %q = %s, want %s", tt.in, got, tt.want)
			}
			var back string
			if err := json.Unmarshal(b.Bytes(), &back); err != nil || back != tt.in {
				t.Errorf("decoding %s = %q, %v; want %q", b.Bytes(), back, err, tt.in)
			}
		})
	}
}

func TestJSONWriterSplitRune(t *testing.T) {
	var b bytes.Buffer
	w := JSONWriter(&b)
	s := []byte("\"x\u202ey\"")
	for i := range s { // one byte at a time
		if n, err := w.Write(s[i : i+1]); n != 1 || err != nil {
			t.Fatalf("Write = %d, %v", n, err)
		}
	}
	if got, want := b.String(), `"x\u202ey"`; got != want {
		t.Errorf("byte-by-byte = %s, want %s", got, want)
	}
}
