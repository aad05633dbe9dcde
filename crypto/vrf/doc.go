// Package vrf implements the verifiable random function
// ECVRF-EDWARDS25519-SHA512-ELL2 of RFC 9381 (suite string 0x04) behind a
// small, typed API.
//
// A VRF is a keyed hash whose output anyone holding the public key can check:
// Prove(sk, alpha) returns a proof pi and the output beta, Verify(pk, pi,
// alpha) returns the same beta or fails. For a given key and input there is
// exactly one output (full uniqueness), so a proposer cannot grind it. The
// chain uses it for its randomness beacon: each proposer proves over
// BeaconInput(chain id, height, previous beacon).
//
// The arithmetic is curve25519-voi's ecvrf package; this package fixes the
// suite, checks lengths and encodings at its edges, and gives keys, proofs
// and outputs distinct types. Keys are ordinary Ed25519 keys (RFC 8032): a
// 32-byte seed and a 32-byte compressed point. Public keys that are not
// canonical encodings of a curve point, or that have small order, are
// rejected, which RFC 9381 §5.4.5 needs for full uniqueness and collision
// resistance.
//
// Proving runs in constant time with respect to the private key. Verify and
// DecodeProof handle public data only and run in variable time.
//
// Private keys never print: their String, Format and LogValue methods
// redact them.
package vrf
