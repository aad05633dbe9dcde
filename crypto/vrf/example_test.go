package vrf_test

import (
	"crypto/rand"
	"fmt"

	"github.com/stegos-go/stegos/crypto/vrf"
)

func Example() {
	sk, err := vrf.GenerateKey(rand.Reader)
	if err != nil {
		panic(err)
	}
	var prevBeacon [32]byte
	alpha := vrf.BeaconInput("stegos-devnet", 1, prevBeacon)

	proof, out := vrf.Prove(sk, alpha)

	// A verifier holds only the public key, the proof and the input.
	got, err := vrf.Verify(sk.Public(), proof, alpha)
	fmt.Println(err == nil, got == out)
	// Output: true true
}
