package vrf

import (
	"github.com/oasisprotocol/curve25519-voi/primitives/ed25519"
	"github.com/oasisprotocol/curve25519-voi/primitives/ed25519/extra/ecvrf"
)

// Prove returns the proof and output of the VRF for input alpha (RFC 9381
// ECVRF_prove, deterministic nonce). It runs in constant time with respect
// to the key.
func Prove(k *PrivateKey, alpha []byte) (Proof, Output) {
	pi := Proof(ecvrf.Prove(k.sk[:], alpha))
	beta, err := ProofToHash(pi)
	if err != nil {
		panic("vrf: Prove made an undecodable proof: " + err.Error()) // unreachable
	}
	return pi, beta
}

// Verify checks proof against the public key and input alpha (RFC 9381
// ECVRF_verify with key validation) and returns the output. It returns
// ErrInvalidPublicKey for the zero PublicKey and ErrInvalidProof for any
// proof that is malformed or does not verify.
func Verify(pk PublicKey, proof Proof, alpha []byte) (Output, error) {
	if !pk.valid {
		return Output{}, ErrInvalidPublicKey
	}
	ok, beta := ecvrf.Verify(ed25519.PublicKey(pk.b[:]), proof[:], alpha)
	if !ok {
		return Output{}, ErrInvalidProof
	}
	return Output(beta), nil
}
