package schnorr

import (
	"encoding/hex"
	"errors"
	"math/rand/v2"
	"testing"
)

// testRand returns a deterministic random source, so failures reproduce.
func testRand(seed byte) *rand.ChaCha8 {
	var s [32]byte
	s[0] = seed
	return rand.NewChaCha8(s)
}

// mustKey returns a private key drawn from a deterministic source.
func mustKey(t testing.TB, seed byte) *PrivateKey {
	t.Helper()
	k, err := GenerateKey(testRand(seed))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// mustHex decodes a hex string or fails the test.
func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// failingReader fails every read.
type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("entropy source gone") }

// zeroReader returns zeros forever: a broken but non-failing random source.
type zeroReader struct{}

func (zeroReader) Read(b []byte) (int, error) {
	clear(b)
	return len(b), nil
}

// Encodings that RFC 9496 §A.2 and the scalar field reject.
const (
	// groupOrder is ℓ, little endian: the smallest non-canonical scalar.
	groupOrder = "edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010"
	// fieldPrime is p = 2^255-19: a non-canonical field element.
	fieldPrime = "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"
	// negativeFE is 1, a negative field element.
	negativeFE = "0100000000000000000000000000000000000000000000000000000000000000"
	// nonSquare is an RFC 9496 bad encoding whose x² has no square root.
	nonSquare = "26948d35ca62e643e26a83177332e6b6afeb9d08e4268b650f1f5bbd8d81d371"
	// identity is the encoding of the identity element.
	identity = "0000000000000000000000000000000000000000000000000000000000000000"
)
