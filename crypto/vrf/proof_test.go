package vrf_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/stegos-go/stegos/crypto/vrf"
)

func TestDecodeProofRejects(t *testing.T) {
	t.Parallel()
	good := unhex(t, loadVectors(t)[0].Pi)
	with := func(off int, hexPart string) []byte {
		b := append([]byte(nil), good...)
		copy(b[off:], unhex(t, hexPart))
		return b
	}
	tests := []struct {
		name string
		in   []byte
	}{
		{"empty", nil},
		{"79 bytes", good[:79]},
		{"81 bytes", append(append([]byte(nil), good...), 0)},
		{"gamma y = p (non-canonical)", with(0, "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")},
		{"gamma negative zero", with(0, "0100000000000000000000000000000000000000000000000000000000000080")},
		{"gamma not on curve", with(0, "0200000000000000000000000000000000000000000000000000000000000000")},
		{"s = l", with(48, "edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010")},
		{"s = l+1", with(48, "eed3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010")},
		{"s = 2^256-1", with(48, strings.Repeat("ff", 32))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := vrf.DecodeProof(tt.in); !errors.Is(err, vrf.ErrInvalidProof) {
				t.Fatalf("DecodeProof error = %v, want ErrInvalidProof", err)
			}
			if len(tt.in) == vrf.ProofSize {
				if _, err := vrf.ProofToHash(vrf.Proof(tt.in)); !errors.Is(err, vrf.ErrInvalidProof) {
					t.Fatalf("ProofToHash error = %v, want ErrInvalidProof", err)
				}
			}
		})
	}

	// s = l-1 is the largest canonical scalar and must decode.
	if _, err := vrf.DecodeProof(with(48, "ecd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010")); err != nil {
		t.Fatalf("s = l-1 rejected: %v", err)
	}
}

func FuzzDecodeProof(f *testing.F) {
	for _, v := range loadVectors(f) {
		f.Add(unhex(f, v.Pi))
	}
	f.Add(make([]byte, vrf.ProofSize))
	f.Add(bytes.Repeat([]byte{0xff}, vrf.ProofSize))
	f.Add([]byte{1, 2, 3})
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := vrf.DecodeProof(b)
		if err != nil {
			if !errors.Is(err, vrf.ErrInvalidProof) {
				t.Fatalf("error %v is not ErrInvalidProof", err)
			}
			if p != (vrf.Proof{}) {
				t.Fatal("DecodeProof returned a proof with its error")
			}
			return
		}
		if !bytes.Equal(p.Bytes(), b) {
			t.Fatalf("decode→encode changed the proof: %x → %x", b, p.Bytes())
		}
		if _, err := vrf.ProofToHash(p); err != nil {
			t.Fatalf("decoded proof has no hash: %v", err)
		}
	})
}
