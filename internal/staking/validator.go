package staking

import (
	"errors"
	"fmt"

	"github.com/stegos-go/stegos/internal/codec"
)

// Validator is one validator's record in the ledger state.
type Validator struct {
	Key    [32]byte // ed25519 consensus public key (CometBFT)
	VRFKey [32]byte // ECVRF public key, registered by its first stake output
	// Owner is the one-time key of its first stake output: the key that
	// authorizes withdrawing its rewards and unjailing it.
	Owner   [32]byte
	Stake   uint64 // µSTG bonded in its unspent stake outputs
	Rewards uint64 // µSTG accrued and not yet withdrawn
	// Nonce counts the owner's operations on the record (reward
	// withdrawals, unjails): each must carry the current value, so one
	// cannot be replayed.
	Nonce uint64

	// Power is the voting power CometBFT holds for it since the last set
	// change (0 if not in the set): the "current" side of Updates. It is
	// not Power(Stake), since stake may change within an epoch.
	Power int64

	Active      bool  // in the current validator set
	ActiveSince int64 // first height of its current stretch in the set (0 if not active)
	Jailed      bool
	JailedAt    int64 // height it was jailed
	Tombstoned  bool  // double signed: jailed for good

	// Missed is the downtime window, DowntimeWindow bits: bit
	// (h mod DowntimeWindow), that is bit i%8 of byte i/8, is set if the
	// validator missed block h. It is nil until RecordBlock first needs it.
	Missed []byte

	PeriodSigned       int64 // blocks of the current award period it signed
	PeriodMissed       int64 // blocks of the current award period (while active) it did not sign
	PeriodDisqualified bool  // jailed, slashed or left the set during the current period
}

// ValidatorVersion is the encoding version written first in every
// validator record.
const ValidatorVersion uint8 = 1

// MaxMissedBytes bounds the downtime bitset a record may carry, and with it
// the DowntimeWindow CheckParams accepts (MaxDowntimeWindow).
const MaxMissedBytes = 1 << 16

// Flag bits of the encoded record. The other bits must be zero.
const (
	flagActive = 1 << iota
	flagJailed
	flagTombstoned
	flagDisqualified
	flagsKnown = flagActive | flagJailed | flagTombstoned | flagDisqualified
)

// validatorFixedSize is the size of an encoding whose Missed is empty.
const validatorFixedSize = 1 + 3*32 + 4*8 + 1 + 4*8 + 4

// ErrEncoding is wrapped by every DecodeValidator error.
var ErrEncoding = errors.New("staking: malformed validator record")

// Encode returns the canonical encoding of v:
//
//	u8 version (1) ‖ Key ‖ VRFKey ‖ Owner ‖ u64 Stake ‖ u64 Rewards ‖ u64 Nonce ‖
//	u64 Power ‖
//	u8 flags (Active 1, Jailed 2, Tombstoned 4, PeriodDisqualified 8) ‖
//	u64 ActiveSince ‖ u64 JailedAt ‖ u64 PeriodSigned ‖ u64 PeriodMissed ‖
//	u32 len(Missed) ‖ Missed
//
// integers big-endian. Power, heights and counters are never negative, and Missed
// is at most MaxMissedBytes long; a record that breaks either encodes, but
// DecodeValidator rejects it.
func (v *Validator) Encode() []byte {
	w := codec.NewWriter(validatorFixedSize + len(v.Missed))
	w.Uint8(ValidatorVersion)
	w.Fixed(v.Key[:])
	w.Fixed(v.VRFKey[:])
	w.Fixed(v.Owner[:])
	w.Uint64(v.Stake)
	w.Uint64(v.Rewards)
	w.Uint64(v.Nonce)
	w.Uint64(uint64(v.Power))
	var flags uint8
	if v.Active {
		flags |= flagActive
	}
	if v.Jailed {
		flags |= flagJailed
	}
	if v.Tombstoned {
		flags |= flagTombstoned
	}
	if v.PeriodDisqualified {
		flags |= flagDisqualified
	}
	w.Uint8(flags)
	w.Uint64(uint64(v.ActiveSince))
	w.Uint64(uint64(v.JailedAt))
	w.Uint64(uint64(v.PeriodSigned))
	w.Uint64(uint64(v.PeriodMissed))
	w.Var(v.Missed)
	return w.Bytes()
}

// DecodeValidator parses a record written by Encode. It is strict, so that
// every record has exactly one encoding: it rejects an unknown version,
// unknown flag bits, a negative power, height or counter, a Missed longer than
// MaxMissedBytes or whose length prefix disagrees with the bytes that
// follow, and trailing bytes. An empty Missed decodes as nil.
func DecodeValidator(b []byte) (*Validator, error) {
	r := codec.NewReader(b)
	if ver := r.Uint8(); r.Err() == nil && ver != ValidatorVersion {
		return nil, fmt.Errorf("%w: version %d, want %d", ErrEncoding, ver, ValidatorVersion)
	}
	v := new(Validator)
	r.Fixed(v.Key[:])
	r.Fixed(v.VRFKey[:])
	r.Fixed(v.Owner[:])
	v.Stake = r.Uint64()
	v.Rewards = r.Uint64()
	v.Nonce = r.Uint64()
	v.Power = readNonNegative(r, "Power")
	flags := r.Uint8()
	if r.Err() == nil && flags&^flagsKnown != 0 {
		r.Fail(fmt.Errorf("unknown flags %#02x", flags&^flagsKnown))
	}
	v.Active = flags&flagActive != 0
	v.Jailed = flags&flagJailed != 0
	v.Tombstoned = flags&flagTombstoned != 0
	v.PeriodDisqualified = flags&flagDisqualified != 0
	v.ActiveSince = readNonNegative(r, "ActiveSince")
	v.JailedAt = readNonNegative(r, "JailedAt")
	v.PeriodSigned = readNonNegative(r, "PeriodSigned")
	v.PeriodMissed = readNonNegative(r, "PeriodMissed")
	if m := r.Var(MaxMissedBytes); len(m) > 0 {
		v.Missed = m
	}
	if err := r.Finish(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrEncoding, err)
	}
	return v, nil
}

// readNonNegative reads a u64 that must fit a non-negative int64.
func readNonNegative(r *codec.Reader, field string) int64 {
	u := r.Uint64()
	if r.Err() == nil && u > 1<<63-1 {
		r.Fail(fmt.Errorf("%s %d is negative", field, int64(u)))
	}
	return int64(u)
}
