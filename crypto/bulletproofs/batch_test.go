package bulletproofs

import (
	"errors"
	"strings"
	"testing"

	"github.com/stegos-go/stegos/crypto/pedersen"
)

func goodStatements(t *testing.T, count int, sizes []int) []Statement {
	t.Helper()
	stmts := make([]Statement, count)
	for i := range stmts {
		m := sizes[i%len(sizes)]
		vals := make([]uint64, m)
		for j := range vals {
			vals[j] = uint64(i*100 + j)
		}
		ctx := []byte{byte(i)}
		p, cs := mustProve(t, seeded(uint64(1000+i)), vals, ctx)
		stmts[i] = Statement{Proof: p, Commitments: cs, Context: ctx}
	}
	return stmts
}

func TestBatchVerify64(t *testing.T) {
	count := 64
	if testing.Short() {
		count = 16
	}
	stmts := goodStatements(t, count, []int{1})
	if err := BatchVerify(seeded(1), stmts); err != nil {
		t.Fatalf("good batch: %v", err)
	}
	for _, bad := range []int{0, count / 2, count - 1} {
		b := append([]Statement(nil), stmts...)
		// A valid proof, but for another statement's commitment.
		b[bad].Commitments = stmts[(bad+1)%count].Commitments
		if err := BatchVerify(seeded(1), b); !errors.Is(err, ErrInvalidProof) {
			t.Fatalf("bad proof at %d: BatchVerify = %v, want ErrInvalidProof", bad, err)
		}
	}
}

func TestBatchVerifyMixedSizes(t *testing.T) {
	stmts := goodStatements(t, 8, []int{1, 2, 3, 16, 5})
	if err := BatchVerify(nil, stmts); err != nil {
		t.Fatalf("good mixed batch: %v", err)
	}
	for i := range stmts {
		if err := stmts[i].Proof.Verify(stmts[i].Commitments, stmts[i].Context); err != nil {
			t.Fatalf("statement %d alone: %v", i, err)
		}
	}
	b := append([]Statement(nil), stmts...)
	b[3].Context = []byte("other")
	if err := BatchVerify(nil, b); !errors.Is(err, ErrInvalidProof) {
		t.Fatalf("wrong context in the m=16 proof: %v", err)
	}
}

func TestBatchVerifyErrors(t *testing.T) {
	stmts := goodStatements(t, 3, []int{1, 2})
	if err := BatchVerify(nil, nil); err != nil {
		t.Fatalf("empty batch: %v", err)
	}
	tests := []struct {
		name   string
		mutate func(b []Statement)
		want   error
		index  string
	}{
		{"nil proof", func(b []Statement) { b[1].Proof = nil }, ErrInvalidInput, "statement 1"},
		{"size mismatch", func(b []Statement) { b[2].Commitments = b[1].Commitments }, ErrSizeMismatch, "statement 2"},
		{"no commitments", func(b []Statement) { b[0].Commitments = nil }, ErrAggregationSize, "statement 0"},
		{"nil commitment", func(b []Statement) { b[1].Commitments = []*pedersen.Commitment{nil, nil} }, ErrInvalidInput, "statement 1"},
		{"identity point", func(b []Statement) {
			enc := b[2].Proof.Bytes()
			clear(enc[:32])
			p, err := Decode(enc)
			if err != nil {
				t.Fatal(err)
			}
			b[2].Proof = p
		}, ErrInvalidProof, "statement 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := append([]Statement(nil), stmts...)
			tt.mutate(b)
			err := BatchVerify(nil, b)
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.index) {
				t.Fatalf("BatchVerify = %v, want %v naming %q", err, tt.want, tt.index)
			}
		})
	}
	if err := BatchVerify(failingReader{}, stmts); err == nil || errors.Is(err, ErrInvalidProof) {
		t.Fatalf("failing rand: %v", err)
	}
}
