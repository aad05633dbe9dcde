// Package payload holds the secrets of a confidential output (ADR 0020).
//
// An output has a core, kept while it is unspent, and a payload, kept by
// nodes for params.PayloadRetention blocks and then dropped. The core
// carries the amount sealed to the recipient (SealAmount, OpenAmount) and
// a commitment whose blinding factor is derived (Blinding), so a wallet
// finds and spends its funds from the core alone. The payload is a
// fixed-size encrypted memo (payments) or application packet (data):
// payments and data packets are the same size byte for byte, so the chain
// cannot tell them apart, and the payload holds neither the amount nor the
// blinding factor.
//
// # Derivations
//
// Every secret of an output comes from the same three inputs: seed, the
// 32-byte PayloadKeyMaterial of the output's stealth shared secret, and R,
// P, the 32-byte encodings of the output's tx key and one-time key. Each
// is one HKDF-SHA512 (RFC 5869, no salt) call with its own info string:
//
//	blinding γ  = HKDF(ikm = seed, info = "stegos/v1/core/blinding" ‖ R ‖ P, 64 bytes),
//	              read as a little-endian integer and reduced mod ℓ
//	sealed amount = amount (uint64 little endian)
//	              ⊕ HKDF(ikm = seed, info = "stegos/v1/core/amount" ‖ R ‖ P, 8 bytes)
//	payload key = HKDF(ikm = seed, info = "stegos/v1/payload" ‖ R ‖ P, 32 bytes)
//
// The seed depends on a fresh tx secret r per output (S = r·A), and every
// info string ends with R ‖ P, so no two outputs share a blinding factor,
// an amount mask or a payload key, and the info prefixes keep the three
// apart. The sealed amount is not authenticated by itself: the recipient
// trusts OpenAmount's result only once amount·H + γ·G equals the output's
// commitment (txbuilder.Receive, payproof.Verify).
//
// # Encryption
//
// The payload is ChaCha20-Poly1305 under the payload key, with an all-zero
// nonce (the key is never reused, see docs/adr/0006-payload-size.md) and
// R ‖ P as associated data, so a payload opens only on the output it was
// sealed for.
//
// # Layout
//
// A sealed payload is Size = 512 bytes: a 496-byte plaintext and the 16-byte
// Poly1305 tag. The plaintext is
//
//	offset  size  field
//	0       1     type: 1 payment, 2 data (0 and 3..255 reserved)
//	1       2     data length n, uint16 little endian, n ≤ MaxDataSize = 493
//	3       n     memo or data
//	3+n     ...   zero padding to 496 bytes
//
// Decoding accepts exactly the encodings Encode produces: a known type, a
// length within capacity and all-zero padding. (Before ADR 0020 the
// plaintext also held the amount and the blinding factor after the type,
// and MaxDataSize was 453.)
//
// The plaintext holds a private memo; Plaintext never prints it.
//
// # Test vectors
//
// testdata/vectors.json lists fixed inputs (seed, R, P, amount and a
// plaintext) with the blinding factor, the sealed amount and the sealed
// payload they give, for other implementations to check against.
// TestVectors checks them, and also recomputes every expected value with
// its own HKDF (crypto/hmac), reduction mod ℓ (math/big) and
// ChaCha20-Poly1305 from the formulas above, not with this package's
// code. The file changes only if a derivation changes, which is a
// consensus change; it is regenerated with
//
//	go test ./crypto/payload -run TestVectors -update
package payload
