package app

import (
	"crypto/rand"
	"fmt"
	"strings"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/stegos-go/stegos/crypto/schnorr"
	"github.com/stegos-go/stegos/internal/staking"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/txbuilder"
)

// ownerKey returns the owner key of v: the one-time private key of its
// first stake output, which the owner wallet derives like any input's.
func (c *stakingChain) ownerKey(v *testValidator) *schnorr.PrivateKey {
	c.t.Helper()
	for _, u := range c.owner.Unspent() {
		so, ok := u.Output.(*ledger.StakeOutput)
		if !ok || so.Validator != v.key {
			continue
		}
		in, err := u.Spendable(c.owner.Keys())
		if err != nil {
			c.t.Fatal(err)
		}
		if got, want := in.Key.Public().Array(), c.record(v).Owner; got != want {
			c.t.Fatalf("the stake output's one-time key %x is not the record's owner %x", got[:8], want[:8])
		}
		return in.Key
	}
	c.t.Fatalf("the owner wallet has no stake output of validator %x", v.key[:8])
	return nil
}

// coin returns the owner's confidential output as an input.
func (c *stakingChain) coin() txbuilder.Input {
	c.t.Helper()
	for _, u := range c.owner.Unspent() {
		if _, ok := u.Output.(*ledger.ConfidentialOutput); ok {
			in, err := u.Spendable(c.owner.Keys())
			if err != nil {
				c.t.Fatal(err)
			}
			return in
		}
	}
	c.t.Fatal("the owner wallet has no confidential output")
	return txbuilder.Input{}
}

// opTx builds a transaction with op, signed by inputs and then key, that
// sweeps the inputs and the claim, less the fee, to the owner wallet.
func (c *stakingChain) opTx(op ledger.ValidatorOp, key *schnorr.PrivateKey, inputs ...txbuilder.Input) []byte {
	c.t.Helper()
	p := c.a.params
	// The exact minimum fee of the transaction, operation bytes included.
	// (BuildWith's default leaves the ledger.OpSize bytes out of the
	// minimum, so its transactions fall 49 µSTG short; see
	// txbuilder.TestBuildWithdrawal.)
	fee := p.MinFee(1, txbuilder.Size(len(inputs), 1)+ledger.OpSize)
	b, err := txbuilder.BuildWith(rand.Reader, &p, inputs, nil, c.owner.Address(), txbuilder.Options{Op: &op, OpKey: key, Fee: fee})
	if err != nil {
		c.t.Fatal(err)
	}
	enc := b.Tx.Encode()
	if min := p.MinFee(len(b.Tx.Outputs), len(enc)); b.Tx.Fee != min {
		c.t.Fatalf("fee %d, the minimum is %d", b.Tx.Fee, min)
	}
	return enc
}

// check runs what CheckTx runs on tx against the committed state and
// returns the verdict; it also checks that CheckTx answers the same.
func (c *stakingChain) check(tx []byte) error {
	c.t.Helper()
	var err error
	v := c.a.stateless(tx)
	if err = v.err; err == nil {
		err = c.a.stateful(v, c.a.st, c.a.nextHeight())
	}
	r := checkTx(c.t, c.a, tx)
	if r.Code != uint32(ledger.KindOf(err)) || (err != nil && r.Log != err.Error()) {
		c.t.Fatalf("CheckTx answered %d (%s), the checks %v", r.Code, r.Log, err)
	}
	return err
}

// wantRejected fails unless tx is rejected now with kind want and a reason
// containing reason.
func (c *stakingChain) wantRejected(tx []byte, want ledger.Kind, reason string) {
	c.t.Helper()
	err := c.check(tx)
	if ledger.KindOf(err) != want || !strings.Contains(fmt.Sprint(err), reason) {
		c.t.Fatalf("got %v (kind %s), want %s with %q", err, ledger.KindOf(err), want, reason)
	}
}

// decide runs a decided block of txs (after the proposer's beacon
// contribution) through FinalizeBlock without ProcessProposal, the way a
// node replays one, so invalid transactions get a result instead of
// rejecting the block. The owner wallet sees the applied ones.
func (c *stakingChain) decide(txs ...[]byte) *abci.ResponseFinalizeBlock {
	c.t.Helper()
	ok, prepared, _ := c.propose(step{})
	if !ok || len(prepared) != 1 || !IsBeaconTx(prepared[0]) {
		c.t.Fatalf("the empty proposal: accepted %v, %d txs", ok, len(prepared))
	}
	all := append(prepared, txs...)
	return c.finalize(step{}, all, blockHash(c.height+1, all))
}

// share returns what the next block credits v: its part of the block
// reward among the validators paid now.
func (c *stakingChain) share(v *testValidator) uint64 {
	c.t.Helper()
	vs, err := c.a.st.Validators()
	if err != nil {
		c.t.Fatal(err)
	}
	var active []*stakingValidator
	for _, r := range vs {
		if r.Active && !r.Jailed && !r.Tombstoned {
			active = append(active, r)
		}
	}
	p := c.a.params.Staking
	per, _ := staking.Distribute(p.BlockReward, p.AwardShareBps, active)
	for i, r := range active {
		if r.Key == v.key {
			return per[i]
		}
	}
	return 0
}

// TestOpWithdraw: the owner withdraws part of a validator's rewards with a
// transaction without inputs signed by the owner key; the record, the
// accounts and the wallet follow, and the transaction cannot be replayed.
// Operations the record does not allow, or signed by another key, are
// refused.
func TestOpWithdraw(t *testing.T) {
	c := newStakingChain(t, []uint64{100_000 * stg, 100_000 * stg}, 2)
	c.run(3, step{})
	v := c.vals[0]
	rec := c.record(v)
	if rec.Rewards == 0 || rec.Nonce != 0 {
		t.Fatalf("after 3 blocks: rewards %d, nonce %d", rec.Rewards, rec.Nonce)
	}
	key, otherKey := c.ownerKey(v), c.ownerKey(c.vals[1])
	stranger, err := schnorr.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	withdraw := ledger.ValidatorOp{Kind: ledger.OpWithdraw, Validator: v.key, Nonce: rec.Nonce, Amount: rec.Rewards / 2}
	with := func(f func(op *ledger.ValidatorOp)) ledger.ValidatorOp {
		op := withdraw
		f(&op)
		return op
	}

	rejections := []struct {
		name   string
		op     ledger.ValidatorOp
		key    *schnorr.PrivateKey
		want   ledger.Kind
		reason string
	}{
		{"claims more than accrued", with(func(op *ledger.ValidatorOp) { op.Amount = rec.Rewards + 1 }), key,
			ledger.KindValidatorOp, fmt.Sprintf("claims %d µSTG, %d µSTG accrued", rec.Rewards+1, rec.Rewards)},
		{"unknown validator", with(func(op *ledger.ValidatorOp) { op.Validator = [32]byte{0xee, 1} }), key,
			ledger.KindValidatorOp, "no such validator"},
		{"nonce ahead of the record", with(func(op *ledger.ValidatorOp) { op.Nonce = 1 }), key,
			ledger.KindValidatorOp, "nonce 1, the record is at 0"},
		{"signed by another validator's owner", withdraw, otherKey, ledger.KindBadSignature, ""},
		{"signed by a stranger", withdraw, stranger, ledger.KindBadSignature, ""},
		{"unjail of a validator not jailed", with(func(op *ledger.ValidatorOp) { op.Kind = ledger.OpUnjail }), key,
			ledger.KindValidatorOp, "it is not jailed"},
	}
	for _, tc := range rejections {
		t.Run(tc.name, func(t *testing.T) {
			c.wantRejected(c.opTx(tc.op, tc.key), tc.want, tc.reason)
		})
	}

	tx := c.opTx(withdraw, key)
	decoded, err := ledger.DecodeTx(tx)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.check(tx); err != nil {
		t.Fatalf("CheckTx of the withdrawal: %v", err)
	}
	before, share := *c.a.st.Meta(), c.share(v)
	otherBefore := c.record(c.vals[1])
	resp := c.block(step{txs: [][]byte{tx}})
	if r := resp.TxResults[1]; len(resp.TxResults) != 2 || r.Code != abci.CodeTypeOK {
		t.Fatalf("tx results %v", resp.TxResults)
	}
	after := c.record(v)
	if want := rec.Rewards - withdraw.Amount + share; after.Rewards != want || after.Nonce != 1 {
		t.Fatalf("after the withdrawal: rewards %d (want %d − %d + %d), nonce %d", after.Rewards, rec.Rewards, withdraw.Amount, share, after.Nonce)
	}
	if o := c.record(c.vals[1]); o.Nonce != 0 || o.Rewards <= otherBefore.Rewards {
		t.Fatalf("the other validator: nonce %d, rewards %d (were %d)", o.Nonce, o.Rewards, otherBefore.Rewards)
	}
	m := c.a.st.Meta()
	if m.Withdrawn != before.Withdrawn+withdraw.Amount || m.Supply != before.Supply+withdraw.Amount-decoded.Fee || m.Burned != before.Burned+decoded.Fee {
		t.Fatalf("accounts: withdrawn %d (was %d), supply %d (was %d), burned %d (was %d), claim %d, fee %d",
			m.Withdrawn, before.Withdrawn, m.Supply, before.Supply, m.Burned, before.Burned, withdraw.Amount, decoded.Fee)
	}
	if _, err := c.a.st.Audit(); err != nil {
		t.Fatal(err)
	}
	id := ledger.ID(decoded.Outputs[0])
	if _, _, ok := c.owner.Get(id); !ok {
		t.Fatal("the owner wallet did not receive the withdrawal")
	}
	for _, u := range c.owner.Unspent() {
		if u.ID == id && u.Amount != withdraw.Amount-decoded.Fee {
			t.Fatalf("the wallet received %d µSTG, want %d", u.Amount, withdraw.Amount-decoded.Fee)
		}
	}

	// The same bytes again. While the withdrawal's output is unspent, the
	// output check (which runs first) refuses them; once it is spent, the
	// spent id (an output id exists once) and the nonce both stand between
	// the replay and rewards paid twice.
	t.Run("replay", func(t *testing.T) {
		c.wantRejected(tx, ledger.KindDuplicateOutput, "already exists")
		spend, err := c.owner.PayFrom(rand.Reader, []ledger.OutputID{id}, []txbuilder.Payment{{To: c.owner.Address(), Amount: stg}})
		if err != nil {
			t.Fatal(err)
		}
		c.block(step{txs: [][]byte{spend.Encode()}})
		if _, ok, err := c.a.st.Output(id); ok || err != nil {
			t.Fatalf("the withdrawal's output is still unspent (%v)", err)
		}
		c.wantRejected(tx, ledger.KindDuplicateOutput, "existed and was spent")
		ok, txs, _ := c.propose(step{txs: [][]byte{tx}})
		if !ok || len(txs) != 1 {
			t.Fatalf("a proposal offered the replay: accepted %v with %d txs", ok, len(txs))
		}
		ok, _, _ = c.propose(step{tamper: func(txs [][]byte) [][]byte { return append(txs, tx) }})
		if ok {
			t.Fatal("a proposal with the replay was accepted")
		}
		resp := c.decide(tx)
		if r := resp.TxResults[1]; r.Code != uint32(ledger.KindDuplicateOutput) || !strings.Contains(r.Log, "existed and was spent") {
			t.Fatalf("the replay in a decided block: code %d (%s)", r.Code, r.Log)
		}
		if got := c.record(v); got.Nonce != 1 {
			t.Fatalf("nonce %d after the replay", got.Nonce)
		}
	})

	// The next operation carries the new nonce; it may claim everything.
	rec = c.record(v)
	all := ledger.ValidatorOp{Kind: ledger.OpWithdraw, Validator: v.key, Nonce: 1, Amount: rec.Rewards}
	tx = c.opTx(all, key)
	share = c.share(v)
	c.block(step{txs: [][]byte{tx}})
	if got := c.record(v); got.Nonce != 2 || got.Rewards != share {
		t.Fatalf("after withdrawing everything: nonce %d, rewards %d (want the last block's %d)", got.Nonce, got.Rewards, share)
	}
}

// TestOpSameNonceInOneBlock: two withdrawals with the same nonce are both
// valid alone, but only the first applies in a block: the second finds the
// nonce moved on.
func TestOpSameNonceInOneBlock(t *testing.T) {
	c := newStakingChain(t, []uint64{100_000 * stg, 100_000 * stg}, 2)
	c.run(2, step{})
	v := c.vals[0]
	rec := c.record(v)
	key := c.ownerKey(v)
	first := c.opTx(ledger.ValidatorOp{Kind: ledger.OpWithdraw, Validator: v.key, Amount: rec.Rewards / 2}, key)
	second := c.opTx(ledger.ValidatorOp{Kind: ledger.OpWithdraw, Validator: v.key, Amount: rec.Rewards / 3}, key)
	for _, tx := range [][]byte{first, second} {
		if err := c.check(tx); err != nil {
			t.Fatalf("alone: %v", err)
		}
	}
	// A proposer includes one of them only.
	ok, txs, _ := c.propose(step{txs: [][]byte{first, second}})
	if !ok || len(txs) != 2 {
		t.Fatalf("proposal with both: accepted %v with %d txs", ok, len(txs))
	}
	// A proposal with both is rejected.
	ok, _, _ = c.propose(step{txs: [][]byte{first}, tamper: func(txs [][]byte) [][]byte { return append(txs, second) }})
	if ok {
		t.Fatal("a proposal with both was accepted")
	}
	// Decided with both, the second fails.
	share := c.share(v)
	resp := c.decide(first, second)
	if r := resp.TxResults[1]; r.Code != abci.CodeTypeOK {
		t.Fatalf("the first: code %d (%s)", r.Code, r.Log)
	}
	if r := resp.TxResults[2]; r.Code != uint32(ledger.KindValidatorOp) || !strings.Contains(r.Log, "nonce 0, the record is at 1") {
		t.Fatalf("the second: code %d (%s)", r.Code, r.Log)
	}
	if got := c.record(v); got.Nonce != 1 || got.Rewards != rec.Rewards-rec.Rewards/2+share {
		t.Fatalf("nonce %d, rewards %d; want 1, %d", got.Nonce, got.Rewards, rec.Rewards-rec.Rewards/2+share)
	}
	// The mempool's recheck evicts the second.
	c.wantRejected(second, ledger.KindValidatorOp, "nonce")
}

// TestOpUnjail: an unjail is refused while the validator is not jailed
// and before its jail time is served (with the height it may unjail
// from); from that height it releases the validator, which rejoins the set
// at the next epoch boundary.
func TestOpUnjail(t *testing.T) {
	c := newStakingChain(t, []uint64{100_000 * stg, 100_000 * stg, 100_000 * stg}, 3)
	p := c.a.params.Staking
	lazy := c.vals[2]
	key := c.ownerKey(lazy)
	c.block(step{})
	// Not jailed: refused (this one claims its fee from the rewards).
	notJailed := ledger.ValidatorOp{Kind: ledger.OpUnjail, Validator: lazy.key, Amount: c.record(lazy).Rewards}
	c.wantRejected(c.opTx(notJailed, key), ledger.KindValidatorOp, "it is not jailed")

	for !c.record(lazy).Jailed {
		if c.height > p.DowntimeWindow {
			t.Fatalf("not jailed after %d missed blocks", c.height)
		}
		c.block(step{absent: map[*testValidator]bool{lazy: true}})
	}
	rec := c.record(lazy)
	unjailAt := rec.JailedAt + p.UnjailDelay
	// An unjail claiming nothing, its fee paid by the owner's coin.
	coin := c.coin()
	tx := c.opTx(ledger.ValidatorOp{Kind: ledger.OpUnjail, Validator: lazy.key, Nonce: rec.Nonce}, key, coin)
	tooEarly := fmt.Sprintf("jailed at block %d; it may unjail from block %d", rec.JailedAt, unjailAt)
	c.wantRejected(tx, ledger.KindValidatorOp, tooEarly)

	// One block short of the jail time: still refused, by CheckTx and by
	// ProcessProposal.
	c.run(unjailAt-2, step{})
	c.wantRejected(tx, ledger.KindValidatorOp, tooEarly)
	if ok, _, _ := c.propose(step{tamper: func(txs [][]byte) [][]byte { return append(txs, tx) }}); ok {
		t.Fatalf("an early unjail was accepted in block %d", c.height+1)
	}

	// From UnjailDelay blocks after the jailing, the same bytes pass.
	c.run(unjailAt-1, step{})
	if err := c.check(tx); err != nil {
		t.Fatalf("unjail at block %d: %v", c.height+1, err)
	}
	rewards := c.record(lazy).Rewards
	resp := c.block(step{txs: [][]byte{tx}})
	if len(resp.TxResults) != 2 || resp.TxResults[1].Code != abci.CodeTypeOK {
		t.Fatalf("tx results %v", resp.TxResults)
	}
	after := c.record(lazy)
	if after.Jailed || after.JailedAt != 0 || after.Missed != nil || after.Nonce != rec.Nonce+1 || after.Rewards != rewards {
		t.Fatalf("after the unjail: jailed %v at %d, missed %x, nonce %d, rewards %d (were %d)", after.Jailed, after.JailedAt, after.Missed, after.Nonce, after.Rewards, rewards)
	}
	if _, _, ok := c.owner.Get(coin.ID); ok {
		t.Fatal("the coin that paid the fee is still in the wallet")
	}
	// Replayed, it spends its coin again.
	c.wantRejected(tx, ledger.KindDoubleSpend, "was spent in block")

	// It rejoins the set at the next epoch boundary.
	var updates []abci.ValidatorUpdate
	for !staking.IsEpochBoundary(c.height, p) {
		updates = c.block(step{}).ValidatorUpdates
	}
	back := false
	for _, u := range updates {
		if string(u.PubKey.GetEd25519()) == string(lazy.key[:]) && u.Power > 0 {
			back = true
		}
	}
	if !back {
		t.Fatalf("the unjailed validator is not in the set at block %d: %v", c.height, updates)
	}
}

// TestOpTombstoned: a double signer can never be unjailed; its owner can
// still withdraw the rewards it accrued.
func TestOpTombstoned(t *testing.T) {
	c := newStakingChain(t, []uint64{100_000 * stg, 100_000 * stg, 100_000 * stg}, 3)
	c.block(step{})
	bad := c.vals[1]
	key := c.ownerKey(bad)
	ev := []abci.Misbehavior{{Type: abci.MisbehaviorType_DUPLICATE_VOTE, Validator: abci.Validator{Address: bad.addr(), Power: 10}, Height: 1}}
	c.block(step{misbehavior: ev})
	rec := c.record(bad)
	if !rec.Tombstoned || rec.Rewards == 0 {
		t.Fatalf("tombstoned %v, rewards %d", rec.Tombstoned, rec.Rewards)
	}
	c.run(c.height+c.a.params.Staking.UnjailDelay, step{})
	unjail := c.opTx(ledger.ValidatorOp{Kind: ledger.OpUnjail, Validator: bad.key}, key, c.coin())
	c.wantRejected(unjail, ledger.KindValidatorOp, "tombstoned")

	tx := c.opTx(ledger.ValidatorOp{Kind: ledger.OpWithdraw, Validator: bad.key, Amount: rec.Rewards}, key)
	c.block(step{txs: [][]byte{tx}})
	if got := c.record(bad); got.Rewards != 0 || got.Nonce != 1 || !got.Tombstoned {
		t.Fatalf("after withdrawing: rewards %d, nonce %d, tombstoned %v", got.Rewards, got.Nonce, got.Tombstoned)
	}
	c.wantRejected(c.opTx(ledger.ValidatorOp{Kind: ledger.OpWithdraw, Validator: bad.key, Nonce: 1, Amount: stg}, key), ledger.KindValidatorOp, fmt.Sprintf("claims %d µSTG, 0 µSTG accrued", stg))
}
