package integration

import (
	"bytes"
	"context"
	"crypto/rand"
	"math/big"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cometbft/cometbft/privval"

	"github.com/stegos-go/stegos/crypto/stealth"
	"github.com/stegos-go/stegos/internal/devwallet"
	"github.com/stegos-go/stegos/internal/genesis"
	"github.com/stegos-go/stegos/internal/node"
	"github.com/stegos-go/stegos/internal/staking"
	"github.com/stegos-go/stegos/internal/state"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/params"
	"github.com/stegos-go/stegos/txbuilder"
)

// TestStakingNetwork runs four staked validators and a fifth node with dev
// staking params (epochs of 20 blocks, award periods of 60): a new account
// stakes to the fifth node, which joins CometBFT's validator set at an
// epoch boundary; rewards follow the stake ratios; a stopped validator is
// jailed and loses its award eligibility; the award is drawn and paid to an
// eligible validator, with every node agreeing; a validator whose key also
// runs on a second node double signs and is slashed and tombstoned.
func TestStakingNetwork(t *testing.T) {
	if testing.Short() {
		t.Skip("multi-validator network")
	}
	p, _ := params.For(params.Dev)
	sp := p.Staking
	ownerKeys, err := genesis.DemoKeys(genesis.DemoAccounts - 1)
	if err != nil {
		t.Fatal(err)
	}
	joinerKeys, err := genesis.DemoKeys(1)
	if err != nil {
		t.Fatal(err)
	}
	stakes := []uint64{100_000 * ledger.STG, 200_000 * ledger.STG, 300_000 * ledger.STG, 400_000 * ledger.STG}
	cfgs := networkWith(t, netSpec{
		validators: 4, extra: 1, stakes: stakes, stakeOwner: ownerKeys.Address(),
		allocs: []genesis.Allocation{{To: joinerKeys.Address(), Amount: 5000 * ledger.STG, Outputs: 2}},
	})
	keys := make([][32]byte, len(cfgs))
	for i, c := range cfgs {
		k, err := node.LoadProposerKeys(c.Home)
		if err != nil {
			t.Fatal(err)
		}
		keys[i] = k.Consensus
	}
	vs := make([]*validator, len(cfgs))
	for i, c := range cfgs {
		vs[i] = start(t, c)
	}
	ctx := waitCtx(t, 6*time.Minute)
	waitAll(t, ctx, vs, 2)

	// A new account stakes the minimum to node 4, which is not a validator,
	// with the token its operator gives (stegosd validator-info).
	joiner := walletAt(t, vs[0], joinerKeys)
	tok, err := genesis.LoadValidatorToken(cfgs[4].Home, p.ChainID)
	if err != nil {
		t.Fatal(err)
	}
	target := &txbuilder.StakeTarget{Validator: tok.Validator, VRFKey: tok.VRFKey, Token: tok}
	stx, err := joiner.Pay(rand.Reader, []txbuilder.Payment{{To: joiner.Address(), Amount: sp.MinStake, Stake: target}})
	if err != nil {
		t.Fatal(err)
	}
	bonded := submit(t, ctx, vs[0], stx.Encode())
	t.Logf("node4 staked %d µSTG at block %d", sp.MinStake, bonded)

	// It enters CometBFT's validator set after the next epoch boundary.
	joinedAt := cometJoin(t, ctx, vs[0], cfgs[4].Home)
	if boundary := (bonded/sp.EpochBlocks + 1) * sp.EpochBlocks; joinedAt <= boundary {
		t.Fatalf("node4 in the set at block %d, before the epoch boundary %d", joinedAt, boundary)
	}
	t.Logf("node4 is in CometBFT's validator set at block %d", joinedAt)

	// Rewards between two heights follow the stake ratios of validators
	// 0-3 (node 4 shares too, from its entry; no draw in between).
	from := rewardsAt(t, ctx, vs[0], joinedAt+1)
	to := rewardsAt(t, ctx, vs[0], joinedAt+15)
	if joinedAt+15 >= sp.AwardPeriod {
		t.Fatalf("the measure crosses the first draw at %d", sp.AwardPeriod)
	}
	d0 := to[keys[0]] - from[keys[0]]
	for i := 1; i < 4; i++ {
		di := to[keys[i]] - from[keys[i]]
		// di/d0 against stakes[i]/stakes[0], within 0.1%.
		lhs := new(big.Int).Mul(new(big.Int).SetUint64(di), new(big.Int).SetUint64(stakes[0]))
		rhs := new(big.Int).Mul(new(big.Int).SetUint64(d0), new(big.Int).SetUint64(stakes[i]))
		diff := new(big.Int).Abs(new(big.Int).Sub(lhs, rhs))
		if diff.Mul(diff, big.NewInt(1000)).Cmp(rhs) > 0 {
			t.Fatalf("validator %d earned %d µSTG while validator 0 earned %d: not the stake ratio %d:%d", i, di, d0, stakes[i], stakes[0])
		}
	}
	t.Logf("rewards over 14 blocks: %d, %d, %d, %d µSTG", d0, to[keys[1]]-from[keys[1]], to[keys[2]]-from[keys[2]], to[keys[3]]-from[keys[3]])

	// Validator 0 (10% of the stake) stops: it is jailed after missing
	// more than half the downtime window, and is not eligible for the draw.
	stopped := vs[0]
	stoppedAt := vs[1].n.Height()
	stopped.stop()
	v0 := waitValidator(t, ctx, vs[1], keys[0], func(v *stakingRecord) bool { return v.Jailed })
	t.Logf("node0 stopped at block %d, jailed at block %d", stoppedAt, v0.JailedAt)
	if v0.Eligible {
		t.Fatal("a jailed validator is eligible for the award")
	}
	// It leaves CometBFT's set two blocks after the jailing block, not at
	// the next epoch boundary.
	if h := v0.JailedAt + 2; inCometSet(t, ctx, vs[1], cfgs[0].Home, h) {
		t.Fatalf("node0, jailed at block %d, still validates block %d", v0.JailedAt, h)
	}

	// The first draw pays an eligible validator; every node agrees.
	drawAt := sp.AwardPeriod
	waitAll(t, ctx, vs[1:], drawAt-1)
	for i, k := range keys {
		if r := records(t, vs[1])[k]; r != nil {
			t.Logf("before the draw: validator %d signed %d, missed %d, disqualified %v, jailed %v", i, r.PeriodSigned, r.PeriodMissed, r.PeriodDisqualified, r.Jailed)
		}
	}
	waitAll(t, ctx, vs[1:], drawAt+1)
	aw := lastAward(t, vs[1], drawAt)
	if aw.Winner == keys[0] || aw.Winner == keys[4] || aw.Winner == ([32]byte{}) {
		t.Fatalf("award at %d won by %x, which was not eligible (eligible: validators 1-3)", drawAt, aw.Winner[:8])
	}
	// Validators 1-3 are eligible unless one missed more than 5% of the
	// period's commits (a slow machine can make a vote late); 0 and 4 never.
	if aw.Amount == 0 || aw.Eligible < 1 || aw.Eligible > 3 {
		t.Fatalf("award %+v: want a positive pool and 1 to 3 eligible validators", aw)
	}
	for _, v := range vs[2:] {
		if got := lastAward(t, v, drawAt); *got != *aw {
			t.Fatalf("%s records the draw as %+v, node1 as %+v", v.name, got, aw)
		}
	}
	t.Logf("award at block %d: %d µSTG to %x among %d", drawAt, aw.Amount, aw.Winner[:8], aw.Eligible)

	// Validator 1's key also runs on a twin node with a private mempool. A
	// payment only the twin holds makes the twin's proposals differ from
	// the original's, so the one key prevotes two different blocks; the
	// other nodes turn the conflicting votes into evidence, and the
	// validator is slashed and tombstoned.
	twin := start(t, twinOf(t, cfgs[1], cfgs[2:]))
	evHeight := doubleSign(t, ctx, twin, vs[2], keys[1], func() []byte {
		w := walletAt(t, vs[2], joinerKeys)
		tx, err := w.Pay(rand.Reader, []txbuilder.Payment{{To: w.Address(), Amount: ledger.STG}})
		if err != nil {
			t.Fatal(err)
		}
		return tx.Encode()
	})
	v1 := waitValidator(t, ctx, vs[2], keys[1], func(v *stakingRecord) bool { return v.Tombstoned })
	if v1.Stake != 0 {
		t.Fatalf("tombstoned validator keeps a stake of %d", v1.Stake)
	}
	if h := vs[2].n.Height() + 2; inCometSet(t, ctx, vs[2], cfgs[1].Home, h) {
		t.Fatalf("node1, tombstoned, still validates block %d", h)
	}
	m := vs[2].st.Meta()
	if m.Slashed < stakes[1]*sp.SlashShareBps/10_000 {
		t.Fatalf("slashed %d µSTG, want at least %d", m.Slashed, stakes[1]*sp.SlashShareBps/10_000)
	}
	t.Logf("double signing seen at block %d: validator 1 tombstoned, %d µSTG slashed", evHeight, m.Slashed)
	twin.stop()

	// The app's replica of CometBFT's proposer schedule predicted the
	// proposers (a block re-proposed from an earlier round is the only
	// expected miss).
	for _, v := range vs[1:] {
		h := v.n.Height()
		t.Logf("%s: %d of %d proposers not predicted", v.name, v.app.ScheduleMismatches(), h)
		if n := v.app.ScheduleMismatches(); n*10 > h {
			t.Fatalf("%s: the proposer schedule replica missed %d of %d blocks", v.name, n, h)
		}
	}

	// The chain goes on, every running node agrees and audits clean.
	h := vs[2].n.Height()
	waitAll(t, ctx, vs[1:], h+2)
	ref := appHashAt(t, ctx, vs[2], h)
	for _, v := range vs[1:] {
		if got := appHashAt(t, ctx, v, h); !bytes.Equal(got, ref) {
			t.Fatalf("%s: app hash at %d differs", v.name, h)
		}
	}
	stopped.stop()
	for _, v := range vs[1:] {
		v.stop()
		st, err := state.Open(v.cfg.Home+"/data/ledger", logger(t))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.Audit(); err != nil {
			t.Fatalf("%s: %v", v.name, err)
		}
		st.Close()
	}
}

// waitAll waits until every node has committed block h.
func waitAll(t *testing.T, ctx context.Context, vs []*validator, h int64) {
	t.Helper()
	for _, v := range vs {
		if err := v.n.WaitForHeight(ctx, h); err != nil {
			t.Fatalf("%s: %v", v.name, err)
		}
	}
}

// cometJoin waits until the validator of home is in CometBFT's validator
// set as v sees it, and returns the first height at which it is.
func cometJoin(t *testing.T, ctx context.Context, v *validator, home string) int64 {
	t.Helper()
	for h := int64(1); ; h++ {
		if inCometSet(t, ctx, v, home, h) {
			return h
		}
	}
}

// inCometSet reports whether the validator of home is in CometBFT's
// validator set for block h, as v sees it.
func inCometSet(t *testing.T, ctx context.Context, v *validator, home string, h int64) bool {
	t.Helper()
	if err := v.n.WaitForHeight(ctx, h); err != nil {
		t.Fatal(err)
	}
	addr := privval.LoadFilePVEmptyState(node.HomeFiles(home).ValidatorKey, "").Key.Address
	res, err := v.n.Client().Validators(ctx, &h, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, val := range res.Validators {
		if bytes.Equal(val.Address, addr) {
			return true
		}
	}
	return false
}

// stakingRecord is a validator record with its eligibility now.
type stakingRecord struct {
	staking.Validator
	Eligible bool
}

// records reads v's committed validator records.
func records(t *testing.T, v *validator) map[[32]byte]*stakingRecord {
	t.Helper()
	all, err := v.st.Validators()
	if err != nil {
		t.Fatal(err)
	}
	p, _ := params.For(params.Dev)
	start := staking.AwardPeriodStart(v.st.Meta().Height+1, p.Staking)
	out := map[[32]byte]*stakingRecord{}
	for _, r := range all {
		out[r.Key] = &stakingRecord{Validator: *r, Eligible: staking.Eligible(r, start, p.Staking) && r.Stake >= p.Staking.MinStake}
	}
	return out
}

// rewardsAt returns every validator's accrued rewards once v has
// committed block h and before it commits h+1 (it reads right after h).
func rewardsAt(t *testing.T, ctx context.Context, v *validator, h int64) map[[32]byte]uint64 {
	t.Helper()
	for {
		if err := v.n.WaitForHeight(ctx, h); err != nil {
			t.Fatal(err)
		}
		rs := records(t, v)
		if v.st.Meta().Height != h {
			// Read across a commit: rewards are per block, so take the
			// two readings at the same height instead.
			h = v.st.Meta().Height
			continue
		}
		out := map[[32]byte]uint64{}
		for k, r := range rs {
			out[k] = r.Rewards
		}
		return out
	}
}

// waitValidator polls v's record of key until ok holds.
func waitValidator(t *testing.T, ctx context.Context, v *validator, key [32]byte, ok func(*stakingRecord) bool) *stakingRecord {
	t.Helper()
	for {
		if r := records(t, v)[key]; r != nil && ok(r) {
			return r
		}
		select {
		case <-ctx.Done():
			t.Fatalf("validator %x never reached the awaited state: %v", key[:8], ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// lastAward returns v's record of the draw at height h.
func lastAward(t *testing.T, v *validator, h int64) *state.Award {
	t.Helper()
	all, err := v.st.Awards(0)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range all {
		if a.Height == h {
			return a
		}
	}
	t.Fatalf("%s has no draw at block %d (it has %d draws)", v.name, h, len(all))
	return nil
}

// walletAt returns a wallet of keys holding what they own in v's UTXO set.
func walletAt(t *testing.T, v *validator, keys *stealth.Keys) *devwallet.Wallet {
	t.Helper()
	p, _ := params.For(params.Dev)
	w := devwallet.New(p, keys)
	if err := v.st.ForEachUTXO(func(u *state.UTXO) error {
		_, err := w.AddOutput(u.Output, u.Index)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return w
}

// twinOf makes a node that runs orig's validator key (with a fresh
// signing state, as an operator who copies the key to a second machine
// would) under its own node key, peered with peers, keeping its mempool to
// itself.
func twinOf(t *testing.T, orig node.Config, peers []node.Config) node.Config {
	t.Helper()
	c := orig
	c.Home = filepath.Join(t.TempDir(), "twin")
	c.Moniker = orig.Moniker + "-twin"
	c.P2P.Listen = freeAddr(t)
	c.P2P.PersistentPeers = nil
	c.PrivateMempool = true
	if _, err := node.GenerateKeys(c.Home); err != nil {
		t.Fatal(err)
	}
	from, to := node.HomeFiles(orig.Home), node.HomeFiles(c.Home)
	for src, dst := range map[string]string{from.ValidatorKey: to.ValidatorKey, from.Genesis: to.Genesis} {
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range peers {
		id, err := node.LoadIdentity(p.Home)
		if err != nil {
			t.Fatal(err)
		}
		c.P2P.PersistentPeers = append(c.P2P.PersistentPeers, id.NodeID+"@"+p.P2P.Listen)
	}
	return c
}

// doubleSign keeps a payment made by pay in the twin's private mempool
// until watcher records the twinned validator key as tombstoned, and
// returns the height at which it did. Whenever the twin's own proposal
// wins (its mempool empties), it gets a fresh payment.
func doubleSign(t *testing.T, ctx context.Context, twin, watcher *validator, key [32]byte, pay func() []byte) int64 {
	t.Helper()
	payments, refused := 0, 0
	for {
		if r := records(t, watcher)[key]; r != nil && r.Tombstoned {
			t.Logf("%s: tombstoned after %d private payments", twin.name, payments)
			return watcher.n.Height()
		}
		n, err := twin.n.Client().NumUnconfirmedTxs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n.Count == 0 && twin.n.Height() == watcher.n.Height() {
			res, err := twin.n.Client().BroadcastTxSync(ctx, pay())
			switch {
			case err != nil:
				t.Fatal(err)
			case res.Code == 0:
				payments++
			default:
				// The two nodes were a block apart after all: the payment
				// spends what the twin has not seen yet, or already has.
				if refused++; refused > 20 {
					t.Fatalf("CheckTx on %s: code %d: %s", twin.name, res.Code, res.Log)
				}
			}
		}
		select {
		case <-ctx.Done():
			t.Fatalf("%s: no double signing seen by block %d: %v", twin.name, watcher.n.Height(), ctx.Err())
		case <-time.After(200 * time.Millisecond):
		}
	}
}
