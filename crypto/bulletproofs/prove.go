package bulletproofs

import (
	"fmt"
	"io"

	"filippo.io/edwards25519"
	"github.com/gtank/ristretto255"
	"github.com/oasisprotocol/curve25519-voi/curve"
	"github.com/oasisprotocol/curve25519-voi/curve/scalar"

	"github.com/stegos-go/stegos/crypto/pedersen"
)

// Prove returns an aggregated range proof that every values[j] lies in
// [0, 2^64), together with the Pedersen commitments values[j]·H +
// blindings[j]·G it is about (crypto/pedersen.Commit). Between 1 and 16
// values may be proved at once; counts that are not a power of two are
// padded with zero values (blinding zero) internally.
//
// rand supplies the proof's blinding randomness (crypto/rand.Reader in
// production; nil means crypto/rand.Reader). It is mixed with the
// statement and the blindings through a Merlin transcript RNG, so a weak
// rand alone does not expose the witness. context is optional data the
// proof is bound to (for example a chain id and transaction prefix);
// Verify must be given the same bytes.
//
// Secrets (values, blindings, bit vectors and the blinding vectors) are
// handled with constant-time scalar arithmetic and constant-time point
// selection and multiscalar multiplication. The inner-product argument
// runs in variable time: its inputs l, r are uniformly distributed
// independent of the witness (they are what the zero-knowledge simulator
// samples), so its timing reveals nothing about the values.
func Prove(rand io.Reader, values []uint64, blindings []*ristretto255.Scalar, context []byte) (*Proof, []*pedersen.Commitment, error) {
	m := len(values)
	if m < 1 || m > MaxAggregation {
		return nil, nil, fmt.Errorf("%w: got %d values", ErrAggregationSize, m)
	}
	if len(blindings) != m {
		return nil, nil, fmt.Errorf("%w: %d values but %d blindings", ErrInvalidInput, m, len(blindings))
	}
	w := newWitness(m)
	defer w.wipe()
	cs := make([]*pedersen.Commitment, m)
	for j, v := range values {
		if blindings[j] == nil {
			return nil, nil, fmt.Errorf("%w: blinding %d is nil", ErrInvalidInput, j)
		}
		if _, err := w.gamma[j].SetCanonicalBytes(blindings[j].Bytes()); err != nil {
			return nil, nil, fmt.Errorf("%w: blinding %d: %v", ErrInvalidInput, j, err)
		}
		for i := range BitSize {
			w.aL[j*BitSize+i] = scalarFromUint64((v >> i) & 1)
		}
		cs[j] = pedersen.Commit(v, blindings[j])
	}
	w.binary = true
	proof, err := prove(rand, cs, w, context)
	if err != nil {
		return nil, nil, err
	}
	return proof, cs, nil
}

// witness is what the prover knows, padded to a power of two of values.
type witness struct {
	// aL is the claimed bit decomposition a_L of all values, 64 per value.
	aL []edwards25519.Scalar
	// gamma holds the blinding of each value (zero for padding).
	gamma []edwards25519.Scalar
	// binary reports that every entry of aL is 0 or 1, which lets A be
	// built by constant-time selection instead of a multiscalar
	// multiplication. Only test code proves non-binary vectors.
	binary bool
}

// newWitness returns an all-zero witness for m values, padded.
func newWitness(m int) *witness {
	mp := padded(m)
	return &witness{
		aL:    make([]edwards25519.Scalar, mp*BitSize),
		gamma: make([]edwards25519.Scalar, mp),
	}
}

// wipe zeroes the witness once the proof is made.
func (w *witness) wipe() {
	clear(w.aL)
	clear(w.gamma)
}

// prove makes a proof that the commitments cs open to the values whose bit
// vectors are w.aL, with blindings w.gamma. It does not check that claim:
// a false witness yields a proof that does not verify.
func prove(rand io.Reader, cs []*pedersen.Commitment, w *witness, context []byte) (*Proof, error) {
	gens := getGenerators()
	n := len(w.aL)
	vs := make([][]byte, len(cs))
	for j, c := range cs {
		vs[j] = c.Bytes()
	}
	t := newTranscript(vs, context)

	// Blinding scalars alpha, rho, tau1, tau2, then the vectors s_L, s_R.
	// Secret vectors are zeroed when prove returns.
	blind := make([]edwards25519.Scalar, 4+2*n)
	defer clear(blind)
	if err := t.proverRandomness(rand, w.gamma, blind); err != nil {
		return nil, err
	}
	alpha, rho, tau1, tau2 := &blind[0], &blind[1], &blind[2], &blind[3]
	sL, sR := blind[4:4+n], blind[4+n:]

	aR := make([]edwards25519.Scalar, n)
	defer clear(aR)
	for i := range aR {
		aR[i].Subtract(&w.aL[i], &scalarOne)
	}

	p := &Proof{}
	// A = alpha·G + <a_L, G_i> + <a_R, H_i>.
	if w.binary {
		p.a.set(commitBits(gens, alpha, w.aL))
	} else {
		p.a.set(commitVectors(gens, alpha, w.aL, aR))
	}
	// S = rho·G + <s_L, G_i> + <s_R, H_i>.
	p.s.set(commitVectors(gens, rho, sL, sR))
	if err := t.appendPoint("A", &p.a); err != nil {
		return nil, err
	}
	if err := t.appendPoint("S", &p.s); err != nil {
		return nil, err
	}
	y := t.challenge("y")
	z := t.challenge("z")

	// l(X) = l0 + s_L·X and r(X) = r0 + r1·X with
	// l0 = a_L − z·1, r0 = y^n ∘ (a_R + z·1) + Σ_j z^(2+j)·(0..0 ‖ 2^n ‖ 0..0),
	// r1 = y^n ∘ s_R. t(X) = <l(X), r(X)> = t0 + t1·X + t2·X².
	l := make([]edwards25519.Scalar, n)
	r := make([]edwards25519.Scalar, n)
	r1 := make([]edwards25519.Scalar, n)
	defer clear(l)
	defer clear(r)
	defer clear(r1)
	var t1, t2, tmp edwards25519.Scalar
	yi := scalarOne
	zj := *edwards25519.NewScalar().Multiply(&z, &z) // z^(2+j)
	for j := 0; j < n/BitSize; j++ {
		z2i := zj // z^(2+j)·2^i
		for i := j * BitSize; i < (j+1)*BitSize; i++ {
			l[i].Subtract(&w.aL[i], &z)
			tmp.Add(&aR[i], &z)
			r[i].MultiplyAdd(&yi, &tmp, &z2i)
			r1[i].Multiply(&yi, &sR[i])
			t1.MultiplyAdd(&l[i], &r1[i], &t1)
			t1.MultiplyAdd(&sL[i], &r[i], &t1)
			t2.MultiplyAdd(&sL[i], &r1[i], &t2)
			z2i.Add(&z2i, &z2i)
			yi.Multiply(&yi, &y)
		}
		zj.Multiply(&zj, &z)
	}

	// T_i = t_i·H + tau_i·G.
	p.t1.set(commitValue(gens, &t1, tau1))
	p.t2.set(commitValue(gens, &t2, tau2))
	if err := t.appendPoint("T_1", &p.t1); err != nil {
		return nil, err
	}
	if err := t.appendPoint("T_2", &p.t2); err != nil {
		return nil, err
	}
	x := t.challenge("x")

	// l = l(x), r = r(x), t_hat = <l, r>.
	for i := range l {
		l[i].MultiplyAdd(&sL[i], &x, &l[i])
		r[i].MultiplyAdd(&r1[i], &x, &r[i])
	}
	p.tHat = innerProduct(l, r)
	// tau_x = tau2·x² + tau1·x + Σ_j z^(2+j)·gamma_j, mu = alpha + rho·x.
	p.tauX.MultiplyAdd(tau2, &x, tau1)
	p.tauX.Multiply(&p.tauX, &x)
	zj.Multiply(&z, &z)
	for j := range w.gamma {
		p.tauX.MultiplyAdd(&zj, &w.gamma[j], &p.tauX)
		zj.Multiply(&zj, &z)
	}
	p.mu.MultiplyAdd(rho, &x, alpha)
	t.appendScalar("t_x", &p.tHat)
	t.appendScalar("t_x_blinding", &p.tauX)
	t.appendScalar("e_blinding", &p.mu)
	wc := t.challenge("w")

	// The inner-product argument for <l, r> = t_hat over G_i and
	// H'_i = y^-i·H_i, with Q = w·H.
	yInv := make([]edwards25519.Scalar, n)
	yInv[0] = scalarOne
	var yi1 edwards25519.Scalar
	yi1.Invert(&y)
	for i := 1; i < n; i++ {
		yInv[i].Multiply(&yInv[i-1], &yi1)
	}
	ipa, err := proveInnerProduct(t, gens, &wc, yInv, l, r)
	if err != nil {
		return nil, err
	}
	p.l, p.r, p.ipA, p.ipB = ipa.l, ipa.r, ipa.a, ipa.b
	return p, nil
}

// proverRandomness fills out with scalars from a Merlin transcript RNG
// keyed by the statement so far, the blindings and 32 bytes of rand.
func (t *transcript) proverRandomness(rand io.Reader, gamma, out []edwards25519.Scalar) error {
	b := t.m.BuildRng()
	for j := range gamma {
		b.RekeyWithWitnessBytes("gamma", gamma[j].Bytes())
	}
	rng, err := b.Finalize(rand)
	if err != nil {
		return fmt.Errorf("bulletproofs: reading randomness: %w", err)
	}
	buf := make([]byte, 64*len(out))
	defer clear(buf)
	if _, err := io.ReadFull(rng, buf); err != nil {
		return fmt.Errorf("bulletproofs: reading randomness: %w", err)
	}
	for i := range out {
		if _, err := out[i].SetUniformBytes(buf[64*i : 64*(i+1)]); err != nil {
			panic("bulletproofs: SetUniformBytes rejected 64 bytes")
		}
	}
	return nil
}

// commitBits returns alpha·G + Σ (bit_i ? G_i : −H_i), which equals
// alpha·G + <a_L, G_i> + <a_L − 1, H_i> for a binary a_L, in constant time.
func commitBits(gens *generators, alpha *edwards25519.Scalar, aL []edwards25519.Scalar) *curve.RistrettoPoint {
	var av scalar.Scalar
	toVoi(&av, alpha)
	acc := curve.NewRistrettoPoint().MulBasepoint(curve.RISTRETTO_BASEPOINT_TABLE, &av)
	var neg, sel curve.RistrettoPoint
	for i := range aL {
		bit := int(aL[i].Bytes()[0] & 1)
		neg.Neg(gens.hVec[i])
		sel.ConditionalSelect(&neg, gens.gVec[i], bit)
		acc.Add(acc, &sel)
	}
	return acc
}

// commitVectors returns b·G + <u, G_i> + <v, H_i> in constant time,
// split across CPUs when there are several.
func commitVectors(gens *generators, b *edwards25519.Scalar, u, v []edwards25519.Scalar) *curve.RistrettoPoint {
	n := len(u)
	sc := make([]scalar.Scalar, 1+2*n)
	defer clear(sc)
	scs := make([]*scalar.Scalar, len(sc))
	pts := make([]*curve.RistrettoPoint, 0, len(sc))
	for i := range sc {
		scs[i] = &sc[i]
	}
	toVoi(&sc[0], b)
	for i := range n {
		toVoi(&sc[1+i], &u[i])
		toVoi(&sc[1+n+i], &v[i])
	}
	pts = append(pts, &gens.g)
	pts = append(pts, gens.gVec[:n]...)
	pts = append(pts, gens.hVec[:n]...)

	parts := make([]curve.RistrettoPoint, chunks(len(sc)))
	parallelRange(len(sc), len(parts), func(p, lo, hi int) {
		parts[p].MultiscalarMul(scs[lo:hi], pts[lo:hi])
	})
	return curve.NewRistrettoPoint().Sum(ptrs(parts))
}

// ptrs returns pointers to the elements of ps.
func ptrs[T any](ps []T) []*T {
	out := make([]*T, len(ps))
	for i := range ps {
		out[i] = &ps[i]
	}
	return out
}

// commitValue returns v·H + b·G in constant time.
func commitValue(gens *generators, v, b *edwards25519.Scalar) *curve.RistrettoPoint {
	var vv, bv scalar.Scalar
	toVoi(&vv, v)
	toVoi(&bv, b)
	var vh curve.RistrettoPoint
	vh.MulBasepoint(gens.hTable, &vv)
	p := curve.NewRistrettoPoint().MulBasepoint(curve.RISTRETTO_BASEPOINT_TABLE, &bv)
	return p.Add(p, &vh)
}

// innerProduct returns <a, b>.
func innerProduct(a, b []edwards25519.Scalar) edwards25519.Scalar {
	var s edwards25519.Scalar
	for i := range a {
		s.MultiplyAdd(&a[i], &b[i], &s)
	}
	return s
}
