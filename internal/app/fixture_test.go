package app

import (
	"crypto/rand"
	"testing"

	"github.com/gtank/ristretto255"
	"github.com/stegos-go/stegos/crypto/payload"
	"github.com/stegos-go/stegos/crypto/pedersen"
	"github.com/stegos-go/stegos/crypto/stealth"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/txbuilder"
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
	so, ss, err := stealth.NewOutput(rand.Reader, to, index)
	if err != nil {
		t.Fatal(err)
	}
	out, r, err := txbuilder.NewConfidential(so, ss, amount, &payload.Plaintext{Type: payload.TypePayment})
	if err != nil {
		t.Fatal(err)
	}
	return out, r
}
