package bulletproofs

import (
	"fmt"
	"math/bits"

	"filippo.io/edwards25519"
	"github.com/oasisprotocol/curve25519-voi/curve"
)

const (
	elemSize = 32
	// minRounds and maxRounds are k = log2(64·m) for m = 1 and m = 16.
	minRounds = 6
	maxRounds = 10
)

// point is a group element carried by a proof: its canonical encoding,
// which the transcript absorbs, and its decoded form, which the
// multiscalar multiplication consumes. Decoding once at Decode keeps the
// per-point conversion cost (~3 µs) off every later use.
type point struct {
	enc curve.CompressedRistretto
	p   curve.RistrettoPoint
}

func (pt *point) set(p *curve.RistrettoPoint) {
	pt.p.Set(p)
	pt.enc.SetRistrettoPoint(p)
}

func (pt *point) decode(b []byte) error {
	copy(pt.enc[:], b)
	if _, err := pt.p.SetCompressed(&pt.enc); err != nil {
		return ErrInvalidPoint
	}
	return nil
}

// Proof is an aggregated 64-bit range proof for m = 1, 2, 4, 8 or 16
// values (counts in between are padded). The zero value is not a valid
// proof: obtain proofs from Prove or Decode.
type Proof struct {
	a, s, t1, t2   point
	tauX, mu, tHat edwards25519.Scalar
	l, r           []point // k = log2(64·m) each
	ipA, ipB       edwards25519.Scalar
}

// ProofSize returns the encoded size in bytes of a proof for m values
// (32·(9 + 2·log2(64·m')), m' the next power of two): 672 for m = 1, then
// 64 more per doubling up to 928 for m = 16. It returns 0 if m is not
// between 1 and MaxAggregation.
func ProofSize(m int) int {
	if m < 1 || m > MaxAggregation {
		return 0
	}
	return sizeForRounds(rounds(m))
}

// rounds returns k = log2(64·m') for m values.
func rounds(m int) int {
	return bits.Len(uint(padded(m)*BitSize)) - 1
}

// padded returns the power of two a proof for m values is made for.
func padded(m int) int {
	if m <= 1 {
		return 1
	}
	return 1 << bits.Len(uint(m-1))
}

func sizeForRounds(k int) int { return elemSize * (9 + 2*k) }

// roundsForSize returns k for a valid encoded proof length.
func roundsForSize(n int) (int, bool) {
	for k := minRounds; k <= maxRounds; k++ {
		if n == sizeForRounds(k) {
			return k, true
		}
	}
	return 0, false
}

// Bytes returns the canonical encoding: A, S, T1, T2, tau_x, mu, t_hat,
// L_0..L_{k-1}, R_0..R_{k-1}, a, b, each 32 bytes.
func (p *Proof) Bytes() []byte {
	out := make([]byte, 0, sizeForRounds(len(p.l)))
	for _, pt := range []*point{&p.a, &p.s, &p.t1, &p.t2} {
		out = append(out, pt.enc[:]...)
	}
	for _, s := range []*edwards25519.Scalar{&p.tauX, &p.mu, &p.tHat} {
		out = append(out, s.Bytes()...)
	}
	for _, v := range [][]point{p.l, p.r} {
		for i := range v {
			out = append(out, v[i].enc[:]...)
		}
	}
	out = append(out, p.ipA.Bytes()...)
	return append(out, p.ipB.Bytes()...)
}

// Decode parses a proof. The length is checked before anything is
// allocated and must be ProofSize(m) for some m; every scalar must be
// canonical and every point a canonical ristretto255 encoding.
// Decode(p.Bytes()) reproduces p exactly.
func Decode(b []byte) (*Proof, error) {
	k, ok := roundsForSize(len(b))
	if !ok {
		return nil, fmt.Errorf("%w: %d bytes", ErrProofLength, len(b))
	}
	p := &Proof{l: make([]point, k), r: make([]point, k)}
	d := decoder{b: b}
	d.point("A", &p.a)
	d.point("S", &p.s)
	d.point("T1", &p.t1)
	d.point("T2", &p.t2)
	d.scalar("tau_x", &p.tauX)
	d.scalar("mu", &p.mu)
	d.scalar("t_hat", &p.tHat)
	d.points("L", p.l)
	d.points("R", p.r)
	d.scalar("a", &p.ipA)
	d.scalar("b", &p.ipB)
	if d.err != nil {
		return nil, d.err
	}
	return p, nil
}

// decoder reads 32-byte elements and keeps the first error.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) next() []byte {
	e := d.b[:elemSize]
	d.b = d.b[elemSize:]
	return e
}

func (d *decoder) point(name string, p *point) {
	e := d.next()
	if d.err != nil {
		return
	}
	if err := p.decode(e); err != nil {
		d.err = fmt.Errorf("%w: %s", err, name)
	}
}

func (d *decoder) points(name string, ps []point) {
	for i := range ps {
		e := d.next()
		if d.err != nil {
			return
		}
		if err := ps[i].decode(e); err != nil {
			d.err = fmt.Errorf("%w: %s[%d]", err, name, i)
		}
	}
}

func (d *decoder) scalar(name string, s *edwards25519.Scalar) {
	e := d.next()
	if d.err != nil {
		return
	}
	if _, err := s.SetCanonicalBytes(e); err != nil {
		d.err = fmt.Errorf("%w: %s", ErrNonCanonicalScalar, name)
	}
}
