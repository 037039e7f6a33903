package decks

import (
	"strings"
	"testing"
)

func TestAcceptDraft(t *testing.T) {
	const cards = "\n[[card]]\nid = \"a\"\nkind = \"basic\"\nfront = \"f\"\nback = \"b\"\n"
	tests := []struct {
		name, in, want, err string
	}{
		{"plain", "[deck]\ntitle = \"T\"\ndraft = true\n" + cards, "[deck]\ntitle = \"T\"\n" + cards, ""},
		{"spaces and comment", "# top\n[deck]\n  draft=true   # check me\ntitle = 'T'\r\n" + cards,
			"# top\n[deck]\ntitle = 'T'\r\n" + cards, ""},
		{"crlf", "[deck]\r\ndraft = true\r\ntitle = \"T\"\r\n", "[deck]\r\ntitle = \"T\"\r\n", ""},
		{"last line, no newline", "[deck]\ntitle = \"T\"\ndraft = true", "[deck]\ntitle = \"T\"\n", ""},
		{"not a draft", "[deck]\ntitle = \"T\"\n" + cards, "", `deck "d" is not a draft`},
		{"draft = false", "[deck]\ntitle = \"T\"\ndraft = false\n", "", "is not a draft"},
		{"shared line", "deck = { title = \"T\", draft = true }\n", "", "d.toml:1:23: draft = true shares its line"},
		{"broken", "[deck]\ntitle = \"T\"\ndraft = true\nfoo = 1\n", "", "has errors; fix them first"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := AcceptDraft("d.toml", []byte(tt.in))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Fatalf("got\n%q\nwant\n%q", got, tt.want)
			}
			d, diags := Parse("d.toml", got)
			if d == nil || d.Draft || len(diags) > 0 {
				t.Errorf("accepted deck: %v %v", d, diags)
			}
		})
	}
}

func TestDraftParsesAndRoundTrips(t *testing.T) {
	in := "[deck]\ntitle = \"T\"\ndraft = true\n"
	for _, fast := range []bool{true, false} {
		d, _, diags := parseWith("d.toml", []byte(in), fast)
		if d == nil || !d.Draft || len(diags) > 0 {
			t.Fatalf("fast=%v: %v %v", fast, d, diags)
		}
	}
	d, _ := Parse("d.toml", []byte(in))
	out, err := FormatDeck(d, "d")
	if err != nil || !strings.Contains(string(out), "draft = true\n") {
		t.Fatalf("FormatDeck drops the draft mark: %v\n%s", err, out)
	}
	if _, diags := Parse("d.toml", []byte("[deck]\ntitle = \"T\"\ndraft = \"yes\"\n")); !strings.Contains(diags.Error(), `key "draft" must be a boolean, not a string`) {
		t.Errorf("draft = \"yes\": %v", diags)
	}
}
