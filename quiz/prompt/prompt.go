// Package prompt is the terminal front-end built on promptui. It is used
// only when stdin and stdout are both terminals: promptui reads the
// terminal directly and would lose piped input.
//
// promptui's pitfalls are handled here: the terminal bell it rings on some
// keys is filtered from its output; labels are kept to one line (a label
// with a newline is not drawn at all) and truncated to the terminal width,
// as are the options of a list; answers are never judged in Validate (it
// runs on every keystroke); Ctrl-C and Ctrl-D end the session; and since
// promptui ignores NO_COLOR, plain templates are given when colour is off.
package prompt

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/template"
	"time"

	"github.com/manifoldco/promptui"

	"github.com/ontap/ontap/quiz"
	"github.com/ontap/ontap/quiz/term"
	"github.com/ontap/ontap/scoring"
)

// UI is the promptui front-end.
type UI struct {
	// NoWait goes on to the next question right after the feedback,
	// without waiting for a key (study --no-wait).
	NoWait bool

	io  *term.IO
	in  *sharedInput
	out io.WriteCloser
	loc *time.Location
	now func() time.Time
}

// New returns a promptui front-end on the terminal t.
func New(t *term.IO, loc *time.Location, now func() time.Time) *UI {
	return &UI{io: t, in: newSharedInput(t.In), out: NoBell(t.Out), loc: loc, now: now}
}

// NoBell is w without the BEL character that promptui's line editor writes
// on some keys (every prompt of ontap writes through one).
func NoBell(w io.Writer) io.WriteCloser { return &belFilter{w: w} }

// belFilter drops BEL from what it writes.
type belFilter struct{ w io.Writer }

func (b *belFilter) Write(p []byte) (int, error) {
	if !bytes.ContainsRune(p, '\a') {
		return b.w.Write(p)
	}
	if _, err := b.w.Write(bytes.ReplaceAll(p, []byte("\a"), nil)); err != nil {
		return 0, err
	}
	return len(p), nil
}

func (b *belFilter) Close() error { return nil }

func (u *UI) width() int { return u.io.Width() }

// label makes a promptui label: one line, cut to the terminal width.
func (u *UI) label(s string) string { return fitLabel(s, u.width()) }

// fitLabel makes s one line, cut to width.
func fitLabel(s string, width int) string {
	return term.Truncate(strings.Join(strings.Fields(s), " "), width-4)
}

func (u *UI) println(s string) { fmt.Fprintln(u.out, s) }

// printBody prints text that may span lines, wrapped to the width.
func (u *UI) printBody(s string) { printWrapped(u.out, u.width(), s) }

// printWrapped writes text that may span lines, wrapped to width.
func printWrapped(out io.Writer, width int, s string) {
	for _, line := range strings.Split(s, "\n") {
		for _, w := range term.Wrap(line, width-1) {
			fmt.Fprintln(out, w)
		}
	}
}

// menuHelp is the help line of a menu whose first numbered options are
// picked by their digit: the keys that exist.
func menuHelp(numbered int) string {
	switch numbered {
	case 0:
		return "(arrows to choose, Enter)"
	case 1:
		return "(arrows or 1 to choose, Enter)"
	}
	return fmt.Sprintf("(arrows or 1-%d to choose, Enter)", numbered)
}

// menuTemplates draw a menu without glyphs that would stay on the
// screen: once chosen, the menu is replaced by "label: option".
func menuTemplates(t *term.IO, label string, numbered int) *promptui.SelectTemplates {
	// The chosen option after the label, cut to the line.
	room := max(10, t.Width()-term.DisplayWidth(label)-3)
	funcs := template.FuncMap{}
	for k, f := range promptui.FuncMap {
		funcs[k] = f
	}
	funcs["fit"] = func(s string) string { return term.Truncate(s, room) }
	sel := strings.NewReplacer("{", "(", "}", ")").Replace(label) + ": {{ . | fit }}"
	if t.Color {
		return &promptui.SelectTemplates{Label: "{{ . | bold }}", Active: "{{ \"›\" | cyan }} {{ . | cyan }}",
			Inactive: "  {{ . }}", Selected: sel, Help: "{{ \"" + menuHelp(numbered) + "\" | faint }}", FuncMap: funcs}
	}
	return &promptui.SelectTemplates{Label: "{{ . }}", Active: "> {{ . }}", Inactive: "  {{ . }}",
		Selected: sel, Help: menuHelp(numbered), FuncMap: funcs}
}

// readLine asks for one line of text (see Line: no promptui.Prompt).
func (u *UI) readLine(label string) (string, error) {
	return Line(u.in.view(), u.out, u.label(label), "", u.io.Color)
}

// askLine reads lines until one is an answer or a command of the format; a
// line that is neither (a mistyped command) gets its message, and the
// question is asked again.
func (u *UI) askLine(label, format string) (*quiz.Response, error) {
	for {
		line, err := u.readLine(label)
		if err != nil {
			return nil, err
		}
		resp, msg := quiz.ParseLine(line, format)
		if resp != nil {
			return resp, nil
		}
		u.println(msg)
	}
}

// readKey asks for one key of keys, each taken at once, or Enter: it
// returns the key ("" for Enter, or for any other line typed).
func (u *UI) readKey(label string, keys string) (string, error) {
	view := u.in.viewWith(func(b byte) []byte {
		if strings.IndexByte(keys, b) >= 0 {
			return []byte{b, '\r'}
		}
		return nil
	})
	s, err := Line(view, u.out, u.label(label), "", u.io.Color)
	if err != nil {
		return "", err
	}
	if s = strings.TrimSpace(s); len(s) == 1 && strings.Contains(keys, s) {
		return s, nil
	}
	return "", nil
}

// Keys of promptui's menus (readline's Ctrl-P and Ctrl-N).
const (
	keyPrev = 0x10
	keyNext = 0x0e
)

// choose asks to pick one of items and returns its index (menu).
func (u *UI) choose(label string, items []string, numbered, cursor int) (int, error) {
	return menu(u.io, u.out, u.in.viewWith, label, items, numbered, cursor)
}

// Choose asks to pick one of items on the terminal t, reading in itself
// (the authoring commands, outside a session), as a session's menus do:
// the first nine options numbered and picked by their digit.
func Choose(t *term.IO, in io.Reader, out io.WriteCloser, label string, items []string) (int, error) {
	keyed := func(keys func(b byte) []byte) io.ReadCloser { return &keyReader{r: in, keys: keys} }
	return menu(t, out, keyed, label, items, len(items), 0)
}

// menu asks to pick one of items and returns its index, reading the keys
// from what input returns for a translation of them. The first numbered
// of them (up to 9) are shown as "1) option" and picked by their digit at
// once. An option too wide for the terminal is shown in full, wrapped,
// above the menu, and cut in the menu after its number, so that two
// options never look alike.
func menu(t *term.IO, out io.WriteCloser, input func(keys func(b byte) []byte) io.ReadCloser,
	label string, items []string, numbered, cursor int) (int, error) {
	width := t.Width()
	numbered = min(numbered, 9, len(items))
	shown := make([]string, len(items))
	cut := false
	for i, it := range items {
		it = strings.Join(strings.Fields(it), " ")
		if i < numbered {
			it = fmt.Sprintf("%d) %s", i+1, it)
		}
		shown[i] = term.Truncate(it, width-4)
		cut = cut || shown[i] != it
	}
	if cut {
		for i := range numbered {
			printWrapped(out, width, fmt.Sprintf("  %d) %s", i+1, strings.Join(strings.Fields(items[i]), " ")))
		}
	}
	// Ctrl-D and Ctrl-C never reach the menu: promptui's Select redraws
	// from readline's goroutine after an end of input or an interrupt
	// while Run clears the same screen buffer (a data race). They become
	// Enter, which Select handles without drawing, and the menu's answer
	// is then dropped for the error they stand for.
	var ended error
	view := input(func(b byte) []byte {
		switch b {
		case 0x04:
			ended = io.EOF
			return []byte{'\r'}
		case 0x03:
			ended = quiz.ErrInterrupted
			return []byte{'\r'}
		}
		n := int(b - '0')
		if b < '1' || b > '9' || n > numbered {
			return nil
		}
		// To the top, down to the option, Enter.
		keys := append(bytes.Repeat([]byte{keyPrev}, len(items)), bytes.Repeat([]byte{keyNext}, n-1)...)
		return append(keys, '\r')
	})
	l := fitLabel(label, width)
	s := promptui.Select{Label: l, Items: shown, Size: min(len(shown), 12), CursorPos: cursor,
		Templates: menuTemplates(t, l, numbered), Stdin: view, Stdout: out}
	i, _, err := s.Run()
	if ended != nil && err == nil {
		// The line "label: option" was not chosen: erase it.
		io.WriteString(out, "\x1b[1A\r\x1b[2K")
		return 0, ended
	}
	return i, mapErr(err)
}

// keyReader is r with keys translated as inputView translates them, for
// a menu that reads the terminal itself.
type keyReader struct {
	r       io.Reader
	keys    func(b byte) []byte
	pending []byte
}

func (k *keyReader) Read(p []byte) (int, error) {
	for len(k.pending) == 0 {
		buf := make([]byte, max(len(p), 1))
		n, err := k.r.Read(buf)
		for _, b := range buf[:n] {
			if t := k.keys(b); t != nil {
				k.pending = append(k.pending, t...)
			} else {
				k.pending = append(k.pending, b)
			}
		}
		if err != nil && len(k.pending) == 0 {
			return 0, err
		}
	}
	n := copy(p, k.pending)
	k.pending = k.pending[n:]
	return n, nil
}

func (k *keyReader) Close() error { return nil }

func mapErr(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, promptui.ErrInterrupt):
		return quiz.ErrInterrupted
	case errors.Is(err, promptui.ErrEOF), errors.Is(err, io.EOF):
		return io.EOF
	}
	return err
}

// commands offered at the end of a list of options.
var commands = []struct{ label, cmd string }{
	{"(hint)", quiz.CmdHint}, {"(give up)", quiz.CmdGiveUp}, {"(skip)", quiz.CmdSkip},
	{"(undo last answer)", quiz.CmdUndo}, {"(quit)", quiz.CmdQuit},
}

// Ask shows the question and reads the answer in a way that fits its
// format.
func (u *UI) Ask(ctx context.Context, q *quiz.Question) (*quiz.Response, error) {
	u.println("")
	u.println(term.Truncate(fmt.Sprintf("── %s · %s", quiz.ProgressLine(q.Progress), q.Key), u.width()-1))
	u.printBody(q.Prompt)
	if q.Hint != "" {
		u.printBody("Hint: " + q.Hint)
	}
	start := time.Now()
	resp, err := u.ask(q)
	if err != nil {
		return nil, err
	}
	if resp.Elapsed == 0 {
		resp.Elapsed = time.Since(start)
	}
	return resp, nil
}

func (u *UI) ask(q *quiz.Question) (*quiz.Response, error) {
	switch q.Format {
	case quiz.FormatChoice, quiz.FormatTrueFalse:
		items := q.Choices
		if q.Format == quiz.FormatTrueFalse {
			items = []string{"true", "false"}
		}
		all := append([]string(nil), items...)
		for _, c := range commands {
			all = append(all, c.label)
		}
		i, err := u.choose("Your answer", all, len(items), 0)
		if err != nil {
			return nil, err
		}
		if i >= len(items) {
			return &quiz.Response{Command: commands[i-len(items)].cmd}, nil
		}
		if q.Format == quiz.FormatTrueFalse {
			return &quiz.Response{Text: items[i]}, nil
		}
		return &quiz.Response{Text: fmt.Sprint(i + 1)}, nil
	case quiz.FormatFlash:
		for {
			line, err := u.readLine("Enter to show the answer (:hint :skip :undo :quit)")
			if err != nil {
				return nil, err
			}
			if resp, _ := quiz.ParseLine(line, quiz.FormatTyped); resp != nil && resp.Command != "" {
				return resp, nil
			}
			break
		}
		u.printBody("Answer: " + q.Answer)
		i, err := u.choose("How well did you know it?", []string{"Again", "Hard", "Good", "Easy"}, 4, 2)
		if err != nil {
			return nil, err
		}
		return &quiz.Response{Rating: scoring.Rating(i + 1)}, nil
	case quiz.FormatList:
		var items []string
		for len(items) < q.Count {
			resp, err := u.askLine(fmt.Sprintf("Item %d of %d (empty to finish)", len(items)+1, q.Count), q.Format)
			if err != nil {
				return nil, err
			}
			if resp.Command != "" {
				return resp, nil
			}
			if resp.Text == "" {
				break
			}
			items = append(items, resp.Text)
		}
		if len(items) == 0 {
			return &quiz.Response{}, nil
		}
		return &quiz.Response{Items: items}, nil
	}
	for i, c := range q.Choices {
		u.printBody(fmt.Sprintf("  %d) %s", i+1, c))
	}
	return u.askLine(quiz.HowToAnswer(q), q.Format)
}

// Result prints the feedback and waits for a key, in study and quiz
// alike, so that an Enter pressed from habit never answers the next
// question: Enter goes on; after a wrong verdict (not a flash card's,
// which the learner rated), r counts the answer as right; in a study
// session, 1-4 change the rating.
func (u *UI) Result(ctx context.Context, r *quiz.Result) (*quiz.Response, error) {
	for _, l := range quiz.FormatResult(r, u.io.Color, u.loc) {
		u.printBody(l)
	}
	if r.Override || u.NoWait {
		return nil, nil
	}
	label, keys := resultKeys(r)
	key, err := u.readKey(label, keys)
	if err != nil {
		return nil, err
	}
	if key == "r" {
		return &quiz.Response{Command: quiz.CmdRight}, nil
	}
	if rt, ok := quiz.ParseRating(key); ok {
		return &quiz.Response{Command: quiz.CmdRate, Rating: rt}, nil
	}
	return nil, nil
}

// resultKeys are the prompt after the feedback of r and the keys it takes
// (besides Enter). A flash card's verdict is the learner's own rating:
// nothing to overrule.
func resultKeys(r *quiz.Result) (label, keys string) {
	overrule := !r.Correct && r.Format != quiz.FormatFlash
	label = "Enter to go on"
	switch {
	case overrule && !r.Quiz:
		label = "Enter to go on, r if you were right, 1-4 to rate"
	case overrule:
		label = "Enter to go on, r if you were right"
	case !r.Quiz:
		label = "Enter to go on, or 1-4 to change the rating"
	}
	if overrule {
		keys += "r"
	}
	if !r.Quiz {
		keys += "1234"
	}
	return label, keys
}

// Notice prints a message.
func (u *UI) Notice(msg string) { u.printBody(msg) }

// Summary prints the end of the session.
func (u *UI) Summary(s *quiz.Summary) {
	u.println("")
	for _, l := range quiz.FormatSummary(s, u.now(), u.loc) {
		u.printBody(l)
	}
}
