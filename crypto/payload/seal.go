package payload

import (
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/sha512"
	"fmt"

	"golang.org/x/crypto/chacha20poly1305"
)

// infoTag is the HKDF info prefix (followed by R and P).
const infoTag = "stegos/v1/payload"

// Ciphertext is a sealed payload.
type Ciphertext [Size]byte

// Seal encrypts p for the output with tx key R and one-time key P (their
// 32-byte encodings). keyMaterial is the output's stealth
// SharedSecret.PayloadKeyMaterial. Sealing the same inputs twice gives the
// same ciphertext.
func Seal(keyMaterial, txKey, oneTimeKey [32]byte, p *Plaintext) (Ciphertext, error) {
	var ct Ciphertext
	pt, err := p.Encode()
	if err != nil {
		return ct, err
	}
	aead, ad := newAEAD(keyMaterial, txKey, oneTimeKey)
	aead.Seal(ct[:0], make([]byte, chacha20poly1305.NonceSize), pt[:], ad[:])
	clear(pt[:])
	return ct, nil
}

// Open decrypts and decodes the payload ct of the output with tx key R and
// one-time key P. It fails with ErrSize for a wrong length, ErrDecrypt if the
// key or the output is wrong or ct was altered, and with DecodePlaintext's
// errors if an authentic payload is malformed (a broken or hostile sender).
func Open(keyMaterial, txKey, oneTimeKey [32]byte, ct []byte) (*Plaintext, error) {
	if len(ct) != Size {
		return nil, fmt.Errorf("%w: payload is %d bytes, want %d", ErrSize, len(ct), Size)
	}
	aead, ad := newAEAD(keyMaterial, txKey, oneTimeKey)
	var pt [PlaintextSize]byte
	if _, err := aead.Open(pt[:0], make([]byte, chacha20poly1305.NonceSize), ct, ad[:]); err != nil {
		return nil, ErrDecrypt
	}
	p, err := DecodePlaintext(pt[:])
	clear(pt[:])
	if err != nil {
		return nil, fmt.Errorf("payload: authentic but malformed: %w", err)
	}
	return p, nil
}

// newAEAD derives the output's key and returns the cipher and the associated
// data R ‖ P.
func newAEAD(keyMaterial, txKey, oneTimeKey [32]byte) (cipher.AEAD, [64]byte) {
	var ad [64]byte
	copy(ad[:32], txKey[:])
	copy(ad[32:], oneTimeKey[:])
	key, err := hkdf.Key(sha512.New, keyMaterial[:], nil, infoTag+string(ad[:]), chacha20poly1305.KeySize)
	if err != nil {
		panic("payload: HKDF: " + err.Error()) // only for lengths beyond 255·64 bytes
	}
	c, err := chacha20poly1305.New(key)
	if err != nil {
		panic("payload: chacha20poly1305: " + err.Error()) // only for a wrong key length
	}
	clear(key)
	return c, ad
}
