package safetext

import (
	"fmt"
	"io"
	"unicode/utf8"
)

// JSONWriter returns a writer for JSON text (such as a json.Encoder's
// output) that writes every rune Sanitize would replace as a JSON escape
// (\u009b, \u202e, \udb40\udc41 for runes beyond the BMP), so that a
// terminal showing the JSON never receives a raw control, bidirectional or
// invisible character. encoding/json already escapes C0 controls; this
// adds DEL, C1 controls and the rest. The JSON's meaning is unchanged, as
// such runes can only occur inside strings. Runes split across writes are
// joined.
func JSONWriter(w io.Writer) io.Writer { return &jsonWriter{w: w} }

type jsonWriter struct {
	w    io.Writer
	tail []byte // an incomplete UTF-8 sequence left by the last write
	buf  []byte
}

func (j *jsonWriter) Write(p []byte) (int, error) {
	data := p
	if len(j.tail) > 0 {
		data = append(j.tail, p...)
		j.tail = nil
	}
	out := j.buf[:0]
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 && !utf8.FullRune(data[i:]) {
			j.tail = append([]byte(nil), data[i:]...)
			break
		}
		switch {
		case r == utf8.RuneError && size <= 1:
			out = append(out, `\ufffd`...)
		case r == '\n' || r == '\t' || !unsafeRune(r):
			out = append(out, data[i:i+size]...)
		case r > 0xFFFF:
			r -= 0x10000
			out = fmt.Appendf(out, `\u%04x\u%04x`, 0xD800+(r>>10), 0xDC00+(r&0x3FF))
		default:
			out = fmt.Appendf(out, `\u%04x`, r)
		}
		i += size
	}
	j.buf = out
	if _, err := j.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}
