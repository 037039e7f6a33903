package decks

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/rogpeppe/go-internal/txtar"
)

// sampleDecks returns the deck files of the repository's tests and built-in
// decks, with those inside the command's test scripts, by name.
func sampleDecks(t testing.TB) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	paths, _ := filepath.Glob("testdata/*/*.toml")
	more, _ := filepath.Glob("builtin/*.toml")
	for _, p := range append(paths, more...) {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files[p] = data
	}
	scripts, _ := filepath.Glob("../cmd/ontap/testdata/script/*.txtar")
	for _, s := range scripts {
		ar, err := txtar.ParseFile(s)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range ar.Files {
			if strings.HasSuffix(f.Name, ".toml") {
				files[s+"/"+f.Name] = f.Data
			}
		}
	}
	return files
}

// fastCases are small files on the edge of what the fast path reads.
var fastCases = []string{
	"",
	"[[source]]\nid = \"a\"\ntitle = \"A\"\n[deck]\ntitle = \"t\"\n[[source]]\nid = \"b\"\n[[card]]\nid = \"x\"\nkind = \"basic\"\nfront = \"f\"\nback = \"b\"\nsource = \"a\"\n",
	"[deck]\ntitle = \"t\"\n[[source]]\nid = \"a\"\nid = \"b\"\n",
	"[deck]\nsource = \"x\"\n[[source]]\n[source]\n",
	"# only a comment",
	"[deck]",
	"[deck]\n[deck]\n",
	"[deck]\ntitle = \"t\"\n[[card]]\nid = \"a\"\n",
	"[deck]\r\ntitle = \"t\"\r\n\r\n[[card]] # c\r\nid = 'a'\r\n",
	"[deck]\ntitle = \"t\\u00e9\\x41\\e\\U0001F600\\\"\\\\\\b\\t\\n\\f\\r\"",
	"[deck]\ntitle = \"\\uD800\"\n",
	"[deck]\ntitle = \"\\a\"\n",
	"[deck]\ntitle = \"\\ \"\n",
	"[deck]\ntitle = \"\"\"x\"\"\"\n",
	"[deck]\ntitle = '''x'''\n",
	"[deck]\ntitle = \"\"\"\nA\n b \"\"\"\nsource = 'x'\n[[card]]\nid = \"\"\"\r\nq\r\n\"\"\"\n",
	`[deck]` + "\n" + `title = """a""""`,
	`[deck]` + "\n" + `title = """a"""""`,
	`[deck]` + "\n" + `title = """a""""""`,
	`[deck]` + "\n" + `title = """"""`,
	`[deck]` + "\n" + `title = """a\` + "\n" + `  b"""`,
	`[deck]` + "\n" + `title = """a\  ` + "\n" + `  b"""`,
	`[deck]` + "\n" + `title = """a\""""`,
	`[deck]` + "\n" + `title = """a\\"""`,
	`[deck]` + "\n" + `title = """\u00e9` + "\n" + `\t"""`,
	`[deck]` + "\n" + `title = """a""b"""`,
	`[deck]` + "\n" + `title = "a\"b"`,
	`[deck]` + "\n" + `title = "a\\"b"`,
	"[deck]\ntitle = '''a''''\n",
	"[deck]\ntitle = '''a'''''\n",
	"[deck]\ntitle = '''\r\nx\n'''\ntags = ['''a\nb''', \"\"\"c\nd\"\"\"]\n[[card]]\nid = 'x'\n",
	"[deck]\ntitle = '''x\n",
	"[deck]\ntitle = \"\"\"x\n",
	"[deck]\ntitle = ''\nsource = \"\"\n",
	"[deck]\nretention = 0.9\nnew_per_day = +10\nreviews_per_day = -0\n",
	"[deck]\nretention = 00.9\n",
	"[deck]\nretention = 0.\n",
	"[deck]\nretention = 1e3\n",
	"[deck]\nretention = 1_0\n",
	"[deck]\nretention = 0x10\n",
	"[deck]\nretention = 9223372036854775808\n",
	"[deck]\nretention = 9223372036854775807\n",
	"[deck]\nretention = 1979-05-27\n",
	"[deck]\nretention = inf\n",
	"[deck]\nretention = " + strings.Repeat("9", 400) + ".0\n",
	"[deck]\ntypos = true\ncase = false\n",
	"[deck]\ntypos = truex\n",
	"[deck]\ntypos = true1\n",
	"[deck]\ntypos = true # c\n",
	"[deck]\ntags = []\n",
	"[deck]\ntags = [ ]\n",
	"[deck]\ntags = [,]\n",
	"[deck]\ntags = [1,,2]\n",
	"[deck]\ntags = [\"a\",]\n",
	"[deck]\ntags = [\n  \"a\", # c\n  'b' # d\n  ,\n]\n",
	"[deck]\ntags = [[1]]\n",
	"[deck]\ntags = [1 2]\n",
	"[deck]\ntags = [1, \"a\", 2.5, true]\n",
	"[deck]\ntags = [1]x\n",
	"[deck]\ntags = [1],\n",
	"[deck]\ntags = {}\n",
	"[deck]\ntitle = \"a\" \"b\"\n",
	"[deck]\ntitle = \"a\nb\"\n",
	"[deck]\ntitle = 'a\nb'\n",
	"[deck]\ntitle = \"a\"\ntitle = \"b\"\n",
	"[deck]\na.b = 1\n",
	"[deck]\n\"a\" = 1\n",
	"[deck]\na=1\n\tb\t=\t2\t\n",
	"[deck]\n= 1\n",
	"[deck]\na =\n",
	"[deck]\na = ",
	"[deck]\na = \"x",
	"[deck]\na = 1\r",
	"[deck]\na = \"x\ry\"\n",
	"[deck]\na = \"x\x00y\"\n",
	"[deck]\na = \"x\x7fy\"\n",
	"[deck]\na = \"x\xffy\"\n",
	"\xef\xbb\xbf[deck]\n",
	"title = \"t\"\n[deck]\n",
	"[deck] x\n",
	"[deck]]\n",
	"[ deck ]\n",
	"[decks]\n",
	"[card]\n",
	"[[card]]\n[card]\n",
	"[[card]]]\n",
	"[[cards]]\n",
	"[[card]]\n[[card]]\nid = 1\nid = 2\n",
	"[[card]]\ncard = 1\n[deck]\ncard = [1]\n",
}

// FuzzFastDecode checks that whatever the fast path reads, the general
// path (scanner and TOML decoder) reads the same way: the same values and
// the same positions, and so the same deck and diagnostics.
func FuzzFastDecode(f *testing.F) {
	for _, data := range sampleDecks(f) {
		f.Add(data)
	}
	for _, c := range fastCases {
		f.Add([]byte(c))
	}
	f.Add(syntheticDeck(8))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkFastPath(t, data)
	})
}

// checkFastPath fails when the fast path reads data other than the
// general path does. It reports whether the fast path read it.
func checkFastPath(t *testing.T, data []byte) bool {
	t.Helper()
	fd, ok := decodeFast(data)
	if ok {
		idx, limit := scan(data)
		if limit != nil {
			t.Fatalf("fast path read a file over a limit: %s", limit.msg)
		}
		doc, err := decode(data)
		if err != nil {
			t.Fatalf("fast path read a file the decoder rejects: %v", err)
		}
		if !reflect.DeepEqual(doc, fd.doc) {
			t.Fatalf("fast path read\n%#v\nthe decoder\n%#v", fd.doc, doc)
		}
		checkSameIndex(t, "keys", fd.idx.keys, idx.keys)
		checkSameIndex(t, "vals", fd.idx.vals, idx.vals)
		for i, p := range fd.cards {
			path := joinPath("card", elemSeg(i))
			if want, ok := idx.keys[path]; !ok || p != want {
				t.Errorf("card %d at %v, scanner %v", i, p, want)
			}
			want := idx.vals[joinPath(path, "id")]
			if p := fd.cardIDs[i]; p != want {
				t.Errorf("id of card %d at %v, scanner %v", i, p, want)
			}
		}
		if _, ok := idx.keys[joinPath("card", elemSeg(len(fd.cards)))]; ok {
			t.Errorf("scanner found more than %d cards", len(fd.cards))
		}
	}
	for _, name := range []string{"fuzz.toml", "builtin:x.toml", "Bad Name.toml"} {
		d1, pos1, diags1 := parseWith(name, data, true)
		d2, pos2, diags2 := parseWith(name, data, false)
		if !reflect.DeepEqual(d1, d2) || pos1 != pos2 || !reflect.DeepEqual(diags1, diags2) {
			t.Fatalf("%s: fast path (read: %v) gives\n%v %v\n%#v\ngeneral path\n%v %v\n%#v",
				name, ok, pos1, diags1, d1, pos2, diags2, d2)
		}
	}
	return ok
}

// checkSameIndex checks that the positions the fast path recorded are
// those the scanner recorded outside the cards.
func checkSameIndex(t *testing.T, what string, fast, full map[string]Pos) {
	t.Helper()
	for path, want := range full {
		if inCards(path) {
			continue
		}
		if got, ok := fast[path]; !ok || got != want {
			t.Errorf("%s %q: fast path %v (%v), scanner %v", what, path, got, ok, want)
		}
	}
	for path, got := range fast {
		if want, ok := full[path]; !ok || got != want || inCards(path) {
			t.Errorf("%s %q: fast path %v, scanner %v (%v)", what, path, got, want, ok)
		}
	}
}

// TestFastPath checks the fast path against the general one on the
// repository's deck files and on the edge cases, and that it reads the
// files it is meant for.
func TestFastPath(t *testing.T) {
	files := sampleDecks(t)
	for i, c := range fastCases {
		files[fmt.Sprintf("case %d", i)] = []byte(c)
	}
	files["synthetic"] = syntheticDeck(100)
	read := 0
	for name, data := range files {
		t.Run(name, func(t *testing.T) {
			if checkFastPath(t, data) {
				read++
			}
		})
	}
	if read < len(files)/3 {
		t.Errorf("the fast path read only %d of %d files", read, len(files))
	}
	builtins, _ := filepath.Glob("builtin/*.toml") // with [[source]] tables
	for _, must := range append([]string{"synthetic", "testdata/good/" + mustGood(t)}, builtins...) {
		if _, ok := fastDecode(files[must]); !ok {
			t.Errorf("the fast path does not read %s", must)
		}
	}
}

// mustGood names the file in testdata/good.
func mustGood(t *testing.T) string {
	m, _ := filepath.Glob("testdata/good/*.toml")
	if len(m) != 1 {
		t.Fatalf("testdata/good holds %d decks", len(m))
	}
	return filepath.Base(m[0])
}

// FuzzClozeParts checks clozeParts against the regular expression.
func FuzzClozeParts(f *testing.F) {
	for _, s := range []string{"", "{{a}}", "x {{a::h}} y {{ b }}", "{{a\n}}", "{{a\n{{b}}", "{{{a}}}}",
		"x{{{a}}}y", "{{}}", "{{a}}\n}}{{", "{ {{a}} }", "{{a {{b}} c}}", "a\n{{b}}\n{{c\n}}{{d}}", "{{\xff}}",
		"x{{{a}}{y", "}{{a}}}", "{{a}}{{{b}}", "{{{{a}}}}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		answers, unbalanced := clozeParts(text)
		want, _ := ClozeDeletions(text)
		if !reflect.DeepEqual(answers, want) {
			t.Errorf("answers %q, want %q", answers, want)
		}
		rest := clozeRE().ReplaceAllString(text, "")
		if w := strings.Contains(rest, "{{") || strings.Contains(rest, "}}"); unbalanced != w {
			t.Errorf("unbalanced %v, want %v (rest %q)", unbalanced, w, rest)
		}
	})
}

// containsWordRef is containsWord as it was written first, with
// strings.ToLower: the reference for FuzzContainsWord.
func containsWordRef(s, needle string) bool {
	s, needle = strings.ToLower(s), strings.ToLower(needle)
	isWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }
	for off := 0; off <= len(s); {
		i := strings.Index(s[off:], needle)
		if i < 0 {
			return false
		}
		start, end := off+i, off+i+len(needle)
		before, _ := utf8.DecodeLastRuneInString(s[:start])
		after, _ := utf8.DecodeRuneInString(s[end:])
		firstN, _ := utf8.DecodeRuneInString(needle)
		lastN, _ := utf8.DecodeLastRuneInString(needle)
		okBefore := start == 0 || !isWord(before) || !isWord(firstN)
		okAfter := end == len(s) || !isWord(after) || !isWord(lastN)
		if okBefore && okAfter {
			return true
		}
		_, size := utf8.DecodeRuneInString(s[start:])
		off = start + size
	}
	return false
}

// FuzzContainsWord checks containsWord and appendLower against the
// reference and strings.ToLower.
func FuzzContainsWord(f *testing.F) {
	for _, c := range [][2]string{{"", ""}, {"a", ""}, {"Hà Nội is", "hà nội"}, {"İstanbul", "istanbul"},
		{"KELVIN \u212a", "k"}, {"x\xffy", "\xff"}, {"ab\xef\xbf\xbdc", "\xffc"}, {"1954a", "1954"},
		{"Năm 1954.", "1954"}, {strings.Repeat("Ab ", 100), "ab"}} {
		f.Add(c[0], c[1])
	}
	f.Fuzz(func(t *testing.T, s, needle string) {
		if got, want := string(appendLower(nil, s)), strings.ToLower(s); got != want {
			t.Errorf("appendLower(%q) = %q, want %q", s, got, want)
		}
		if got, want := containsWord(s, needle), containsWordRef(s, needle); got != want {
			t.Errorf("containsWord(%q, %q) = %v, want %v", s, needle, got, want)
		}
	})
}

// TestFastPathRandom checks the fast path against the general one on
// random files made of pieces of deck files, right and wrong: many more
// files in the subset than byte-level fuzzing finds.
func TestFastPathRandom(t *testing.T) {
	// Each piece is either right (as the subset has it) or, rarely, wrong
	// or outside the subset.
	var bad float64 // how often a piece is wrong, in this file
	pick := func(r *rand.Rand, good, wrong []string) string {
		if len(wrong) > 0 && r.Float64() < bad {
			return wrong[r.IntN(len(wrong))]
		}
		return good[r.IntN(len(good))]
	}
	headers := [2][]string{{"[deck]", "[[card]]", "[[card]]", "[[card]]", " [deck]", "\t[[card]]", "[[card]] # c"},
		{"[deck]x", "[ deck ]", "[card]", "[[ card ]]", "[deck.x]", "[[card.x]]", "[x]"}}
	keys := [2][]string{{"id", "id", "kind", "kind", "title", "tags", "prompt", "answer", "choices", "items", "text",
		"front", "back", "retention", "typos", "card", "deck", "a-b", "_", "1", "true"},
		{`"q"`, "'q'", "a.b", "x y", ""}}
	seps := [2][]string{{" = ", "=", "\t=\t", " =", "= "}, {" == ", " : ", ""}}
	kinds := []string{`"basic"`, `"typed"`, `"cloze"`, `"choice"`, `"multi"`, `"truefalse"`, `"number"`, `"list"`, `"order"`}
	chars := [2][]string{{"a", "B", " ", "é", "Hà Nội", "\\\\", "\\n", "\\t", "\\u00e9", "\\u0065\\u0301", "\\x41",
		"\\U0001F600", "\\e", "\\\"", "'", "\t", "#", "{{", "}}", "::", "a{{b}}c"},
		{"\\a", "\\ ", "\\uD800", "\"", "\n", "\r\n", "\\", "\x01", "\x7f", "\xff", "\r"}}
	nums := [2][]string{{"0", "-0", "+0", "+1", "1.5", "-0.0", "+0.5", "0.000", "1.50", "0.9", "3", "9223372036854775807",
		"-9223372036854775808", "3.14159265358979323846264338327950288", "123456789012345678901234567890.5"},
		{"01", "1e5", "1_0", "0x1", "inf", "nan", "9223372036854775808", "1.", "1979-05-27", "12:30:00"}}
	ends := [2][]string{{"", "", "", " ", " # c", "\t#x", "#c", "#"}, {" x", ",", " #\x01", "]", "}"}}
	newlines := [2][]string{{"\n", "\n", "\n", "\r\n", "\n\n", "\n# c\n"}, {"\r", ""}}
	var value func(r *rand.Rand, depth int) string
	text := func(r *rand.Rand) string {
		var b strings.Builder
		for range r.IntN(6) {
			b.WriteString(pick(r, chars[0], chars[1]))
		}
		return b.String()
	}
	value = func(r *rand.Rand, depth int) string {
		switch r.IntN(13) {
		case 0, 1, 2:
			return `"` + text(r) + `"`
		case 3:
			return "'" + text(r) + "'"
		case 4:
			return `"""` + text(r) + `"""`
		case 5:
			return "'''" + text(r) + "'''"
		case 6:
			return pick(r, nums[0], nums[1])
		case 7:
			return pick(r, []string{"true", "false", "[]"}, []string{"truex", "{a = 1}", ""})
		case 8, 9:
			return pick(r, kinds, nil)
		default:
			if depth > 1 {
				return `"x"`
			}
			var b strings.Builder
			b.WriteString("[")
			for k := range r.IntN(5) {
				if k > 0 {
					b.WriteString(pick(r, []string{",", ", ", ",\n", " ,", ", # c\n"}, []string{",,", " "}))
				}
				b.WriteString(value(r, depth+1))
			}
			b.WriteString(pick(r, []string{"]", ",]", "\n]", " ]", ",\n# c\n]"}, []string{""}))
			return b.String()
		}
	}
	n := 10000
	if testing.Short() {
		n = 2000
	}
	read := 0
	for seed := range n {
		r := rand.New(rand.NewPCG(uint64(seed), 10))
		bad = r.Float64() * r.Float64() * 0.2
		var b strings.Builder
		if r.IntN(4) > 0 {
			b.WriteString("[deck]\ntitle = \"T\"\n")
		}
		for range r.IntN(12) {
			if r.IntN(4) == 0 {
				b.WriteString(pick(r, headers[0], headers[1]))
			} else {
				b.WriteString(pick(r, keys[0], keys[1]) + pick(r, seps[0], seps[1]) + value(r, 0))
			}
			b.WriteString(pick(r, ends[0], ends[1]))
			b.WriteString(pick(r, newlines[0], newlines[1]))
		}
		data := []byte(b.String())
		if checkFastPath(t, data) {
			read++
		}
		if t.Failed() {
			t.Fatalf("seed %d: %q", seed, data)
		}
	}
	t.Logf("the fast path read %d of %d files", read, n)
	if read < n/10 {
		t.Errorf("the fast path read only %d of %d files", read, n)
	}
}

// FuzzValidID checks validID against idRE().
func FuzzValidID(f *testing.F) {
	for _, s := range []string{"", "a", "-a", "_a", "a-b_c9", "A", "a b", "é", "a\n", "\xff", "9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := ValidID(s), idRE.MatchString(s); got != want {
			t.Errorf("ValidID(%q) = %v, want %v", s, got, want)
		}
	})
}

// BenchmarkParseGeneral is BenchmarkParse on the general path (scanner and
// TOML decoder), which files outside the fast path's subset take.
func BenchmarkParseGeneral(b *testing.B) {
	data := syntheticDeck(10000)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		d, _, diags := parseWith("bench.toml", data, false)
		if diags.HasErrors() || d == nil {
			b.Fatalf("%v", diags)
		}
	}
}

// FuzzCheckDistinct checks checkDistinct against a map of the lower-cased
// elements, as it was first written.
func FuzzCheckDistinct(f *testing.F) {
	for _, s := range []string{"", "a|A", "Hà Nội|hà nội|HÀ NỘI", "a|b|c|a", "İ|i̇|i", "\xff|\xef\xbf\xbd",
		strings.Repeat("x|", 20), strings.Repeat("long text ", 200) + "|" + strings.Repeat("LONG TEXT ", 200)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, joined string) {
		list := strings.Split(joined, "|")
		p := &parser{path: "f.toml"}
		tb := &table{p: p, m: map[string]any{}, card: 1}
		tb.checkDistinct("items", list)
		var want []int
		seen := map[string]bool{}
		for k, s := range list {
			l := strings.ToLower(s)
			if seen[l] && len(want) < MaxDiagnostics {
				want = append(want, k)
			}
			seen[l] = true
		}
		var got []int
		for _, d := range p.diags {
			var k int
			if _, err := fmt.Sscanf(d.Message[strings.Index(d.Message, "items["):], "items[%d]", &k); err != nil {
				t.Fatalf("%q: %v", d.Message, err)
			}
			got = append(got, k)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: repeats at %v, want %v", list, got, want)
		}
	})
}
