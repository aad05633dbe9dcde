package keys

import (
	"crypto/subtle"
	"fmt"
	"io"
	"log/slog"
)

// SeedSize is the length in bytes of a BIP-39 seed.
const SeedSize = 64

// Seed is the 64-byte BIP-39 seed every key of a wallet derives from. The
// zero value is not usable: get one from Mnemonic.Seed or SeedFromBytes.
type Seed struct {
	b *[SeedSize]byte // behind a pointer so no fmt path prints it
}

// SeedFromBytes wraps a stored 64-byte seed. The bytes are copied.
func SeedFromBytes(b []byte) (*Seed, error) {
	if len(b) != SeedSize {
		return nil, fmt.Errorf("keys: seed is %d bytes, want %d", len(b), SeedSize)
	}
	return newSeed(b), nil
}

func newSeed(b []byte) *Seed {
	s := &Seed{b: new([SeedSize]byte)}
	copy(s.b[:], b)
	return s
}

// Bytes returns a copy of the seed.
func (s *Seed) Bytes() []byte { return append([]byte(nil), s.b[:]...) }

// Equal reports whether two seeds are equal, in constant time.
func (s *Seed) Equal(o *Seed) bool { return subtle.ConstantTimeCompare(s.b[:], o.b[:]) == 1 }

// Zero overwrites the seed. It must not be used afterwards.
func (s *Seed) Zero() { clear(s.b[:]) }

const seedRedacted = "keys.Seed(REDACTED)"

// String redacts the seed.
func (s Seed) String() string { return seedRedacted }

// Format redacts the seed under every fmt verb.
func (s Seed) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, seedRedacted) }

// LogValue redacts the seed in log/slog output.
func (s Seed) LogValue() slog.Value { return slog.StringValue(seedRedacted) }
