package keys

import (
	"crypto/pbkdf2"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"fmt"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// This file is the general BIP-39 algorithm for every entropy size the
// standard allows (128 to 256 bits); the exported API narrows it to 256.

const (
	seedIterations = 2048
	seedSaltPrefix = "mnemonic"
)

// checksumBits returns the BIP-39 checksum length for n bytes of entropy.
func checksumBits(n int) int { return n * 8 / 32 }

// validEntropyLen reports whether n bytes is a BIP-39 entropy size.
func validEntropyLen(n int) bool { return n >= 16 && n <= 32 && n%4 == 0 }

// entropyToIndices splits entropy ‖ checksum into 11-bit word indices.
func entropyToIndices(entropy []byte) []int {
	h := sha256.Sum256(entropy)
	// Two zero bytes of padding let every 11-bit window read three bytes.
	buf := make([]byte, len(entropy)+3)
	defer clear(buf)
	copy(buf, entropy)
	buf[len(entropy)] = h[0]

	n := (len(entropy)*8 + checksumBits(len(entropy))) / wordBits
	idx := make([]int, n)
	for i := range idx {
		pos := i * wordBits
		v := uint32(buf[pos/8])<<16 | uint32(buf[pos/8+1])<<8 | uint32(buf[pos/8+2])
		idx[i] = int(v>>(24-wordBits-pos%8)) & (wordCount - 1)
	}
	return idx
}

// entropyToWords returns the BIP-39 words of entropy.
func entropyToWords(entropy []byte) ([]string, error) {
	if !validEntropyLen(len(entropy)) {
		return nil, fmt.Errorf("keys: %d bytes of entropy, BIP-39 takes 16 to 32 in steps of 4", len(entropy))
	}
	idx := entropyToIndices(entropy)
	words := make([]string, len(idx))
	for i, j := range idx {
		words[i] = wordlist[j]
	}
	clear(idx)
	return words, nil
}

// wordsToEntropy decodes normalized words to their entropy, checking every
// word and the checksum. It accepts any BIP-39 length (12 to 24 words).
func wordsToEntropy(words []string) ([]byte, error) {
	n := len(words)
	if n < 12 || n > 24 || n%3 != 0 {
		return nil, &WordCountError{Got: n, Want: MnemonicWords}
	}
	totalBits := n * wordBits
	entLen := totalBits * 32 / 33 / 8
	buf := make([]byte, (totalBits+7)/8+2)
	defer clear(buf)
	for i, w := range words {
		j, ok := wordIndex(w)
		if !ok {
			return nil, newUnknownWordError(i+1, w)
		}
		pos := i * wordBits
		v := uint32(j) << (24 - wordBits - pos%8)
		buf[pos/8] |= byte(v >> 16)
		buf[pos/8+1] |= byte(v >> 8)
		buf[pos/8+2] |= byte(v)
	}
	entropy := append([]byte(nil), buf[:entLen]...)
	cs := checksumBits(entLen)
	mask := byte(0xff << (8 - cs))
	h := sha256.Sum256(entropy)
	if subtle.ConstantTimeByteEq(buf[entLen]&mask, h[0]&mask) != 1 {
		clear(entropy)
		return nil, ErrChecksum
	}
	return entropy, nil
}

// normalizeWords applies NFKD, lower-cases, and splits on white space.
func normalizeWords(phrase string) []string {
	return strings.Fields(strings.ToLower(norm.NFKD.String(phrase)))
}

// bip39Seed is BIP-39's mnemonic-to-seed: PBKDF2-HMAC-SHA512 with 2048
// iterations, password the normalized phrase (words joined by one space),
// salt "mnemonic" ‖ NFKD(passphrase).
func bip39Seed(words []string, passphrase string) [SeedSize]byte {
	salt := []byte(seedSaltPrefix + norm.NFKD.String(passphrase))
	defer clear(salt)
	key, err := pbkdf2.Key(sha512.New, strings.Join(words, " "), salt, seedIterations, SeedSize)
	if err != nil {
		panic("keys: PBKDF2 failed: " + err.Error()) // only in FIPS 140-only mode
	}
	var s [SeedSize]byte
	copy(s[:], key)
	clear(key)
	return s
}
