package decks

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
)

// The deck cache (see cmd/ontap) keeps parsed decks in the database so
// that unchanged deck files are not parsed again: a header per deck, and
// each card on its own, so that a session can load only the cards it asks.
// CodecVersion changes whenever the encoding or the meaning of a field
// changes; cached entries of another version are parsed again.
const CodecVersion = 3 // 2: binary deck headers (were JSON); 3: drafts, the strict flag, card guids, sources

// EncodeCard appends the compact binary encoding of c to b. Every field of
// Card is encoded (TestCardCodecCoversEveryField fills each one).
func EncodeCard(b []byte, c *Card) []byte {
	b = appendStr(b, c.ID)
	b = appendStr(b, c.Kind)
	b = appendStrs(b, c.Tags)
	b = appendStr(b, c.Hint)
	b = appendStr(b, c.Explain)
	b = appendStr(b, c.Source)
	b = appendStr(b, c.Group)
	b = appendStr(b, c.GUID)
	b = appendStr(b, c.Front)
	b = appendStr(b, c.Back)
	b = appendStr(b, c.Prompt)
	b = appendStr(b, c.Answer)
	b = appendStrs(b, c.Accept)
	b = appendStr(b, c.Text)
	b = appendStrs(b, c.Choices)
	b = appendStrs(b, c.Answers)
	b = appendFloat(b, c.Number)
	b = appendStr(b, c.Unit)
	b = appendFloat(b, c.Tolerance)
	b = appendStrs(b, c.Items)
	b = appendStr(b, c.Policy.Accents)
	b = appendFlags(b, c.Reverse, c.Truth, c.TolerancePct, c.Ordered, c.Policy.CaseSensitive, c.Policy.Typos, c.Policy.Strict)
	b = binary.AppendUvarint(b, uint64(max(c.Pos.Line, 0)))
	b = binary.AppendUvarint(b, uint64(max(c.Pos.Col, 0)))
	return b
}

// errCorrupt is returned for an encoding that does not decode: the cache
// entry is then parsed again from its file.
var errCorrupt = errors.New("decks: corrupt cached card")

// DecodeCard decodes a card encoded by EncodeCard.
func DecodeCard(b []byte) (*Card, error) {
	r := reader{b: b}
	c := &Card{}
	c.ID = r.str()
	c.Kind = r.str()
	c.Tags = r.strs()
	c.Hint = r.str()
	c.Explain = r.str()
	c.Source = r.str()
	c.Group = r.str()
	c.GUID = r.str()
	c.Front = r.str()
	c.Back = r.str()
	c.Prompt = r.str()
	c.Answer = r.str()
	c.Accept = r.strs()
	c.Text = r.str()
	c.Choices = r.strs()
	c.Answers = r.strs()
	c.Number = r.float()
	c.Unit = r.str()
	c.Tolerance = r.float()
	c.Items = r.strs()
	c.Policy.Accents = r.str()
	r.flags(&c.Reverse, &c.Truth, &c.TolerancePct, &c.Ordered, &c.Policy.CaseSensitive, &c.Policy.Typos, &c.Policy.Strict)
	line, col := r.uvarint(), r.uvarint()
	if line > math.MaxInt32 || col > math.MaxInt32 {
		return nil, errCorrupt
	}
	c.Pos.Line, c.Pos.Col = int(line), int(col)
	if r.err || len(r.b) != 0 {
		return nil, errCorrupt
	}
	return c, nil
}

func appendStr(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// appendStrs keeps nil and empty apart: nil is written as 0, a slice of n
// strings as n+1.
func appendStrs(b []byte, ss []string) []byte {
	if ss == nil {
		return binary.AppendUvarint(b, 0)
	}
	b = binary.AppendUvarint(b, uint64(len(ss))+1)
	for _, s := range ss {
		b = appendStr(b, s)
	}
	return b
}

// appendFlags appends bools as the bits of one uvarint, the first the
// lowest.
func appendFlags(b []byte, fs ...bool) []byte {
	var bits uint64
	for i, f := range fs {
		if f {
			bits |= 1 << i
		}
	}
	return binary.AppendUvarint(b, bits)
}

func appendFloat(b []byte, f float64) []byte {
	return binary.LittleEndian.AppendUint64(b, math.Float64bits(f))
}

// reader decodes what the append functions wrote; err is set on the first
// problem and everything after reads as zero.
type reader struct {
	b   []byte
	err bool
}

func (r *reader) uvarint() uint64 {
	if r.err {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = true
		return 0
	}
	r.b = r.b[n:]
	return v
}

// flags decodes what appendFlags wrote into fs.
func (r *reader) flags(fs ...*bool) {
	bits := r.uvarint()
	for i, f := range fs {
		*f = bits&(1<<i) != 0
	}
}

// varint decodes what binary.AppendVarint wrote: a zigzag uvarint.
func (r *reader) varint() int64 {
	ux := r.uvarint()
	x := int64(ux >> 1)
	if ux&1 != 0 {
		x = ^x
	}
	return x
}

func (r *reader) str() string {
	n := r.uvarint()
	if r.err || n > uint64(len(r.b)) {
		r.err = true
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

func (r *reader) strs() []string {
	n := r.uvarint()
	if r.err || n == 0 {
		return nil
	}
	if n-1 > uint64(len(r.b)) { // each string takes at least a byte
		r.err = true
		return nil
	}
	out := make([]string, n-1)
	for i := range out {
		out[i] = r.str()
	}
	return out
}

func (r *reader) float() float64 {
	if r.err || len(r.b) < 8 {
		r.err = true
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(r.b))
	r.b = r.b[8:]
	if math.IsNaN(v) || math.IsInf(v, 0) { // no deck holds one (the loader refuses them)
		r.err = true
		return 0
	}
	return v
}

// MarshalHeader encodes a deck without its cards, with the position of its
// id and the answers its groups lend (so that a deck loaded with only some
// of its cards draws distractors from all of them). The encoding is binary,
// like EncodeCard's: a start reads a hundred headers, and decoding them
// from JSON took 1.0-1.6 ms of it. Every field of Deck but Cards is
// encoded (TestHeaderCodecCoversEveryField fills each one).
func MarshalHeader(d *Deck, idPos Pos) ([]byte, error) {
	b := appendStr(nil, d.ID)
	b = appendStr(b, d.Title)
	b = appendStr(b, d.Description)
	b = appendStr(b, d.Source)
	b = appendStrs(b, d.Tags)
	b = appendFloat(b, d.Retention)
	b = appendStr(b, d.Scheduler)
	b = appendStr(b, d.Policy.Accents)
	b = appendFlags(b, d.Policy.CaseSensitive, d.Policy.Typos, d.Builtin, d.Draft, d.Policy.Strict)
	b = binary.AppendVarint(b, int64(d.NewPerDay))
	b = binary.AppendVarint(b, int64(d.ReviewsPerDay))
	b = appendStr(b, d.Path)
	b = binary.AppendUvarint(b, uint64(len(d.Sources)))
	for _, s := range d.Sources {
		b = appendStr(b, s.ID)
		b = appendStr(b, s.Title)
		b = appendStr(b, s.Date)
		b = appendStr(b, s.URL)
	}
	b = binary.AppendUvarint(b, uint64(max(idPos.Line, 0)))
	b = binary.AppendUvarint(b, uint64(max(idPos.Col, 0)))
	groups := d.groupIndex()
	b = binary.AppendUvarint(b, uint64(len(groups)))
	for _, g := range slices.Sorted(maps.Keys(groups)) {
		b = appendStr(b, g)
		b = appendStrs(b, groups[g])
	}
	return b, nil
}

// errCorruptHeader is returned for a header that does not decode.
var errCorruptHeader = errors.New("decks: corrupt cached deck")

// UnmarshalHeader decodes what MarshalHeader wrote: a deck with no cards
// yet (add them with AddCards), and the position of its id.
func UnmarshalHeader(b []byte) (*Deck, Pos, error) {
	r := reader{b: b}
	d := &Deck{}
	d.ID = r.str()
	d.Title = r.str()
	d.Description = r.str()
	d.Source = r.str()
	d.Tags = r.strs()
	d.Retention = r.float()
	d.Scheduler = r.str()
	d.Policy.Accents = r.str()
	r.flags(&d.Policy.CaseSensitive, &d.Policy.Typos, &d.Builtin, &d.Draft, &d.Policy.Strict)
	newPerDay, revPerDay := r.varint(), r.varint()
	d.Path = r.str()
	ns := r.uvarint()
	if r.err || ns > uint64(len(r.b)) { // each source takes at least four bytes
		return nil, Pos{}, errCorruptHeader
	}
	if ns > 0 {
		d.Sources = make([]Source, ns)
		for i := range d.Sources {
			d.Sources[i] = Source{ID: r.str(), Title: r.str(), Date: r.str(), URL: r.str()}
		}
	}
	line, col := r.uvarint(), r.uvarint()
	n := r.uvarint()
	if r.err || n > uint64(len(r.b)) { // each group takes at least a byte
		return nil, Pos{}, errCorruptHeader
	}
	d.groups = make(map[string][]string, n)
	for range n {
		g := r.str()
		d.groups[g] = r.strs()
	}
	if r.err || len(r.b) != 0 || d.ID == "" || len(d.groups) != int(n) ||
		line > math.MaxInt32 || col > math.MaxInt32 || newPerDay != int64(int32(newPerDay)) || revPerDay != int64(int32(revPerDay)) {
		return nil, Pos{}, errCorruptHeader
	}
	d.NewPerDay, d.ReviewsPerDay = int(newPerDay), int(revPerDay)
	return d, Pos{Line: int(line), Col: int(col)}, nil
}

// groupIndex returns the answers each group lends, building it on first
// use.
func (d *Deck) groupIndex() map[string][]string {
	if d.groups != nil {
		return d.groups
	}
	d.groups = map[string][]string{}
	seen := map[[2]string]bool{}
	for _, o := range d.Cards {
		if o.Group == "" {
			continue
		}
		for _, a := range groupAnswers(o) {
			k := [2]string{o.Group, strings.ToLower(a)}
			if a != "" && !seen[k] {
				seen[k] = true
				d.groups[o.Group] = append(d.groups[o.Group], a)
			}
		}
	}
	return d.groups
}

// MarshalDiagnostics and UnmarshalDiagnostics keep a file's diagnostics in
// the cache, so that warnings and errors are reported without parsing.
func MarshalDiagnostics(ds Diagnostics) ([]byte, error) { return json.Marshal(ds) }

// UnmarshalDiagnostics decodes what MarshalDiagnostics wrote.
func UnmarshalDiagnostics(b []byte) (Diagnostics, error) {
	var ds Diagnostics
	if err := json.Unmarshal(b, &ds); err != nil {
		return nil, fmt.Errorf("decks: corrupt cached diagnostics: %v", err)
	}
	return ds, nil
}
