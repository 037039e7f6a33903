package decks

import (
	"encoding/json"
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

func TestCardCodecCoversEveryField(t *testing.T) {
	var c Card
	n := 0
	fill(reflect.ValueOf(&c).Elem(), &n)
	got, err := DecodeCard(EncodeCard(nil, &c))
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
	}
	for _, c := range cases {
		got, err := DecodeCard(EncodeCard(nil, &c))
		if err != nil {
			t.Fatalf("%+v: %v", c, err)
		}
		if !reflect.DeepEqual(*got, c) {
			t.Errorf("round trip:\n got %+v\nwant %+v", *got, c)
		}
	}
}

func TestDecodeCardRejectsTruncated(t *testing.T) {
	c := Card{ID: "x", Kind: KindTyped, Prompt: "p", Answer: "a", Accept: []string{"b"}}
	b := EncodeCard(nil, &c)
	for i := range len(b) {
		if _, err := DecodeCard(b[:i]); err == nil {
			t.Fatalf("a card cut to %d of %d bytes decoded", i, len(b))
		}
	}
	if _, err := DecodeCard(append(b, 0)); err == nil {
		t.Fatal("a card with a trailing byte decoded")
	}
}

func FuzzDecodeCard(f *testing.F) {
	f.Add(EncodeCard(nil, &Card{ID: "x", Kind: KindChoice, Choices: []string{"a", "b"}}))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := DecodeCard(b)
		if err != nil {
			return
		}
		again, err := DecodeCard(EncodeCard(nil, c))
		if err != nil || !reflect.DeepEqual(again, c) {
			t.Fatalf("re-encoding a decoded card changed it: %v", err)
		}
	})
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
	want.groups["g1"] = []string{"a", "B"}
	if !reflect.DeepEqual(got, &want) || pos != (Pos{7, 3}) {
		t.Fatalf("round trip lost fields:\n got %+v at %v\nwant %+v at {7 3}", got, pos, &want)
	}
	again, err := MarshalHeader(got, pos)
	if err != nil || !reflect.DeepEqual(again, b) {
		t.Fatalf("encoding the decoded header again gave other bytes (%v): the groups' order must not matter", err)
	}
	for i := range len(b) {
		if _, _, err := UnmarshalHeader(b[:i]); err == nil {
			t.Fatalf("a header cut to %d of %d bytes decoded", i, len(b))
		}
	}
	if _, _, err := UnmarshalHeader(append(b, 0)); err == nil {
		t.Fatal("a header with a trailing byte decoded")
	}
}

func FuzzDecodeHeader(f *testing.F) {
	d := &Deck{ID: "d", Title: "T", Tags: []string{"x"}, Policy: DefaultPolicy(), NewPerDay: 5, Path: "/d.toml", Draft: true,
		Sources: []Source{{ID: "a", Title: "An article", Date: "2024-12-23"}},
		groups:  map[string][]string{"y": {"1945", "1954"}}}
	b, err := MarshalHeader(d, Pos{2, 6})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Fuzz(func(t *testing.T, b []byte) {
		d, pos, err := UnmarshalHeader(b)
		if err != nil {
			return
		}
		again, err := MarshalHeader(d, pos)
		if err != nil {
			t.Fatal(err)
		}
		d2, pos2, err := UnmarshalHeader(again)
		if err != nil || !reflect.DeepEqual(d2, d) || pos2 != pos {
			t.Fatalf("re-encoding a decoded header changed it: %v", err)
		}
	})
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
// 1,000 cards with the binary codec and, side by side, with encoding/json
// (what the cache would use without a codec of its own). Encoding is what
// a cold start pays per card; decoding what a session pays per card asked.
func BenchmarkCardCodec(b *testing.B) {
	d, diags := Parse("bench.toml", syntheticDeck(1000))
	if diags.HasErrors() {
		b.Fatal(diags)
	}
	bin := make([][]byte, len(d.Cards))
	js := make([][]byte, len(d.Cards))
	for i, c := range d.Cards {
		bin[i] = EncodeCard(nil, c)
		var err error
		if js[i], err = json.Marshal(c); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("encode/binary", func(b *testing.B) {
		for b.Loop() {
			for _, c := range d.Cards {
				EncodeCard(nil, c)
			}
		}
	})
	b.Run("encode/json", func(b *testing.B) {
		for b.Loop() {
			for _, c := range d.Cards {
				if _, err := json.Marshal(c); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("decode/binary", func(b *testing.B) {
		for b.Loop() {
			for _, e := range bin {
				if _, err := DecodeCard(e); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("decode/json", func(b *testing.B) {
		for b.Loop() {
			for _, e := range js {
				var c Card
				if err := json.Unmarshal(e, &c); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
