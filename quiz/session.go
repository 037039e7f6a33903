package quiz

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/ontap/ontap/decks"
	"github.com/ontap/ontap/decks/safetext"
	"github.com/ontap/ontap/scoring"
	"github.com/ontap/ontap/scoring/answer"
	"github.com/ontap/ontap/scoring/store"
)

// Modes of a session.
const (
	ModeStudy = store.ModeStudy // spaced repetition: due cards and new ones, schedules updated
	ModeQuiz  = store.ModeQuiz  // a test of N questions; no due date moves
	ModeAhead = store.ModeAhead // practice of cards not yet due; no due date moves
)

// Defaults for the daily limits, per deck.
const (
	DefaultNewPerDay     = 20
	DefaultReviewsPerDay = 200
	DefaultQuizCount     = 20
)

// learnAhead is how far ahead of their due time learning cards are asked
// when nothing else is left in the session, as in Anki.
const learnAhead = 20 * time.Minute

// Options configure a session.
type Options struct {
	Decks []*decks.Deck
	// Source gives a deck's items, their states and its cards (Loaded, or
	// a deck cache); nil: Loaded, with the deck's states from Store.
	Source    func(d *decks.Deck) (Source, error)
	Store     Store
	Scheduler func(d *decks.Deck) (scoring.Scheduler, error) // per deck (FSRS or SM-2, retention)
	Config    scoring.Config                                 // day start and location for the daily limits
	UI        UI
	Now       func() time.Time // the injected clock
	Seed      uint64           // shuffles choices and quiz draws; the same seed asks the same way

	Mode          store.Mode // ModeStudy (default), ModeQuiz or ModeAhead
	Format        string     // FormatAuto (default), FormatFlash, FormatTyped or FormatChoice
	Count         int        // quiz and ahead: how many questions (default 20)
	NewPerDay     int        // overrides every deck's limit when > 0
	NoNew         bool       // no new cards at all (--new 0)
	ReviewsPerDay int        // overrides every deck's limit when > 0
	AllowSiblings bool       // ask siblings in the same session
}

// entry is one item in the session's queue with its current state.
type entry struct {
	deck  *decks.Deck
	src   Source
	id    string      // the item's id
	sib   string      // its sibling key
	card  int         // the index of its card, to load it
	item  *decks.Item // nil until loaded
	state scoring.State
	known bool // the store has a state for it
	sched scoring.Scheduler
}

// key is the item's key, deck id + "/" + item id.
func (e *entry) key() string { return e.deck.ID + "/" + e.id }

// load loads the item of an entry when it is asked.
func (s *Session) load(ctx context.Context, e *entry) error {
	if e.item != nil {
		return nil
	}
	c, err := e.src.Card(ctx, e.card)
	if err != nil {
		return err
	}
	for _, it := range e.deck.CardItems(c) {
		if it.ID == e.id {
			e.item = it
			return nil
		}
	}
	return fmt.Errorf("deck %s: card %d has no item %q", e.deck.ID, e.card, e.id)
}

// Session is a running session. Use Run.
type Session struct {
	opt      Options
	rng      *rand.Rand
	session  store.Session
	sources  []Source // by deck, as opt.Decks
	learning []*entry // cards in their (re)learning steps, asked when due
	queue    []*entry // asked before plan's: quiz and ahead draws, cards put back
	plan     *planner // study: reviews, then new cards, interleaved by deck
	answered []*entry // in order, for undo
	wrong    int
	leeches  []string
	// last is the feedback on the last answer, and lastHinted whether a
	// hint was asked for it (for :right); nil after an undo.
	last       *Result
	lastHinted bool
	suspended  map[string]bool // keys of suspended cards, not studied
	started    time.Time
}

// sessionID returns the id of the session's row, writing it first when it
// is not written yet: when the first answer is recorded.
func (s *Session) sessionID(ctx context.Context) (int64, error) {
	if s.session.ID == 0 {
		if err := s.opt.Store.StartSession(ctx, &s.session); err != nil {
			return 0, err
		}
	}
	return s.session.ID, nil
}

// Run runs a whole session and returns its summary. Every answer is
// committed to the store before the next question is asked. End of input
// and Ctrl-C end the session with its summary; ErrInterrupted is returned
// (with the summary) after Ctrl-C so that the caller can exit 130.
func Run(ctx context.Context, opt Options) (*Summary, error) {
	if opt.Mode == "" {
		opt.Mode = ModeStudy
	}
	if opt.Format == "" {
		opt.Format = FormatAuto
	}
	if opt.Count <= 0 {
		opt.Count = DefaultQuizCount
	}
	s := &Session{opt: opt, rng: rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15))}
	if err := s.build(ctx); err != nil {
		return nil, err
	}
	first, err := s.next(ctx)
	if err != nil {
		return nil, err
	}
	if first == nil {
		sum := &Summary{Mode: opt.Mode, Decks: s.deckIDs(), NothingDue: true}
		if err := s.fillNextDue(ctx, sum); err != nil {
			return nil, err
		}
		opt.UI.Summary(sum)
		return sum, nil
	}
	s.putBack(first)
	s.started = opt.Now()
	s.session = store.Session{Start: s.started, Mode: opt.Mode, Decks: s.deckIDs()}
	planned := len(s.queue) + len(s.learning) // a quiz's questions
	loopErr := s.loop(ctx)
	end := opt.Now()
	// The session is written (and finished) even when the context was
	// cancelled (Ctrl-C), and when nothing was answered.
	if _, err := s.sessionID(context.WithoutCancel(ctx)); err != nil {
		return nil, err
	}
	if err := opt.Store.FinishSession(context.WithoutCancel(ctx), s.session.ID, end); err != nil && loopErr == nil {
		loopErr = err
	}
	sum := &Summary{SessionID: s.session.ID, Mode: opt.Mode, Decks: s.session.Decks,
		Answered: len(s.answered), Correct: len(s.answered) - s.wrong,
		Duration: end.Sub(s.started), Leeches: s.leeches}
	sum.Seconds = sum.Duration.Seconds()
	if sum.Answered > 0 {
		sum.Score = 100 * float64(sum.Correct) / float64(sum.Answered)
	}
	if opt.Mode == ModeQuiz {
		// A quiz is scored out of its questions, answered or not.
		sum.Questions = max(planned, sum.Answered)
		sum.QuizScore = 100 * float64(sum.Correct) / float64(sum.Questions)
	}
	interrupted := errors.Is(loopErr, ErrInterrupted) || errors.Is(loopErr, context.Canceled)
	if interrupted {
		sum.Interrupted = true
		loopErr = ErrInterrupted
	}
	if err := s.fillNextDue(context.WithoutCancel(ctx), sum); err != nil && loopErr == nil {
		loopErr = err
	}
	opt.UI.Summary(sum)
	return sum, loopErr
}

func (s *Session) deckIDs() []string {
	ids := make([]string, len(s.opt.Decks))
	for i, d := range s.opt.Decks {
		ids[i] = d.ID
	}
	return ids
}

// source returns the Source of a deck.
func (s *Session) source(ctx context.Context, d *decks.Deck) (Source, error) {
	if s.opt.Source != nil {
		return s.opt.Source(d)
	}
	states, err := s.opt.Store.States(ctx, d.ID)
	if err != nil {
		return nil, err
	}
	return Loaded(d, states, nil), nil
}

// build plans the session: for a study, its learning items and the
// planner of the rest; for a quiz or practice ahead, the whole draw.
func (s *Session) build(ctx context.Context) error {
	now := s.opt.Now()
	switch s.opt.Mode {
	case ModeStudy, ModeQuiz, ModeAhead:
	default:
		return fmt.Errorf("unknown session mode %q", s.opt.Mode)
	}
	var counts map[string]store.DayCount // today's new cards and reviews, by deck
	if s.opt.Mode == ModeStudy {
		var err error
		if counts, err = s.opt.Store.DayCounts(ctx, s.opt.Config.DayOf(now)); err != nil {
			return err
		}
		s.plan = &planner{now: now, allow: s.opt.AllowSiblings}
	}
	var all [][]*entry // per deck, for quizzes and practice
	if s.opt.Mode != ModeQuiz {
		// Suspended cards are not studied (a quiz may still ask them).
		list, err := s.opt.Store.Suspended(ctx, "")
		if err != nil {
			return err
		}
		for _, sp := range list {
			if s.suspended == nil {
				s.suspended = map[string]bool{}
			}
			s.suspended[sp.DeckID+"/"+sp.CardID] = true
		}
	}
	for _, d := range s.opt.Decks {
		sched, err := s.opt.Scheduler(d)
		if err != nil {
			return fmt.Errorf("deck %s: %w", d.ID, err)
		}
		src, err := s.source(ctx, d)
		if err != nil {
			return err
		}
		if l, ok := src.(*loaded); ok {
			l.suspend(s.suspended)
		}
		s.sources = append(s.sources, src)
		dp := &deckPlan{deck: d, src: src, sched: sched, taken: map[string]bool{}, lastNew: -1, size: pageSize}
		if s.opt.Mode != ModeStudy {
			items, err := src.All(ctx)
			if err != nil {
				return err
			}
			es := make([]*entry, len(items))
			for i, it := range items {
				es[i] = &entry{deck: d, src: src, sched: sched, id: it.ID, sib: it.Sibling, card: it.Card,
					state: it.State, known: it.known()}
			}
			all = append(all, es)
			continue
		}
		learning, err := src.Learning(ctx)
		if err != nil {
			return err
		}
		for _, it := range learning {
			if dp.take(s.opt.AllowSiblings, it.Sibling) {
				s.learning = append(s.learning, &entry{deck: d, src: src, sched: sched, id: it.ID, sib: it.Sibling,
					card: it.Card, state: it.State, known: true})
			}
		}
		newLimit, revLimit := s.limits(d)
		dp.revLeft, dp.newLeft = revLimit-counts[d.ID].Reviews, newLimit-counts[d.ID].New
		if dp.dueRows, dp.newRows, err = src.Counts(ctx, now, max(dp.revLeft, 0), max(dp.newLeft, 0)); err != nil {
			return err
		}
		dp.dueCapped, dp.newCapped = dp.dueRows >= dp.revLeft, dp.newRows >= dp.newLeft
		s.plan.every = append(s.plan.every, dp)
		s.plan.active = append(s.plan.active, dp)
	}
	switch s.opt.Mode {
	case ModeQuiz:
		pool := interleave(all)
		s.rng.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
		s.queue = s.takeUpTo(pool, s.opt.Count)
	case ModeAhead:
		var pool []*entry
		for _, es := range all {
			for _, e := range es {
				if e.known && e.state.Due.After(now) && !s.suspended[e.key()] {
					pool = append(pool, e)
				}
			}
		}
		sort.SliceStable(pool, func(i, j int) bool { return pool[i].state.Due.Before(pool[j].state.Due) })
		s.queue = s.takeUpTo(pool, s.opt.Count)
	}
	return nil
}

func (s *Session) limits(d *decks.Deck) (newLimit, revLimit int) {
	newLimit, revLimit = Limits(d, s.opt.NewPerDay, s.opt.ReviewsPerDay)
	if s.opt.NoNew {
		newLimit = 0
	}
	return newLimit, revLimit
}

// Limits returns a deck's daily limits of new cards and reviews: the
// defaults, overridden by the deck's own, overridden by newPerDay and
// revPerDay when they are positive (the --new and --reviews flags).
func Limits(d *decks.Deck, newPerDay, revPerDay int) (newLimit, revLimit int) {
	newLimit, revLimit = DefaultNewPerDay, DefaultReviewsPerDay
	if d.NewPerDay > 0 {
		newLimit = d.NewPerDay
	}
	if d.ReviewsPerDay > 0 {
		revLimit = d.ReviewsPerDay
	}
	if newPerDay > 0 {
		newLimit = newPerDay
	}
	if revPerDay > 0 {
		revLimit = revPerDay
	}
	return newLimit, revLimit
}

// takeUpTo keeps at most n entries, one of a sibling group unless
// siblings are allowed.
func (s *Session) takeUpTo(es []*entry, n int) []*entry {
	var out []*entry
	taken := map[[2]string]bool{}
	for _, e := range es {
		if len(out) >= n {
			break
		}
		sib := [2]string{e.deck.ID, e.sib}
		if !s.opt.AllowSiblings && taken[sib] {
			continue
		}
		taken[sib] = true
		out = append(out, e)
	}
	return out
}

// interleave takes one entry from each deck in turn.
func interleave(lists [][]*entry) []*entry {
	var out []*entry
	for i := 0; ; i++ {
		added := false
		for _, l := range lists {
			if i < len(l) {
				out = append(out, l[i])
				added = true
			}
		}
		if !added {
			return out
		}
	}
}

// next removes and returns the entry to ask now, or nil when the session
// is over: learning cards that are due, then the queue, then learning
// cards due within the learn-ahead limit.
func (s *Session) next(ctx context.Context) (*entry, error) {
	now := s.opt.Now()
	sort.SliceStable(s.learning, func(i, j int) bool { return s.learning[i].state.Due.Before(s.learning[j].state.Due) })
	if len(s.learning) > 0 && !s.learning[0].state.Due.After(now) {
		return s.popLearning(), nil
	}
	if len(s.queue) > 0 {
		e := s.queue[0]
		s.queue = s.queue[1:]
		return e, nil
	}
	if s.plan != nil {
		if e, err := s.plan.next(ctx); e != nil || err != nil {
			return e, err
		}
	}
	if len(s.learning) > 0 && !s.learning[0].state.Due.After(now.Add(learnAhead)) {
		return s.popLearning(), nil
	}
	return nil, nil
}

func (s *Session) popLearning() *entry {
	e := s.learning[0]
	s.learning = s.learning[1:]
	return e
}

func (s *Session) progress() Progress {
	left := len(s.queue) + len(s.learning)
	if s.plan != nil {
		left += s.plan.left()
	}
	return Progress{Position: len(s.answered) + 1, Total: len(s.answered) + 1 + left,
		Learning: len(s.learning), Wrong: s.wrong}
}

func (s *Session) loop(ctx context.Context) error {
	var current *entry
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		if current == nil {
			var err error
			if current, err = s.next(ctx); current == nil || err != nil {
				return err
			}
		}
		if err := s.load(ctx, current); err != nil {
			s.putBack(current)
			return err
		}
		q := s.question(current)
		hinted := false
	ask:
		for {
			q.Progress = s.progress()
			resp, err := s.opt.UI.Ask(ctx, q)
			if errors.Is(err, io.EOF) {
				s.putBack(current)
				return nil
			}
			if err != nil {
				s.putBack(current)
				return err
			}
			switch resp.Command {
			case CmdHint:
				if !q.HasHint {
					s.opt.UI.Notice("This card has no hint.")
					continue
				}
				hinted = true
				q.Hint = sanitize(current.item.Hint)
				continue
			case CmdSkip:
				current = nil
				break ask
			case CmdQuit:
				s.putBack(current)
				return nil
			case CmdUndo:
				undone, err := s.undo(ctx)
				if err != nil {
					return err
				}
				if undone == nil {
					s.opt.UI.Notice("Nothing to undo.")
					continue
				}
				// The card being asked may be the one undone (a learning
				// step that came back): it is asked again now, not queued too.
				if undone != current {
					s.putBack(current)
				}
				current = undone
				break ask
			case CmdRate:
				if err := s.override(ctx, resp.Rating); err != nil {
					return err
				}
				continue
			case CmdRight:
				if err := s.overrule(ctx); err != nil {
					return err
				}
				continue
			}
			res, retry, err := s.answer(ctx, current, q, resp, hinted)
			if err != nil {
				return err
			}
			if retry != "" {
				s.opt.UI.Notice(retry)
				continue
			}
			reply, err := s.opt.UI.Result(ctx, res)
			switch {
			case reply == nil:
			case reply.Command == CmdRight:
				if oerr := s.overrule(ctx); oerr != nil {
					return oerr
				}
			case reply.Command == CmdRate && reply.Rating.Valid() && reply.Rating != res.Rating:
				if oerr := s.override(ctx, reply.Rating); oerr != nil {
					return oerr
				}
			}
			if err != nil && !errors.Is(err, io.EOF) {
				return err
			}
			current = nil
			if errors.Is(err, io.EOF) {
				return nil
			}
			break ask
		}
	}
}

// putBack returns an entry that was taken but not answered to the front of
// its queue.
func (s *Session) putBack(e *entry) {
	if e == nil {
		return
	}
	if e.known && (e.state.Phase == scoring.Learning || e.state.Phase == scoring.Relearning) && s.opt.Mode == ModeStudy {
		s.learning = append([]*entry{e}, s.learning...)
		return
	}
	s.queue = append([]*entry{e}, s.queue...)
}

// question turns an entry into a question in the format the options ask
// for.
func (s *Session) question(e *entry) *Question {
	it := e.item
	q := &Question{Key: it.Key(), Kind: it.Kind, Prompt: sanitize(it.Prompt),
		HasHint: it.Hint != "", New: !e.known}
	q.Format = s.format(e)
	switch q.Format {
	case FormatFlash:
		q.Answer = sanitize(it.Answer)
	case FormatChoice:
		opts := it.Choices
		if it.Kind != decks.KindChoice {
			opts = append([]string{it.Answer}, it.Deck.Distractors(it.Card)...)
		}
		q.Choices = s.shuffled(opts)
	case FormatMulti:
		q.Choices = s.shuffled(it.Choices)
	case FormatOrder:
		q.Choices = s.shuffled(it.Items)
		// A shuffle that leaves the items in order asks nothing.
		for i := 0; i < 5 && len(q.Choices) > 1 && slices.Equal(q.Choices, safetext.SanitizeAll(it.Items)); i++ {
			q.Choices = s.shuffled(it.Items)
		}
	case FormatList:
		q.Count = len(it.Items)
	case FormatNumber:
		q.Unit = sanitize(it.Card.Unit)
	}
	return q
}

// format decides how an item is asked.
func (s *Session) format(e *entry) string {
	it := e.item
	native := map[string]string{
		decks.KindBasic: FormatFlash, decks.KindTyped: FormatTyped, decks.KindCloze: FormatTyped,
		decks.KindChoice: FormatChoice, decks.KindMulti: FormatMulti, decks.KindTrueFalse: FormatTrueFalse,
		decks.KindNumber: FormatNumber, decks.KindList: FormatList, decks.KindOrder: FormatOrder,
	}[it.Kind]
	single := it.Kind == decks.KindBasic || it.Kind == decks.KindTyped || it.Kind == decks.KindCloze ||
		it.Kind == decks.KindChoice || it.Kind == decks.KindNumber
	if !single {
		return native
	}
	canChoose := it.Kind == decks.KindChoice || len(it.Deck.Distractors(it.Card)) > 0
	switch s.opt.Format {
	case FormatFlash:
		return FormatFlash
	case FormatTyped:
		if it.Kind == decks.KindNumber {
			return FormatNumber
		}
		return FormatTyped
	case FormatChoice:
		if canChoose {
			return FormatChoice
		}
		return native
	}
	// auto: recognition while new, recall once known.
	if it.Kind != decks.KindBasic && canChoose && !e.known {
		return FormatChoice
	}
	if it.Kind == decks.KindChoice && e.known && e.state.Phase == scoring.Review {
		return FormatTyped
	}
	return native
}

func (s *Session) shuffled(in []string) []string {
	out := safetext.SanitizeAll(in)
	s.rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// answer checks a response, schedules and records it. A non-empty retry
// message means the response could not be understood and the question is
// asked again.
func (s *Session) answer(ctx context.Context, e *entry, q *Question, resp *Response, hinted bool) (*Result, string, error) {
	it := e.item
	pol := answer.Policy{CaseSensitive: it.Card.Policy.CaseSensitive, Accents: it.Card.Policy.Accents,
		Typos: it.Card.Policy.Typos, Strict: it.Card.Policy.Strict}
	given := strings.TrimSpace(resp.Text)
	if len(resp.Items) > 0 {
		given = strings.Join(resp.Items, "; ")
	}
	var v answer.Verdict
	gaveUp := resp.Command == CmdGiveUp
	switch {
	case gaveUp:
		v = answer.Verdict{Rating: scoring.Again}
		given = ""
	case q.Format == FormatFlash:
		if !resp.Rating.Valid() {
			return nil, "Rate yourself: 1 Again, 2 Hard, 3 Good, 4 Easy.", nil
		}
		v = answer.Verdict{Correct: resp.Rating > scoring.Again, Rating: resp.Rating}
		if v.Correct {
			v.Score = 1
		}
		given = resp.Rating.String()
	case given == "" && len(resp.Items) == 0:
		return nil, "Type an answer, or :hint, :giveup, :skip, :undo, :quit.", nil
	case q.Format == FormatChoice:
		v = answer.Choice(given, q.Choices, sanitize(it.Answer), pol)
		if hasNote(v, answer.NoteNotOption) || hasNote(v, answer.NoteAmbiguous) {
			return nil, fmt.Sprintf("Choose one of the options: a number from 1 to %d, or its text.", len(q.Choices)), nil
		}
	case q.Format == FormatMulti:
		v = answer.Multi(given, q.Choices, safetext.SanitizeAll(it.Answers))
	case q.Format == FormatTrueFalse:
		v = answer.TrueFalse(given, it.Card.Truth)
		if hasNote(v, answer.NoteTrueFalse) {
			return nil, "Answer true or false.", nil
		}
	case q.Format == FormatNumber:
		v = answer.Number(given, it.Card.Number, it.Card.Tolerance, it.Card.TolerancePct, it.Card.Unit)
	case q.Format == FormatList:
		items := resp.Items
		if len(items) == 0 {
			items = answer.SplitList(given)
		}
		v = answer.List(items, it.Items, it.Card.Ordered, pol)
	case q.Format == FormatOrder:
		v = answer.Order(answer.Resolve(answer.SplitList(given), q.Choices), it.Items, pol)
	default:
		v = answer.Text(given, it.Answer, it.Accept, pol)
	}
	rating := v.Rating
	if q.Format != FormatFlash && !gaveUp {
		// An answer with no measured time (piped input) is never "fast";
		// nor is one to a card in its (re)learning steps: it was seen
		// minutes ago, so speed says little of how well it is known.
		learning := e.known && (e.state.Phase == scoring.Learning || e.state.Phase == scoring.Relearning)
		fast := !learning && resp.Elapsed > 0 && answer.Fast(resp.Elapsed, len([]rune(it.Answer)))
		rating = answer.Rate(v, hinted, fast)
	}
	res := &Result{Key: it.Key(), Kind: it.Kind, Format: q.Format, Rating: rating,
		Expected: sanitize(expected(it)), Given: sanitize(given), Notes: v.Notes, Parts: sanitizeParts(v.Parts),
		Score: v.Score, Explain: sanitize(it.Card.Explain), Source: sanitize(it.Source()), GaveUp: gaveUp}
	if (q.Format == FormatTyped || q.Format == FormatNumber) && !gaveUp && given != "" {
		target := it.Answer
		if v.Matched != "" {
			target = v.Matched
		}
		res.Diff = answer.Diff(sanitize(given), sanitize(target))
	}
	if res.Notes != nil {
		res.Notes = safetext.SanitizeAll(res.Notes)
	}
	// An answer given is kept, even when Ctrl-C cancelled ctx meanwhile.
	if err := s.record(context.WithoutCancel(ctx), e, rating, given, v, resp.Elapsed, res); err != nil {
		return nil, "", err
	}
	s.last, s.lastHinted = res, hinted
	return res, "", nil
}

func hasNote(v answer.Verdict, note string) bool {
	for _, n := range v.Notes {
		if n == note {
			return true
		}
	}
	return false
}

func expected(it *decks.Item) string {
	if it.Kind == decks.KindNumber && it.Card.Unit != "" {
		return it.Answer + " " + it.Card.Unit
	}
	return it.Answer
}

// reviewKind is how a review is logged: by the card's phase before it.
func (s *Session) reviewKind(before scoring.State) store.Kind {
	if s.opt.Mode != ModeStudy {
		return store.KindQuiz
	}
	switch before.Phase {
	case scoring.Review:
		return store.KindReview
	case scoring.Relearning:
		return store.KindRelearn
	}
	return store.KindLearn
}

// record schedules the answer and commits it, then requeues the card if it
// is still learning.
func (s *Session) record(ctx context.Context, e *entry, rating scoring.Rating, given string, v answer.Verdict, elapsed time.Duration, res *Result) error {
	now := s.opt.Now()
	before := e.state
	after := before
	if s.opt.Mode == ModeStudy {
		after = e.sched.Review(e.key(), before, rating, now)
		res.NextDue = after.Due
	} else {
		res.Quiz = true
	}
	var parts string
	if len(v.Parts) > 0 {
		b, _ := json.Marshal(v.Parts)
		parts = string(b)
	}
	correct := rating > scoring.Again
	sid, err := s.sessionID(ctx)
	if err != nil {
		return err
	}
	newLeech := after.Leech && !before.Leech
	// A new leech is suspended in a study session, in the answer's own
	// transaction (Undo lifts it again).
	suspend := newLeech && s.opt.Mode == ModeStudy
	r := &store.Review{SessionID: sid, DeckID: e.deck.ID, CardID: e.id, Time: now,
		Rating: rating, Answer: given, Correct: correct, Duration: elapsed, Kind: s.reviewKind(before),
		Parts: parts, Before: before, After: after, Overruled: res.Override, Suspend: suspend}
	if err := s.opt.Store.Record(ctx, r); err != nil {
		return err
	}
	res.Correct = correct
	if !correct {
		s.wrong++
	}
	if newLeech {
		res.Leech, res.Suspended = true, suspend
		s.leeches = append(s.leeches, e.key())
	}
	e.state, e.known = after, s.opt.Mode == ModeStudy || e.known
	if l, ok := e.src.(*loaded); ok {
		l.set(e.id, after)
	}
	s.answered = append(s.answered, e)
	if s.opt.Mode == ModeStudy && !suspend && (after.Phase == scoring.Learning || after.Phase == scoring.Relearning) {
		s.learning = append(s.learning, e)
	}
	return nil
}

// undo takes back the last answer of the session and returns its card,
// to be asked again, or nil when there is nothing to undo.
func (s *Session) undo(ctx context.Context) (*entry, error) {
	if len(s.answered) == 0 {
		return nil, nil
	}
	e, r, err := s.takeBack(ctx)
	if err != nil || e == nil {
		return nil, err
	}
	e.known = r.Before.Phase != scoring.New
	if l, ok := e.src.(*loaded); ok {
		l.set(e.id, r.Before)
	}
	s.last = nil
	s.opt.UI.Notice("Undone: " + e.key())
	return e, nil
}

// dropLeech takes back the report of key as a leech in this session.
func (s *Session) dropLeech(key string) {
	for i := len(s.leeches) - 1; i >= 0; i-- {
		if s.leeches[i] == key {
			s.leeches = append(s.leeches[:i], s.leeches[i+1:]...)
			return
		}
	}
}

func (s *Session) removeLearning(e *entry) {
	for i, l := range s.learning {
		if l == e {
			s.learning = append(s.learning[:i], s.learning[i+1:]...)
			return
		}
	}
}

// override changes the rating of the last answer: the answer is taken back
// and recorded again with the new rating.
func (s *Session) override(ctx context.Context, rating scoring.Rating) error {
	if !rating.Valid() {
		s.opt.UI.Notice("A rating is 1 Again, 2 Hard, 3 Good or 4 Easy.")
		return nil
	}
	if len(s.answered) == 0 {
		s.opt.UI.Notice("No answer to rate yet.")
		return nil
	}
	e, res, err := s.rerecord(ctx, rating, false)
	if err != nil || e == nil {
		return err
	}
	msg := fmt.Sprintf("Rated %s: %s", e.key(), rating)
	if !res.NextDue.IsZero() {
		msg += ", next " + res.NextDue.In(s.location()).Format("2006-01-02 15:04")
	}
	s.opt.UI.Notice(msg)
	return nil
}

// overrule counts the last answer, judged wrong, as right, as a learner
// grades themself in Anki: it is recorded again as Good (Hard when a hint
// was asked for), flagged as overruled in the log, and the front-end shows
// the new verdict (a Result with Override set).
func (s *Session) overrule(ctx context.Context) error {
	switch {
	case len(s.answered) == 0 || s.last == nil:
		s.opt.UI.Notice("No answer to overrule.")
		return nil
	case s.last.Correct:
		s.opt.UI.Notice("The last answer already counts as right; :rate N changes its rating.")
		return nil
	}
	rating := scoring.Good
	if s.lastHinted {
		rating = scoring.Hard
	}
	prev := *s.last
	_, res, err := s.rerecord(ctx, rating, true)
	if err != nil || res == nil {
		return err
	}
	out := prev
	out.Correct, out.Rating, out.Override, out.NextDue = res.Correct, rating, true, res.NextDue
	out.Leech, out.Suspended, out.GaveUp = res.Leech, res.Suspended, false
	s.last = &out
	_, err = s.opt.UI.Result(ctx, &out)
	return err
}

// takeBack takes the last answer of the session out of the log and out of
// the session's counts, and puts its card back in the state it had
// before; it returns the card and the review taken back, or nils when the
// log had none to take back.
func (s *Session) takeBack(ctx context.Context) (*entry, *store.Review, error) {
	r, err := s.opt.Store.Undo(ctx, s.session.ID)
	if err != nil || r == nil {
		return nil, nil, err
	}
	e := s.answered[len(s.answered)-1]
	s.answered = s.answered[:len(s.answered)-1]
	if !r.Correct {
		s.wrong--
	}
	if r.After.Leech && !r.Before.Leech {
		s.dropLeech(e.key())
	}
	s.removeLearning(e)
	e.state = r.Before
	return e, r, nil
}

// rerecord takes the last answer back and records it again with rating,
// flagged as overruled when overruled is set. It returns the card and the
// new result (its due date), or nils when there was nothing to take back.
func (s *Session) rerecord(ctx context.Context, rating scoring.Rating, overruled bool) (*entry, *Result, error) {
	e, r, err := s.takeBack(ctx)
	if err != nil || e == nil {
		return nil, nil, err
	}
	res := &Result{Override: overruled || r.Overruled}
	v := answer.Verdict{Correct: rating > scoring.Again}
	if r.Parts != "" {
		// The parts of the answer stay with it.
		_ = json.Unmarshal([]byte(r.Parts), &v.Parts)
	}
	if err := s.record(ctx, e, rating, r.Answer, v, r.Duration, res); err != nil {
		return nil, nil, err
	}
	if s.last != nil && !overruled {
		s.last.Correct, s.last.Rating = res.Correct, rating
	}
	return e, res, nil
}

func (s *Session) location() *time.Location {
	if s.opt.Config.Location != nil {
		return s.opt.Config.Location
	}
	return time.Local
}

// fillNextDue finds when the next card of the session's decks is due.
func (s *Session) fillNextDue(ctx context.Context, sum *Summary) error {
	now := s.opt.Now()
	var next time.Time
	var counts map[string]store.DayCount
	consider := func(t time.Time) {
		if next.IsZero() || t.Before(next) {
			next = t
		}
	}
	for i, d := range s.opt.Decks {
		due, newLeft, err := s.sources[i].NextDue(ctx)
		if err != nil {
			return err
		}
		if !due.IsZero() {
			consider(due)
		}
		if !newLeft {
			continue
		}
		// New cards are there now while today's limit is not used up,
		// else from the next study day.
		dayStart := s.opt.Config.DayOf(now)
		if counts == nil {
			if counts, err = s.opt.Store.DayCounts(ctx, dayStart); err != nil {
				return err
			}
		}
		if limit, _ := s.limits(d); counts[d.ID].New < limit {
			consider(now)
		} else if limit > 0 {
			consider(dayStart.Add(24 * time.Hour))
		}
	}
	sum.NextDue = next
	return nil
}

func sanitize(s string) string { return decks.Sanitize(s) }

// sanitizeParts returns the parts of a list or order verdict with their
// texts (from the deck and the learner) sanitised for the terminal.
func sanitizeParts(in []answer.Part) []answer.Part {
	if in == nil {
		return nil
	}
	out := make([]answer.Part, len(in))
	for i, p := range in {
		out[i] = answer.Part{Expected: sanitize(p.Expected), Given: sanitize(p.Given), Correct: p.Correct, Note: sanitize(p.Note)}
	}
	return out
}
