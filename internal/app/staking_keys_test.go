package app

import (
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"strings"
	"testing"

	cmted25519 "github.com/cometbft/cometbft/crypto/ed25519"

	"github.com/stegos-go/stegos/crypto/stealth"
	"github.com/stegos-go/stegos/crypto/vrf"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/txbuilder"
)

// identityKey is the ed25519 identity point: for it, CometBFT's ZIP-215
// verification accepts R = identity, S = 0 as a signature of anything.
var identityKey = [32]byte{1}

// newTestValidator returns a validator that is not on the chain yet.
func newTestValidator(t *testing.T) *testValidator {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	k, err := vrf.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	v := &testValidator{priv: priv, vrf: k}
	copy(v.key[:], pub)
	return v
}

// vrfKey returns the validator's VRF public key.
func (v *testValidator) vrfKey() [32]byte { return [32]byte(v.vrf.Public().Bytes()) }

// stakeOut returns a stake output to validator with a fresh one-time key
// of the owner's; tok, if set, makes it a registration.
func (c *stakingChain) stakeOut(validator, vrfKey [32]byte, amount uint64, tok *txbuilder.ValidatorToken) *ledger.StakeOutput {
	c.t.Helper()
	so, _, err := stealth.NewOutput(rand.Reader, c.owner.Address(), 0)
	if err != nil {
		c.t.Fatal(err)
	}
	o := &ledger.StakeOutput{Recipient: ledger.Recipient{OneTimeKey: so.OneTimeKey, TxKey: so.TxKey, ViewTag: so.ViewTag}, Amount: amount, Validator: validator, VRFKey: vrfKey}
	if tok != nil {
		if o.Registration, err = tok.Register(rand.Reader, o.OneTimeKey); err != nil {
			c.t.Fatal(err)
		}
	}
	return o
}

// wantStakeRule fails unless err is nil (want == nil and reason == "") or
// a bad output (12) wrapping want and saying reason.
func wantStakeRule(t *testing.T, err, want error, reason string) {
	t.Helper()
	if want == nil && reason == "" {
		if err != nil {
			t.Fatal(err)
		}
		return
	}
	if ledger.KindOf(err) != ledger.KindBadOutput || (want != nil && !errors.Is(err, want)) || !strings.Contains(err.Error(), reason) {
		t.Fatalf("got %v, want bad output (12) because %v, saying %q", err, want, reason)
	}
}

// TestStakeRegistrationRules: a validator's first stake must register it
// (ADR 0016) and reach MinStake; later stakes must not register it again
// and must carry the registered VRF key; keys of small order are refused
// even by callers that skipped the stateless checks.
func TestStakeRegistrationRules(t *testing.T) {
	c := newStakingChain(t, []uint64{100_000 * stg}, 2)
	p := c.a.params.Staking
	staked := c.vals[0]
	registered := c.record(staked)
	fresh := newTestValidator(t)
	tok := fresh.token(t, c.a.params.ChainID)
	stakes := func(outs ...*ledger.StakeOutput) *ledger.Tx {
		tx := &ledger.Tx{}
		for _, o := range outs {
			tx.Outputs = append(tx.Outputs, o)
		}
		return tx
	}
	other := newTestValidator(t)
	cases := []struct {
		name   string
		tx     *ledger.Tx
		want   error
		reason string
	}{
		{"more stake with the registered key", stakes(c.stakeOut(staked.key, registered.VRFKey, stg, nil)), nil, ""},
		{"more stake with another VRF key", stakes(c.stakeOut(staked.key, other.vrfKey(), stg, nil)), nil, "registered VRF key"},
		{"a registration of a registered validator", stakes(c.stakeOut(staked.key, registered.VRFKey, stg, staked.token(t, c.a.params.ChainID))), ledger.ErrRegistered, "only its first stake"},
		{"a new validator's registration", stakes(c.stakeOut(fresh.key, fresh.vrfKey(), p.MinStake, tok)), nil, ""},
		{"a new validator's first stake without registration", stakes(c.stakeOut(fresh.key, fresh.vrfKey(), p.MinStake, nil)), ledger.ErrUnregistered, "validator token"},
		{"a registration below the minimum", stakes(c.stakeOut(fresh.key, fresh.vrfKey(), p.MinStake-1, tok)), nil, "must be at least"},
		{"a registration and more in one tx", stakes(c.stakeOut(fresh.key, fresh.vrfKey(), p.MinStake, tok), c.stakeOut(fresh.key, fresh.vrfKey(), 1, nil)), nil, ""},
		{"a registration then another VRF key in one tx", stakes(c.stakeOut(fresh.key, fresh.vrfKey(), p.MinStake, tok), c.stakeOut(fresh.key, other.vrfKey(), 1, nil)), nil, "registered VRF key"},
		{"a registration twice in one tx", stakes(c.stakeOut(fresh.key, fresh.vrfKey(), p.MinStake, tok), c.stakeOut(fresh.key, fresh.vrfKey(), p.MinStake, tok)), ledger.ErrRegistered, "only its first stake"},
		{"the identity as validator key", stakes(c.stakeOut(identityKey, fresh.vrfKey(), p.MinStake, nil)), ledger.ErrValidatorKey, "small order"},
		{"the identity as VRF key", stakes(c.stakeOut(fresh.key, identityKey, p.MinStake, nil)), ledger.ErrVRFKey, "small-order"},
		{"a validator key that is no point", stakes(c.stakeOut([32]byte{7}, fresh.vrfKey(), p.MinStake, nil)), ledger.ErrValidatorKey, "not a curve point"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			wantStakeRule(t, c.a.checkStakes(tc.tx, c.a.st), tc.want, tc.reason)
		})
	}
	// A validator of CometBFT's genesis without stake has a record with
	// no VRF key: its first stake must register it too.
	unstaked := records{fresh.key: {Key: fresh.key, Active: true, ActiveSince: 1, Power: 10}}
	err := checkStakeRules(&c.a.params, stakes(c.stakeOut(fresh.key, fresh.vrfKey(), p.MinStake, nil)).Outputs, unstaked)
	wantStakeRule(t, err, ledger.ErrUnregistered, "no stake yet")
	if err := checkStakeRules(&c.a.params, stakes(c.stakeOut(fresh.key, fresh.vrfKey(), p.MinStake, tok)).Outputs, unstaked); err != nil {
		t.Fatalf("registering a genesis validator without stake: %v", err)
	}
}

// records is a validatorReader over a map.
type records map[[32]byte]*stakingValidator

func (r records) Validator(key [32]byte) (*stakingValidator, bool, error) {
	v, ok := r[key]
	return v, ok, nil
}

// TestForgedVotesNeedNoKey shows the attack the key rules stop: for the
// identity key, CometBFT accepts R = identity, S = 0 as a signature of any
// vote, so a stake to it would give anyone that validator's votes (and a
// way to get its stake slashed for double signing). Such a stake is
// refused at CheckTx with code 12 and the reason.
func TestForgedVotesNeedNoKey(t *testing.T) {
	var forged [64]byte
	forged[0] = 1
	if !cmted25519.PubKey(identityKey[:]).VerifySignature([]byte("a precommit for any block"), forged[:]) {
		t.Fatal("CometBFT refused the forged signature; the test no longer shows the attack")
	}
	c := newStakingChain(t, []uint64{100_000 * stg}, 1)
	c.a.params.Staking.MinStake = 100 * stg
	fresh := newTestValidator(t)
	target := &txbuilder.StakeTarget{Validator: identityKey, VRFKey: fresh.vrfKey()}
	tx, err := c.owner.PayFrom(rand.Reader, []ledger.OutputID{c.coin().ID}, []txbuilder.Payment{{To: c.owner.Address(), Amount: 100 * stg, Stake: target}})
	if err != nil {
		t.Fatal(err)
	}
	c.wantRejected(tx.Encode(), ledger.KindBadOutput, "a point of small order")
}

// TestRegistrationThroughBlocks: a first stake with the validator's token
// passes CheckTx and a block, and makes its own one-time key the owner; a
// first stake without one, or with another owner's copy of the proofs, is
// refused with its reason.
func TestRegistrationThroughBlocks(t *testing.T) {
	c := newStakingChain(t, []uint64{100_000 * stg}, 1)
	c.a.params.Staking.MinStake = 100 * stg
	fresh := newTestValidator(t)
	tok := fresh.token(t, c.a.params.ChainID)

	plain := &txbuilder.StakeTarget{Validator: fresh.key, VRFKey: fresh.vrfKey()}
	tx, err := c.owner.PayFrom(rand.Reader, []ledger.OutputID{c.coin().ID}, []txbuilder.Payment{{To: c.owner.Address(), Amount: 100 * stg, Stake: plain}})
	if err != nil {
		t.Fatal(err)
	}
	c.owner.Release(tx)
	c.wantRejected(tx.Encode(), ledger.KindBadOutput, "its first stake must register it")

	// Front-running: the proofs copied from a registration into an
	// output of another owner's. The registration key's signature names
	// the original output's one-time key, not this one.
	victim := c.stakeOut(fresh.key, fresh.vrfKey(), 100*stg, tok)
	copied := &txbuilder.StakeTarget{Validator: fresh.key, VRFKey: fresh.vrfKey(), Token: tok}
	tx, err = c.owner.PayFrom(rand.Reader, []ledger.OutputID{c.coin().ID}, []txbuilder.Payment{{To: c.owner.Address(), Amount: 100 * stg, Stake: copied}})
	if err != nil {
		t.Fatal(err)
	}
	c.owner.Release(tx)
	for _, o := range tx.Outputs {
		if so, ok := o.(*ledger.StakeOutput); ok {
			so.Registration = victim.Registration
		}
	}
	if err := txbuilder.Sign(rand.Reader, c.a.params.ChainID, tx, c.spent(tx)); err != nil {
		t.Fatal(err)
	}
	c.wantRejected(tx.Encode(), ledger.KindBadOutput, "did not name this output's owner")

	// The validator's own registration.
	tx, err = c.owner.PayFrom(rand.Reader, []ledger.OutputID{c.coin().ID}, []txbuilder.Payment{{To: c.owner.Address(), Amount: 100 * stg, Stake: copied}})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.check(tx.Encode()); err != nil {
		t.Fatal(err)
	}
	resp := c.decide(tx.Encode())
	if code := resp.TxResults[1].Code; code != 0 {
		t.Fatalf("registration in a block: code %d (%s)", code, resp.TxResults[1].Log)
	}
	for _, o := range tx.Outputs {
		if so, ok := o.(*ledger.StakeOutput); ok {
			r := c.record(fresh)
			if r.Owner != so.OneTimeKey || r.VRFKey != fresh.vrfKey() || r.Stake != 100*stg {
				t.Fatalf("record after the registration: owner %x, VRF key %x, stake %d", r.Owner[:8], r.VRFKey[:8], r.Stake)
			}
		}
	}
}

// spent returns the inputs of tx the owner wallet can sign for.
func (c *stakingChain) spent(tx *ledger.Tx) []txbuilder.Input {
	c.t.Helper()
	var ins []txbuilder.Input
	for _, id := range tx.Inputs {
		for _, u := range c.owner.Unspent() {
			if ledger.ID(u.Output) != id {
				continue
			}
			in, err := u.Spendable(c.owner.Keys())
			if err != nil {
				c.t.Fatal(err)
			}
			ins = append(ins, in)
		}
	}
	if len(ins) != len(tx.Inputs) {
		c.t.Fatalf("the owner wallet holds %d of the %d inputs", len(ins), len(tx.Inputs))
	}
	return ins
}

// TestCheckGenesisStakes: genesis stakes pass the checks a block's stake
// outputs pass. newStakingChain's genesis (every validator registered by
// its first stake) passes; each broken variant fails with its reason.
func TestCheckGenesisStakes(t *testing.T) {
	c := newStakingChain(t, []uint64{100_000 * stg, 200_000 * stg}, 2)
	p := &c.a.params
	var genesis []ledger.Output
	if err := c.a.st.ForEachUTXO(func(u *stateUTXO) error {
		genesis = append(genesis, u.Output)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := CheckGenesisStakes(p, genesis); err != nil {
		t.Fatalf("the test chain's genesis: %v", err)
	}
	v0, v1 := c.vals[0], c.vals[1]
	reg := func(v *testValidator, amount uint64) *ledger.StakeOutput {
		return c.stakeOut(v.key, v.vrfKey(), amount, v.token(t, p.ChainID))
	}
	plain := func(v *testValidator, amount uint64) *ledger.StakeOutput {
		return c.stakeOut(v.key, v.vrfKey(), amount, nil)
	}
	foreign := c.stakeOut(v0.key, v0.vrfKey(), 100_000*stg, v0.token(t, "stegos-other"))
	bent := reg(v1, 100_000*stg)
	bent.Registration.VRFProof[10] ^= 1
	small := plain(v0, 100_000*stg)
	small.Validator = identityKey
	cases := []struct {
		name   string
		outs   []ledger.Output
		want   error
		reason string
	}{
		{"registrations, then more stake", []ledger.Output{reg(v0, 100_000*stg), reg(v1, 200_000*stg), plain(v0, stg)}, nil, ""},
		{"a stake without registration", []ledger.Output{reg(v0, 100_000*stg), plain(v1, 200_000*stg)}, ledger.ErrUnregistered, "output 1"},
		{"a validator registered twice", []ledger.Output{reg(v0, 100_000*stg), reg(v0, 100_000*stg)}, ledger.ErrRegistered, "output 1"},
		{"a registration below the minimum", []ledger.Output{reg(v0, p.Staking.MinStake-1)}, nil, "must be at least"},
		{"proofs for another chain", []ledger.Output{foreign}, ledger.ErrConsensusProof, "genesis output 0"},
		{"a VRF proof that does not verify", []ledger.Output{reg(v0, 100_000*stg), bent}, ledger.ErrVRFProof, "genesis output 1"},
		{"a small-order validator key", []ledger.Output{small}, ledger.ErrValidatorKey, "small order"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			wantStakeRule(t, CheckGenesisStakes(p, tc.outs), tc.want, tc.reason)
		})
	}
}
