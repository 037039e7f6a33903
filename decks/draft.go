package decks

import (
	"bytes"
	"fmt"
)

// AcceptDraft returns the text of a draft deck file (`draft = true` in its
// [deck] table) without the mark: the line that holds it is removed and
// every other byte is kept. It fails, naming the line, when the deck is
// not a draft, does not load, or holds the mark on a line shared with
// other keys (the author then removes it by hand).
func AcceptDraft(path string, data []byte) ([]byte, error) {
	d, diags := Parse(path, data)
	if d == nil {
		return nil, fmt.Errorf("%s has errors; fix them first (ontap deck edit):\n%v", path, diags.errors())
	}
	if !d.Draft {
		return nil, fmt.Errorf("deck %q is not a draft: %s has no draft = true", d.ID, path)
	}
	idx, _ := scan(data)
	pos := idx.key(joinPath("deck", "draft"))
	start, end := lineBounds(data, pos.Line)
	line := data[start:end]
	if k := bytes.IndexByte(line, '#'); k >= 0 {
		line = line[:k] // a comment after the mark goes with it
	}
	if !draftLine(line) {
		return nil, fmt.Errorf("%s:%d:%d: draft = true shares its line with other keys; remove it by hand", path, pos.Line, pos.Col)
	}
	out := append(bytes.Clone(data[:start]), data[end:]...)
	if d, diags := Parse(path, out); d == nil || d.Draft {
		// Not expected: the mark was found where the index says it is.
		return nil, fmt.Errorf("%s: cannot remove draft = true safely; remove it by hand:\n%v", path, diags)
	}
	return out, nil
}

// lineBounds returns where line (1-based) starts in data and where the
// next line starts (or the end of data).
func lineBounds(data []byte, line int) (start, end int) {
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(data[start:], '\n')
		if i < 0 {
			return len(data), len(data)
		}
		start += i + 1
	}
	end = len(data)
	if i := bytes.IndexByte(data[start:], '\n'); i >= 0 {
		end = start + i + 1
	}
	return start, end
}

// draftLine reports whether line (without its comment) is only
// `draft = true`, with any spaces.
func draftLine(line []byte) bool {
	f := bytes.Fields(bytes.ReplaceAll(line, []byte("="), []byte(" = ")))
	return len(f) == 3 && string(f[0]) == "draft" && string(f[1]) == "=" && string(f[2]) == "true"
}
