package payproof_test

import (
	"io"
	"math/rand/v2"
	"sync"
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

func newKeys(tb testing.TB, rnd io.Reader) *stealth.Keys {
	tb.Helper()
	view, err := pedersen.RandomBlinding(rnd)
	if err != nil {
		tb.Fatal(err)
	}
	spend, err := pedersen.RandomBlinding(rnd)
	if err != nil {
		tb.Fatal(err)
	}
	k, err := stealth.NewKeys(view, spend)
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

// confidential returns an output of amount to to at index whose payload
// holds memo, as genesis makes it. commitTo, if not nil, replaces the
// amount in the commitment, to make an output whose sealed amount does not
// open its commitment. It also returns the tx secret.
func confidential(tb testing.TB, rnd io.Reader, to stealth.Address, index uint32, amount uint64, memo string, commitTo *uint64) (*ledger.ConfidentialOutput, *ristretto255.Scalar) {
	tb.Helper()
	r, err := pedersen.RandomBlinding(rnd)
	if err != nil {
		tb.Fatal(err)
	}
	so, ss, err := stealth.NewOutputWithSecret(r, to, index)
	if err != nil {
		tb.Fatal(err)
	}
	out, blinding, err := txbuilder.NewConfidential(so, ss, amount, &payload.Plaintext{Type: payload.TypePayment, Data: []byte(memo)})
	if err != nil {
		tb.Fatal(err)
	}
	if commitTo != nil {
		copy(out.Commitment[:], pedersen.Commit(*commitTo, blinding).Bytes())
	}
	return out, r
}

// coins mints one confidential output per amount to keys and returns them
// as inputs.
func coins(tb testing.TB, rnd io.Reader, keys *stealth.Keys, amounts ...uint64) []txbuilder.Input {
	tb.Helper()
	ins := make([]txbuilder.Input, len(amounts))
	for i, a := range amounts {
		out, _ := confidential(tb, rnd, keys.Address(), uint32(i), a, "", nil)
		rc, ok, err := txbuilder.Receive(keys, out, uint32(i))
		if err != nil || !ok {
			tb.Fatalf("Receive: ok=%v err=%v", ok, err)
		}
		if ins[i], err = rc.Spendable(keys); err != nil {
			tb.Fatal(err)
		}
	}
	return ins
}

// fixture is a payment from alice to bob (a memo) and to carol (a data
// packet) with change, built with tx secrets derived from alice's spend
// key, and a second transaction. Building costs a range proof, so it is
// built once.
type fixture struct {
	alice, bob, carol *stealth.Keys
	built             *txbuilder.Built
	tx                *ledger.Tx
	other             *ledger.Tx // another payment from alice to bob
}

var (
	fixtureOnce sync.Once
	fixtureVal  *fixture
)

func getFixture(tb testing.TB) *fixture {
	tb.Helper()
	fixtureOnce.Do(func() { fixtureVal = buildFixture(tb) })
	if fixtureVal == nil {
		tb.Fatal("the shared fixture failed to build (see the first test that used it)")
	}
	return fixtureVal
}

func buildFixture(tb testing.TB) *fixture {
	rnd := seeded(1)
	p, err := params.For(params.Dev)
	if err != nil {
		tb.Fatal(err)
	}
	f := &fixture{alice: newKeys(tb, rnd), bob: newKeys(tb, rnd), carol: newKeys(tb, rnd)}
	ins := coins(tb, rnd, f.alice, 10*ledger.STG, 5*ledger.STG)
	pays := []txbuilder.Payment{
		{To: f.bob.Address(), Amount: 7 * ledger.STG, Memo: []byte("invoice 42")},
		{To: f.carol.Address(), Amount: 1, Memo: []byte("packet"), Data: true},
	}
	if f.built, err = txbuilder.BuildWith(rnd, &p, ins, pays, f.alice.Address(), f.secrets(tb, ins)); err != nil {
		tb.Fatal(err)
	}
	f.tx = f.built.Tx
	ins = coins(tb, rnd, f.alice, 9*ledger.STG)
	other, err := txbuilder.BuildWith(rnd, &p, ins, pays[:1], f.alice.Address(), f.secrets(tb, ins))
	if err != nil {
		tb.Fatal(err)
	}
	f.other = other.Tx
	return f
}

// secrets returns Options that derive tx secrets from alice's spend key.
func (f *fixture) secrets(tb testing.TB, ins []txbuilder.Input) txbuilder.Options {
	tb.Helper()
	spend, err := f.alice.SpendKey()
	if err != nil {
		tb.Fatal(err)
	}
	ids := make([]ledger.OutputID, len(ins))
	for i, in := range ins {
		ids[i] = in.ID
	}
	return txbuilder.Options{TxSecret: func(i uint32) *ristretto255.Scalar { return txbuilder.TxSecret(spend, ids, i) }}
}

// secret returns alice's tx secret of output index of tx.
func (f *fixture) secret(tb testing.TB, tx *ledger.Tx, index uint32) *ristretto255.Scalar {
	tb.Helper()
	spend, err := f.alice.SpendKey()
	if err != nil {
		tb.Fatal(err)
	}
	return txbuilder.TxSecret(spend, tx.Inputs, index)
}

// output returns the position of payment i in the fixture's transaction.
func (f *fixture) output(tb testing.TB, payment int) uint32 {
	tb.Helper()
	at, ok := f.built.OutputOf(payment)
	if !ok {
		tb.Fatalf("no output for payment %d", payment)
	}
	return at
}
