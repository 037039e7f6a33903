package prompt

import (
	"io"
	"testing"
	"time"
)

// TestSharedInputGivesKeysToTheCurrentPromptOnly: a read left pending by a
// finished prompt ends with io.EOF when the next prompt starts, and the
// keys typed then go to the next prompt, none lost.
func TestSharedInputGivesKeysToTheCurrentPromptOnly(t *testing.T) {
	r, w := io.Pipe()
	s := newSharedInput(r)
	old := s.view()
	pending := make(chan error, 1)
	go func() {
		_, err := old.Read(make([]byte, 8))
		pending <- err
	}()
	time.Sleep(10 * time.Millisecond) // let the old read block
	cur := s.view()
	select {
	case err := <-pending:
		if err != io.EOF {
			t.Fatalf("the old prompt's read returned %v, want io.EOF", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the old prompt's read is still pending after a new prompt started")
	}
	go w.Write([]byte("3\r"))
	got := make([]byte, 0, 2)
	for len(got) < 2 {
		b := make([]byte, 8)
		n, err := cur.Read(b)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, b[:n]...)
	}
	if string(got) != "3\r" {
		t.Fatalf("the new prompt read %q, want %q", got, "3\r")
	}
	w.Close()
	if _, err := cur.Read(make([]byte, 8)); err != io.EOF {
		t.Fatalf("at the end of the input: %v, want io.EOF", err)
	}
}
