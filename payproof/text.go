package payproof

import (
	"errors"
	"fmt"
	"strings"

	"github.com/btcsuite/btcd/address/v2/bech32"
	"github.com/stegos-go/stegos/crypto/stealth"
)

// HRP is the bech32m human-readable prefix of a proof's text form; the text
// starts with HRP followed by the separator "1".
const HRP = "stgproof"

// Text layout.
const (
	charset     = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
	dataChars   = (Size*8 + 4) / 5 // 320 five-bit groups for 200 bytes
	checksumLen = 6
	// TextSize is the length of a proof's text form.
	TextSize   = len(HRP) + 1 + dataChars + checksumLen
	maxTextLen = 1023 // the longest string the bech32 BCH code is defined for
)

// String returns the proof as one lower-case bech32m token starting with
// "stgproof1".
func (p *Proof) String() string {
	data, err := bech32.ConvertBits(p.Bytes(), 8, 5, true)
	if err != nil {
		panic("payproof: ConvertBits(8→5): " + err.Error()) // only fails for bad bit widths
	}
	s, err := bech32.EncodeM(HRP, data)
	if err != nil {
		panic("payproof: EncodeM: " + err.Error()) // only fails for data bytes ≥ 32
	}
	return s
}

// MarshalText implements encoding.TextMarshaler with String.
func (p *Proof) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with Parse.
func (p *Proof) UnmarshalText(text []byte) error {
	q, err := Parse(string(text))
	if err != nil {
		return err
	}
	*p = *q
	return nil
}

// Parse parses a proof's text form, in all-lower or all-upper case;
// surrounding white space is ignored. Errors say what is wrong and wrap
// ErrPrefix, ErrChecksum, ErrEncoding, ErrLength or ErrVersion.
func Parse(s string) (*Proof, error) {
	s = strings.TrimSpace(s)
	if len(s) > maxTextLen {
		return nil, fmt.Errorf("%w: %d characters, want %d", ErrLength, len(s), TextSize)
	}
	hasLower := strings.ContainsFunc(s, func(r rune) bool { return 'a' <= r && r <= 'z' })
	hasUpper := strings.ContainsFunc(s, func(r rune) bool { return 'A' <= r && r <= 'Z' })
	if hasLower && hasUpper {
		return nil, fmt.Errorf("%w: mixes upper and lower case", ErrEncoding)
	}
	s = strings.ToLower(s)

	// Name the prefix before anything else: a wrong prefix also breaks the
	// checksum, and "not a payment proof" is the more useful message.
	sep := strings.LastIndexByte(s, '1')
	if sep < 0 {
		return nil, fmt.Errorf("%w: no separator", ErrPrefix)
	}
	if hrp := s[:sep]; hrp != HRP {
		for _, n := range []stealth.Network{stealth.Mainnet, stealth.Testnet, stealth.Dev} {
			if hrp == n.HRP() {
				return nil, fmt.Errorf("%w: this is a %s address", ErrPrefix, n)
			}
		}
		if len(hrp) > 20 {
			hrp = hrp[:20] + "…"
		}
		return nil, fmt.Errorf("%w: it starts with %q", ErrPrefix, hrp+"1")
	}
	for i, c := range s[sep+1:] {
		if c >= 0x80 || strings.IndexByte(charset, byte(c)) < 0 {
			return nil, fmt.Errorf("%w: character %d (%q) is not in the bech32 alphabet, which has no 1, b, i or o",
				ErrEncoding, sep+2+i, c)
		}
	}
	if len(s)-sep-1 < checksumLen {
		return nil, fmt.Errorf("%w: only %d characters after the prefix", ErrChecksum, len(s)-sep-1)
	}

	_, data, version, err := bech32.DecodeNoLimitWithVersion(s)
	if err != nil {
		var bad bech32.ErrInvalidChecksum
		if errors.As(err, &bad) {
			return nil, ErrChecksum
		}
		return nil, fmt.Errorf("%w: %w", ErrEncoding, err)
	}
	if version != bech32.VersionM {
		return nil, fmt.Errorf("%w: a bech32 checksum where bech32m is required", ErrEncoding)
	}
	b, err := bech32.ConvertBits(data, 5, 8, false)
	if err != nil {
		return nil, fmt.Errorf("%w: %d characters: %w", ErrLength, len(s), err)
	}
	if len(b) > 0 && b[0] == Version && len(data) != dataChars {
		return nil, fmt.Errorf("%w: %d characters, want %d", ErrLength, len(s), TextSize)
	}
	return Decode(b)
}
