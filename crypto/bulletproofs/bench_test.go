package bulletproofs

import (
	"crypto/rand"
	"fmt"
	"testing"

	"github.com/gtank/ristretto255"
	"github.com/oasisprotocol/curve25519-voi/curve"
	"github.com/oasisprotocol/curve25519-voi/curve/scalar"

	"github.com/stegos-go/stegos/crypto/pedersen"
)

var benchSizes = []int{1, 2, 4, 8, 16}

// benchInputs returns m random values and blindings.
func benchInputs(b *testing.B, m int) ([]uint64, []*ristretto255.Scalar) {
	b.Helper()
	vals := make([]uint64, m)
	bl := make([]*ristretto255.Scalar, m)
	for j := range vals {
		vals[j] = uint64(j+1) * 0x0123456789abcdef
		r, err := pedersen.RandomBlinding(rand.Reader)
		if err != nil {
			b.Fatal(err)
		}
		bl[j] = r
	}
	return vals, bl
}

func benchProof(b *testing.B, m int) ([]byte, []*pedersen.Commitment) {
	b.Helper()
	vals, bl := benchInputs(b, m)
	p, cs, err := Prove(rand.Reader, vals, bl, nil)
	if err != nil {
		b.Fatal(err)
	}
	return p.Bytes(), cs
}

func BenchmarkProve(b *testing.B) {
	getGenerators()
	for _, m := range benchSizes {
		b.Run(fmt.Sprintf("m=%d", m), func(b *testing.B) {
			vals, bl := benchInputs(b, m)
			for b.Loop() {
				if _, _, err := Prove(rand.Reader, vals, bl, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkVerify measures what a node does with a proof it receives:
// Decode from bytes, then Verify.
func BenchmarkVerify(b *testing.B) {
	for _, m := range benchSizes {
		b.Run(fmt.Sprintf("m=%d", m), func(b *testing.B) {
			enc, cs := benchProof(b, m)
			for b.Loop() {
				p, err := Decode(enc)
				if err != nil {
					b.Fatal(err)
				}
				if err := p.Verify(cs, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkBatchVerify decodes and batch-verifies 64 single-value proofs.
func BenchmarkBatchVerify(b *testing.B) {
	const count = 64
	encs := make([][]byte, count)
	css := make([][]*pedersen.Commitment, count)
	for i := range encs {
		encs[i], css[i] = benchProof(b, 1)
	}
	stmts := make([]Statement, count)
	for b.Loop() {
		for i := range stmts {
			p, err := Decode(encs[i])
			if err != nil {
				b.Fatal(err)
			}
			stmts[i] = Statement{Proof: p, Commitments: css[i]}
		}
		if err := BatchVerify(rand.Reader, stmts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/count, "ns/proof")
}

// msmPoints is the number of points in the verification multiplication
// for m values: G, H, 2·64·m generators, A, S, T1, T2, 2k L/R, m V.
func msmPoints(m int) int { return 2 + 2*BitSize*m + 4 + 2*rounds(m) + m }

// BenchmarkMSM is one voi variable-time multiscalar multiplication over
// random points of the size of each Verify's, the reference for the
// verifier's overhead.
func BenchmarkMSM(b *testing.B) {
	for _, m := range benchSizes {
		n := msmPoints(m)
		b.Run(fmt.Sprintf("m=%d/points=%d", m, n), func(b *testing.B) {
			scs := make([]*scalar.Scalar, n)
			pts := make([]*curve.RistrettoPoint, n)
			for i := range scs {
				var err error
				if scs[i], err = scalar.New().SetRandom(rand.Reader); err != nil {
					b.Fatal(err)
				}
				if pts[i], err = curve.NewRistrettoPoint().SetRandom(rand.Reader); err != nil {
					b.Fatal(err)
				}
			}
			var out curve.RistrettoPoint
			for b.Loop() {
				out.MultiscalarMulVartime(scs, pts)
			}
		})
	}
}
