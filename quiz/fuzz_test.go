package quiz

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzParseLine checks the reader of typed and porcelain answers: it never
// panics; exactly one of resp and msg is set; commands come only from lines
// starting with ":" and carry a valid rating when they are :rate; flash
// answers are empty or a valid rating; other answers are the line trimmed;
// and a message never echoes a control character or an escape sequence
// from the line. Seeds are also in testdata/fuzz/FuzzParseLine.
func FuzzParseLine(f *testing.F) {
	formats := []string{FormatFlash, FormatTyped, FormatChoice, FormatMulti, FormatTrueFalse,
		FormatNumber, FormatList, FormatOrder}
	for i, s := range []string{"", "1954", " Hà Nội \r\n", ":hint", ":rate 3", ":rate 9", ":r good", ":",
		":nope", "good", "5", ":quit now", "\x1b[2J:q", ":\x1b]52;c;Zm9v\x07", "a; b; c", "\xff\xfe", ":u\u202e"} {
		f.Add(s, uint8(i))
	}
	f.Fuzz(func(t *testing.T, line string, fi uint8) {
		format := formats[int(fi)%len(formats)]
		resp, msg := ParseLine(line, format)
		if (resp == nil) == (msg == "") {
			t.Fatalf("ParseLine(%q, %s) = %+v, %q: want exactly one of a response and a message", line, format, resp, msg)
		}
		trimmed := strings.TrimSpace(strings.TrimRight(line, "\r\n"))
		if resp == nil {
			if utf8.ValidString(line) && !utf8.ValidString(msg) {
				t.Fatalf("ParseLine(%q): message %q is not valid UTF-8", line, msg)
			}
			for _, r := range msg {
				if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
					t.Fatalf("ParseLine(%q): message %q echoes control %U", line, msg, r)
				}
			}
			return
		}
		if resp.Command != "" {
			if !strings.HasPrefix(trimmed, ":") {
				t.Fatalf("ParseLine(%q) = command %q from a line without ':'", line, resp.Command)
			}
			if resp.Command == CmdRate && !resp.Rating.Valid() {
				t.Fatalf("ParseLine(%q) = :rate with invalid rating %d", line, resp.Rating)
			}
			return
		}
		if format == FormatFlash {
			if resp.Text != "" || (trimmed != "" && !resp.Rating.Valid()) {
				t.Fatalf("ParseLine(%q, flash) = %+v", line, resp)
			}
			return
		}
		if resp.Text != trimmed || resp.Rating != 0 {
			t.Fatalf("ParseLine(%q, %s) = %+v, want the text %q", line, format, resp, trimmed)
		}
	})
}
