package staking

import (
	"bytes"
	"cmp"
	"math"
	"slices"

	"github.com/stegos-go/stegos/params"
)

// MicroPerSTG is the number of µSTG in one STG.
const MicroPerSTG = 1_000_000

// MaxTotalVotingPower is CometBFT's bound on the sum of the voting powers
// of a validator set (types.MaxTotalVotingPower).
const MaxTotalVotingPower = math.MaxInt64 / 8

// MaxSetSize is the largest MaxValidators CheckParams accepts. With it,
// PowerCap keeps any active set under MaxTotalVotingPower.
const MaxSetSize = 100

// PowerCap is the largest voting power of one validator.
const PowerCap = MaxTotalVotingPower / MaxSetSize

// Power returns the CometBFT voting power of a validator with stake µSTG
// bonded: its stake in whole STG, at least 1 for a positive stake (so a
// validator below one STG, possible when MinStake is tiny, is not removed
// by a zero power), and at most PowerCap. A zero stake has zero power.
func Power(stake uint64) int64 {
	switch {
	case stake == 0:
		return 0
	case stake < MicroPerSTG:
		return 1
	case stake/MicroPerSTG > PowerCap:
		// Unreachable while stakes are uint64 µSTG (at most 1.8e13 STG);
		// kept so that a change of unit cannot break CometBFT's bound.
		return PowerCap
	}
	return int64(stake / MicroPerSTG)
}

// ActiveSet picks at most p.MaxValidators validators that are not jailed or
// tombstoned and have a positive Stake of at least p.MinStake: the largest
// stakes first, equal stakes in ascending Key order (bytes). It returns a
// new slice and leaves all untouched. Keys are assumed distinct.
func ActiveSet(all []*Validator, p params.Staking) []*Validator {
	var set []*Validator
	for _, v := range all {
		if !v.Jailed && !v.Tombstoned && v.Stake > 0 && v.Stake >= p.MinStake {
			set = append(set, v)
		}
	}
	slices.SortStableFunc(set, func(a, b *Validator) int {
		if c := cmp.Compare(b.Stake, a.Stake); c != 0 {
			return c
		}
		return bytes.Compare(a.Key[:], b.Key[:])
	})
	return set[:min(len(set), max(p.MaxValidators, 0))]
}

// Update is a change of voting power; Power 0 removes the validator.
type Update struct {
	Key   [32]byte
	Power int64
}

// Updates returns the changes from the current set (key → power, as in
// Validator.Power) to next, sorted by Key: a removal (Power 0) for every
// key of current that is not in next, and the new power of every
// validator of next whose power changed or that is new. Unchanged
// validators are left out, as are keys of current with a power ≤ 0 (not
// in the set) and validators of next with a zero power (CometBFT rejects
// the removal of an unknown validator).
func Updates(current map[[32]byte]int64, next []*Validator) []Update {
	want := make(map[[32]byte]int64, len(next))
	for _, v := range next {
		if pw := Power(v.Stake); pw > 0 {
			want[v.Key] = pw
		}
	}
	var ups []Update
	for k, pw := range current {
		if _, ok := want[k]; !ok && pw > 0 {
			ups = append(ups, Update{Key: k, Power: 0})
		}
	}
	for k, pw := range want {
		if current[k] != pw {
			ups = append(ups, Update{Key: k, Power: pw})
		}
	}
	// The map iterations above run in random order; sorting by the
	// distinct keys makes the result deterministic.
	slices.SortFunc(ups, func(a, b Update) int { return bytes.Compare(a.Key[:], b.Key[:]) })
	return ups
}
