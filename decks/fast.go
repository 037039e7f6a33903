package decks

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// The fast path. Most deck files use a small part of TOML: a [deck] table,
// [[source]] and [[card]] tables holding bare keys with strings (basic or literal,
// on one line or several, with no line-ending backslash), decimal
// integers, floats without exponent, booleans, and arrays of those
// values (not of arrays or tables). fastDecode reads exactly that
// subset in one pass, producing what the TOML decoder would (the same
// maps, slices and values) together with the few positions that every
// deck needs. On anything outside the subset, including every syntax
// error, it gives up and the file takes the general path (scan, then the
// TOML decoder), so that diagnostics come from one place. FuzzFastDecode
// checks the two paths against each other.

// fastDoc is a file read by fastDecode.
type fastDoc struct {
	doc map[string]any
	// idx holds the positions the scanner would record for every path
	// outside the cards: "deck", its keys, values and array elements, and
	// "card" (the first [[card]] header). Paths into the cards are in
	// cards and cardIDs, or are found by scanning the file when needed.
	idx     posIndex
	cards   []Pos // where each [[card]] header starts (its first '[')
	cardIDs []Pos // where the value of each card's id starts; zero when none
}

// fastDecoder reads the subset of TOML described above.
type fastDecoder struct {
	src       string
	i         int
	line      int
	lineStart int
	d         *fastDoc
}

// fastDecode reads data when it is in the subset of TOML the fast path
// knows, and reports false when it is not (the caller then takes the
// general path).
func fastDecode(data []byte) (fd *fastDoc, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			fd, ok = nil, false // a bug here must not take the program down
		}
	}()
	return decodeFast(data)
}

// decodeFast is fastDecode, without the safety net (the tests want to see
// any panic).
func decodeFast(data []byte) (*fastDoc, bool) {
	if !plainText(data) {
		return nil, false
	}
	f := &fastDecoder{
		src:  string(data),
		line: 1,
		d: &fastDoc{
			doc: map[string]any{},
			idx: posIndex{keys: map[string]Pos{}, vals: map[string]Pos{}},
		},
	}
	if !f.run() {
		return nil, false
	}
	return f.d, true
}

// plainText reports whether data is valid UTF-8 without a byte order mark
// and without control characters other than tab, newline and a carriage
// return before a newline (the TOML decoder rejects the others anywhere).
func plainText(data []byte) bool {
	if len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF {
		return false
	}
	for i, c := range data {
		if c < 0x20 && c != '\t' && c != '\n' {
			if c != '\r' || i+1 >= len(data) || data[i+1] != '\n' {
				return false
			}
		}
		if c == 0x7f {
			return false
		}
	}
	return utf8.Valid(data)
}

func (f *fastDecoder) pos() Pos { return Pos{Line: f.line, Col: f.i - f.lineStart + 1} }

func (f *fastDecoder) eof() bool { return f.i >= len(f.src) }

// newline moves past the '\n' at f.i.
func (f *fastDecoder) newline() {
	f.i++
	f.line++
	f.lineStart = f.i
}

func (f *fastDecoder) skipSpace() {
	for f.i < len(f.src) && (f.src[f.i] == ' ' || f.src[f.i] == '\t') {
		f.i++
	}
}

// skipComment moves to the newline ending a comment (not past it).
func (f *fastDecoder) skipComment() {
	if j := strings.IndexByte(f.src[f.i:], '\n'); j >= 0 {
		f.i += j
	} else {
		f.i = len(f.src)
	}
}

// skipBlank skips spaces, newlines and comments.
func (f *fastDecoder) skipBlank() {
	for f.i < len(f.src) {
		switch f.src[f.i] {
		case ' ', '\t', '\r': // plainText let no '\r' through but before '\n'
			f.i++
		case '\n':
			f.newline()
		case '#':
			f.skipComment()
		default:
			return
		}
	}
}

// endLine reads the end of a line holding a header or a key: spaces, an
// optional comment, and a newline or the end of the file.
func (f *fastDecoder) endLine() bool {
	f.skipSpace()
	if f.eof() {
		return true
	}
	switch f.src[f.i] {
	case '#':
		f.skipComment()
		if f.eof() {
			return true
		}
	case '\r':
		f.i++ // plainText let it through: a '\n' follows
	}
	if f.src[f.i] != '\n' {
		return false
	}
	f.newline()
	return true
}

// The tables a key can be in.
const (
	inRoot = iota
	inDeck
	inCard
	inSource
)

// run reads the file, line by line, and reports whether it is all in
// the subset.
func (f *fastDecoder) run() bool {
	d := f.d
	// Room for the cards (a guess: some "[[card]]" may be in strings).
	n := min(strings.Count(f.src, "[[card]]"), MaxCards)
	d.cards = make([]Pos, 0, n)
	d.cardIDs = make([]Pos, 0, n)
	var table map[string]any
	in := inRoot
	for {
		f.skipBlank()
		if f.eof() {
			return true
		}
		if f.src[f.i] == '[' {
			p := f.pos()
			switch rest := f.src[f.i:]; {
			case strings.HasPrefix(rest, "[[card]]"):
				f.i += len("[[card]]")
				if len(d.cards) == MaxCards {
					return false
				}
				if len(d.cards) == 0 {
					d.idx.keys["card"] = p
				}
				table = make(map[string]any, 8)
				cards, ok := d.doc["card"].([]map[string]any)
				if !ok {
					cards = make([]map[string]any, 0, n)
				}
				d.doc["card"] = append(cards, table)
				d.cards = append(d.cards, p)
				d.cardIDs = append(d.cardIDs, Pos{})
				in = inCard
			case strings.HasPrefix(rest, "[[source]]"):
				f.i += len("[[source]]")
				sources, ok := d.doc["source"].([]map[string]any)
				if !ok {
					d.idx.keys["source"] = p
				}
				table = make(map[string]any, 4)
				d.doc["source"] = append(sources, table)
				in = inSource
			case strings.HasPrefix(rest, "[deck]"):
				f.i += len("[deck]")
				if _, dup := d.doc["deck"]; dup {
					return false
				}
				d.idx.keys["deck"] = p
				table = map[string]any{}
				d.doc["deck"] = table
				in = inDeck
			default:
				return false
			}
		} else if in == inRoot || !f.keyval(table, in) {
			return false
		}
		if !f.endLine() {
			return false
		}
	}
}

// keyval reads key = value into table.
func (f *fastDecoder) keyval(table map[string]any, in int) bool {
	kp := f.pos()
	start := f.i
	for f.i < len(f.src) && isBareKeyByte(f.src[f.i]) {
		f.i++
	}
	if f.i == start {
		return false
	}
	key := f.src[start:f.i]
	f.skipSpace()
	if f.eof() || f.src[f.i] != '=' {
		return false
	}
	f.i++
	f.skipSpace()
	if f.eof() {
		return false
	}
	if _, dup := table[key]; dup {
		return false
	}
	vp := f.pos()
	path := ""
	switch in {
	case inDeck:
		path = "deck" + pathSep + key
		f.d.idx.keys[path] = kp
		f.d.idx.vals[path] = vp
	case inCard:
		if key == "id" {
			f.d.cardIDs[len(f.d.cardIDs)-1] = vp
		}
	}
	v, ok := f.value(path, false)
	if !ok {
		return false
	}
	table[key] = v
	return true
}

// value reads one value. Elements of an array at path record their
// positions when path is not "".
func (f *fastDecoder) value(path string, inArray bool) (any, bool) {
	switch c := f.src[f.i]; {
	case c == '"':
		return f.basicString()
	case c == '\'':
		return f.literalString()
	case c == '[':
		if inArray {
			return nil, false
		}
		return f.array(path)
	case c == 't':
		if strings.HasPrefix(f.src[f.i:], "true") {
			f.i += len("true")
			return true, f.valueEnds()
		}
	case c == 'f':
		if strings.HasPrefix(f.src[f.i:], "false") {
			f.i += len("false")
			return false, f.valueEnds()
		}
	case c >= '0' && c <= '9' || c == '+' || c == '-':
		return f.number()
	}
	return nil, false
}

// valueEnds reports whether the byte after a scalar value may follow one.
// (Anything else, as in 1979-05-27 or 1e6 or truex, is for the decoder.)
func (f *fastDecoder) valueEnds() bool {
	if f.eof() {
		return true
	}
	switch f.src[f.i] {
	case ' ', '\t', '\r', '\n', '#', ',', ']':
		return true
	}
	return false
}

// number reads a decimal integer or a float without exponent or
// underscores: [+-]?(0|[1-9][0-9]*)(\.[0-9]+)?
func (f *fastDecoder) number() (any, bool) {
	start := f.i
	if c := f.src[f.i]; c == '+' || c == '-' {
		f.i++
	}
	digits := f.i
	for f.i < len(f.src) && f.src[f.i] >= '0' && f.src[f.i] <= '9' {
		f.i++
	}
	if f.i == digits || f.src[digits] == '0' && f.i-digits > 1 {
		return nil, false
	}
	if f.i < len(f.src) && f.src[f.i] == '.' {
		f.i++
		frac := f.i
		for f.i < len(f.src) && f.src[f.i] >= '0' && f.src[f.i] <= '9' {
			f.i++
		}
		if f.i == frac || !f.valueEnds() {
			return nil, false
		}
		v, err := strconv.ParseFloat(f.src[start:f.i], 64)
		return v, err == nil
	}
	if !f.valueEnds() {
		return nil, false
	}
	v, err := strconv.ParseInt(f.src[start:f.i], 10, 64)
	return v, err == nil
}

// literalString reads a literal string (in single quotes), on one line
// or, in triple quotes, on several.
func (f *fastDecoder) literalString() (any, bool) {
	if strings.HasPrefix(f.src[f.i:], "'''") {
		start := f.i + 3
		n := strings.Index(f.src[start:], "'''")
		if n < 0 {
			return nil, false
		}
		end := start + n
		if end+3 < len(f.src) && f.src[end+3] == '\'' {
			return nil, false // quotes ending the content: for the decoder
		}
		f.lines(start, end)
		f.i = end + 3
		return stripFirstNewline(f.src[start:end]), f.valueEnds()
	}
	start := f.i + 1
	for j := start; j < len(f.src); j++ {
		switch f.src[j] {
		case '\'':
			f.i = j + 1
			return f.src[start:j], f.valueEnds()
		case '\r', '\n':
			return nil, false
		}
	}
	return nil, false
}

// lines counts the newlines from start to end.
func (f *fastDecoder) lines(start, end int) {
	for {
		n := strings.IndexByte(f.src[start:end], '\n')
		if n < 0 {
			return
		}
		start += n + 1
		f.line++
		f.lineStart = start
	}
}

// stripFirstNewline drops the newline right after the opening quotes of
// a multi-line string.
func stripFirstNewline(s string) string {
	if strings.HasPrefix(s, "\n") {
		return s[1:]
	}
	if strings.HasPrefix(s, "\r\n") {
		return s[2:]
	}
	return s
}

// basicString reads a basic string (in double quotes), on one line or,
// in triple quotes, on several.
// Multi-line strings with a line-ending backslash are for the decoder.
func (f *fastDecoder) basicString() (any, bool) {
	multi := strings.HasPrefix(f.src[f.i:], `"""`)
	start := f.i + 1
	if multi {
		start = f.i + 3
	}
	escaped := false
	end := start
	for ; ; end++ {
		if end >= len(f.src) {
			return nil, false
		}
		c := f.src[end]
		if c == '"' {
			if !multi {
				break
			}
			if strings.HasPrefix(f.src[end:], `"""`) {
				if end+3 < len(f.src) && f.src[end+3] == '"' {
					return nil, false
				}
				break
			}
		} else if c == '\\' {
			escaped = true
			end++
			if end >= len(f.src) {
				return nil, false
			}
			switch f.src[end] {
			case ' ', '\t', '\r', '\n':
				return nil, false
			}
		} else if (c == '\n' || c == '\r') && !multi {
			return nil, false
		}
	}
	s := f.src[start:end]
	f.i = end + 1
	if multi {
		f.lines(start, end)
		f.i = end + 3
		s = stripFirstNewline(s)
	}
	if escaped {
		var ok bool
		if s, ok = unescape(s); !ok {
			return nil, false
		}
	}
	return s, f.valueEnds()
}

// unescape replaces the escapes of a basic string as the decoder does,
// and reports false for those it does not know.
func unescape(s string) (string, bool) {
	var b strings.Builder
	b.Grow(len(s))
	for j := 0; j < len(s); {
		c := s[j]
		if c != '\\' {
			b.WriteByte(c)
			j++
			continue
		}
		if j+1 >= len(s) {
			return "", false
		}
		e := s[j+1]
		j += 2
		n := 0
		if c, ok := simpleEscape(e); ok {
			b.WriteByte(c)
			continue
		}
		switch e {
		case 'x':
			n = 2
		case 'u':
			n = 4
		case 'U':
			n = 8
		default:
			return "", false
		}
		if n == 0 {
			continue
		}
		if j+n > len(s) {
			return "", false
		}
		var r rune
		for _, h := range []byte(s[j : j+n]) {
			var v byte
			switch {
			case h >= '0' && h <= '9':
				v = h - '0'
			case h >= 'a' && h <= 'f':
				v = h - 'a' + 10
			case h >= 'A' && h <= 'F':
				v = h - 'A' + 10
			default:
				return "", false
			}
			r = r<<4 | rune(v)
		}
		if !utf8.ValidRune(r) {
			return "", false
		}
		b.WriteRune(r)
		j += n
	}
	return b.String(), true
}

// array reads a one-level array of scalars. When path is not "", the
// positions of its elements are recorded under it.
func (f *fastDecoder) array(path string) (any, bool) {
	f.i++ // '['
	arr := make([]any, 0, 4)
	for {
		f.skipBlank()
		if f.eof() {
			return nil, false
		}
		if f.src[f.i] == ']' {
			f.i++
			return arr, f.valueEnds()
		}
		if len(arr) == MaxArrayItems {
			return nil, false // too many: an error, reported by the general path
		}
		if path != "" {
			f.d.idx.vals[joinPath(path, elemSeg(len(arr)))] = f.pos()
		}
		v, ok := f.value("", true)
		if !ok {
			return nil, false
		}
		arr = append(arr, v)
		f.skipBlank()
		if f.eof() {
			return nil, false
		}
		switch f.src[f.i] {
		case ',':
			f.i++
		case ']':
			f.i++
			return arr, f.valueEnds()
		default:
			return nil, false
		}
	}
}
