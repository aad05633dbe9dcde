package bulletproofs

import (
	"math/bits"

	"filippo.io/edwards25519"
	"github.com/oasisprotocol/curve25519-voi/curve"
)

// The inner-product argument (Bünz et al. §3, dalek's InnerProductProof)
// proves knowledge of a, b with P = <a, G> + <b, H'> + <a, b>·Q, where
// H'_i = y^-i·H_i and Q = w·H. Each round halves the vectors and sends
//
//	L = <a_lo, G_hi> + <b_hi, H'_lo> + <a_lo, b_hi>·Q
//	R = <a_hi, G_lo> + <b_lo, H'_hi> + <a_hi, b_lo>·Q
//
// then folds a' = u·a_lo + u⁻¹·a_hi, b' = u⁻¹·b_lo + u·b_hi,
// G' = u⁻¹·G_lo + u·G_hi, H' = u·H'_lo + u⁻¹·H'_hi.

// ipaProof is the output of the inner-product prover.
type ipaProof struct {
	l, r []point
	a, b edwards25519.Scalar
}

// ipaBasis describes the current folded generators without computing
// them: with n the current vector length and B = len(cG) blocks,
//
//	G_i = Σ_t cG[t]·g[i + t·n]     H'_i = Σ_t cH[t]·hf[i + t·n]·h[i + t·n]
//
// so L and R are single multiscalar multiplications of B·n + 1 terms over
// precomputed points, with no folding of points at all. As blocks
// multiply, the basis is materialized (n points of B terms each) when the
// cost model in ipaSchedule says the smaller later rounds repay it.
type ipaBasis struct {
	g, h   []*curve.ExpandedRistrettoPoint
	hf     []edwards25519.Scalar // nil means all one
	cG, cH []edwards25519.Scalar
}

// proveInnerProduct runs the argument for vectors a, b (folded in place)
// and appends its messages to t.
func proveInnerProduct(t *transcript, gens *generators, w *edwards25519.Scalar, yInv, a, b []edwards25519.Scalar) (*ipaProof, error) {
	n := len(a)
	t.m.AppendMessage("dom-sep", []byte("ipp v1"))
	t.appendU64("n", uint64(n))

	_, plan := ipaSchedule(n, n)
	out := &ipaProof{l: make([]point, len(plan)), r: make([]point, len(plan))}
	basis := &ipaBasis{
		g: gens.gVecExp[:n], h: gens.hVecExp[:n], hf: yInv,
		cG: []edwards25519.Scalar{scalarOne}, cH: []edwards25519.Scalar{scalarOne},
	}
	mL, mR := newMSM(n+1, 0), newMSM(n+1, 0)
	for j := 0; n > 1; j++ {
		if plan[j] {
			basis.materialize(n)
		}
		a, b = a[:n], b[:n]
		h := n / 2
		cL := innerProduct(a[:h], b[h:])
		cR := innerProduct(a[h:], b[:h])
		parallel(
			func() { out.l[j].set(basis.cross(mL, gens, w, n, a[:h], h, b[h:], 0, &cL)) },
			func() { out.r[j].set(basis.cross(mR, gens, w, n, a[h:], 0, b[:h], h, &cR)) },
		)
		if err := t.appendPoint("L", &out.l[j]); err != nil {
			return nil, err
		}
		if err := t.appendPoint("R", &out.r[j]); err != nil {
			return nil, err
		}
		u := t.challenge("u")
		var uInv edwards25519.Scalar
		uInv.Invert(&u)
		var tmp edwards25519.Scalar
		for i := range h {
			tmp.Multiply(&a[h+i], &uInv)
			a[i].MultiplyAdd(&a[i], &u, &tmp)
			tmp.Multiply(&b[h+i], &u)
			b[i].MultiplyAdd(&b[i], &uInv, &tmp)
		}
		basis.fold(&u, &uInv)
		n = h
	}
	out.a, out.b = a[0], b[0]
	return out, nil
}

// ipaSchedule returns the estimated cost of the rounds left for vectors of
// length n over a basis of nb points, and for each round whether to
// materialize the basis first, choosing the cheapest plan. Costs are in
// units of one term of a precomputed Straus multiplication (~4.5 µs).
func ipaSchedule(nb, n int) (float64, []bool) {
	if n == 1 {
		return 0, nil
	}
	cost, rest := ipaSchedule(nb, n/2)
	cost += 2 * msmCost(nb+1)
	plan := append([]bool{false}, rest...)
	if blocks := nb / n; blocks > 1 {
		c, r := ipaSchedule(n, n/2)
		const expand = 0.5 // building a point's lookup table
		c += 2*float64(n)*(msmCost(blocks)+expand) + 2*msmCost(n+1)
		if c < cost {
			cost, plan = c, append([]bool{true}, r...)
		}
	}
	return cost, plan
}

// msmCost models voi's variable-time multiplication of s precomputed
// points: Straus (256 doublings ≈ 4.5 terms, then one unit a term) up to
// 190 points, Pippenger (bucket overhead, then ~0.75 a term) above.
func msmCost(s int) float64 {
	if s > 190 {
		return 64 + 0.75*float64(s)
	}
	return 4.5 + float64(s)
}

// cross returns Σ_t Σ_i (ap_i·cG_t)·g[gOff+i+t·n] + Σ_t Σ_i (bp_i·cH_t·hf)·h[hOff+i+t·n] + (c·w)·H.
func (bs *ipaBasis) cross(m *msm, gens *generators, w *edwards25519.Scalar, n int, ap []edwards25519.Scalar, gOff int, bp []edwards25519.Scalar, hOff int, c *edwards25519.Scalar) *curve.RistrettoPoint {
	m.reset()
	var s edwards25519.Scalar
	for t := range bs.cG {
		for i := range ap {
			s.Multiply(&ap[i], &bs.cG[t])
			m.addStatic(&s, bs.g[gOff+i+t*n])
		}
	}
	for t := range bs.cH {
		for i := range bp {
			k := hOff + i + t*n
			s.Multiply(&bp[i], &bs.cH[t])
			if bs.hf != nil {
				s.Multiply(&s, &bs.hf[k])
			}
			m.addStatic(&s, bs.h[k])
		}
	}
	s.Multiply(c, w)
	m.addStatic(&s, gens.hExp)
	return m.eval()
}

// fold updates the block coefficients for the challenge u: block t splits
// into 2t (low half) and 2t+1 (high half).
func (bs *ipaBasis) fold(u, uInv *edwards25519.Scalar) {
	cG := make([]edwards25519.Scalar, 2*len(bs.cG))
	cH := make([]edwards25519.Scalar, 2*len(bs.cH))
	for t := range bs.cG {
		cG[2*t].Multiply(&bs.cG[t], uInv)
		cG[2*t+1].Multiply(&bs.cG[t], u)
		cH[2*t].Multiply(&bs.cH[t], u)
		cH[2*t+1].Multiply(&bs.cH[t], uInv)
	}
	bs.cG, bs.cH = cG, cH
}

// materialize computes the n current generators G_i, H'_i as points (one
// B-term multiplication each) and makes them the new base with one block.
func (bs *ipaBasis) materialize(n int) {
	blocks := len(bs.cG)
	g := make([]*curve.ExpandedRistrettoPoint, n)
	h := make([]*curve.ExpandedRistrettoPoint, n)
	parallelRange(n, chunks(n*minChunk), func(_, lo, hi int) {
		m := newMSM(blocks, 0)
		var s edwards25519.Scalar
		for i := lo; i < hi; i++ {
			m.reset()
			for t := range blocks {
				m.addStatic(&bs.cG[t], bs.g[i+t*n])
			}
			g[i] = curve.NewExpandedRistrettoPoint(m.eval())
			m.reset()
			for t := range blocks {
				s = bs.cH[t]
				if bs.hf != nil {
					s.Multiply(&s, &bs.hf[i+t*n])
				}
				m.addStatic(&s, bs.h[i+t*n])
			}
			h[i] = curve.NewExpandedRistrettoPoint(m.eval())
		}
	})
	bs.g, bs.h, bs.hf = g, h, nil
	bs.cG = []edwards25519.Scalar{scalarOne}
	bs.cH = []edwards25519.Scalar{scalarOne}
}

// ipaChallenges reads the argument's rounds into t and returns the
// challenges u_j (verifier side). It fails on an identity L or R and on a
// zero challenge.
func ipaChallenges(t *transcript, n int, ls, rs []point) ([]edwards25519.Scalar, error) {
	t.m.AppendMessage("dom-sep", []byte("ipp v1"))
	t.appendU64("n", uint64(n))
	us := make([]edwards25519.Scalar, len(ls))
	for j := range ls {
		if err := t.appendPoint("L", &ls[j]); err != nil {
			return nil, err
		}
		if err := t.appendPoint("R", &rs[j]); err != nil {
			return nil, err
		}
		us[j] = t.challenge("u")
		if isZero(&us[j]) {
			return nil, ErrInvalidProof
		}
	}
	return us, nil
}

// ipaS returns s with s_i = Π_j u_j^(±1), the exponent +1 when bit k−1−j of
// i is set, so that the fully folded G equals <s, G> and H' equals
// <s⁻¹, H'> with s⁻¹_i = s_(n−1−i). uInv holds the inverses of the
// challenges. It uses n multiplications in total: s_0 = Π u_j⁻¹ and each
// s_i is s_(i−2^b) times u_(k−1−b)² for b the top bit of i.
func ipaS(n int, us, uInv []edwards25519.Scalar) []edwards25519.Scalar {
	k := len(us)
	uSq := make([]edwards25519.Scalar, k)
	for j := range us {
		uSq[j].Multiply(&us[j], &us[j])
	}
	s := make([]edwards25519.Scalar, n)
	s[0] = scalarOne
	for j := range uInv {
		s[0].Multiply(&s[0], &uInv[j])
	}
	for i := 1; i < n; i++ {
		b := bits.Len(uint(i)) - 1
		s[i].Multiply(&s[i-(1<<b)], &uSq[k-1-b])
	}
	return s
}
