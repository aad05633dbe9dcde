package bulletproofs

import (
	"encoding/binary"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"testing"

	"filippo.io/edwards25519"
	"github.com/gtank/ristretto255"
	"github.com/oasisprotocol/curve25519-voi/curve"

	"github.com/stegos-go/stegos/crypto/pedersen"
)

// seeded returns a deterministic randomness source.
func seeded(seed uint64) io.Reader {
	var s [32]byte
	binary.LittleEndian.PutUint64(s[:], seed)
	return mrand.NewChaCha8(s)
}

// blindings draws m blindings from rnd.
func blindings(t testing.TB, rnd io.Reader, m int) []*ristretto255.Scalar {
	t.Helper()
	bl := make([]*ristretto255.Scalar, m)
	for j := range bl {
		r, err := pedersen.RandomBlinding(rnd)
		if err != nil {
			t.Fatal(err)
		}
		bl[j] = r
	}
	return bl
}

// mustProve proves values with blindings from rnd.
func mustProve(t testing.TB, rnd io.Reader, values []uint64, ctx []byte) (*Proof, []*pedersen.Commitment) {
	t.Helper()
	p, cs, err := Prove(rnd, values, blindings(t, rnd, len(values)), ctx)
	if err != nil {
		t.Fatal(err)
	}
	return p, cs
}

// bitsOf returns the 64-bit decomposition of v as scalars.
func bitsOf(v uint64) []edwards25519.Scalar {
	out := make([]edwards25519.Scalar, BitSize)
	for i := range out {
		out[i] = scalarFromUint64((v >> i) & 1)
	}
	return out
}

// proveUnchecked is the test-only prover path: it commits to arbitrary
// scalar values and proves them with an arbitrary claimed decomposition
// aL[j] (64 scalars per value, not necessarily bits), skipping every check
// Prove makes. A sound verifier must reject whatever it produces for a
// value outside [0, 2^64) or a decomposition that is not binary.
func proveUnchecked(t testing.TB, rnd io.Reader, values []*ristretto255.Scalar, aL [][]edwards25519.Scalar, ctx []byte) (*Proof, []*pedersen.Commitment) {
	t.Helper()
	w := newWitness(len(values))
	cs := make([]*pedersen.Commitment, len(values))
	for j, gamma := range blindings(t, rnd, len(values)) {
		if _, err := w.gamma[j].SetCanonicalBytes(gamma.Bytes()); err != nil {
			t.Fatal(err)
		}
		copy(w.aL[j*BitSize:(j+1)*BitSize], aL[j])
		cs[j] = pedersen.CommitScalar(values[j], gamma)
	}
	p, err := prove(rnd, cs, w, ctx)
	if err != nil {
		t.Fatal(err)
	}
	return p, cs
}

// rScalar converts between the two scalar types by encoding.
func rScalar(t testing.TB, s *edwards25519.Scalar) *ristretto255.Scalar {
	t.Helper()
	r, err := ristretto255.NewScalar().SetCanonicalBytes(s.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// elementKind says how an encoded proof element is tampered with.
type elementKind int

const (
	pointElem elementKind = iota
	scalarElem
)

// element is one 32-byte field of an encoded proof.
type element struct {
	name   string
	offset int
	kind   elementKind
}

// layout lists every element of an encoded proof with k rounds.
func layout(k int) []element {
	els := []element{
		{"A", 0, pointElem}, {"S", 32, pointElem}, {"T1", 64, pointElem}, {"T2", 96, pointElem},
		{"tau_x", 128, scalarElem}, {"mu", 160, scalarElem}, {"t_hat", 192, scalarElem},
	}
	off := 224
	for _, side := range []string{"L", "R"} {
		for i := range k {
			els = append(els, element{fmt.Sprintf("%s[%d]", side, i), off, pointElem})
			off += 32
		}
	}
	return append(els, element{"a", off, scalarElem}, element{"b", off + 32, scalarElem})
}

// tamper returns a copy of enc with element e changed into another valid
// encoding: a point gets the base point added, a scalar gets one added.
func tamper(t testing.TB, enc []byte, e element) []byte {
	t.Helper()
	out := append([]byte(nil), enc...)
	field := out[e.offset : e.offset+32]
	switch e.kind {
	case pointElem:
		var c curve.CompressedRistretto
		copy(c[:], field)
		var p curve.RistrettoPoint
		if _, err := p.SetCompressed(&c); err != nil {
			t.Fatal(err)
		}
		p.Add(&p, curve.RISTRETTO_BASEPOINT_POINT)
		c.SetRistrettoPoint(&p)
		copy(field, c[:])
	case scalarElem:
		var s edwards25519.Scalar
		if _, err := s.SetCanonicalBytes(field); err != nil {
			t.Fatal(err)
		}
		s.Add(&s, &scalarOne)
		copy(field, s.Bytes())
	}
	return out
}
