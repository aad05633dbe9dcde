package wallet

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/crypto/vrf"
	"github.com/stegos-go/stegos/internal/genesis"
	"github.com/stegos-go/stegos/internal/staking"
	"github.com/stegos-go/stegos/internal/testnode"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/txbuilder"
)

// addDemoStaker recovers, as "staker", the demo account that owns the dev
// genesis stake (genesis.DemoStakes: the first demo account), and waits
// until it is synced.
func addDemoStaker(t *testing.T, w *Service) api.Account {
	t.Helper()
	a, err := w.RecoverAccount(context.Background(), "staker", genesis.DemoPhrase, "pw-staker")
	if err != nil {
		t.Fatal(err)
	}
	waitSynced(t, w, "staker")
	return a
}

// newValidator returns a fresh validator's token for chainID (as
// `stegosd validator-info` prints it) and its consensus and VRF keys (hex).
func newValidator(t *testing.T, chainID string) (token, key, vrfKey string) {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	vk, err := vrf.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := txbuilder.NewValidatorToken(chainID, priv, vk)
	if err != nil {
		t.Fatal(err)
	}
	return tok.Text(), hexOf(tok.Validator[:]), vk.Public().String()
}

// chainValidator returns the chain's record of validator key (hex).
func (f *fixture) chainValidator(key string) (api.Validator, bool) {
	f.t.Helper()
	vs, err := f.src.Validators(context.Background())
	if err != nil {
		f.t.Fatal(err)
	}
	for _, v := range vs.Validators {
		if v.Key == key {
			return v, true
		}
	}
	return api.Validator{}, false
}

// genesisValidator returns the chain's record of the test node's
// validator, the only one at genesis, staked by demo account
// DemoAccounts-1.
func (f *fixture) genesisValidator() api.Validator {
	f.t.Helper()
	vs, err := f.src.Validators(context.Background())
	if err != nil {
		f.t.Fatal(err)
	}
	if len(vs.Validators) != 1 || vs.Validators[0].Owner == "" {
		f.t.Fatalf("the dev chain starts with one staked validator, got %+v", vs.Validators)
	}
	return vs.Validators[0]
}

// waitTip waits until the chain has committed block h and w has scanned
// it for acct. The lock period of the dev chain is tens of blocks, so the
// deadline is generous.
func waitTip(t *testing.T, f *fixture, w *Service, acct string, h int64) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Minute)
	for {
		tip, err := f.src.Tip(context.Background())
		if err == nil && tip >= h {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the chain did not reach block %d (at %d, %v)", h, tip, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	waitSynced(t, w, acct)
}

// entry returns the history entry of txid.
func entry(t *testing.T, w *Service, acct, txid string) api.HistoryEntry {
	t.Helper()
	hs, err := w.History(acct, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hs {
		if h.TxID == txid {
			return h
		}
	}
	t.Fatalf("%s is not in the history of %s", txid, acct)
	return api.HistoryEntry{}
}

// settled waits until acct has nothing pending or reserved.
func settled(t *testing.T, w *Service, acct string) api.Balance {
	t.Helper()
	return waitBalance(t, w, acct, func(b api.Balance) bool { return b.Pending == 0 && b.Locked == 0 })
}

// isStaking checks that err is an ErrStaking whose message says want.
func isStaking(t *testing.T, what string, err error, want string) {
	t.Helper()
	if !errors.Is(err, ErrStaking) || !strings.Contains(fmt.Sprint(err), want) {
		t.Fatalf("%s: got %v, want ErrStaking saying %q", what, err, want)
	}
}

// TestStakeGenesisOwnerWithdrawsRewards follows the owner of the dev
// validator's genesis stake: its stake is listed, locked until the end of
// the lock period, the validator it owns earns rewards, and it withdraws
// them with a validator operation whose nonce the chain record counts.
func TestStakeGenesisOwnerWithdrawsRewards(t *testing.T) {
	f := newFixture(t, testnode.Options{})
	ctx := context.Background()
	w := f.open(f.dir("w"))
	addDemoStaker(t, w)
	p := f.node.Params.Staking
	gv := f.genesisValidator()

	st, err := w.Stakes(ctx, "staker")
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Stakes) != 1 {
		t.Fatalf("stakes %+v, want the genesis stake", st.Stakes)
	}
	s := st.Stakes[0]
	unlock := staking.UnlockHeight(0, p)
	if s.Validator != gv.Key || s.Amount != genesis.DemoStake || s.Height != 0 || s.UnlockHeight != unlock ||
		s.Unlocked != (st.Height+1 >= unlock) || s.Pending || s.ID == "" || s.TxID == "" {
		t.Fatalf("genesis stake %+v at height %d, want %s STG to %s unlocking at %d", s, st.Height, FormatSTG(genesis.DemoStake), gv.Key, unlock)
	}
	if len(st.Validators) != 1 || st.Validators[0].Key != gv.Key || st.Validators[0].Owner != gv.Owner {
		t.Fatalf("owned validators %+v, want %s", st.Validators, gv.Key)
	}
	b := settled(t, w, "staker")
	if b.Staked != genesis.DemoStake || b.Available != genesis.DemoAmount {
		t.Fatalf("staker balance %+v", b)
	}

	// The stake is locked: unstaking says until which block.
	if !s.Unlocked {
		_, err := w.Unstake(ctx, api.UnstakeParams{Account: "staker"})
		isStaking(t, "unstake of the locked genesis stake", err, fmt.Sprintf("until block %d", unlock))
	}
	// The validator signs every block: it is not jailed.
	_, err = w.Unjail(ctx, api.UnjailParams{Account: "staker"})
	isStaking(t, "unjail of a validator that is not jailed", err, "not jailed")

	// Rewards accrue every block.
	var owned api.Validator
	eventually(t, "rewards", func() error {
		st, err := w.Stakes(ctx, "staker")
		if err != nil {
			return err
		}
		if len(st.Validators) != 1 || st.Validators[0].Rewards == 0 {
			return fmt.Errorf("validators %+v", st.Validators)
		}
		owned = st.Validators[0]
		return nil
	})
	if owned.Key != gv.Key || owned.Jailed || !owned.Active {
		t.Fatalf("owned validator %+v", owned)
	}
	before, _ := f.chainValidator(gv.Key)

	// Withdraw everything accrued (amount 0): at least what Stakes showed.
	res, err := w.WithdrawRewards(ctx, api.WithdrawRewardsParams{Account: "staker"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != api.StatusPending || res.Amount < owned.Rewards || res.Fee == 0 || res.Fee >= res.Amount {
		t.Fatalf("withdraw result %+v, %d accrued before", res, owned.Rewards)
	}
	if e := entry(t, w, "staker", res.TxID); e.Kind != KindWithdraw || (e.Status != api.StatusPending && e.Status != api.StatusConfirmed) {
		t.Fatalf("withdraw entry right after %+v", e)
	} else if e.Status == api.StatusPending {
		got := balanceNow(t, w, "staker")
		// Checked only if the withdrawal was still pending when measured.
		if entry(t, w, "staker", res.TxID).Status == api.StatusPending && (got.Pending != res.Amount-res.Fee || got.Available != b.Available) {
			t.Fatalf("balance while the withdrawal is pending %+v, want %d pending", got, res.Amount-res.Fee)
		}
	}
	e := waitStatus(t, w, "staker", res.TxID, api.StatusConfirmed)
	if e.Kind != KindWithdraw || e.Direction != "self" || e.Fee != res.Fee || e.Sent != 0 || e.Height < 1 {
		t.Fatalf("confirmed withdraw entry %+v", e)
	}
	after := settled(t, w, "staker")
	if want := b.Available + res.Amount - res.Fee; after.Available != want || after.Staked != genesis.DemoStake {
		t.Fatalf("balance after the withdrawal %+v, want %d available (%d + %d - fee %d)", after, want, b.Available, res.Amount, res.Fee)
	}
	v, _ := f.chainValidator(gv.Key)
	if v.Nonce != before.Nonce+1 || v.Owner != gv.Owner {
		t.Fatalf("validator record after the withdrawal %+v, nonce was %d", v, before.Nonce)
	}

	// Asking more than accrued since is refused before building anything.
	_, err = w.WithdrawRewards(ctx, api.WithdrawRewardsParams{Account: "staker", Validator: gv.Key, Amount: v.Rewards + 1_000*ledger.STG})
	isStaking(t, "withdrawing more than accrued", err, "asked")
	if hs, _ := w.History("staker", 0, 0); len(hs) != 2 { // genesis funds + the withdrawal
		t.Fatalf("history %+v", hs)
	}

	// A watch-only copy sees the stake and the validator it owns.
	view := f.open(f.dir("v"))
	staker, _ := w.Account("staker")
	if _, err := view.ImportViewOnly(ctx, "watch", staker.Address, mustViewKey(t, w, "staker"), "pw"); err != nil {
		t.Fatal(err)
	}
	waitSynced(t, view, "watch")
	vst, err := view.Stakes(ctx, "watch")
	if err != nil {
		t.Fatal(err)
	}
	if len(vst.Stakes) != 1 || vst.Stakes[0].ID != s.ID || len(vst.Validators) != 1 || vst.Validators[0].Key != gv.Key {
		t.Fatalf("view-only stakes %+v", vst)
	}
}

// TestStakeUnstakeNewValidator has a new account bond the first stake of a
// new validator, which makes it the validator's owner: the stake is locked
// for the lock period, the validator (run by no node) is jailed for
// downtime and unjailed by its owner, and once unlocked part of the stake
// is unbonded, the rest bonded anew.
func TestStakeUnstakeNewValidator(t *testing.T) {
	f := newFixture(t, testnode.Options{BlockInterval: 50 * time.Millisecond})
	ctx := context.Background()
	w := f.demo(f.dir("w"))
	p := f.node.Params.Staking
	carol, _, err := w.CreateAccount(ctx, "carol", "pw")
	if err != nil {
		t.Fatal(err)
	}
	const funded = 3_000 * ledger.STG
	pay, err := w.Send(ctx, SendRequest{Account: "demo", To: carol.Address, Amount: funded})
	if err != nil {
		t.Fatal(err)
	}
	waitStatus(t, w, "demo", pay.TxID, api.StatusConfirmed)
	waitBalance(t, w, "carol", func(b api.Balance) bool { return b.Available == funded })

	chainID := f.node.Params.ChainID
	token, key, vrfKey := newValidator(t, chainID)
	_, _, otherVRF := newValidator(t, chainID)
	foreign, _, _ := newValidator(t, "stegos-testnet-1")
	typo := []byte(token)
	typo[len(typo)/2] ^= 'q' ^ 'p'
	if typo[len(typo)/2] != 'q' && typo[len(typo)/2] != 'p' {
		typo[len(typo)/2] = 'q'
	}
	refused := []struct {
		name string
		req  api.StakeParams
		want string
	}{
		{"first stake below the minimum", api.StakeParams{Account: "carol", Validator: token, Amount: p.MinStake - 1}, "at least " + FormatSTG(p.MinStake)},
		{"first stake by key, without the token", api.StakeParams{Account: "carol", Validator: key, VRFKey: vrfKey, Amount: p.MinStake}, "first stake needs its validator token"},
		{"keys swapped (the VRF key as the validator)", api.StakeParams{Account: "carol", Validator: vrfKey, VRFKey: key, Amount: p.MinStake}, "first stake needs its validator token"},
		{"a token with a typo", api.StakeParams{Account: "carol", Validator: string(typo), Amount: p.MinStake}, "checksum"},
		{"a token for another chain", api.StakeParams{Account: "carol", Validator: foreign, Amount: p.MinStake}, "is for chain stegos-testnet-1"},
		{"a VRF key that is not the token's", api.StakeParams{Account: "carol", Validator: token, VRFKey: otherVRF, Amount: p.MinStake}, "not the one in validator"},
	}
	for _, c := range refused {
		_, err := w.Stake(ctx, c.req)
		isStaking(t, c.name, err, c.want)
	}

	// The first stake, by token, registers the VRF key and the owner.
	res, err := w.Stake(ctx, api.StakeParams{Account: "carol", Validator: token, Amount: p.MinStake})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != api.StatusPending || res.Amount != p.MinStake || res.Fee == 0 {
		t.Fatalf("stake result %+v", res)
	}
	if e := entry(t, w, "carol", res.TxID); e.Kind != KindStake {
		t.Fatalf("stake entry %+v", e)
	}
	e := waitStatus(t, w, "carol", res.TxID, api.StatusConfirmed)
	if e.Kind != KindStake || e.Fee != res.Fee {
		t.Fatalf("confirmed stake entry %+v", e)
	}
	b := settled(t, w, "carol")
	if b.Staked != p.MinStake || b.Available != funded-p.MinStake-res.Fee {
		t.Fatalf("balance after staking %+v, want %d staked, %d available", b, p.MinStake, funded-p.MinStake-res.Fee)
	}
	unlock := staking.UnlockHeight(e.Height, p)
	st, err := w.Stakes(ctx, "carol")
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Stakes) != 1 {
		t.Fatalf("stakes %+v", st.Stakes)
	}
	first := st.Stakes[0]
	if first.Validator != key || first.Amount != p.MinStake || first.Height != e.Height || first.TxID != res.TxID ||
		first.UnlockHeight != unlock || first.Unlocked || first.Pending {
		t.Fatalf("stake %+v at height %d, want %s STG locked until %d", first, st.Height, FormatSTG(p.MinStake), unlock)
	}
	if len(st.Validators) != 1 || st.Validators[0].Key != key || st.Validators[0].VRFKey != vrfKey || st.Validators[0].Stake != p.MinStake {
		t.Fatalf("owned validators %+v, want %s", st.Validators, key)
	}

	// A later stake must not change the registered VRF key.
	_, err = w.Stake(ctx, api.StakeParams{Account: "carol", Validator: key, VRFKey: otherVRF, Amount: 1})
	isStaking(t, "a different VRF key", err, "registered VRF key")
	// Locked: unstaking names the block it unlocks at (the validator named
	// by a prefix, as tables print it).
	_, err = w.Unstake(ctx, api.UnstakeParams{Account: "carol"})
	isStaking(t, "unstake before the lock ends", err, fmt.Sprintf("until block %d", unlock))
	_, err = w.Unstake(ctx, api.UnstakeParams{Account: "carol", Validator: key[:16] + "…", Amount: 1})
	isStaking(t, "partial unstake before the lock ends", err, fmt.Sprintf("until block %d", unlock))
	_, err = w.Unjail(ctx, api.UnjailParams{Account: "carol"})
	isStaking(t, "unjail of a validator that is not jailed", err, "not jailed")

	// No node runs the validator: once in the set it misses every block
	// and is jailed for downtime. Its owner unjails it after UnjailDelay.
	var jailed api.Validator
	deadline := time.Now().Add(5 * time.Minute)
	for {
		v, ok := f.chainValidator(key)
		if ok && v.Jailed {
			jailed = v
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("validator never jailed: %+v", v)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if jailed.UnjailAt != jailed.JailedAt+p.UnjailDelay || jailed.Owner == "" {
		t.Fatalf("jailed validator %+v", jailed)
	}
	waitSynced(t, w, "carol")
	if tip, _ := f.src.Tip(ctx); tip+1 < jailed.UnjailAt {
		_, err = w.Unjail(ctx, api.UnjailParams{Account: "carol"})
		isStaking(t, "unjail too early", err, fmt.Sprintf("may unjail from block %d", jailed.UnjailAt))
	}
	waitTip(t, f, w, "carol", jailed.UnjailAt-1)
	before, _ := f.chainValidator(key)
	bal := settled(t, w, "carol")
	un, err := w.Unjail(ctx, api.UnjailParams{Account: "carol", Validator: strings.ToUpper(key[:8])})
	if err != nil {
		t.Fatal(err)
	}
	e = waitStatus(t, w, "carol", un.TxID, api.StatusConfirmed)
	if e.Kind != KindUnjail || e.Fee != un.Fee {
		t.Fatalf("unjail entry %+v", e)
	}
	v, _ := f.chainValidator(key)
	if v.Nonce != before.Nonce+1 || (v.Jailed && v.JailedAt <= jailed.JailedAt) {
		t.Fatalf("validator after unjail %+v (before %+v)", v, before)
	}
	afterUnjail := settled(t, w, "carol")
	// Rewards that cover the fee pay it; otherwise the account's coins do.
	if want := bal.Available + un.Amount - un.Fee; afterUnjail.Available != want {
		t.Fatalf("balance after unjail %+v, want %d available (claimed %d, fee %d)", afterUnjail, want, un.Amount, un.Fee)
	}

	// Unlocked: unbond part, the rest is bonded anew under a new lock.
	waitTip(t, f, w, "carol", unlock-1)
	st, err = w.Stakes(ctx, "carol")
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Stakes) != 1 || !st.Stakes[0].Unlocked {
		t.Fatalf("stakes at %d %+v, want unlocked from %d", st.Height, st.Stakes, unlock)
	}
	bal = settled(t, w, "carol")
	const part = 400 * ledger.STG
	_, err = w.Unstake(ctx, api.UnstakeParams{Account: "carol", Amount: p.MinStake + 1})
	isStaking(t, "unstaking more than staked", err, "asked")
	out, err := w.Unstake(ctx, api.UnstakeParams{Account: "carol", Validator: key, Amount: part})
	if err != nil {
		t.Fatal(err)
	}
	if out.Status != api.StatusPending || out.Amount != part || out.Fee == 0 {
		t.Fatalf("unstake result %+v", out)
	}
	if st, _ := w.Stakes(ctx, "carol"); len(st.Stakes) == 1 && st.Stakes[0].ID == first.ID && !st.Stakes[0].Pending {
		t.Fatalf("the stake being unbonded is not marked pending: %+v", st.Stakes)
	}
	e = waitStatus(t, w, "carol", out.TxID, api.StatusConfirmed)
	if e.Kind != KindUnstake || e.Fee != out.Fee {
		t.Fatalf("unstake entry %+v", e)
	}
	after := settled(t, w, "carol")
	if want := bal.Available + part - out.Fee; after.Available != want || after.Staked != p.MinStake-part {
		t.Fatalf("balance after unstaking %+v, want %d available, %d staked", after, want, p.MinStake-part)
	}
	st, err = w.Stakes(ctx, "carol")
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Stakes) != 1 {
		t.Fatalf("stakes after a partial unstake %+v", st.Stakes)
	}
	rest := st.Stakes[0]
	if rest.ID == first.ID || rest.TxID != out.TxID || rest.Validator != key || rest.Amount != p.MinStake-part ||
		rest.Height != e.Height || rest.UnlockHeight != staking.UnlockHeight(e.Height, p) || rest.Unlocked {
		t.Fatalf("re-bonded rest %+v, want %s STG to %s locked from %d", rest, FormatSTG(p.MinStake-part), key, e.Height)
	}
	// The first stake made carol the owner, spent or not.
	if len(st.Validators) != 1 || st.Validators[0].Key != key {
		t.Fatalf("owned validators after unstaking %+v", st.Validators)
	}
	if v, _ := f.chainValidator(key); v.Stake != p.MinStake-part {
		t.Fatalf("validator stake %d, want %d", v.Stake, p.MinStake-part)
	}
}

// TestStakeErrors checks the refusals of the staking calls, by the typed
// error callers branch on.
func TestStakeErrors(t *testing.T) {
	f := newFixture(t, testnode.Options{})
	ctx := context.Background()
	w := f.demo(f.dir("w"))
	gv := f.genesisValidator()
	p := f.node.Params.Staking
	token, key, vrfKey := newValidator(t, f.node.Params.ChainID)
	demo, _ := w.Account("demo")
	if _, err := w.ImportViewOnly(ctx, "watch", demo.Address, mustViewKey(t, w, "demo"), "pw"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := w.CreateAccount(ctx, "locked", "pw"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Lock("locked"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := w.CreateAccount(ctx, "fresh", "pw"); err != nil {
		t.Fatal(err)
	}
	waitSynced(t, w, "fresh")
	waitSynced(t, w, "watch")
	waitSynced(t, w, "locked")

	funds := errors.New("insufficient funds marker")
	stake := func(r api.StakeParams) func() error {
		return func() error { _, err := w.Stake(ctx, r); return err }
	}
	unstake := func(r api.UnstakeParams) func() error {
		return func() error { _, err := w.Unstake(ctx, r); return err }
	}
	withdraw := func(r api.WithdrawRewardsParams) func() error {
		return func() error { _, err := w.WithdrawRewards(ctx, r); return err }
	}
	unjail := func(r api.UnjailParams) func() error {
		return func() error { _, err := w.Unjail(ctx, r); return err }
	}
	cases := []struct {
		name string
		call func() error
		want error
		says string
	}{
		{"stake: validator not hex", stake(api.StakeParams{Account: "demo", Validator: "zz" + gv.Key[2:], Amount: p.MinStake}), ErrStaking, "not a validator key (64 hex digits) nor a prefix"},
		{"stake: prefix too short", stake(api.StakeParams{Account: "demo", Validator: gv.Key[:3], Amount: p.MinStake}), ErrStaking, "at least 4"},
		{"stake: prefix of no validator", stake(api.StakeParams{Account: "demo", Validator: otherPrefix(gv.Key), Amount: p.MinStake}), ErrStaking, "is not one of the staked validators: " + gv.Key[:16] + "… (100000 STG staked, active)"},
		{"stake: zero amount", stake(api.StakeParams{Account: "demo", Validator: gv.Key}), ErrInvalidAmount, ""},
		{"stake: new validator below the minimum", stake(api.StakeParams{Account: "demo", Validator: token, Amount: p.MinStake - 1}), ErrStaking, "at least"},
		{"stake: new validator by key", stake(api.StakeParams{Account: "demo", Validator: key, VRFKey: vrfKey, Amount: p.MinStake}), ErrStaking, "needs its validator token"},
		{"stake: another VRF key than registered", stake(api.StakeParams{Account: "demo", Validator: gv.Key, VRFKey: vrfKey, Amount: 1}), ErrStaking, "registered VRF key " + gv.VRFKey},
		{"stake: another account's validator", stake(api.StakeParams{Account: "fresh", Validator: gv.Key[:8], Amount: p.MinStake}), ErrNeedsForce, "is owned by another account"},
		{"stake: more than the account holds", stake(api.StakeParams{Account: "demo", Validator: gv.Key, Amount: 2 * genesis.DemoAmount}), funds, ""},
		{"stake: unknown account", stake(api.StakeParams{Account: "nobody", Validator: gv.Key, Amount: p.MinStake}), ErrAccountNotFound, ""},
		{"stake: locked account", stake(api.StakeParams{Account: "locked", Validator: gv.Key, Amount: p.MinStake}), ErrLocked, ""},
		{"stake: view-only account", stake(api.StakeParams{Account: "watch", Validator: gv.Key, Amount: p.MinStake}), ErrViewOnly, ""},
		{"unstake: validator not hex", unstake(api.UnstakeParams{Account: "demo", Validator: "nope"}), ErrStaking, "not a validator key"},
		{"unstake: a validator without the account's stake", unstake(api.UnstakeParams{Account: "demo", Validator: otherPrefix(gv.Key)}), ErrStaking, "is not one of the validators account \"demo\" has staked to: " + gv.Key[:16]},
		{"unstake: nothing staked", unstake(api.UnstakeParams{Account: "fresh"}), ErrStaking, "nothing staked"},
		{"unstake: all locked", unstake(api.UnstakeParams{Account: "demo"}), ErrStaking, "all locked"},
		{"unstake: locked account", unstake(api.UnstakeParams{Account: "locked"}), ErrLocked, ""},
		{"unstake: view-only account", unstake(api.UnstakeParams{Account: "watch"}), ErrViewOnly, ""},
		{"withdraw: owns no validator", withdraw(api.WithdrawRewardsParams{Account: "fresh"}), ErrStaking, "owns no validator"},
		{"withdraw: not the owner", withdraw(api.WithdrawRewardsParams{Account: "fresh", Validator: gv.Key}), ErrStaking, "does not own validator"},
		{"withdraw: validator not hex", withdraw(api.WithdrawRewardsParams{Account: "demo", Validator: "xyz"}), ErrStaking, "not a validator key"},
		{"withdraw: another validator", withdraw(api.WithdrawRewardsParams{Account: "demo", Validator: otherPrefix(gv.Key)}), ErrStaking, "does not own validator " + otherPrefix(gv.Key) + "; it owns " + gv.Key[:16]},
		{"withdraw: locked account", withdraw(api.WithdrawRewardsParams{Account: "locked"}), ErrLocked, ""},
		{"withdraw: view-only account", withdraw(api.WithdrawRewardsParams{Account: "watch"}), ErrViewOnly, ""},
		{"unjail: owns no validator", unjail(api.UnjailParams{Account: "fresh"}), ErrStaking, "owns no validator"},
		{"unjail: locked account", unjail(api.UnjailParams{Account: "locked"}), ErrLocked, ""},
		{"unjail: view-only account", unjail(api.UnjailParams{Account: "watch"}), ErrViewOnly, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.call()
			if c.want == funds {
				var ife *InsufficientFundsError
				if !errors.As(err, &ife) {
					t.Fatalf("got %v, want insufficient funds", err)
				}
				return
			}
			if !errors.Is(err, c.want) || !strings.Contains(fmt.Sprint(err), c.says) {
				t.Fatalf("got %v, want %v saying %q", err, c.want, c.says)
			}
		})
	}
	// Nothing was recorded by the refusals.
	if hs, _ := w.History("demo", 0, 0); len(hs) != 1 {
		t.Fatalf("demo history %+v, want the genesis funds only", hs)
	}
	// A view-only account still lists its stakes (watch sees demo's
	// genesis stake and validator); a locked one too (its view key keeps
	// scanning).
	for _, c := range []struct {
		acct string
		n    int
	}{{"watch", 1}, {"locked", 0}} {
		st, err := w.Stakes(ctx, c.acct)
		if err != nil || len(st.Stakes) != c.n || len(st.Validators) != c.n {
			t.Fatalf("stakes of %s: %+v, %v", c.acct, st, err)
		}
	}
}

// TestStakeOpPendingGuard: while a validator operation of the account is
// pending, another on the same validator is refused (it would reuse the
// record's nonce and fail on chain).
func TestStakeOpPendingGuard(t *testing.T) {
	f := newFixture(t, testnode.Options{})
	ctx := context.Background()
	w := f.open(f.dir("w"))
	a := addDemoStaker(t, w)
	gv := f.genesisValidator()
	eventually(t, "rewards accrue", func() error {
		if v, _ := f.chainValidator(gv.Key); v.Rewards == 0 {
			return errors.New("no rewards yet")
		}
		return nil
	})
	acct, v, rec, err := w.pickOwned(ctx, a.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	key, err := parseKey("validator", v.Key)
	if err != nil {
		t.Fatal(err)
	}
	op := &ledger.ValidatorOp{Kind: ledger.OpWithdraw, Validator: key, Nonce: v.Nonce, Amount: v.Rewards}
	w.mu.Lock()
	defer w.mu.Unlock()
	// Prepared and recorded as pending, not submitted.
	if _, _, err := w.prepareOp(acct, rec, op, KindWithdraw); err != nil {
		t.Fatal(err)
	}
	_, _, err = w.prepareOp(acct, rec, op, KindWithdraw)
	if !errors.Is(err, ErrStaking) || !strings.Contains(err.Error(), "still pending") {
		t.Fatalf("second operation while the first is pending: %v, want ErrStaking saying it is pending", err)
	}
}

// otherPrefix returns an 8-digit prefix that is not key's.
func otherPrefix(key string) string {
	c := byte('0')
	if key[0] == '0' {
		c = '1'
	}
	return string(c) + key[1:8]
}

// TestStakeRisks: a stake to a validator that would not earn for the
// account is refused until forced, saying which of the reasons hold.
func TestStakeRisks(t *testing.T) {
	t.Parallel()
	base := api.Validator{Key: strings.Repeat("ab", 32), Owner: strings.Repeat("cd", 32), Stake: 5000 * ledger.STG, Active: true}
	jailed, tomb := base, base
	jailed.Active, jailed.Jailed, jailed.JailedAt, jailed.UnjailAt = false, true, 40, 60
	tomb.Active, tomb.Jailed, tomb.Tombstoned = false, true, true
	cases := []struct {
		name string
		v    api.Validator
		mine bool
		says []string // nil: allowed
	}{
		{"own, active", base, true, nil},
		{"another account's", base, false, []string{"is owned by another account (owner key cdcdcdcdcdcdcdcd…)", "--force"}},
		{"own, jailed", jailed, true, []string{"is jailed (since block 40)", "from block 60"}},
		{"another account's, jailed", jailed, false, []string{"is jailed", "and is owned by another account"}},
		{"own, tombstoned", tomb, true, []string{"is tombstoned for double signing"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := stakeRisks(&tc.v, tc.mine)
			if tc.says == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.Is(err, ErrNeedsForce) || !errors.Is(err, ErrStaking) {
				t.Fatalf("got %v, want ErrNeedsForce and ErrStaking", err)
			}
			for _, s := range tc.says {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("%q lacks %q", err, s)
				}
			}
		})
	}
}

// TestMatchValidator: a validator is named by its key or a unique prefix
// of it (as tables print it, ellipsis and case included); an ambiguous or
// unknown prefix is refused with the list of choices.
func TestMatchValidator(t *testing.T) {
	t.Parallel()
	key := func(prefix string) string { return prefix + strings.Repeat("0", 64-len(prefix)) }
	vs := []api.Validator{
		{Key: key("ab12cd"), Stake: 100_000 * ledger.STG, Active: true},
		{Key: key("ab12ef"), Stake: 2500 * ledger.STG, Jailed: true, JailedAt: 7},
		{Key: key("77"), Stake: 1000 * ledger.STG},
	}
	cases := []struct {
		ref  string
		want string // the key found, or a fragment of the error
		ok   bool
	}{
		{vs[0].Key, vs[0].Key, true},
		{"ab12c", vs[0].Key, true},
		{"AB12EF", vs[1].Key, true},
		{"ab12ef000000…", vs[1].Key, true},
		{" 7700 ", vs[2].Key, true},
		{"ab12", `"ab12" is the prefix of 2 of the test set; give more digits: ab12cd0000000000… (100000 STG staked, active); ab12ef0000000000… (2500 STG staked, jailed at block 7)`, false},
		{"ab1", "at least 4", false},
		{"zz12", "not a validator key", false},
		{key("ab12cd") + "00", "not a validator key", false},
		{"9999", "9999 is not one of the test set: ab12cd0000000000… (100000 STG staked, active); ab12ef0000000000…", false},
	}
	// A mistyped token (its prefix wrong) is not echoed whole: it holds a
	// secret.
	typo := "stgvl1" + strings.Repeat("q", 400)
	if _, err := matchValidator(typo, vs, "the test set"); !errors.Is(err, ErrStaking) || strings.Contains(err.Error(), typo[:30]) || !strings.Contains(err.Error(), "nor a validator token") {
		t.Fatalf("a mistyped token: %v", err)
	}
	for _, tc := range cases {
		t.Run(tc.ref, func(t *testing.T) {
			v, err := matchValidator(tc.ref, vs, "the test set")
			if tc.ok {
				if err != nil || v.Key != tc.want {
					t.Fatalf("got %v, %v; want %s", v, err, tc.want)
				}
				return
			}
			if !errors.Is(err, ErrStaking) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want ErrStaking saying %q", err, tc.want)
			}
		})
	}
}

// TestUnstakeNeedsValidatorOrAll: an unstake that would spend more than
// one stake must name the validator or say all; the refusal lists the
// validators. It used to unstake everything the account had. A stake to a
// validator another account owns needs force.
func TestUnstakeNeedsValidatorOrAll(t *testing.T) {
	f := newFixture(t, testnode.Options{BlockInterval: 50 * time.Millisecond})
	ctx := context.Background()
	w := f.open(f.dir("w"))
	addDemoStaker(t, w)
	gv := f.genesisValidator()
	p := f.node.Params.Staking

	// A second stake to the validator the account owns: no force needed.
	res, err := w.Stake(ctx, api.StakeParams{Account: "staker", Validator: gv.Key[:10], Amount: 5 * ledger.STG})
	if err != nil {
		t.Fatal(err)
	}
	e := waitStatus(t, w, "staker", res.TxID, api.StatusConfirmed)
	waitTip(t, f, w, "staker", max(staking.UnlockHeight(0, p), staking.UnlockHeight(e.Height, p))-1)

	_, err = w.Unstake(ctx, api.UnstakeParams{Account: "staker"})
	isStaking(t, "unstake of two stakes without a validator", err, "this would unstake 2 stakes ("+FormatSTG(genesis.DemoStake+5*ledger.STG)+" STG) of 1 validator; name the validator")
	if !strings.Contains(err.Error(), gv.Key[:16]+"… (2 unlocked stakes") {
		t.Fatalf("the refusal does not list the validator: %v", err)
	}
	if st, _ := w.Stakes(ctx, "staker"); len(st.Stakes) != 2 || st.Stakes[0].Pending || st.Stakes[1].Pending {
		t.Fatalf("a refused unstake touched the stakes: %+v", st.Stakes)
	}
	// Naming the validator by a prefix, with an amount, spends what it needs.
	out, err := w.Unstake(ctx, api.UnstakeParams{Account: "staker", Validator: gv.Key[:6], Amount: 5 * ledger.STG})
	if err != nil {
		t.Fatal(err)
	}
	waitStatus(t, w, "staker", out.TxID, api.StatusConfirmed)
	// All: everything, in one transaction.
	settled(t, w, "staker")
	st, err := w.Stakes(ctx, "staker")
	if err != nil {
		t.Fatal(err)
	}
	var unlocked int
	for _, s := range st.Stakes {
		if s.Unlocked {
			unlocked++
		}
	}
	if unlocked > 1 {
		_, err = w.Unstake(ctx, api.UnstakeParams{Account: "staker"})
		isStaking(t, "unstake of the rest without a validator", err, "name the validator")
	}
	all, err := w.Unstake(ctx, api.UnstakeParams{Account: "staker", All: true})
	if err != nil {
		t.Fatal(err)
	}
	waitStatus(t, w, "staker", all.TxID, api.StatusConfirmed)
	if b := settled(t, w, "staker"); b.Staked != 0 {
		t.Fatalf("staked after unstaking all: %+v", b)
	}

	// Another account staking to the demo's validator needs force.
	if _, _, err := w.CreateAccount(ctx, "other", "pw"); err != nil {
		t.Fatal(err)
	}
	pay, err := w.Send(ctx, SendRequest{Account: "staker", To: mustAddress(t, w, "other"), Amount: 10 * ledger.STG})
	if err != nil {
		t.Fatal(err)
	}
	waitStatus(t, w, "staker", pay.TxID, api.StatusConfirmed)
	waitBalance(t, w, "other", func(b api.Balance) bool { return b.Available == 10*ledger.STG })
	_, err = w.Stake(ctx, api.StakeParams{Account: "other", Validator: gv.Key, Amount: ledger.STG})
	if !errors.Is(err, ErrNeedsForce) || !strings.Contains(err.Error(), "is owned by another account") {
		t.Fatalf("stake to another account's validator: %v, want ErrNeedsForce", err)
	}
	forced, err := w.Stake(ctx, api.StakeParams{Account: "other", Validator: gv.Key, Amount: ledger.STG, Force: true})
	if err != nil {
		t.Fatal(err)
	}
	waitStatus(t, w, "other", forced.TxID, api.StatusConfirmed)
}

// mustAddress returns the address of acct.
func mustAddress(t *testing.T, w *Service, acct string) string {
	t.Helper()
	a, err := w.Account(acct)
	if err != nil {
		t.Fatal(err)
	}
	return a.Address
}
