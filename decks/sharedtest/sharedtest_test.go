package sharedtest

import (
	"os"
	"path/filepath"
	"testing"
)

func TestPathFindsTheSharedFolder(t *testing.T) {
	p := Path(t, "DESIGN.md")
	if filepath.Base(filepath.Dir(p)) != "shared" {
		t.Fatalf("Path = %s", p)
	}
	if len(ReadFile(t, "DESIGN.md")) == 0 {
		t.Fatal("empty DESIGN.md")
	}
}

func TestPathSkipsWhenAbsent(t *testing.T) {
	skipped := false
	t.Run("absent", func(t *testing.T) {
		defer func() { skipped = t.Skipped() }()
		Path(t, "no-such-file-"+filepath.Base(os.TempDir()))
	})
	if !skipped {
		t.Fatal("a missing file did not skip the test")
	}
}
