package ledger

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/stegos-go/stegos/crypto/payload"
	"github.com/stegos-go/stegos/internal/codec"
)

// Unit: amounts are integers of µSTG; 1 STG = 10^6 µSTG.
const (
	MicroSTG uint64 = 1
	STG      uint64 = 1_000_000
)

// Hash is a 32-byte SHA-256 digest.
type Hash [32]byte

// String returns the hash in hex.
func (h Hash) String() string { return hex.EncodeToString(h[:]) }

// OutputID identifies an output: the tagged hash of its core encoding
// (EncodeCore), which for a confidential output holds the hash of its
// payload instead of the payload, so a node that dropped the payload still
// verifies the id.
type OutputID = Hash

// TxID identifies a transaction: the tagged hash of its full canonical
// encoding, signature included.
type TxID = Hash

// Domain tags of the ledger's hashes.
const (
	tagOutputID = "stegos/v1/ledger/output"
	tagPayload  = "stegos/v1/ledger/payload"
	tagTxID     = "stegos/v1/ledger/tx"
	tagSigHash  = "stegos/v1/ledger/sighash"
)

// taggedHash returns SHA-256(len(tag) ‖ tag ‖ data) with a one-byte length.
func taggedHash(tag string, data []byte) Hash {
	h := sha256.New()
	h.Write([]byte{byte(len(tag))})
	h.Write([]byte(tag))
	h.Write(data)
	var out Hash
	h.Sum(out[:0])
	return out
}

// OutputType is the versioned type tag that starts every encoded output.
// New kinds (HTLC, red packets) and new versions of a kind take new tags;
// a tag is never reused with a different layout.
type OutputType uint8

// Output type tags.
const (
	// TypeConfidential is the kind of an output with a hidden amount and an
	// encrypted payload. Its tag was 0x01 until ADR 0020 split the output
	// into a core and a payload; that layout is retired and its outputs are
	// encoded with TagConfidential.
	TypeConfidential OutputType = 0x01
	TypePublic       OutputType = 0x02 // visible amount (exchanges, awards)
	TypeStake        OutputType = 0x03 // bonds tokens to a validator
	// 0x04 is reserved for HTLC outputs and 0x05 for red packets.

	// TypeStakeRegistration is the tag of a stake output that carries a
	// Registration (a validator's first stake, ADR 0016). It is a
	// StakeOutput whose Type is TypeStake: the tag is the layout, the type
	// the kind of output.
	TypeStakeRegistration OutputType = 0x06

	// TagConfidential is the tag of a confidential output since ADR 0020:
	// core (recipient, commitment, encrypted amount) then the payload (in a
	// transaction) or the payload's hash (in a core encoding).
	TagConfidential OutputType = 0x07
)

func (t OutputType) String() string {
	switch t {
	case TypeConfidential:
		return "confidential"
	case TypePublic:
		return "public"
	case TypeStake:
		return "stake"
	case TypeStakeRegistration:
		return "stake registration"
	case TagConfidential:
		return "confidential (tag 0x07)"
	}
	return "unknown(0x" + hex.EncodeToString([]byte{byte(t)}) + ")"
}

// Recipient is what every output carries so its owner can find and spend
// it: the stealth one-time key P, the per-output transaction key R and the
// one-byte view tag (crypto/stealth).
type Recipient struct {
	OneTimeKey [32]byte
	TxKey      [32]byte
	ViewTag    uint8
}

// PayloadSize is the size of every confidential output's encrypted payload.
const PayloadSize = payload.Size

// AmountSize is the size of a confidential output's encrypted amount.
const AmountSize = payload.AmountSize

// ConfidentialOutput hides its amount. Payments and data packets have this
// same shape, byte for byte. Its core (everything but the payload) stays in
// the UTXO set while it is unspent; its payload is kept by nodes for
// params.PayloadRetention blocks and then dropped (ADR 0020).
type ConfidentialOutput struct {
	Recipient
	Commitment [32]byte
	// EncryptedAmount is the amount sealed to the recipient
	// (payload.SealAmount); the blinding factor is derived
	// (payload.Blinding), so the core alone opens the commitment.
	EncryptedAmount [AmountSize]byte
	// Payload is the sealed payload. It is nil in a core decoded by
	// DecodeCore: the node keeps only its hash (PayloadHash).
	Payload *[PayloadSize]byte
	// payloadHash is the payload's hash when Payload is nil.
	payloadHash Hash
}

// PayloadHash returns the tagged SHA-256 of the payload, which the output
// id commits to.
func (o *ConfidentialOutput) PayloadHash() Hash {
	if o.Payload != nil {
		return HashPayload(o.Payload[:])
	}
	return o.payloadHash
}

// Core returns a copy of o without its payload (only its hash), as a node
// keeps it after the retention window.
func (o *ConfidentialOutput) Core() *ConfidentialOutput {
	c := *o
	c.payloadHash = o.PayloadHash()
	c.Payload = nil
	return &c
}

// HashPayload returns the hash of a sealed payload that an output id commits
// to: SHA-256(len(tag) ‖ "stegos/v1/ledger/payload" ‖ payload).
func HashPayload(p []byte) Hash { return taggedHash(tagPayload, p) }

// PublicOutput shows its amount; its commitment is Amount·H.
type PublicOutput struct {
	Recipient
	Amount uint64
}

// StakeOutput bonds Amount to a validator. Its commitment is Amount·H; the
// owner spends it with the one-time key like any output, subject to the
// staking rules.
type StakeOutput struct {
	Recipient
	Amount uint64
	// Validator is the ed25519 consensus public key the stake is bonded to.
	Validator [32]byte
	// VRFKey is the validator's ECVRF public key for the randomness beacon.
	VRFKey [32]byte
	// Registration, set only on a validator's first stake, proves that the
	// holders of both keys consent to it and names this output's one-time
	// key as the validator's owner. An output with one is encoded with the
	// tag TypeStakeRegistration.
	Registration *Registration
}

// Output is one of *ConfidentialOutput, *PublicOutput or *StakeOutput.
type Output interface {
	Type() OutputType
	// Owner returns the recipient fields.
	Owner() *Recipient
	encodeBody(w *codec.Writer)
}

// Type implements Output.
func (*ConfidentialOutput) Type() OutputType { return TypeConfidential }

// Type implements Output.
func (*PublicOutput) Type() OutputType { return TypePublic }

// Type implements Output.
func (*StakeOutput) Type() OutputType { return TypeStake }

// Owner implements Output.
func (o *ConfidentialOutput) Owner() *Recipient { return &o.Recipient }

// Owner implements Output.
func (o *PublicOutput) Owner() *Recipient { return &o.Recipient }

// Owner implements Output.
func (o *StakeOutput) Owner() *Recipient { return &o.Recipient }

// Tx is a transaction. Build it, fill Signature with Sign, and encode it
// with Encode.
type Tx struct {
	// Network is the network the transaction is for (params.Network).
	Network uint8
	// Inputs are the ids of the outputs spent, in signing order.
	Inputs []OutputID
	// Outputs are the outputs created.
	Outputs []Output
	// Fee is paid in the clear, in µSTG.
	Fee uint64
	// Gamma is Σ input blindings − Σ output blindings, a canonical scalar.
	Gamma [32]byte
	// RangeProof is one aggregated Bulletproof over the commitments of the
	// confidential outputs, in output order; empty when there are none.
	RangeProof []byte
	// Op, when set, is an operation of a validator's owner on its record:
	// the transaction claims Op.Amount of the validator's accrued rewards
	// (as if it were an input of Amount·H) and, for OpUnjail, releases it
	// from jail. Only version-2 encodings carry it.
	Op *ValidatorOp
	// Signature is a Schnorr signature by the MuSig aggregate of the inputs'
	// one-time keys, followed by the validator's owner key when Op is set,
	// over SigHash.
	Signature [64]byte
}

// OpKind says what a ValidatorOp does.
type OpKind uint8

// Validator operations.
const (
	// OpWithdraw withdraws accrued rewards into the transaction's outputs.
	OpWithdraw OpKind = 1
	// OpUnjail releases a jailed validator after its jail time (and may
	// also claim rewards, for instance to pay its fee).
	OpUnjail OpKind = 2
)

func (k OpKind) String() string {
	switch k {
	case OpWithdraw:
		return "withdraw"
	case OpUnjail:
		return "unjail"
	}
	return "unknown(" + hex.EncodeToString([]byte{byte(k)}) + ")"
}

// ValidatorOp is an operation authorized by a validator's owner key (the
// one-time key of the validator's first stake output).
type ValidatorOp struct {
	Kind OpKind
	// Validator is the consensus key of the validator record.
	Validator [32]byte
	// Nonce must equal the record's Nonce: each operation is applied once.
	Nonce uint64
	// Amount is the µSTG of rewards claimed (positive for OpWithdraw).
	Amount uint64
}
