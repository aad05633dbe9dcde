package smt

import "errors"

// Errors callers branch on. Returned errors wrap one of these with detail.
var (
	// ErrDuplicateKey: an Update named the same key twice.
	ErrDuplicateKey = errors.New("smt: key appears twice in one update")

	// ErrCorruptStore: a node the tree needs is missing from the Store or
	// does not match the hash its parent holds.
	ErrCorruptStore = errors.New("smt: corrupt store")

	// ErrInvalidProof: a proof does not show what it was asked to show
	// against the given root.
	ErrInvalidProof = errors.New("smt: invalid proof")

	// ErrMalformedProof: bytes are not the canonical encoding of a proof.
	ErrMalformedProof = errors.New("smt: malformed proof encoding")
)
