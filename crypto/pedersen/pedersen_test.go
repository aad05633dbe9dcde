package pedersen

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"testing"

	"github.com/gtank/ristretto255"
)

func mustBlinding(t *testing.T) *ristretto255.Scalar {
	t.Helper()
	r, err := RandomBlinding(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestGeneratorsIndependent(t *testing.T) {
	if G().Equal(H()) == 1 {
		t.Fatal("H equals G")
	}
	if H().Equal(ristretto255.NewIdentityElement()) == 1 {
		t.Fatal("H is the identity")
	}
	// H is pinned: changing the derivation would change every commitment on chain.
	const want = "383f744f3b859aab2366f27bb85668a865250f6872f0209348f17e339ee4803b"
	if got := hex.EncodeToString(H().Bytes()); got != want {
		t.Fatalf("H = %s, want %s", got, want)
	}
}

func TestHomomorphic(t *testing.T) {
	r1, r2 := mustBlinding(t), mustBlinding(t)
	sum := Add(Commit(5, r1), Commit(7, r2))
	r := ristretto255.NewScalar().Add(r1, r2)
	if !sum.Equal(Commit(12, r)) {
		t.Fatal("C(5,r1)+C(7,r2) != C(12,r1+r2)")
	}
	if !Sub(sum, Commit(7, r2)).Equal(Commit(5, r1)) {
		t.Fatal("subtraction broken")
	}
}

func TestExcessIsCommitmentToZero(t *testing.T) {
	rin, rout1, rout2 := mustBlinding(t), mustBlinding(t), mustBlinding(t)
	in := []*Commitment{Commit(100, rin)}
	out := []*Commitment{Commit(60, rout1), Commit(30, rout2)}
	k := ristretto255.NewScalar().Add(rout1, rout2)
	k.Subtract(k, rin)
	want := ristretto255.NewIdentityElement().ScalarBaseMult(k)
	if Excess(in, out, 10).Equal(want) != 1 {
		t.Fatal("balanced tx excess is not k·G")
	}
	if Excess(in, out, 9).Equal(want) == 1 {
		t.Fatal("unbalanced tx excess equals k·G")
	}
}

func TestDecode(t *testing.T) {
	c := Commit(42, mustBlinding(t))
	got, err := Decode(c.Bytes())
	if err != nil || !got.Equal(c) || !bytes.Equal(got.Bytes(), c.Bytes()) {
		t.Fatalf("round trip: %v", err)
	}
	tests := []struct {
		name string
		in   []byte
	}{
		{"short", make([]byte, 31)},
		{"long", make([]byte, 33)},
		{"p itself", append([]byte{0xed}, append(bytes.Repeat([]byte{0xff}, 30), 0x7f)...)},
		{"negative", append([]byte{0x01}, make([]byte, 31)...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Decode(tt.in); err == nil {
				t.Fatal("accepted")
			}
		})
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(Commit(1, ristretto255.NewScalar()).Bytes())
	f.Add(make([]byte, 32))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := Decode(b)
		if err != nil {
			return
		}
		if !bytes.Equal(c.Bytes(), b) {
			t.Fatalf("decode→encode changed %x to %x", b, c.Bytes())
		}
	})
}
