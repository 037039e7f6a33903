package decks

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// The TOML decoder knows little of positions: it reports the last card's
// line for every [[card]], gives type mismatches no column, and forgets
// array indices. So the loader keeps its own index of where every table
// header, key and value starts, built by a small scanner over the raw
// file. The scanner also enforces the structural limits that protect the
// decoder (whose running time grows steeply with nesting), before the
// decoder sees the file.

// Structural limits checked by the scanner before decoding.
const (
	maxDepth    = 32 // arrays and inline tables nested in one another
	maxKeyParts = 16 // parts of one dotted key, as in a.b.c = 1
)

// pathSep separates the segments of a path in the position index. Array
// elements are segments written "#N" (0-based).
const pathSep = "\x00"

// joinPath appends segments to a path.
func joinPath(base string, segs ...string) string {
	for _, s := range segs {
		if base == "" {
			base = s
		} else {
			base += pathSep + s
		}
	}
	return base
}

// unrecorded starts the paths of values whose positions are not kept.
const unrecorded = "\x01"

// elemSeg is the path segment of the n-th element of an array (0-based).
func elemSeg(n int) string { return "#" + strconv.Itoa(n) }

// posIndex records where keys and values start, by path.
type posIndex struct {
	keys map[string]Pos // a key, or the '[' of a table header
	vals map[string]Pos // the first byte of a value
}

// key returns the position of the key at path, or of the nearest enclosing
// table or key when the path was not seen (as for keys inside values the
// scanner could not follow), or 1:1.
func (x *posIndex) key(path string) Pos {
	for first := true; ; first = false {
		if p, ok := x.keys[path]; ok {
			return p
		}
		if p, ok := x.vals[path]; ok && !first {
			return p // an inline table: its opening brace
		}
		i := strings.LastIndex(path, pathSep)
		if i < 0 {
			return Pos{Line: 1, Col: 1}
		}
		path = path[:i]
	}
}

// val returns the position of the value at path, falling back to its key.
func (x *posIndex) val(path string) Pos {
	if p, ok := x.vals[path]; ok {
		return p
	}
	return x.key(path)
}

// scanLimit is a structural limit the scanner found exceeded.
type scanLimit struct {
	pos Pos
	msg string
}

type scanner struct {
	src       []byte
	i         int
	line      int
	lineStart int
	idx       *posIndex
	aot       map[string]int // path of an array of tables → elements so far
	limit     *scanLimit     // set when a limit is exceeded; scanning stops
}

// scan indexes the positions in src. It never fails: on text that is not
// valid TOML it records what it can (the decoder reports the syntax
// error). It returns a non-nil limit when the file is nested too deeply,
// has too long a dotted key, or has too many cards.
func scan(src []byte) (*posIndex, *scanLimit) {
	s := &scanner{
		src:  src,
		line: 1,
		idx:  &posIndex{keys: map[string]Pos{}, vals: map[string]Pos{}},
		aot:  map[string]int{},
	}
	s.run()
	return s.idx, s.limit
}

func (s *scanner) eof() bool { return s.i >= len(s.src) }

func (s *scanner) pos() Pos {
	// Columns count bytes; a byte order mark at the start is not a column.
	return Pos{Line: s.line, Col: s.i - s.lineStart + 1}
}

func (s *scanner) peek(k int) byte {
	if s.i+k < len(s.src) {
		return s.src[s.i+k]
	}
	return 0
}

func (s *scanner) advance() {
	if s.i < len(s.src) {
		if s.src[s.i] == '\n' {
			s.line++
			s.lineStart = s.i + 1
		}
		s.i++
	}
}

func (s *scanner) fail(p Pos, msg string) {
	if s.limit == nil {
		s.limit = &scanLimit{pos: p, msg: msg}
	}
}

func (s *scanner) skipSpace() {
	for !s.eof() && (s.src[s.i] == ' ' || s.src[s.i] == '\t') {
		s.advance()
	}
}

// skipLine moves to the newline ending the current line (not past it).
func (s *scanner) skipLine() {
	for !s.eof() && s.src[s.i] != '\n' {
		s.advance()
	}
}

// skipBlank skips spaces, newlines and comments.
func (s *scanner) skipBlank() {
	for !s.eof() {
		switch s.src[s.i] {
		case ' ', '\t', '\r', '\n':
			s.advance()
		case '#':
			s.skipLine()
		default:
			return
		}
	}
}

func (s *scanner) run() {
	// A UTF-8 byte order mark is allowed before the first line.
	if len(s.src) >= 3 && s.src[0] == 0xEF && s.src[1] == 0xBB && s.src[2] == 0xBF {
		s.i = 3
		s.lineStart = 3
	}
	table := ""
	for s.limit == nil {
		s.skipBlank()
		if s.eof() {
			return
		}
		start := s.i
		if s.src[s.i] == '[' {
			table = s.header()
		} else {
			s.keyval(table, 0)
		}
		s.skipSpace()
		s.skipLine() // a comment, or text the decoder will reject
		if s.i == start {
			s.advance()
		}
	}
}

// header reads a [table] or [[array.of.tables]] header and returns the
// path of the table it opens.
func (s *scanner) header() string {
	p := s.pos()
	array := s.peek(1) == '['
	s.advance()
	if array {
		s.advance()
	}
	parts, poss, ok := s.keyParts()
	if !ok {
		return ""
	}
	path := ""
	for k, part := range parts {
		path = joinPath(path, part)
		last := k == len(parts)-1
		if !last {
			s.setKey(path, poss[k])
			if n, isArray := s.aot[path]; isArray {
				path = joinPath(path, elemSeg(n-1))
			}
			continue
		}
		if !array {
			s.setKey(path, p)
			continue
		}
		n := s.aot[path]
		s.aot[path] = n + 1
		s.setKey(path, p)
		switch {
		case path == "card" && n+1 > MaxCards:
			s.fail(p, "too many cards: the limit is "+strconv.Itoa(MaxCards)+" per deck")
		case n+1 > MaxCards:
			s.fail(p, "too many [["+part+"]] tables: the limit is "+strconv.Itoa(MaxCards))
		}
		path = joinPath(path, elemSeg(n))
		s.idx.keys[path] = p
	}
	return path
}

func (s *scanner) setKey(path string, p Pos) {
	if _, ok := s.idx.keys[path]; !ok && !strings.HasPrefix(path, unrecorded) {
		s.idx.keys[path] = p
	}
}

func isBareKeyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// keyParts reads a possibly dotted, possibly quoted key.
func (s *scanner) keyParts() (parts []string, poss []Pos, ok bool) {
	for {
		s.skipSpace()
		p := s.pos()
		var part string
		switch c := s.peek(0); {
		case c == '"' || c == '\'':
			start := s.i + 1
			s.lineString(c)
			end := s.i - 1
			if end < start {
				end = start
			}
			if c == '"' {
				part = unescapeBasic(string(s.src[start:end]))
			} else {
				part = string(s.src[start:end])
			}
		case isBareKeyByte(c):
			start := s.i
			for !s.eof() && isBareKeyByte(s.src[s.i]) {
				s.advance()
			}
			part = string(s.src[start:s.i])
		default:
			return parts, poss, false
		}
		parts = append(parts, part)
		poss = append(poss, p)
		if len(parts) > maxKeyParts {
			s.fail(p, "dotted key has more than "+strconv.Itoa(maxKeyParts)+" parts")
			return parts, poss, false
		}
		s.skipSpace()
		if s.peek(0) != '.' {
			return parts, poss, true
		}
		s.advance()
	}
}

// keyval reads key = value inside the table at path table.
func (s *scanner) keyval(table string, depth int) {
	parts, poss, ok := s.keyParts()
	if !ok {
		return
	}
	path := table
	for k, part := range parts {
		path = joinPath(path, part)
		s.setKey(path, poss[k])
	}
	s.skipSpace()
	if s.peek(0) != '=' {
		return
	}
	s.advance()
	s.skipSpace()
	s.value(path, depth)
}

// value reads one value, recording its position and those of its elements.
func (s *scanner) value(path string, depth int) {
	p := s.pos()
	if _, ok := s.idx.vals[path]; !ok && !strings.HasPrefix(path, unrecorded) {
		s.idx.vals[path] = p
	}
	switch c := s.peek(0); c {
	case '"', '\'':
		if s.peek(1) == c && s.peek(2) == c {
			s.multiLineString(c)
		} else {
			s.lineString(c)
		}
	case '[':
		if depth >= maxDepth {
			s.fail(p, "arrays and inline tables are nested more than "+strconv.Itoa(maxDepth)+" deep")
			return
		}
		s.advance()
		for n := 0; s.limit == nil; n++ {
			s.skipBlank()
			if s.eof() {
				return
			}
			if s.peek(0) == ']' {
				s.advance()
				return
			}
			if n <= MaxArrayItems {
				s.value(joinPath(path, elemSeg(n)), depth+1)
			} else {
				// Too many items: the loader reports the array, so
				// the positions of its elements are not needed.
				s.value(unrecorded, depth+1)
			}
			s.skipBlank()
			switch s.peek(0) {
			case ',':
				s.advance()
			case ']':
				s.advance()
				return
			default:
				return
			}
		}
	case '{':
		if depth >= maxDepth {
			s.fail(p, "arrays and inline tables are nested more than "+strconv.Itoa(maxDepth)+" deep")
			return
		}
		s.advance()
		for s.limit == nil {
			s.skipBlank()
			if s.eof() {
				return
			}
			if s.peek(0) == '}' {
				s.advance()
				return
			}
			s.keyval(path, depth+1)
			s.skipBlank()
			switch s.peek(0) {
			case ',':
				s.advance()
			case '}':
				s.advance()
				return
			default:
				return
			}
		}
	default: // numbers, booleans, dates: up to a delimiter
		for !s.eof() {
			switch s.src[s.i] {
			case ',', ']', '}', '\n', '#':
				return
			}
			s.advance()
		}
	}
}

// lineString skips a one-line string starting at its quote q.
func (s *scanner) lineString(q byte) {
	s.advance()
	for !s.eof() {
		c := s.src[s.i]
		switch {
		case c == q:
			s.advance()
			return
		case c == '\n':
			return
		case c == '\\' && q == '"':
			s.advance()
			if s.peek(0) != '\n' {
				s.advance()
			}
		default:
			s.advance()
		}
	}
}

// multiLineString skips a multi-line string, basic or literal (three quotes).
func (s *scanner) multiLineString(q byte) {
	s.advance()
	s.advance()
	s.advance()
	for !s.eof() {
		c := s.src[s.i]
		switch {
		case c == '\\' && q == '"':
			s.advance()
			s.advance()
		case c == q && s.peek(1) == q && s.peek(2) == q:
			s.advance()
			s.advance()
			s.advance()
			// Up to two more quotes belong to the string's content.
			for k := 0; k < 2 && s.peek(0) == q; k++ {
				s.advance()
			}
			return
		default:
			s.advance()
		}
	}
}

// unescapeBasic decodes the escapes of a TOML basic string (for quoted
// keys). Malformed escapes are kept as written: the decoder rejects them.
func unescapeBasic(raw string) string {
	if !strings.Contains(raw, `\`) {
		return raw
	}
	var b strings.Builder
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c != '\\' || i+1 >= len(raw) {
			b.WriteByte(c)
			continue
		}
		i++
		e := raw[i]
		if c, ok := simpleEscape(e); ok {
			b.WriteByte(c)
			continue
		}
		switch e {
		case 'x', 'u', 'U':
			n := map[byte]int{'x': 2, 'u': 4, 'U': 8}[e]
			if i+1+n > len(raw) {
				b.WriteByte('\\')
				b.WriteByte(e)
				continue
			}
			v, err := strconv.ParseUint(raw[i+1:i+1+n], 16, 32)
			if err != nil || !utf8.ValidRune(rune(v)) {
				b.WriteByte('\\')
				b.WriteByte(e)
				continue
			}
			b.WriteRune(rune(v))
			i += n
		default:
			b.WriteByte('\\')
			b.WriteByte(e)
		}
	}
	return b.String()
}

// simpleEscape returns the byte a one-character escape of a TOML basic
// string stands for (\b \t \n \f \r \e \" \\), and false for others.
func simpleEscape(e byte) (byte, bool) {
	switch e {
	case 'b':
		return '\b', true
	case 't':
		return '\t', true
	case 'n':
		return '\n', true
	case 'f':
		return '\f', true
	case 'r':
		return '\r', true
	case 'e':
		return 0x1b, true
	case '"', '\\':
		return e, true
	}
	return 0, false
}
