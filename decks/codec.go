package decks

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// The deck cache (see quiz/catalog) keeps parsed decks in the database so
// that unchanged deck files are not parsed again: a header per deck, and
// each card on its own, so that a session can load only the cards it asks.
// Both are JSON. CodecVersion changes whenever the encoding or the meaning
// of a field changes; cached entries of another version are parsed again.
const CodecVersion = 4

// MarshalCard encodes a card for the deck cache: every field of Card
// (TestCardCodecCoversEveryField fills each one).
func MarshalCard(c *Card) ([]byte, error) { return json.Marshal(c) }

// UnmarshalCard decodes what MarshalCard wrote.
func UnmarshalCard(b []byte) (*Card, error) {
	c := &Card{}
	if err := json.Unmarshal(b, c); err != nil {
		return nil, fmt.Errorf("decks: corrupt cached card: %v", err)
	}
	return c, nil
}

// header is a deck's cache entry: the deck without its cards, the position
// of its id, and the answers its groups lend (so that a deck loaded with
// only some of its cards draws distractors from all of them).
type header struct {
	Deck   Deck
	IDPos  Pos
	Groups map[string][]string
}

// MarshalHeader encodes a deck without its cards, with the position of its
// id and the answers its groups lend. Every field of Deck but Cards is
// encoded (TestHeaderCodecCoversEveryField fills each one).
func MarshalHeader(d *Deck, idPos Pos) ([]byte, error) {
	h := header{Deck: *d, IDPos: idPos, Groups: d.groupIndex()}
	h.Deck.Cards = nil
	return json.Marshal(&h)
}

// UnmarshalHeader decodes what MarshalHeader wrote: a deck with no cards
// yet (the cache decodes them one by one), and the position of its id.
func UnmarshalHeader(b []byte) (*Deck, Pos, error) {
	var h header
	if err := json.Unmarshal(b, &h); err != nil {
		return nil, Pos{}, fmt.Errorf("decks: corrupt cached deck: %v", err)
	}
	if h.Deck.ID == "" || h.Deck.Cards != nil {
		return nil, Pos{}, errors.New("decks: corrupt cached deck: no id, or cards in the header")
	}
	d := &h.Deck
	d.groups = h.Groups
	if d.groups == nil { // not nil: a nil index is built again from the cards loaded
		d.groups = map[string][]string{}
	}
	return d, h.IDPos, nil
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
