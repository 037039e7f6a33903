package schedule

import (
	"fmt"
	"strings"

	"github.com/ontap/ontap/scoring"
)

// ParamsKey is the settings key under which the optimizer saves FSRS
// parameters: "params:" + deckID for one deck, "params" (all decks) when
// deckID is empty.
func ParamsKey(deckID string) string {
	if deckID == "" {
		return "params"
	}
	return "params:" + deckID
}

// ForDeck returns the scheduler a deck asks for: kind names it as
// NewScheduler takes it ("" or "fsrs", "sm2"); retention, when above 0,
// replaces cfg.Retention; the parameters saved in settings under
// ParamsKey(deckID), or else under ParamsKey(""), replace cfg.Params.
// Saved parameters that do not parse are an error naming their key.
func ForDeck(cfg scoring.Config, deckID, kind string, retention float64, settings map[string]string) (scoring.Scheduler, error) {
	return NewCache(cfg).ForDeck(deckID, kind, retention, settings)
}

// Cache builds the schedulers of decks from one base Config, as ForDeck
// does, and gives decks that ask for the same scheduler (kind, retention
// and saved parameters) the same value: schedulers are immutable, and a
// study of 100 alike decks needs one, not 100. A Cache is not safe for
// concurrent use.
type Cache struct {
	cfg   scoring.Config
	built map[cacheKey]scoring.Scheduler
}

// cacheKey tells apart the schedulers of a Cache: the kind as matched, the
// desired retention, and the text of the saved parameters used ("" for
// cfg.Params).
type cacheKey struct {
	kind      string
	retention float64
	params    string
}

// NewCache returns an empty Cache over the base settings cfg.
func NewCache(cfg scoring.Config) *Cache {
	return &Cache{cfg: cfg, built: map[cacheKey]scoring.Scheduler{}}
}

// ForDeck is ForDeck over the Cache's base Config, sharing schedulers
// between alike decks.
func (c *Cache) ForDeck(deckID, kind string, retention float64, settings map[string]string) (scoring.Scheduler, error) {
	cfg := c.cfg
	if retention > 0 {
		cfg.Retention = retention
	}
	key := cacheKey{kind: strings.ToLower(strings.TrimSpace(kind)), retention: cfg.Retention}
	if key.kind == "" {
		key.kind = "fsrs"
	}
	if key.kind != "fsrs" && key.kind != "sm2" {
		return NewScheduler(kind, cfg) // the error naming the kind
	}
	var paramsKey string
	for _, k := range []string{ParamsKey(deckID), ParamsKey("")} {
		if v, ok := settings[k]; ok {
			key.params, paramsKey = v, k
			break
		}
	}
	if s, ok := c.built[key]; ok {
		return s, nil
	}
	if paramsKey != "" {
		p, err := ParseParams(key.params)
		if err != nil {
			return nil, fmt.Errorf("saved parameters %q: %v", paramsKey, err)
		}
		cfg.Params = p
	}
	s, err := NewScheduler(key.kind, cfg)
	if err != nil {
		return nil, err
	}
	c.built[key] = s
	return s, nil
}
