// Package payload seals and opens the fixed-size encrypted payload that every
// confidential output carries: the amount and blinding factor the recipient
// needs to spend the output, and a memo (payments) or an application packet
// (data). Payments and data packets are the same size byte for byte, so the
// chain cannot tell them apart.
//
// # Encryption
//
// The key is unique to one output:
//
//	key = HKDF-SHA512(ikm = seed, salt = none,
//	                  info = "stegos/v1/payload" ‖ R ‖ P, length 32)
//
// where seed is the 32-byte PayloadKeyMaterial of the output's stealth shared
// secret and R, P are the output's tx key and one-time key. The payload is
// ChaCha20-Poly1305 with that key, an all-zero nonce (the key is never reused,
// see docs/adr/0006-payload-size.md) and R ‖ P as associated data, so a
// payload opens only on the output it was sealed for.
//
// # Layout
//
// A sealed payload is Size = 512 bytes: a 496-byte plaintext and the 16-byte
// Poly1305 tag. The plaintext is
//
//	offset  size  field
//	0       1     type: 1 payment, 2 data (0 and 3..255 reserved)
//	1       8     amount, uint64 little endian
//	9       32    blinding factor, canonical scalar
//	41      2     data length n, uint16 little endian, n ≤ MaxDataSize = 453
//	43      n     memo or data
//	43+n    ...   zero padding to 496 bytes
//
// Decoding accepts exactly the encodings Encode produces: a known type, a
// canonical blinding factor, a length within capacity and all-zero padding.
//
// The plaintext holds secrets (amount, blinding factor); Plaintext never
// prints them.
package payload
