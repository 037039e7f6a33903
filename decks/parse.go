package decks

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"golang.org/x/text/unicode/norm"
)

// Limits on what a deck file may hold. Each is reported as an error; none
// makes the loader crash or hang.
const (
	MaxFileSize    = 16 << 20 // bytes in one deck file
	MaxCards       = 100_000  // cards in one deck
	MaxStringBytes = 64 << 10 // bytes in one string value
	MaxArrayItems  = 1_000    // elements in one array value
	MaxDiagnostics = 1_000    // problems reported for one file; the rest are not
)

// ValidID reports whether s is a valid deck or card id:
// [a-z0-9][a-z0-9_-]* (FuzzValidID checks it against that expression).
func ValidID(s string) bool {
	if s == "" || s[0] == '_' || s[0] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// Keys of the [deck] table.
var deckKeys = []string{"id", "title", "description", "source", "tags", "retention",
	"scheduler", "new_per_day", "reviews_per_day", "case", "accents", "typos", "strict", "draft"}

// Keys of a [[source]] table.
var sourceKeys = []string{"id", "title", "date", "url"}

// Keys every card may have, whatever its kind.
var commonCardKeys = []string{"id", "kind", "tags", "hint", "explain", "source", "group",
	"case", "accents", "typos", "strict", "guid"}

// Keys that belong to each kind, besides the common ones.
var kindKeys = map[string][]string{
	KindBasic:     {"front", "back", "reverse"},
	KindTyped:     {"prompt", "answer", "accept"},
	KindCloze:     {"text"},
	KindChoice:    {"prompt", "answer", "choices", "accept"},
	KindMulti:     {"prompt", "choices", "answers"},
	KindTrueFalse: {"prompt", "answer"},
	KindNumber:    {"prompt", "answer", "unit", "tolerance"},
	KindList:      {"prompt", "items", "ordered"},
	KindOrder:     {"prompt", "items"},
}

// knownCardKeys is, for each kind, the keys its cards may have: the
// common ones, then those of the kind.
var knownCardKeys = func() map[string][]string {
	m := map[string][]string{}
	for kind, ks := range kindKeys {
		m[kind] = append(slices.Clone(commonCardKeys), ks...)
	}
	return m
}()

// allCardKeys is every key some kind of card may have, sorted.
var allCardKeys = func() []string {
	keys := slices.Clone(commonCardKeys)
	for _, ks := range kindKeys {
		keys = append(keys, ks...)
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}()

// Parse reads one deck file. path is used for positions in diagnostics,
// as Deck.Path, and for the default deck id (the file name without
// .toml; a "builtin:" prefix is ignored and marks the deck as built in).
// The deck is nil when there is any error; warnings come with a deck.
func Parse(path string, data []byte) (*Deck, Diagnostics) {
	d, _, diags := parse(path, data)
	return d, diags
}

// parse is Parse that also returns the position of the deck's id (for
// reporting duplicate ids across files).
func parse(path string, data []byte) (deck *Deck, idPos Pos, diags Diagnostics) {
	return parseWith(path, data, true)
}

// parseWith is parse, trying the fast path first when fast is set (the
// tests compare the two paths).
func parseWith(path string, data []byte, fast bool) (deck *Deck, idPos Pos, diags Diagnostics) {
	p := &parser{path: path, noFast: !fast}
	d := p.parse(data)
	sortDiagnostics(p.diags)
	if p.stopped != nil {
		p.diags = append(p.diags, *p.stopped)
	}
	if p.diags.HasErrors() {
		return nil, p.idPos, p.diags
	}
	return d, p.idPos, p.diags
}

type parser struct {
	path   string
	data   []byte
	idx    *posIndex // nil until needed when fast is set: see index
	fast   *fastDoc  // the file as read by the fast path, if it was
	noFast bool      // do not try the fast path
	diags  Diagnostics
	idPos  Pos

	sourceIDs []string // the ids of the [[source]] tables, valid or not

	stopped *Diagnostic // set after MaxDiagnostics problems: the last diagnostic
}

// full reports whether the parser has reported as many problems as it
// will; the last one says so.
func (p *parser) full() bool { return p.stopped != nil }

func (p *parser) errorf(pos Pos, format string, args ...any) {
	if p.full() {
		return
	}
	if len(p.diags) == MaxDiagnostics {
		p.stopped = &Diagnostic{Path: p.path, Pos: pos, Severity: SeverityError,
			Message: fmt.Sprintf("too many problems; stopping after %d", MaxDiagnostics)}
		return
	}
	p.diags = append(p.diags, Diagnostic{Path: p.path, Pos: pos, Severity: SeverityError,
		Message: fmt.Sprintf(format, args...)})
}

func (p *parser) warnf(pos Pos, format string, args ...any) {
	if p.full() || len(p.diags) >= MaxDiagnostics {
		return
	}
	p.diags = append(p.diags, Diagnostic{Path: p.path, Pos: pos, Severity: SeverityWarning,
		Message: fmt.Sprintf(format, args...)})
}

func (p *parser) parse(data []byte) *Deck {
	if len(data) > MaxFileSize {
		p.errorf(Pos{Line: 1, Col: 1}, "file is %d bytes; the limit is %d (16 MiB)", len(data), MaxFileSize)
		return nil
	}
	p.data = data
	if !p.noFast {
		if fd, ok := fastDecode(data); ok {
			p.fast = fd
			return p.deck(fd.doc)
		}
	}
	idx, limit := scan(data)
	p.idx = idx
	if limit != nil {
		p.errorf(limit.pos, "%s", limit.msg)
		return nil
	}
	doc, err := decode(data)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			pos := Pos{Line: max(pe.Position.Line, 1), Col: max(pe.Position.Col, 1)}
			if strings.Contains(pe.Message, "already been defined") {
				// The decoder points past the end of the line: point at
				// the key defined again instead.
				pos.Col = firstNonBlank(data, pos.Line)
			}
			p.errorf(pos, "syntax error: %s", pe.Message)
		} else {
			p.errorf(Pos{Line: 1, Col: 1}, "syntax error: %v", err)
		}
		return nil
	}
	return p.deck(doc)
}

// index returns the position index of the file, scanning the file for
// it when the fast path read the file.
func (p *parser) index() *posIndex {
	if p.idx == nil {
		p.idx, _ = scan(p.data)
	}
	return p.idx
}

// inCards reports whether path leads into a card or source table, where
// the fast path does not record positions.
func inCards(path string) bool {
	return strings.HasPrefix(path, "card"+pathSep) || strings.HasPrefix(path, "source"+pathSep)
}

// keyAt is the position of the key at path (see posIndex.key).
func (p *parser) keyAt(path string) Pos {
	if p.fast != nil && !inCards(path) {
		return p.fast.idx.key(path)
	}
	return p.index().key(path)
}

// valAt is the position of the value at path (see posIndex.val).
func (p *parser) valAt(path string) Pos {
	if p.fast != nil && !inCards(path) {
		return p.fast.idx.val(path)
	}
	return p.index().val(path)
}

// cardPos is where the i-th [[card]] header starts.
func (p *parser) cardPos(i int) Pos {
	if p.fast != nil {
		return p.fast.cards[i]
	}
	return p.index().key(joinPath("card", elemSeg(i)))
}

// decode decodes TOML into a map. The decoder is not ours: should it ever
// panic on some input, the file is reported as unreadable rather than
// taking the program down.
func decode(data []byte) (doc map[string]any, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, fmt.Errorf("cannot decode the file: %v", r)
		}
	}()
	_, err = toml.Decode(string(data), &doc)
	return doc, err
}

// firstNonBlank returns the column of the first non-blank byte of a line.
func firstNonBlank(data []byte, line int) int {
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			return 1
		}
		data = data[i+1:]
	}
	for i, c := range data {
		if c != ' ' && c != '\t' {
			return i + 1
		}
	}
	return 1
}

// table is one TOML table being validated: the deck, or a card.
type table struct {
	p     *parser
	m     map[string]any
	path  string // in the position index; "" for a card (see base)
	label string // how messages name it: `deck`; "" for a card (see name)
	card  int    // 1 + the index of the card, 0 for the deck
	id    string // the card's id, once known to be a non-empty string
}

// name is how messages name the table: its label, or `card "id"`, or
// `card #N` for a card without an id.
func (t *table) name() string {
	switch {
	case t.label != "":
		return t.label
	case t.id != "":
		return "card " + quote(t.id)
	}
	return fmt.Sprintf("card #%d", t.card)
}

// base is the path of the table in the position index.
func (t *table) base() string {
	if t.path == "" && t.card > 0 {
		return joinPath("card", elemSeg(t.card-1))
	}
	return t.path
}

// keyPos is where key is written in the table (or the table itself when
// the key is absent).
func (t *table) keyPos(key string) Pos { return t.p.keyAt(joinPath(t.base(), key)) }

// valPos is where the value of key starts.
func (t *table) valPos(key string) Pos {
	if f := t.p.fast; f != nil && t.card > 0 && key == "id" {
		if pos := f.cardIDs[t.card-1]; pos != (Pos{}) {
			return pos
		}
	}
	return t.p.valAt(joinPath(t.base(), key))
}

func (t *table) errorf(pos Pos, format string, args ...any) {
	t.p.errorf(pos, "%s: %s", t.name(), fmt.Sprintf(format, args...))
}

// typeName names the TOML type of a decoded value, for messages.
func typeName(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a float"
	case bool:
		return "a boolean"
	case time.Time:
		return "a date"
	case []any, []map[string]any:
		return "an array"
	case map[string]any:
		return "a table"
	}
	return fmt.Sprintf("a %T", v)
}

// clean normalises decoded text: NFC, surrounding whitespace trimmed.
func clean(s string) string {
	if !isASCII(s) {
		s = norm.NFC.String(s) // s itself when it is already NFC
	}
	return strings.TrimSpace(s)
}

// isASCII reports whether s is all ASCII (and so in NFC).
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// quote quotes a value from the file for a message, shortened when long.
func quote(s string) string {
	const max = 60
	if utf8.RuneCountInString(s) > max {
		r := []rune(s)
		s = string(r[:max]) + "…"
	}
	return strconv.Quote(s)
}

// tooLong reports a string (what, at pos) over MaxStringBytes.
func (t *table) tooLong(pos Pos, what, s string) {
	t.errorf(pos, "%s is %d bytes long; the limit is %d (64 KiB)", what, len(s), MaxStringBytes)
}

// str returns the string at key. A missing required key, a value of
// another type, an empty required value or an oversize string is an error.
func (t *table) str(key string, required bool) (string, bool) {
	v, ok := t.m[key]
	if !ok {
		if required {
			t.errorf(t.keyPos(key), "missing required key %q", key)
		}
		return "", false
	}
	s, isStr := v.(string)
	if !isStr {
		t.errorf(t.valPos(key), "key %q must be a string, not %s", key, typeName(v))
		return "", false
	}
	if len(s) > MaxStringBytes {
		t.tooLong(t.valPos(key), fmt.Sprintf("key %q", key), s)
		return "", false
	}
	s = clean(s)
	if required && s == "" {
		t.errorf(t.valPos(key), "key %q must not be empty", key)
		return "", false
	}
	return s, true
}

// boolean returns the boolean at key (def when absent).
func (t *table) boolean(key string, def bool) (bool, bool) {
	v, ok := t.m[key]
	if !ok {
		return def, false
	}
	b, isBool := v.(bool)
	if !isBool {
		t.errorf(t.valPos(key), "key %q must be a boolean, not %s", key, typeName(v))
		return def, false
	}
	return b, true
}

// number returns the integer or float at key.
func (t *table) number(key string) (float64, bool) {
	v, ok := t.m[key]
	if !ok {
		return 0, false
	}
	var f float64
	switch n := v.(type) {
	case int64:
		f = float64(n)
	case float64:
		f = n
	default:
		hint := ""
		if s, isStr := v.(string); isStr {
			if _, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil {
				hint = fmt.Sprintf(" (write %s without quotes)", strings.TrimSpace(s))
			}
		}
		t.errorf(t.valPos(key), "key %q must be a number, not %s%s", key, typeName(v), hint)
		return 0, false
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		t.errorf(t.valPos(key), "key %q must be a finite number, not %v", key, f)
		return 0, false
	}
	return f, true
}

// integer returns the non-negative integer at key.
func (t *table) count(key string) (int, bool) {
	v, ok := t.m[key]
	if !ok {
		return 0, false
	}
	n, isInt := v.(int64)
	if !isInt {
		t.errorf(t.valPos(key), "key %q must be an integer, not %s", key, typeName(v))
		return 0, false
	}
	if n < 0 || n > math.MaxInt32 {
		t.errorf(t.valPos(key), "key %q must be between 0 and %d, not %d", key, math.MaxInt32, n)
		return 0, false
	}
	return int(n), true
}

// strings returns the array of strings at key; every element must be a
// non-empty string.
func (t *table) strings(key string, required bool) ([]string, bool) {
	v, ok := t.m[key]
	if !ok {
		if required {
			t.errorf(t.keyPos(key), "missing required key %q", key)
		}
		return nil, false
	}
	arr, isArr := v.([]any)
	if !isArr {
		t.errorf(t.valPos(key), "key %q must be an array of strings, not %s", key, typeName(v))
		return nil, false
	}
	if len(arr) > MaxArrayItems {
		t.errorf(t.valPos(key), "key %q has %d items; the limit is %d", key, len(arr), MaxArrayItems)
		return nil, false
	}
	out := make([]string, 0, len(arr))
	good := true
	// Where element i is, and how messages name it (only for messages).
	pos := func(i int) Pos { return t.p.valAt(joinPath(t.base(), key, elemSeg(i))) }
	what := func(i int) string { return fmt.Sprintf("%s[%d]", key, i) }
	for i, e := range arr {
		s, isStr := e.(string)
		if !isStr {
			t.errorf(pos(i), "%s must be a string, not %s", what(i), typeName(e))
			good = false
			continue
		}
		if len(s) > MaxStringBytes {
			t.tooLong(pos(i), what(i), s)
			good = false
			continue
		}
		s = clean(s)
		if s == "" {
			t.errorf(pos(i), "%s must not be empty", what(i))
			good = false
			continue
		}
		out = append(out, s)
	}
	return out, good
}

// enum returns the string at key, which must be one of want.
func (t *table) enum(key string, want ...string) (string, bool) {
	s, ok := t.str(key, false)
	if !ok {
		return "", false
	}
	if slices.Contains(want, s) {
		return s, true
	}
	t.errorf(t.valPos(key), "%s %s is not valid%s", key, quote(s), choices(s, want))
	return "", false
}

// choices ends a message about a value s that is not one of want:
// `; did you mean "a"?` when s is close to one, or `; want one of a, b`.
func choices(s string, want []string) string {
	if m := suggest(s, want); m != "" {
		return fmt.Sprintf("; did you mean %q?", m)
	}
	return "; want one of " + strings.Join(want, ", ")
}

// article is "a" or "an", as the kind of card that follows needs.
func article(kind string) string {
	if kind != "" && strings.ContainsRune("aeiou", rune(kind[0])) {
		return "an"
	}
	return "a"
}

// unknownKeys reports the keys of the table that are not in known. Keys in
// elsewhere (known to other kinds of cards) get their own message.
func (t *table) unknownKeys(known, elsewhere []string, kind string) {
	unknown := false
	for k := range t.m {
		if !slices.Contains(known, k) {
			unknown = true
			break
		}
	}
	if !unknown {
		return // the usual case: nothing to report
	}
	keys := make([]string, 0, len(t.m))
	for k := range t.m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if t.p.full() {
			return
		}
		if slices.Contains(known, k) {
			continue
		}
		if slices.Contains(elsewhere, k) {
			t.errorf(t.keyPos(k), "key %q does not belong to %s %s card", k, article(kind), kind)
			continue
		}
		msg := fmt.Sprintf("unknown key %s", quote(k))
		m, o := suggest(k, known), suggest(k, elsewhere)
		switch {
		case o != "" && !slices.Contains(known, o) && (m == "" || editDistance(strings.ToLower(k), o) < editDistance(strings.ToLower(k), m)):
			// A closer key of another kind: say so rather than suggest a far one.
			msg += fmt.Sprintf("; did you mean %q? (it does not belong to %s %s card either)", o, article(kind), kind)
		case m != "":
			msg += fmt.Sprintf("; did you mean %q?", m)
		}
		t.errorf(t.keyPos(k), "%s", msg)
	}
}

// policy reads case, accents, typos and strict over the policy base.
func (t *table) policy(base Policy) Policy {
	if s, ok := t.enum("case", "ignore", "exact"); ok {
		base.CaseSensitive = s == "exact"
	}
	if s, ok := t.enum("accents", AccentsLenient, AccentsExact, AccentsIgnore); ok {
		base.Accents = s
	}
	if b, ok := t.boolean("typos", base.Typos); ok {
		base.Typos = b
	}
	if b, ok := t.boolean("strict", base.Strict); ok {
		base.Strict = b
	}
	return base
}

// deckID is the default deck id for a path: its file name without .toml.
func deckID(path string) string {
	path = strings.TrimPrefix(path, "builtin:")
	return strings.TrimSuffix(filepath.Base(path), ".toml")
}

func (p *parser) deck(doc map[string]any) *Deck {
	d := &Deck{Path: p.path, Builtin: strings.HasPrefix(p.path, "builtin:"), Policy: DefaultPolicy()}
	p.rootKeys(doc)

	dv, ok := doc["deck"]
	dm, isTable := dv.(map[string]any)
	switch {
	case !ok:
		p.errorf(Pos{Line: 1, Col: 1}, "missing [deck] table")
		dm = map[string]any{}
	case !isTable:
		p.errorf(p.valAt("deck"), "\"deck\" must be a table ([deck]), not %s", typeName(dv))
		dm = map[string]any{}
	}
	dt := &table{p: p, m: dm, path: "deck", label: "deck"}
	if _, ok := dm["card"]; ok {
		dt.errorf(dt.keyPos("card"), "\"card\" is inside the [deck] table: write the cards as [[card]] tables after the deck's keys")
		dm = maps.Clone(dm)
		delete(dm, "card")
		dt.m = dm
	}
	dt.unknownKeys(deckKeys, nil, "")
	p.idPos = dt.keyPos("id")
	if id, ok := dt.str("id", false); ok {
		p.idPos = dt.valPos("id")
		if !ValidID(id) {
			dt.errorf(dt.valPos("id"), "id %s is not valid: use lower-case letters, digits, '-' and '_', starting with a letter or digit", quote(id))
		}
		d.ID = id
	} else if _, present := dm["id"]; !present {
		d.ID = deckID(p.path)
		if !ValidID(d.ID) {
			p.errorf(dt.keyPos("id"), "deck: the file name gives the id %s, which is not valid; set id = \"...\" in [deck] (lower-case letters, digits, '-' and '_')", quote(d.ID))
		}
	}
	if _, present := doc["deck"]; present {
		d.Title, _ = dt.str("title", true)
	}
	d.Description, _ = dt.str("description", false)
	d.Source, _ = dt.str("source", false)
	d.Tags, _ = dt.strings("tags", false)
	if r, ok := dt.number("retention"); ok {
		if r <= 0 || r >= 1 {
			dt.errorf(dt.valPos("retention"), "retention must be between 0 and 1 (exclusive), not %v", r)
		} else {
			d.Retention = r
		}
	}
	d.Scheduler, _ = dt.enum("scheduler", "fsrs", "sm2")
	d.NewPerDay, _ = dt.count("new_per_day")
	d.ReviewsPerDay, _ = dt.count("reviews_per_day")
	d.Policy = dt.policy(DefaultPolicy())
	d.Draft, _ = dt.boolean("draft", false)
	p.sources(doc, d)

	cards := p.cardTables(doc)
	if cards == nil {
		return d
	}
	if len(cards) > MaxCards {
		p.errorf(p.keyAt(joinPath("card", elemSeg(MaxCards))), "too many cards: the limit is %d per deck", MaxCards)
		return d
	}
	seen := make(map[string]Pos, len(cards))
	d.Cards = make([]*Card, 0, len(cards))
	for i, cv := range cards {
		if p.full() {
			return d
		}
		c := p.card(d, i, cv, seen)
		if c != nil {
			d.Cards = append(d.Cards, c)
		}
	}
	p.checkGroups(d)
	return d
}

// sourceDateRE is what a source's date looks like: a year, a month or a
// day.
var sourceDateRE = lazyRegexp(`^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$`)

// sources reads the [[source]] tables into d.Sources.
func (p *parser) sources(doc map[string]any, d *Deck) {
	v, ok := doc["source"]
	if !ok {
		return
	}
	tables, ok := v.([]map[string]any)
	if !ok {
		return // reported by rootKeys
	}
	if len(tables) > MaxArrayItems {
		p.errorf(p.keyAt(joinPath("source", elemSeg(MaxArrayItems))), "too many [[source]] tables: the limit is %d per deck", MaxArrayItems)
		return
	}
	seen := map[string]int{}
	for i, m := range tables {
		if p.full() {
			return
		}
		t := &table{p: p, m: m, path: joinPath("source", elemSeg(i)), label: fmt.Sprintf("source #%d", i+1)}
		var s Source
		good := true
		if id, ok := t.str("id", true); ok {
			t.label = "source " + quote(id)
			switch first, dup := seen[id]; {
			case !ValidID(id):
				t.errorf(t.valPos("id"), "id %s is not valid: use lower-case letters, digits, '-' and '_', starting with a letter or digit", quote(id))
				good = false
			case dup:
				t.errorf(t.valPos("id"), "duplicate source id; the first is at line %d", first)
				good = false
			default:
				seen[id] = t.valPos("id").Line
				p.sourceIDs = append(p.sourceIDs, id)
			}
			s.ID = id
		} else {
			good = false
		}
		t.unknownKeys(sourceKeys, nil, "")
		var titleOK bool
		s.Title, titleOK = t.str("title", true)
		if date, isTime := m["date"].(time.Time); isTime {
			t.errorf(t.valPos("date"), "date must be a string, as in date = %q", date.Format("2006-01-02"))
		} else if s.Date, _ = t.str("date", false); s.Date != "" && !sourceDateRE().MatchString(s.Date) {
			t.errorf(t.valPos("date"), "date %s is not valid: write a year, a month or a day, as in \"2024\", \"2024-12\" or \"2024-12-23\"", quote(s.Date))
		}
		if s.URL, _ = t.str("url", false); s.URL != "" && !strings.HasPrefix(s.URL, "https://") && !strings.HasPrefix(s.URL, "http://") {
			t.errorf(t.valPos("url"), "url %s is not valid: want an address starting with https:// or http://", quote(s.URL))
		}
		if good && titleOK {
			d.Sources = append(d.Sources, s)
		}
	}
}

// rootKeys reports top-level keys and tables other than [deck] and [[card]].
func (p *parser) rootKeys(doc map[string]any) {
	keys := make([]string, 0, len(doc))
	for k := range doc {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if p.full() {
			return
		}
		pos := p.keyAt(k)
		switch v := doc[k]; {
		case k == "deck" || k == "card" || k == "source" && isTableArray(v):
		case slices.Contains(deckKeys, k):
			p.errorf(pos, "key %q belongs in the [deck] table: move it after the [deck] line", k)
		case isTableArray(v):
			if m := suggest(k, []string{"card", "source"}); m != "" {
				p.errorf(pos, "unknown table [[%s]]; did you mean [[%s]]?", k, m)
			} else {
				p.errorf(pos, "unknown table [[%s]]; want [deck], [[source]] and [[card]] tables", k)
			}
		case isTable(v):
			if m := suggest(k, []string{"deck"}); m != "" {
				p.errorf(pos, "unknown table [%s]; did you mean [%s]?", k, m)
			} else {
				p.errorf(pos, "unknown table [%s]; want [deck], [[source]] and [[card]] tables", k)
			}
		default:
			msg := fmt.Sprintf("unknown top-level key %s", quote(k))
			if m := suggest(k, deckKeys); m != "" {
				msg += fmt.Sprintf("; did you mean %q in the [deck] table?", m)
			}
			p.errorf(pos, "%s", msg)
		}
	}
}

func isTable(v any) bool {
	_, ok := v.(map[string]any)
	return ok
}

func isTableArray(v any) bool {
	_, ok := v.([]map[string]any)
	return ok
}

// cardTables returns the card tables, or nil after reporting that "card"
// is not an array of tables. An absent "card" gives an empty list.
func (p *parser) cardTables(doc map[string]any) []any {
	cv, ok := doc["card"]
	if !ok {
		return []any{}
	}
	switch c := cv.(type) {
	case []map[string]any:
		out := make([]any, len(c))
		for i := range c {
			out[i] = c[i]
		}
		return out
	case []any:
		return c
	}
	p.errorf(p.valAt("card"), "\"card\" must be an array of tables ([[card]]), not %s", typeName(cv))
	return nil
}

// card validates the i-th card. seen maps the card ids so far to where
// they are written.
func (p *parser) card(d *Deck, i int, cv any, seen map[string]Pos) *Card {
	header := p.cardPos(i)
	m, ok := cv.(map[string]any)
	if !ok {
		p.errorf(p.valAt(joinPath("card", elemSeg(i))), "card #%d must be a table, not %s", i+1, typeName(cv))
		return nil
	}
	t := &table{p: p, m: m, card: i + 1} // path: see base
	c := &Card{Pos: header}
	if id, ok := t.str("id", true); ok {
		t.id = id
		switch first, dup := seen[id]; {
		case !ValidID(id):
			t.errorf(t.valPos("id"), "id %s is not valid: use lower-case letters, digits, '-' and '_', starting with a letter or digit", quote(id))
		case dup:
			t.errorf(t.valPos("id"), "duplicate card id; the first is at line %d", first.Line)
		default:
			seen[id] = t.valPos("id")
		}
		c.ID = id
	}
	kind, kindOK := t.str("kind", true)
	if kindOK && kindKeys[kind] == nil {
		t.errorf(t.valPos("kind"), "unknown kind %s%s", quote(kind), choices(kind, Kinds))
		kindOK = false
	}
	if !kindOK {
		t.unknownKeys(allCardKeys, nil, "")
		return c
	}
	c.Kind = kind
	known := knownCardKeys[kind]
	t.unknownKeys(known, allCardKeys, kind)

	c.Tags, _ = t.strings("tags", false)
	c.Hint, _ = t.str("hint", false)
	c.Explain, _ = t.str("explain", false)
	c.Source, _ = t.str("source", false)
	if c.Source != "" && len(p.sourceIDs) > 0 && !slices.Contains(p.sourceIDs, c.Source) {
		t.errorf(t.valPos("source"), "source %s is not the id of one of the deck's [[source]] tables%s", quote(c.Source), choices(c.Source, p.sourceIDs))
	}
	c.Group, _ = t.str("group", false)
	c.GUID, _ = t.str("guid", false)
	c.Policy = t.policy(d.Policy)

	switch kind {
	case KindBasic:
		c.Front, _ = t.str("front", true)
		c.Back, _ = t.str("back", true)
		c.Reverse, _ = t.boolean("reverse", false)
		t.answerInPrompt(c.Front, c.Back, "back", "front")
		if c.Reverse {
			t.answerInPrompt(c.Back, c.Front, "front", "back")
		}
	case KindTyped:
		c.Prompt, _ = t.str("prompt", true)
		c.Answer, _ = t.str("answer", true)
		c.Accept, _ = t.strings("accept", false)
		t.answerInPrompt(c.Prompt, c.Answer, "answer", "prompt")
	case KindCloze:
		c.Text, _ = t.str("text", true)
		t.checkCloze(c.Text)
	case KindChoice:
		c.Prompt, _ = t.str("prompt", true)
		c.Answer, _ = t.str("answer", true)
		c.Accept, _ = t.strings("accept", false)
		var choicesOK bool
		c.Choices, choicesOK = t.strings("choices", false)
		_, hasChoices := m["choices"]
		switch {
		case hasChoices && choicesOK:
			t.checkChoices(c.Choices)
			if c.Answer != "" && !slices.Contains(c.Choices, c.Answer) {
				t.errorf(t.valPos("choices"), "the answer %s is not among the choices", quote(c.Answer))
			}
		case !hasChoices && c.Group == "":
			t.errorf(t.keyPos("choices"), "a choice card needs choices = [...] or a group shared with other cards")
		}
		t.answerInPrompt(c.Prompt, c.Answer, "answer", "prompt")
	case KindMulti:
		c.Prompt, _ = t.str("prompt", true)
		var choicesOK bool
		c.Choices, choicesOK = t.strings("choices", true)
		if choicesOK {
			t.checkChoices(c.Choices)
		}
		var answersOK bool
		c.Answers, answersOK = t.strings("answers", true)
		if answersOK {
			if len(c.Answers) == 0 {
				t.errorf(t.valPos("answers"), "answers must list at least one of the choices")
			}
			t.checkDistinct("answers", c.Answers)
			if choicesOK {
				for k, a := range c.Answers {
					if !slices.Contains(c.Choices, a) {
						t.errorf(t.p.valAt(joinPath(t.base(), "answers", elemSeg(k))), "answer %s is not among the choices", quote(a))
					}
				}
			}
		}
	case KindTrueFalse:
		c.Prompt, _ = t.str("prompt", true)
		if _, ok := m["answer"]; !ok {
			t.errorf(t.keyPos("answer"), "missing required key %q", "answer")
		} else {
			c.Truth, _ = t.boolean("answer", false)
		}
	case KindNumber:
		c.Prompt, _ = t.str("prompt", true)
		if _, ok := m["answer"]; !ok {
			t.errorf(t.keyPos("answer"), "missing required key %q", "answer")
		} else if v, ok := t.number("answer"); ok {
			c.Number = v
			t.answerInPrompt(c.Prompt, FormatNumber(v), "answer", "prompt")
		}
		c.Unit, _ = t.str("unit", false)
		t.tolerance(c)
	case KindList, KindOrder:
		c.Prompt, _ = t.str("prompt", true)
		items, ok := t.strings("items", true)
		c.Items = items
		min := 1
		if kind == KindOrder {
			min = 2
		}
		if ok {
			if len(items) < min {
				t.errorf(t.valPos("items"), "%s %s card needs at least %s in items, not %d", article(kind), kind, count(min, "item", "items"), len(items))
			}
			t.checkDistinct("items", items)
		}
		if kind == KindList {
			c.Ordered, _ = t.boolean("ordered", false)
		}
	}
	return c
}

// checkChoices checks that there are at least two choices, all distinct.
func (t *table) checkChoices(choices []string) {
	if len(choices) < 2 {
		t.errorf(t.valPos("choices"), "choices must list at least 2 options, not %d", len(choices))
	}
	t.checkDistinct("choices", choices)
}

// checkDistinct reports elements of an array that repeat an earlier one,
// ignoring case.
func (t *table) checkDistinct(key string, list []string) {
	twice := func(k int) {
		t.errorf(t.p.valAt(joinPath(t.base(), key, elemSeg(k))), "%s[%d] %s is listed twice", key, k, quote(list[k]))
	}
	const short = 16
	if len(list) > short {
		seen := map[string]bool{}
		for k, s := range list {
			l := strings.ToLower(s)
			if seen[l] {
				twice(k)
			}
			seen[l] = true
		}
		return
	}
	// A short list: its elements lower-cased one after the other in one
	// buffer (on the stack when they fit), each compared with those before.
	var buf [1024]byte
	var ends [short]int // where each lower-cased element ends in lower
	lower := buf[:0]
	for k, s := range list {
		start := len(lower)
		lower = appendLower(lower, s)
		l := lower[start:]
		prev := 0
		for j := range k {
			if bytes.Equal(lower[prev:ends[j]], l) {
				twice(k)
				break
			}
			prev = ends[j]
		}
		ends[k] = len(lower)
	}
}

// checkCloze checks the deletions of a cloze text.
func (t *table) checkCloze(text string) {
	if text == "" {
		return
	}
	pos := func() Pos { return t.valPos("text") }
	answers, unbalanced := clozeParts(text)
	if len(answers) == 0 {
		t.errorf(pos(), "cloze text has no deletion: mark the answers as {{answer}} or {{answer::hint}}")
		return
	}
	for k, a := range answers {
		if a == "" {
			t.errorf(pos(), "cloze deletion %d is empty", k+1)
		}
		if strings.Contains(a, "{{") {
			t.errorf(pos(), "cloze deletion %d is not closed before the next one opens", k+1)
		}
	}
	if unbalanced {
		t.errorf(pos(), "cloze text has an unbalanced {{ or }} (deletions must be on one line)")
	}
}

// clozeParts returns what ClozeDeletions does for the answers of text,
// and whether the text without its deletions (clozeRE().ReplaceAllString(text,
// "")) still holds a "{{" or a "}}", without the regular expression.
func clozeParts(text string) (answers []string, unbalanced bool) {
	var last byte // the last byte of the text kept so far
	keep := func(seg string) {
		if seg == "" {
			return
		}
		if strings.Contains(seg, "{{") || strings.Contains(seg, "}}") ||
			last == '{' && seg[0] == '{' || last == '}' && seg[0] == '}' {
			unbalanced = true
		}
		last = seg[len(seg)-1]
	}
	kept := 0 // end of the last deletion
	for i := 0; i < len(text); {
		j := strings.Index(text[i:], "{{")
		if j < 0 {
			break
		}
		start := i + j
		k := strings.Index(text[start+2:], "}}")
		if k < 0 {
			break
		}
		inner := text[start+2 : start+2+k]
		if nl := strings.IndexByte(inner, '\n'); nl >= 0 {
			// No deletion starts before the newline: the first "}}"
			// after any of them is past it.
			i = start + 2 + nl + 1
			continue
		}
		a, _, _ := strings.Cut(inner, "::")
		answers = append(answers, strings.TrimSpace(a))
		keep(text[kept:start])
		kept = start + 2 + k + 2
		i = kept
	}
	keep(text[kept:])
	return answers, unbalanced
}

// tolerance reads the tolerance of a number card.
func (t *table) tolerance(c *Card) {
	v, ok := t.m["tolerance"]
	if !ok {
		return
	}
	if s, isStr := v.(string); isStr {
		num, pct := strings.CutSuffix(strings.TrimSpace(s), "%")
		f, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
		if !pct || err != nil || f < 0 || math.IsNaN(f) || math.IsInf(f, 0) {
			t.errorf(t.valPos("tolerance"), "tolerance %s is not valid: write a non-negative number, or a percentage such as \"5%%\"", quote(s))
			return
		}
		c.Tolerance, c.TolerancePct = f, true
		return
	}
	f, ok := t.number("tolerance")
	if !ok {
		return
	}
	if f < 0 {
		t.errorf(t.valPos("tolerance"), "tolerance must not be negative, not %v", f)
		return
	}
	c.Tolerance = f
}

// answerInPrompt warns when the answer appears, as a whole word or phrase
// and ignoring case, in the prompt: the card gives itself away.
func (t *table) answerInPrompt(prompt, answer, answerKey, promptKey string) {
	if prompt == "" || answer == "" || !containsWord(prompt, answer) {
		return
	}
	t.p.warnf(t.valPos(answerKey), "%s: the %s %s appears in the %s", t.name(), answerKey, quote(answer), promptKey)
}

// containsWord reports whether word occurs in text, ignoring case, not as
// part of a longer word or number.
func containsWord(text, word string) bool {
	var sbuf, nbuf [256]byte // most prompts fit: no allocation for them
	s, needle := appendLower(sbuf[:0], text), appendLower(nbuf[:0], word)
	isWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }
	for off := 0; off <= len(s); {
		i := bytes.Index(s[off:], needle)
		if i < 0 {
			return false
		}
		start, end := off+i, off+i+len(needle)
		before, _ := utf8.DecodeLastRune(s[:start])
		after, _ := utf8.DecodeRune(s[end:])
		firstN, _ := utf8.DecodeRune(needle)
		lastN, _ := utf8.DecodeLastRune(needle)
		okBefore := start == 0 || !isWord(before) || !isWord(firstN)
		okAfter := end == len(s) || !isWord(after) || !isWord(lastN)
		if okBefore && okAfter {
			return true
		}
		_, size := utf8.DecodeRune(s[start:])
		off = start + size
	}
	return false
}

// appendLower appends strings.ToLower(s) to b.
func appendLower(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			// As strings.Map(unicode.ToLower, s[i:]) writes it: invalid
			// bytes become U+FFFD.
			for _, r := range s[i:] {
				b = utf8.AppendRune(b, unicode.ToLower(r))
			}
			return b
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
}

// checkGroups checks that every choice card drawing its options from a
// group gets at least one distractor.
// A card has a distractor when its group holds at least two different
// answers (ignoring case), its own included: counted per group, so that
// large groups take linear time.
func (p *parser) checkGroups(d *Deck) {
	answers := map[string]map[string]bool{} // group → lower-cased answers
	for _, c := range d.Cards {
		if c.Group == "" {
			continue
		}
		set := answers[c.Group]
		if set == nil {
			set = map[string]bool{}
			answers[c.Group] = set
		}
		if len(set) >= 2 {
			continue // enough to know
		}
		for _, a := range groupAnswers(c) {
			if a != "" {
				set[strings.ToLower(a)] = true
			}
		}
	}
	for i, c := range d.Cards {
		if c.Kind != KindChoice || len(c.Choices) > 0 || c.Group == "" || c.Answer == "" {
			continue
		}
		if len(answers[c.Group]) < 2 {
			pos := p.valAt(joinPath("card", elemSeg(i), "group"))
			p.errorf(pos, "card %s: group %s gives no distractors: no other card of the group has a different answer", quote(c.ID), quote(c.Group))
		}
	}
}

// Suggest returns the candidate closest to s when it is close enough to
// be a likely typo of it (a deck id, a key), and "" otherwise.
func Suggest(s string, candidates []string) string { return suggest(s, candidates) }

// suggest returns the candidate closest to s when it is close enough to be
// a likely typo (same letters in another case, or a small edit distance),
// and "" otherwise.
func suggest(s string, candidates []string) string {
	best, bestDist := "", math.MaxInt
	for _, c := range candidates {
		if strings.EqualFold(s, c) {
			return c
		}
		d := editDistance(strings.ToLower(s), c)
		if d < bestDist {
			best, bestDist = c, d
		}
	}
	limit := 1
	if utf8.RuneCountInString(s) >= 5 {
		limit = 2
	}
	if bestDist <= limit {
		return best
	}
	return ""
}

// editDistance is the edit distance between a and b, in runes: insertions,
// deletions, substitutions and transpositions of two neighbours (the
// optimal string alignment distance), so that "mien" is one edit from
// "mine". Long strings are not compared (they are never typos of a short
// key).
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 || len(rb) > 64 {
		return math.MaxInt
	}
	rows := [3][]int{make([]int, len(rb)+1), make([]int, len(rb)+1), make([]int, len(rb)+1)}
	pp, prev, cur := rows[0], rows[1], rows[2] // rows i-2, i-1, i
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], pp[j-2]+1)
			}
		}
		pp, prev, cur = prev, cur, pp
	}
	return prev[len(rb)]
}
