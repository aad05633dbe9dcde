package schnorr_test

import (
	"crypto/rand"
	"fmt"

	"github.com/stegos-go/stegos/crypto/schnorr"
)

func Example() {
	priv, err := schnorr.GenerateKey(rand.Reader)
	if err != nil {
		panic(err)
	}
	msg := []byte("transaction hash")
	sig, err := schnorr.Sign(rand.Reader, priv, msg)
	if err != nil {
		panic(err)
	}
	fmt.Println(len(sig.Bytes()), schnorr.Verify(priv.Public(), msg, sig))
	// Output: 64 <nil>
}

// Three signers jointly sign one message. In a real protocol each session
// lives in a different wallet and the three rounds travel over the network.
func ExampleSession() {
	var privs []*schnorr.PrivateKey
	var pubs []*schnorr.PublicKey
	for range 3 {
		k, _ := schnorr.GenerateKey(rand.Reader)
		privs = append(privs, k)
		pubs = append(pubs, k.Public())
	}
	msg := []byte("mixed transaction")
	sessions := make([]*schnorr.Session, len(privs))
	for i, k := range privs {
		sessions[i], _ = schnorr.NewSession(rand.Reader, k, pubs, msg)
	}

	// Round 1: commitments.
	var cs []schnorr.NonceCommitment
	for _, s := range sessions {
		cs = append(cs, s.NonceCommitment())
	}
	for _, s := range sessions {
		if err := s.SetNonceCommitments(cs); err != nil {
			panic(err)
		}
	}
	// Round 2: nonces. An error here names the cheater: schnorr.Blame(err).
	var ns []schnorr.PublicNonce
	for _, s := range sessions {
		n, _ := s.Nonce()
		ns = append(ns, n)
	}
	for _, s := range sessions {
		if err := s.SetNonces(ns); err != nil {
			panic(err)
		}
	}
	// Round 3: partial signatures, combined by anyone.
	var ps []schnorr.PartialSignature
	for _, s := range sessions {
		p, _ := s.PartialSign()
		ps = append(ps, p)
	}
	sig, err := sessions[0].Combine(ps)
	if err != nil {
		fmt.Println("blame:", schnorr.Blame(err))
		return
	}
	agg, _ := schnorr.AggregateKey(pubs)
	fmt.Println(schnorr.Verify(agg, msg, sig))
	// Output: <nil>
}
