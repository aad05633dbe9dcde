package pedersen

import (
	"crypto/sha512"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/gtank/ristretto255"
)

// HDomainTag is the input hashed (SHA-512, then the RFC 9496 one-way map) to
// derive the value generator H.
const HDomainTag = "stegos/v1/pedersen/H"

// Size is the length in bytes of an encoded commitment.
const Size = 32

// ErrNonCanonical is returned when a byte string is not the canonical
// encoding of a ristretto255 element.
var ErrNonCanonical = errors.New("pedersen: non-canonical commitment encoding")

var (
	g = ristretto255.NewGeneratorElement()
	h = hashToElement(HDomainTag)
)

// HashToElement maps a domain tag to a group element with no known discrete
// logarithm: SHA-512(tag) through the RFC 9496 one-way map.
func hashToElement(tag string) *ristretto255.Element {
	sum := sha512.Sum512([]byte(tag))
	e, err := ristretto255.NewIdentityElement().SetUniformBytes(sum[:])
	if err != nil {
		panic(err) // 64 bytes is always accepted
	}
	return e
}

// G returns a copy of the blinding generator (the ristretto255 base point).
func G() *ristretto255.Element { return ristretto255.NewIdentityElement().Set(g) }

// H returns a copy of the value generator.
func H() *ristretto255.Element { return ristretto255.NewIdentityElement().Set(h) }

// Commitment is a Pedersen commitment. The zero value is not valid; build
// commitments with Commit, FromElement or Decode.
type Commitment struct {
	e ristretto255.Element
}

// ScalarFromUint64 returns v as a scalar.
func ScalarFromUint64(v uint64) *ristretto255.Scalar {
	var b [32]byte
	binary.LittleEndian.PutUint64(b[:8], v)
	s, err := ristretto255.NewScalar().SetCanonicalBytes(b[:])
	if err != nil {
		panic(err) // v < 2^64 < ℓ is always canonical
	}
	return s
}

// RandomBlinding draws a uniformly random blinding factor from rand
// (crypto/rand.Reader in production).
func RandomBlinding(rand io.Reader) (*ristretto255.Scalar, error) {
	var buf [64]byte
	if _, err := io.ReadFull(rand, buf[:]); err != nil {
		return nil, fmt.Errorf("pedersen: reading randomness: %w", err)
	}
	return ristretto255.NewScalar().SetUniformBytes(buf[:])
}

// Commit returns v·H + r·G in constant time.
func Commit(v uint64, r *ristretto255.Scalar) *Commitment {
	return CommitScalar(ScalarFromUint64(v), r)
}

// CommitScalar returns v·H + r·G for a scalar value v, in constant time.
func CommitScalar(v, r *ristretto255.Scalar) *Commitment {
	vh := ristretto255.NewIdentityElement().ScalarMult(v, h)
	rg := ristretto255.NewIdentityElement().ScalarBaseMult(r)
	c := &Commitment{}
	c.e.Add(vh, rg)
	return c
}

// FromElement wraps a group element as a commitment.
func FromElement(e *ristretto255.Element) *Commitment {
	c := &Commitment{}
	c.e.Set(e)
	return c
}

// Element returns a copy of the commitment's group element.
func (c *Commitment) Element() *ristretto255.Element {
	return ristretto255.NewIdentityElement().Set(&c.e)
}

// Bytes returns the 32-byte canonical encoding.
func (c *Commitment) Bytes() []byte { return c.e.Bytes() }

// Decode parses a canonical 32-byte encoding. It rejects any other length and
// any non-canonical encoding.
func Decode(b []byte) (*Commitment, error) {
	if len(b) != Size {
		return nil, fmt.Errorf("pedersen: commitment is %d bytes, want %d", len(b), Size)
	}
	c := &Commitment{}
	if _, err := c.e.SetCanonicalBytes(b); err != nil {
		return nil, ErrNonCanonical
	}
	return c, nil
}

// Equal reports whether two commitments are equal, in constant time.
func (c *Commitment) Equal(o *Commitment) bool { return c.e.Equal(&o.e) == 1 }

// Add returns a + b: a commitment to the sum of values and blindings.
func Add(a, b *Commitment) *Commitment {
	c := &Commitment{}
	c.e.Add(&a.e, &b.e)
	return c
}

// Sub returns a - b.
func Sub(a, b *Commitment) *Commitment {
	c := &Commitment{}
	c.e.Subtract(&a.e, &b.e)
	return c
}

// Sum returns the sum of cs (the identity for an empty slice).
func Sum(cs []*Commitment) *Commitment {
	c := &Commitment{}
	c.e.Set(ristretto255.NewIdentityElement())
	for _, x := range cs {
		c.e.Add(&c.e, &x.e)
	}
	return c
}

// Excess returns Σ outputs + fee·H − Σ inputs. For a balanced transaction it
// is a commitment to zero, i.e. k·G where k is the sum of output blindings
// minus the sum of input blindings; the transaction signature proves
// knowledge of k.
func Excess(inputs, outputs []*Commitment, fee uint64) *ristretto255.Element {
	e := ristretto255.NewIdentityElement().Subtract(&Sum(outputs).e, &Sum(inputs).e)
	feeH := ristretto255.NewIdentityElement().ScalarMult(ScalarFromUint64(fee), h)
	return e.Add(e, feeH)
}
