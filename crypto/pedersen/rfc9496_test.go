package pedersen

import (
	"bytes"
	"crypto/sha512"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/gtank/ristretto255"
	"github.com/oasisprotocol/curve25519-voi/curve"
	"github.com/oasisprotocol/curve25519-voi/curve/scalar"
)

// The RFC 9496 vectors run against both ristretto255 implementations the
// project uses: gtank/ristretto255 (this package, public types) and
// curve25519-voi (the bulletproofs verifier's MSM). The last test checks the
// two agree with each other beyond the vectors.

type rfc9496Vectors struct {
	Multiples []string `json:"multiples_of_generator"`
	Invalid   []struct {
		Reason   string `json:"reason"`
		Encoding string `json:"encoding"`
	} `json:"invalid_encodings"`
	Uniform []struct {
		Label   string `json:"label"`
		Input   string `json:"input"`
		Element string `json:"element"`
	} `json:"from_uniform_bytes"`
}

func loadRFC9496(t *testing.T) *rfc9496Vectors {
	t.Helper()
	raw, err := os.ReadFile("testdata/rfc9496.json")
	if err != nil {
		t.Fatal(err)
	}
	var v rfc9496Vectors
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Multiples) != 16 || len(v.Invalid) != 29 || len(v.Uniform) != 11 {
		t.Fatalf("vector file has %d/%d/%d entries, want 16/29/11", len(v.Multiples), len(v.Invalid), len(v.Uniform))
	}
	return &v
}

func rfcUnhex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// voiDecode decodes a canonical ristretto255 encoding with curve25519-voi.
func voiDecode(b []byte) (*curve.RistrettoPoint, error) {
	var c curve.CompressedRistretto
	if _, err := c.SetBytes(b); err != nil {
		return nil, err
	}
	return curve.NewRistrettoPoint().SetCompressed(&c)
}

// voiEncode encodes a curve25519-voi point.
func voiEncode(p *curve.RistrettoPoint) []byte {
	var c curve.CompressedRistretto
	c.SetRistrettoPoint(p)
	return c[:]
}

// TestRFC9496MultiplesOfGenerator checks A.1: the encodings of 0·B … 15·B,
// reached by repeated addition and by scalar multiplication, in both
// libraries, and that each vector decodes and re-encodes unchanged.
func TestRFC9496MultiplesOfGenerator(t *testing.T) {
	t.Parallel()
	v := loadRFC9496(t)
	gAcc := ristretto255.NewIdentityElement()
	vAcc := curve.NewRistrettoPoint() // identity
	for i, want := range v.Multiples {
		enc := rfcUnhex(t, want)
		var sb [32]byte
		sb[0] = byte(i)

		gs, err := ristretto255.NewScalar().SetCanonicalBytes(sb[:])
		if err != nil {
			t.Fatal(err)
		}
		gDec, err := ristretto255.NewIdentityElement().SetCanonicalBytes(enc)
		if err != nil {
			t.Fatalf("gtank: %d·B does not decode: %v", i, err)
		}
		for name, got := range map[string][]byte{
			"sum":       gAcc.Bytes(),
			"base mult": ristretto255.NewIdentityElement().ScalarBaseMult(gs).Bytes(),
			"re-encode": gDec.Bytes(),
		} {
			if !bytes.Equal(got, enc) {
				t.Errorf("gtank %s: %d·B = %x, want %s", name, i, got, want)
			}
		}

		vs := scalar.NewFromUint64(uint64(i))
		vDec, err := voiDecode(enc)
		if err != nil {
			t.Fatalf("voi: %d·B does not decode: %v", i, err)
		}
		for name, got := range map[string][]byte{
			"sum":       voiEncode(vAcc),
			"base mult": voiEncode(curve.NewRistrettoPoint().MulBasepoint(curve.RISTRETTO_BASEPOINT_TABLE, vs)),
			"re-encode": voiEncode(vDec),
		} {
			if !bytes.Equal(got, enc) {
				t.Errorf("voi %s: %d·B = %x, want %s", name, i, got, want)
			}
		}

		gAcc.Add(gAcc, ristretto255.NewGeneratorElement())
		vAcc.Add(vAcc, curve.RISTRETTO_BASEPOINT_POINT)
	}
}

// TestRFC9496InvalidEncodings checks A.2: both libraries reject every one.
func TestRFC9496InvalidEncodings(t *testing.T) {
	t.Parallel()
	for i, c := range loadRFC9496(t).Invalid {
		enc := rfcUnhex(t, c.Encoding)
		if _, err := ristretto255.NewIdentityElement().SetCanonicalBytes(enc); err == nil {
			t.Errorf("gtank accepted invalid encoding %d (%s): %s", i, c.Reason, c.Encoding)
		}
		if _, err := voiDecode(enc); err == nil {
			t.Errorf("voi accepted invalid encoding %d (%s): %s", i, c.Reason, c.Encoding)
		}
		if _, err := Decode(enc); err == nil {
			t.Errorf("pedersen.Decode accepted invalid encoding %d (%s)", i, c.Reason)
		}
	}
}

// TestRFC9496FromUniformBytes checks A.3: the one-way map from 64 uniform
// bytes, which is also this package's hash-to-group.
func TestRFC9496FromUniformBytes(t *testing.T) {
	t.Parallel()
	for i, c := range loadRFC9496(t).Uniform {
		in := rfcUnhex(t, c.Input)
		if c.Label != "" {
			if sum := sha512.Sum512([]byte(c.Label)); !bytes.Equal(sum[:], in) {
				t.Fatalf("vector %d: input is not SHA-512(%q)", i, c.Label)
			}
			if got := hashToElement(c.Label).Bytes(); hex.EncodeToString(got) != c.Element {
				t.Errorf("vector %d: hashToElement(%q) = %x, want %s", i, c.Label, got, c.Element)
			}
		}
		g, err := ristretto255.NewIdentityElement().SetUniformBytes(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := hex.EncodeToString(g.Bytes()); got != c.Element {
			t.Errorf("gtank vector %d: %s, want %s", i, got, c.Element)
		}
		p, err := curve.NewRistrettoPoint().SetUniformBytes(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := hex.EncodeToString(voiEncode(p)); got != c.Element {
			t.Errorf("voi vector %d: %s, want %s", i, got, c.Element)
		}
	}
}

// TestRistrettoLibrariesAgree compares the two libraries on pseudo-random
// inputs (fixed seed): the one-way map, scalar reduction, base and
// variable-base multiplication, decoding of arbitrary strings, and the
// value generator H.
func TestRistrettoLibrariesAgree(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewChaCha8([32]byte{'s', 't', 'e', 'g', 'o', 's'}))
	fill := func(b []byte) {
		for i := 0; i < len(b); i += 8 {
			var w [8]byte
			binary.LittleEndian.PutUint64(w[:], rng.Uint64())
			copy(b[i:], w[:])
		}
	}
	accepted, rejected := 0, 0
	for i := range 64 {
		var wide [64]byte
		fill(wide[:])

		gP, _ := ristretto255.NewIdentityElement().SetUniformBytes(wide[:])
		vP, _ := curve.NewRistrettoPoint().SetUniformBytes(wide[:])
		if !bytes.Equal(gP.Bytes(), voiEncode(vP)) {
			t.Fatalf("%d: one-way maps differ on %x", i, wide)
		}

		gS, _ := ristretto255.NewScalar().SetUniformBytes(wide[:])
		vS, _ := scalar.NewFromBytesModOrderWide(wide[:])
		var vSB [32]byte
		if err := vS.ToBytes(vSB[:]); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(gS.Bytes(), vSB[:]) {
			t.Fatalf("%d: wide reductions differ", i)
		}
		if !bytes.Equal(ristretto255.NewIdentityElement().ScalarBaseMult(gS).Bytes(),
			voiEncode(curve.NewRistrettoPoint().MulBasepoint(curve.RISTRETTO_BASEPOINT_TABLE, vS))) {
			t.Fatalf("%d: base multiplications differ", i)
		}
		if !bytes.Equal(ristretto255.NewIdentityElement().ScalarMult(gS, gP).Bytes(),
			voiEncode(curve.NewRistrettoPoint().Mul(vP, vS))) {
			t.Fatalf("%d: variable-base multiplications differ", i)
		}

		// 32-byte strings, valid, one bit off valid, or random: same
		// verdict, same re-encoding.
		var enc [32]byte
		switch i % 3 {
		case 0:
			copy(enc[:], gP.Bytes())
		case 1:
			copy(enc[:], gP.Bytes())
			enc[i%32] ^= 1 << (i % 8)
		default:
			fill(enc[:])
		}
		gD, gErr := ristretto255.NewIdentityElement().SetCanonicalBytes(enc[:])
		vD, vErr := voiDecode(enc[:])
		if (gErr == nil) != (vErr == nil) {
			t.Fatalf("%d: decoders disagree on %x: gtank %v, voi %v", i, enc, gErr, vErr)
		}
		if gErr != nil {
			rejected++
		} else {
			accepted++
			if !bytes.Equal(gD.Bytes(), voiEncode(vD)) || !bytes.Equal(gD.Bytes(), enc[:]) {
				t.Fatalf("%d: decode→encode differs on %x", i, enc)
			}
		}
	}
	if accepted == 0 || rejected == 0 {
		t.Errorf("decoders compared on %d accepted and %d rejected strings; need both", accepted, rejected)
	}

	sum := sha512.Sum512([]byte(HDomainTag))
	vH, _ := curve.NewRistrettoPoint().SetUniformBytes(sum[:])
	if !bytes.Equal(H().Bytes(), voiEncode(vH)) {
		t.Fatal("the libraries derive different H")
	}
}
