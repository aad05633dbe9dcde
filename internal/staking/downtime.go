package staking

import (
	"errors"
	"fmt"
	"math"
	"math/bits"

	"github.com/stegos-go/stegos/params"
)

// Errors of Unjail. A too-early unjail returns a *TooEarlyError, which
// matches ErrTooEarly under errors.Is.
var (
	ErrNotJailed  = errors.New("staking: validator is not jailed")
	ErrTombstoned = errors.New("staking: validator is tombstoned")
	ErrTooEarly   = errors.New("staking: too early to unjail")
)

// TooEarlyError is returned by Unjail before the jail time is served.
type TooEarlyError struct {
	UnjailAt int64 // the first height at which Unjail succeeds
}

func (e *TooEarlyError) Error() string {
	return fmt.Sprintf("%v: may unjail at height %d", ErrTooEarly, e.UnjailAt)
}

// Unwrap makes a *TooEarlyError match ErrTooEarly.
func (e *TooEarlyError) Unwrap() error { return ErrTooEarly }

// Enter marks v as entering the active set at height h: the first height
// at which it is in CometBFT's validator set. Its downtime window starts
// afresh.
func Enter(v *Validator, h int64) {
	v.Active = true
	v.ActiveSince = h
	v.Missed = nil
}

// Leave marks v as out of the active set, with no voting power. Leaving
// disqualifies it from the current award, which requires being active for
// the whole period.
func Leave(v *Validator) {
	if v.Active {
		v.PeriodDisqualified = true
	}
	v.Active = false
	v.ActiveSince = 0
	v.Power = 0
}

// RecordBlock updates the downtime window and the award-period counters of
// one active validator for block h: signed says whether its signature is
// in the commit of block h (CometBFT DecidedLastCommit, delivered with
// block h+1). It returns true if the validator has now missed more than
// DowntimeMaxMissedBps of the last DowntimeWindow blocks, that is
// missed·10000 > DowntimeMaxMissedBps·DowntimeWindow, counting only blocks
// since ActiveSince: a new validator is not jailed for blocks before it
// joined, and needs to miss that share of a whole window, not of its short
// stretch so far. The caller then jails it (Jail).
//
// A validator that is not active, jailed or tombstoned is not recorded
// (it is disqualified already, and Unjail clears its window); nor is a
// height below 1. A Missed of the wrong length (a new validator, or a
// changed DowntimeWindow) is replaced by an empty window.
func RecordBlock(v *Validator, h int64, signed bool, p params.Staking) (jail bool) {
	if !v.Active || v.Jailed || v.Tombstoned || h < 1 {
		return false
	}
	if signed {
		v.PeriodSigned++
	} else {
		v.PeriodMissed++
	}

	w := p.DowntimeWindow
	if w < 1 {
		return false
	}
	if int64(len(v.Missed)) != (w+7)/8 {
		v.Missed = make([]byte, (w+7)/8)
	}
	pos := h % w
	if signed {
		v.Missed[pos/8] &^= 1 << (pos % 8)
	} else {
		v.Missed[pos/8] |= 1 << (pos % 8)
	}
	missed := missedSince(v.Missed, w, max(h-w+1, v.ActiveSince), h)
	return mulLess(p.DowntimeMaxMissedBps, uint64(w), missed, BpsDenominator)
}

// missedSince counts the set bits of the circular window of w bits for the
// heights from..to (at most w of them, so each has its own bit).
func missedSince(window []byte, w, from, to int64) uint64 {
	if from > to {
		return 0
	}
	start, n := from%w, to-from+1
	if start+n <= w {
		return ones(window, start, start+n)
	}
	return ones(window, start, w) + ones(window, 0, start+n-w)
}

// ones counts the set bits lo..hi-1 of b (bit i is bit i%8 of byte i/8).
func ones(b []byte, lo, hi int64) uint64 {
	var n int
	for ; lo < hi && lo%8 != 0; lo++ {
		n += int(b[lo/8]>>(lo%8)) & 1
	}
	for ; lo+8 <= hi; lo += 8 {
		n += bits.OnesCount8(b[lo/8])
	}
	for ; lo < hi; lo++ {
		n += int(b[lo/8]>>(lo%8)) & 1
	}
	return uint64(n)
}

// Jail jails v at height h: the state machine takes it out of the set at
// once (Leave) and ActiveSet skips it at boundaries; it earns nothing
// meanwhile (Distribute skips it) and is
// disqualified from the current award. Jailing a jailed validator changes
// nothing: its jail time runs from the first offence.
func Jail(v *Validator, h int64) {
	v.PeriodDisqualified = true
	if v.Jailed {
		return
	}
	v.Jailed = true
	v.JailedAt = h
}

// Unjail releases v at height h (an unjail transaction): v must be jailed,
// not tombstoned, and have served UnjailDelay blocks (h ≥
// JailedAt+UnjailDelay; otherwise a *TooEarlyError with that height). It
// clears the jail and the downtime window, so v starts afresh when it
// re-enters the set at an epoch boundary. v stays disqualified from the
// current award.
func Unjail(v *Validator, h int64, p params.Staking) error {
	switch {
	case v.Tombstoned:
		return ErrTombstoned
	case !v.Jailed:
		return ErrNotJailed
	}
	if at := addSat(v.JailedAt, max(p.UnjailDelay, 0)); h < at {
		return &TooEarlyError{UnjailAt: at}
	}
	Release(v)
	return nil
}

// Release clears v's jail and downtime window: the effect of an Unjail
// whose rules were checked already.
func Release(v *Validator) {
	v.Jailed = false
	v.JailedAt = 0
	v.Missed = nil
}

// addSat returns a+b for b ≥ 0, saturating at math.MaxInt64.
func addSat(a, b int64) int64 {
	if a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}
