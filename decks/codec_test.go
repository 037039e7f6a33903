package decks

import (
	"reflect"
	"strings"
	"testing"
)

// fill sets every field reachable in v to a distinct non-zero value, so
// that a field the codec forgets shows up as a difference.
func fill(v reflect.Value, n *int) {
	*n++
	switch v.Kind() {
	case reflect.String:
		v.SetString("s" + string(rune('a'+*n%26)) + "ệ")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int:
		v.SetInt(int64(*n))
	case reflect.Float64:
		v.SetFloat(float64(*n) + 0.25)
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		fill(s.Index(0), n)
		fill(s.Index(1), n)
		v.Set(s)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), n)
			}
		}
	default:
		panic("fill: unhandled kind " + v.Kind().String())
	}
}

// unexported lists the unexported fields of struct type t and of the
// structs it holds: JSON leaves them out of the cache.
func unexported(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			out = append(out, f.Name)
		} else if f.Type.Kind() == reflect.Struct {
			out = append(out, unexported(f.Type)...)
		}
	}
	return out
}

func TestCardCodecCoversEveryField(t *testing.T) {
	if u := unexported(reflect.TypeFor[Card]()); u != nil {
		t.Fatalf("Card has unexported fields %v, which the cache would drop", u)
	}
	var c Card
	n := 0
	fill(reflect.ValueOf(&c).Elem(), &n)
	b, err := MarshalCard(&c)
	if err != nil {
		t.Fatal(err)
	}
	got, err := UnmarshalCard(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, &c) {
		t.Fatalf("round trip lost fields:\n got %+v\nwant %+v", got, &c)
	}
}

func TestCardCodecRoundTripsBuiltinLikeCards(t *testing.T) {
	cases := []Card{
		{},
		{ID: "a", Kind: KindBasic, Front: "F", Back: "B", Reverse: true, Pos: Pos{3, 1}},
		{ID: "n", Kind: KindNumber, Prompt: "Năm?", Number: -1954.5, Tolerance: 2, TolerancePct: true, Unit: "%"},
		{ID: "l", Kind: KindList, Items: []string{}, Accept: []string{""}, Policy: DefaultPolicy()},
		{ID: "h", Kind: KindTyped, Prompt: "<b>&amp;</b> \u2028 \"q\"", Answer: "\x00\t"},
	}
	for _, c := range cases {
		b, err := MarshalCard(&c)
		if err != nil {
			t.Fatalf("%+v: %v", c, err)
		}
		got, err := UnmarshalCard(b)
		if err != nil {
			t.Fatalf("%+v: %v", c, err)
		}
		if !reflect.DeepEqual(*got, c) {
			t.Errorf("round trip:\n got %+v\nwant %+v", *got, c)
		}
	}
}

// TestCardCodecLeavesOutZeroFields: a card uses a few of its fields; the
// others take no room in the cache (every field is omitzero).
func TestCardCodecLeavesOutZeroFields(t *testing.T) {
	b, err := MarshalCard(&Card{})
	if err != nil || string(b) != "{}" {
		t.Fatalf("the zero card encodes as %s (%v), want {}", b, err)
	}
	b, err = MarshalCard(&Card{ID: "a", Items: []string{}})
	if err != nil || string(b) != `{"ID":"a","Items":[]}` {
		t.Fatalf("a card with an id and no items encodes as %s (%v)", b, err)
	}
}

// TestCorruptCacheEntriesAreRefused: an entry that does not decode makes
// the cache parse the file again rather than show a broken deck.
func TestCorruptCacheEntriesAreRefused(t *testing.T) {
	for _, in := range []string{"", "{", `{"ID":"x"} {}`, `{"Number":"one"}`, "[]"} {
		if c, err := UnmarshalCard([]byte(in)); err == nil {
			t.Errorf("card %q decoded as %+v", in, c)
		}
	}
	for _, in := range []string{"", `{"Deck":{"ID":"d"}`, `{"Deck":{"Title":"no id"}}`,
		`{"Deck":{"ID":"d","Cards":[{"ID":"c"}]}}`, `{"Deck":{"ID":"d"},"IDPos":{"Line":"x"}}`} {
		if d, _, err := UnmarshalHeader([]byte(in)); err == nil {
			t.Errorf("header %q decoded as %+v", in, d)
		}
	}
}

func TestHeaderKeepsGroupsOfEveryCard(t *testing.T) {
	d, diags := Parse("g.toml", []byte(`[deck]
title = "G"
[[card]]
id = "a"
kind = "typed"
prompt = "A?"
answer = "1945"
group = "y"
[[card]]
id = "b"
kind = "typed"
prompt = "B?"
answer = "1954"
group = "y"
[[card]]
id = "c"
kind = "typed"
prompt = "C?"
answer = "1975"
group = "y"
`))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	want := d.Distractors(d.Cards[0])
	b, err := MarshalHeader(d, Pos{1, 1})
	if err != nil {
		t.Fatal(err)
	}
	h, pos, err := UnmarshalHeader(b)
	if err != nil {
		t.Fatal(err)
	}
	if h.ID != "g" || h.Title != "G" || len(h.Cards) != 0 || pos != (Pos{1, 1}) {
		t.Fatalf("header: %+v at %v", h, pos)
	}
	h.Cards = []*Card{d.Cards[0]} // only one card loaded
	if got := h.Distractors(h.Cards[0]); !reflect.DeepEqual(got, want) {
		t.Fatalf("distractors of a partly loaded deck: %q, want %q", got, want)
	}
	if _, _, err := UnmarshalHeader([]byte("{")); err == nil {
		t.Fatal("corrupt header decoded")
	}
}

func TestHeaderCodecCoversEveryField(t *testing.T) {
	if u := unexported(reflect.TypeFor[Deck]()); !reflect.DeepEqual(u, []string{"groups"}) {
		t.Fatalf("Deck has unexported fields %v; the header encodes groups only", u)
	}
	var d Deck
	n := 0
	v := reflect.ValueOf(&d).Elem()
	for i := range v.NumField() {
		if f := v.Type().Field(i); f.IsExported() && f.Name != "Cards" {
			fill(v.Field(i), &n)
		}
	}
	d.groups = map[string][]string{"g1": {"a", "B"}, "g0": {"c"}, "": {}}
	b, err := MarshalHeader(&d, Pos{7, 3})
	if err != nil {
		t.Fatal(err)
	}
	got, pos, err := UnmarshalHeader(b)
	if err != nil {
		t.Fatal(err)
	}
	want := d
	if !reflect.DeepEqual(got, &want) || pos != (Pos{7, 3}) {
		t.Fatalf("round trip lost fields:\n got %+v at %v\nwant %+v at {7 3}", got, pos, &want)
	}
	again, err := MarshalHeader(got, pos)
	if err != nil || !reflect.DeepEqual(again, b) {
		t.Fatalf("encoding the decoded header again gave other bytes (%v): the groups' order must not matter", err)
	}
}

// BenchmarkUnmarshalHeader decodes the header of a deck like those of the
// generated collection (a start decodes one per deck file).
func BenchmarkUnmarshalHeader(b *testing.B) {
	d := &Deck{ID: "gen-001", Title: "Generated deck gen-001", Description: strings.Repeat("Production missile expo ", 6),
		Source: "ontap-gen", Tags: []string{"generated", "bench"}, Policy: DefaultPolicy(), Path: "/tmp/decks/gen-001.toml",
		groups: map[string][]string{"years": {"1945", "1954", "1975", "1979"}, "people": {"Võ Nguyên Giáp", "Hồ Chí Minh"}}}
	h, err := MarshalHeader(d, Pos{2, 6})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, _, err := UnmarshalHeader(h); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCardCodec encodes and decodes the cards of a synthetic deck of
// 1,000 cards. Encoding is what a cold start pays per card; decoding what a
// session pays per card asked.
func BenchmarkCardCodec(b *testing.B) {
	d, diags := Parse("bench.toml", syntheticDeck(1000))
	if diags.HasErrors() {
		b.Fatal(diags)
	}
	enc := make([][]byte, len(d.Cards))
	for i, c := range d.Cards {
		var err error
		if enc[i], err = MarshalCard(c); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("encode", func(b *testing.B) {
		for b.Loop() {
			for _, c := range d.Cards {
				if _, err := MarshalCard(c); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("decode", func(b *testing.B) {
		for b.Loop() {
			for _, e := range enc {
				if _, err := UnmarshalCard(e); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
