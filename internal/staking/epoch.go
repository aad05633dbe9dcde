package staking

import (
	"errors"
	"fmt"
	"math"

	"github.com/stegos-go/stegos/params"
)

// BpsDenominator is the denominator of every share in basis points.
const BpsDenominator = 10_000

// MaxDowntimeWindow is the largest DowntimeWindow whose bitset fits a
// record (MaxMissedBytes).
const MaxDowntimeWindow = 8 * MaxMissedBytes

// ErrParams is wrapped by every CheckParams error.
var ErrParams = errors.New("staking: bad parameters")

// CheckParams reports whether p is usable by this package: positive epoch,
// award period and downtime window lengths (the window at most
// MaxDowntimeWindow), 1..MaxSetSize validators, non-negative lock and
// unjail delays, and shares of at most 100%. The other functions of the
// package assume parameters that pass it (a zero EpochBlocks, say, makes
// the epoch functions divide by zero).
func CheckParams(p params.Staking) error {
	switch {
	case p.EpochBlocks < 1:
		return fmt.Errorf("%w: EpochBlocks %d < 1", ErrParams, p.EpochBlocks)
	case p.MaxValidators < 1 || p.MaxValidators > MaxSetSize:
		return fmt.Errorf("%w: MaxValidators %d not in 1..%d", ErrParams, p.MaxValidators, MaxSetSize)
	case p.LockEpochs < 0:
		return fmt.Errorf("%w: LockEpochs %d < 0", ErrParams, p.LockEpochs)
	case p.AwardPeriod < 1:
		return fmt.Errorf("%w: AwardPeriod %d < 1", ErrParams, p.AwardPeriod)
	case p.DowntimeWindow < 1 || p.DowntimeWindow > MaxDowntimeWindow:
		return fmt.Errorf("%w: DowntimeWindow %d not in 1..%d", ErrParams, p.DowntimeWindow, MaxDowntimeWindow)
	case p.UnjailDelay < 0:
		return fmt.Errorf("%w: UnjailDelay %d < 0", ErrParams, p.UnjailDelay)
	}
	for _, s := range []struct {
		name string
		bps  uint64
	}{
		{"AwardShareBps", p.AwardShareBps},
		{"AwardMinSignedBps", p.AwardMinSignedBps},
		{"DowntimeMaxMissedBps", p.DowntimeMaxMissedBps},
		{"SlashShareBps", p.SlashShareBps},
	} {
		if s.bps > BpsDenominator {
			return fmt.Errorf("%w: %s %d > %d", ErrParams, s.name, s.bps, BpsDenominator)
		}
	}
	return nil
}

// IsEpochBoundary reports whether h is the first height of an epoch after
// genesis, where the validator set changes: a positive multiple of
// EpochBlocks.
func IsEpochBoundary(h int64, p params.Staking) bool {
	return h > 0 && h%p.EpochBlocks == 0
}

// EpochOf returns the epoch height h belongs to: h / EpochBlocks.
func EpochOf(h int64, p params.Staking) int64 {
	return h / p.EpochBlocks
}

// UnlockHeight returns the first height at which a stake output created at
// bondHeight may be spent: the start of epoch
// EpochOf(bondHeight)+1+LockEpochs, so the output stays bonded for the rest
// of its own epoch and LockEpochs whole epochs after it. It saturates at
// math.MaxInt64 rather than overflow.
func UnlockHeight(bondHeight int64, p params.Staking) int64 {
	epoch := EpochOf(bondHeight, p)
	if epoch > math.MaxInt64-1-p.LockEpochs {
		return math.MaxInt64
	}
	epoch += 1 + p.LockEpochs
	if epoch > math.MaxInt64/p.EpochBlocks {
		return math.MaxInt64
	}
	return epoch * p.EpochBlocks
}

// IsAwardBoundary reports whether h is the last height of an award period,
// where the award is drawn: a positive multiple of AwardPeriod.
func IsAwardBoundary(h int64, p params.Staking) bool {
	return h > 0 && h%p.AwardPeriod == 0
}

// AwardPeriodStart returns the first height of the award period block h
// belongs to. Periods are (k·AwardPeriod, (k+1)·AwardPeriod], so the start
// is k·AwardPeriod+1 with k = (h-1)/AwardPeriod. Heights below 1 belong to
// no period; for them it returns 1, the start of the first.
func AwardPeriodStart(h int64, p params.Staking) int64 {
	if h < 1 {
		return 1
	}
	return (h-1)/p.AwardPeriod*p.AwardPeriod + 1
}
