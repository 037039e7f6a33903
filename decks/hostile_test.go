package decks

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ontap/ontap/decks/safetext"
)

// TestHostileDeckFiles loads each deck in testdata/hostile and checks the
// outcome its first line announces: "# expect: ok" (loads without errors)
// or "# expect: error: TEXT" (an error whose "line:col: message" contains
// TEXT). Whatever the outcome, no diagnostic carries a raw control,
// escape, bidirectional or invisible character from the file.
func TestHostileDeckFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/hostile/*.toml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no hostile decks: %v", err)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			first, _, _ := strings.Cut(string(data), "\n")
			expect, ok := strings.CutPrefix(first, "# expect: ")
			if !ok {
				t.Fatalf("first line %q does not say what to expect", first)
			}
			d, diags := LoadFile(path)
			checkDiagsClean(t, diags)
			if expect == "ok" {
				if diags.HasErrors() {
					t.Fatalf("want no errors, got:\n%s", diags)
				}
				checkItemsClean(t, d)
				return
			}
			want, _ := strings.CutPrefix(expect, "error: ")
			if !diags.HasErrors() || !strings.Contains(diags.Error(), want) {
				t.Fatalf("want an error containing %q, got:\n%s", want, diags)
			}
		})
	}
}

// checkDiagsClean fails when a diagnostic, as printed, holds a rune the
// sanitiser would replace (other than the newlines between diagnostics).
func checkDiagsClean(t *testing.T, diags Diagnostics) {
	t.Helper()
	for _, d := range diags {
		if s := d.String(); !safetext.Clean(s) || strings.Contains(s, "\n") {
			t.Errorf("diagnostic is not safe to print: %q", s)
		}
	}
}

// checkItemsClean checks that the hostile deck's text really holds escapes
// (else the test proves nothing) and that Sanitize leaves none of them in
// any text a front-end shows.
func checkItemsClean(t *testing.T, d *Deck) {
	t.Helper()
	var texts []string
	texts = append(texts, d.Title, d.Description)
	for _, it := range d.Items() {
		texts = append(texts, it.Prompt, it.Answer, it.Hint, it.Card.Explain, it.Card.Source, it.Card.Unit)
		texts = append(texts, it.Choices...)
		texts = append(texts, it.Answers...)
		texts = append(texts, it.Items...)
	}
	hostile := 0
	for _, s := range texts {
		if strings.ContainsRune(s, 0x1b) {
			hostile++
		}
		if out := Sanitize(s); !safetext.Clean(out) {
			t.Errorf("Sanitize(%q) = %q still holds unsafe runes", s, out)
		}
	}
	if hostile < 10 {
		t.Errorf("only %d texts hold an escape: the hostile deck is not hostile", hostile)
	}
}

// TestHostileGenerated builds the hostile decks too big to commit and
// checks each fails with a clear message (the time each took is logged,
// not asserted).
func TestHostileGenerated(t *testing.T) {
	head := "[deck]\ntitle = \"t\"\n"
	card := func(i int, extra string) string {
		return fmt.Sprintf("[[card]]\nid = \"c%d\"\nkind = \"basic\"\nfront = \"f%d\"\nback = \"b\"\n%s", i, i, extra)
	}
	tests := []struct {
		name string
		make func() []byte
		want string
	}{
		{"50 MB file", func() []byte {
			var b bytes.Buffer
			b.WriteString(head)
			for i := 0; b.Len() < 50<<20; i++ {
				b.WriteString(card(i, "explain = \""+strings.Repeat("x", 4000)+"\"\n"))
			}
			return b.Bytes()
		}, "the limit is 16777216 (16 MiB)"},
		{"a million tiny cards", func() []byte {
			var b bytes.Buffer
			b.WriteString(head)
			for i := 0; i < 1_000_000; i++ {
				fmt.Fprintf(&b, "[[card]]\n")
			}
			return b.Bytes()
		}, ":100003:1: error: too many cards: the limit is 100000 per deck"},
		{"100001 complete cards", func() []byte {
			var b bytes.Buffer
			b.WriteString(head)
			for i := 0; i <= MaxCards; i++ {
				b.WriteString(card(i, ""))
			}
			return b.Bytes()
		}, "too many cards: the limit is 100000 per deck"},
		{"huge string", func() []byte {
			return []byte(head + card(1, "explain = \""+strings.Repeat("é", MaxStringBytes)+"\"\n"))
		}, "the limit is 65536 (64 KiB)"},
		{"too many choices", func() []byte {
			ch := make([]string, MaxArrayItems+1)
			for i := range ch {
				ch[i] = fmt.Sprintf("%q", fmt.Sprint(i))
			}
			return []byte(head + "[[card]]\nid = \"c\"\nkind = \"choice\"\nprompt = \"p\"\nanswer = \"0\"\nchoices = [" + strings.Join(ch, ", ") + "]\n")
		}, "has 1001 items; the limit is 1000"},
		{"deeply nested arrays", func() []byte {
			return []byte(head + "x = " + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + "\n")
		}, ":3:37: error: arrays and inline tables are nested more than 32 deep"},
		{"deeply nested inline tables", func() []byte {
			return []byte(head + "x = " + strings.Repeat("{a = ", 50_000) + "1" + strings.Repeat("}", 50_000) + "\n")
		}, "nested more than 32 deep"},
		{"deeply nested table headers", func() []byte {
			return []byte(head + "[" + strings.Repeat("a.", 50_000) + "b]\n")
		}, ":3:34: error: dotted key has more than 16 parts"},
		{"invalid UTF-8 deep in the file", func() []byte {
			var b bytes.Buffer
			b.WriteString(head)
			for i := 0; i < 100; i++ {
				b.WriteString(card(i, ""))
			}
			b.WriteString(card(100, "explain = \"caf\xe9\"\n"))
			return b.Bytes()
		}, ":508:12: error: syntax error: invalid UTF-8 byte: 0xe9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := tt.make()
			start := time.Now()
			_, diags := Parse("hostile.toml", data)
			took := time.Since(start)
			if !diags.HasErrors() {
				t.Fatalf("%d bytes: want an error, got none", len(data))
			}
			if !strings.Contains(diags.Error(), tt.want) {
				t.Errorf("want an error containing %q, got:\n%.2000s", tt.want, diags)
			}
			checkDiagsClean(t, diags)
			if len(diags) > MaxDiagnostics+1 {
				t.Errorf("%d diagnostics; at most %d are reported", len(diags), MaxDiagnostics+1)
			}
			t.Logf("%d bytes rejected in %v: %s", len(data), took, firstLine(diags.Error()))
		})
	}
}

func firstLine(s string) string {
	sc := bufio.NewScanner(strings.NewReader(s))
	sc.Buffer(nil, 1<<20)
	if sc.Scan() {
		return sc.Text()
	}
	return ""
}
