package wallet

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stegos-go/stegos/internal/testnode"
)

// TestAccountNames: a new name is kept in NFKC form; names that read as
// something else, mix scripts, or that a person could take for an
// existing name (a case variant, look-alike letters) are refused.
func TestAccountNames(t *testing.T) {
	t.Parallel()
	s := &Service{accounts: map[string]*account{}}
	for i, name := range []string{"alice", "ape", "Bob", "paypal", "demo"} {
		id := strings.Repeat(string(rune('0'+i)), 16)
		s.accounts[id] = &account{rec: accountRecord{ID: id, Name: name}}
	}
	cases := []struct {
		in   string
		want string // kept name; "" when refused
		err  error
		says string
	}{
		{"carol", "carol", nil, ""},
		{"carol.savings-2026_b", "carol.savings-2026_b", nil, ""},
		{"café", "café", nil, ""},
		{"cafe\u0301", "café", nil, ""}, // decomposed: kept composed
		{"ｃａｒｏｌ", "carol", nil, ""},     // fullwidth
		{"東京タワー", "東京タワー", nil, ""},
		{"мария", "мария", nil, ""},
		{"Zoë", "Zoë", nil, ""},
		{"सीता", "सीता", nil, ""}, // ends with a vowel sign
		{"7", "7", nil, ""},
		{"", "", ErrInvalidName, "1 to"},
		{".", "", ErrInvalidName, "start and end"},
		{"..", "", ErrInvalidName, "start and end"},
		{".hidden", "", ErrInvalidName, "start and end"},
		{"name.", "", ErrInvalidName, "start and end"},
		{"-x", "", ErrInvalidName, "start and end"},
		{"a/b", "", ErrInvalidName, "use letters"},
		{"bad name", "", ErrInvalidName, "use letters"},
		{"x@y", "", ErrInvalidName, "use letters"},
		{"zero\u200bwidth", "", ErrInvalidName, "use letters"},
		{"٣", "", ErrInvalidName, "start and end"}, // Arabic-Indic digit
		{strings.Repeat("a", 65), "", ErrInvalidName, "1 to"},
		{"p\u0430ypal2", "", ErrInvalidName, "mixes"}, // Cyrillic а inside Latin
		{"ρaypal2", "", ErrInvalidName, "mixes"},      // Greek ρ
		{"Alice", "", ErrAccountExists, "differs only by case"},
		{"ALICE", "", ErrAccountExists, "differs only by case"},
		{"bob", "", ErrAccountExists, "differs only by case"},
		{"ａｌｉｃｅ", "", ErrAccountExists, "taken"},
		{"\u0430\u0440\u0435", "", ErrAccountExists, "looks like"}, // all-Cyrillic "аре"
		{"demo", "", ErrAccountExists, "taken"},
		{"dem0", "", ErrAccountExists, "looks like"},
		{"paypaI", "", ErrAccountExists, "looks like"}, // capital i for l
		{"ра\u0443ра1", "", ErrAccountExists, "looks like"},
		{"0000000000000000", "", ErrAccountExists, "is the id"},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			got, err := normalizeName(c.in)
			if err == nil {
				err = s.checkNew("ffffffffffffffff", got)
			}
			if c.err == nil {
				if err != nil || got != c.want {
					t.Fatalf("got %q, %v; want %q", got, err, c.want)
				}
				return
			}
			if !errors.Is(err, c.err) || !strings.Contains(err.Error(), c.says) {
				t.Fatalf("got %q, %v; want %v saying %q", got, err, c.err, c.says)
			}
		})
	}
}

// TestCreateAccountRefusesConfusableNames goes through CreateAccount:
// names that read as paths, case variants and look-alikes of an existing
// account are refused, and a fullwidth name is kept as NFKC.
func TestCreateAccountRefusesConfusableNames(t *testing.T) {
	f := newFixture(t, testnode.Options{})
	ctx := context.Background()
	w := f.open(f.dir("w"))
	if _, _, err := w.CreateAccount(ctx, "alice", "pw"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		want error
	}{
		{".", ErrInvalidName},
		{"..", ErrInvalidName},
		{"Alice", ErrAccountExists},
		{"ALICE", ErrAccountExists},
		{"\u0430lice", ErrInvalidName},                // Cyrillic а, Latin rest
		{"\u0430l\u0456\u0441\u0435", ErrInvalidName}, // Cyrillic а, і, с, е around a Latin l
		{"ａｌｉｃｅ", ErrAccountExists},
	} {
		if _, _, err := w.CreateAccount(ctx, c.name, "pw"); !errors.Is(err, c.want) {
			t.Errorf("CreateAccount(%q): %v, want %v", c.name, err, c.want)
		}
	}
	acc, _, err := w.CreateAccount(ctx, "ｂｏｂ", "pw")
	if err != nil || acc.Name != "bob" {
		t.Fatalf("fullwidth name: %+v, %v; want it kept as \"bob\"", acc, err)
	}
	if _, err := w.Account("ｂｏｂ"); err != nil {
		t.Fatalf("look-up by the name as typed: %v", err)
	}
}
