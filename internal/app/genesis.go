package app

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"

	"github.com/gtank/ristretto255"
	"github.com/stegos-go/stegos/crypto/bulletproofs"
	"github.com/stegos-go/stegos/crypto/pedersen"
	"github.com/stegos-go/stegos/ledger"
)

// Genesis is the app_state of the CometBFT genesis file. Its outputs pass
// the checks a block's outputs pass: a confidential output carries a range
// proof, a stake output the staking rules.
type Genesis struct {
	// Outputs are hex canonical output encodings; an output's index is its
	// position in this list.
	Outputs []string `json:"outputs"`
	// RangeProofs holds, at the index of each confidential output, the hex
	// range proof of its commitment (ProveGenesisOutput); "" elsewhere.
	RangeProofs []string `json:"range_proofs"`
	// Supply is the total µSTG the outputs hold.
	Supply uint64 `json:"supply"`
	// Gamma is the hex scalar with Σ C(outputs) = Supply·H + Gamma·G: the
	// sum of the confidential outputs' blinding factors.
	Gamma string `json:"gamma"`

	outputs []ledger.Output
	proofs  []*bulletproofs.Proof
	gamma   [32]byte
}

// genesisRangeContext binds a genesis range proof to its output's index.
func genesisRangeContext(index uint32) []byte {
	return binary.BigEndian.AppendUint32([]byte("stegos/v1/genesis/range"), index)
}

// ProveGenesisOutput returns the hex range proof that the confidential
// genesis output at index commits to amount with blinding.
func ProveGenesisOutput(rnd io.Reader, index uint32, amount uint64, blinding *ristretto255.Scalar) (string, error) {
	p, _, err := bulletproofs.Prove(rnd, []uint64{amount}, []*ristretto255.Scalar{blinding}, genesisRangeContext(index))
	if err != nil {
		return "", fmt.Errorf("app: genesis output %d: range proof: %w", index, err)
	}
	return hex.EncodeToString(p.Bytes()), nil
}

// ParseGenesis decodes and checks the app_state's encoding (InitChain
// verifies its range proofs).
func ParseGenesis(b []byte) (*Genesis, error) {
	g := &Genesis{}
	if err := json.Unmarshal(b, g); err != nil {
		return nil, fmt.Errorf("app: genesis app_state: %w", err)
	}
	if len(g.RangeProofs) != len(g.Outputs) {
		return nil, fmt.Errorf("app: genesis has %d outputs and %d range proof slots; every output needs one (\"\" unless confidential)", len(g.Outputs), len(g.RangeProofs))
	}
	for i, s := range g.Outputs {
		raw, err := hex.DecodeString(s)
		if err != nil {
			return nil, fmt.Errorf("app: genesis output %d: %w", i, err)
		}
		o, err := ledger.DecodeOutput(raw)
		if err != nil {
			return nil, fmt.Errorf("app: genesis output %d: %w", i, err)
		}
		g.outputs = append(g.outputs, o)
		var proof *bulletproofs.Proof
		_, confidential := o.(*ledger.ConfidentialOutput)
		switch {
		case confidential && g.RangeProofs[i] == "":
			return nil, fmt.Errorf("app: genesis output %d is confidential and has no range proof", i)
		case !confidential && g.RangeProofs[i] != "":
			return nil, fmt.Errorf("app: genesis output %d is %s and has a range proof", i, o.Type())
		case confidential:
			raw, err := hex.DecodeString(g.RangeProofs[i])
			if err != nil {
				return nil, fmt.Errorf("app: genesis output %d: range proof: %w", i, err)
			}
			if proof, err = bulletproofs.Decode(raw); err != nil {
				return nil, fmt.Errorf("app: genesis output %d: range proof: %w", i, err)
			}
		}
		g.proofs = append(g.proofs, proof)
	}
	raw, err := hex.DecodeString(g.Gamma)
	if err != nil || len(raw) != 32 {
		return nil, fmt.Errorf("app: genesis gamma must be 32 hex bytes")
	}
	copy(g.gamma[:], raw)
	return g, nil
}

// VerifyRangeProofs verifies the confidential outputs' range proofs in one
// batch, and one by one to name the culprit if the batch fails.
func (g *Genesis) VerifyRangeProofs() error {
	var stmts []bulletproofs.Statement
	var at []int
	for i, o := range g.outputs {
		co, ok := o.(*ledger.ConfidentialOutput)
		if !ok {
			continue
		}
		c, err := pedersen.Decode(co.Commitment[:])
		if err != nil {
			return fmt.Errorf("app: genesis output %d: commitment: %w", i, err)
		}
		stmts = append(stmts, bulletproofs.Statement{Proof: g.proofs[i], Commitments: []*pedersen.Commitment{c}, Context: genesisRangeContext(uint32(i))})
		at = append(at, i)
	}
	if len(stmts) == 0 || bulletproofs.BatchVerify(rand.Reader, stmts) == nil {
		return nil
	}
	for k, st := range stmts {
		if err := st.Proof.Verify(st.Commitments, st.Context); err != nil {
			return fmt.Errorf("app: genesis output %d: %w", at[k], &ledger.Error{Kind: ledger.KindBadRangeProof, Err: err})
		}
	}
	return fmt.Errorf("app: genesis range proofs fail as a batch and pass one by one")
}
