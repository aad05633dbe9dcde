package ledger

import (
	"fmt"
	"math/bits"
	"slices"

	"github.com/gtank/ristretto255"
	"github.com/stegos-go/stegos/crypto/bulletproofs"
	"github.com/stegos-go/stegos/crypto/pedersen"
	"github.com/stegos-go/stegos/crypto/schnorr"
	"github.com/stegos-go/stegos/crypto/vrf"
	"github.com/stegos-go/stegos/params"
)

// Checked is a transaction that passed CheckStateless, with the values the
// stateful checks and batch verification need already decoded.
type Checked struct {
	Tx   *Tx
	ID   TxID
	Size int
	// OutputIDs are the ids of Tx.Outputs, in order.
	OutputIDs []OutputID
	// Commitments are the commitments of Tx.Outputs, in order.
	Commitments []*pedersen.Commitment
	// Range is the range-proof statement, nil when the transaction has no
	// confidential output. Verify it alone with VerifyRange or many at
	// once with bulletproofs.BatchVerify.
	Range *bulletproofs.Statement
	gamma *ristretto255.Scalar
}

// CheckStateless runs every check that needs no chain state except the
// range proof, which the caller verifies (alone with VerifyRange, or
// batched across a block). The encoding is what the node received, so the
// size and fee are judged on the real bytes.
//
// The rules run in this order, cheapest and most basic first, and the first
// that fails gives the error's Kind (docs/spec/ledger.md): encoding
// (KindOversize, KindMalformed), network (KindWrongNetwork), structure
// (KindMalformed: no inputs, no outputs, gamma not canonical, a range proof
// without confidential outputs), duplicate inputs (KindDuplicateInput), fee
// (KindFeeTooLow), each output's fields (KindBadOutput: for a stake
// output, both keys and at most one registration per transaction) and id
// (KindDuplicateOutput), the range proof's size and encoding
// (KindBadRangeProof), and last a registration's proofs (KindBadOutput).
func CheckStateless(p *params.Params, encoded []byte) (*Checked, error) {
	tx, err := DecodeTx(encoded)
	if err != nil {
		return nil, err
	}
	if tx.Network != uint8(p.Network) {
		return nil, newError(KindWrongNetwork, fmt.Sprintf("transaction is for network %d, this is %s", tx.Network, p.Network), nil)
	}
	if op := tx.Op; op != nil {
		switch op.Kind {
		case OpWithdraw:
			if op.Amount == 0 {
				return nil, newError(KindMalformed, "reward withdrawal of zero", nil)
			}
		case OpUnjail:
		default:
			return nil, newError(KindMalformed, fmt.Sprintf("unknown validator operation %s", op.Kind), nil)
		}
	} else if len(tx.Inputs) == 0 {
		// A validator operation is unique by its nonce; a plain
		// transaction by the outputs it spends.
		return nil, newError(KindMalformed, "no inputs", nil)
	}
	if len(tx.Outputs) == 0 {
		return nil, newError(KindMalformed, "no outputs", nil)
	}
	gamma, err := ristretto255.NewScalar().SetCanonicalBytes(tx.Gamma[:])
	if err != nil {
		return nil, newError(KindMalformed, "gamma is not a canonical scalar", err)
	}
	nConfidential := 0
	for _, o := range tx.Outputs {
		if o.Type() == TypeConfidential {
			nConfidential++
		}
	}
	if nConfidential == 0 && len(tx.RangeProof) != 0 {
		return nil, newError(KindMalformed, "range proof without confidential outputs", nil)
	}
	seen := make(map[OutputID]struct{}, len(tx.Inputs)+len(tx.Outputs))
	for i, in := range tx.Inputs {
		if _, dup := seen[in]; dup {
			return nil, newError(KindDuplicateInput, fmt.Sprintf("input %d (%s) is spent twice", i, in), nil)
		}
		seen[in] = struct{}{}
	}
	if min := p.MinFee(len(tx.Outputs), len(encoded)); tx.Fee < min {
		return nil, newError(KindFeeTooLow, fmt.Sprintf("fee %d µSTG, minimum %d µSTG for %d outputs and %d bytes", tx.Fee, min, len(tx.Outputs), len(encoded)), nil)
	}
	c := &Checked{
		Tx:          tx,
		ID:          taggedHash(tagTxID, encoded),
		Size:        len(encoded),
		OutputIDs:   make([]OutputID, 0, len(tx.Outputs)),
		Commitments: make([]*pedersen.Commitment, 0, len(tx.Outputs)),
		gamma:       gamma,
	}
	confidential := make([]*pedersen.Commitment, 0, nConfidential)
	reg := -1 // the output that registers a validator, if any
	var regVRFKey vrf.PublicKey
	for i, o := range tx.Outputs {
		_, cm, err := checkOutput(o, true)
		if err != nil {
			return nil, newError(KindBadOutput, fmt.Sprintf("output %d", i), err)
		}
		if so, ok := o.(*StakeOutput); ok {
			vrfKey, err := checkStakeKeys(so)
			if err != nil {
				return nil, newError(KindBadOutput, fmt.Sprintf("output %d", i), err)
			}
			if so.Registration != nil {
				if reg >= 0 {
					return nil, newError(KindBadOutput, fmt.Sprintf("outputs %d and %d", reg, i), ErrTwoRegistrations)
				}
				reg, regVRFKey = i, vrfKey
			}
		}
		id := ID(o)
		if _, dup := seen[id]; dup {
			if slices.Contains(tx.Inputs, id) {
				return nil, newError(KindDuplicateOutput, fmt.Sprintf("output %d (%s) is also spent by this transaction", i, id), nil)
			}
			return nil, newError(KindDuplicateOutput, fmt.Sprintf("output %d (%s) appears twice", i, id), nil)
		}
		seen[id] = struct{}{}
		c.OutputIDs = append(c.OutputIDs, id)
		c.Commitments = append(c.Commitments, cm)
		if o.Type() == TypeConfidential {
			confidential = append(confidential, cm)
		}
	}
	if nConfidential > 0 {
		if want := bulletproofs.ProofSize(nConfidential); len(tx.RangeProof) != want {
			return nil, newError(KindBadRangeProof, fmt.Sprintf("proof of %d bytes, %d confidential outputs need %d", len(tx.RangeProof), nConfidential, want), nil)
		}
		proof, err := bulletproofs.Decode(tx.RangeProof)
		if err != nil {
			return nil, newError(KindBadRangeProof, "decoding", err)
		}
		c.Range = &bulletproofs.Statement{Proof: proof, Commitments: confidential}
	}
	// Last, as the dearest check of this stage: a registration's proofs.
	if reg >= 0 {
		if err := verifyRegistration(p.ChainID, tx.Outputs[reg].(*StakeOutput), regVRFKey); err != nil {
			return nil, newError(KindBadOutput, fmt.Sprintf("output %d registers validator %x", reg, tx.Outputs[reg].(*StakeOutput).Validator[:8]), err)
		}
	}
	return c, nil
}

// VerifyRange verifies the transaction's range proof on its own.
func (c *Checked) VerifyRange() error {
	if c.Range == nil {
		return nil
	}
	if err := c.Range.Proof.Verify(c.Range.Commitments, c.Range.Context); err != nil {
		return newError(KindBadRangeProof, "", err)
	}
	return nil
}

// checkOutput checks o's fields and returns its one-time key and
// commitment. A transaction's new outputs must carry their payload
// (withPayload); the outputs it spends are cores read from the state.
func checkOutput(o Output, withPayload bool) (*schnorr.PublicKey, *pedersen.Commitment, error) {
	r := o.Owner()
	key, err := schnorr.DecodePublicKey(r.OneTimeKey[:])
	if err != nil {
		return nil, nil, fmt.Errorf("one-time key: %w", err)
	}
	if _, err := schnorr.DecodePublicKey(r.TxKey[:]); err != nil {
		return nil, nil, fmt.Errorf("transaction key: %w", err)
	}
	var cm *pedersen.Commitment
	switch o := o.(type) {
	case *ConfidentialOutput:
		if withPayload && (o.Payload == nil || *o.Payload == [PayloadSize]byte{}) {
			// Only a core read back from state lacks it; a transaction
			// always carries the payload the output id commits to. A core
			// encodes with an all-zero payload, which no sealing yields
			// but with probability 2^-4096, so that is refused too: a
			// core put in a transaction would otherwise change its id.
			return nil, nil, ErrNoPayload
		}
		if cm, err = pedersen.Decode(o.Commitment[:]); err != nil {
			return nil, nil, err
		}
	case *PublicOutput:
		if o.Amount == 0 {
			return nil, nil, fmt.Errorf("public output with zero amount")
		}
		cm = publicCommitment(o.Amount)
	case *StakeOutput:
		if o.Amount == 0 {
			return nil, nil, fmt.Errorf("stake output with zero amount")
		}
		cm = publicCommitment(o.Amount)
	default:
		return nil, nil, fmt.Errorf("unknown output type %s", o.Type())
	}
	return key, cm, nil
}

// publicCommitment returns amount·H, the commitment of a visible amount
// (blinding zero): pedersen.Commit(amount, 0), computed in variable time.
func publicCommitment(amount uint64) *pedersen.Commitment {
	return pedersen.FromElement(timesH(amount))
}

// valueGenerator is H, the value generator of commitments.
var valueGenerator = pedersen.H()

// timesH returns v·H by double-and-add over the bits of v, in time that
// depends on v. Only for public values (fees, visible amounts): a fee of a
// few thousand µSTG costs a few µs, against ~45 µs for the constant-time
// ScalarMult.
func timesH(v uint64) *ristretto255.Element {
	acc := ristretto255.NewIdentityElement()
	for i := bits.Len64(v) - 1; i >= 0; i-- {
		acc.Add(acc, acc)
		if v>>uint(i)&1 == 1 {
			acc.Add(acc, valueGenerator)
		}
	}
	return acc
}

// Commitment returns the commitment of an output already checked by
// CheckStateless (or read back from the UTXO set, which holds only checked
// outputs).
//
// It does not re-check the keys: the state calls it for every output it adds
// or spends, and those were checked on the way in.
func Commitment(o Output) (*pedersen.Commitment, error) {
	switch o := o.(type) {
	case *ConfidentialOutput:
		return pedersen.Decode(o.Commitment[:])
	case *PublicOutput:
		return publicCommitment(o.Amount), nil
	case *StakeOutput:
		return publicCommitment(o.Amount), nil
	case nil:
		return nil, fmt.Errorf("nil output")
	}
	return nil, fmt.Errorf("unknown output type %s", o.Type())
}

// CheckInputs checks what needs the spent outputs: the balance equation and
// the signature. inputs are the outputs c.Tx.Inputs refer to, in order; an
// output whose id is not the input's (a caller that resolved the wrong
// output) is KindUnknownInput, like a count that does not match. owner is
// the owner key of the validator record c.Tx.Op names (nil without Op);
// the caller checks the operation against the record.
func (c *Checked) CheckInputs(chainID string, inputs []Output, owner *[32]byte) error {
	tx := c.Tx
	if (tx.Op != nil) != (owner != nil) {
		return newError(KindValidatorOp, "the validator operation's owner key is not resolved", nil)
	}
	if len(inputs) != len(tx.Inputs) {
		return newError(KindUnknownInput, fmt.Sprintf("%d inputs resolved, transaction has %d", len(inputs), len(tx.Inputs)), nil)
	}
	inCommit := make([]*pedersen.Commitment, len(inputs))
	keys := make([]*schnorr.PublicKey, len(inputs))
	for i, in := range inputs {
		if in == nil {
			return newError(KindUnknownInput, fmt.Sprintf("input %d (%s) is not resolved", i, tx.Inputs[i]), nil)
		}
		if id := ID(in); id != tx.Inputs[i] {
			return newError(KindUnknownInput, fmt.Sprintf("input %d resolved to output %s, transaction spends %s", i, id, tx.Inputs[i]), nil)
		}
		k, cm, err := checkOutput(in, false)
		if err != nil {
			return newError(KindUnknownInput, fmt.Sprintf("input %d is not a valid output", i), err)
		}
		keys[i], inCommit[i] = k, cm
	}
	if owner != nil {
		k, err := schnorr.DecodePublicKey(owner[:])
		if err != nil {
			return newError(KindValidatorOp, "the validator's owner key is not a valid key", err)
		}
		keys = append(keys, k)
	}
	// Σ C_in + claim·H − Σ C_out must equal fee·H + gamma·G.
	diff := pedersen.Sub(pedersen.Sum(inCommit), pedersen.Sum(c.Commitments)).Element()
	if tx.Op != nil {
		diff.Add(diff, timesH(tx.Op.Amount))
	}
	want := ristretto255.NewIdentityElement().ScalarBaseMult(c.gamma)
	want.Add(want, timesH(tx.Fee))
	if diff.Equal(want) != 1 {
		return newError(KindImbalance, "inputs do not equal outputs plus fee", nil)
	}
	agg, err := schnorr.AggregateKey(keys)
	if err != nil {
		return newError(KindBadSignature, "aggregating input keys", err)
	}
	sig, err := schnorr.DecodeSignature(tx.Signature[:])
	if err != nil {
		return newError(KindBadSignature, "decoding", err)
	}
	msg := tx.SigHash(chainID)
	if err := schnorr.Verify(agg, msg[:], sig); err != nil {
		return newError(KindBadSignature, "", err)
	}
	return nil
}
