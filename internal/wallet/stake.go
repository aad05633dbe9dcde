package wallet

import (
	"cmp"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/crypto/schnorr"
	"github.com/stegos-go/stegos/internal/staking"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/txbuilder"
)

// ErrStaking is wrapped by staking requests that cannot be carried out
// now: the message says why (stake locked, not the owner, nothing to
// withdraw, not jailed, too early, a validator named ambiguously).
var ErrStaking = errors.New("staking")

// ErrNeedsForce is wrapped, with ErrStaking, by a stake refused because
// its validator is owned by another account, jailed or tombstoned: the
// message says which, and StakeParams.Force stakes anyway.
var ErrNeedsForce = errors.New("refused without force")

// forceError is a stake refused until forced.
type forceError string

func (e forceError) Error() string   { return "staking: " + string(e) }
func (e forceError) Unwrap() []error { return []error{ErrStaking, ErrNeedsForce} }

// minPrefix is the fewest hex digits a validator key prefix may have.
const minPrefix = 4

// maxChoices bounds the validators an error lists.
const maxChoices = 10

// errNoMatch is wrapped by matchValidator when no validator matches.
var errNoMatch = errors.New("no such validator")

// History kinds of staking transactions (api.HistoryEntry.Kind).
const (
	KindStake    = "stake"
	KindUnstake  = "unstake"
	KindWithdraw = "withdraw"
	KindUnjail   = "unjail"
)

// txKind classifies a transaction for the history: spentStake and
// gotStake say whether it spends or creates a stake output of the account.
func txKind(tx *ledger.Tx, spentStake, gotStake bool) string {
	if tx.Op != nil {
		switch tx.Op.Kind {
		case ledger.OpWithdraw:
			return KindWithdraw
		case ledger.OpUnjail:
			return KindUnjail
		}
	}
	switch {
	case spentStake:
		return KindUnstake
	case gotStake:
		return KindStake
	}
	return ""
}

// parseKey decodes a 32-byte hex key named what.
func parseKey(what, s string) ([32]byte, error) {
	var k [32]byte
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != len(k) {
		return k, fmt.Errorf("%w: %s must be 64 hex digits, got %q", ErrStaking, what, s)
	}
	copy(k[:], b)
	return k, nil
}

// validatorState describes a validator's place in the set.
func validatorState(v api.Validator) string {
	switch {
	case v.Tombstoned:
		return "tombstoned"
	case v.Jailed:
		return fmt.Sprintf("jailed at block %d", v.JailedAt)
	case v.Active:
		return "active"
	}
	return "standby"
}

// shortKey is a key's first 16 hex digits, as tables show it.
func shortKey(key string) string {
	if len(key) > 16 {
		return key[:16] + "…"
	}
	return key
}

// choices lists validators for an error: key prefix, stake and state.
func choices(vs []api.Validator) string {
	var parts []string
	for i, v := range vs {
		if i == maxChoices {
			parts = append(parts, fmt.Sprintf("and %d more", len(vs)-maxChoices))
			break
		}
		parts = append(parts, fmt.Sprintf("%s (%s STG staked, %s)", shortKey(v.Key), FormatSTG(v.Stake), validatorState(v)))
	}
	return strings.Join(parts, "; ")
}

// keyRef normalizes a validator reference: spaces and the ellipsis tables
// end a prefix with are dropped, letters lowered.
func keyRef(ref string) string {
	ref = strings.TrimSpace(ref)
	ref = strings.TrimSuffix(strings.TrimSuffix(ref, "…"), "...")
	return strings.ToLower(ref)
}

// matchValidator returns the validator among vs (described as among in
// errors) whose key is ref or starts with it: a unique prefix of at least
// minPrefix hex digits, or the whole key. An ambiguous prefix, or one that
// matches nothing (errNoMatch), is an ErrStaking that lists the choices.
func matchValidator(ref string, vs []api.Validator, among string) (*api.Validator, error) {
	p := keyRef(ref)
	if _, err := hex.DecodeString(p + strings.Repeat("0", len(p)%2)); err != nil || len(p) < minPrefix || len(p) > 64 {
		shown := ref
		if len(shown) > 24 { // never echo a whole mistyped token
			shown = shown[:16] + "…"
		}
		return nil, fmt.Errorf("%w: validator %q is not a validator key (64 hex digits) nor a prefix of one (at least %d), nor a validator token (stgval1…)", ErrStaking, shown, minPrefix)
	}
	var found []api.Validator
	for _, v := range vs {
		if strings.HasPrefix(v.Key, p) {
			found = append(found, v)
		}
	}
	switch {
	case len(found) == 1:
		return &found[0], nil
	case len(found) > 1:
		return nil, fmt.Errorf("%w: %q is the prefix of %d of %s; give more digits: %s", ErrStaking, p, len(found), among, choices(found))
	case len(vs) == 0:
		return nil, fmt.Errorf("%w: %w: %s is not one of %s, which are none", ErrStaking, errNoMatch, p, among)
	}
	return nil, fmt.Errorf("%w: %w: %s is not one of %s: %s", ErrStaking, errNoMatch, p, among, choices(vs))
}

// findValidator returns the validator whose key is key (hex) among vs.
func findValidator(vs []api.Validator, key string) *api.Validator {
	for i := range vs {
		if vs[i].Key == key {
			return &vs[i]
		}
	}
	return nil
}

// chainValidators returns the chain's validator records.
func (s *Service) chainValidators(ctx context.Context) ([]api.Validator, error) {
	vs, err := s.cfg.Source.Validators(ctx)
	if err != nil {
		return nil, fmt.Errorf("wallet: reading the validators: %w", err)
	}
	return vs.Validators, nil
}

// spender returns an unlocked account that may spend. s.mu must be held.
func (s *Service) spender(ref string) (*account, error) {
	a, err := s.ready(ref)
	if err != nil {
		return nil, err
	}
	if a.rec.ViewOnly {
		return nil, fmt.Errorf("%w: %q is view-only", ErrViewOnly, a.rec.Name)
	}
	if !a.unlocked {
		return nil, fmt.Errorf("%w: unlock %q first", ErrLocked, a.rec.Name)
	}
	return a, nil
}

// Stake bonds an amount of the account's funds to a validator: a stake
// output owned by the account, locked for the network's lock period.
//
// A validator's first stake names it by its token (`stegosd
// validator-info`): the stake output registers the validator with the
// token's proofs of possession and makes this account its owner (the one
// to withdraw its rewards and unjail it). A validator already registered
// may also be named by its key or a unique prefix of it. A stake to a
// validator another account owns, or that is jailed or tombstoned, is
// refused (ErrNeedsForce) unless req.Force is set.
func (s *Service) Stake(ctx context.Context, req api.StakeParams) (api.SendResult, error) {
	if req.Amount == 0 {
		return api.SendResult{}, fmt.Errorf("%w: the amount must be positive", ErrInvalidAmount)
	}
	vs, err := s.chainValidators(ctx)
	if err != nil {
		return api.SendResult{}, err
	}
	target, v, err := s.stakeTarget(req, vs)
	if err != nil {
		return api.SendResult{}, err
	}
	switch p := s.cfg.Params.Staking; {
	case v == nil && req.Amount < p.MinStake:
		return api.SendResult{}, fmt.Errorf("%w: a validator's first stake must be at least %s STG", ErrStaking, FormatSTG(p.MinStake))
	case v != nil && !req.Force:
		if err := s.stakeWarnings(ctx, req.Account, v); err != nil {
			return api.SendResult{}, err
		}
	}
	s.refreshTip(ctx)
	return s.prepareAndSubmit(ctx, req.Amount, func() (*account, *ledger.Tx, *historyRecord, error) {
		return s.prepareStake(req, target)
	})
}

// stakeTarget resolves the validator req names among the chain's
// validators vs: a token, or the key or a unique key prefix of a
// registered validator. It returns the validator's record if it is
// registered, nil if the stake is its first (and registers it with the
// token).
func (s *Service) stakeTarget(req api.StakeParams, vs []api.Validator) (*txbuilder.StakeTarget, *api.Validator, error) {
	ref := strings.TrimSpace(req.Validator)
	var registered []api.Validator
	for _, v := range vs {
		if v.Owner != "" {
			registered = append(registered, v)
		}
	}
	var v *api.Validator
	var tok *txbuilder.ValidatorToken
	if txbuilder.IsValidatorToken(ref) {
		var err error
		if tok, err = txbuilder.ParseValidatorToken(ref); err != nil {
			return nil, nil, fmt.Errorf("%w: %w", ErrStaking, err)
		}
		if tok.ChainID != s.cfg.Params.ChainID {
			return nil, nil, fmt.Errorf("%w: the validator token is for chain %s; this wallet is on %s", ErrStaking, tok.ChainID, s.cfg.Params.ChainID)
		}
		v = findValidator(registered, hex.EncodeToString(tok.Validator[:]))
	} else {
		var err error
		if v, err = matchValidator(ref, registered, "the staked validators"); errors.Is(err, errNoMatch) {
			if k := keyRef(ref); len(k) == 64 || findValidator(vs, k) != nil {
				return nil, nil, fmt.Errorf("%w: validator %s has no stake yet: its first stake needs its validator token (stgval1…), which 'stegosd validator-info' prints on its node", ErrStaking, shortKey(k))
			}
			return nil, nil, err
		} else if err != nil {
			return nil, nil, err
		}
	}
	if v == nil { // a first stake: the token registers the validator
		if req.VRFKey != "" && req.VRFKey != hex.EncodeToString(tok.VRFKey[:]) {
			return nil, nil, fmt.Errorf("%w: the VRF key given is not the one in validator %s's token (%x); leave it out", ErrStaking, shortKey(hex.EncodeToString(tok.Validator[:])), tok.VRFKey)
		}
		return &txbuilder.StakeTarget{Validator: tok.Validator, VRFKey: tok.VRFKey, Token: tok}, nil, nil
	}
	target := &txbuilder.StakeTarget{}
	var err error
	if target.Validator, err = parseKey("the validator key", v.Key); err != nil {
		return nil, nil, err
	}
	if target.VRFKey, err = parseKey("the registered VRF key", v.VRFKey); err != nil {
		return nil, nil, err
	}
	if tok != nil && tok.VRFKey != target.VRFKey {
		return nil, nil, fmt.Errorf("%w: validator %s registered VRF key %s, not the token's; its stakes must carry the registered one", ErrStaking, v.Key, v.VRFKey)
	}
	if req.VRFKey != "" && req.VRFKey != v.VRFKey {
		return nil, nil, fmt.Errorf("%w: validator %s registered VRF key %s; leave the VRF key out or give that one", ErrStaking, v.Key, v.VRFKey)
	}
	return target, v, nil
}

// stakeWarnings says why a stake to the registered validator v would not
// earn for the account ref (another account owns it, it is jailed or
// tombstoned) as a forceError, or returns nil.
func (s *Service) stakeWarnings(ctx context.Context, ref string, v *api.Validator) error {
	s.mu.Lock()
	a, err := s.spender(ref)
	s.mu.Unlock()
	if err != nil {
		return err
	}
	mine, _, err := s.owned(ctx, a)
	if err != nil {
		return err
	}
	return stakeRisks(v, findValidator(mine, v.Key) != nil)
}

// stakeRisks says, as a forceError, why a stake to v would not earn for an
// account (mine: the account owns v): it is tombstoned or jailed, or
// another account owns it. It returns nil if none holds.
func stakeRisks(v *api.Validator, mine bool) error {
	var why []string
	switch {
	case v.Tombstoned:
		why = append(why, "is tombstoned for double signing: it never earns again")
	case v.Jailed:
		why = append(why, fmt.Sprintf("is jailed (since block %d): it earns nothing until its owner unjails it, from block %d at the earliest", v.JailedAt, v.UnjailAt))
	}
	if !mine {
		why = append(why, fmt.Sprintf("is owned by another account (owner key %s): its rewards go to that owner, not to this account", shortKey(v.Owner)))
	}
	if len(why) == 0 {
		return nil
	}
	return forceError(fmt.Sprintf("validator %s %s; stake with force (--force) to do it anyway", shortKey(v.Key), strings.Join(why, ", and ")))
}

// prepareStake builds and records a stake transaction. s.mu must be held.
func (s *Service) prepareStake(req api.StakeParams, target *txbuilder.StakeTarget) (*account, *ledger.Tx, *historyRecord, error) {
	a, err := s.spender(req.Account)
	if err != nil {
		return nil, nil, nil, err
	}
	coins, err := s.spendable(a)
	if err != nil {
		return nil, nil, nil, err
	}
	inputs, err := s.selectCoins(a, coins, req.Amount, req.Fee)
	if err != nil {
		return nil, nil, nil, err
	}
	self := a.sec.keys.Address()
	b, err := txbuilder.BuildWith(s.cfg.Rand, s.cfg.Params, inputs, []txbuilder.Payment{{To: self, Amount: req.Amount, Stake: target}}, self, txbuilder.Options{Fee: req.Fee})
	if err != nil {
		return nil, nil, nil, err
	}
	p := &outgoingTx{tx: b.Tx, kind: KindStake}
	for _, o := range b.Outputs {
		if o.Change {
			p.change += o.Amount
		}
	}
	for _, in := range inputs {
		p.inputs = append(p.inputs, coins[in.ID])
	}
	h, err := s.recordPending(a, p)
	return a, b.Tx, h, err
}

// stakeOutputs returns the account's unspent stake outputs, most recent
// first. s.mu must be held.
func (s *Service) stakeOutputs(a *account) ([]*outputRecord, []*ledger.StakeOutput, error) {
	var recs []*outputRecord
	err := iterJSON(s.db, outputPrefix(a.rec.ID), func(o *outputRecord) error {
		if o.Stake {
			recs = append(recs, o)
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	slices.SortFunc(recs, func(x, y *outputRecord) int {
		if c := cmp.Compare(y.Height, x.Height); c != 0 {
			return c
		}
		return cmp.Compare(x.ID, y.ID)
	})
	outs := make([]*ledger.StakeOutput, len(recs))
	for i, r := range recs {
		o, err := ledger.DecodeCore(r.Encoded)
		if err != nil {
			return nil, nil, fmt.Errorf("wallet: stored stake %s: %w", r.ID, err)
		}
		so, ok := o.(*ledger.StakeOutput)
		if !ok {
			return nil, nil, fmt.Errorf("wallet: stored stake %s is a %s output", r.ID, o.Type())
		}
		outs[i] = so
	}
	return recs, outs, nil
}

// Unstake spends unlocked stake outputs back into the account's balance:
// all of them (of one validator, or of all), or enough for req.Amount, the
// rest of the last output bonded anew to its validator. The fee comes out
// of what is unbonded. Without req.Validator (a key or unique prefix of
// one of the validators of the account's stakes) or req.All, an unstake
// that would spend more than one stake output is refused with the list of
// validators.
func (s *Service) Unstake(ctx context.Context, req api.UnstakeParams) (api.SendResult, error) {
	vs, err := s.chainValidators(ctx)
	if err != nil {
		return api.SendResult{}, err
	}
	s.mu.Lock()
	a, err := s.spender(req.Account)
	var outs []*ledger.StakeOutput
	var name string
	if err == nil {
		name = a.rec.Name
		_, outs, err = s.stakeOutputs(a)
	}
	s.mu.Unlock()
	if err != nil {
		return api.SendResult{}, err
	}
	// The validators of the account's stakes, as the chain shows them.
	var mine []api.Validator
	for _, o := range outs {
		k := hex.EncodeToString(o.Validator[:])
		if findValidator(mine, k) != nil {
			continue
		}
		if v := findValidator(vs, k); v != nil {
			mine = append(mine, *v)
		} else {
			mine = append(mine, api.Validator{Key: k})
		}
	}
	var only *[32]byte
	if req.Validator != "" {
		v, err := matchValidator(req.Validator, mine, fmt.Sprintf("the validators account %q has staked to", name))
		if err != nil {
			return api.SendResult{}, err
		}
		k, err := parseKey("the validator key", v.Key)
		if err != nil {
			return api.SendResult{}, err
		}
		only = &k
	}
	s.refreshTip(ctx)
	var amount uint64
	res, err := s.prepareAndSubmit(ctx, 0, func() (*account, *ledger.Tx, *historyRecord, error) {
		a, tx, h, n, err := s.prepareUnstake(req, only, mine)
		amount = n
		return a, tx, h, err
	})
	if err != nil {
		return api.SendResult{}, err
	}
	res.Amount = amount
	return res, nil
}

// prepareUnstake builds and records an unstake; vs describes the
// validators in errors. s.mu must be held.
func (s *Service) prepareUnstake(req api.UnstakeParams, only *[32]byte, vs []api.Validator) (*account, *ledger.Tx, *historyRecord, uint64, error) {
	a, err := s.spender(req.Account)
	if err != nil {
		return nil, nil, nil, 0, err
	}
	recs, outs, err := s.stakeOutputs(a)
	if err != nil {
		return nil, nil, nil, 0, err
	}
	next := s.tip + 1
	var picked []*outputRecord
	var pickedOut []*ledger.StakeOutput
	var total, locked uint64
	lockedUntil := int64(0)
	for i, r := range recs {
		so := outs[i]
		if r.ReservedBy != "" || (only != nil && so.Validator != *only) {
			continue
		}
		if at := staking.UnlockHeight(r.Height, s.cfg.Params.Staking); next < at {
			locked += r.Amount
			lockedUntil = max(lockedUntil, at)
			continue
		}
		if req.Amount != 0 && total >= req.Amount {
			break
		}
		if len(picked) == ledger.MaxInputs {
			break
		}
		picked, pickedOut = append(picked, r), append(pickedOut, so)
		total += r.Amount
	}
	switch {
	case len(picked) == 0 && locked > 0:
		return nil, nil, nil, 0, fmt.Errorf("%w: %s STG staked, all locked (until block %d at the latest; the chain is at %d)", ErrStaking, FormatSTG(locked), lockedUntil, s.tip)
	case len(picked) == 0:
		return nil, nil, nil, 0, fmt.Errorf("%w: nothing staked to unstake", ErrStaking)
	case req.Amount > total:
		return nil, nil, nil, 0, fmt.Errorf("%w: %s STG unlocked, %s STG asked (%s STG more still locked)", ErrStaking, FormatSTG(total), FormatSTG(req.Amount), FormatSTG(locked))
	case only == nil && !req.All && len(picked) > 1:
		return nil, nil, nil, 0, unstakeChoices(pickedOut, vs)
	}
	inputs := make([]txbuilder.Input, len(picked))
	for i, r := range picked {
		if inputs[i], err = s.input(a, r); err != nil {
			return nil, nil, nil, 0, err
		}
	}
	self := a.sec.keys.Address()
	var pays []txbuilder.Payment
	amount := total
	if req.Amount != 0 && req.Amount < total {
		// Bond the rest of the last output anew, to the same validator.
		last := pickedOut[len(pickedOut)-1]
		pays = []txbuilder.Payment{{To: self, Amount: total - req.Amount, Stake: &txbuilder.StakeTarget{Validator: last.Validator, VRFKey: last.VRFKey}}}
		amount = req.Amount
	}
	b, err := txbuilder.BuildWith(s.cfg.Rand, s.cfg.Params, inputs, pays, self, txbuilder.Options{Fee: req.Fee})
	if err != nil {
		return nil, nil, nil, 0, err
	}
	p := &outgoingTx{tx: b.Tx, kind: KindUnstake, inputs: picked}
	for _, o := range b.Outputs {
		if o.Change {
			p.change += o.Amount
			p.received += o.Amount // unbonded into the spendable balance
		}
	}
	h, err := s.recordPending(a, p)
	return a, b.Tx, h, amount, err
}

// unstakeChoices is the refusal of an unstake that would spend several
// stake outputs (picked) without naming a validator: it lists them by
// validator (vs describes each).
func unstakeChoices(picked []*ledger.StakeOutput, vs []api.Validator) error {
	type group struct {
		n      int
		amount uint64
	}
	var order []string
	groups := map[string]*group{}
	var total uint64
	for _, o := range picked {
		k := hex.EncodeToString(o.Validator[:])
		g := groups[k]
		if g == nil {
			g = &group{}
			groups[k] = g
			order = append(order, k)
		}
		g.n++
		g.amount += o.Amount
		total += o.Amount
	}
	var parts []string
	for _, k := range order {
		state := "not on chain"
		if v := findValidator(vs, k); v != nil {
			state = validatorState(*v)
		}
		parts = append(parts, fmt.Sprintf("%s (%d unlocked stakes, %s STG, %s)", shortKey(k), groups[k].n, FormatSTG(groups[k].amount), state))
	}
	of := "1 validator"
	if len(order) > 1 {
		of = fmt.Sprintf("%d validators", len(order))
	}
	return fmt.Errorf("%w: this would unstake %d stakes (%s STG) of %s; name the validator (validator, --validator KEY|PREFIX) or unstake them all (all, --all): %s",
		ErrStaking, len(picked), FormatSTG(total), of, strings.Join(parts, "; "))
}

// owned returns the validators whose owner key is one of the account's
// stake outputs, with that output. s.mu must not be held (it asks the node).
func (s *Service) owned(ctx context.Context, a *account) ([]api.Validator, map[string]*outputRecord, error) {
	s.mu.Lock()
	byKey := map[string]*outputRecord{}
	err := iterJSON(s.db, stakeRecordPrefix(a.rec.ID), func(o *outputRecord) error {
		out, err := ledger.DecodeCore(o.Encoded)
		if err != nil {
			return fmt.Errorf("wallet: stored stake %s: %w", o.ID, err)
		}
		byKey[hex.EncodeToString(out.Owner().OneTimeKey[:])] = o
		return nil
	})
	s.mu.Unlock()
	if err != nil || len(byKey) == 0 {
		return nil, nil, err
	}
	vs, err := s.cfg.Source.Validators(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("wallet: reading the validators: %w", err)
	}
	var mine []api.Validator
	recs := map[string]*outputRecord{}
	for _, v := range vs.Validators {
		if r, ok := byKey[v.Owner]; ok && v.Owner != "" {
			mine = append(mine, v)
			recs[v.Key] = r
		}
	}
	return mine, recs, nil
}

// pickOwned selects the validator a withdraw or unjail is for: the one
// named, or the only one the account owns.
func (s *Service) pickOwned(ctx context.Context, ref, validator string) (*account, *api.Validator, *outputRecord, error) {
	s.mu.Lock()
	a, err := s.spender(ref)
	var name string
	if err == nil {
		name = a.rec.Name // a.rec changes under s.mu as the scanner runs
	}
	s.mu.Unlock()
	if err != nil {
		return nil, nil, nil, err
	}
	mine, recs, err := s.owned(ctx, a)
	if err != nil {
		return nil, nil, nil, err
	}
	if validator == "" {
		switch len(mine) {
		case 0:
			return nil, nil, nil, fmt.Errorf("%w: account %q owns no validator (the first stake to a validator makes its owner)", ErrStaking, name)
		case 1:
			return a, &mine[0], recs[mine[0].Key], nil
		}
		return nil, nil, nil, fmt.Errorf("%w: account %q owns %d validators; name one (validator, --validator KEY|PREFIX): %s", ErrStaking, name, len(mine), choices(mine))
	}
	v, err := matchValidator(validator, mine, fmt.Sprintf("the validators account %q owns", name))
	if errors.Is(err, errNoMatch) {
		owns := "; it owns none"
		if len(mine) > 0 {
			owns = "; it owns " + choices(mine)
		}
		return nil, nil, nil, fmt.Errorf("%w: account %q does not own validator %s%s", ErrStaking, name, keyRef(validator), owns)
	} else if err != nil {
		return nil, nil, nil, err
	}
	return a, v, recs[v.Key], nil
}

// ownerKey derives the private owner key from the account's stake record.
func (s *Service) ownerKey(a *account, r *outputRecord) (*schnorr.PrivateKey, error) {
	in, err := s.input(a, r)
	if err != nil {
		return nil, err
	}
	return in.Key, nil
}

// WithdrawRewards withdraws a validator's accrued rewards (all, or
// req.Amount) into a confidential output of the account, which must own
// the validator. The fee is paid from the amount withdrawn.
func (s *Service) WithdrawRewards(ctx context.Context, req api.WithdrawRewardsParams) (api.SendResult, error) {
	s.refreshTip(ctx)
	a, v, rec, err := s.pickOwned(ctx, req.Account, req.Validator)
	if err != nil {
		return api.SendResult{}, err
	}
	amount := req.Amount
	switch {
	case v.Rewards == 0:
		return api.SendResult{}, fmt.Errorf("%w: validator %s has no rewards to withdraw", ErrStaking, v.Key)
	case amount == 0:
		amount = v.Rewards
	case amount > v.Rewards:
		return api.SendResult{}, fmt.Errorf("%w: validator %s has %s STG of rewards, %s STG asked", ErrStaking, v.Key, FormatSTG(v.Rewards), FormatSTG(amount))
	}
	key, _ := parseKey("the validator key", v.Key)
	op := &ledger.ValidatorOp{Kind: ledger.OpWithdraw, Validator: key, Nonce: v.Nonce, Amount: amount}
	return s.operate(ctx, a, rec, op, KindWithdraw)
}

// Unjail releases a jailed validator the account owns, once its jail time
// is served. It claims the validator's rewards, if they cover the fee, and
// otherwise pays the fee from the account's funds.
func (s *Service) Unjail(ctx context.Context, req api.UnjailParams) (api.SendResult, error) {
	s.refreshTip(ctx)
	a, v, rec, err := s.pickOwned(ctx, req.Account, req.Validator)
	if err != nil {
		return api.SendResult{}, err
	}
	s.mu.Lock()
	next := s.tip + 1
	s.mu.Unlock()
	switch {
	case v.Tombstoned:
		return api.SendResult{}, fmt.Errorf("%w: validator %s double signed; it is tombstoned for good (unstake what is left)", ErrStaking, v.Key)
	case !v.Jailed:
		return api.SendResult{}, fmt.Errorf("%w: validator %s is not jailed", ErrStaking, v.Key)
	case next < v.UnjailAt:
		return api.SendResult{}, fmt.Errorf("%w: validator %s may unjail from block %d (the chain is at %d)", ErrStaking, v.Key, v.UnjailAt, next-1)
	}
	key, _ := parseKey("the validator key", v.Key)
	op := &ledger.ValidatorOp{Kind: ledger.OpUnjail, Validator: key, Nonce: v.Nonce}
	if v.Rewards > txbuilder.OpMinFee(s.cfg.Params, 0, 1) {
		op.Amount = v.Rewards
	}
	return s.operate(ctx, a, rec, op, KindUnjail)
}

// operate builds, records and submits a validator operation signed with
// the owner key from rec. Without a claim to pay the fee, it spends coins.
func (s *Service) operate(ctx context.Context, a *account, rec *outputRecord, op *ledger.ValidatorOp, kind string) (api.SendResult, error) {
	return s.prepareAndSubmit(ctx, op.Amount, func() (*account, *ledger.Tx, *historyRecord, error) {
		tx, h, err := s.prepareOp(a, rec, op, kind)
		return a, tx, h, err
	})
}

// prepareOp builds and records a validator operation. s.mu must be held.
func (s *Service) prepareOp(a *account, rec *outputRecord, op *ledger.ValidatorOp, kind string) (*ledger.Tx, *historyRecord, error) {
	if !a.unlocked {
		return nil, nil, fmt.Errorf("%w: unlock %q first", ErrLocked, a.rec.Name)
	}
	if txid, err := s.pendingOp(a, op.Validator); err != nil {
		return nil, nil, err
	} else if txid != "" {
		return nil, nil, fmt.Errorf("%w: operation %s on validator %x is still pending; wait for it (its nonce would be reused)", ErrStaking, txid, op.Validator[:8])
	}
	key, err := s.ownerKey(a, rec)
	if err != nil {
		return nil, nil, err
	}
	var inputs []txbuilder.Input
	var reserved []*outputRecord
	if op.Amount == 0 {
		coins, err := s.spendable(a)
		if err != nil {
			return nil, nil, err
		}
		picked, _, err := s.pickCoins(a, coins, 0, 0)
		if err != nil {
			return nil, nil, err
		}
		for _, c := range picked {
			in, err := s.input(a, c)
			if err != nil {
				return nil, nil, err
			}
			inputs, reserved = append(inputs, in), append(reserved, c)
		}
	}
	self := a.sec.keys.Address()
	b, err := txbuilder.BuildWith(s.cfg.Rand, s.cfg.Params, inputs, nil, self, txbuilder.Options{Op: op, OpKey: key})
	if err != nil {
		return nil, nil, err
	}
	p := &outgoingTx{tx: b.Tx, kind: kind, inputs: reserved}
	for _, o := range b.Outputs {
		p.change += o.Amount
	}
	if len(inputs) == 0 {
		p.received = p.change // rewards, less the fee
	}
	h, err := s.recordPending(a, p)
	return b.Tx, h, err
}

// pendingOp returns the id of a pending transaction of the account with
// an operation on validator, or "". s.mu must be held.
func (s *Service) pendingOp(a *account, validator [32]byte) (string, error) {
	var found string
	err := iterJSON(s.db, historyPrefix(a.rec.ID), func(h *historyRecord) error {
		if found != "" || len(h.Tx) == 0 || (h.Status != api.StatusPending && h.Status != api.StatusRetrying) {
			return nil
		}
		tx, err := ledger.DecodeTx(h.Tx)
		if err != nil {
			return fmt.Errorf("wallet: pending transaction %s: %w", h.TxID, err)
		}
		if tx.Op != nil && tx.Op.Validator == validator {
			found = h.TxID
		}
		return nil
	})
	return found, err
}

// Stakes lists the account's stake outputs, with their lock, and the
// validators it owns.
func (s *Service) Stakes(ctx context.Context, ref string) (api.Stakes, error) {
	s.refreshTip(ctx)
	s.mu.Lock()
	a, err := s.ready(ref)
	if err != nil {
		s.mu.Unlock()
		return api.Stakes{}, err
	}
	recs, outs, err := s.stakeOutputs(a)
	tip, id := s.tip, a.rec.ID
	s.mu.Unlock()
	if err != nil {
		return api.Stakes{}, err
	}
	out := api.Stakes{Account: id, Height: tip, Stakes: []api.StakeInfo{}, Validators: []api.Validator{}}
	for i, r := range recs {
		at := staking.UnlockHeight(r.Height, s.cfg.Params.Staking)
		out.Stakes = append(out.Stakes, api.StakeInfo{
			ID: r.ID, TxID: r.TxID, Validator: hex.EncodeToString(outs[i].Validator[:]), Amount: r.Amount,
			Height: r.Height, UnlockHeight: at, Unlocked: tip+1 >= at, Pending: r.ReservedBy != "",
		})
	}
	// Owner keys are one-time public keys: a view-only account sees them.
	mine, _, err := s.owned(ctx, a)
	if err != nil {
		return api.Stakes{}, err
	}
	out.Validators = append(out.Validators, mine...)
	return out, nil
}
