package schnorr

import (
	"fmt"

	"github.com/gtank/ristretto255"
)

// Signature is a Schnorr signature (R, s). The zero value is not valid; a
// Signature comes from Sign, Session.Combine or DecodeSignature.
type Signature struct {
	r    ristretto255.Element
	rEnc [32]byte // all zero only in the invalid zero value: an identity R is rejected
	s    ristretto255.Scalar
}

// Bytes returns the 64-byte encoding R ‖ s: the canonical encodings of the
// nonce point and of the scalar.
func (sig *Signature) Bytes() []byte {
	b := make([]byte, 0, SignatureSize)
	b = append(b, sig.rEnc[:]...)
	return append(b, sig.s.Bytes()...)
}

// DecodeSignature parses the 64-byte encoding R ‖ s. It rejects any other
// length, a non-canonical or identity R and a non-canonical s, so a valid
// signature has exactly one encoding.
func DecodeSignature(b []byte) (*Signature, error) {
	if len(b) != SignatureSize {
		return nil, fmt.Errorf("%w: signature is %d bytes, want %d", ErrEncoding, len(b), SignatureSize)
	}
	sig := &Signature{}
	if _, err := sig.r.SetCanonicalBytes(b[:32]); err != nil {
		return nil, fmt.Errorf("%w: signature R is not a canonical ristretto255 encoding", ErrEncoding)
	}
	if sig.r.Equal(ristretto255.NewIdentityElement()) == 1 {
		return nil, fmt.Errorf("%w: signature R is the identity element", ErrEncoding)
	}
	if _, err := sig.s.SetCanonicalBytes(b[32:]); err != nil {
		return nil, fmt.Errorf("%w: signature s is not a canonical scalar", ErrEncoding)
	}
	copy(sig.rEnc[:], b[:32])
	return sig, nil
}

// newSignature builds a signature from its parts.
func newSignature(r *ristretto255.Element, s *ristretto255.Scalar) *Signature {
	sig := &Signature{}
	sig.r.Set(r)
	copy(sig.rEnc[:], r.Bytes())
	sig.s.Set(s)
	return sig
}

// valid reports whether sig was built by a constructor.
func (sig *Signature) valid() bool { return sig != nil && sig.rEnc != [32]byte{} }
