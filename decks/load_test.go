package decks

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

const smallDeck = "[deck]\ntitle = \"T\"\n\n[[card]]\nid = \"a\"\nkind = \"basic\"\nfront = \"f\"\nback = \"b\"\n"

func TestLoadDir(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "b.toml"), smallDeck)
	writeFile(t, filepath.Join(dir, "a.toml"), smallDeck)
	writeFile(t, filepath.Join(dir, "sub", "c.toml"), smallDeck)
	writeFile(t, filepath.Join(dir, "sub", "dup.toml"), "[deck]\nid = \"a\"\ntitle = \"T\"\n[[card]]\nid = \"x\"\nkind = \"truefalse\"\nprompt = \"p\"\nanswer = true\n")
	writeFile(t, filepath.Join(dir, "broken.toml"), "[deck]\n")
	writeFile(t, filepath.Join(dir, "notes.txt"), "not a deck")
	writeFile(t, filepath.Join(dir, ".hidden", "h.toml"), "junk")
	writeFile(t, filepath.Join(dir, ".h.toml"), "junk")

	got, diags := LoadDir(dir)
	var ids []string
	for _, d := range got {
		ids = append(ids, d.ID)
	}
	if strings.Join(ids, ",") != "a,b,c" {
		t.Errorf("loaded %v, want a,b,c (sorted by path, duplicate and broken left out)", ids)
	}
	rel := strings.ReplaceAll(diags.Error(), dir+string(filepath.Separator), "")
	want := "broken.toml:1:1: error: deck: missing required key \"title\"\n" +
		"sub/dup.toml:2:6: error: deck id \"a\" is already used by " + filepath.Join(dir, "a.toml")
	if filepath.Separator != '/' {
		t.Skip("paths in the expected output use /")
	}
	if rel != strings.ReplaceAll(want, dir+"/", "") {
		t.Errorf("diagnostics:\n%s\nwant\n%s", rel, want)
	}

	if _, diags := LoadDir(filepath.Join(dir, "missing")); !diags.HasErrors() || diags[0].Pos.Line != 0 {
		t.Errorf("missing dir: %v", diags)
	}
}

func TestLoadFile(t *testing.T) {
	dir := t.TempDir()
	if _, diags := LoadFile(filepath.Join(dir, "nope.toml")); len(diags) != 1 ||
		!strings.HasSuffix(diags.Error(), "nope.toml: error: no such file or directory") {
		t.Errorf("missing file: %v", diags)
	}
	if _, diags := LoadFile(dir); len(diags) != 1 || !strings.HasSuffix(diags.Error(), ": error: not a regular file (a directory)") {
		t.Errorf("directory: %v", diags)
	}
	// A deck file far over the limit is refused from its size, unread.
	big := filepath.Join(dir, "big.toml")
	if err := os.WriteFile(big, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, 1<<30); err != nil {
		t.Fatal(err)
	}
	if _, diags := LoadFile(big); len(diags) != 1 ||
		diags.Error() != big+": error: file is 1 GiB (1073741824 bytes), over the limit of 16 MiB" {
		t.Errorf("1 GiB sparse file: %v", diags)
	}
	p := filepath.Join(dir, "my-deck.toml")
	writeFile(t, p, smallDeck)
	d, diags := LoadFile(p)
	if len(diags) != 0 || d == nil || d.ID != "my-deck" || d.Path != p || d.Builtin {
		t.Errorf("LoadFile: %+v %v", d, diags)
	}
}

func TestLint(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "decks", "ok.toml"), smallDeck)
	writeFile(t, filepath.Join(dir, "decks", "warn.toml"), "[deck]\ntitle = \"W\"\n[[card]]\nid = \"a\"\nkind = \"typed\"\nprompt = \"Is it Hue?\"\nanswer = \"hue\"\n")
	single := filepath.Join(dir, "single.toml")
	writeFile(t, single, "[deck]\ntitle = \"S\"\n[[card]]\nid = \"a\"\nkind = \"typed\"\nPrompt = \"p\"\n")
	diags, err := Lint([]string{filepath.Join(dir, "decks"), single, single})
	if err != nil {
		t.Fatal(err)
	}
	got := strings.ReplaceAll(diags.Error(), dir+"/", "")
	want := "decks/warn.toml:7:10: warning: card \"a\": the answer \"hue\" appears in the prompt\n" +
		"single.toml:3:1: error: card \"a\": missing required key \"prompt\"\n" +
		"single.toml:3:1: error: card \"a\": missing required key \"answer\"\n" +
		"single.toml:6:1: error: card \"a\": unknown key \"Prompt\"; did you mean \"prompt\"?"
	if got != want {
		t.Errorf("Lint:\n%s\nwant\n%s", got, want)
	}
	if _, err := Lint([]string{filepath.Join(dir, "absent")}); err == nil {
		t.Errorf("no error for a missing path")
	}
}

func TestParseWarningsKeepDeck(t *testing.T) {
	src := "[deck]\ntitle = \"T\"\n[[card]]\nid = \"a\"\nkind = \"number\"\nprompt = \"Was it 1975?\"\nanswer = 1975\n"
	d, diags := Parse("builtin:years.toml", []byte(src))
	if d == nil || diags.HasErrors() || len(diags) != 1 || diags[0].Severity != SeverityWarning {
		t.Fatalf("got %v, %v", d, diags)
	}
	if d.ID != "years" || !d.Builtin || d.Path != "builtin:years.toml" {
		t.Errorf("builtin deck: id %q builtin %v path %q", d.ID, d.Builtin, d.Path)
	}
}

func TestContainsWord(t *testing.T) {
	tests := []struct {
		s, needle string
		want      bool
	}{
		{"The capital is Hanoi.", "hanoi", true},
		{"In 19450 years", "1945", false},
		{"Hanoian food", "Hanoi", false},
		{"x 1945", "1945", true},
		{"(C++) is", "C++", true},
		{"Hà Nội!", "hà nội", true},
		{"Việt", "Vi", false},
		{"", "a", false},
	}
	for _, tt := range tests {
		if got := containsWord(tt.s, tt.needle); got != tt.want {
			t.Errorf("containsWord(%q, %q) = %v", tt.s, tt.needle, got)
		}
	}
}

func TestSuggest(t *testing.T) {
	keys := allCardKeys
	tests := []struct{ in, want string }{
		{"Prompt", "prompt"},
		{"PROMPT", "prompt"},
		{"promt", "prompt"},
		{"choises", "choices"},
		{"tolerence", "tolerance"},
		{"colour", ""},
		{"x", ""},
		{"hnt", "hint"},
	}
	for _, tt := range tests {
		if got := suggest(tt.in, keys); got != tt.want {
			t.Errorf("suggest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestScanPositions checks the position index on tricky layouts.
func TestScanPositions(t *testing.T) {
	src := "# comment [[card]]\n[deck]\ntitle = \"\"\"\n[[card]]\n\"\"\"\n\n  [[ card ]]  # c\n  id = 'x' \n\"quoted.key\" = { a = [1, {b = 2}] }\n[[card]]\nitems = [\n  \"a\", # c\n  '''b''',\n]\n[card.sub]\nk = 1\n"
	idx, limit := scan([]byte(src))
	if limit != nil {
		t.Fatal(limit.msg)
	}
	tests := []struct {
		path  string
		isVal bool
		want  Pos
	}{
		{"deck", false, Pos{2, 1}},
		{"deck\x00title", false, Pos{3, 1}},
		{"deck\x00title", true, Pos{3, 9}},
		{"card\x00#0", false, Pos{7, 3}},
		{"card\x00#0\x00id", true, Pos{8, 8}},
		{"card\x00#0\x00quoted.key", false, Pos{9, 1}},
		{"card\x00#0\x00quoted.key\x00a\x00#1\x00b", true, Pos{9, 31}},
		{"card\x00#1", false, Pos{10, 1}},
		{"card\x00#1\x00items\x00#0", true, Pos{12, 3}},
		{"card\x00#1\x00items\x00#1", true, Pos{13, 3}},
		{"card\x00#1\x00sub\x00k", false, Pos{16, 1}},
		{"card\x00#2\x00id", false, Pos{7, 3}}, // never seen: falls back to the first [[card]]
		{"nothing", false, Pos{1, 1}},
	}
	for _, tt := range tests {
		got := idx.key(tt.path)
		if tt.isVal {
			got = idx.val(tt.path)
		}
		if got != tt.want {
			t.Errorf("%q (value %v): got %v, want %v", strings.ReplaceAll(tt.path, "\x00", "/"), tt.isVal, got, tt.want)
		}
	}
}
