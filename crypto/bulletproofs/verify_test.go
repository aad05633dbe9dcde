package bulletproofs

import (
	"errors"
	"fmt"
	"testing"

	"github.com/gtank/ristretto255"

	"github.com/stegos-go/stegos/crypto/pedersen"
)

// TestTamperEveryElement changes each element of a proof (a point gets the
// base point added, a scalar gets one added) and checks that Verify and
// BatchVerify of a batch containing it both fail.
func TestTamperEveryElement(t *testing.T) {
	ctx := []byte("ctx")
	other, otherCs := mustProve(t, seeded(50), []uint64{1, 2}, ctx)
	for _, m := range []int{1, 3} {
		vals := make([]uint64, m)
		for j := range vals {
			vals[j] = uint64(1000 * (j + 1))
		}
		p, cs := mustProve(t, seeded(uint64(m)), vals, ctx)
		enc := p.Bytes()
		els := layout(rounds(m))
		if got := els[len(els)-1].offset + 32; got != len(enc) {
			t.Fatalf("layout covers %d bytes, proof has %d", got, len(enc))
		}
		for _, e := range els {
			t.Run(fmt.Sprintf("m=%d/%s", m, e.name), func(t *testing.T) {
				bad, err := Decode(tamper(t, enc, e))
				if err != nil {
					t.Fatalf("tampered proof does not decode: %v", err)
				}
				if err := bad.Verify(cs, ctx); !errors.Is(err, ErrInvalidProof) {
					t.Fatalf("Verify = %v, want ErrInvalidProof", err)
				}
				batch := []Statement{{other, otherCs, ctx}, {bad, cs, ctx}, {p, cs, ctx}}
				if err := BatchVerify(seeded(3), batch); !errors.Is(err, ErrInvalidProof) {
					t.Fatalf("BatchVerify = %v, want ErrInvalidProof", err)
				}
			})
		}
		// The untampered batch passes, so the failures above are the tampering.
		if err := BatchVerify(seeded(3), []Statement{{other, otherCs, ctx}, {p, cs, ctx}}); err != nil {
			t.Fatalf("m=%d: untampered batch: %v", m, err)
		}
	}
}

// TestTranscriptBinding checks that a proof verifies only for its own
// commitments, order, count and context.
func TestTranscriptBinding(t *testing.T) {
	ctx := []byte("chain-1/tx-prefix")
	p, cs := mustProve(t, seeded(1), []uint64{10, 20, 30}, ctx)
	if err := p.Verify(cs, ctx); err != nil {
		t.Fatal(err)
	}
	r := blindings(t, seeded(2), 1)[0]
	differentValue := pedersen.Commit(11, r)
	shifted := pedersen.Add(cs[0], pedersen.Commit(0, ristretto255.NewScalar().Add(r, r)))
	identity := pedersen.Commit(0, ristretto255.NewScalar())
	tests := []struct {
		name string
		cs   []*pedersen.Commitment
		ctx  []byte
		want error
	}{
		{"other commitment", []*pedersen.Commitment{differentValue, cs[1], cs[2]}, ctx, ErrInvalidProof},
		{"commitment plus blinding", []*pedersen.Commitment{shifted, cs[1], cs[2]}, ctx, ErrInvalidProof},
		{"swapped 0 and 1", []*pedersen.Commitment{cs[1], cs[0], cs[2]}, ctx, ErrInvalidProof},
		{"rotated", []*pedersen.Commitment{cs[1], cs[2], cs[0]}, ctx, ErrInvalidProof},
		{"explicit identity padding", []*pedersen.Commitment{cs[0], cs[1], cs[2], identity}, ctx, ErrInvalidProof},
		{"other context", cs, []byte("chain-2/tx-prefix"), ErrInvalidProof},
		{"no context", cs, nil, ErrInvalidProof},
		{"one commitment fewer", cs[:2], ctx, ErrSizeMismatch},
		{"no commitments", nil, ctx, ErrAggregationSize},
		{"17 commitments", make([]*pedersen.Commitment, 17), ctx, ErrAggregationSize},
		{"nil commitment", []*pedersen.Commitment{cs[0], nil, cs[2]}, ctx, ErrInvalidInput},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := p.Verify(tt.cs, tt.ctx); !errors.Is(err, tt.want) {
				t.Fatalf("Verify = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestVerifyDegenerateProofs(t *testing.T) {
	p, cs := mustProve(t, seeded(1), []uint64{5}, nil)
	var nilProof *Proof
	if err := nilProof.Verify(cs, nil); !errors.Is(err, ErrInvalidInput) {
		t.Fatalf("nil proof: %v", err)
	}
	if err := (&Proof{}).Verify(cs, nil); !errors.Is(err, ErrSizeMismatch) {
		t.Fatalf("zero proof: %v", err)
	}
	// Every point replaced by the identity in turn: canonical, so Decode
	// accepts it, but Verify rejects it before any arithmetic.
	enc := p.Bytes()
	for _, e := range layout(rounds(1)) {
		if e.kind != pointElem {
			continue
		}
		b := append([]byte(nil), enc...)
		clear(b[e.offset : e.offset+32])
		q, err := Decode(b)
		if err != nil {
			t.Fatalf("%s: identity does not decode: %v", e.name, err)
		}
		if err := q.Verify(cs, nil); !errors.Is(err, ErrInvalidProof) {
			t.Fatalf("%s = identity: Verify = %v, want ErrInvalidProof", e.name, err)
		}
	}
	// A proof for m=2 does not verify one commitment.
	p2, cs2 := mustProve(t, seeded(2), []uint64{5, 6}, nil)
	if err := p2.Verify(cs2[:1], nil); !errors.Is(err, ErrSizeMismatch) {
		t.Fatalf("m=2 proof against 1 commitment: %v", err)
	}
	if err := p.Verify(cs2, nil); !errors.Is(err, ErrSizeMismatch) {
		t.Fatalf("m=1 proof against 2 commitments: %v", err)
	}
}
