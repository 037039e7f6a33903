package safefile

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name    string
		path    string
		limit   int64
		want    string
		wantErr string
	}{
		{"small", write("a.toml", []byte("id = \"a\"\n")), 100, "id = \"a\"\n", ""},
		{"empty", write("empty", nil), 100, "", ""},
		{"exactly the limit", write("ten", []byte("0123456789")), 10, "0123456789", ""},
		{"one byte over", write("eleven", []byte("0123456789a")), 10, "", "eleven: file is 11 bytes, over the limit of 10 bytes"},
		{"directory", dir, 100, "", ": not a regular file (a directory)"},
		{"missing", filepath.Join(dir, "nope"), 100, "", "no such file or directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadFile(context.Background(), tt.path, tt.limit)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ReadFile = %q, %v; want an error with %q", got, err, tt.wantErr)
				}
				return
			}
			if err != nil || string(got) != tt.want {
				t.Fatalf("ReadFile = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestOpenSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "f.toml")
	if err := mkfifo(fifo); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	for _, p := range []string{fifo, "/dev/zero", "/dev/null", dir} {
		if _, err := os.Stat(p); err != nil {
			continue
		}
		t.Run(p, func(t *testing.T) {
			done := make(chan error, 1)
			go func() {
				_, err := ReadFile(context.Background(), p, 1<<20)
				done <- err
			}()
			select {
			case err := <-done:
				if !errors.Is(err, ErrNotRegular) {
					t.Fatalf("ReadFile(%s) = %v, want ErrNotRegular", p, err)
				}
				var pe *fs.PathError
				if !errors.As(err, &pe) || pe.Path != p {
					t.Errorf("error %v does not name the path %s", err, p)
				}
				if !strings.HasPrefix(err.Error(), "open "+p+": not a regular file") {
					t.Errorf("error = %q", err)
				}
			case <-time.After(30 * time.Second):
				t.Fatalf("ReadFile(%s) still blocked after 30 s", p)
			}
		})
	}
}

// A sparse file far over the limit is refused from its size, before any
// of it is read.
func TestOpenSparseOversized(t *testing.T) {
	p := filepath.Join(t.TempDir(), "big.toml")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(1 << 30); err != nil {
		t.Skipf("cannot make a sparse file: %v", err)
	}
	f.Close()
	_, err = ReadFile(context.Background(), p, 16<<20)
	var le *LimitError
	if !errors.As(err, &le) || le.Limit != 16<<20 || le.Size != 1<<30 {
		t.Fatalf("ReadFile = %v, want a LimitError", err)
	}
	if want := p + ": file is 1 GiB (1073741824 bytes), over the limit of 16 MiB"; !strings.HasSuffix(err.Error(), want) {
		t.Errorf("error = %q, want it to end %q", err, want)
	}
}

// A stream longer than the limit fails as it passes it, having delivered
// exactly limit bytes.
func TestReaderLimit(t *testing.T) {
	r := NewReader(context.Background(), strings.NewReader(strings.Repeat("x", 100)), "log.csv", 64)
	got, err := io.ReadAll(r)
	var le *LimitError
	if !errors.As(err, &le) || le.Limit != 64 || len(got) != 64 {
		t.Fatalf("ReadAll = %d bytes, %v; want 64 bytes and a LimitError", len(got), err)
	}
	if err.Error() != "read log.csv: file is over the limit of 64 bytes" {
		t.Errorf("error = %q", err)
	}
	r = NewReader(context.Background(), strings.NewReader(strings.Repeat("x", 64)), "log.csv", 64)
	if got, err := io.ReadAll(r); err != nil || len(got) != 64 {
		t.Fatalf("ReadAll at the limit = %d bytes, %v", len(got), err)
	}
}

func TestReaderCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := NewReader(ctx, bytes.NewReader([]byte("data")), "x", 100)
	if _, err := r.Read(make([]byte, 4)); !errors.Is(err, context.Canceled) {
		t.Fatalf("Read after cancel = %v, want context.Canceled", err)
	}
}

// A read blocked on a pipe that nobody writes returns once the context is
// cancelled (as SIGTERM cancels a command's context).
func TestReaderHungReadCancelled(t *testing.T) {
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pw.Close()
	defer pr.Close()
	ctx, cancel := context.WithCancel(context.Background())
	r := NewReader(ctx, pr, "pipe", 1<<20)
	defer r.Close()
	done := make(chan error, 1)
	go func() {
		_, err := io.ReadAll(r)
		done <- err
	}()
	time.Sleep(50 * time.Millisecond) // let the read block (the test holds either way)
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("hung read after cancel = %v, want context.Canceled", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the read was still blocked 30 s after the context was cancelled")
	}
}

// A large file is read in chunks, and a cancel between them stops it.
func TestFileCancelledMidway(t *testing.T) {
	p := filepath.Join(t.TempDir(), "log.csv")
	if err := os.WriteFile(p, make([]byte, 3*chunk), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	f, err := Open(ctx, p, 4*chunk)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 4*chunk)
	n, err := f.Read(buf)
	if err != nil || n != chunk {
		t.Fatalf("first Read = %d, %v; want one chunk of %d", n, err, chunk)
	}
	cancel()
	if _, err := f.Read(buf); !errors.Is(err, context.Canceled) {
		t.Fatalf("Read after cancel = %v", err)
	}
}

func TestBytes(t *testing.T) {
	for n, want := range map[int64]string{0: "0 bytes", 1023: "1023 bytes", 1024: "1 KiB", 1536: "1.5 KiB", 16 << 20: "16 MiB", 256 << 20: "256 MiB", 1 << 30: "1 GiB"} {
		if got := Bytes(n); got != want {
			t.Errorf("Bytes(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestFileSeekReadAt: a log read on from an offset, and its fingerprints
// read at offsets, stay within the limit.
func TestFileSeekReadAt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "log")
	if err := os.WriteFile(path, []byte("0123456789"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := Open(context.Background(), path, 10)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Seek(6, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	rest, err := io.ReadAll(f)
	if err != nil || string(rest) != "6789" {
		t.Errorf("read after Seek(6) = %q, %v; want 6789", rest, err)
	}
	b := make([]byte, 3)
	if n, err := f.ReadAt(b, 2); err != nil || string(b[:n]) != "234" {
		t.Errorf("ReadAt(2) = %q, %v; want 234", b[:n], err)
	}
	var le *LimitError
	if _, err := f.ReadAt(b, 8); !errors.As(err, &le) {
		t.Errorf("ReadAt past the limit: %v, want a LimitError", err)
	}
}
