package stealth

import (
	"errors"
	"strings"
	"testing"
)

func FuzzParseAddress(f *testing.F) {
	addr := testKeys(f, 1).Address()
	for _, n := range networks {
		f.Add(addr.String(n))
	}
	f.Add(strings.ToUpper(addr.String(Mainnet)))
	f.Add("stg1")
	f.Add("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4")
	f.Add("")
	known := []error{ErrSyntax, ErrMixedCase, ErrUnknownPrefix, ErrChecksum, ErrNotBech32m, ErrLength, ErrVersion, ErrInvalidKey}
	f.Fuzz(func(t *testing.T, s string) {
		a, net, err := ParseAddress(s)
		if err != nil {
			for _, k := range known {
				if errors.Is(err, k) {
					return
				}
			}
			t.Fatalf("ParseAddress(%q): error %v wraps no documented sentinel", s, err)
		}
		// Non-malleable: the only accepted spellings are the canonical text
		// and its upper-case form.
		if got := a.String(net); got != strings.ToLower(s) {
			t.Fatalf("ParseAddress(%q) → String = %q", s, got)
		}
	})
}
