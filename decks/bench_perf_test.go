package decks

import (
	"fmt"
	"strings"
	"testing"
)

// syntheticDeck returns a deck of n cards of several kinds, about 300
// bytes a card, some of it Vietnamese.
func syntheticDeck(n int) []byte {
	var b strings.Builder
	b.WriteString("[deck]\nid = \"bench\"\ntitle = \"Bench\"\n")
	for i := range n {
		switch i % 4 {
		case 0:
			fmt.Fprintf(&b, "\n[[card]]\nid = \"c%d\"\nkind = \"typed\"\nprompt = \"Quân đội nhân dân Việt Nam question number %d about defense diplomacy?\"\nanswer = \"answer %d\"\naccept = [\"alt %d\"]\nexplain = \"The People's Army was founded in 1944 and reunification came in 1975.\"\n", i, i, i, i)
		case 1:
			fmt.Fprintf(&b, "\n[[card]]\nid = \"c%d\"\nkind = \"choice\"\nprompt = \"Which city hosted expo %d?\"\nanswer = \"Hà Nội\"\nchoices = [\"Hà Nội\", \"Đà Nẵng\", \"Huế\", \"Cần Thơ\"]\n", i, i)
		case 2:
			fmt.Fprintf(&b, "\n[[card]]\nid = \"c%d\"\nkind = \"cloze\"\ntext = \"The campaign of {{Điện Biên Phủ}} ended in {{1954::a year}} after %d days of siege.\"\n", i, i)
		case 3:
			fmt.Fprintf(&b, "\n[[card]]\nid = \"c%d\"\nkind = \"order\"\nprompt = \"Put these in order (%d).\"\nitems = [\"Independence\", \"Điện Biên Phủ\", \"Reunification\"]\n", i, i)
		}
	}
	return []byte(b.String())
}

// BenchmarkParse measures parsing a deck of 10,000 cards (MB/s is the
// cold-start figure: deck TOML parsed per second).
func BenchmarkParse(b *testing.B) {
	data := syntheticDeck(10000)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		d, diags := Parse("bench.toml", data)
		if diags.HasErrors() || d == nil {
			b.Fatalf("%v", diags)
		}
	}
}
