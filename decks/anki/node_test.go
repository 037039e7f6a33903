package anki

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ontap/ontap/decks"
)

// nodeModules returns the node_modules folder holding the npm packages
// anki-apkg-export and anki-reader ($ONTAP_ANKI_NODE, which .ci/run sets),
// or skips the test saying why.
func nodeModules(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("ONTAP_ANKI_NODE")
	if dir == "" {
		t.Skip("ONTAP_ANKI_NODE is not set: it names a node_modules folder with anki-apkg-export and anki-reader (.ci/run installs them)")
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is not installed")
	}
	for _, p := range []string{"anki-apkg-export", "anki-reader"} {
		if _, err := os.Stat(filepath.Join(dir, p, "package.json")); err != nil {
			t.Skipf("the npm package %s is not in %s", p, dir)
		}
	}
	return dir
}

func runNode(t *testing.T, modules, script string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command("node", append([]string{filepath.Join("testdata", "node", script)}, args...)...)
	cmd.Env = append(os.Environ(), "ONTAP_ANKI_NODE="+modules)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node %s: %v\n%s", script, err, stderr.String())
	}
	return out
}

// TestNodeWriter imports a package written by anki-apkg-export.
func TestNodeWriter(t *testing.T) {
	modules := nodeModules(t)
	path := filepath.Join(t.TempDir(), "node.apkg")
	runNode(t, modules, "write.mjs", path)
	p, err := Read(context.Background(), path, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	imp := Convert(p, ConvertOptions{Source: "node.apkg"})
	if len(imp.Decks) != 1 || imp.Decks[0].ID != "written-by-node" || len(imp.Decks[0].Cards) != 2 {
		t.Fatalf("decks %+v, unknown %v, skipped %v", imp.Decks, imp.Unknown, imp.Skipped)
	}
	c := imp.Decks[0].Cards[0]
	if c.Front != "Capital of Vietnam?" || c.Back != "Hà Nội" || strings.Join(c.Tags, " ") != "geo asia" {
		t.Errorf("card %+v", c)
	}
	if c := imp.Decks[0].Cards[1]; c.Front != "Flag" || !strings.Contains(c.Explain, "flag.png") {
		t.Errorf("card with an image %+v", c)
	}
	if len(p.Media) != 1 || p.Media[0] != "flag.png" {
		t.Errorf("media %q", p.Media)
	}
}

// TestNodeReader reads ontap's export with anki-reader: decks, fields,
// note types, revlog and every note's checksum.
func TestNodeReader(t *testing.T) {
	modules := nodeModules(t)
	d, diags := decks.Parse("geo.toml", []byte(`[deck]
title = "Geo & more"

[[card]]
id = "capital"
kind = "basic"
front = "Capital of <Vietnam>?"
back = "Hà Nội"
reverse = true

[[card]]
id = "army"
kind = "cloze"
text = "Founded in {{1944}}."
`))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	t0 := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	hist := []Entry{{ItemID: "capital", Time: t0, Rating: 3, Kind: "learn", Interval: 1},
		{ItemID: "army:c1", Time: t0.Add(time.Hour), Rating: 1, Kind: "learn", Interval: -600}}
	var buf bytes.Buffer
	if err := Write(context.Background(), &buf, Build(d, hist, nil, t0)); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "geo.apkg")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Decks        map[string][]map[string]string
		Models       []string
		Revlog       int
		BadChecksums int
	}
	if err := json.Unmarshal(runNode(t, modules, "read.mjs", path), &got); err != nil {
		t.Fatal(err)
	}
	cards := got.Decks["Geo & more"]
	if len(got.Decks) != 1 || len(cards) != 3 { // the basic note's two cards and the cloze
		t.Fatalf("anki-reader read %+v", got)
	}
	fronts := map[string]bool{}
	for _, c := range cards {
		fronts[c["Front"]+c["Text"]] = true
	}
	if !fronts["Capital of &lt;Vietnam&gt;?"] || !fronts["Founded in {{c1::1944}}."] {
		t.Errorf("fields %v", cards)
	}
	if got.Revlog != 2 || got.BadChecksums != 0 || len(got.Models) != 4 {
		t.Errorf("revlog %d, bad checksums %d, models %v", got.Revlog, got.BadChecksums, got.Models)
	}
}
