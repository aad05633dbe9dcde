package vrf

import (
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"

	"github.com/oasisprotocol/curve25519-voi/curve"
	"github.com/oasisprotocol/curve25519-voi/primitives/ed25519"
)

const (
	// SeedSize is the length in bytes of a private key seed.
	SeedSize = ed25519.SeedSize
	// PublicKeySize is the length in bytes of an encoded public key.
	PublicKeySize = ed25519.PublicKeySize
)

// ErrInvalidPublicKey is returned for a public key that is not 32 bytes, not
// the canonical encoding of a curve point, or a point of small order.
var ErrInvalidPublicKey = errors.New("vrf: invalid public key")

// PrivateKey is a VRF private key: an Ed25519 seed and its public key. The
// zero value is not usable; build keys with NewKeyFromSeed or GenerateKey.
type PrivateKey struct {
	// sk is seed ‖ public key. It sits behind a pointer so that even
	// fmt's bad-verb path (which skips Format) prints only an address.
	sk *[ed25519.PrivateKeySize]byte
}

// PublicKey is a validated VRF public key. The zero value is invalid and
// fails every Verify.
type PublicKey struct {
	b     [PublicKeySize]byte
	valid bool
}

// NewKeyFromSeed returns the private key for a 32-byte seed (the RFC 8032
// private key). The seed is copied.
func NewKeyFromSeed(seed []byte) (*PrivateKey, error) {
	if len(seed) != SeedSize {
		return nil, fmt.Errorf("vrf: seed is %d bytes, want %d", len(seed), SeedSize)
	}
	return &PrivateKey{sk: (*[ed25519.PrivateKeySize]byte)(ed25519.NewKeyFromSeed(seed))}, nil
}

// GenerateKey draws a seed from rand (crypto/rand.Reader in production) and
// returns its private key.
func GenerateKey(rand io.Reader) (*PrivateKey, error) {
	var seed [SeedSize]byte
	defer clear(seed[:])
	if _, err := io.ReadFull(rand, seed[:]); err != nil {
		return nil, fmt.Errorf("vrf: reading randomness: %w", err)
	}
	return NewKeyFromSeed(seed[:])
}

// Public returns the public key.
func (k *PrivateKey) Public() PublicKey {
	pk := PublicKey{valid: true}
	copy(pk.b[:], k.sk[SeedSize:])
	return pk
}

// Seed returns a copy of the 32-byte seed. Handle it as the key itself.
func (k *PrivateKey) Seed() []byte {
	return append([]byte(nil), k.sk[:SeedSize]...)
}

// Equal reports whether k and o are the same key, in constant time.
func (k *PrivateKey) Equal(o *PrivateKey) bool {
	return subtle.ConstantTimeCompare(k.sk[:], o.sk[:]) == 1
}

// Zero overwrites the key material. The key must not be used afterwards.
func (k *PrivateKey) Zero() { clear(k.sk[:]) }

const redacted = "vrf.PrivateKey(REDACTED)"

// String redacts the key.
func (k PrivateKey) String() string { return redacted }

// Format redacts the key under every fmt verb.
func (k PrivateKey) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, redacted) }

// LogValue redacts the key in log/slog output.
func (k PrivateKey) LogValue() slog.Value { return slog.StringValue(redacted) }

// PublicKeyFromBytes parses and validates a 32-byte public key. It rejects
// non-canonical encodings (y ≥ p, or x = 0 with the sign bit set), encodings
// that are not on the curve, and points of small order.
func PublicKeyFromBytes(b []byte) (PublicKey, error) {
	if len(b) != PublicKeySize {
		return PublicKey{}, fmt.Errorf("%w: %d bytes, want %d", ErrInvalidPublicKey, len(b), PublicKeySize)
	}
	var c curve.CompressedEdwardsY
	copy(c[:], b)
	if !c.IsCanonicalVartime() {
		return PublicKey{}, fmt.Errorf("%w: non-canonical encoding", ErrInvalidPublicKey)
	}
	var p curve.EdwardsPoint
	if _, err := p.SetCompressedY(&c); err != nil {
		return PublicKey{}, fmt.Errorf("%w: not a curve point", ErrInvalidPublicKey)
	}
	if p.IsSmallOrder() {
		return PublicKey{}, fmt.Errorf("%w: small-order point", ErrInvalidPublicKey)
	}
	pk := PublicKey{valid: true}
	copy(pk.b[:], b)
	return pk, nil
}

// Bytes returns the 32-byte encoding.
func (pk PublicKey) Bytes() []byte { return append([]byte(nil), pk.b[:]...) }

// Equal reports whether two public keys are equal.
func (pk PublicKey) Equal(o PublicKey) bool { return pk.valid == o.valid && pk.b == o.b }

// String returns the key in hex.
func (pk PublicKey) String() string { return hex.EncodeToString(pk.b[:]) }
