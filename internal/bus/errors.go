package bus

import (
	"errors"
	"fmt"
)

// Errors callers branch on (errors.Is). Send returns ErrPacketTooLarge,
// ErrBadApp and ErrUnknownAddress before anything is sent; it passes the
// wallet's own errors through (a locked or view-only account, insufficient
// funds for the fees of the whole packet as a *wallet.InsufficientFundsError,
// a rejected transaction). The decoders return the other kinds, inside a
// *DecodeError that says what was wrong.
var (
	// ErrPacketTooLarge: the data is over MaxData bytes.
	ErrPacketTooLarge = errors.New("packet too large")
	// ErrBadApp: the app name is not 1–32 bytes of [a-z0-9._-].
	ErrBadApp = errors.New("invalid app name")
	// ErrUnknownAddress: the recipient's address does not parse or is for
	// another network; the error also wraps the wallet's error.
	ErrUnknownAddress = errors.New("unknown address")
	// ErrVersion: a fragment of a version this package does not know.
	ErrVersion = errors.New("unknown fragment version")
	// ErrFragment: a fragment's index, count or body length is out of range.
	ErrFragment = errors.New("invalid fragment")
	// ErrMalformed: a packet encoding is truncated, has trailing bytes,
	// unknown flags or a sender address that does not decode.
	ErrMalformed = errors.New("malformed packet")
	// ErrBadDigest: the packet's digest does not match its contents.
	ErrBadDigest = errors.New("packet digest mismatch")
	// ErrBadSignature: a signed packet's signature does not verify for the
	// sender it names.
	ErrBadSignature = errors.New("packet signature does not verify")
	// ErrClosed: the service is closed.
	ErrClosed = errors.New("bus is closed")
)

// DecodeError is a rejected fragment or packet encoding: Kind is one of the
// errors above, Reason the detail.
type DecodeError struct {
	Kind   error
	Reason string
}

// Error implements error.
func (e *DecodeError) Error() string { return fmt.Sprintf("bus: %v: %s", e.Kind, e.Reason) }

// Unwrap returns the kind, for errors.Is.
func (e *DecodeError) Unwrap() error { return e.Kind }

// decodeError returns a *DecodeError of kind.
func decodeError(kind error, format string, args ...any) error {
	return &DecodeError{Kind: kind, Reason: fmt.Sprintf(format, args...)}
}
