package schedule

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/ontap/ontap/scoring"
)

func TestForDeck(t *testing.T) {
	// Two valid vectors that differ from the defaults and from each other.
	deckW, globalW := DefaultParams(), DefaultParams()
	deckW[0], globalW[0] = 0.5, 0.7
	both := map[string]string{"params:a": joinParams(deckW), "params": joinParams(globalW)}
	tests := []struct {
		name      string
		deck      string
		kind      string
		retention float64
		settings  map[string]string
		wantType  string
		wantW0    float64 // FSRS only
		wantR     float64
		wantErr   string
	}{
		{"default is FSRS", "a", "", 0, nil, "*schedule.FSRS", DefaultParams()[0], 0.9, ""},
		{"kind without regard to case", "a", " FSRS ", 0, nil, "*schedule.FSRS", DefaultParams()[0], 0.9, ""},
		{"sm2", "a", "sm2", 0, nil, "*schedule.SM2", 0, 0.9, ""},
		{"deck retention", "a", "", 0.8, nil, "*schedule.FSRS", DefaultParams()[0], 0.8, ""},
		{"per-deck params win over global", "a", "", 0, both, "*schedule.FSRS", 0.5, 0.9, ""},
		{"global params for other decks", "b", "", 0, both, "*schedule.FSRS", 0.7, 0.9, ""},
		{"unknown scheduler", "a", "leitner", 0, nil, "", 0, 0, `unknown scheduler "leitner"`},
		{"bad per-deck params name the key", "a", "", 0, map[string]string{"params:a": "1,2,x", "params": joinParams(globalW)}, "", 0, 0, `saved parameters "params:a"`},
		{"bad global params name the key", "b", "", 0, map[string]string{"params": "1,2"}, "", 0, 0, `saved parameters "params": parameters: got 2 values`},
		{"bad retention", "a", "", 1.5, nil, "", 0, 0, "retention 1.5 is outside (0, 1)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := ForDeck(DefaultConfig(), tt.deck, tt.kind, tt.retention, tt.settings)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var cfg scoring.Config
			switch s := s.(type) {
			case *FSRS:
				cfg = s.Config()
				if got := s.Params()[0]; got != tt.wantW0 {
					t.Errorf("w0 = %v, want %v", got, tt.wantW0)
				}
			case *SM2:
				cfg = s.cfg
			}
			if got := typeName(s); got != tt.wantType {
				t.Errorf("scheduler %s, want %s", got, tt.wantType)
			}
			if cfg.Retention != tt.wantR {
				t.Errorf("retention %v, want %v", cfg.Retention, tt.wantR)
			}
		})
	}
}

func TestCacheSharesAlikeDecks(t *testing.T) {
	c := NewCache(DefaultConfig())
	w := DefaultParams()
	w[0] = 0.5
	settings := map[string]string{"params:c": joinParams(w)}
	get := func(deck, kind string, retention float64) scoring.Scheduler {
		t.Helper()
		s, err := c.ForDeck(deck, kind, retention, settings)
		if err != nil {
			t.Fatalf("deck %s: %v", deck, err)
		}
		return s
	}
	a := get("a", "", 0)
	if get("b", "FSRS", 0.9) != a {
		t.Error("two decks with the default scheduler got two")
	}
	if get("low", "", 0.8) == a {
		t.Error("a deck with retention 0.8 shares the default scheduler")
	}
	if get("s", "sm2", 0) == a {
		t.Error("an SM-2 deck shares the FSRS scheduler")
	}
	own := get("c", "", 0)
	if own == a {
		t.Error("a deck with its own parameters shares the default scheduler")
	}
	if f := own.(*FSRS); f.Params()[0] != 0.5 {
		t.Errorf("deck c: w0 = %v, want 0.5", f.Params()[0])
	}
	// New saved parameters (after an optimize) give a new scheduler.
	settings["params:c"] = joinParams(DefaultParams())
	again := get("c", "", 0)
	if again == own {
		t.Error("deck c kept its old scheduler after new parameters were saved")
	}
	if f := again.(*FSRS); f.Params()[0] != DefaultParams()[0] {
		t.Errorf("deck c after the new parameters: w0 = %v, want %v", f.Params()[0], DefaultParams()[0])
	}
}

func joinParams(w []float64) string {
	s := make([]string, len(w))
	for i, v := range w {
		s[i] = strconv.FormatFloat(v, 'g', -1, 64)
	}
	return strings.Join(s, ",")
}

func typeName(v any) string { return fmt.Sprintf("%T", v) }
