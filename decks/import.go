package decks

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"html"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Import formats: the separators of the files ImportCards reads.
const (
	FormatCSV = "csv" // comma-separated values
	FormatTSV = "tsv" // tab-separated values (Anki's "Notes in Plain Text", Quizlet)
)

// ImportOptions says how to read a CSV or TSV file of cards.
type ImportOptions struct {
	// Format is FormatCSV, FormatTSV, or "" to decide from the file's
	// "#separator:" header, its extension (.csv, .tsv) or its first line.
	Format string
	// DeckID and Title name the deck; by default the id comes from the
	// file name and the title from Anki's "#deck:" header or the file name.
	DeckID, Title string
	// Front, Back and Tags are 1-based column numbers; 0 means the
	// default: the file's "#tags column:" header for tags, and for front
	// and back the first two columns that are not guid, note type, deck
	// or tags columns.
	Front, Back, Tags int
}

// ImportError is a problem in an imported file, with its position when
// it has one (1-based line and byte column).
type ImportError struct {
	Path      string
	Line, Col int
	Msg       string
}

func (e *ImportError) Error() string {
	switch {
	case e.Line > 0 && e.Col > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Line, e.Col, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Msg)
}

// ankiHeader is what the "#key:value" lines at the top of an Anki export
// say.
type ankiHeader struct {
	sep                            rune // 0 when not given
	html                           int  // -1 false, 1 true, 0 not given
	guidCol, notetypeCol, deckCol  int  // 1-based, 0 when absent
	tagsCol                        int
	deck                           string // "#deck:NAME"
	notetype                       string // "#notetype:NAME"
	tags                           []string
	lines                          int // header lines
	headerFormat, headerFormatLine int
}

var separators = map[string]rune{
	"tab": '\t', "comma": ',', "semicolon": ';', "space": ' ', "pipe": '|', "colon": ':',
}

// readHeader reads Anki's header lines ("#separator:tab", "#html:true",
// "#tags column:3"...). A line starting with '#' that is not one of them
// ends the header and is data.
func readHeader(path string, data []byte) (ankiHeader, error) {
	var h ankiHeader
	for rest := data; len(rest) > 0 && rest[0] == '#'; {
		line, next, _ := bytes.Cut(rest, []byte("\n"))
		text := strings.TrimRight(string(line), "\r")
		key, val, ok := strings.Cut(text[1:], ":")
		if !ok {
			break
		}
		key, val = strings.ToLower(strings.TrimSpace(key)), strings.TrimSpace(val)
		lineNo := h.lines + 1
		col := func(what string) (int, error) {
			n, err := strconv.Atoi(val)
			if err != nil || n < 1 {
				return 0, &ImportError{path, lineNo, len(key) + 3, fmt.Sprintf("%s must be a column number (1, 2...), not %q", what, val)}
			}
			return n, nil
		}
		var err error
		switch key {
		case "separator":
			r, known := separators[strings.ToLower(val)]
			if !known {
				if utf8.RuneCountInString(val) != 1 {
					return h, &ImportError{path, lineNo, 12, fmt.Sprintf("unknown separator %q; want tab, comma, semicolon, space, pipe, colon or one character", val)}
				}
				r, _ = utf8.DecodeRuneInString(val)
			}
			h.sep = r
		case "html":
			switch strings.ToLower(val) {
			case "true":
				h.html = 1
			case "false":
				h.html = -1
			default:
				return h, &ImportError{path, lineNo, 7, fmt.Sprintf("#html must be true or false, not %q", val)}
			}
		case "guid column":
			h.guidCol, err = col("#guid column")
		case "notetype column":
			h.notetypeCol, err = col("#notetype column")
		case "deck column":
			h.deckCol, err = col("#deck column")
		case "tags column":
			h.tagsCol, err = col("#tags column")
		case "deck":
			h.deck = val
		case "notetype":
			h.notetype = val
		case "tags":
			h.tags = strings.Fields(val)
		case "columns":
			// Column names are informative.
		default:
			return h, nil
		}
		if err != nil {
			return h, err
		}
		h.lines++
		rest = next
	}
	return h, nil
}

// ImportCards reads a CSV or TSV file of notes (Anki's "Notes in Plain
// Text" export with its header lines, Quizlet's term/definition exports,
// or any two-column file) into a deck of basic cards: front and back,
// with tags. Anki cloze notes ({{c1::answer::hint}}) become cloze cards.
// HTML in fields is turned into plain text when the file says "#html:true"
// or, without that header, when a field holds HTML markup. A UTF-8 byte
// order mark and CRLF line ends are accepted.
//
// The note type (the "#notetype:" header or column) "Basic (and reversed
// card)" gives reverse = true. The deck's title is the "#deck:" header, or
// the first note's "#deck column:". A guid column is kept in each card's
// GUID, so that exporting the deck back to Anki updates its notes; card
// ids come from guids written by ExportDeck ("ontap:DECK/CARD"), or from
// the front's text. Errors name the file, line and column.
func ImportCards(path string, data []byte, opt ImportOptions) (*Deck, error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if !utf8.Valid(data) {
		line := 1 + bytes.Count(data[:firstInvalid(data)], []byte("\n"))
		return nil, &ImportError{Path: path, Line: line, Msg: "not valid UTF-8 text; save the file as UTF-8"}
	}
	h, err := readHeader(path, data)
	if err != nil {
		return nil, err
	}
	sep, err := separator(path, data, h, opt.Format)
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(&lineSkipper{data: data, skip: h.lines})
	r.Comma = sep
	r.FieldsPerRecord = -1
	r.LazyQuotes = sep != ','
	var rows [][]string
	var rowLines []int
	var rowPos [][][2]int // per row, per field: line and column
	want := 0
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &ImportError{path, pe.Line + h.lines, pe.Column, csvMessage(pe.Err)}
			}
			return nil, &ImportError{Path: path, Msg: err.Error()}
		}
		line, _ := r.FieldPos(0)
		line += h.lines
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line
		}
		if want == 0 {
			want = len(rec)
			if err := checkColumns(path, line, want, h, opt); err != nil {
				return nil, err
			}
		} else if len(rec) != want {
			l, c := r.FieldPos(min(want, len(rec)-1))
			if len(rec) < want {
				_, c = r.FieldPos(len(rec) - 1)
				c += len(rec[len(rec)-1])
			}
			return nil, &ImportError{path, l + h.lines, c, fmt.Sprintf("wrong number of columns: %d, want %d as on line %d (quote fields that contain the separator)",
				len(rec), want, rowLines[0])}
		}
		pos := make([][2]int, len(rec))
		for k := range rec {
			l, c := r.FieldPos(k)
			pos[k] = [2]int{l + h.lines, c}
		}
		rows = append(rows, rec)
		rowLines = append(rowLines, line)
		rowPos = append(rowPos, pos)
	}
	if len(rows) == 0 {
		return nil, &ImportError{Path: path, Msg: "no cards: the file has no rows"}
	}
	front, back, tags := columns(want, h, opt)
	if isHeaderRow(rows[0][front-1], rows[0][back-1]) {
		rows, rowLines, rowPos = rows[1:], rowLines[1:], rowPos[1:]
		if len(rows) == 0 {
			return nil, &ImportError{Path: path, Msg: "no cards: the file has only a header row"}
		}
	}
	d := &Deck{ID: opt.DeckID, Title: opt.Title, Policy: DefaultPolicy()}
	if d.ID == "" {
		base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
		d.ID = FreshID(Slug(base, 40), "imported", nil)
	}
	if d.Title == "" {
		d.Title = h.deck
	}
	if d.Title == "" && h.deckCol > 0 && h.deckCol <= len(rows[0]) {
		d.Title = strings.TrimSpace(rows[0][h.deckCol-1])
	}
	if d.Title == "" {
		d.Title = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	}
	d.Source = "imported from " + filepath.Base(path)
	taken := map[string]bool{}
	for i, rec := range rows {
		field := func(col int) (string, error) {
			s := rec[col-1]
			if h.html > 0 || (h.html == 0 && looksLikeHTML(s)) {
				s = HTMLToText(s)
			}
			s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
			if len(s) > MaxStringBytes {
				p := rowPos[i][col-1]
				return "", &ImportError{path, p[0], p[1], fmt.Sprintf("column %d is %d bytes long; the limit is %d (64 KiB)", col, len(s), MaxStringBytes)}
			}
			return s, nil
		}
		f, err := field(front)
		if err != nil {
			return nil, err
		}
		b, err := field(back)
		if err != nil {
			return nil, err
		}
		c := &Card{Kind: KindBasic, Front: f, Back: b, Policy: d.Policy}
		notetype := h.notetype
		if h.notetypeCol > 0 && h.notetypeCol <= len(rec) {
			notetype = strings.TrimSpace(rec[h.notetypeCol-1])
		}
		c.Reverse = strings.EqualFold(notetype, NoteReversed)
		if tags > 0 {
			c.Tags = strings.Fields(rec[tags-1])
		}
		c.Tags = appendNew(append([]string(nil), h.tags...), c.Tags...)
		if ankiClozeRE().MatchString(f) {
			c.Kind, c.Text, c.Front, c.Back, c.Reverse = KindCloze, ankiClozeRE().ReplaceAllString(f, "{{"), "", "", false
			c.Explain = b
		} else {
			if f == "" {
				p := rowPos[i][front-1]
				return nil, &ImportError{path, p[0], p[1], fmt.Sprintf("the front (column %d) is empty", front)}
			}
			if b == "" {
				p := rowPos[i][back-1]
				return nil, &ImportError{path, p[0], p[1], fmt.Sprintf("the back (column %d) is empty", back)}
			}
		}
		id := ""
		if h.guidCol > 0 && h.guidCol <= len(rec) {
			c.GUID = strings.TrimSpace(rec[h.guidCol-1])
			if len(c.GUID) > MaxStringBytes {
				p := rowPos[i][h.guidCol-1]
				return nil, &ImportError{path, p[0], p[1], fmt.Sprintf("the guid (column %d) is %d bytes long; the limit is %d", h.guidCol, len(c.GUID), MaxStringBytes)}
			}
			if g, ok := strings.CutPrefix(c.GUID, "ontap:"); ok {
				if _, card, ok := strings.Cut(g, "/"); ok {
					id = strings.ReplaceAll(card, ":", "-")
				}
			}
		}
		if !ValidID(id) {
			id = Slug(c.Front+" "+c.Text, 40)
		}
		c.ID = FreshID(id, "card-"+strconv.Itoa(i+1), taken)
		taken[c.ID] = true
		if c.GUID == "ontap:"+d.ID+"/"+c.ID {
			c.GUID = "" // what an export writes without it
		}
		d.Cards = append(d.Cards, c)
	}
	return d, nil
}

// headerNames are the column names of a spreadsheet's header row.
var headerNames = map[string]bool{"front": true, "back": true, "term": true, "definition": true,
	"question": true, "answer": true, "word": true, "meaning": true}

// isHeaderRow reports whether a first row names the columns rather than
// holding a card: "front,back", "term,definition", "question,answer".
func isHeaderRow(front, back string) bool {
	return headerNames[strings.ToLower(strings.TrimSpace(front))] && headerNames[strings.ToLower(strings.TrimSpace(back))]
}

func appendNew(list []string, more ...string) []string {
	for _, s := range more {
		dup := false
		for _, t := range list {
			dup = dup || t == s
		}
		if !dup {
			list = append(list, s)
		}
	}
	return list
}

// firstInvalid is the offset of the first byte that is not valid UTF-8.
func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// ankiClozeRE matches the opening of an Anki cloze deletion, {{c1::.
var ankiClozeRE = lazyRegexp(`\{\{c\d+::`)

// csvMessage rewords the errors of encoding/csv.
func csvMessage(err error) string {
	switch {
	case errors.Is(err, csv.ErrQuote):
		return `a field has a stray " (quote the whole field, and double the quotes inside it)`
	case errors.Is(err, csv.ErrBareQuote):
		return `a " in an unquoted field (quote the whole field, and double the quotes inside it)`
	}
	return err.Error()
}

// separator decides the separator: the header says, else the format
// option, else the extension, else the first data line.
func separator(path string, data []byte, h ankiHeader, format string) (rune, error) {
	if h.sep != 0 {
		return h.sep, nil
	}
	switch strings.ToLower(format) {
	case FormatCSV:
		return ',', nil
	case FormatTSV:
		return '\t', nil
	case "":
	default:
		return 0, &ImportError{Path: path, Msg: fmt.Sprintf("unknown format %q: want csv or tsv", format)}
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		return ',', nil
	case ".tsv", ".tab":
		return '\t', nil
	}
	rest := data
	for i := 0; i < h.lines; i++ {
		_, rest, _ = bytes.Cut(rest, []byte("\n"))
	}
	first, _, _ := bytes.Cut(rest, []byte("\n"))
	switch {
	case bytes.ContainsRune(first, '\t'):
		return '\t', nil
	case bytes.ContainsRune(first, ','):
		return ',', nil
	}
	return 0, &ImportError{Path: path, Line: h.lines + 1, Col: 1, Msg: "cannot tell how the columns are separated (no tab or comma on the first line); use --format csv or --format tsv"}
}

// columns returns the 1-based front, back and tags columns.
func columns(n int, h ankiHeader, opt ImportOptions) (front, back, tags int) {
	meta := map[int]bool{h.guidCol: true, h.notetypeCol: true, h.deckCol: true, h.tagsCol: true}
	var content []int
	for c := 1; c <= n; c++ {
		if !meta[c] {
			content = append(content, c)
		}
	}
	front, back, tags = opt.Front, opt.Back, opt.Tags
	if tags == 0 {
		tags = h.tagsCol
	}
	if front == 0 {
		for _, c := range content {
			if c != back && c != tags {
				front = c
				break
			}
		}
	}
	if back == 0 {
		for _, c := range content {
			if c != front && c != tags {
				back = c
				break
			}
		}
	}
	return front, back, tags
}

// checkColumns checks that the columns asked for exist in a row of n.
func checkColumns(path string, line, n int, h ankiHeader, opt ImportOptions) error {
	for _, c := range []struct {
		name string
		col  int
	}{{"--front", opt.Front}, {"--back", opt.Back}, {"--tags", opt.Tags}, {"#tags column", h.tagsCol}, {"#guid column", h.guidCol}} {
		if c.col < 0 || c.col > n {
			return &ImportError{Path: path, Line: line, Msg: fmt.Sprintf("%s %d: there are only %s", c.name, c.col, count(n, "column", "columns"))}
		}
	}
	front, back, _ := columns(n, h, opt)
	switch {
	case front == 0 || back == 0:
		return &ImportError{Path: path, Line: line, Col: 1, Msg: fmt.Sprintf("%s: want at least two, a front and a back (is the separator right? use --format)", count(n, "column", "columns"))}
	case front == back:
		return &ImportError{Path: path, Line: line, Msg: fmt.Sprintf("front and back are the same column (%d)", front)}
	}
	return nil
}

// lineSkipper reads data without its first skip lines, which are replaced
// by nothing: encoding/csv then counts lines from the first data line,
// and ImportCards adds skip back.
type lineSkipper struct {
	data []byte
	skip int
	done bool
}

func (l *lineSkipper) Read(p []byte) (int, error) {
	if !l.done {
		for ; l.skip > 0; l.skip-- {
			i := bytes.IndexByte(l.data, '\n')
			if i < 0 {
				l.data = nil
				break
			}
			l.data = l.data[i+1:]
		}
		l.done = true
	}
	if len(l.data) == 0 {
		return 0, io.EOF
	}
	n := copy(p, l.data)
	l.data = l.data[n:]
	return n, nil
}

var (
	htmlTagRE    = lazyRegexp(`(?i)</?(br|div|p|b|i|u|s|span|font|li|ul|ol|img|sub|sup|strong|em|a|hr|table|tr|td|th|h[1-6]|pre|code|blockquote)\b[^>]*>|&(nbsp|amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);`)
	htmlDropRE   = lazyRegexp(`(?is)<(script|style)\b[^>]*>.*?</(script|style)\s*>|<!--.*?-->`)
	htmlBreakRE  = lazyRegexp(`(?i)<br\s*/?>|</?(div|p|li|tr|h[1-6]|blockquote|pre)\b[^>]*>`)
	htmlAnyTagRE = lazyRegexp(`</?[a-zA-Z][^<>]*>`)
	divJoinRE    = lazyRegexp(`(?i)</(div|li|tr|h[1-6])>\s*<(div|li|tr|h[1-6])\b[^>]*>`)
	paraJoinRE   = lazyRegexp(`(?i)</p>\s*<p\b[^>]*>`)
	soundRE      = lazyRegexp(`\[sound:[^\]]*\]`)
	blankLinesRE = lazyRegexp(`\n{3,}`)
)

// looksLikeHTML reports whether s holds HTML markup: a common tag or an
// entity.
func looksLikeHTML(s string) bool { return htmlTagRE().MatchString(s) }

// HTMLToText turns the HTML of a note field into plain text: line breaks
// and block elements become newlines, other tags are dropped (scripts,
// styles and comments with their content), entities are decoded, and
// Anki's [sound:...] references removed. Spaces are tidied: no blank
// lines at either end, at most one blank line in a row.
func HTMLToText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\n", " ") // in HTML, newlines are spaces
	s = htmlDropRE().ReplaceAllString(s, "")
	s = divJoinRE().ReplaceAllString(s, "\n")
	s = paraJoinRE().ReplaceAllString(s, "\n\n")
	s = htmlBreakRE().ReplaceAllString(s, "\n")
	s = htmlAnyTagRE().ReplaceAllString(s, "")
	s = soundRE().ReplaceAllString(s, "")
	s = html.UnescapeString(s)
	s = strings.ReplaceAll(s, "\u00a0", " ")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.Join(strings.Fields(l), " ")
	}
	s = strings.Join(lines, "\n")
	s = blankLinesRE().ReplaceAllString(s, "\n\n")
	return strings.TrimSpace(s)
}
