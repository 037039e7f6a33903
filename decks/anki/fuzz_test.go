package anki

import (
	"bytes"
	"context"
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
