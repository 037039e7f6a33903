package prompt

import (
	"io"
	"sync"
)

// sharedInput reads the terminal in one goroutine for the whole session
// and gives what it reads to the prompt being asked only. promptui's line
// editor (chzyer/readline) reads its input in a goroutine of its own, which
// a finished prompt can leave blocked in a read; that read would take the
// next keys typed, meant for the next prompt, and lose them (seen as a
// pseudo-terminal test waiting forever). Here each prompt reads through a
// view of its own, and starting a prompt ends every older view: a read
// left pending there returns io.EOF and takes nothing.
type sharedInput struct {
	src  io.Reader
	once sync.Once

	mu   sync.Mutex
	cond *sync.Cond
	buf  []byte // read from src, not yet given to a prompt
	err  error  // src's error (io.EOF at its end), once buf is empty
	gen  int    // the current view
}

func newSharedInput(src io.Reader) *sharedInput {
	s := &sharedInput{src: src}
	s.cond = sync.NewCond(&s.mu)
	return s
}

// view starts a prompt's view of the input, ending every older one.
func (s *sharedInput) view() io.ReadCloser { return s.viewWith(nil) }

// viewWith is view with keys translated: each byte read for which keys
// returns something is replaced by it (a shortcut key becomes the keys it
// stands for, such as a digit that picks a menu's option and Enter).
func (s *sharedInput) viewWith(keys func(b byte) []byte) io.ReadCloser {
	s.once.Do(func() { go s.pump() })
	s.mu.Lock()
	s.gen++
	v := &inputView{s: s, gen: s.gen, keys: keys}
	s.cond.Broadcast()
	s.mu.Unlock()
	return v
}

// pump copies src into buf until src ends.
func (s *sharedInput) pump() {
	b := make([]byte, 4096)
	for {
		n, err := s.src.Read(b)
		s.mu.Lock()
		s.buf = append(s.buf, b[:n]...)
		if err != nil {
			s.err = err
		}
		s.cond.Broadcast()
		s.mu.Unlock()
		if err != nil {
			return
		}
	}
}

// inputView is one prompt's view of a sharedInput.
type inputView struct {
	s    *sharedInput
	gen  int
	keys func(b byte) []byte
	done bool // keys mode: Enter was given; nothing more is read
}

// Read waits for input while the view is the current one.
func (v *inputView) Read(p []byte) (int, error) {
	s := v.s
	s.mu.Lock()
	defer s.mu.Unlock()
	for (len(s.buf) == 0 || v.done) && s.err == nil && s.gen == v.gen {
		s.cond.Wait()
	}
	switch {
	case s.gen != v.gen || v.done:
		return 0, io.EOF // a newer prompt has the input
	case len(s.buf) > 0 && v.keys != nil:
		// One byte at a time, so that what follows a shortcut is read
		// by the next prompt.
		b := s.buf[0]
		s.buf = s.buf[1:]
		k := v.keys(b)
		if k == nil {
			k = []byte{b}
		} else if len(s.buf) > 0 && (s.buf[0] == '\r' || s.buf[0] == '\n') {
			// A shortcut typed with Enter (in one burst: "4⏎" pasted or
			// sent by a program): the Enter is the shortcut's own, not an
			// answer to the next prompt.
			s.buf = s.buf[1:]
		}
		if len(k) > len(p) {
			k = k[:len(p)]
		}
		v.done = k[len(k)-1] == '\r'
		return copy(p, k), nil
	case len(s.buf) > 0:
		n := copy(p, s.buf)
		s.buf = s.buf[n:]
		return n, nil
	}
	return 0, s.err
}

// Close leaves the terminal open: the next prompt reads it.
func (v *inputView) Close() error { return nil }
