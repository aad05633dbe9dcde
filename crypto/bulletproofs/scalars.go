package bulletproofs

import (
	"encoding/binary"

	"filippo.io/edwards25519"
	"github.com/oasisprotocol/curve25519-voi/curve/scalar"
)

// Scalar arithmetic uses filippo.io/edwards25519 (fiat-crypto, constant
// time, ~25 ns a multiplication, several times faster than voi's packed
// scalars); scalars are converted to voi only as multiscalar inputs.

var scalarOne = scalarFromUint64(1)

// scalarFromUint64 returns v as a scalar, in constant time.
func scalarFromUint64(v uint64) edwards25519.Scalar {
	var b [32]byte
	binary.LittleEndian.PutUint64(b[:8], v)
	var s edwards25519.Scalar
	if _, err := s.SetCanonicalBytes(b[:]); err != nil {
		panic("bulletproofs: a 64-bit integer is not canonical") // v < 2^64 < ℓ
	}
	return s
}

// toVoi sets dst to s.
func toVoi(dst *scalar.Scalar, s *edwards25519.Scalar) {
	// Bytes is canonical, so the masking SetBits does is a plain copy.
	if _, err := dst.SetBits(s.Bytes()); err != nil {
		panic("bulletproofs: 32-byte scalar rejected")
	}
}

// isZero reports whether s is zero.
func isZero(s *edwards25519.Scalar) bool {
	return s.Equal(edwards25519.NewScalar()) == 1
}

// batchInvert replaces every element of xs, which must all be nonzero, by
// its inverse with one inversion and 3(len(xs)-1) multiplications.
func batchInvert(xs []edwards25519.Scalar) {
	if len(xs) == 0 {
		return
	}
	prefix := make([]edwards25519.Scalar, len(xs))
	acc := scalarOne
	for i := range xs {
		prefix[i] = acc
		acc.Multiply(&acc, &xs[i])
	}
	acc.Invert(&acc)
	for i := len(xs) - 1; i >= 0; i-- {
		var inv edwards25519.Scalar
		inv.Multiply(&acc, &prefix[i])
		acc.Multiply(&acc, &xs[i])
		xs[i] = inv
	}
}
