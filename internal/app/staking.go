package app

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"slices"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"

	"github.com/stegos-go/stegos/crypto/vrf"
	"github.com/stegos-go/stegos/internal/staking"
	"github.com/stegos-go/stegos/internal/state"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/params"
)

// This file is the proof-of-stake part of a block (docs/economics.md,
// ADR 0015): slashing, downtime, the block reward, the award draw and the
// validator set at epoch boundaries. It runs after a block's transactions,
// the same way in ProcessProposal and FinalizeBlock, so the staged result
// can be reused.

// blockInfo is what CometBFT says about a block beyond its transactions.
type blockInfo struct {
	// votes is the commit of the previous block (DecidedLastCommit, which
	// ProcessProposal gets as ProposedLastCommit), and lastRound the round
	// in which that block was decided.
	votes     []abci.VoteInfo
	lastRound int32
	// misbehavior is evidence of double signing.
	misbehavior []abci.Misbehavior
	// proposer is the CometBFT address of the block's proposer.
	proposer []byte
	// vrfOutput is the proposer's beacon contribution (nil: none).
	vrfOutput []byte
}

// address is CometBFT's validator address of an ed25519 key: the first 20
// bytes of its SHA-256.
func address(key [32]byte) string {
	sum := sha256.Sum256(key[:])
	return string(sum[:20])
}

// stakingBlock runs the proof-of-stake rules for the block blk stages and
// returns the validator updates for CometBFT (at epoch boundaries, and
// between them for validators jailed or slashed). The steps run in this
// order, each on the records the previous left.
func (a *App) stakingBlock(blk *state.Block, info blockInfo) ([]abci.ValidatorUpdate, error) {
	h := blk.Meta().Height
	if err := a.slashDoubleSigners(blk, info.misbehavior); err != nil {
		return nil, err
	}
	vs, err := blk.Validators()
	if err != nil {
		return nil, err
	}
	a.recordSignatures(vs, info.votes, h)
	if err := a.payBlockReward(blk, vs); err != nil {
		return nil, err
	}
	sched, err := a.runBeacon(blk, vs, info, h)
	if err != nil {
		return nil, err
	}
	seed := a.fixDrawSeed(blk, h)
	if err := a.awardAtPeriodEnd(blk, vs, h, seed); err != nil {
		return nil, err
	}
	updates := a.setChanges(vs, h)
	if sched != nil {
		if err := sched.advance(info.proposer, updates); err != nil {
			return nil, err
		}
		if err := saveSchedule(blk, sched); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(vs, func(x, y *staking.Validator) int { return bytes.Compare(x.Key[:], y.Key[:]) })
	for _, v := range vs {
		if err := blk.PutValidator(v); err != nil {
			return nil, err
		}
	}
	return updates, nil
}

// slashDoubleSigners forfeits the stake of, and tombstones, every
// validator with duplicate-vote evidence against it.
func (a *App) slashDoubleSigners(blk *state.Block, misbehavior []abci.Misbehavior) error {
	for _, m := range misbehavior {
		if m.Type != abci.MisbehaviorType_DUPLICATE_VOTE {
			a.log.Warn("evidence other than a duplicate vote is not slashed", "type", m.Type.String(), "height", m.Height)
			continue
		}
		vs, err := blk.Validators()
		if err != nil {
			return err
		}
		for _, v := range vs {
			if address(v.Key) == string(m.Validator.Address) && !v.Tombstoned {
				forfeited, err := blk.Forfeit(v.Key, a.params.Staking)
				if err != nil {
					return err
				}
				a.log.Warn("validator slashed for double signing", "validator", fmt.Sprintf("%x", v.Key[:8]), "height", m.Height, "forfeited_ustg", forfeited)
			}
		}
	}
	return nil
}

// recordSignatures updates the downtime windows and award counters from
// the previous block's commit, and jails the validators that missed too
// many blocks.
func (a *App) recordSignatures(vs []*staking.Validator, votes []abci.VoteInfo, h int64) {
	if len(votes) == 0 {
		return
	}
	signed := make(map[string]bool, len(votes))
	for _, vote := range votes {
		signed[string(vote.Validator.Address)] = vote.BlockIdFlag == cmtproto.BlockIDFlagCommit
	}
	for _, v := range vs {
		if !v.Active || v.Jailed || v.Tombstoned || v.ActiveSince > h-1 {
			continue
		}
		if staking.RecordBlock(v, h-1, signed[address(v.Key)], a.params.Staking) {
			staking.Jail(v, h)
			a.log.Warn("validator jailed for downtime", "validator", fmt.Sprintf("%x", v.Key[:8]), "height", h)
		}
	}
}

// payBlockReward mints the block reward: to the active validators by
// stake, and the rest to the award pool.
func (a *App) payBlockReward(blk *state.Block, vs []*staking.Validator) error {
	p := a.params.Staking
	var active []*staking.Validator
	for _, v := range vs {
		if v.Active && !v.Jailed && !v.Tombstoned {
			active = append(active, v)
		}
	}
	per, pool := staking.Distribute(p.BlockReward, p.AwardShareBps, active)
	var toValidators uint64
	for i, v := range active {
		v.Rewards += per[i]
		toValidators += per[i]
	}
	return blk.Mint(p.BlockReward, toValidators, pool)
}

// runBeacon advances the randomness beacon with the block's contribution.
// A proposer that could
// contribute and did not (it withheld, which is the only way to bias the
// beacon), and one that skipped its turn just before the seed height (so
// that the next proposer would draw another VRF output), lose their
// tickets for the current period. It returns the proposer schedule
// (nil if the state has none).
func (a *App) runBeacon(blk *state.Block, vs []*staking.Validator, info blockInfo, h int64) (*schedule, error) {
	if info.vrfOutput == nil {
		for _, v := range vs {
			if address(v.Key) == string(info.proposer) && v.VRFKey != ([32]byte{}) && !v.PeriodDisqualified {
				v.PeriodDisqualified = true
				a.log.Info("proposer withheld its beacon contribution: out of this period's award draw", "validator", fmt.Sprintf("%x", v.Key[:8]), "height", h)
			}
		}
	}
	sched, err := loadSchedule(blk)
	if err != nil {
		return nil, err
	}
	for _, addr := range a.skippers(sched, h, info.lastRound) {
		for _, v := range vs {
			if address(v.Key) == string(addr) && !v.PeriodDisqualified {
				v.PeriodDisqualified = true
				a.log.Info("proposer skipped its turn before the draw's seed height: out of this period's award draw", "validator", fmt.Sprintf("%x", v.Key[:8]), "height", h-1)
			}
		}
	}
	blk.SetBeacon(staking.NextBeacon(blk.Meta().Beacon, info.vrfOutput))
	return sched, nil
}

// fixDrawSeed makes the beacon after block h the seed of its period's draw
// if h is the period's seed height. It returns the seed as it stood before
// (the one a draw in block h uses: a period's seed height comes before its
// end).
func (a *App) fixDrawSeed(blk *state.Block, h int64) [32]byte {
	m := blk.Meta()
	p := a.params.Staking
	if end := staking.AwardPeriodStart(h, p) - 1 + p.AwardPeriod; h == staking.BeaconHeightForDraw(end, p) {
		blk.SetDrawSeed(m.Beacon)
	}
	return m.DrawSeed
}

// awardAtPeriodEnd draws the Validator Service Award with seed in the last
// block of a period, records the draw and starts the next period's
// counters.
func (a *App) awardAtPeriodEnd(blk *state.Block, vs []*staking.Validator, h int64, seed [32]byte) error {
	p := a.params.Staking
	if !staking.IsAwardBoundary(h, p) {
		return nil
	}
	start := staking.AwardPeriodStart(h, p)
	var eligible []*staking.Validator
	for _, v := range vs {
		// A validator without stake (a genesis bootstrap validator) has
		// no owner to withdraw a prize: it is not in the draw.
		if staking.Eligible(v, start, p) && v.Stake >= p.MinStake {
			eligible = append(eligible, v)
		}
	}
	rec := state.Award{Height: h, Eligible: len(eligible), Seed: seed}
	if w := staking.Draw(seed, eligible); w != nil {
		rec.Winner = w.Key
		var err error
		if rec.Amount, err = blk.PayAward(w); err != nil {
			return err
		}
		a.log.Info("validator service award", "height", h, "winner", fmt.Sprintf("%x", w.Key[:8]), "amount_ustg", rec.Amount, "eligible", len(eligible))
	}
	if err := blk.PutAward(rec); err != nil {
		return err
	}
	for _, v := range vs {
		staking.ResetPeriod(v)
	}
	return nil
}

// setChanges returns the validator set's changes: at epoch boundaries the
// new active set (epochSet), and between them a jailed or tombstoned
// validator leaves at once, so an offline validator's power is out of the
// set one downtime window after it stopped, not up to an epoch later
// (docs/economics.md §9.2).
func (a *App) setChanges(vs []*staking.Validator, h int64) []abci.ValidatorUpdate {
	if staking.IsEpochBoundary(h, a.params.Staking) {
		return a.epochSet(vs, h)
	}
	updates := removeJailed(vs)
	for _, u := range updates {
		a.log.Warn("jailed validator leaves the set", "validator", fmt.Sprintf("%x", u.PubKey.GetEd25519()[:8]), "height", h)
	}
	return updates
}

// epochSet computes the next epoch's active set and the updates that take
// CometBFT there, and marks the records' entries, exits and power. If no
// validator qualifies the set stays.
func (a *App) epochSet(vs []*staking.Validator, h int64) []abci.ValidatorUpdate {
	next := staking.ActiveSet(vs, a.params.Staking)
	if len(next) == 0 {
		a.log.Warn("no validator qualifies for the next epoch; keeping the current set", "height", h)
		return nil
	}
	current := map[[32]byte]int64{}
	for _, v := range vs {
		if v.Active {
			current[v.Key] = v.Power
		}
	}
	in := map[[32]byte]bool{}
	for _, v := range next {
		in[v.Key] = true
	}
	var updates []abci.ValidatorUpdate
	for _, u := range staking.Updates(current, next) {
		updates = append(updates, abci.UpdateValidator(u.Key[:], u.Power, "ed25519"))
	}
	for _, v := range vs {
		switch {
		case in[v.Key] && !v.Active:
			// CometBFT applies an update two blocks later.
			v.Active, v.ActiveSince = true, h+2
		case !in[v.Key] && v.Active:
			v.Active, v.ActiveSince, v.PeriodDisqualified = false, 0, true
		}
		if in[v.Key] {
			v.Power = staking.Power(v.Stake)
		} else {
			v.Power = 0
		}
	}
	return updates
}

// removeJailed takes the active validators that are jailed or tombstoned
// out of the set (power 0), unless that would leave the set empty: a chain
// whose every validator is jailed keeps them rather than stop for good.
func removeJailed(vs []*staking.Validator) []abci.ValidatorUpdate {
	staying := 0
	for _, v := range vs {
		if v.Active && !v.Jailed && !v.Tombstoned {
			staying++
		}
	}
	if staying == 0 {
		return nil
	}
	var updates []abci.ValidatorUpdate
	for _, v := range vs { // in key order: the updates are deterministic
		if v.Active && (v.Jailed || v.Tombstoned) {
			updates = append(updates, abci.UpdateValidator(v.Key[:], 0, "ed25519"))
			staking.Leave(v)
		}
	}
	return updates
}

// genesisValidators marks the validators of the genesis file active from
// block 1 with their genesis power (a validator staked in the genesis
// allocations keeps its stake; one without stake gets an empty record and
// leaves the set at the first epoch boundary at which others qualify), and
// starts the randomness beacon.
func (a *App) genesisValidators(blk *state.Block, vals []abci.ValidatorUpdate) error {
	for _, vu := range vals {
		pk := vu.PubKey.GetEd25519()
		if len(pk) != 32 {
			return fmt.Errorf("app: genesis validator with a %s key: only ed25519 validators are supported", vu.PubKey.String())
		}
		var key [32]byte
		copy(key[:], pk)
		v, ok, err := blk.Validator(key)
		if err != nil {
			return err
		}
		if !ok {
			v = &staking.Validator{Key: key}
		}
		v.Active, v.ActiveSince, v.Power = true, 1, vu.Power
		if err := blk.PutValidator(v); err != nil {
			return err
		}
	}
	blk.SetBeacon(staking.GenesisBeacon(a.params.ChainID))
	return nil
}

// validatorReader reads validator records: the committed state, a staged
// block, or nothing (genesis).
type validatorReader interface {
	Validator(key [32]byte) (*staking.Validator, bool, error)
}

// checkStakes applies the staking rules to a transaction's stake outputs
// against the validator records r holds (checkStakeRules).
func (a *App) checkStakes(tx *ledger.Tx, r validatorReader) error {
	return checkStakeRules(&a.params, tx.Outputs, r)
}

// noValidators is the validator set before genesis: empty.
type noValidators struct{}

func (noValidators) Validator([32]byte) (*staking.Validator, bool, error) { return nil, false, nil }

// CheckGenesisStakes checks the stake outputs of a genesis file as a block
// checks a transaction's: each output's keys and registration proofs for
// p's chain (ledger.CheckStakeOutput, which CheckStateless runs on a
// transaction's outputs), then the staking rules in output order against
// an empty validator set, so each validator's first genesis stake must
// register it with at least MinStake. InitChain calls it before loading
// the outputs.
func CheckGenesisStakes(p *params.Params, outputs []ledger.Output) error {
	for i, o := range outputs {
		so, ok := o.(*ledger.StakeOutput)
		if !ok {
			continue
		}
		if err := ledger.CheckStakeOutput(p.ChainID, so); err != nil {
			return fmt.Errorf("app: genesis output %d: %w", i, &ledger.Error{Kind: ledger.KindBadOutput, Detail: fmt.Sprintf("stake to validator %x", so.Validator[:8]), Err: err})
		}
	}
	if err := checkStakeRules(p, outputs, noValidators{}); err != nil {
		return fmt.Errorf("app: genesis: %w", err)
	}
	return nil
}

// checkStakeRules applies the staking rules to the stake outputs among
// outs, in order, against the validator records r holds:
//   - both keys must be canonical keys of prime order (checked again here,
//     cheaply, for callers that skipped ledger.CheckStateless);
//   - a validator's first stake must carry a registration (ADR 0016) and
//     be at least MinStake (so validator records, which every block reads,
//     cost real stake); it registers the VRF key and the owner for good;
//   - a later stake must not carry one, and must name the registered VRF
//     key (otherwise anyone could replace a validator's VRF key by bonding
//     a little to it).
//
// The registration's proofs are ledger.CheckStateless's to verify.
func checkStakeRules(p *params.Params, outs []ledger.Output, r validatorReader) error {
	// registered holds the VRF keys of validators whose first stake is an
	// earlier output of outs: the state does not show them yet.
	var registered map[[32]byte][32]byte
	for i, o := range outs {
		so, ok := o.(*ledger.StakeOutput)
		if !ok {
			continue
		}
		bad := func(err error, format string, args ...any) error {
			return &ledger.Error{Kind: ledger.KindBadOutput, Detail: fmt.Sprintf("output %d: ", i) + fmt.Sprintf(format, args...), Err: err}
		}
		if err := ledger.CheckValidatorKey(so.Validator); err != nil {
			return bad(err, "stake to %x", so.Validator[:8])
		}
		if _, err := vrf.PublicKeyFromBytes(so.VRFKey[:]); err != nil {
			return bad(fmt.Errorf("%w: %w", ledger.ErrVRFKey, err), "stake to %x", so.Validator[:8])
		}
		key, ok := registered[so.Validator]
		if !ok {
			v, found, err := r.Validator(so.Validator)
			if err != nil {
				return fmt.Errorf("app: reading validator %x: %w", so.Validator[:8], err)
			}
			if found {
				key = v.VRFKey
			}
		}
		if key == ([32]byte{}) {
			if so.Registration == nil {
				return bad(ledger.ErrUnregistered, "validator %x has no stake yet; its first stake must register it with the proofs of its validator token (stegosd validator-info)", so.Validator[:8])
			}
			if min := p.Staking.MinStake; so.Amount < min {
				return bad(nil, "the first stake of validator %x is %d µSTG; it must be at least %d", so.Validator[:8], so.Amount, min)
			}
			if registered == nil {
				registered = map[[32]byte][32]byte{}
			}
			registered[so.Validator] = so.VRFKey
			continue
		}
		if so.Registration != nil {
			return bad(ledger.ErrRegistered, "validator %x is registered; only its first stake carries a registration", so.Validator[:8])
		}
		if key != so.VRFKey {
			return bad(nil, "validator %x registered VRF key %x; its stake outputs must carry it", so.Validator[:8], key[:8])
		}
	}
	return nil
}
