package staking

import (
	"bytes"
	"encoding/binary"
	"math"
	"slices"

	"github.com/stegos-go/stegos/crypto/schnorr"
	"github.com/stegos-go/stegos/params"
)

// DrawTag is the domain tag of the hashes Draw takes its samples from.
const DrawTag = "stegos/v1/award/draw"

// Eligible reports whether v may enter the draw of the award period that
// starts at height start: active for the whole period (Active and
// ActiveSince ≤ start), not jailed, not tombstoned, not disqualified during
// the period, and having signed at least one block and at least
// AwardMinSignedBps of the blocks it was counted for:
// PeriodSigned·10000 ≥ AwardMinSignedBps·(PeriodSigned+PeriodMissed).
// Exactly at the threshold is eligible.
func Eligible(v *Validator, start int64, p params.Staking) bool {
	if !v.Active || v.ActiveSince > start || v.Jailed || v.Tombstoned || v.PeriodDisqualified {
		return false
	}
	if v.PeriodSigned < 1 || v.PeriodMissed < 0 {
		return false
	}
	counted := uint64(v.PeriodSigned) + uint64(v.PeriodMissed) // < 2^64: both < 2^63
	return !mulLess(uint64(v.PeriodSigned), BpsDenominator, p.AwardMinSignedBps, counted)
}

// ResetPeriod clears the period counters at the start of a new award
// period. A validator jailed or out of the set stays ineligible through
// Jailed and Active, not through PeriodDisqualified.
func ResetPeriod(v *Validator) {
	v.PeriodSigned = 0
	v.PeriodMissed = 0
	v.PeriodDisqualified = false
}

// Draw picks the award winner uniformly among the eligible validators from
// a 32-byte seed (the beacon as of BeaconHeightForDraw). The validators are
// sorted by Key first, so the caller's order does not matter. Sample i is
// the first 8 bytes, big-endian, of
// schnorr.TaggedHash(DrawTag, seed, u64be(i)) for i = 0, 1, ...; the first
// sample below the largest multiple of n that fits 64 bits, taken modulo n,
// is the winner's index, so there is no modulo bias. Draw returns nil when
// none is eligible. Keys are assumed distinct.
func Draw(seed [32]byte, eligible []*Validator) *Validator {
	if len(eligible) == 0 {
		return nil
	}
	sorted := slices.Clone(eligible)
	slices.SortStableFunc(sorted, func(a, b *Validator) int { return bytes.Compare(a.Key[:], b.Key[:]) })
	return sorted[pick(uint64(len(sorted)), func(i uint64) uint64 { return drawSample(seed, i) })]
}

// drawSample returns sample i of the draw with the given seed.
func drawSample(seed [32]byte, i uint64) uint64 {
	var ctr [8]byte
	binary.BigEndian.PutUint64(ctr[:], i)
	h := schnorr.TaggedHash(DrawTag, seed[:], ctr[:])
	return binary.BigEndian.Uint64(h[:8])
}

// pick returns a uniform index below n > 0 from the samples
// sample(0), sample(1), ...: the first one below limit, the largest
// multiple of n not above 2^64, reduced modulo n. Each sample is rejected
// with probability (2^64 mod n)/2^64 < n/2^64, so the loop ends after one
// sample but for a negligible chance.
func pick(n uint64, sample func(i uint64) uint64) uint64 {
	rem := (math.MaxUint64%n + 1) % n // 2^64 mod n
	for i := uint64(0); ; i++ {
		x := sample(i)
		if rem == 0 || x < -rem { // -rem == 2^64 - rem == limit
			return x % n
		}
	}
}
