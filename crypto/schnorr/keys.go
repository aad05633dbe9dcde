package schnorr

import (
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"io"

	"github.com/gtank/ristretto255"
)

// Sizes of encoded keys and signatures, in bytes.
const (
	PrivateKeySize = 32
	PublicKeySize  = 32
	SignatureSize  = 64
)

// PrivateKey is a non-zero scalar x together with its public key x·G.
// The zero value is not a valid key; use GenerateKey, NewPrivateKey or
// DecodePrivateKey. A PrivateKey never prints its scalar.
type PrivateKey struct {
	x   ristretto255.Scalar
	pub PublicKey
}

// PublicKey is a group element other than the identity, with its canonical
// 32-byte encoding cached. The zero value is not a valid key; use
// DecodePublicKey, NewPublicKey or PrivateKey.Public.
type PublicKey struct {
	e   ristretto255.Element
	enc [PublicKeySize]byte // all zero only in the invalid zero value: the identity is rejected
}

// GenerateKey draws a private key uniformly from rand (crypto/rand.Reader in
// production).
func GenerateKey(rand io.Reader) (*PrivateKey, error) {
	var buf [64]byte
	if _, err := io.ReadFull(rand, buf[:]); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrRandomness, err)
	}
	x, err := ristretto255.NewScalar().SetUniformBytes(buf[:])
	if err != nil {
		panic("schnorr: SetUniformBytes rejected 64 bytes: " + err.Error())
	}
	return NewPrivateKey(x)
}

// NewPrivateKey returns the private key with scalar x (copied). It rejects
// zero, whose public key would be the identity.
func NewPrivateKey(x *ristretto255.Scalar) (*PrivateKey, error) {
	if x.Equal(ristretto255.NewScalar()) == 1 {
		return nil, ErrZeroKey
	}
	k := &PrivateKey{}
	k.x.Set(x)
	k.pub.setElement(ristretto255.NewIdentityElement().ScalarBaseMult(x))
	return k, nil
}

// DecodePrivateKey parses the 32-byte canonical little-endian encoding of a
// non-zero scalar.
func DecodePrivateKey(b []byte) (*PrivateKey, error) {
	if len(b) != PrivateKeySize {
		return nil, fmt.Errorf("%w: private key is %d bytes, want %d", ErrEncoding, len(b), PrivateKeySize)
	}
	x, err := ristretto255.NewScalar().SetCanonicalBytes(b)
	if err != nil {
		return nil, fmt.Errorf("%w: private key is not a canonical scalar", ErrEncoding)
	}
	return NewPrivateKey(x)
}

// Bytes returns the 32-byte canonical encoding of the private scalar. Handle
// it as the secret it is.
func (k *PrivateKey) Bytes() []byte { return k.x.Bytes() }

// Scalar returns a copy of the private scalar, for protocols that combine
// keys (such as a transaction signature over several inputs).
func (k *PrivateKey) Scalar() *ristretto255.Scalar { return ristretto255.NewScalar().Set(&k.x) }

// Public returns the public key.
func (k *PrivateKey) Public() *PublicKey {
	p := k.pub
	return &p
}

// Equal reports whether k and o hold the same scalar, in constant time.
func (k *PrivateKey) Equal(o *PrivateKey) bool { return k.x.Equal(&o.x) == 1 }

// String returns a fixed placeholder: the scalar is never printed.
func (PrivateKey) String() string { return "schnorr.PrivateKey(REDACTED)" }

// GoString returns the same placeholder as String, for %#v.
func (k PrivateKey) GoString() string { return k.String() }

// Format writes the placeholder for every verb, so no formatting directive
// (%x, %d, %+v, ...) can reveal the scalar.
func (k PrivateKey) Format(f fmt.State, _ rune) { io.WriteString(f, k.String()) }

// NewPublicKey returns the public key for element e (copied). It rejects the
// identity element.
func NewPublicKey(e *ristretto255.Element) (*PublicKey, error) {
	if e.Equal(ristretto255.NewIdentityElement()) == 1 {
		return nil, ErrIdentityKey
	}
	k := &PublicKey{}
	k.setElement(e)
	return k, nil
}

// DecodePublicKey parses a 32-byte canonical ristretto255 encoding. It
// rejects other lengths, non-canonical encodings and the identity element.
func DecodePublicKey(b []byte) (*PublicKey, error) {
	if len(b) != PublicKeySize {
		return nil, fmt.Errorf("%w: public key is %d bytes, want %d", ErrEncoding, len(b), PublicKeySize)
	}
	k := &PublicKey{}
	if _, err := k.e.SetCanonicalBytes(b); err != nil {
		return nil, fmt.Errorf("%w: public key is not a canonical ristretto255 encoding", ErrEncoding)
	}
	if k.e.Equal(ristretto255.NewIdentityElement()) == 1 {
		return nil, ErrIdentityKey
	}
	copy(k.enc[:], b)
	return k, nil
}

// setElement sets k to e and caches its encoding.
func (k *PublicKey) setElement(e *ristretto255.Element) {
	k.e.Set(e)
	copy(k.enc[:], e.Bytes())
}

// valid reports whether k was built by a constructor (the zero value is not).
func (k *PublicKey) valid() bool { return k != nil && k.enc != [PublicKeySize]byte{} }

// Bytes returns the 32-byte canonical encoding.
func (k *PublicKey) Bytes() []byte {
	b := k.enc
	return b[:]
}

// Array returns the 32-byte canonical encoding as an array.
func (k *PublicKey) Array() [PublicKeySize]byte { return k.enc }

// Element returns a copy of the group element.
func (k *PublicKey) Element() *ristretto255.Element {
	return ristretto255.NewIdentityElement().Set(&k.e)
}

// Equal reports whether k and o are the same key.
func (k *PublicKey) Equal(o *PublicKey) bool {
	return subtle.ConstantTimeCompare(k.enc[:], o.enc[:]) == 1
}

// String returns the hex encoding.
func (k *PublicKey) String() string { return hex.EncodeToString(k.enc[:]) }
