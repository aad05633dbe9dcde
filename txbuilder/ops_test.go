package txbuilder_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stegos-go/stegos/crypto/bulletproofs"
	"github.com/stegos-go/stegos/crypto/schnorr"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/params"
	"github.com/stegos-go/stegos/txbuilder"
)

// validateOp is validate for a transaction with a validator operation
// whose owner key is owner.
func validateOp(tb testing.TB, p *params.Params, tx *ledger.Tx, spent []txbuilder.Input, owner *schnorr.PrivateKey) {
	tb.Helper()
	enc := tx.Encode()
	c, err := ledger.CheckStateless(p, enc)
	if err != nil {
		tb.Fatalf("CheckStateless: %v", err)
	}
	if err := c.VerifyRange(); err != nil {
		tb.Fatalf("VerifyRange: %v", err)
	}
	outs := make([]ledger.Output, len(spent))
	for i, in := range spent {
		outs[i] = in.Output
	}
	key := owner.Public().Array()
	if err := c.CheckInputs(p.ChainID, outs, &key); err != nil {
		tb.Fatalf("CheckInputs: %v", err)
	}
	// The builder pays the minimum fee of what it built, no less.
	if min := p.MinFee(len(tx.Outputs), len(enc)); tx.Fee < min {
		tb.Fatalf("fee %d, minimum %d", tx.Fee, min)
	}
}

func ownerKey(tb testing.TB, seed uint64) *schnorr.PrivateKey {
	tb.Helper()
	k, err := schnorr.GenerateKey(seeded(seed))
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

// TestSweep: with no payments everything the inputs hold, less the fee of
// one output, goes to the change.
func TestSweep(t *testing.T) {
	t.Parallel()
	rnd := seeded(40)
	p := devParams(t)
	alice := newKeys(t, rnd)
	ins := coins(t, rnd, alice, 5*ledger.STG, 3*ledger.STG)
	b, err := txbuilder.BuildWith(rnd, p, ins, nil, alice.Address(), txbuilder.Options{})
	if err != nil {
		t.Fatal(err)
	}
	validate(t, p, b.Tx, ins)
	fee := txbuilder.MinFee(p, 2, 1)
	if b.Tx.Fee != fee {
		t.Errorf("fee %d, want the minimum %d", b.Tx.Fee, fee)
	}
	if len(b.Tx.Outputs) != 1 || len(b.Outputs) != 1 || !b.Outputs[0].Change || b.Outputs[0].Payment != -1 {
		t.Fatalf("outputs %+v, want one change output", b.Outputs)
	}
	if want := 8*ledger.STG - fee; b.Outputs[0].Amount != want {
		t.Errorf("change %d, want %d", b.Outputs[0].Amount, want)
	}
	if b.Tx.Op != nil || b.Tx.Encode()[0] != ledger.TxVersion {
		t.Error("a sweep without an operation is not a version-1 transaction")
	}
	found := scan(t, alice, b.Tx)
	if rc := found[0]; rc == nil || rc.Amount != 8*ledger.STG-fee {
		t.Fatalf("alice found %v", keysOf(found))
	}
}

// TestSweepInsufficient: a sweep needs something left for its output.
func TestSweepInsufficient(t *testing.T) {
	t.Parallel()
	rnd := seeded(41)
	p := devParams(t)
	alice := newKeys(t, rnd)
	fee := txbuilder.MinFee(p, 1, 1)
	for name, amount := range map[string]uint64{
		"exactly the fee": fee,
		"under the fee":   fee - 1,
		"one µSTG":        1,
	} {
		t.Run(name, func(t *testing.T) {
			ins := coins(t, seeded(42), alice, amount)
			_, err := txbuilder.BuildWith(seeded(43), p, ins, nil, alice.Address(), txbuilder.Options{})
			if !errors.Is(err, txbuilder.ErrInsufficientFunds) {
				t.Fatalf("got %v, want ErrInsufficientFunds", err)
			}
		})
	}
	// One µSTG over the fee is enough.
	ins := coins(t, rnd, alice, fee+1)
	b, err := txbuilder.BuildWith(rnd, p, ins, nil, alice.Address(), txbuilder.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if b.Outputs[0].Amount != 1 {
		t.Fatalf("change %d, want 1", b.Outputs[0].Amount)
	}
	validate(t, p, b.Tx, ins)
}

// TestStakePayment: a payment with a Stake target makes a stake output with
// the validator, the VRF key and the amount in the clear, outside the range
// proof; Built.Outputs marks it, and its owner finds it.
func TestStakePayment(t *testing.T) {
	t.Parallel()
	rnd := seeded(44)
	p := devParams(t)
	alice := newKeys(t, rnd)
	ins := coins(t, rnd, alice, 3000*ledger.STG)
	target := honestTarget(t, 49)
	pays := []txbuilder.Payment{{To: alice.Address(), Amount: 2000 * ledger.STG, Stake: target}}
	b, err := txbuilder.BuildWith(rnd, p, ins, pays, alice.Address(), txbuilder.Options{})
	if err != nil {
		t.Fatal(err)
	}
	validate(t, p, b.Tx, ins)
	at, ok := b.OutputOf(0)
	if !ok || len(b.Tx.Outputs) != 2 {
		t.Fatalf("stake at %d (%v), %d outputs", at, ok, len(b.Tx.Outputs))
	}
	so, ok := b.Tx.Outputs[at].(*ledger.StakeOutput)
	if !ok {
		t.Fatalf("output %d is %s, want a stake output", at, b.Tx.Outputs[at].Type())
	}
	if so.Validator != target.Validator || so.VRFKey != target.VRFKey || so.Amount != 2000*ledger.STG {
		t.Fatalf("stake output %+v", so)
	}
	if d := b.Outputs[at]; d.Stake == nil || *d.Stake != *target || d.Change || d.Amount != so.Amount {
		t.Fatalf("stake described as %+v", d)
	}
	ch, ok := b.ChangeOutput()
	if !ok || b.Outputs[ch].Stake != nil || b.Tx.Outputs[ch].Type() != ledger.TypeConfidential {
		t.Fatalf("change at %d (%v): %+v", ch, ok, b.Outputs[ch])
	}
	// Only the change is in the range proof.
	if len(b.Tx.RangeProof) != bulletproofs.ProofSize(1) {
		t.Errorf("range proof of %d bytes, want one value's %d", len(b.Tx.RangeProof), bulletproofs.ProofSize(1))
	}
	found := scan(t, alice, b.Tx)
	if rc := found[int(at)]; rc == nil || rc.Amount != so.Amount || rc.Blinding != nil {
		t.Fatalf("alice's stake as received: %+v", rc)
	}
	// The stake is spendable like any output (its lock is the chain's rule).
	in := own(t, alice, so, at)
	if in.Key == nil || in.Key.Public().Array() != so.OneTimeKey || in.Blinding != nil {
		t.Fatal("the stake's one-time key does not derive")
	}

	// A stake-only transaction: no confidential output, no range proof.
	ins = coins(t, rnd, alice, 1000*ledger.STG)
	stakeAll := 1000*ledger.STG - txbuilder.MinFee(p, 1, 1)
	b, err = txbuilder.BuildWith(rnd, p, ins, []txbuilder.Payment{{To: alice.Address(), Amount: stakeAll, Stake: target}}, alice.Address(), txbuilder.Options{})
	if err != nil {
		t.Fatal(err)
	}
	validate(t, p, b.Tx, ins)
	if len(b.Tx.Outputs) != 1 || b.Tx.RangeProof != nil {
		t.Fatalf("%d outputs, %d proof bytes", len(b.Tx.Outputs), len(b.Tx.RangeProof))
	}
}

// TestStakeRefused: a stake carries an amount and nothing else.
func TestStakeRefused(t *testing.T) {
	t.Parallel()
	rnd := seeded(45)
	p := devParams(t)
	alice := newKeys(t, rnd)
	ins := coins(t, rnd, alice, 3000*ledger.STG)
	target := &txbuilder.StakeTarget{Validator: [32]byte{1}, VRFKey: [32]byte{2}}
	for name, pay := range map[string]txbuilder.Payment{
		"zero amount": {To: alice.Address(), Stake: target},
		"memo":        {To: alice.Address(), Amount: 1000 * ledger.STG, Memo: []byte("hi"), Stake: target},
		"data":        {To: alice.Address(), Amount: 1000 * ledger.STG, Data: true, Stake: target},
	} {
		t.Run(name, func(t *testing.T) {
			pays := []txbuilder.Payment{{To: alice.Address(), Amount: ledger.STG}, pay}
			_, err := txbuilder.BuildWith(seeded(46), p, ins, pays, alice.Address(), txbuilder.Options{})
			if err == nil || !strings.Contains(err.Error(), "payment 1: a stake needs a positive amount and no memo") {
				t.Fatalf("got %v", err)
			}
			if errors.Is(err, txbuilder.ErrInsufficientFunds) {
				t.Fatal("reported as insufficient funds")
			}
		})
	}
}

// TestOpOptionsRefused: an operation and its owner key go together.
func TestOpOptionsRefused(t *testing.T) {
	t.Parallel()
	rnd := seeded(47)
	p := devParams(t)
	alice := newKeys(t, rnd)
	ins := coins(t, rnd, alice, 10*ledger.STG)
	op := &ledger.ValidatorOp{Kind: ledger.OpWithdraw, Validator: [32]byte{1}, Amount: ledger.STG}
	key := ownerKey(t, 48)
	tests := []struct {
		name   string
		ins    []txbuilder.Input
		opts   txbuilder.Options
		reason string
		insuff bool
	}{
		{"operation without key", ins, txbuilder.Options{Op: op}, "needs the owner key", false},
		{"operation without key or inputs", nil, txbuilder.Options{Op: op}, "needs the owner key", false},
		{"key without operation", ins, txbuilder.Options{OpKey: key}, "needs the owner key", false},
		{"no inputs and no operation", nil, txbuilder.Options{}, "no inputs", false},
		{"claim under the fee, no inputs", nil, txbuilder.Options{Op: &ledger.ValidatorOp{Kind: ledger.OpWithdraw, Amount: 1000}, OpKey: key}, "insufficient funds", true},
		{"unjail of nothing, no inputs", nil, txbuilder.Options{Op: &ledger.ValidatorOp{Kind: ledger.OpUnjail}, OpKey: key}, "insufficient funds", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := txbuilder.BuildWith(seeded(49), p, tt.ins, nil, alice.Address(), tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.reason) {
				t.Fatalf("got %v, want %q", err, tt.reason)
			}
			if errors.Is(err, txbuilder.ErrInsufficientFunds) != tt.insuff {
				t.Fatalf("%v: ErrInsufficientFunds = %v", err, !tt.insuff)
			}
		})
	}
	// SignWith has the same rule.
	tx := &ledger.Tx{Network: uint8(p.Network), Op: op}
	if err := txbuilder.SignWith(rnd, p.ChainID, tx, nil, nil); err == nil {
		tx.Op = nil
		t.Fatal("SignWith signed an operation without the owner key")
	}
	tx.Op = nil
	if err := txbuilder.SignWith(rnd, p.ChainID, tx, ins, key); err == nil {
		t.Fatal("SignWith signed with an owner key and no operation")
	}
}

// TestBuildWithdrawal: a withdrawal needs no inputs: the claim pays the fee
// and the rest goes to the change; the owner key signs.
func TestBuildWithdrawal(t *testing.T) {
	t.Parallel()
	rnd := seeded(50)
	p := devParams(t)
	alice := newKeys(t, rnd)
	key := ownerKey(t, 51)
	op := &ledger.ValidatorOp{Kind: ledger.OpWithdraw, Validator: [32]byte{7}, Nonce: 4, Amount: 12 * ledger.STG}
	b, err := txbuilder.BuildWith(rnd, p, nil, nil, alice.Address(), txbuilder.Options{Op: op, OpKey: key})
	if err != nil {
		t.Fatal(err)
	}
	if b.Tx.Op == nil || *b.Tx.Op != *op || b.Tx.Op == op || len(b.Tx.Inputs) != 0 {
		t.Fatalf("op %+v (a copy of %+v), %d inputs", b.Tx.Op, op, len(b.Tx.Inputs))
	}
	if len(b.Outputs) != 1 || !b.Outputs[0].Change || b.Outputs[0].Amount != op.Amount-b.Tx.Fee {
		t.Fatalf("outputs %+v, fee %d", b.Outputs, b.Tx.Fee)
	}
	validateOp(t, p, b.Tx, nil, key)
	if rc := scan(t, alice, b.Tx)[0]; rc == nil || rc.Amount != op.Amount-b.Tx.Fee {
		t.Fatal("alice misses the withdrawal")
	}

	// With a payment as well: the claim pays it.
	bob := newKeys(t, rnd)
	b, err = txbuilder.BuildWith(rnd, p, nil, []txbuilder.Payment{{To: bob.Address(), Amount: 5 * ledger.STG}}, alice.Address(), txbuilder.Options{Op: op, OpKey: key})
	if err != nil {
		t.Fatal(err)
	}
	validateOp(t, p, b.Tx, nil, key)
}

// TestBuildUnjail: an unjail claiming nothing, its fee paid by an input;
// the inputs' keys and then the owner key sign.
func TestBuildUnjail(t *testing.T) {
	t.Parallel()
	rnd := seeded(52)
	p := devParams(t)
	alice := newKeys(t, rnd)
	key := ownerKey(t, 53)
	ins := coins(t, rnd, alice, 2*ledger.STG, ledger.STG)
	op := &ledger.ValidatorOp{Kind: ledger.OpUnjail, Validator: [32]byte{8}, Nonce: 1}
	b, err := txbuilder.BuildWith(rnd, p, ins, nil, alice.Address(), txbuilder.Options{Op: op, OpKey: key})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Outputs) != 1 || b.Outputs[0].Amount != 3*ledger.STG-b.Tx.Fee {
		t.Fatalf("outputs %+v, fee %d", b.Outputs, b.Tx.Fee)
	}
	validateOp(t, p, b.Tx, ins, key)

	// Checked against another validator's owner, the signature fails.
	c, err := ledger.CheckStateless(p, b.Tx.Encode())
	if err != nil {
		t.Fatal(err)
	}
	other := ownerKey(t, 54).Public().Array()
	if err := c.CheckInputs(p.ChainID, []ledger.Output{ins[0].Output, ins[1].Output}, &other); ledger.KindOf(err) != ledger.KindBadSignature {
		t.Fatalf("checked against another owner: %v", err)
	}
}

// TestStakeFeeIsExact: a transaction with stake outputs pays the minimum
// fee of what it is (stake outputs are 139 bytes and outside the range
// proof), not of as many confidential outputs.
func TestStakeFeeIsExact(t *testing.T) {
	t.Parallel()
	rnd := seeded(47)
	p := devParams(t)
	alice := newKeys(t, rnd)
	target := honestTarget(t, 48)
	for _, tc := range []struct {
		name   string
		stakes int
	}{{"one stake and change", 1}, {"three stakes and change", 3}} {
		t.Run(tc.name, func(t *testing.T) {
			ins := coins(t, rnd, alice, 9000*ledger.STG)
			var pays []txbuilder.Payment
			for range tc.stakes {
				pays = append(pays, txbuilder.Payment{To: alice.Address(), Amount: 1000 * ledger.STG, Stake: target})
			}
			b, err := txbuilder.BuildWith(rnd, p, ins, pays, alice.Address(), txbuilder.Options{})
			if err != nil {
				t.Fatal(err)
			}
			validate(t, p, b.Tx, ins)
			enc := b.Tx.Encode()
			if min := p.MinFee(len(b.Tx.Outputs), len(enc)); b.Tx.Fee != min {
				t.Fatalf("fee %d µSTG, the minimum for %d outputs and %d bytes is %d", b.Tx.Fee, len(b.Tx.Outputs), len(enc), min)
			}
			shape := txbuilder.Shape{Inputs: 1, Confidential: 1, Stakes: tc.stakes}
			if got := shape.Size(); got != len(enc) {
				t.Fatalf("Shape.Size() = %d, encoding is %d bytes", got, len(enc))
			}
		})
	}
}
