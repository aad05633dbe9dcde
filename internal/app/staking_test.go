package app

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/internal/staking"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/txbuilder"
)

const stg = ledger.STG

// TestRewardsAndEpochs: every block mints the reward, 80% to the active
// validators by stake and 20% (with rounding) to the pool; at the epoch
// boundary a staked validator outside the genesis set joins and the
// genesis validators get stake-based power. The state audits after every
// block (UTXO sum, Merkle root, validator hash, reward accounts).
func TestRewardsAndEpochs(t *testing.T) {
	c := newStakingChain(t, []uint64{100_000 * stg, 200_000 * stg, 300_000 * stg}, 2)
	p := c.a.params.Staking
	c.block(step{})
	v0, v1, v2 := c.record(c.vals[0]), c.record(c.vals[1]), c.record(c.vals[2])
	share := p.BlockReward * (10000 - p.AwardShareBps) / 10000
	if v0.Rewards+v1.Rewards > share || v0.Rewards+v1.Rewards+2 < share || v1.Rewards-2*v0.Rewards > 1 || v2.Rewards != 0 {
		t.Fatalf("rewards after one block: %d, %d, %d (validators' share %d)", v0.Rewards, v1.Rewards, v2.Rewards, share)
	}
	m := c.a.st.Meta()
	if m.Minted != p.BlockReward || m.Pool+m.Rewards != p.BlockReward || m.Pool < p.BlockReward*p.AwardShareBps/10000 {
		t.Fatalf("accounts after one block: minted %d, pool %d, rewards %d", m.Minted, m.Pool, m.Rewards)
	}
	if !v0.Active || !v1.Active || v2.Active {
		t.Fatalf("active: %v %v %v, want the genesis set", v0.Active, v1.Active, v2.Active)
	}

	var updates []abci.ValidatorUpdate
	for c.height < p.EpochBlocks {
		resp := c.block(step{})
		if c.height < p.EpochBlocks && len(resp.ValidatorUpdates) > 0 {
			t.Fatalf("validator updates at block %d, before the epoch boundary", c.height)
		}
		updates = resp.ValidatorUpdates
	}
	want := map[[32]byte]int64{c.vals[0].key: 100_000, c.vals[1].key: 200_000, c.vals[2].key: 300_000}
	if len(updates) != 3 {
		t.Fatalf("updates at the boundary: %v", updates)
	}
	for _, u := range updates {
		var k [32]byte
		copy(k[:], u.PubKey.GetEd25519())
		if want[k] != u.Power {
			t.Fatalf("update %x power %d, want %d", k[:4], u.Power, want[k])
		}
	}
	v2 = c.record(c.vals[2])
	if !v2.Active || v2.ActiveSince != p.EpochBlocks+2 {
		t.Fatalf("the new validator: active %v since %d", v2.Active, v2.ActiveSince)
	}
	if m := c.a.st.Meta(); m.Minted != uint64(c.height)*p.BlockReward {
		t.Fatalf("minted %d after %d blocks", m.Minted, c.height)
	}
}

// TestBeacon: a proposer whose stake registered a VRF key must contribute
// to the beacon; a missing, forged or foreign contribution is rejected; a
// good one moves the beacon.
func TestBeacon(t *testing.T) {
	c := newStakingChain(t, []uint64{100_000 * stg, 100_000 * stg}, 2)
	before := c.a.st.Meta().Beacon
	cases := []struct {
		name   string
		tamper func([][]byte) [][]byte
	}{
		{"forged proof", func(txs [][]byte) [][]byte {
			b := bytes.Clone(txs[0])
			b[len(b)-1] ^= 1
			return append([][]byte{b}, txs[1:]...)
		}},
		{"another validator's key", func(txs [][]byte) [][]byte {
			b := bytes.Clone(txs[0])
			copy(b[7:39], c.vals[1].key[:])
			return append([][]byte{b}, txs[1:]...)
		}},
		{"truncated", func(txs [][]byte) [][]byte { return append([][]byte{txs[0][:50]}, txs[1:]...) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if ok, _, _ := c.propose(step{tamper: tc.tamper}); ok {
				t.Fatal("accepted")
			}
		})
	}
	// Withholding is allowed but costs the proposer its award ticket.
	c.block(step{tamper: func(txs [][]byte) [][]byte { return txs[1:] }})
	if !c.record(c.vals[0]).PeriodDisqualified || c.record(c.vals[1]).PeriodDisqualified {
		t.Fatal("withholding the beacon contribution did not disqualify the proposer (only)")
	}
	if c.a.st.Meta().Beacon == before {
		t.Fatal("the beacon did not move on a block without a contribution")
	}
	before = c.a.st.Meta().Beacon
	c.block(step{})
	after := c.a.st.Meta().Beacon
	if after == before {
		t.Fatal("the beacon did not move")
	}
	// The contribution of the other validator is just as valid.
	c.block(step{proposer: c.vals[1]})
	if c.a.st.Meta().Beacon == after {
		t.Fatal("the beacon did not move on the second proposer's block")
	}
	// A beacon transaction is never a mempool transaction.
	ok, txs, _ := c.propose(step{})
	if !ok || !IsBeaconTx(txs[0]) {
		t.Fatal("no beacon contribution in a proposal")
	}
	if r := checkTx(t, c.a, txs[0]); r.Code != uint32(ledger.KindMalformed) {
		t.Fatalf("CheckTx of a beacon contribution: code %d", r.Code)
	}
}

// TestStakeLock: a stake output cannot be spent before its lock ends
// (KindStakeLocked, with the unlock height); after, spending it unbonds.
func TestStakeLock(t *testing.T) {
	c := newStakingChain(t, []uint64{100_000 * stg, 50_000 * stg}, 1)
	p := c.a.params.Staking
	var stakeID ledger.OutputID
	for _, u := range c.owner.Unspent() {
		if so, ok := u.Output.(*ledger.StakeOutput); ok && so.Validator == c.vals[1].key {
			stakeID = u.ID
		}
	}
	unbond := func() []byte {
		tx, err := c.owner.PayFrom(rand.Reader, []ledger.OutputID{stakeID}, []txbuilder.Payment{{To: c.owner.Address(), Amount: 10 * stg}})
		if err != nil {
			t.Fatal(err)
		}
		c.owner.Release(tx)
		return tx.Encode()
	}
	unlock := staking.UnlockHeight(0, p)
	c.block(step{})
	r := checkTx(t, c.a, unbond())
	if r.Code != uint32(ledger.KindStakeLocked) || !bytes.Contains([]byte(r.Log), []byte("locked until block")) {
		t.Fatalf("spending a locked stake: code %d (%s)", r.Code, r.Log)
	}
	c.run(unlock-1, step{})
	tx := unbond()
	if r := checkTx(t, c.a, tx); r.Code != 0 {
		t.Fatalf("spending an unlocked stake: code %d (%s)", r.Code, r.Log)
	}
	c.block(step{txs: [][]byte{tx}})
	if v := c.record(c.vals[1]); v.Stake != 0 {
		t.Fatalf("stake after unbonding: %d", v.Stake)
	}
}

// TestDowntimeJails: a validator that misses more than half of the
// downtime window is jailed, earns nothing, and leaves the set at the next
// epoch boundary.
func TestDowntimeJails(t *testing.T) {
	c := newStakingChain(t, []uint64{100_000 * stg, 100_000 * stg, 100_000 * stg}, 3)
	p := c.a.params.Staking
	lazy := c.vals[2]
	var jailing []abci.ValidatorUpdate
	for !c.record(lazy).Jailed {
		if c.height > p.DowntimeWindow {
			t.Fatalf("not jailed after %d missed blocks", c.height)
		}
		jailing = c.block(step{absent: map[*testValidator]bool{lazy: true}}).ValidatorUpdates
	}
	jailedAt := c.height
	if missed := jailedAt - 1; missed*10000 <= int64(p.DowntimeMaxMissedBps)*p.DowntimeWindow {
		t.Fatalf("jailed after missing only %d of %d blocks", missed, p.DowntimeWindow)
	}
	if jailedAt%p.EpochBlocks == 0 {
		t.Fatalf("jailed at the epoch boundary %d: the test wants a block between boundaries", jailedAt)
	}
	// It leaves the set in the block that jails it, not at the boundary.
	if len(jailing) != 1 || !bytes.Equal(jailing[0].PubKey.GetEd25519(), lazy.key[:]) || jailing[0].Power != 0 {
		t.Fatalf("block %d jailed the validator with updates %v, want its removal", jailedAt, jailing)
	}
	if r := c.record(lazy); r.Active || r.Power != 0 {
		t.Fatalf("jailed validator's record %+v: still in the set", r)
	}
	rewards := c.record(lazy).Rewards
	for c.height < p.EpochBlocks {
		for _, u := range c.block(step{}).ValidatorUpdates {
			if bytes.Equal(u.PubKey.GetEd25519(), lazy.key[:]) {
				t.Fatalf("block %d updates the jailed validator again: %v", c.height, u)
			}
		}
	}
	if c.record(lazy).Rewards != rewards {
		t.Fatal("a jailed validator kept earning")
	}
}

// TestJailKeepsASet: when every active validator is jailed at once, none
// leaves between boundaries (CometBFT needs a validator).
func TestJailKeepsASet(t *testing.T) {
	c := newStakingChain(t, []uint64{100_000 * stg}, 1)
	v := c.record(c.vals[0])
	v.Jailed, v.JailedAt = true, 5
	if u := removeJailed([]*staking.Validator{v}); u != nil || !v.Active {
		t.Fatalf("the only validator was removed: %v", u)
	}
}

// TestDoubleSigningSlashes: evidence of double signing tombstones the
// validator and moves its whole stake (SlashShareBps = all on dev) to the
// award pool; its stake outputs leave the UTXO set.
func TestDoubleSigningSlashes(t *testing.T) {
	c := newStakingChain(t, []uint64{100_000 * stg, 100_000 * stg, 100_000 * stg}, 3)
	c.block(step{})
	bad := c.vals[1]
	before := c.a.st.Meta()
	ev := []abci.Misbehavior{{Type: abci.MisbehaviorType_DUPLICATE_VOTE, Validator: abci.Validator{Address: bad.addr(), Power: 10}, Height: 1}}
	c.block(step{misbehavior: ev})
	v := c.record(bad)
	after := c.a.st.Meta()
	if !v.Tombstoned || v.Stake != 0 {
		t.Fatalf("after slashing: tombstoned %v, stake %d", v.Tombstoned, v.Stake)
	}
	if after.Slashed != bad.stake || after.Supply != before.Supply-bad.stake || after.Pool < before.Pool+bad.stake {
		t.Fatalf("after slashing: slashed %d, supply %d (was %d), pool %d (was %d)", after.Slashed, after.Supply, before.Supply, after.Pool, before.Pool)
	}
	// The same evidence again changes nothing.
	c.block(step{misbehavior: ev})
	if m := c.a.st.Meta(); m.Slashed != bad.stake {
		t.Fatalf("slashed twice: %d", m.Slashed)
	}
}

// TestAwardDraw: at the end of the award period the whole pool goes to one
// eligible validator, recorded in the draws; a validator below the signed
// share is not eligible; the next period starts from an empty pool.
func TestAwardDraw(t *testing.T) {
	c := newStakingChain(t, []uint64{100_000 * stg, 100_000 * stg, 100_000 * stg}, 3)
	p := c.a.params.Staking
	flaky := c.vals[2]
	var poolBefore uint64
	for c.height < p.AwardPeriod {
		absent := map[*testValidator]bool{}
		if c.height%10 == 5 { // misses 10%: above the 5% allowance
			absent[flaky] = true
		}
		if c.height == p.AwardPeriod-1 {
			poolBefore = c.a.st.Meta().Pool
		}
		c.block(step{absent: absent})
	}
	awards, err := c.a.st.Awards(0)
	if err != nil || len(awards) != 1 {
		t.Fatalf("awards %v %v", awards, err)
	}
	aw := awards[0]
	if aw.Height != p.AwardPeriod || aw.Eligible != 2 || aw.Winner == flaky.key || aw.Winner == ([32]byte{}) {
		t.Fatalf("award %+v", aw)
	}
	if aw.Amount < poolBefore || c.a.st.Meta().Pool != 0 {
		t.Fatalf("award of %d from a pool of %d; pool now %d", aw.Amount, poolBefore, c.a.st.Meta().Pool)
	}
	var want [32]byte
	for _, v := range c.vals[:2] {
		if v.key == aw.Winner {
			want = v.key
		}
	}
	if want != aw.Winner {
		t.Fatal("the winner is not an eligible validator")
	}
	// The queries show it.
	resp, err := c.a.Query(context.Background(), &abci.RequestQuery{Path: QueryAwards})
	if err != nil || resp.Code != 0 {
		t.Fatalf("awards query: %v %d %s", err, resp.Code, resp.Log)
	}
	var got []api.Award
	if err := json.Unmarshal(resp.Value, &got); err != nil || len(got) != 1 || got[0].Amount != aw.Amount {
		t.Fatalf("awards query answer %s (%v)", resp.Value, err)
	}
	resp, _ = c.a.Query(context.Background(), &abci.RequestQuery{Path: QueryValidators})
	var vs api.Validators
	if err := json.Unmarshal(resp.Value, &vs); err != nil || len(vs.Validators) != 3 {
		t.Fatalf("validators query answer %s (%v)", resp.Value, err)
	}
}
