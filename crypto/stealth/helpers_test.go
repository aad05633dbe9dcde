package stealth

import (
	"encoding/hex"
	"math/rand/v2"
	"testing"

	"github.com/gtank/ristretto255"
)

// testRand returns a deterministic random source, so failures reproduce.
func testRand(seed uint64) *rand.ChaCha8 {
	var s [32]byte
	s[0], s[1] = byte(seed), byte(seed>>8)
	return rand.NewChaCha8(s)
}

// randomScalar draws a scalar from r.
func randomScalar(t testing.TB, r *rand.ChaCha8) *ristretto255.Scalar {
	t.Helper()
	var b [64]byte
	r.Read(b[:])
	s, err := ristretto255.NewScalar().SetUniformBytes(b[:])
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// testKeys returns a deterministic wallet.
func testKeys(t testing.TB, seed uint64) *Keys {
	t.Helper()
	r := testRand(1000 + seed)
	k, err := NewKeys(randomScalar(t, r), randomScalar(t, r))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// viewOnly returns the view-only twin of k.
func viewOnly(t testing.TB, k *Keys) *Keys {
	t.Helper()
	vo, err := NewViewOnly(k.view.ecdh.scalar(), k.Address().SpendPublicKey().Element())
	if err != nil {
		t.Fatal(err)
	}
	return vo
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

// Point encodings that RFC 9496 rejects, and the identity.
const (
	fieldPrime = "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"
	nonSquare  = "26948d35ca62e643e26a83177332e6b6afeb9d08e4268b650f1f5bbd8d81d371"
	identity   = "0000000000000000000000000000000000000000000000000000000000000000"
)

// scalar returns the ECDH key's scalar in ristretto255 form.
func (k *ecdhKey) scalar() *ristretto255.Scalar {
	var b [32]byte
	if err := k.s.ToBytes(b[:]); err != nil {
		panic(err)
	}
	s, err := ristretto255.NewScalar().SetCanonicalBytes(b[:])
	if err != nil {
		panic(err)
	}
	return s
}
