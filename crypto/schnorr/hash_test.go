package schnorr

import (
	"encoding/hex"
	"testing"
)

func TestTaggedHashFraming(t *testing.T) {
	t.Parallel()
	// Inputs that a plain concatenation would confuse must hash differently.
	tests := []struct {
		name   string
		tagA   string
		partsA [][]byte
		tagB   string
		partsB [][]byte
	}{
		{"part boundary", "t", [][]byte{[]byte("ab"), []byte("c")}, "t", [][]byte{[]byte("a"), []byte("bc")}},
		{"tag and part boundary", "ta", [][]byte{[]byte("b")}, "t", [][]byte{[]byte("ab")}},
		{"empty part", "t", [][]byte{{}}, "t", nil},
		{"different tags", "stegos/v1/a", nil, "stegos/v1/b", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if TaggedHash(tt.tagA, tt.partsA...) == TaggedHash(tt.tagB, tt.partsB...) {
				t.Fatal("distinct inputs hash equal")
			}
		})
	}
}

// TestHashToScalarPinned pins the hashing convention: changing the framing
// changes every signature, address and key derivation, so it must be on
// purpose (and bump the "v1" in the tags). The value was computed
// independently with Python's hashlib:
//
//	f = lambda b: struct.pack('<Q', len(b)) + b
//	d = f(b'stegos/v1/test') + f(b'abc') + f(b'')
//	int.from_bytes(sha512(d).digest(), 'little') % ℓ
func TestHashToScalarPinned(t *testing.T) {
	t.Parallel()
	got := hex.EncodeToString(HashToScalar("stegos/v1/test", []byte("abc"), nil).Bytes())
	const want = "95e2bbe2cc58e4863d567e25f24fbad570aa919fd4db1e2a304d375f78e9020a"
	if got != want {
		t.Fatalf("HashToScalar = %s, want %s", got, want)
	}
}
