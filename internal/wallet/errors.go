package wallet

import (
	"errors"
	"fmt"

	"github.com/stegos-go/stegos/api"
)

// Sentinel errors callers branch on (errors.Is).
var (
	ErrWrongPassword   = errors.New("wrong password")
	ErrEmptyPassword   = errors.New("the password must not be empty")
	ErrLocked          = errors.New("account is locked")
	ErrAccountNotFound = errors.New("no such account")
	ErrAccountExists   = errors.New("account already exists")
	ErrViewOnly        = errors.New("a view-only account cannot spend")
	ErrInvalidAddress  = errors.New("invalid address")
	ErrInvalidPhrase   = errors.New("invalid recovery phrase")
	ErrNotFound        = errors.New("not found")
	ErrInvalidName     = errors.New("invalid account name")
	ErrInvalidAmount   = errors.New("invalid amount")
	ErrInvalidProof    = errors.New("invalid payment proof")
	ErrClosed          = errors.New("wallet is closed")
	// ErrMemoTooLong: the memo does not fit an output's payload.
	ErrMemoTooLong = errors.New("memo too long")
)

// MaxAmount is the largest amount or fee the wallet takes, in µSTG: the
// API keeps every amount below 2^53 (package api), and the whole supply is
// far below it, so no sum the wallet makes of amounts and fees overflows.
const MaxAmount = 1<<53 - 1

// checkAmounts refuses an amount or fee above MaxAmount, and an amount
// plus fee above it, with ErrInvalidAmount (the API's invalid params).
func checkAmounts(amount, fee uint64) error {
	switch {
	case amount > MaxAmount:
		return fmt.Errorf("%w: %s STG is more than the largest amount, %s STG", ErrInvalidAmount, FormatSTG(amount), FormatSTG(MaxAmount))
	case fee > MaxAmount:
		return fmt.Errorf("%w: a fee of %s STG is more than the largest amount, %s STG", ErrInvalidAmount, FormatSTG(fee), FormatSTG(MaxAmount))
	case amount+fee > MaxAmount: // both below 2^53: no overflow
		return fmt.Errorf("%w: %s STG plus a fee of %s STG is more than the largest amount, %s STG", ErrInvalidAmount, FormatSTG(amount), FormatSTG(fee), FormatSTG(MaxAmount))
	}
	return nil
}

// memoTooLongError is a memo that does not fit. It matches
// ErrMemoTooLong, and ErrInvalidAmount too, which the API maps to invalid
// params (-32602): the API has no mapping of ErrMemoTooLong of its own.
type memoTooLongError struct{ n, max int }

func (e *memoTooLongError) Error() string {
	return fmt.Sprintf("memo too long: the memo has %d bytes, at most %d fit", e.n, e.max)
}

// Is implements errors.Is.
func (e *memoTooLongError) Is(target error) bool {
	return target == ErrMemoTooLong || target == ErrInvalidAmount
}

// InsufficientFundsError says what a payment needed and what was there.
type InsufficientFundsError struct {
	Available, Needed, Pending uint64
}

// Error implements error.
func (e *InsufficientFundsError) Error() string {
	msg := fmt.Sprintf("insufficient funds: %s STG available, %s STG needed (amount plus fee)", FormatSTG(e.Available), FormatSTG(e.Needed))
	if e.Pending > 0 {
		msg += fmt.Sprintf("; %s STG more is pending", FormatSTG(e.Pending))
	}
	return msg
}

// SyncingError is returned by calls that need an account scanned up to the
// chain tip.
type SyncingError struct {
	Status api.SyncStatus
}

// Error implements error.
func (e *SyncingError) Error() string {
	s := e.Status
	if s.Reason != "" {
		return fmt.Sprintf("wallet still syncing: %s", s.Reason)
	}
	return fmt.Sprintf("wallet still syncing: scanned %d of %d blocks", s.ScannedHeight, s.ChainHeight)
}

// RejectedError is a transaction the node refused.
type RejectedError struct {
	Reason string
}

// Error implements error.
func (e *RejectedError) Error() string { return "the node rejected the transaction: " + e.Reason }

// FormatSTG formats µSTG as decimal STG with up to six decimals.
func FormatSTG(micro uint64) string {
	whole, frac := micro/1_000_000, micro%1_000_000
	if frac == 0 {
		return fmt.Sprintf("%d", whole)
	}
	s := fmt.Sprintf("%d.%06d", whole, frac)
	for s[len(s)-1] == '0' {
		s = s[:len(s)-1]
	}
	return s
}
