// Package bulletproofs implements 64-bit aggregated range proofs
// (Bünz et al., "Bulletproofs", with the logarithmic inner-product
// argument) over ristretto255, following the design of dalek's
// bulletproofs crate, for the Pedersen commitments of crypto/pedersen:
// V = v·H + r·G.
//
// A proof shows that each of m = 1..16 committed values lies in
// [0, 2^64). Counts that are not a power of two are padded internally to
// the next power of two with zero values of blinding zero (identity
// commitments); callers always pass exactly their m commitments. Proofs are
// 672 bytes for m = 1 and grow by 64 bytes per doubling, to 928 bytes for
// m = 16 (see ProofSize); the encoding is canonical and Decode rejects
// anything else.
//
// Fiat–Shamir challenges come from a Merlin transcript labelled
// TranscriptLabel that first binds n = 64, m, every commitment and an
// optional caller context, so a proof verifies only for the exact
// commitments, order and context it was made for.
//
// Verification is a single variable-time multiscalar multiplication
// (curve25519-voi's Straus/Pippenger) over generators precomputed once;
// BatchVerify folds any number of proofs of mixed sizes into one such
// multiplication with random weights. The generator vectors are derived
// by hash-to-group from GDomainTag and HDomainTag, so nobody knows a
// discrete-log relation between them, G and H.
//
// See docs/adr/0003-bulletproofs.md for the design decisions and
// docs/benchmarks.md for measured speed.
package bulletproofs
