package txbuilder_test

import (
	"io"
	"math/rand/v2"
	"testing"

	"github.com/gtank/ristretto255"
	"github.com/stegos-go/stegos/crypto/payload"
	"github.com/stegos-go/stegos/crypto/pedersen"
	"github.com/stegos-go/stegos/crypto/stealth"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/params"
	"github.com/stegos-go/stegos/txbuilder"
)

// seeded returns a deterministic random source.
func seeded(seed uint64) io.Reader {
	var s [32]byte
	s[0], s[1] = byte(seed), byte(seed>>8)
	return rand.NewChaCha8(s)
}

func devParams(tb testing.TB) *params.Params {
	tb.Helper()
	p, err := params.For(params.Dev)
	if err != nil {
		tb.Fatal(err)
	}
	return &p
}

// scalars returns two random non-zero scalars: a wallet's view and spend keys.
func scalars(tb testing.TB, rnd io.Reader) (view, spend *ristretto255.Scalar) {
	tb.Helper()
	var err error
	if view, err = pedersen.RandomBlinding(rnd); err != nil {
		tb.Fatal(err)
	}
	if spend, err = pedersen.RandomBlinding(rnd); err != nil {
		tb.Fatal(err)
	}
	return view, spend
}

func newKeys(tb testing.TB, rnd io.Reader) *stealth.Keys {
	tb.Helper()
	k, err := stealth.NewKeys(scalars(tb, rnd))
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

// mintConfidential returns a confidential output of amount to to at index,
// as genesis makes it, with the payload's memo; commitTo, if not nil,
// replaces the amount in the commitment (to make an output whose sealed
// amount does not open its commitment).
func mintConfidential(tb testing.TB, rnd io.Reader, to stealth.Address, index uint32, amount uint64, memo string, commitTo *uint64) *ledger.ConfidentialOutput {
	tb.Helper()
	so, ss, err := stealth.NewOutput(rnd, to, index)
	if err != nil {
		tb.Fatal(err)
	}
	out, r, err := txbuilder.NewConfidential(so, ss, amount, &payload.Plaintext{Type: payload.TypePayment, Data: []byte(memo)})
	if err != nil {
		tb.Fatal(err)
	}
	if commitTo != nil {
		copy(out.Commitment[:], pedersen.Commit(*commitTo, r).Bytes())
	}
	return out
}

// mintPublic returns a public output of amount to to at index.
func mintPublic(tb testing.TB, rnd io.Reader, to stealth.Address, index uint32, amount uint64) *ledger.PublicOutput {
	tb.Helper()
	so, _, err := stealth.NewOutput(rnd, to, index)
	if err != nil {
		tb.Fatal(err)
	}
	return &ledger.PublicOutput{Recipient: ledger.Recipient{OneTimeKey: so.OneTimeKey, TxKey: so.TxKey, ViewTag: so.ViewTag}, Amount: amount}
}

// own returns out (at index) as an input keys can spend.
func own(tb testing.TB, keys *stealth.Keys, out ledger.Output, index uint32) txbuilder.Input {
	tb.Helper()
	rc, ok, err := txbuilder.Receive(keys, out, index)
	if err != nil || !ok {
		tb.Fatalf("Receive: ok=%v err=%v", ok, err)
	}
	in, err := rc.Spendable(keys)
	if err != nil {
		tb.Fatal(err)
	}
	return in
}

// coins mints one confidential output per amount to keys and returns them
// as inputs.
func coins(tb testing.TB, rnd io.Reader, keys *stealth.Keys, amounts ...uint64) []txbuilder.Input {
	tb.Helper()
	ins := make([]txbuilder.Input, len(amounts))
	for i, a := range amounts {
		ins[i] = own(tb, keys, mintConfidential(tb, rnd, keys.Address(), uint32(i), a, "", nil), uint32(i))
	}
	return ins
}

// validate runs CheckStateless, VerifyRange and CheckInputs on tx, whose
// inputs are spent.
func validate(tb testing.TB, p *params.Params, tx *ledger.Tx, spent []txbuilder.Input) {
	tb.Helper()
	c, err := ledger.CheckStateless(p, tx.Encode())
	if err != nil {
		tb.Fatalf("CheckStateless: %v", err)
	}
	if err := c.VerifyRange(); err != nil {
		tb.Fatalf("VerifyRange: %v", err)
	}
	outs := make([]ledger.Output, len(spent))
	for i, in := range spent {
		outs[i] = in.Output
	}
	if err := c.CheckInputs(p.ChainID, outs, nil); err != nil {
		tb.Fatalf("CheckInputs: %v", err)
	}
}

// scan returns the outputs of tx that keys own, by index.
func scan(tb testing.TB, keys *stealth.Keys, tx *ledger.Tx) map[int]*txbuilder.Received {
	tb.Helper()
	found := map[int]*txbuilder.Received{}
	for i, o := range tx.Outputs {
		rc, ok, err := txbuilder.Receive(keys, o, uint32(i))
		if err != nil {
			tb.Fatalf("Receive output %d: %v", i, err)
		}
		if ok {
			found[i] = rc
		}
	}
	return found
}
