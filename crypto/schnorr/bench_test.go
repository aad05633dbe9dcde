package schnorr

import (
	"crypto/rand"
	"testing"
)

func BenchmarkSign(b *testing.B) {
	priv := mustKey(b, 1)
	msg := make([]byte, 32)
	for b.Loop() {
		if _, err := Sign(rand.Reader, priv, msg); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerify(b *testing.B) {
	priv := mustKey(b, 1)
	msg := make([]byte, 32)
	sig, _ := Sign(rand.Reader, priv, msg)
	pub := priv.Public()
	for b.Loop() {
		if err := Verify(pub, msg, sig); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMultiParty5 is one complete 5-signer run: five sessions, the
// three rounds, Combine by one signer, and a final Verify. Message transport
// is not included.
func BenchmarkMultiParty5(b *testing.B) {
	privs, pubs := signers(b, 5)
	msg := make([]byte, 32)
	for b.Loop() {
		_, sig, err := run(b, privs, pubs, msg, nil)
		if err != nil {
			b.Fatal(err)
		}
		agg, _ := AggregateKey(pubs)
		if err := Verify(agg, msg, sig); err != nil {
			b.Fatal(err)
		}
	}
}
