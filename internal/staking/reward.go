package staking

import (
	"math/big"
	"math/bits"

	"github.com/stegos-go/stegos/params"
)

// Distribute splits one block reward. AwardShareBps of it (rounded down,
// at most all of it) goes to the award pool; the rest goes to the active
// validators in proportion to their Stake, each share rounded down.
// Jailed and tombstoned validators get nothing and their stake does not
// count, so the others share the whole validator part. Every rounding
// remainder goes to the pool too, so Σ perValidator + pool == reward
// exactly. With no paid validator (or a zero total stake) everything goes
// to the pool.
//
// perValidator[i] is the share of active[i]; it is nil when active is
// empty. The arithmetic is exact on 128 bits (math/bits) and falls back to
// math/big when the stakes sum past 2^64, so no input overflows.
func Distribute(reward uint64, awardShareBps uint64, active []*Validator) (perValidator []uint64, pool uint64) {
	if len(active) > 0 {
		perValidator = make([]uint64, len(active))
	}
	rest := reward - bpsOf(reward, awardShareBps)

	// The total is a 128-bit (hi, lo) pair: stakes of at most 2^64-1 each
	// cannot carry past it for any slice that fits in memory.
	var hi, lo uint64
	for _, v := range active {
		if paid(v) {
			var c uint64
			lo, c = bits.Add64(lo, v.Stake, 0)
			hi += c
		}
	}
	if hi == 0 && lo == 0 {
		return perValidator, reward
	}

	var sum uint64
	for i, v := range active {
		if !paid(v) {
			continue
		}
		if hi == 0 {
			// rest·stake < 2^64·total because stake ≤ total, so the
			// quotient fits 64 bits and Div64 does not panic.
			ph, pl := bits.Mul64(rest, v.Stake)
			perValidator[i], _ = bits.Div64(ph, pl, lo)
		} else {
			perValidator[i] = shareBig(rest, v.Stake, hi, lo)
		}
		sum += perValidator[i] // Σ ⌊rest·sᵢ/total⌋ ≤ rest: no overflow
	}
	return perValidator, reward - sum
}

// paid reports whether v takes part in the reward split.
func paid(v *Validator) bool { return !v.Jailed && !v.Tombstoned && v.Stake > 0 }

// shareBig returns ⌊rest·stake/total⌋ for a total of 2^64·hi + lo.
func shareBig(rest, stake, hi, lo uint64) uint64 {
	total := new(big.Int).SetUint64(hi)
	total.Lsh(total, 64).Or(total, new(big.Int).SetUint64(lo))
	n := new(big.Int).SetUint64(rest)
	n.Mul(n, new(big.Int).SetUint64(stake))
	return n.Quo(n, total).Uint64()
}

// Slash handles double signing (CometBFT Misbehavior of type
// DUPLICATE_VOTE): it tombstones v, disqualifies it from the current
// award, and returns the µSTG forfeited to the award pool: SlashShareBps of
// its Stake, rounded down. Slash does not change Stake: the caller removes
// the stake outputs (and with them the stake) and, when SlashShareBps is
// under 100%, returns the rest to the owner. A validator already
// tombstoned forfeits nothing more, so repeated evidence of the same
// offence is harmless.
func Slash(v *Validator, p params.Staking) (forfeited uint64) {
	if v.Tombstoned {
		return 0
	}
	v.Tombstoned = true
	v.PeriodDisqualified = true
	return bpsOf(v.Stake, p.SlashShareBps)
}
