package app

import (
	"crypto/rand"
	"testing"

	"github.com/gtank/ristretto255"
	"github.com/stegos-go/stegos/crypto/payload"
	"github.com/stegos-go/stegos/crypto/pedersen"
	"github.com/stegos-go/stegos/crypto/stealth"
	"github.com/stegos-go/stegos/ledger"
)

func newScalar() *ristretto255.Scalar { return ristretto255.NewScalar() }

func randomScalar(t testing.TB) *ristretto255.Scalar {
	t.Helper()
	r, err := pedersen.RandomBlinding(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func newKeys(t testing.TB) *stealth.Keys {
	t.Helper()
	k, err := stealth.NewKeys(randomScalar(t), randomScalar(t))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func confidentialOutput(t testing.TB, to stealth.Address, index uint32, amount uint64) (*ledger.ConfidentialOutput, *ristretto255.Scalar) {
	t.Helper()
	r := randomScalar(t)
	so, ss, err := stealth.NewOutput(rand.Reader, to, index)
	if err != nil {
		t.Fatal(err)
	}
	pt := &payload.Plaintext{Type: payload.TypePayment, Amount: amount}
	pt.Blinding.Set(r)
	ct, err := payload.Seal(ss.PayloadKeyMaterial(), so.TxKey, so.OneTimeKey, pt)
	if err != nil {
		t.Fatal(err)
	}
	out := &ledger.ConfidentialOutput{
		Recipient: ledger.Recipient{OneTimeKey: so.OneTimeKey, TxKey: so.TxKey, ViewTag: so.ViewTag},
		Payload:   ct,
	}
	copy(out.Commitment[:], pedersen.Commit(amount, r).Bytes())
	return out, r
}
