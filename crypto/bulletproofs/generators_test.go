package bulletproofs

import (
	"bytes"
	"crypto/sha512"
	"encoding/binary"
	"encoding/hex"
	"testing"

	"github.com/gtank/ristretto255"
	"github.com/oasisprotocol/curve25519-voi/curve"

	"github.com/stegos-go/stegos/crypto/pedersen"
)

func encode(p *curve.RistrettoPoint) []byte {
	var c curve.CompressedRistretto
	c.SetRistrettoPoint(p)
	return c[:]
}

func TestPedersenGeneratorsConverted(t *testing.T) {
	gens := getGenerators()
	if !bytes.Equal(encode(&gens.g), pedersen.G().Bytes()) {
		t.Fatal("G differs from pedersen.G")
	}
	if !bytes.Equal(encode(&gens.h), pedersen.H().Bytes()) {
		t.Fatal("H differs from pedersen.H")
	}
	if !bytes.Equal(encode(gens.hExp.Point()), pedersen.H().Bytes()) ||
		!bytes.Equal(encode(gens.gExp.Point()), pedersen.G().Bytes()) {
		t.Fatal("expanded G or H differs")
	}
	// commitValue (voi, basepoint tables) computes pedersen.CommitScalar.
	v, r := scalarFromUint64(77), scalarFromUint64(1234567)
	want := pedersen.CommitScalar(rScalar(t, &v), rScalar(t, &r))
	if !bytes.Equal(encode(commitValue(gens, &v, &r)), want.Bytes()) {
		t.Fatal("commitValue differs from pedersen.CommitScalar")
	}
}

// TestVectorGenerators recomputes G_i and H_i with gtank/ristretto255's
// one-way map and pins a few encodings: changing the derivation would
// invalidate every proof on chain.
func TestVectorGenerators(t *testing.T) {
	gens := getGenerators()
	for _, i := range []int{0, 1, 63, 64, 511, 1023} {
		for _, v := range []struct {
			tag string
			got *curve.RistrettoPoint
		}{{GDomainTag, gens.gVec[i]}, {HDomainTag, gens.hVec[i]}} {
			var idx [4]byte
			binary.LittleEndian.PutUint32(idx[:], uint32(i))
			sum := sha512.Sum512(append([]byte(v.tag), idx[:]...))
			want, err := ristretto255.NewIdentityElement().SetUniformBytes(sum[:])
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(encode(v.got), want.Bytes()) {
				t.Fatalf("%s[%d] differs from gtank's derivation", v.tag, i)
			}
			exp := gens.gVecExp[i]
			if v.tag == HDomainTag {
				exp = gens.hVecExp[i]
			}
			if !bytes.Equal(encode(exp.Point()), want.Bytes()) {
				t.Fatalf("expanded %s[%d] differs", v.tag, i)
			}
		}
	}
	pinned := []struct {
		name string
		p    *curve.RistrettoPoint
		hex  string
	}{
		{"G_0", gens.gVec[0], "7a310e444d6456730e97f2b4aafc170f7b1383e1e2b80edc4eaae488d6069e71"},
		{"H_0", gens.hVec[0], "74effa9031e7c979cce72313085f5f71ec6744dce45876896c3abe73436ebb0c"},
		{"G_1023", gens.gVec[1023], "7e74b619e56a8e955475e53e743386215e8c7dde64e0493f7707d6a0e54aba34"},
		{"H_1023", gens.hVec[1023], "74c9373c802af20fd655bd13bfcc2836819a86fe3f2b8412ecc3d64cbe365737"},
	}
	for _, p := range pinned {
		if got := hex.EncodeToString(encode(p.p)); got != p.hex {
			t.Errorf("%s = %s, want %s", p.name, got, p.hex)
		}
	}
}

func TestGeneratorsDistinct(t *testing.T) {
	gens := getGenerators()
	seen := map[string]string{
		string(encode(&gens.g)): "G",
		string(encode(&gens.h)): "H",
	}
	for i := range maxGens {
		for tag, p := range map[string]*curve.RistrettoPoint{"G_": gens.gVec[i], "H_": gens.hVec[i]} {
			e := string(encode(p))
			if prev, ok := seen[e]; ok {
				t.Fatalf("%s%d equals %s", tag, i, prev)
			}
			seen[e] = tag
		}
	}
}
