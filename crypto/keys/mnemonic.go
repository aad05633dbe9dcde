package keys

import (
	"fmt"
	"io"
	"log/slog"
	"strings"
)

const (
	// MnemonicWords is the number of words in a recovery phrase.
	MnemonicWords = 24
	// EntropySize is the entropy a recovery phrase encodes, in bytes.
	EntropySize = 32
)

// Mnemonic is a validated 24-word recovery phrase. It holds the phrase's
// 256-bit entropy; the words are recomputed on demand. The zero value is
// not usable: build one with NewMnemonic, ParseMnemonic or
// MnemonicFromEntropy.
type Mnemonic struct {
	entropy *[EntropySize]byte // behind a pointer so no fmt path prints it
}

// NewMnemonic draws 256 bits of entropy from rand (crypto/rand.Reader in
// production) and returns the recovery phrase that encodes them.
func NewMnemonic(rand io.Reader) (*Mnemonic, error) {
	var e [EntropySize]byte
	defer clear(e[:])
	if _, err := io.ReadFull(rand, e[:]); err != nil {
		return nil, fmt.Errorf("keys: reading randomness: %w", err)
	}
	return MnemonicFromEntropy(e[:])
}

// MnemonicFromEntropy returns the recovery phrase of 32 bytes of entropy.
// The entropy is copied.
func MnemonicFromEntropy(entropy []byte) (*Mnemonic, error) {
	if len(entropy) != EntropySize {
		return nil, fmt.Errorf("keys: entropy is %d bytes, want %d", len(entropy), EntropySize)
	}
	m := &Mnemonic{entropy: new([EntropySize]byte)}
	copy(m.entropy[:], entropy)
	return m, nil
}

// ParseMnemonic normalizes and validates a recovery phrase typed by a user.
// Errors match ErrInvalidMnemonic and are a *WordCountError, an
// *UnknownWordError or ErrChecksum.
func ParseMnemonic(phrase string) (*Mnemonic, error) {
	words := normalizeWords(phrase)
	if len(words) != MnemonicWords {
		return nil, &WordCountError{Got: len(words), Want: MnemonicWords}
	}
	entropy, err := wordsToEntropy(words)
	if err != nil {
		return nil, err
	}
	defer clear(entropy)
	return MnemonicFromEntropy(entropy)
}

// ValidateMnemonic reports whether phrase is a valid 24-word recovery
// phrase, with the same errors as ParseMnemonic.
func ValidateMnemonic(phrase string) error {
	m, err := ParseMnemonic(phrase)
	if err != nil {
		return err
	}
	m.Zero()
	return nil
}

// Words returns the 24 words, for showing to the user.
func (m *Mnemonic) Words() []string {
	words, err := entropyToWords(m.entropy[:])
	if err != nil {
		panic(err) // unreachable: the entropy length is fixed
	}
	return words
}

// Phrase returns the words joined by single spaces: the canonical form of
// the phrase. Handle it as the wallet's master secret.
func (m *Mnemonic) Phrase() string { return strings.Join(m.Words(), " ") }

// Entropy returns a copy of the 32 bytes of entropy.
func (m *Mnemonic) Entropy() []byte { return append([]byte(nil), m.entropy[:]...) }

// Seed derives the 64-byte BIP-39 seed of the phrase and an optional
// passphrase ("" for none). Different passphrases give unrelated wallets.
func (m *Mnemonic) Seed(passphrase string) *Seed {
	s := bip39Seed(m.Words(), passphrase)
	defer clear(s[:])
	return newSeed(s[:])
}

// Zero overwrites the entropy. The Mnemonic must not be used afterwards.
func (m *Mnemonic) Zero() { clear(m.entropy[:]) }

const mnemonicRedacted = "keys.Mnemonic(REDACTED)"

// String redacts the phrase.
func (m Mnemonic) String() string { return mnemonicRedacted }

// Format redacts the phrase under every fmt verb.
func (m Mnemonic) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, mnemonicRedacted) }

// LogValue redacts the phrase in log/slog output.
func (m Mnemonic) LogValue() slog.Value { return slog.StringValue(mnemonicRedacted) }
