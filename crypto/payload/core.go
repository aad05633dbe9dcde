package payload

import (
	"crypto/hkdf"
	"crypto/sha512"
	"encoding/binary"

	"github.com/gtank/ristretto255"
)

// HKDF info prefixes of the core's secrets (followed by R and P, like the
// payload key's).
const (
	infoBlinding = "stegos/v1/core/blinding"
	infoAmount   = "stegos/v1/core/amount"
)

// AmountSize is the length of an output's encrypted amount.
const AmountSize = 8

// Blinding returns the blinding factor of the commitment of the output with
// tx key R and one-time key P, derived from the output's stealth key
// material (SharedSecret.PayloadKeyMaterial):
//
//	γ = HKDF-SHA512(ikm = seed, info = "stegos/v1/core/blinding" ‖ R ‖ P, 64 bytes) mod ℓ
//
// Sender and recipient both compute it, so the chain need not carry it and a
// wallet restored from its phrase opens its outputs from their cores alone
// (ADR 0020). The seed depends on a fresh tx secret per output, so no two
// outputs share a blinding factor.
func Blinding(keyMaterial, txKey, oneTimeKey [32]byte) *ristretto255.Scalar {
	wide := derive(keyMaterial, infoBlinding, txKey, oneTimeKey, 64)
	s, err := ristretto255.NewScalar().SetUniformBytes(wide)
	clear(wide)
	if err != nil {
		panic("payload: SetUniformBytes rejected 64 bytes: " + err.Error())
	}
	return s
}

// SealAmount encrypts an output's amount for its core:
//
//	amount_le ⊕ HKDF-SHA512(ikm = seed, info = "stegos/v1/core/amount" ‖ R ‖ P, 8 bytes)
//
// The commitment authenticates it: OpenAmount's result is only trusted once
// amount·H + Blinding·G equals the output's commitment.
func SealAmount(keyMaterial, txKey, oneTimeKey [32]byte, amount uint64) [AmountSize]byte {
	var out [AmountSize]byte
	binary.LittleEndian.PutUint64(out[:], amount)
	mask := derive(keyMaterial, infoAmount, txKey, oneTimeKey, AmountSize)
	for i := range out {
		out[i] ^= mask[i]
	}
	clear(mask)
	return out
}

// OpenAmount decrypts an amount sealed by SealAmount.
func OpenAmount(keyMaterial, txKey, oneTimeKey [32]byte, sealed [AmountSize]byte) uint64 {
	mask := derive(keyMaterial, infoAmount, txKey, oneTimeKey, AmountSize)
	for i := range sealed {
		sealed[i] ^= mask[i]
	}
	clear(mask)
	return binary.LittleEndian.Uint64(sealed[:])
}

func derive(keyMaterial [32]byte, info string, txKey, oneTimeKey [32]byte, n int) []byte {
	b, err := hkdf.Key(sha512.New, keyMaterial[:], nil, info+string(txKey[:])+string(oneTimeKey[:]), n)
	if err != nil {
		panic("payload: HKDF: " + err.Error()) // only for lengths beyond 255·64 bytes
	}
	return b
}
