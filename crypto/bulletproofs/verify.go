package bulletproofs

import (
	"fmt"
	"math"

	"filippo.io/edwards25519"
	"github.com/oasisprotocol/curve25519-voi/curve"

	"github.com/stegos-go/stegos/crypto/pedersen"
)

// Verify checks that p proves every commitment (given in the order they
// were proved) opens to a value in [0, 2^64), bound to context. It returns
// nil on success, ErrInvalidProof (wrapped) if the proof does not verify,
// and ErrAggregationSize, ErrSizeMismatch or ErrInvalidInput for a
// statement the proof cannot be about.
//
// The whole check is one variable-time multiscalar multiplication over the
// fixed generators (precomputed) and the 4 + 2·log2(64·m) + m points of
// the statement and proof (dalek's single-multiplication verifier). Its
// two equations are combined with a challenge drawn from the transcript
// after every proof element, so verification is deterministic.
func (p *Proof) Verify(commitments []*pedersen.Commitment, context []byte) error {
	if p == nil {
		return fmt.Errorf("%w: nil proof", ErrInvalidInput)
	}
	if err := p.checkShape(len(commitments)); err != nil {
		return err
	}
	n := padded(len(commitments)) * BitSize
	acc := newAccumulator(n, p.dynamicTerms(len(commitments)))
	if err := p.addTerms(acc, commitments, context, &scalarOne); err != nil {
		return err
	}
	if !acc.eval(getGenerators()).IsIdentity() {
		return ErrInvalidProof
	}
	return nil
}

// checkShape rejects a commitment count out of range or one the proof was
// not made for.
func (p *Proof) checkShape(m int) error {
	if m < 1 || m > MaxAggregation {
		return fmt.Errorf("%w: got %d commitments", ErrAggregationSize, m)
	}
	if len(p.l) != rounds(m) || len(p.r) != len(p.l) {
		return fmt.Errorf("%w: %d commitments need a %d-byte proof, got %d bytes",
			ErrSizeMismatch, m, ProofSize(m), sizeForRounds(len(p.l)))
	}
	return nil
}

// dynamicTerms is the number of per-proof points in the check: A, S, T1,
// T2, the L and R, and the m commitments.
func (p *Proof) dynamicTerms(m int) int { return 4 + 2*len(p.l) + m }

// accumulator collects the scalars of one or more verification equations:
// the fixed generators' scalars are summed across proofs, the proofs'
// own points are appended.
type accumulator struct {
	g, h   edwards25519.Scalar   // blinding and value generators
	gv, hv []edwards25519.Scalar // G_i and H_i
	dynS   []edwards25519.Scalar
	dynP   []*curve.RistrettoPoint
}

func newAccumulator(n, dynamic int) *accumulator {
	return &accumulator{
		gv:   make([]edwards25519.Scalar, n),
		hv:   make([]edwards25519.Scalar, n),
		dynS: make([]edwards25519.Scalar, 0, dynamic),
		dynP: make([]*curve.RistrettoPoint, 0, dynamic),
	}
}

func (a *accumulator) addDynamic(s *edwards25519.Scalar, p *curve.RistrettoPoint) {
	a.dynS = append(a.dynS, *s)
	a.dynP = append(a.dynP, p)
}

// eval returns the sum of all terms; it is the identity iff every
// accumulated equation holds (except with negligible probability).
func (a *accumulator) eval(gens *generators) *curve.RistrettoPoint {
	n := len(a.gv)
	m := newMSM(2+2*n, len(a.dynS))
	m.addStatic(&a.g, gens.gExp)
	m.addStatic(&a.h, gens.hExp)
	for i := range n {
		m.addStatic(&a.gv[i], gens.gVecExp[i])
	}
	for i := range n {
		m.addStatic(&a.hv[i], gens.hVecExp[i])
	}
	for i := range a.dynS {
		m.addDynamic(&a.dynS[i], a.dynP[i])
	}
	return m.eval()
}

// challenges are the verifier's values for one proof, replayed from its
// transcript.
type challenges struct {
	y, z, x, w edwards25519.Scalar
	u          []edwards25519.Scalar // inner-product rounds
	// c combines the two equations; it is drawn after every proof element.
	c edwards25519.Scalar
}

// replay decodes the commitments and runs the transcript of p.
func (p *Proof) replay(cs []*pedersen.Commitment, context []byte) (*challenges, []curve.RistrettoPoint, error) {
	vs := make([][]byte, len(cs))
	vPts := make([]curve.RistrettoPoint, len(cs))
	for j, c := range cs {
		if c == nil {
			return nil, nil, fmt.Errorf("%w: commitment %d is nil", ErrInvalidInput, j)
		}
		vs[j] = c.Bytes()
		var enc curve.CompressedRistretto
		copy(enc[:], vs[j])
		if _, err := vPts[j].SetCompressed(&enc); err != nil {
			return nil, nil, fmt.Errorf("%w: commitment %d: %v", ErrInvalidInput, j, err)
		}
	}

	ch := &challenges{}
	t := newTranscript(vs, context)
	if err := t.appendPoint("A", &p.a); err != nil {
		return nil, nil, err
	}
	if err := t.appendPoint("S", &p.s); err != nil {
		return nil, nil, err
	}
	ch.y = t.challenge("y")
	ch.z = t.challenge("z")
	if err := t.appendPoint("T_1", &p.t1); err != nil {
		return nil, nil, err
	}
	if err := t.appendPoint("T_2", &p.t2); err != nil {
		return nil, nil, err
	}
	ch.x = t.challenge("x")
	t.appendScalar("t_x", &p.tHat)
	t.appendScalar("t_x_blinding", &p.tauX)
	t.appendScalar("e_blinding", &p.mu)
	ch.w = t.challenge("w")
	u, err := ipaChallenges(t, padded(len(cs))*BitSize, p.l, p.r)
	if err != nil {
		return nil, nil, err
	}
	ch.u = u
	t.appendScalar("a", &p.ipA)
	t.appendScalar("b", &p.ipB)
	ch.c = t.challenge("c")
	if isZero(&ch.y) {
		return nil, nil, ErrInvalidProof
	}
	return ch, vPts, nil
}

// addTerms replays the transcript of p for the statement and adds
// weight × (its verification equation) to acc, with the scalars of
// dalek's verify_multiple:
//
//	  A + x·S + Σ u_j²·L_j + Σ u_j⁻²·R_j − (mu + c·tau_x)·G
//	+ <−z − a·s, G_i> + <z + y^-i·(z^(2+j)·2^i − b·s⁻¹_i), H_i>
//	+ (w·(t_hat − a·b) + c·(δ(y,z) − t_hat))·H
//	+ c·(Σ_j z^(2+j)·V_j + x·T1 + x²·T2)
//
// The first two lines are the inner-product check, the last two c times
// the check of t_hat. The caller has checked the shape with checkShape.
func (p *Proof) addTerms(acc *accumulator, cs []*pedersen.Commitment, context []byte, weight *edwards25519.Scalar) error {
	ch, vPts, err := p.replay(cs, context)
	if err != nil {
		return err
	}
	m := len(cs)
	mp := padded(m)
	n := mp * BitSize
	y, z, c := &ch.y, &ch.z, &ch.c

	// One inversion for y and every u_j.
	inv := make([]edwards25519.Scalar, 1+len(ch.u))
	inv[0] = *y
	copy(inv[1:], ch.u)
	batchInvert(inv)
	yInv, uInv := &inv[0], inv[1:]
	s := ipaS(n, ch.u, uInv)

	var rz, negRZ, negRA, negRB, tmp, rc, cz edwards25519.Scalar
	rz.Multiply(weight, z)
	rc.Multiply(weight, c)
	negRZ.Negate(&rz)
	negRA.Multiply(weight, &p.ipA)
	negRA.Negate(&negRA)
	negRB.Multiply(weight, &p.ipB)
	negRB.Negate(&negRB)

	// G_i: −r·(z + a·s_i). H_i: r·(z + y^-i·(z^(2+j)·2^i − b·s_(n−1−i))).
	// Along the way, sumYInv = Σ y^-i for δ.
	var sumYInv, g, h edwards25519.Scalar
	yi := scalarOne
	zj := *edwards25519.NewScalar().Multiply(z, z) // z^(2+j)
	for j := range mp {
		var z2i edwards25519.Scalar
		z2i.Multiply(weight, &zj) // r·z^(2+j)·2^i
		for i := j * BitSize; i < (j+1)*BitSize; i++ {
			g.MultiplyAdd(&negRA, &s[i], &negRZ)
			acc.gv[i].Add(&acc.gv[i], &g)
			tmp.MultiplyAdd(&negRB, &s[n-1-i], &z2i)
			h.MultiplyAdd(&yi, &tmp, &rz)
			acc.hv[i].Add(&acc.hv[i], &h)
			sumYInv.Add(&sumYInv, &yi)
			z2i.Add(&z2i, &z2i)
			yi.Multiply(&yi, yInv)
		}
		if j < m {
			cz.Multiply(&rc, &zj)
			acc.addDynamic(&cz, &vPts[j])
		}
		zj.Multiply(&zj, z)
	}

	// Value generator H: r·(w·(t_hat − a·b) + c·(δ − t_hat)).
	var hs, ab edwards25519.Scalar
	ab.Multiply(&p.ipA, &p.ipB)
	hs.Subtract(&p.tHat, &ab)
	hs.Multiply(&hs, &ch.w)
	d := delta(y, yInv, z, &sumYInv, mp)
	tmp.Subtract(&d, &p.tHat)
	hs.MultiplyAdd(c, &tmp, &hs)
	hs.Multiply(&hs, weight)
	acc.h.Add(&acc.h, &hs)
	// Blinding generator G: −r·(mu + c·tau_x).
	var gs edwards25519.Scalar
	gs.MultiplyAdd(c, &p.tauX, &p.mu)
	gs.Multiply(&gs, weight)
	acc.g.Subtract(&acc.g, &gs)

	// A: r, S: r·x, T1: r·c·x, T2: r·c·x², L_j: r·u_j², R_j: r·u_j⁻².
	var sc edwards25519.Scalar
	acc.addDynamic(weight, &p.a.p)
	sc.Multiply(weight, &ch.x)
	acc.addDynamic(&sc, &p.s.p)
	sc.Multiply(&sc, c)
	acc.addDynamic(&sc, &p.t1.p)
	sc.Multiply(&sc, &ch.x)
	acc.addDynamic(&sc, &p.t2.p)
	for j := range ch.u {
		sc.Multiply(&ch.u[j], &ch.u[j])
		sc.Multiply(&sc, weight)
		acc.addDynamic(&sc, &p.l[j].p)
		sc.Multiply(&uInv[j], &uInv[j])
		sc.Multiply(&sc, weight)
		acc.addDynamic(&sc, &p.r[j].p)
	}
	return nil
}

// delta returns δ(y, z) = (z − z²)·Σ_{i<n} y^i − (2^64 − 1)·Σ_{j<mp} z^(3+j)
// for n = 64·mp, given sumYInv = Σ_{i<n} y^-i: Σ y^i = y^(n−1)·Σ y^-i.
func delta(y, yInv, z, sumYInv *edwards25519.Scalar, mp int) edwards25519.Scalar {
	var yPow, zz, d, sumZ, pow edwards25519.Scalar
	yPow = *y
	for range rounds(mp) {
		yPow.Multiply(&yPow, &yPow) // y^n
	}
	yPow.Multiply(&yPow, yInv) // y^(n−1)
	zz.Multiply(z, z)
	d.Subtract(z, &zz)
	d.Multiply(&d, &yPow)
	d.Multiply(&d, sumYInv)
	// Σ_{j<mp} z^(3+j) = z³·(1 + z + … + z^(mp−1)).
	sumZ, pow = scalarOne, scalarOne
	for j := 1; j < mp; j++ {
		pow.Multiply(&pow, z)
		sumZ.Add(&sumZ, &pow)
	}
	sumZ.Multiply(&sumZ, &zz)
	sumZ.Multiply(&sumZ, z)
	pow = scalarFromUint64(math.MaxUint64)
	sumZ.Multiply(&sumZ, &pow)
	d.Subtract(&d, &sumZ)
	return d
}
