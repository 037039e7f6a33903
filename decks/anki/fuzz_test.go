package anki

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// FuzzReadPackage feeds arbitrary bytes to the package reader and the
// converter: an error or a package, never a panic or a hang.
func FuzzReadPackage(f *testing.F) {
	small := sampleFixture()
	small.revlog = small.revlog[:3]
	f.Add(package11(f, small))
	f.Add(package18(f, small))
	f.Add(zipFiles(f, "media", []byte(`{"0": "a.png"}`)))
	f.Add([]byte("PK\x03\x04"))
	lim := DefaultLimits
	lim.CollectionBytes, lim.MetaBytes, lim.PackageBytes = 4<<20, 1<<20, 4<<20
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ReadFrom(context.Background(), bytes.NewReader(data), int64(len(data)), "fuzz.apkg", lim)
		if err != nil {
			return
		}
		imp := Convert(p, ConvertOptions{Source: "fuzz.apkg"})
		for _, d := range imp.Decks {
			for _, c := range d.Cards {
				if c.ID == "" {
					t.Fatalf("a card without an id in deck %s", d.ID)
				}
			}
		}
	})
}

// FuzzProto feeds arbitrary bytes to the hand-written protocol-buffer
// reader, as a meta file, a media map, a note type's, template's and
// deck's config: an error or a value, never a panic. (FuzzReadPackage
// reaches these too, but slowly: every input that is a zip runs SQLite.)
func FuzzProto(f *testing.F) {
	var media []byte
	for _, m := range []string{"a.png", "b.mp3"} {
		media = appendProtoBytes(media, 1, appendProtoVarint(appendProtoBytes(nil, 1, []byte(m)), 2, 10))
	}
	f.Add(media)
	f.Add(appendProtoVarint(nil, 1, 3))
	f.Add(appendProtoBytes(appendProtoBytes(nil, 1, []byte("{{Front}}")), 2, []byte("{{Back}}")))
	f.Add(appendProtoBytes(nil, 1, appendProtoBytes(appendProtoVarint(nil, 1, 1), 4, []byte("desc"))))
	f.Fuzz(func(t *testing.T, data []byte) {
		metaVersion(data)
		protoString(data, 1)
		protoVarint(data, 2)
		names, err := mediaEntries(data, 100)
		if err == nil && len(names) > 100 {
			t.Fatalf("%d names past the limit of 100", len(names))
		}
		for _, n := range names {
			if checkMediaName(n) == nil && (strings.Contains(n, "/") || n == "..") {
				t.Fatalf("media name %q accepted", n)
			}
		}
	})
}
