package staking

import (
	"testing"

	"github.com/stegos-go/stegos/params"
)

// key returns a key whose first byte is b and the rest zero.
func key(b byte) [32]byte { return [32]byte{b} }

// val returns an unjailed validator with key key(b) and the given stake.
func val(b byte, stake uint64) *Validator { return &Validator{Key: key(b), Stake: stake} }

// devParams returns the dev network's staking parameters.
func devParams(tb testing.TB) params.Staking {
	tb.Helper()
	p, err := params.For(params.Dev)
	if err != nil {
		tb.Fatal(err)
	}
	return p.Staking
}

// keysOf returns the first key byte of each validator.
func keysOf(vs []*Validator) []byte {
	var out []byte
	for _, v := range vs {
		out = append(out, v.Key[0])
	}
	return out
}
