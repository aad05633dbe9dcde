package ledger

import (
	"errors"
	"fmt"
)

// Kind says why a transaction was rejected. Its numeric value is the ABCI
// response code a node returns, so it is part of the API: values are never
// renumbered.
type Kind uint32

// Rejection kinds.
const (
	KindMalformed       Kind = 1  // not a canonical encoding (counts over MaxInputs/MaxOutputs included), or structurally invalid
	KindWrongNetwork    Kind = 2  // built for another network
	KindOversize        Kind = 3  // more bytes than MaxTxSize
	KindFeeTooLow       Kind = 4  // fee below the minimum for its size
	KindDuplicateInput  Kind = 5  // the same output spent twice in one transaction
	KindDuplicateOutput Kind = 6  // an output that already exists or appears twice
	KindBadRangeProof   Kind = 7  // the range proof does not verify
	KindUnknownInput    Kind = 8  // an input that is not in the UTXO set
	KindDoubleSpend     Kind = 9  // an input already spent in this block or before
	KindImbalance       Kind = 10 // inputs ≠ outputs + fee
	KindBadSignature    Kind = 11 // the signature does not verify
	KindBadOutput       Kind = 12 // an output field is invalid (bad point, zero amount)
	KindStakeLocked     Kind = 13 // a stake output spent before its lock expired
	KindValidatorOp     Kind = 14 // a validator operation the record does not allow (unknown validator, stale nonce, rewards short, not jailed, too early)
	KindMempoolConflict Kind = 15 // node-local (CheckTx only): an input is spent by a transaction already in this node's mempool
	KindQuarantined     Kind = 16 // node-local (CheckTx only): an input was recently signed into a transaction with a bad range proof
)

var kindNames = map[Kind]string{
	KindMalformed:       "malformed",
	KindWrongNetwork:    "wrong network",
	KindOversize:        "oversize",
	KindFeeTooLow:       "fee too low",
	KindDuplicateInput:  "duplicate input",
	KindDuplicateOutput: "duplicate output",
	KindBadRangeProof:   "bad range proof",
	KindUnknownInput:    "unknown input",
	KindDoubleSpend:     "double spend",
	KindImbalance:       "imbalance",
	KindBadSignature:    "bad signature",
	KindStakeLocked:     "stake locked",
	KindBadOutput:       "bad output",
	KindValidatorOp:     "validator operation refused",
	KindMempoolConflict: "mempool conflict",
	KindQuarantined:     "input quarantined",
}

func (k Kind) String() string {
	if s, ok := kindNames[k]; ok {
		return s
	}
	return fmt.Sprintf("kind(%d)", uint32(k))
}

// Error is a rejection with its kind.
type Error struct {
	Kind   Kind
	Detail string
	Err    error
}

func newError(k Kind, detail string, err error) *Error {
	return &Error{Kind: k, Detail: detail, Err: err}
}

func (e *Error) Error() string {
	msg := "ledger: " + e.Kind.String()
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// Is lets errors.Is(err, ledger.KindX) style checks work through ErrKind.
func (e *Error) Is(target error) bool {
	var k kindError
	if errors.As(target, &k) {
		return e.Kind == Kind(k)
	}
	return false
}

// kindError makes a Kind usable as an errors.Is target: errors.Is(err,
// ErrKind(KindDoubleSpend)).
type kindError Kind

func (k kindError) Error() string { return "ledger: " + Kind(k).String() }

// ErrKind returns a sentinel matching any *Error of kind k under errors.Is.
func ErrKind(k Kind) error { return kindError(k) }

// KindOf returns the kind of a ledger rejection, or 0 if err is not one.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return 0
}

// ErrNoPayload is the KindBadOutput cause of a confidential output without
// its payload in a transaction: only a core read back from a node's state
// lacks one (ADR 0020).
var ErrNoPayload = errors.New("confidential output without its payload (a core is not a transaction output)")
