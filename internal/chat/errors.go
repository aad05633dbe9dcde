package chat

import (
	"errors"
	"fmt"
)

// Errors callers branch on (errors.Is). The decoders return ErrVersion,
// ErrKind and ErrMalformed inside a *DecodeError that says what was wrong;
// the Service returns the others.
var (
	// ErrVersion: a chat message of a version this package does not know.
	ErrVersion = errors.New("unknown chat message version")
	// ErrKind: a chat message of a kind this package does not know.
	ErrKind = errors.New("unknown chat message kind")
	// ErrMalformed: a chat message, roster, envelope or URI that is
	// truncated, has trailing bytes or a field out of range.
	ErrMalformed = errors.New("malformed chat message")
	// ErrInvalid: a message or request the Service refuses as given (an
	// empty text, a name too long, a group of too many members); the
	// error says which.
	ErrInvalid = errors.New("invalid chat request")
	// ErrNotFound: no such contact, group, channel or message.
	ErrNotFound = errors.New("not found")
	// ErrNotAllowed: the account's role does not allow this (only the
	// owner and admins invite and remove; only the owner posts to a
	// channel; a reader of a channel cannot post).
	ErrNotAllowed = errors.New("not allowed")
	// ErrClosed: the service is closed.
	ErrClosed = errors.New("chat is closed")
)

// DecodeError is a rejected encoding: Kind is one of the errors above,
// Reason the detail.
type DecodeError struct {
	Kind   error
	Reason string
}

// Error implements error.
func (e *DecodeError) Error() string { return fmt.Sprintf("chat: %v: %s", e.Kind, e.Reason) }

// Unwrap returns the kind, for errors.Is.
func (e *DecodeError) Unwrap() error { return e.Kind }

// decodeError returns a *DecodeError of kind.
func decodeError(kind error, format string, args ...any) error {
	return &DecodeError{Kind: kind, Reason: fmt.Sprintf(format, args...)}
}

// invalid returns an error matching ErrInvalid.
func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

// errorf returns an error matching kind with a message.
func errorf(kind error, format string, args ...any) error {
	return fmt.Errorf("%w: %s", kind, fmt.Sprintf(format, args...))
}
