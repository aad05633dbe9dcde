package stealth

import (
	"errors"
	"fmt"
	"strings"
)

// Errors from parsing and decoding addresses. Callers branch with errors.Is;
// the returned errors add detail.
var (
	// ErrChecksum means the bech32m checksum does not match: the address was
	// mistyped or truncated.
	ErrChecksum = errors.New("stealth: checksum mismatch, the address was mistyped or truncated")
	// ErrNotBech32m means the string carries a valid bech32 (BIP 173)
	// checksum where a bech32m (BIP 350) one is required.
	ErrNotBech32m = errors.New("stealth: address has a bech32 checksum, want bech32m")
	// ErrMixedCase means the address mixes upper- and lower-case letters.
	ErrMixedCase = errors.New("stealth: address mixes upper and lower case")
	// ErrSyntax means the string is not shaped like a bech32m string at all
	// (a character outside the bech32 alphabet, no separator).
	ErrSyntax = errors.New("stealth: malformed address")
	// ErrUnknownPrefix means the prefix names no network; see PrefixError.
	ErrUnknownPrefix = errors.New("stealth: unknown address prefix")
	// ErrWrongNetwork means the address is for a network other than the
	// expected one; see NetworkError.
	ErrWrongNetwork = errors.New("stealth: address is for another network")
	// ErrLength means the address holds the wrong amount of data.
	ErrLength = errors.New("stealth: wrong address length")
	// ErrVersion means the address version is not one this package knows.
	ErrVersion = errors.New("stealth: unknown address version")
	// ErrInvalidKey means a key in the address is not a canonical encoding
	// of a group element other than the identity.
	ErrInvalidKey = errors.New("stealth: invalid key in address")
)

// Errors from key construction and spending.
var (
	// ErrSameKeys means the view and spend scalars are equal, which would make
	// every view key a spend key.
	ErrSameKeys = errors.New("stealth: view and spend keys are equal")
	// ErrViewOnly means a spend was asked of keys that hold no spend key.
	ErrViewOnly = errors.New("stealth: view-only keys cannot spend")
	// ErrNotOwned means an output does not belong to the keys asked to spend it.
	ErrNotOwned = errors.New("stealth: output does not belong to these keys")
	// ErrRandomness means the random source failed.
	ErrRandomness = errors.New("stealth: reading randomness failed")
)

// PrefixError reports an address prefix that names no network.
type PrefixError struct {
	Prefix string // as found, lower-cased
}

// Error implements error.
func (e *PrefixError) Error() string {
	want := make([]string, len(networks))
	for i, n := range networks {
		want[i] = fmt.Sprintf("%q (%s)", n.HRP(), n)
	}
	return fmt.Sprintf("stealth: unknown address prefix %q, want %s", e.Prefix, strings.Join(want, ", "))
}

// Is makes errors.Is(err, ErrUnknownPrefix) true.
func (e *PrefixError) Is(target error) bool { return target == ErrUnknownPrefix }

// NetworkError reports an address for network Got where Want was expected.
type NetworkError struct {
	Got, Want Network
}

// Error implements error.
func (e *NetworkError) Error() string {
	return fmt.Sprintf("stealth: address is for %s (prefix %q), want %s (prefix %q)",
		e.Got, e.Got.HRP(), e.Want, e.Want.HRP())
}

// Is makes errors.Is(err, ErrWrongNetwork) true.
func (e *NetworkError) Is(target error) bool { return target == ErrWrongNetwork }
