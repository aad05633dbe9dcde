package state

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"slices"

	"github.com/stegos-go/stegos/internal/codec"
	"github.com/stegos-go/stegos/internal/staking"
	"github.com/stegos-go/stegos/internal/store"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/params"
)

// Staking records. A validator's record lives under v/<consensus key>; the
// stake outputs bonded to it are indexed under k/<consensus key>/<output id>
// (derived from the UTXO set, so not committed separately). The records
// are committed through Meta.ValidatorsHash, a hash over all of them in key
// order (at most a few hundred, so recomputing it per block is cheap).
var (
	prefixValidator = []byte("v/")
	prefixStake     = []byte("k/")
)

func validatorKey(key [32]byte) []byte {
	return append(append([]byte{}, prefixValidator...), key[:]...)
}

func stakeKey(validator [32]byte, id ledger.OutputID) []byte {
	k := append(append([]byte{}, prefixStake...), validator[:]...)
	return append(append(k, '/'), id[:]...)
}

func stakePrefix(validator [32]byte) []byte {
	return append(append(append([]byte{}, prefixStake...), validator[:]...), '/')
}

// getValidator reads a validator record.
func getValidator(r store.Reader, key [32]byte) (*staking.Validator, bool, error) {
	b, ok, err := r.Get(validatorKey(key))
	if err != nil || !ok {
		return nil, false, err
	}
	v, err := staking.DecodeValidator(b)
	if err != nil {
		return nil, false, fmt.Errorf("state: validator %x: %w", key[:8], err)
	}
	return v, true, nil
}

// validators reads every validator record, in key order.
func validators(r store.Reader) ([]*staking.Validator, error) {
	var out []*staking.Validator
	err := r.Iterate(prefixValidator, func(_, b []byte) error {
		v, err := staking.DecodeValidator(b)
		if err != nil {
			return err
		}
		out = append(out, v)
		return nil
	})
	return out, err
}

// validatorsHash commits to the validator records: SHA-256 over
// "stegos/v1/validators" and each record's length and encoding, in key order.
func validatorsHash(vs []*staking.Validator) [32]byte {
	h := sha256.New()
	h.Write([]byte("stegos/v1/validators"))
	var n [4]byte
	for _, v := range vs {
		enc := v.Encode()
		n[0], n[1], n[2], n[3] = byte(len(enc)>>24), byte(len(enc)>>16), byte(len(enc)>>8), byte(len(enc))
		h.Write(n[:])
		h.Write(enc)
	}
	var out [32]byte
	copy(out[:], h.Sum(nil))
	return out
}

// Validators returns the committed validator records, in key order.
func (s *State) Validators() ([]*staking.Validator, error) { return validators(s.db) }

// Validator returns one committed validator record.
func (s *State) Validator(key [32]byte) (*staking.Validator, bool, error) {
	return getValidator(s.db, key)
}

// Validator returns a validator record as of the staged changes.
func (b *Block) Validator(key [32]byte) (*staking.Validator, bool, error) {
	return getValidator(b.batch, key)
}

// Validators returns the staged validator records, in key order.
func (b *Block) Validators() ([]*staking.Validator, error) { return validators(b.batch) }

// PutValidator stages a validator record.
func (b *Block) PutValidator(v *staking.Validator) error {
	b.validatorsChanged = true
	return b.batch.Set(validatorKey(v.Key), v.Encode())
}

// Stakes returns the ids of the unspent stake outputs bonded to validator,
// in id order.
func (b *Block) Stakes(validator [32]byte) ([]ledger.OutputID, error) {
	var out []ledger.OutputID
	p := stakePrefix(validator)
	err := b.batch.Iterate(p, func(k, _ []byte) error {
		var id ledger.OutputID
		if len(k) != len(p)+len(id) {
			return fmt.Errorf("state: malformed stake key %x", k)
		}
		copy(id[:], k[len(p):])
		out = append(out, id)
		return nil
	})
	slices.SortFunc(out, func(x, y ledger.OutputID) int { return bytes.Compare(x[:], y[:]) })
	return out, err
}

// bond registers a new stake output: the validator's stake grows; its first
// stake registers its VRF key (the app checks later ones carry the same).
func (b *Block) bond(id ledger.OutputID, o *ledger.StakeOutput) error {
	v, ok, err := b.Validator(o.Validator)
	if err != nil {
		return err
	}
	if !ok {
		v = &staking.Validator{Key: o.Validator}
	}
	if v.Stake+o.Amount < v.Stake {
		return fmt.Errorf("state: stake of validator %x overflows", o.Validator[:8])
	}
	v.Stake += o.Amount
	if v.VRFKey == ([32]byte{}) {
		// The first stake registers the VRF key and the owner for good.
		v.VRFKey, v.Owner = o.VRFKey, o.OneTimeKey
	}
	if err := b.batch.Set(stakeKey(o.Validator, id), nil); err != nil {
		return err
	}
	return b.PutValidator(v)
}

// unbond removes a spent stake output from its validator.
func (b *Block) unbond(id ledger.OutputID, o *ledger.StakeOutput) error {
	v, ok, err := b.Validator(o.Validator)
	if err != nil {
		return err
	}
	if !ok || v.Stake < o.Amount {
		return fmt.Errorf("state: stake output %s has no matching stake on validator %x", id, o.Validator[:8])
	}
	v.Stake -= o.Amount
	if err := b.batch.Delete(stakeKey(o.Validator, id)); err != nil {
		return err
	}
	return b.PutValidator(v)
}

// Mint records a block reward in the supply accounts: the caller credits
// toValidators to validators' records (Rewards) and toPool to the pool.
func (b *Block) Mint(amount, toValidators, toPool uint64) error {
	if toValidators+toPool != amount {
		return fmt.Errorf("state: minting %d µSTG but crediting %d", amount, toValidators+toPool)
	}
	b.meta.Minted += amount
	b.meta.Rewards += toValidators
	b.meta.Pool += toPool
	return nil
}

// Forfeit handles a double signer: staking.Slash tombstones the record and
// says how much of its stake goes to the award pool; its stake outputs leave
// the UTXO set, and what is not forfeited is credited to the validator's
// rewards, so its owners can withdraw it. It returns the µSTG forfeited.
func (b *Block) Forfeit(validator [32]byte, p params.Staking) (uint64, error) {
	v, ok, err := b.Validator(validator)
	if err != nil || !ok {
		return 0, err
	}
	ids, err := b.Stakes(validator)
	if err != nil {
		return 0, err
	}
	var removed uint64
	for _, id := range ids {
		u, ok, err := b.Output(id)
		if err != nil {
			return 0, err
		}
		if !ok {
			return 0, fmt.Errorf("state: stake index names %s, which is not unspent", id)
		}
		if err := b.spend(id, false); err != nil {
			return 0, err
		}
		if err := b.batch.Delete(stakeKey(validator, id)); err != nil {
			return 0, err
		}
		removed += u.Output.(*ledger.StakeOutput).Amount
	}
	if removed != v.Stake {
		return 0, fmt.Errorf("state: validator %x records a stake of %d but its outputs hold %d", validator[:8], v.Stake, removed)
	}
	forfeited := staking.Slash(v, p)
	kept := removed - forfeited
	v.Stake = 0
	v.Rewards += kept
	// Stake outputs have zero blinding: only the supply changes.
	b.meta.Supply -= removed
	b.meta.Slashed += forfeited
	b.meta.Pool += forfeited
	b.meta.Returned += kept
	b.meta.Rewards += kept
	return forfeited, b.PutValidator(v)
}

// applyOp applies a validator operation the app checked: the claimed
// rewards leave the record and the reward accounts and enter the supply
// (the transaction's outputs hold them), the nonce advances, and an unjail
// releases the validator.
func (b *Block) applyOp(op *ledger.ValidatorOp) error {
	v, ok, err := b.Validator(op.Validator)
	if err != nil {
		return err
	}
	if !ok || op.Nonce != v.Nonce || op.Amount > v.Rewards || op.Amount > b.meta.Rewards {
		return fmt.Errorf("state: validator operation %s on %x does not match its record", op.Kind, op.Validator[:8])
	}
	v.Rewards -= op.Amount
	v.Nonce++
	b.meta.Rewards -= op.Amount
	b.meta.Withdrawn += op.Amount
	b.meta.Supply += op.Amount
	if op.Kind == ledger.OpUnjail {
		if !v.Jailed || v.Tombstoned {
			return fmt.Errorf("state: unjail of %x, which is not jailed or is tombstoned", op.Validator[:8])
		}
		staking.Release(v) // the app checked the jail time
	}
	return b.PutValidator(v)
}

// PayAward moves the whole pool to a validator's rewards.
func (b *Block) PayAward(v *staking.Validator) (uint64, error) {
	amount := b.meta.Pool
	v.Rewards += amount
	b.meta.Pool = 0
	b.meta.Rewards += amount
	b.meta.Awarded += amount
	return amount, b.PutValidator(v)
}

// SetBeacon records the randomness beacon after this block.
func (b *Block) SetBeacon(beacon [32]byte) { b.meta.Beacon = beacon }

// SetDrawSeed fixes the seed of the coming award draw.
func (b *Block) SetDrawSeed(seed [32]byte) { b.meta.DrawSeed = seed }

// Meta returns the staged metadata (Height, Beacon, DrawSeed, Pool...).
func (b *Block) Meta() Meta { return b.meta }

// checkRewards checks the reward accounts: everything minted or slashed is
// in the pool, in validators' records or withdrawn.
func (m *Meta) checkRewards() error {
	in := m.Minted + m.Slashed + m.Returned
	out := m.Pool + m.Rewards + m.Withdrawn
	if in != out {
		return fmt.Errorf("state: reward accounts broken: minted %d + slashed %d + returned %d ≠ pool %d + rewards %d + withdrawn %d",
			m.Minted, m.Slashed, m.Returned, m.Pool, m.Rewards, m.Withdrawn)
	}
	return nil
}

// Award is the record of one Validator Service Award draw.
type Award struct {
	// Height is the last block of the award period.
	Height int64
	// Winner is the consensus key drawn (zero when nobody was eligible).
	Winner [32]byte
	// Amount is what the pool paid the winner.
	Amount uint64
	// Eligible is how many validators were in the draw.
	Eligible int
	// Seed is the beacon value the draw used.
	Seed [32]byte
}

var prefixAward = []byte("w/")

func awardKey(h int64) []byte {
	k := append([]byte{}, prefixAward...)
	return binary.BigEndian.AppendUint64(k, uint64(h))
}

func (a *Award) encode() []byte {
	w := codec.NewWriter(8 + 32 + 8 + 4 + 32)
	w.Uint64(uint64(a.Height))
	w.Fixed(a.Winner[:])
	w.Uint64(a.Amount)
	w.Uint32(uint32(a.Eligible))
	w.Fixed(a.Seed[:])
	return w.Bytes()
}

func decodeAward(b []byte) (*Award, error) {
	r := codec.NewReader(b)
	a := &Award{Height: int64(r.Uint64())}
	r.Fixed(a.Winner[:])
	a.Amount = r.Uint64()
	a.Eligible = int(r.Uint32())
	r.Fixed(a.Seed[:])
	if err := r.Finish(); err != nil {
		return nil, fmt.Errorf("state: award record: %w", err)
	}
	return a, nil
}

// PutAward stages the record of a draw. Award records are history: the
// pool and the winners' rewards they moved are in the committed accounts.
func (b *Block) PutAward(a Award) error { return b.batch.Set(awardKey(a.Height), a.encode()) }

// Awards returns the committed draws, most recent first, at most limit.
func (s *State) Awards(limit int) ([]*Award, error) {
	var all []*Award
	err := s.db.Iterate(prefixAward, func(_, v []byte) error {
		a, err := decodeAward(v)
		if err != nil {
			return err
		}
		all = append(all, a)
		return nil
	})
	slices.Reverse(all)
	if limit > 0 && len(all) > limit {
		all = all[:limit]
	}
	return all, err
}
