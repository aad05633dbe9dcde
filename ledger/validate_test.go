package ledger_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/gtank/ristretto255"
	"github.com/stegos-go/stegos/crypto/bulletproofs"
	"github.com/stegos-go/stegos/crypto/pedersen"
	"github.com/stegos-go/stegos/crypto/schnorr"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/params"
	"github.com/stegos-go/stegos/txbuilder"
)

// Stages of validation, in the order a node runs them.
const (
	stageStateless = "CheckStateless"
	stageRange     = "VerifyRange"
	stageInputs    = "CheckInputs"
)

// validateStages is validate that also says which stage failed.
func validateStages(p *params.Params, enc []byte, chainID string, inputs []ledger.Output) (string, error) {
	c, err := ledger.CheckStateless(p, enc)
	if err != nil {
		return stageStateless, err
	}
	if err := c.VerifyRange(); err != nil {
		return stageRange, err
	}
	if err := c.CheckInputs(chainID, inputs, nil); err != nil {
		return stageInputs, err
	}
	return "", nil
}

func TestValidTransactionsPass(t *testing.T) {
	t.Parallel()
	f := getFixture(t)
	tests := []struct {
		name   string
		tx     *ledger.Tx
		inputs []txbuilder.Input
	}{
		{"2-in/2-out confidential", f.conf, f.confIn},
		{"1-in/2-out confidential", f.other, f.otherIn},
		{"public only, no range proof", f.pub, f.pubIn},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			enc := tt.tx.Encode()
			if err := validate(f.p, enc, f.p.ChainID, outputsOf(tt.inputs)); err != nil {
				t.Fatal(err)
			}
			c, err := ledger.CheckStateless(f.p, enc)
			if err != nil {
				t.Fatal(err)
			}
			if c.ID != tt.tx.ID() || c.Size != len(enc) || c.Tx.Fee != tt.tx.Fee {
				t.Errorf("Checked: id %s size %d fee %d, want %s %d %d", c.ID, c.Size, c.Tx.Fee, tt.tx.ID(), len(enc), tt.tx.Fee)
			}
			if len(c.OutputIDs) != len(tt.tx.Outputs) || len(c.Commitments) != len(tt.tx.Outputs) {
				t.Fatalf("%d output ids and %d commitments for %d outputs", len(c.OutputIDs), len(c.Commitments), len(tt.tx.Outputs))
			}
			for i, o := range tt.tx.Outputs {
				if c.OutputIDs[i] != ledger.ID(o) {
					t.Errorf("OutputIDs[%d] = %s, want %s", i, c.OutputIDs[i], ledger.ID(o))
				}
				cm, err := ledger.Commitment(o)
				if err != nil || !cm.Equal(c.Commitments[i]) {
					t.Errorf("Commitments[%d] differs from Commitment(output): %v", i, err)
				}
			}
			if want := slices.ContainsFunc(tt.tx.Outputs, func(o ledger.Output) bool { return o.Type() == ledger.TypeConfidential }); (c.Range != nil) != want {
				t.Errorf("Range set = %v, want %v", c.Range != nil, want)
			}
		})
	}
}

// TestMinimumFeeIsExact checks that the builder pays exactly the minimum fee
// of its shape, and that the minimum is what CheckStateless demands.
func TestMinimumFeeIsExact(t *testing.T) {
	t.Parallel()
	f := getFixture(t)
	if want := txbuilder.MinFee(f.p, 2, 2); f.conf.Fee != want {
		t.Errorf("2-in/2-out fee %d, MinFee %d", f.conf.Fee, want)
	}
	if want := f.p.MinFee(len(f.conf.Outputs), len(f.confEnc)); f.conf.Fee != want {
		t.Errorf("2-in/2-out fee %d, params minimum %d", f.conf.Fee, want)
	}
	if want := f.p.MinFee(len(f.pub.Outputs), len(f.pubEnc)); f.pub.Fee != want {
		t.Errorf("public fee %d, params minimum %d", f.pub.Fee, want)
	}
}

// BatchVerify over Checked.Range is how a node verifies a block's proofs.
func TestBatchVerifyRanges(t *testing.T) {
	t.Parallel()
	f := getFixture(t)
	var stmts []bulletproofs.Statement
	for _, tx := range []*ledger.Tx{f.conf, f.other} {
		c, err := ledger.CheckStateless(f.p, tx.Encode())
		if err != nil {
			t.Fatal(err)
		}
		stmts = append(stmts, *c.Range)
	}
	if err := bulletproofs.BatchVerify(seeded(5), stmts); err != nil {
		t.Fatalf("batch of good proofs: %v", err)
	}
	stmts[0].Proof, stmts[1].Proof = stmts[1].Proof, stmts[0].Proof
	if err := bulletproofs.BatchVerify(seeded(5), stmts); !errors.Is(err, bulletproofs.ErrInvalidProof) {
		t.Fatalf("batch with swapped proofs: %v, want ErrInvalidProof", err)
	}
}

// rejectCase is one way to break a valid transaction.
type rejectCase struct {
	name string
	// base picks the valid transaction to start from (default f.conf) and
	// the inputs that sign it.
	base func(f *fixture) (*ledger.Tx, []txbuilder.Input)
	// mutate changes a deep copy of the base.
	mutate func(t *testing.T, f *fixture, tx *ledger.Tx)
	// resign signs the mutated copy again with the base's keys, so the
	// signature cannot be what rejects it.
	resign bool
	// sign, if set, replaces the signature after mutate (and resign).
	sign func(t *testing.T, f *fixture, tx *ledger.Tx)
	// raw changes the encoding.
	raw func(f *fixture, enc []byte) []byte
	// network, if set, is the network checked against (default dev).
	network params.Network
	// chainID, if set, is the chain id CheckInputs is given.
	chainID string
	// inputs changes the resolved inputs given to CheckInputs.
	inputs func(f *fixture, in []ledger.Output) []ledger.Output
	want   ledger.Kind
	stage  string
}

func confBase(f *fixture) (*ledger.Tx, []txbuilder.Input) { return f.conf, f.confIn }
func pubBase(f *fixture) (*ledger.Tx, []txbuilder.Input)  { return f.pub, f.pubIn }

// outputsOffset is where the output count of tx's encoding starts.
func outputsOffset(tx *ledger.Tx) int { return 1 + 1 + 2 + 32*len(tx.Inputs) }

// proofOffset is where the range proof's length prefix starts.
func proofOffset(tx *ledger.Tx) int {
	n := outputsOffset(tx) + 2
	for _, o := range tx.Outputs {
		n += len(ledger.EncodeOutput(o))
	}
	return n + 8 + 32
}

// setAt returns a copy of enc with b written at off.
func setAt(enc []byte, off int, b ...byte) []byte {
	c := bytes.Clone(enc)
	copy(c[off:], b)
	return c
}

func u16(v uint16) []byte { return binary.BigEndian.AppendUint16(nil, v) }
func u32(v uint32) []byte { return binary.BigEndian.AppendUint32(nil, v) }

// ell is the group order ℓ, little endian: the smallest non-canonical scalar.
var ell = [32]byte{0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14, 31: 0x10}

func ones32() [32]byte { return [32]byte(bytes.Repeat([]byte{0xff}, 32)) }

// tamperProof returns a case that replaces the range proof.
func tamperProof(name string, stage string, fn func(f *fixture, proof []byte) []byte) rejectCase {
	return rejectCase{
		name:   name,
		mutate: func(t *testing.T, f *fixture, tx *ledger.Tx) { tx.RangeProof = fn(f, tx.RangeProof) },
		resign: true, want: ledger.KindBadRangeProof, stage: stage,
	}
}

// signWith returns a sign function that signs tx's SigHash for chainID with priv.
func signWith(chainID string, priv func(t *testing.T, f *fixture) *schnorr.PrivateKey) func(t *testing.T, f *fixture, tx *ledger.Tx) {
	return func(t *testing.T, f *fixture, tx *ledger.Tx) {
		if chainID == "" {
			chainID = f.p.ChainID
		}
		msg := tx.SigHash(chainID)
		sig, err := schnorr.Sign(seeded(7), priv(t, f), msg[:])
		if err != nil {
			t.Fatal(err)
		}
		copy(tx.Signature[:], sig.Bytes())
	}
}

// sumKey returns the private key Σ x_i of inputs: what a plain-sum
// (Stegos-style) aggregate would sign with.
func sumKey(t *testing.T, inputs []txbuilder.Input) *schnorr.PrivateKey {
	x := ristretto255.NewScalar()
	for _, in := range inputs {
		x.Add(x, in.Key.Scalar())
	}
	k, err := schnorr.NewPrivateKey(x)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func rejectCases() []rejectCase {
	return []rejectCase{
		// KindMalformed: not a canonical encoding, or structurally invalid.
		{name: "empty", raw: func(_ *fixture, _ []byte) []byte { return nil }, want: ledger.KindMalformed},
		{name: "version byte only", raw: func(_ *fixture, e []byte) []byte { return e[:1] }, want: ledger.KindMalformed},
		{name: "truncated inside the inputs", raw: func(_ *fixture, e []byte) []byte { return e[:40] }, want: ledger.KindMalformed},
		{name: "truncated inside the outputs", raw: func(_ *fixture, e []byte) []byte { return e[:700] }, want: ledger.KindMalformed},
		{name: "truncated by one byte", raw: func(_ *fixture, e []byte) []byte { return e[:len(e)-1] }, want: ledger.KindMalformed},
		{name: "one trailing byte", raw: func(_ *fixture, e []byte) []byte { return append(bytes.Clone(e), 0) }, want: ledger.KindMalformed},
		{name: "version 0", raw: func(_ *fixture, e []byte) []byte { return setAt(e, 0, 0) }, want: ledger.KindMalformed},
		{name: "version 2", raw: func(_ *fixture, e []byte) []byte { return setAt(e, 0, 2) }, want: ledger.KindMalformed},
		{name: "output type 0x00", raw: func(f *fixture, e []byte) []byte { return setAt(e, outputsOffset(f.conf)+2, 0x00) }, want: ledger.KindMalformed},
		{name: "output type 0x04 (reserved: HTLC)", raw: func(f *fixture, e []byte) []byte { return setAt(e, outputsOffset(f.conf)+2, 0x04) }, want: ledger.KindMalformed},
		{name: "output type 0x05 (reserved: red packet)", raw: func(f *fixture, e []byte) []byte { return setAt(e, outputsOffset(f.conf)+2, 0x05) }, want: ledger.KindMalformed},
		{name: "output type 0xff", raw: func(f *fixture, e []byte) []byte { return setAt(e, outputsOffset(f.conf)+2, 0xff) }, want: ledger.KindMalformed},
		{name: "output tag 0x01 (the retired confidential layout)", raw: func(f *fixture, e []byte) []byte { return setAt(e, outputsOffset(f.conf)+2, 0x01) }, want: ledger.KindMalformed},
		{name: "second output's tag 0x01", raw: func(f *fixture, e []byte) []byte {
			return setAt(e, outputsOffset(f.conf)+2+len(ledger.EncodeOutput(f.conf.Outputs[0])), 0x01)
		}, want: ledger.KindMalformed},
		{name: "input count 33 (over MaxInputs)", raw: func(_ *fixture, e []byte) []byte { return setAt(e, 2, u16(ledger.MaxInputs+1)...) }, want: ledger.KindMalformed},
		{name: "input count 0xffff", raw: func(_ *fixture, e []byte) []byte { return setAt(e, 2, 0xff, 0xff) }, want: ledger.KindMalformed},
		{name: "output count 17 (over MaxOutputs)", raw: func(f *fixture, e []byte) []byte { return setAt(e, outputsOffset(f.conf), u16(ledger.MaxOutputs+1)...) }, want: ledger.KindMalformed},
		{name: "output count 16, bytes for 2", raw: func(f *fixture, e []byte) []byte { return setAt(e, outputsOffset(f.conf), u16(ledger.MaxOutputs)...) }, want: ledger.KindMalformed},
		{name: "33 inputs", mutate: func(_ *testing.T, _ *fixture, tx *ledger.Tx) {
			tx.Inputs = make([]ledger.OutputID, ledger.MaxInputs+1)
			for i := range tx.Inputs {
				tx.Inputs[i][0] = byte(i)
			}
		}, want: ledger.KindMalformed},
		{name: "17 outputs", base: pubBase, mutate: func(_ *testing.T, _ *fixture, tx *ledger.Tx) {
			for i := 0; len(tx.Outputs) <= ledger.MaxOutputs; i++ {
				o := *tx.Outputs[0].(*ledger.PublicOutput)
				o.Amount = uint64(i + 1)
				tx.Outputs = append(tx.Outputs, &o)
			}
		}, want: ledger.KindMalformed},
		{name: "range proof length over the largest proof", raw: func(f *fixture, e []byte) []byte {
			return setAt(e, proofOffset(f.conf), u32(uint32(bulletproofs.ProofSize(ledger.MaxOutputs)+1))...)
		}, want: ledger.KindMalformed},
		{name: "range proof length 2^32-1", raw: func(f *fixture, e []byte) []byte { return setAt(e, proofOffset(f.conf), 0xff, 0xff, 0xff, 0xff) }, want: ledger.KindMalformed},
		{name: "range proof length past the end", raw: func(f *fixture, e []byte) []byte {
			return setAt(e, proofOffset(f.conf), u32(uint32(bulletproofs.ProofSize(ledger.MaxOutputs)))...)
		}, want: ledger.KindMalformed},
		{name: "no inputs", mutate: func(_ *testing.T, _ *fixture, tx *ledger.Tx) { tx.Inputs = nil }, want: ledger.KindMalformed},
		{name: "no outputs", mutate: func(_ *testing.T, _ *fixture, tx *ledger.Tx) { tx.Outputs, tx.RangeProof = nil, nil }, resign: true, want: ledger.KindMalformed},
		{name: "range proof without confidential outputs", base: pubBase, mutate: func(_ *testing.T, f *fixture, tx *ledger.Tx) {
			tx.RangeProof = bytes.Clone(f.conf.RangeProof)
		}, resign: true, want: ledger.KindMalformed},
		{name: "gamma all ones (not canonical)", mutate: func(_ *testing.T, _ *fixture, tx *ledger.Tx) { tx.Gamma = ones32() }, resign: true, want: ledger.KindMalformed},
		{name: "gamma = ℓ (not canonical)", mutate: func(_ *testing.T, _ *fixture, tx *ledger.Tx) { tx.Gamma = ell }, resign: true, want: ledger.KindMalformed},

		// KindWrongNetwork.
		{name: "testnet transaction on dev", base: pubBase, mutate: func(_ *testing.T, _ *fixture, tx *ledger.Tx) {
			tx.Network = uint8(params.Testnet)
		}, sign: func(t *testing.T, f *fixture, tx *ledger.Tx) {
			if err := txbuilder.Sign(seeded(8), mustParams(t, params.Testnet).ChainID, tx, f.pubIn); err != nil {
				t.Fatal(err)
			}
		}, want: ledger.KindWrongNetwork},
		{name: "dev transaction on mainnet", base: pubBase, network: params.Mainnet, want: ledger.KindWrongNetwork},
		{name: "network 0", base: pubBase, mutate: func(_ *testing.T, _ *fixture, tx *ledger.Tx) { tx.Network = 0 }, want: ledger.KindWrongNetwork},
		{name: "network 200", base: pubBase, mutate: func(_ *testing.T, _ *fixture, tx *ledger.Tx) { tx.Network = 200 }, want: ledger.KindWrongNetwork},

		// KindOversize.
		{name: "one byte over MaxTxSize", raw: func(_ *fixture, e []byte) []byte {
			return append(bytes.Clone(e), make([]byte, ledger.MaxTxSize+1-len(e))...)
		}, want: ledger.KindOversize},
		{name: "1 MiB", raw: func(_ *fixture, e []byte) []byte { return append(bytes.Clone(e), make([]byte, 1<<20)...) }, want: ledger.KindOversize},

		// KindFeeTooLow. (Exactly the minimum passes: TestValidTransactionsPass
		// and TestMinimumFeeIsExact.)
		{name: "one µSTG under the minimum", base: pubBase, mutate: func(_ *testing.T, _ *fixture, tx *ledger.Tx) {
			tx.Fee--
			tx.Outputs[1].(*ledger.PublicOutput).Amount++ // still balanced
		}, resign: true, want: ledger.KindFeeTooLow},
		{name: "zero fee", base: pubBase, mutate: func(_ *testing.T, _ *fixture, tx *ledger.Tx) {
			tx.Outputs[1].(*ledger.PublicOutput).Amount += tx.Fee
			tx.Fee = 0
		}, resign: true, want: ledger.KindFeeTooLow},
		{name: "confidential, one µSTG under the minimum", mutate: func(_ *testing.T, _ *fixture, tx *ledger.Tx) { tx.Fee-- }, resign: true, want: ledger.KindFeeTooLow},

		// KindDuplicateInput.
		{name: "same input twice", mutate: func(_ *testing.T, _ *fixture, tx *ledger.Tx) {
			tx.Inputs = []ledger.OutputID{tx.Inputs[0], tx.Inputs[0]}
		}, want: ledger.KindDuplicateInput},
		{name: "first input again third", mutate: func(_ *testing.T, _ *fixture, tx *ledger.Tx) {
			tx.Inputs = append(tx.Inputs, tx.Inputs[0])
		}, want: ledger.KindDuplicateInput},

		// KindDuplicateOutput (within the transaction; an output already in
		// the UTXO set is the state machine's check).
		{name: "output repeated", mutate: func(_ *testing.T, _ *fixture, tx *ledger.Tx) { tx.Outputs[1] = tx.Outputs[0] }, resign: true, want: ledger.KindDuplicateOutput},
		{name: "output equal to an input", base: pubBase, mutate: func(_ *testing.T, f *fixture, tx *ledger.Tx) {
			tx.Outputs[0] = f.pubIn[0].Output
		}, resign: true, want: ledger.KindDuplicateOutput},

		// KindBadOutput.
		{name: "one-time key is the identity", mutate: func(_ *testing.T, _ *fixture, tx *ledger.Tx) {
			tx.Outputs[0].Owner().OneTimeKey = [32]byte{}
		}, resign: true, want: ledger.KindBadOutput},
		{name: "one-time key not canonical", mutate: func(_ *testing.T, _ *fixture, tx *ledger.Tx) {
			tx.Outputs[1].Owner().OneTimeKey = ones32()
		}, resign: true, want: ledger.KindBadOutput},
		{name: "tx key is the identity", mutate: func(_ *testing.T, _ *fixture, tx *ledger.Tx) {
			tx.Outputs[0].Owner().TxKey = [32]byte{}
		}, resign: true, want: ledger.KindBadOutput},
		{name: "tx key not canonical", base: pubBase, mutate: func(_ *testing.T, _ *fixture, tx *ledger.Tx) {
			tx.Outputs[0].Owner().TxKey = ones32()
		}, resign: true, want: ledger.KindBadOutput},
		{name: "commitment not canonical", mutate: func(_ *testing.T, _ *fixture, tx *ledger.Tx) {
			tx.Outputs[0].(*ledger.ConfidentialOutput).Commitment = ones32()
		}, resign: true, want: ledger.KindBadOutput},
		{name: "commitment a negative field element", mutate: func(_ *testing.T, _ *fixture, tx *ledger.Tx) {
			tx.Outputs[1].(*ledger.ConfidentialOutput).Commitment = [32]byte{1}
		}, resign: true, want: ledger.KindBadOutput},
		{name: "public output of zero", base: pubBase, mutate: func(_ *testing.T, _ *fixture, tx *ledger.Tx) {
			tx.Outputs[1].(*ledger.PublicOutput).Amount = 0
		}, resign: true, want: ledger.KindBadOutput},
		{name: "stake output of zero", base: pubBase, mutate: func(_ *testing.T, f *fixture, tx *ledger.Tx) {
			s := *f.stakeExample
			s.Amount = 0
			tx.Outputs[1] = &s
			tx.Fee += 100 // the stake output is 64 bytes longer
			tx.Outputs[0].(*ledger.PublicOutput).Amount -= 100
		}, resign: true, want: ledger.KindBadOutput},

		// KindBadRangeProof.
		tamperProof("no range proof", stageStateless, func(_ *fixture, _ []byte) []byte { return nil }),
		tamperProof("one-value proof size for two outputs", stageStateless, func(_ *fixture, p []byte) []byte { return p[:bulletproofs.ProofSize(1)] }),
		tamperProof("length of no proof", stageStateless, func(_ *fixture, p []byte) []byte { return p[:700] }),
		tamperProof("tau_x not canonical", stageStateless, func(_ *fixture, p []byte) []byte { return setAt(p, 4*32, bytes.Repeat([]byte{0xff}, 32)...) }),
		tamperProof("A not a point", stageStateless, func(_ *fixture, p []byte) []byte { return setAt(p, 0, bytes.Repeat([]byte{0xff}, 32)...) }),
		tamperProof("t_hat tampered", stageRange, func(_ *fixture, p []byte) []byte { return flip(p, 6*32, 0) }),
		tamperProof("last scalar tampered", stageRange, func(_ *fixture, p []byte) []byte { return flip(p, len(p)-32, 0) }),
		tamperProof("proof for other commitments", stageRange, func(f *fixture, _ []byte) []byte { return bytes.Clone(f.other.RangeProof) }),

		// KindImbalance.
		{name: "gamma tampered", mutate: func(t *testing.T, _ *fixture, tx *ledger.Tx) {
			g := newScalar(t, tx.Gamma[:])
			g.Add(g, pedersen.ScalarFromUint64(1))
			copy(tx.Gamma[:], g.Bytes())
		}, resign: true, want: ledger.KindImbalance},
		{name: "fee one µSTG higher", mutate: func(_ *testing.T, _ *fixture, tx *ledger.Tx) { tx.Fee++ }, resign: true, want: ledger.KindImbalance},
		{name: "public outputs one µSTG more than inputs", base: pubBase, mutate: func(_ *testing.T, _ *fixture, tx *ledger.Tx) {
			tx.Outputs[1].(*ledger.PublicOutput).Amount++
		}, resign: true, want: ledger.KindImbalance},
		{name: "gamma tampered, signature not renewed", mutate: func(t *testing.T, _ *fixture, tx *ledger.Tx) {
			g := newScalar(t, tx.Gamma[:])
			g.Subtract(g, pedersen.ScalarFromUint64(1))
			copy(tx.Gamma[:], g.Bytes())
		}, want: ledger.KindImbalance},

		// KindBadSignature.
		{name: "signed by another key", base: pubBase, sign: signWith("", func(t *testing.T, _ *fixture) *schnorr.PrivateKey {
			k, err := schnorr.GenerateKey(seeded(9))
			if err != nil {
				t.Fatal(err)
			}
			return k
		}), want: ledger.KindBadSignature},
		{name: "signed for another chain id", base: pubBase, sign: func(t *testing.T, f *fixture, tx *ledger.Tx) {
			if err := txbuilder.Sign(seeded(10), "stegos-testnet-1", tx, f.pubIn); err != nil {
				t.Fatal(err)
			}
		}, want: ledger.KindBadSignature},
		{name: "checked under another chain id", chainID: "stegos-mainnet-1", want: ledger.KindBadSignature},
		{name: "s tampered", raw: func(_ *fixture, e []byte) []byte { return flip(e, len(e)-32, 0) }, want: ledger.KindBadSignature},
		{name: "R tampered", raw: func(_ *fixture, e []byte) []byte { return flip(e, len(e)-64, 3) }, want: ledger.KindBadSignature},
		{name: "s not canonical", raw: func(_ *fixture, e []byte) []byte { return setAt(e, len(e)-32, ell[:]...) }, want: ledger.KindBadSignature},
		{name: "zero signature", mutate: func(_ *testing.T, _ *fixture, tx *ledger.Tx) { tx.Signature = [64]byte{} }, want: ledger.KindBadSignature},
		{name: "signed by the first input's key only", sign: signWith("", func(_ *testing.T, f *fixture) *schnorr.PrivateKey { return f.confIn[0].Key }), want: ledger.KindBadSignature},
		{name: "signed with the plain sum of the input keys", sign: signWith("", func(t *testing.T, f *fixture) *schnorr.PrivateKey { return sumKey(t, f.confIn) }), want: ledger.KindBadSignature},
		{name: "signed with the keys aggregated in another order", sign: func(t *testing.T, f *fixture, tx *ledger.Tx) {
			if err := txbuilder.Sign(seeded(11), f.p.ChainID, tx, []txbuilder.Input{f.confIn[1], f.confIn[0]}); err != nil {
				t.Fatal(err)
			}
		}, want: ledger.KindBadSignature},
		{name: "signature of another transaction", sign: func(_ *testing.T, f *fixture, tx *ledger.Tx) { tx.Signature = f.other.Signature }, want: ledger.KindBadSignature},

		// KindUnknownInput: CheckInputs given outputs that are not the inputs.
		{name: "one input not resolved", inputs: func(_ *fixture, in []ledger.Output) []ledger.Output { return in[:1] }, want: ledger.KindUnknownInput},
		{name: "no input resolved", inputs: func(_ *fixture, _ []ledger.Output) []ledger.Output { return nil }, want: ledger.KindUnknownInput},
		{name: "one output too many", inputs: func(f *fixture, in []ledger.Output) []ledger.Output {
			return append(slices.Clone(in), f.publicCoin.Output)
		}, want: ledger.KindUnknownInput},
		{name: "nil output", inputs: func(_ *fixture, in []ledger.Output) []ledger.Output { return []ledger.Output{in[0], nil} }, want: ledger.KindUnknownInput},
		{name: "resolved to another output", inputs: func(f *fixture, in []ledger.Output) []ledger.Output {
			return []ledger.Output{in[0], f.publicCoin.Output}
		}, want: ledger.KindUnknownInput},
		{name: "resolved in another order", inputs: func(_ *fixture, in []ledger.Output) []ledger.Output { return []ledger.Output{in[1], in[0]} }, want: ledger.KindUnknownInput},
	}
}

// TestRejections breaks valid transactions in every way the ledger knows
// and checks each is rejected for that reason (its Kind), at the stage that
// owns the rule.
func TestRejections(t *testing.T) {
	t.Parallel()
	f := getFixture(t)
	seen := map[ledger.Kind]int{}
	for _, tc := range rejectCases() {
		seen[tc.want]++
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			base, keys := confBase(f)
			if tc.base != nil {
				base, keys = tc.base(f)
			}
			tx := clone(t, base)
			if tc.mutate != nil {
				tc.mutate(t, f, tx)
			}
			if tc.resign {
				if err := txbuilder.Sign(seeded(12), f.p.ChainID, tx, keys); err != nil {
					t.Fatal(err)
				}
			}
			if tc.sign != nil {
				tc.sign(t, f, tx)
			}
			enc := tx.Encode()
			if tc.raw != nil {
				enc = tc.raw(f, enc)
			}
			p := f.p
			if tc.network != 0 {
				p = mustParams(t, tc.network)
			}
			chainID := p.ChainID
			if tc.chainID != "" {
				chainID = tc.chainID
			}
			inputs := outputsOf(keys)
			if tc.inputs != nil {
				inputs = tc.inputs(f, inputs)
			}
			stage, err := validateStages(p, enc, chainID, inputs)
			if err == nil {
				t.Fatalf("accepted, want %s", tc.want)
			}
			if got := ledger.KindOf(err); got != tc.want {
				t.Fatalf("kind %s (%d), want %s (%d): %v", got, got, tc.want, tc.want, err)
			}
			if !errors.Is(err, ledger.ErrKind(tc.want)) {
				t.Errorf("errors.Is(err, ErrKind(%s)) = false", tc.want)
			}
			if want := stageFor(tc); stage != want {
				t.Errorf("rejected by %s, want %s: %v", stage, want, err)
			}
			if !strings.HasPrefix(err.Error(), "ledger: "+tc.want.String()) {
				t.Errorf("message %q does not start with the kind", err)
			}
		})
	}
	for _, k := range []ledger.Kind{ledger.KindMalformed, ledger.KindWrongNetwork, ledger.KindOversize, ledger.KindFeeTooLow,
		ledger.KindDuplicateInput, ledger.KindDuplicateOutput, ledger.KindBadRangeProof, ledger.KindUnknownInput,
		ledger.KindImbalance, ledger.KindBadSignature, ledger.KindBadOutput} {
		if seen[k] == 0 {
			t.Errorf("no case for %s", k)
		}
	}
}

// stageFor returns the stage that must reject tc: the stateless rules in
// CheckStateless, the proof in VerifyRange (unless it does not even decode),
// balance, signature and input resolution in CheckInputs.
func stageFor(tc rejectCase) string {
	if tc.stage != "" {
		return tc.stage
	}
	switch tc.want {
	case ledger.KindImbalance, ledger.KindBadSignature, ledger.KindUnknownInput:
		return stageInputs
	}
	return stageStateless
}

// TestRogueKey shows why the input keys are aggregated with MuSig
// coefficients: with Stegos's plain sum, anyone could spend a victim's output
// by creating an output with one-time key Q − P_victim and signing with q.
func TestRogueKey(t *testing.T) {
	t.Parallel()
	f := getFixture(t)
	rnd := seeded(20)
	victim := f.publicCoin // alice's public output: its amount is visible
	q, err := schnorr.GenerateKey(rnd)
	if err != nil {
		t.Fatal(err)
	}
	pv, err := schnorr.DecodePublicKey(victim.Output.Owner().OneTimeKey[:])
	if err != nil {
		t.Fatal(err)
	}
	// The attacker's own output M, with one-time key Q − P_v.
	rogue := ristretto255.NewIdentityElement().Subtract(q.Public().Element(), pv.Element())
	m := mintPublic(t, rnd, f.bob.Address(), 0, ledger.STG)
	copy(m.OneTimeKey[:], rogue.Bytes())

	pay := mintPublic(t, rnd, f.bob.Address(), 0, 1)
	tx := &ledger.Tx{Network: uint8(f.p.Network), Inputs: []ledger.OutputID{victim.ID, ledger.ID(m)}, Outputs: []ledger.Output{pay}}
	tx.Fee = f.p.MinFee(1, len(tx.Encode()))
	pay.Amount = victim.Amount + m.Amount - tx.Fee // balanced: both amounts are public
	msg := tx.SigHash(f.p.ChainID)
	sig, err := schnorr.Sign(rnd, q, msg[:])
	if err != nil {
		t.Fatal(err)
	}
	copy(tx.Signature[:], sig.Bytes())

	// Under a plain sum the forgery verifies.
	sum := ristretto255.NewIdentityElement().Add(pv.Element(), rogue)
	plain, err := schnorr.NewPublicKey(sum)
	if err != nil {
		t.Fatal(err)
	}
	if err := schnorr.Verify(plain, msg[:], sig); err != nil {
		t.Fatalf("the attack should work against a plain sum: %v", err)
	}
	// The ledger rejects it.
	err = validate(f.p, tx.Encode(), f.p.ChainID, []ledger.Output{victim.Output, m})
	if ledger.KindOf(err) != ledger.KindBadSignature {
		t.Fatalf("rogue-key spend: %v, want %s", err, ledger.KindBadSignature)
	}
}

// Two outputs with the same one-time key cannot be spent together: the
// aggregate rejects duplicate keys. (Wallets never make such outputs; a
// payer who reuses a stealth output only hurts the payee, who can still
// spend them one per transaction.)
func TestSameOneTimeKeyInputs(t *testing.T) {
	t.Parallel()
	f := getFixture(t)
	a := f.publicCoin.Output.(*ledger.PublicOutput)
	b := *a
	b.Amount++
	tx := &ledger.Tx{Network: uint8(f.p.Network), Inputs: []ledger.OutputID{ledger.ID(a), ledger.ID(&b)}}
	pay := mintPublic(t, seeded(21), f.bob.Address(), 0, 1)
	tx.Outputs = []ledger.Output{pay}
	tx.Fee = f.p.MinFee(1, len(tx.Encode()))
	pay.Amount = a.Amount + b.Amount - tx.Fee
	if err := txbuilder.Sign(seeded(22), f.p.ChainID, tx, []txbuilder.Input{f.publicCoin}); err != nil {
		t.Fatal(err)
	}
	err := validate(f.p, tx.Encode(), f.p.ChainID, []ledger.Output{a, &b})
	if ledger.KindOf(err) != ledger.KindBadSignature || !errors.Is(err, schnorr.ErrDuplicateKey) {
		t.Fatalf("got %v, want %s wrapping schnorr.ErrDuplicateKey", err, ledger.KindBadSignature)
	}
}

func TestKindOf(t *testing.T) {
	t.Parallel()
	e := &ledger.Error{Kind: ledger.KindDoubleSpend, Detail: "input 0 (ab) was already spent"}
	tests := []struct {
		name string
		err  error
		want ledger.Kind
	}{
		{"nil", nil, 0},
		{"foreign", errors.New("disk full"), 0},
		{"direct", e, ledger.KindDoubleSpend},
		{"wrapped", fmt.Errorf("app: %w", e), ledger.KindDoubleSpend},
		{"joined", errors.Join(errors.New("x"), e), ledger.KindDoubleSpend},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ledger.KindOf(tt.err); got != tt.want {
				t.Errorf("KindOf = %s, want %s", got, tt.want)
			}
			if tt.want != 0 && !errors.Is(tt.err, ledger.ErrKind(tt.want)) {
				t.Error("errors.Is(err, ErrKind(kind)) = false")
			}
			if tt.want != 0 && errors.Is(tt.err, ledger.ErrKind(ledger.KindMalformed)) {
				t.Error("errors.Is matches another kind")
			}
		})
	}
	if got, want := e.Error(), "ledger: double spend: input 0 (ab) was already spent"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	cause := errors.New("cause")
	if w := (&ledger.Error{Kind: ledger.KindBadSignature, Err: cause}); !errors.Is(w, cause) || w.Error() != "ledger: bad signature: cause" {
		t.Errorf("wrapping: %q", w.Error())
	}
	if s := ledger.Kind(99).String(); s != "kind(99)" {
		t.Errorf("Kind(99).String() = %q", s)
	}
}

// TestKindCodes pins the numeric values: they are ABCI response codes, part
// of the protocol (docs/spec/ledger.md).
func TestKindCodes(t *testing.T) {
	t.Parallel()
	want := map[ledger.Kind]uint32{
		ledger.KindMalformed: 1, ledger.KindWrongNetwork: 2, ledger.KindOversize: 3, ledger.KindFeeTooLow: 4,
		ledger.KindDuplicateInput: 5, ledger.KindDuplicateOutput: 6, ledger.KindBadRangeProof: 7,
		ledger.KindUnknownInput: 8, ledger.KindDoubleSpend: 9, ledger.KindImbalance: 10,
		ledger.KindBadSignature: 11, ledger.KindBadOutput: 12,
	}
	names := map[string]bool{}
	for k, code := range want {
		if uint32(k) != code {
			t.Errorf("%s = %d, want %d", k, uint32(k), code)
		}
		if strings.HasPrefix(k.String(), "kind(") || names[k.String()] {
			t.Errorf("%d has no unique name: %q", code, k)
		}
		names[k.String()] = true
	}
}

// A stake output with valid keys passes the ledger's checks. Whether it
// must register its validator (a first stake) is the node's check.
func TestStakeOutputAccepted(t *testing.T) {
	t.Parallel()
	f := getFixture(t)
	tx := clone(t, f.pub)
	s := *f.stakeExample
	tx.Outputs[1] = &s
	tx.Fee = f.p.MinFee(2, len(tx.Encode()))
	s.Amount = f.pubIn[0].Amount - tx.Outputs[0].(*ledger.PublicOutput).Amount - tx.Fee
	if err := txbuilder.Sign(seeded(23), f.p.ChainID, tx, f.pubIn); err != nil {
		t.Fatal(err)
	}
	if err := validate(f.p, tx.Encode(), f.p.ChainID, outputsOf(f.pubIn)); err != nil {
		t.Fatal(err)
	}
}

// TestPublicCommitment checks the variable-time amount·H of public and stake
// outputs against pedersen.Commit with blinding zero.
func TestPublicCommitment(t *testing.T) {
	t.Parallel()
	f := getFixture(t)
	amounts := []uint64{1, 2, 3, 255, 256, 1000, ledger.STG, 1<<32 - 1, 1 << 32, 1<<63 + 12345, 1<<64 - 1}
	rnd := seeded(30)
	for range 20 {
		var b [8]byte
		rnd.Read(b[:])
		amounts = append(amounts, binary.LittleEndian.Uint64(b[:])|1)
	}
	zero := ristretto255.NewScalar()
	for _, a := range amounts {
		pub := *f.pub.Outputs[0].(*ledger.PublicOutput)
		pub.Amount = a
		stake := *f.stakeExample
		stake.Amount = a
		for _, o := range []ledger.Output{&pub, &stake} {
			got, err := ledger.Commitment(o)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(pedersen.Commit(a, zero)) {
				t.Fatalf("%s output of %d: commitment is not %d·H", o.Type(), a, a)
			}
		}
	}
}
