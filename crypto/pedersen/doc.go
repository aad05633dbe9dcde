// Package pedersen implements Pedersen commitments C = v·H + r·G over the
// ristretto255 group (RFC 9496).
//
// G is the ristretto255 base point. H is derived by hash-to-group from a fixed
// domain tag (see docs/adr/0002-hash-to-group.md), so nobody knows its
// discrete logarithm with respect to G: a commitment is perfectly hiding and
// computationally binding. Commitments are additively homomorphic, which is
// what lets a verifier check that a transaction's inputs and outputs balance
// without learning any amount.
//
// Functions that take a blinding factor or an amount run in constant time.
package pedersen
