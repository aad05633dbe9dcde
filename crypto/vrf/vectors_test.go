package vrf_test

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"testing"

	"github.com/stegos-go/stegos/crypto/vrf"
)

type rfcVector struct {
	Name  string `json:"name"`
	SK    string `json:"sk"`
	PK    string `json:"pk"`
	Alpha string `json:"alpha"`
	Pi    string `json:"pi"`
	Beta  string `json:"beta"`
}

// loadVectors reads the RFC 9381 Appendix B.4 vectors.
func loadVectors(t testing.TB) []rfcVector {
	t.Helper()
	raw, err := os.ReadFile("testdata/rfc9381_ell2.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Suite   string      `json:"suite"`
		Vectors []rfcVector `json:"vectors"`
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	if file.Suite != "ECVRF-EDWARDS25519-SHA512-ELL2" || len(file.Vectors) != 3 {
		t.Fatalf("unexpected vector file: suite %q, %d vectors", file.Suite, len(file.Vectors))
	}
	return file.Vectors
}

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// vectorKey returns the private key of a vector.
func vectorKey(t testing.TB, v rfcVector) *vrf.PrivateKey {
	t.Helper()
	k, err := vrf.NewKeyFromSeed(unhex(t, v.SK))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestRFC9381Vectors(t *testing.T) {
	t.Parallel()
	for _, v := range loadVectors(t) {
		t.Run(v.Name, func(t *testing.T) {
			t.Parallel()
			k := vectorKey(t, v)
			alpha := unhex(t, v.Alpha)
			wantPK, wantPi, wantBeta := unhex(t, v.PK), unhex(t, v.Pi), unhex(t, v.Beta)

			if got := k.Public().Bytes(); !bytes.Equal(got, wantPK) {
				t.Fatalf("public key = %x, want %x", got, wantPK)
			}
			pk, err := vrf.PublicKeyFromBytes(wantPK)
			if err != nil {
				t.Fatalf("PublicKeyFromBytes: %v", err)
			}
			if !pk.Equal(k.Public()) {
				t.Fatal("decoded public key differs from derived one")
			}

			pi, beta := vrf.Prove(k, alpha)
			if !bytes.Equal(pi[:], wantPi) {
				t.Errorf("pi = %x, want %x", pi, wantPi)
			}
			if !bytes.Equal(beta[:], wantBeta) {
				t.Errorf("Prove beta = %x, want %x", beta, wantBeta)
			}

			proof, err := vrf.DecodeProof(wantPi)
			if err != nil {
				t.Fatalf("DecodeProof: %v", err)
			}
			if !bytes.Equal(proof.Bytes(), wantPi) {
				t.Fatal("DecodeProof/Bytes does not round-trip")
			}
			out, err := vrf.Verify(pk, proof, alpha)
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if !bytes.Equal(out.Bytes(), wantBeta) {
				t.Errorf("Verify beta = %x, want %x", out, wantBeta)
			}
			h, err := vrf.ProofToHash(proof)
			if err != nil || !bytes.Equal(h[:], wantBeta) {
				t.Errorf("ProofToHash = %x, %v; want %x", h, err, wantBeta)
			}
		})
	}
}

func TestVerifyRejects(t *testing.T) {
	t.Parallel()
	vs := loadVectors(t)
	v := vs[2] // non-empty alpha
	pk, err := vrf.PublicKeyFromBytes(unhex(t, v.PK))
	if err != nil {
		t.Fatal(err)
	}
	otherPK, err := vrf.PublicKeyFromBytes(unhex(t, vs[0].PK))
	if err != nil {
		t.Fatal(err)
	}
	alpha := unhex(t, v.Alpha)
	pi := vrf.Proof(unhex(t, v.Pi))

	tests := []struct {
		name  string
		pk    vrf.PublicKey
		proof vrf.Proof
		alpha []byte
		want  error
	}{
		{"wrong key", otherPK, pi, alpha, vrf.ErrInvalidProof},
		{"zero public key", vrf.PublicKey{}, pi, alpha, vrf.ErrInvalidPublicKey},
		{"wrong alpha", pk, pi, []byte{0xaf, 0x83}, vrf.ErrInvalidProof},
		{"empty alpha", pk, pi, nil, vrf.ErrInvalidProof},
		{"longer alpha", pk, pi, append(append([]byte(nil), alpha...), 0), vrf.ErrInvalidProof},
		{"zero proof", pk, vrf.Proof{}, alpha, vrf.ErrInvalidProof},
		{"other vector's proof", pk, vrf.Proof(unhex(t, vs[1].Pi)), alpha, vrf.ErrInvalidProof},
	}
	// Every byte of every region, low and high bit.
	for i := range vrf.ProofSize {
		region, off := "gamma", i
		switch {
		case i >= 48:
			region, off = "s", i-48
		case i >= 32:
			region, off = "c", i-32
		}
		for _, bit := range []byte{0x01, 0x80} {
			bad := pi
			bad[i] ^= bit
			tests = append(tests, struct {
				name  string
				pk    vrf.PublicKey
				proof vrf.Proof
				alpha []byte
				want  error
			}{name: region + "[" + itoa(off) + "]^" + hex.EncodeToString([]byte{bit}), pk: pk, proof: bad, alpha: alpha, want: vrf.ErrInvalidProof})
		}
	}

	if _, err := vrf.Verify(pk, pi, alpha); err != nil {
		t.Fatalf("untampered proof rejected: %v", err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := vrf.Verify(tt.pk, tt.proof, tt.alpha)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Verify error = %v, want %v", err, tt.want)
			}
			if out != (vrf.Output{}) {
				t.Fatal("Verify returned an output with its error")
			}
		})
	}
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}
