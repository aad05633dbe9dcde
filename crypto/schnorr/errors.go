package schnorr

import (
	"errors"
	"fmt"
	"slices"
)

// Errors returned by decoding, signing and verification. Callers test for them
// with errors.Is; the returned errors usually wrap them with detail.
var (
	// ErrInvalidSignature means a signature does not verify.
	ErrInvalidSignature = errors.New("schnorr: invalid signature")
	// ErrEncoding means a key or signature has the wrong length or is not a
	// canonical encoding.
	ErrEncoding = errors.New("schnorr: invalid encoding")
	// ErrIdentityKey means a public key is the identity element, the public
	// key of the (forbidden) zero private key.
	ErrIdentityKey = errors.New("schnorr: public key is the identity element")
	// ErrZeroKey means a private key is zero.
	ErrZeroKey = errors.New("schnorr: private key is zero")
	// ErrRandomness means the random source failed.
	ErrRandomness = errors.New("schnorr: reading randomness failed")
)

// Errors of the multi-party protocol. Those caused by a remote signer reach
// the caller inside a *PartyError.
var (
	// ErrNoKeys means the signer list is empty.
	ErrNoKeys = errors.New("schnorr: empty signer list")
	// ErrDuplicateKey means a key appears twice in the signer list.
	ErrDuplicateKey = errors.New("schnorr: duplicate key in signer list")
	// ErrNotSigner means the session's own key is not in the signer list.
	ErrNotSigner = errors.New("schnorr: own key is not in the signer list")
	// ErrPartyCount means a round's input does not hold one entry per signer.
	ErrPartyCount = errors.New("schnorr: wrong number of entries for the signer list")
	// ErrOwnEntry means a round's input holds something other than this
	// signer's own value at this signer's index.
	ErrOwnEntry = errors.New("schnorr: entry at own index is not this signer's")
	// ErrSessionState means a session method was called out of order.
	ErrSessionState = errors.New("schnorr: session method called out of order")
	// ErrNonceUsed means the session already produced its partial signature;
	// a nonce is never used twice.
	ErrNonceUsed = errors.New("schnorr: session nonce already used")
	// ErrCommitmentMismatch means a revealed nonce does not match the
	// commitment its party published in the first round.
	ErrCommitmentMismatch = errors.New("schnorr: nonce does not match its commitment")
	// ErrInvalidNonce means a revealed nonce is not a canonical, non-identity
	// group element.
	ErrInvalidNonce = errors.New("schnorr: invalid nonce encoding")
	// ErrInvalidPartial means a partial signature is not canonical or does
	// not verify against its party's key and nonce.
	ErrInvalidPartial = errors.New("schnorr: invalid partial signature")
	// ErrPartyIndex means a party index is outside the signer list.
	ErrPartyIndex = errors.New("schnorr: party index out of range")
)

// PartyError reports that the signer at index Party of the key list misbehaved
// or sent malformed data. Err is one of the sentinel errors above.
type PartyError struct {
	Party int
	Err   error
}

// Error implements error.
func (e *PartyError) Error() string { return fmt.Sprintf("%v (party %d)", e.Err, e.Party) }

// Unwrap returns the underlying sentinel error.
func (e *PartyError) Unwrap() error { return e.Err }

// Blame returns, sorted and without repeats, the index of every party that a
// *PartyError inside err names. It walks errors joined with errors.Join and
// wrapped with %w. It returns nil when err blames nobody.
func Blame(err error) []int {
	var out []int
	var walk func(error)
	walk = func(err error) {
		switch x := err.(type) {
		case nil:
		case *PartyError:
			out = append(out, x.Party)
		case interface{ Unwrap() []error }:
			for _, e := range x.Unwrap() {
				walk(e)
			}
		case interface{ Unwrap() error }:
			walk(x.Unwrap())
		}
	}
	walk(err)
	slices.Sort(out)
	return slices.Compact(out)
}
