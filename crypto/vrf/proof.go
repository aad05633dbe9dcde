package vrf

import (
	"errors"
	"fmt"

	"github.com/oasisprotocol/curve25519-voi/primitives/ed25519/extra/ecvrf"
)

const (
	// ProofSize is the length in bytes of a proof pi: Gamma (32) ‖ c (16) ‖
	// s (32).
	ProofSize = ecvrf.ProofSize
	// OutputSize is the length in bytes of a VRF output beta.
	OutputSize = ecvrf.OutputSize
)

// ErrInvalidProof is returned when a proof is malformed or does not verify
// for the given public key and input.
var ErrInvalidProof = errors.New("vrf: invalid proof")

// Proof is an encoded VRF proof pi. Values from Prove and DecodeProof are
// canonical; a Proof built by hand is checked again by Verify and
// ProofToHash.
type Proof [ProofSize]byte

// Output is a VRF output beta: 64 uniformly distributed bytes.
type Output [OutputSize]byte

// DecodeProof parses an 80-byte proof. It rejects any other length, a Gamma
// that is not the canonical encoding of a curve point, and s ≥ ℓ, so a
// proof that decodes has exactly one encoding.
func DecodeProof(b []byte) (Proof, error) {
	if len(b) != ProofSize {
		return Proof{}, fmt.Errorf("%w: %d bytes, want %d", ErrInvalidProof, len(b), ProofSize)
	}
	if _, err := ecvrf.ProofToHash(b); err != nil {
		return Proof{}, fmt.Errorf("%w: %w", ErrInvalidProof, err)
	}
	return Proof(b), nil
}

// Bytes returns a copy of the 80-byte encoding.
func (p Proof) Bytes() []byte { return append([]byte(nil), p[:]...) }

// Bytes returns a copy of the 64 output bytes.
func (o Output) Bytes() []byte { return append([]byte(nil), o[:]...) }

// ProofToHash returns the output beta of a proof without verifying it
// (RFC 9381 ECVRF_proof_to_hash). Use it only on proofs already verified or
// made by Prove; anywhere else, call Verify.
func ProofToHash(p Proof) (Output, error) {
	beta, err := ecvrf.ProofToHash(p[:])
	if err != nil {
		return Output{}, fmt.Errorf("%w: %w", ErrInvalidProof, err)
	}
	return Output(beta), nil
}
