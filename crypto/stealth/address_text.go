package stealth

import (
	"errors"
	"fmt"
	"strings"

	"github.com/btcsuite/btcd/address/v2/bech32"
)

// bech32 layout of an address.
const (
	charset      = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
	dataChars    = (AddressSize*8 + 4) / 5 // 104 five-bit groups for 65 bytes
	checksumLen  = 6
	maxTextLen   = 1023 // the longest string the bech32 BCH code is defined for
	hrpLen       = 3    // every network prefix is three characters
	addrTextSize = hrpLen + 1 + dataChars + checksumLen
)

// String returns the address as bech32m text with the prefix of net, in
// lower case. It panics if net is not a defined Network (a programming error).
func (a Address) String(net Network) string {
	hrp := net.HRP()
	if hrp == "" {
		panic(fmt.Sprintf("stealth: Address.String: invalid network %d", uint8(net)))
	}
	data, err := bech32.ConvertBits(a.Bytes(), 8, 5, true)
	if err != nil {
		panic("stealth: ConvertBits(8→5): " + err.Error()) // only fails for bad bit widths
	}
	s, err := bech32.EncodeM(hrp, data)
	if err != nil {
		panic("stealth: EncodeM: " + err.Error()) // only fails for data bytes ≥ 32
	}
	return s
}

// ParseAddress parses bech32m address text in either all-lower or all-upper
// case and returns the address and the network its prefix names. Errors say
// what is wrong and wrap one of ErrSyntax, ErrMixedCase, ErrUnknownPrefix
// (as a *PrefixError), ErrChecksum, ErrNotBech32m, ErrLength, ErrVersion or
// ErrInvalidKey.
func ParseAddress(s string) (Address, Network, error) {
	if len(s) > maxTextLen {
		return Address{}, 0, fmt.Errorf("%w: %d characters, want %d", ErrLength, len(s), addrTextSize)
	}
	hasLower := strings.ContainsFunc(s, func(r rune) bool { return 'a' <= r && r <= 'z' })
	hasUpper := strings.ContainsFunc(s, func(r rune) bool { return 'A' <= r && r <= 'Z' })
	if hasLower && hasUpper {
		return Address{}, 0, ErrMixedCase
	}
	s = strings.ToLower(s)

	// Name the prefix before anything else: a wrong prefix also breaks the
	// checksum, and "unknown prefix" is the more useful message.
	sep := strings.LastIndexByte(s, '1')
	if sep < 0 {
		return Address{}, 0, fmt.Errorf("%w: no separator '1' after the prefix", ErrSyntax)
	}
	net, ok := networkForHRP(s[:sep])
	if !ok {
		return Address{}, 0, &PrefixError{Prefix: s[:sep]}
	}
	for i, c := range s[sep+1:] {
		if c >= 0x80 || strings.IndexByte(charset, byte(c)) < 0 {
			return Address{}, 0, fmt.Errorf("%w: character %d (%q) is not in the bech32 alphabet, which has no 1, b, i or o",
				ErrSyntax, sep+2+i, c)
		}
	}
	if len(s)-sep-1 < checksumLen {
		return Address{}, 0, fmt.Errorf("%w: only %d characters after the prefix", ErrChecksum, len(s)-sep-1)
	}

	_, data, version, err := bech32.DecodeNoLimitWithVersion(s)
	if err != nil {
		var bad bech32.ErrInvalidChecksum
		if errors.As(err, &bad) {
			return Address{}, 0, ErrChecksum
		}
		return Address{}, 0, fmt.Errorf("%w: %w", ErrSyntax, err)
	}
	if version != bech32.VersionM {
		return Address{}, 0, ErrNotBech32m
	}
	if len(data) != dataChars {
		return Address{}, 0, fmt.Errorf("%w: %d characters, want %d", ErrLength, len(s), addrTextSize)
	}
	payload, err := bech32.ConvertBits(data, 5, 8, false)
	if err != nil {
		return Address{}, 0, fmt.Errorf("%w: %w", ErrLength, err) // unreachable: 104·5 = 65·8 bits
	}
	addr, err := DecodeAddress(payload)
	if err != nil {
		return Address{}, 0, err
	}
	return addr, net, nil
}

// ParseAddressFor parses address text like ParseAddress and also requires it
// to be for network want; otherwise the error is a *NetworkError, which
// wraps ErrWrongNetwork.
func ParseAddressFor(s string, want Network) (Address, error) {
	addr, net, err := ParseAddress(s)
	if err != nil {
		return Address{}, err
	}
	if net != want {
		return Address{}, &NetworkError{Got: net, Want: want}
	}
	return addr, nil
}
