// Package schnorr implements Schnorr signatures over the ristretto255 group
// (RFC 9496) and a multi-party variant in which several signers jointly
// produce one ordinary signature, as a mixed (ValueShuffle) transaction needs.
//
// # Single signer
//
// A private key is a non-zero scalar x, its public key P = x·G with G the
// ristretto255 base point. A signature on msg is (R, s) with
//
//	k = Hs("stegos/v1/schnorr/nonce", x, z, msg)      z: 32 fresh random bytes
//	R = k·G
//	e = Hs("stegos/v1/schnorr/challenge", R, P, msg)
//	s = k + e·x
//
// and verifies when s·G = R + e·P. The nonce is derived deterministically from
// the key and the message and hedged with fresh randomness: a broken random
// source degrades it to a deterministic nonce (still safe), and fault attacks
// on the deterministic part are blunted by the randomness. A signature is 64
// bytes, R ‖ s; decoding rejects non-canonical encodings of either half and an
// identity R, so every valid signature has exactly one encoding.
//
// # Multiple signers
//
// Signers with keys P_1..P_n sign for the aggregate key
//
//	L   = H("stegos/v1/schnorr/musig/keylist", P_1, ..., P_n)
//	a_i = Hs("stegos/v1/schnorr/musig/coefficient", L, P_i)
//	X   = Σ a_i·P_i
//
// The coefficients a_i defeat rogue-key attacks: with a plain sum ΣP_i a
// signer could announce P' = Q − P_victim and sign alone (see
// docs/adr/0004-schnorr.md). Each signer runs a Session through three rounds:
// publish a hash commitment to its nonce R_i, reveal R_i once every commitment
// is in, then publish its partial signature s_i = k_i + e·a_i·x_i with
// e = Hs("stegos/v1/schnorr/challenge", ΣR_i, X, msg). The combined (ΣR_i, Σs_i)
// is an ordinary Signature that Verify accepts for X.
//
// Every failure that a remote party causes is reported as a *PartyError naming
// that party's index in the key list, so a mixing protocol can exclude it and
// restart; Blame lists every party an error names.
//
// # Hashing
//
// Hs is HashToScalar: SHA-512 over the domain tag and each input, every one
// preceded by its length as a 64-bit little-endian integer, reduced modulo the
// group order with Scalar.SetUniformBytes. TaggedHash is the same hash without
// the reduction. Other packages (stealth, ...) use the same convention with
// their own "stegos/v1/..." tags.
//
// # Side channels and secrets
//
// Signing, key generation and partial signing run in constant time with
// respect to private keys and nonces; verification is variable time (it only
// handles public data). Private keys never print: their String and Format
// methods redact.
package schnorr
