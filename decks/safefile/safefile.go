// Package safefile is the one reader of ontap for files that come from
// other people: deck files, imports, review logs. A file is opened without
// blocking (a named pipe or a device never hangs the open), checked to be a
// regular file, and read through a size limit; reads stop when their
// context is cancelled (by SIGINT or SIGTERM in the command).
//
// It is a leaf: the standard library only.
package safefile

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"
)

// ErrNotRegular is the error, inside an *fs.PathError, for a path that is
// not a regular file (a named pipe, a device, a socket, a directory).
var ErrNotRegular = errors.New("not a regular file")

// LimitError is the error, inside an *fs.PathError, for a file larger
// than the limit it is read under.
type LimitError struct {
	Limit int64 // bytes
	Size  int64 // the file's size when known from the start, or 0
}

func (e *LimitError) Error() string {
	if e.Size >= 1024 {
		return fmt.Sprintf("file is %s (%d bytes), over the limit of %s", Bytes(e.Size), e.Size, Bytes(e.Limit))
	}
	if e.Size > 0 {
		return fmt.Sprintf("file is %s, over the limit of %s", Bytes(e.Size), Bytes(e.Limit))
	}
	return fmt.Sprintf("file is over the limit of %s", Bytes(e.Limit))
}

// Bytes formats a size as people read it: 16 MiB, 1.5 GiB, 300 bytes.
func Bytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d bytes", n)
	}
	v, suffix := float64(n), []string{"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"}
	i := -1
	for v >= unit && i < len(suffix)-1 {
		v /= unit
		i++
	}
	if v == float64(int64(v)) {
		return fmt.Sprintf("%d %s", int64(v), suffix[i])
	}
	return fmt.Sprintf("%.1f %s", v, suffix[i])
}

// File is a regular file open for reading through a size limit.
type File struct {
	f    *os.File
	r    *Reader
	size int64
	path string
}

// Open opens path for reading without blocking: a path that is not a
// regular file is an *fs.PathError with ErrNotRegular, and one larger than
// limit bytes an *fs.PathError with a *LimitError, both before anything is
// read. Reads of the file then fail with a *LimitError if it grows past
// limit, and with ctx.Err() once ctx is done.
func Open(ctx context.Context, path string, limit int64) (*File, error) {
	f, err := openFile(path)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: path, Err: notRegular(st.Mode())}
	}
	if st.Size() > limit {
		f.Close()
		return nil, &fs.PathError{Op: "read", Path: path, Err: &LimitError{Limit: limit, Size: st.Size()}}
	}
	if err := blocking(f); err != nil {
		f.Close()
		return nil, err
	}
	return &File{f: f, r: NewReader(ctx, f, path, limit), size: st.Size(), path: path}, nil
}

// NotRegularError is the error, inside an *fs.PathError, for a path that
// is not a regular file; errors.Is(err, ErrNotRegular) holds for it.
type NotRegularError struct {
	Kind string // "a named pipe", "a character device", ..., or ""
}

func (e *NotRegularError) Error() string {
	if e.Kind == "" {
		return ErrNotRegular.Error()
	}
	return ErrNotRegular.Error() + " (" + e.Kind + ")"
}

// Is makes errors.Is(err, ErrNotRegular) hold.
func (e *NotRegularError) Is(target error) bool { return target == ErrNotRegular }

// notRegular says what kind of file a mode is.
func notRegular(m fs.FileMode) error {
	kind := ""
	switch {
	case m.IsDir():
		kind = "a directory"
	case m&fs.ModeNamedPipe != 0:
		kind = "a named pipe"
	case m&fs.ModeSocket != 0:
		kind = "a socket"
	case m&fs.ModeCharDevice != 0:
		kind = "a character device"
	case m&fs.ModeDevice != 0:
		kind = "a device"
	}
	return &NotRegularError{Kind: kind}
}

// Read reads from the file, as Reader.Read does.
func (f *File) Read(p []byte) (int, error) { return f.r.Read(p) }

// Size is the file's size when it was opened.
func (f *File) Size() int64 { return f.size }

// Name is the path the file was opened with.
func (f *File) Name() string { return f.path }

// Close closes the file.
func (f *File) Close() error {
	f.r.Close()
	return f.f.Close()
}

// ReadFile reads the whole of a regular file of at most limit bytes, as
// Open checks it.
func ReadFile(ctx context.Context, path string, limit int64) ([]byte, error) {
	f, err := Open(ctx, path, limit)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data := make([]byte, 0, f.size+1)
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := f.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// Reader reads from r through a size limit, and stops when its context is
// done. When r is an *os.File that supports deadlines (a pipe, a
// terminal), a read blocked in it is interrupted as the context is
// cancelled.
type Reader struct {
	ctx   context.Context
	r     io.Reader
	path  string
	limit int64
	n     int64 // bytes read so far
	stop  func() bool
}

// chunk bounds one read, so that a cancelled context is seen between
// reads of a large file.
const chunk = 1 << 20

// NewReader reads r (named path in errors) through a limit of limit
// bytes: reading past it fails with an *fs.PathError holding a
// *LimitError; once ctx is done, reads fail with ctx.Err().
func NewReader(ctx context.Context, r io.Reader, path string, limit int64) *Reader {
	sr := &Reader{ctx: ctx, r: r, path: path, limit: limit}
	if d, ok := r.(interface{ SetReadDeadline(time.Time) error }); ok {
		sr.stop = context.AfterFunc(ctx, func() { _ = d.SetReadDeadline(time.Now()) })
	}
	return sr
}

// Read reads up to len(p) bytes.
func (r *Reader) Read(p []byte) (int, error) {
	if err := r.ctx.Err(); err != nil {
		return 0, err
	}
	if len(p) == 0 {
		return 0, nil
	}
	// One byte past the limit tells a file of exactly limit bytes from a
	// longer one.
	if left := r.limit - r.n; int64(len(p)) > left {
		p = p[:left+1]
	}
	if len(p) > chunk {
		p = p[:chunk]
	}
	n, err := r.r.Read(p)
	r.n += int64(n)
	if r.n > r.limit {
		return n - int(r.n-r.limit), &fs.PathError{Op: "read", Path: r.path, Err: &LimitError{Limit: r.limit}}
	}
	if err != nil && err != io.EOF {
		if cerr := r.ctx.Err(); cerr != nil {
			return n, cerr // the deadline set by the cancelled context
		}
	}
	return n, err
}

// Close stops watching the context (it does not close the underlying
// reader).
func (r *Reader) Close() {
	if r.stop != nil {
		r.stop()
	}
}

// Seek sets where the next Read starts, as os.File.Seek does (for a log
// read on from where it was left); the size limit still counts from the
// start of the file.
func (f *File) Seek(offset int64, whence int) (int64, error) {
	n, err := f.f.Seek(offset, whence)
	if err == nil {
		f.r.n = n
	}
	return n, err
}

// ReadAt reads len(p) bytes at off, as os.File.ReadAt does, within the
// size limit and while the context is not done.
func (f *File) ReadAt(p []byte, off int64) (int, error) {
	if err := f.r.ctx.Err(); err != nil {
		return 0, err
	}
	if off+int64(len(p)) > f.r.limit {
		return 0, &fs.PathError{Op: "read", Path: f.path, Err: &LimitError{Limit: f.r.limit}}
	}
	return f.f.ReadAt(p, off)
}
