package safefile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWrite(t *testing.T) {
	boom := errors.New("boom")
	text := func(s string) func(io.Writer) error {
		return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
	}
	for _, tc := range []struct {
		name     string
		existing string // "" for none
		replace  bool
		write    func(io.Writer) error
		want     string // the file's content afterwards ("" for none)
		wantErr  error
	}{
		{name: "new file", write: text("new"), want: "new"},
		{name: "new file, replace allowed", replace: true, write: text("new"), want: "new"},
		{name: "existing kept", existing: "old", write: text("new"), want: "old", wantErr: ErrExist},
		{name: "existing replaced", existing: "old", replace: true, write: text("new"), want: "new"},
		{name: "failing write keeps the old file", existing: "old", replace: true, write: func(w io.Writer) error {
			io.WriteString(w, "half")
			return boom
		}, want: "old", wantErr: boom},
		{name: "failing write makes no file", write: func(io.Writer) error { return boom }, wantErr: boom},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "f.toml")
			if tc.existing != "" {
				if err := os.WriteFile(path, []byte(tc.existing), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			err := Write(path, tc.replace, tc.write)
			if !errors.Is(err, tc.wantErr) || (err == nil) != (tc.wantErr == nil) {
				t.Fatalf("Write: %v, want %v", err, tc.wantErr)
			}
			b, rerr := os.ReadFile(path)
			if tc.want == "" {
				if rerr == nil {
					t.Fatalf("a file was written: %q", b)
				}
			} else if string(b) != tc.want {
				t.Fatalf("file holds %q (%v), want %q", b, rerr, tc.want)
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if e.Name() != "f.toml" {
					t.Errorf("left behind: %s", e.Name())
				}
			}
		})
	}
	if err := Write(filepath.Join(t.TempDir(), "missing", "f"), false, text("x")); err == nil {
		t.Error("Write into a missing folder succeeded")
	}
}
