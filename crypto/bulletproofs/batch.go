package bulletproofs

import (
	"crypto/rand"
	"fmt"
	"io"

	"filippo.io/edwards25519"

	"github.com/stegos-go/stegos/crypto/pedersen"
)

// Statement is one proof with the commitments and context it must verify
// against.
type Statement struct {
	Proof       *Proof
	Commitments []*pedersen.Commitment
	Context     []byte
}

// BatchVerify checks many proofs, of any mix of sizes, with a single
// multiscalar multiplication: each proof's equation is scaled by a random
// weight read from rand (nil means crypto/rand.Reader) and the scalars of
// the shared generators are summed, so the multiplication has
// 2 + 2·64·(largest m) + Σ (4 + 2·log2(64·m) + m) points.
//
// It returns nil iff every statement verifies, except with negligible
// probability. A malformed statement is reported with its index; if the
// combined check fails, the error wraps ErrInvalidProof and does not say
// which proof is bad (verify them one by one to find out). An empty batch
// verifies.
func BatchVerify(rand io.Reader, stmts []Statement) error {
	if len(stmts) == 0 {
		return nil
	}
	maxN, dynamic := 0, 0
	for i, st := range stmts {
		if st.Proof == nil {
			return fmt.Errorf("bulletproofs: statement %d: %w: nil proof", i, ErrInvalidInput)
		}
		if err := st.Proof.checkShape(len(st.Commitments)); err != nil {
			return fmt.Errorf("bulletproofs: statement %d: %w", i, err)
		}
		maxN = max(maxN, padded(len(st.Commitments))*BitSize)
		dynamic += st.Proof.dynamicTerms(len(st.Commitments))
	}
	weights, err := randomWeights(rand, len(stmts))
	if err != nil {
		return err
	}
	acc := newAccumulator(maxN, dynamic)
	for i, st := range stmts {
		if err := st.Proof.addTerms(acc, st.Commitments, st.Context, &weights[i]); err != nil {
			return fmt.Errorf("bulletproofs: statement %d: %w", i, err)
		}
	}
	if !acc.eval(getGenerators()).IsIdentity() {
		return fmt.Errorf("%w: batch of %d proofs does not verify", ErrInvalidProof, len(stmts))
	}
	return nil
}

// randomWeights returns k uniformly random scalars read from r.
func randomWeights(r io.Reader, k int) ([]edwards25519.Scalar, error) {
	if r == nil {
		r = rand.Reader
	}
	buf := make([]byte, 64*k)
	if _, err := io.ReadFull(r, buf); err != nil {
		return nil, fmt.Errorf("bulletproofs: reading batch weights: %w", err)
	}
	ws := make([]edwards25519.Scalar, k)
	for i := range ws {
		if _, err := ws[i].SetUniformBytes(buf[64*i : 64*(i+1)]); err != nil {
			panic("bulletproofs: SetUniformBytes rejected 64 bytes")
		}
	}
	return ws, nil
}
