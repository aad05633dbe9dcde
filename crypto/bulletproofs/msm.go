package bulletproofs

import (
	"filippo.io/edwards25519"
	"github.com/oasisprotocol/curve25519-voi/curve"
	"github.com/oasisprotocol/curve25519-voi/curve/scalar"
)

// msm collects the terms of one variable-time multiscalar multiplication in
// voi's representation: static terms over precomputed (expanded) points,
// dynamic terms over plain points. Its buffers are reused after reset.
type msm struct {
	stS  []scalar.Scalar
	stP  []*curve.ExpandedRistrettoPoint
	dyS  []scalar.Scalar
	dyP  []*curve.RistrettoPoint
	ptrs []*scalar.Scalar
}

func newMSM(static, dynamic int) *msm {
	return &msm{
		stS:  make([]scalar.Scalar, 0, static),
		stP:  make([]*curve.ExpandedRistrettoPoint, 0, static),
		dyS:  make([]scalar.Scalar, 0, dynamic),
		dyP:  make([]*curve.RistrettoPoint, 0, dynamic),
		ptrs: make([]*scalar.Scalar, 0, static+dynamic),
	}
}

func (m *msm) reset() {
	m.stS, m.stP, m.dyS, m.dyP = m.stS[:0], m.stP[:0], m.dyS[:0], m.dyP[:0]
}

func (m *msm) addStatic(s *edwards25519.Scalar, p *curve.ExpandedRistrettoPoint) {
	m.stS = append(m.stS, scalar.Scalar{})
	toVoi(&m.stS[len(m.stS)-1], s)
	m.stP = append(m.stP, p)
}

func (m *msm) addDynamic(s *edwards25519.Scalar, p *curve.RistrettoPoint) {
	m.dyS = append(m.dyS, scalar.Scalar{})
	toVoi(&m.dyS[len(m.dyS)-1], s)
	m.dyP = append(m.dyP, p)
}

// eval returns the sum of the terms: voi's Straus over the precomputed
// tables up to 190 points, Pippenger above.
func (m *msm) eval() *curve.RistrettoPoint {
	m.ptrs = m.ptrs[:0]
	for i := range m.stS {
		m.ptrs = append(m.ptrs, &m.stS[i])
	}
	for i := range m.dyS {
		m.ptrs = append(m.ptrs, &m.dyS[i])
	}
	ns := len(m.stS)
	return curve.NewRistrettoPoint().ExpandedMultiscalarMulVartime(m.ptrs[:ns], m.stP, m.ptrs[ns:], m.dyP)
}
