package bulletproofs

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"testing"

	"filippo.io/edwards25519"
	"github.com/gtank/ristretto255"

	"github.com/stegos-go/stegos/crypto/pedersen"
)

func TestCompletenessEdgeValues(t *testing.T) {
	tests := []struct {
		name string
		v    uint64
	}{
		{"zero", 0},
		{"one", 1},
		{"two", 2},
		{"2^32", 1 << 32},
		{"2^63", 1 << 63},
		{"2^64-2", math.MaxUint64 - 1},
		{"2^64-1", math.MaxUint64},
		{"pattern", 0xa5a5_5a5a_0f0f_f0f0},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, cs := mustProve(t, seeded(uint64(i)), []uint64{tt.v}, nil)
			if err := p.Verify(cs, nil); err != nil {
				t.Fatal(err)
			}
			r := blindings(t, seeded(uint64(i)), 1)[0]
			if !cs[0].Equal(pedersen.Commit(tt.v, r)) {
				t.Fatal("returned commitment is not pedersen.Commit(v, r)")
			}
		})
	}
}

// TestCompletenessAllSizes proves every count 1..16 (padding included),
// mixing the edge values with random ones.
func TestCompletenessAllSizes(t *testing.T) {
	edge := []uint64{0, 1, math.MaxUint64}
	rnd := seeded(1)
	for m := 1; m <= MaxAggregation; m++ {
		t.Run(fmt.Sprintf("m=%d", m), func(t *testing.T) {
			vals := make([]uint64, m)
			var buf [8]byte
			for j := range vals {
				if j < len(edge) {
					vals[j] = edge[(j+m)%len(edge)]
					continue
				}
				if _, err := io.ReadFull(rnd, buf[:]); err != nil {
					t.Fatal(err)
				}
				vals[j] = uint64(buf[0]) | uint64(buf[1])<<8 | uint64(buf[7])<<56
			}
			ctx := []byte("chain-id/tx")
			p, cs := mustProve(t, rnd, vals, ctx)
			if got, want := len(p.Bytes()), ProofSize(m); got != want {
				t.Fatalf("proof is %d bytes, want %d", got, want)
			}
			if len(cs) != m {
				t.Fatalf("got %d commitments, want %d", len(cs), m)
			}
			if err := p.Verify(cs, ctx); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestProveDeterministicGivenRand(t *testing.T) {
	vals := []uint64{7, 8, 9}
	bl := blindings(t, seeded(9), 3)
	p1, _, err := Prove(seeded(42), vals, bl, nil)
	if err != nil {
		t.Fatal(err)
	}
	p2, _, err := Prove(seeded(42), vals, bl, nil)
	if err != nil {
		t.Fatal(err)
	}
	p3, _, err := Prove(seeded(43), vals, bl, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(p1.Bytes(), p2.Bytes()) {
		t.Fatal("same inputs and rand gave different proofs")
	}
	if bytes.Equal(p1.Bytes(), p3.Bytes()) {
		t.Fatal("different rand gave the same proof")
	}
}

func TestProveRejectsBadInput(t *testing.T) {
	one := blindings(t, seeded(1), 17)
	tests := []struct {
		name   string
		values []uint64
		bl     []*ristretto255.Scalar
		want   error
	}{
		{"no values", nil, nil, ErrAggregationSize},
		{"17 values", make([]uint64, 17), one, ErrAggregationSize},
		{"fewer blindings", []uint64{1, 2}, one[:1], ErrInvalidInput},
		{"more blindings", []uint64{1}, one[:2], ErrInvalidInput},
		{"nil blinding", []uint64{1, 2}, []*ristretto255.Scalar{one[0], nil}, ErrInvalidInput},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, cs, err := Prove(seeded(1), tt.values, tt.bl, nil)
			if !errors.Is(err, tt.want) || p != nil || cs != nil {
				t.Fatalf("got (%v, %v, %v), want error %v", p, cs, err, tt.want)
			}
		})
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("no entropy") }

func TestProveRandFailure(t *testing.T) {
	if _, _, err := Prove(failingReader{}, []uint64{1}, blindings(t, seeded(1), 1), nil); err == nil {
		t.Fatal("Prove succeeded without randomness")
	}
}

// TestSoundnessOutOfRange proves false statements through the unchecked
// prover path and checks that none of them verifies, alone or in a batch.
func TestSoundnessOutOfRange(t *testing.T) {
	var two64 ristretto255.Scalar // 2^64
	if _, err := two64.SetCanonicalBytes(append(make([]byte, 8), append([]byte{1}, make([]byte, 23)...)...)); err != nil {
		t.Fatal(err)
	}
	minusOne := ristretto255.NewScalar().Negate(rScalar(t, &scalarOne)) // ℓ − 1
	maxIn := rScalar(t, ptr(scalarFromUint64(math.MaxUint64)))
	small := rScalar(t, ptr(scalarFromUint64(5)))

	// Non-binary decompositions whose weighted sum is the value.
	twoAtTop := bitsOf(0)
	twoAtTop[BitSize-1] = scalarFromUint64(2) // 2·2^63 = 2^64
	minusOneAtBottom := bitsOf(0)
	minusOneAtBottom[0].Negate(&scalarOne) // −1·2^0 = ℓ − 1

	tests := []struct {
		name   string
		values []*ristretto255.Scalar
		aL     [][]edwards25519.Scalar
		valid  bool
	}{
		{"control: 2^64-1 with its bits", []*ristretto255.Scalar{maxIn}, [][]edwards25519.Scalar{bitsOf(math.MaxUint64)}, true},
		{"control: m=2 in range", []*ristretto255.Scalar{small, maxIn}, [][]edwards25519.Scalar{bitsOf(5), bitsOf(math.MaxUint64)}, true},
		{"2^64 with bits of 2^64 mod 2^64", []*ristretto255.Scalar{&two64}, [][]edwards25519.Scalar{bitsOf(0)}, false},
		{"2^64 with non-binary decomposition", []*ristretto255.Scalar{&two64}, [][]edwards25519.Scalar{twoAtTop}, false},
		{"l-1 with all bits set", []*ristretto255.Scalar{minusOne}, [][]edwards25519.Scalar{bitsOf(math.MaxUint64)}, false},
		{"l-1 with non-binary decomposition", []*ristretto255.Scalar{minusOne}, [][]edwards25519.Scalar{minusOneAtBottom}, false},
		{"m=2, second is 2^64", []*ristretto255.Scalar{small, &two64}, [][]edwards25519.Scalar{bitsOf(5), bitsOf(0)}, false},
		{"m=3, third is l-1", []*ristretto255.Scalar{small, small, minusOne}, [][]edwards25519.Scalar{bitsOf(5), bitsOf(5), bitsOf(math.MaxUint64)}, false},
	}
	good, goodCs := mustProve(t, seeded(100), []uint64{3}, nil)
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, cs := proveUnchecked(t, seeded(uint64(i)), tt.values, tt.aL, nil)
			err := p.Verify(cs, nil)
			batchErr := BatchVerify(seeded(7), []Statement{{good, goodCs, nil}, {p, cs, nil}})
			if tt.valid {
				if err != nil || batchErr != nil {
					t.Fatalf("valid statement rejected: %v / %v", err, batchErr)
				}
				return
			}
			if !errors.Is(err, ErrInvalidProof) {
				t.Fatalf("Verify = %v, want ErrInvalidProof", err)
			}
			if !errors.Is(batchErr, ErrInvalidProof) {
				t.Fatalf("BatchVerify = %v, want ErrInvalidProof", batchErr)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

// TestCommitBitsMatchesVectors checks the constant-time selection that
// builds A against the plain formula alpha·G + <a_L, G_i> + <a_L − 1, H_i>.
func TestCommitBitsMatchesVectors(t *testing.T) {
	gens := getGenerators()
	aL := append(bitsOf(0xdead_beef_0123_4567), bitsOf(0)...)
	aR := make([]edwards25519.Scalar, len(aL))
	for i := range aR {
		aR[i].Subtract(&aL[i], &scalarOne)
	}
	alpha := scalarFromUint64(123456789)
	if commitBits(gens, &alpha, aL).Equal(commitVectors(gens, &alpha, aL, aR)) != 1 {
		t.Fatal("commitBits differs from commitVectors")
	}
}
