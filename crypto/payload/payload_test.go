package payload

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gtank/ristretto255"
)

// fixture is one output's context: key seed, R and P.
type fixture struct {
	key, r, p [32]byte
}

func newFixture(seed byte) fixture {
	rng := rand.NewChaCha8([32]byte{seed})
	var f fixture
	rng.Read(f.key[:])
	rng.Read(f.r[:])
	rng.Read(f.p[:])
	return f
}

func blinding(t testing.TB, seed byte) ristretto255.Scalar {
	t.Helper()
	var b [64]byte
	rand.NewChaCha8([32]byte{seed, 1}).Read(b[:])
	s, err := ristretto255.NewScalar().SetUniformBytes(b[:])
	if err != nil {
		t.Fatal(err)
	}
	return *s
}

func samples(t testing.TB) []*Plaintext {
	return []*Plaintext{
		{Type: TypePayment, Amount: 5_000_000, Blinding: blinding(t, 1), Data: []byte("for the coffee ☕")},
		{Type: TypePayment, Amount: 1, Blinding: blinding(t, 2)},
		{Type: TypeData, Blinding: blinding(t, 3), Data: bytes.Repeat([]byte{0xab}, MaxDataSize)},
		{Type: TypeData, Amount: ^uint64(0), Data: []byte{0}},
	}
}

func equalPlaintext(a, b *Plaintext) bool {
	return a.Type == b.Type && a.Amount == b.Amount && a.Blinding.Equal(&b.Blinding) == 1 && bytes.Equal(a.Data, b.Data)
}

func TestSealOpen(t *testing.T) {
	t.Parallel()
	f := newFixture(1)
	for i, p := range samples(t) {
		ct, err := Seal(f.key, f.r, f.p, p)
		if err != nil {
			t.Fatalf("sample %d: %v", i, err)
		}
		got, err := Open(f.key, f.r, f.p, ct[:])
		if err != nil {
			t.Fatalf("sample %d: %v", i, err)
		}
		if !equalPlaintext(got, p) {
			t.Fatalf("sample %d: round trip changed the plaintext", i)
		}
		again, _ := Seal(f.key, f.r, f.p, p)
		if again != ct {
			t.Fatalf("sample %d: sealing is not deterministic", i)
		}
	}
}

// TestSameShape: the types fix every sealed payload at Size bytes and every
// encoded plaintext at PlaintextSize, whatever it carries. This test pins the
// numbers the documentation states and checks that the emptiest payment and
// the fullest data packet both fill exactly that shape, with the memo or
// packet length hidden inside the encryption.
func TestSameShape(t *testing.T) {
	t.Parallel()
	if Size != 512 || PlaintextSize != 496 || MaxDataSize != 453 || headerSize != 43 {
		t.Fatalf("Size %d, PlaintextSize %d, MaxDataSize %d: doc.go and ADR 0006 say 512, 496, 453",
			Size, PlaintextSize, MaxDataSize)
	}
	empty := &Plaintext{Type: TypePayment, Blinding: blinding(t, 1)}
	full := &Plaintext{Type: TypeData, Data: bytes.Repeat([]byte{0xff}, MaxDataSize)}
	var cts [][]byte
	for i, p := range []*Plaintext{empty, full} {
		f := newFixture(byte(20 + i)) // two outputs, two keys
		ct, err := Seal(f.key, f.r, f.p, p)
		if err != nil {
			t.Fatal(err)
		}
		cts = append(cts, ct[:])
	}
	if len(cts[0]) != len(cts[1]) {
		t.Fatalf("payment %d bytes, data %d bytes", len(cts[0]), len(cts[1]))
	}
	// The padding of the empty payment does not show: the two ciphertexts
	// agree on no more bytes than chance allows.
	same := 0
	for i := range cts[0] {
		if cts[0][i] == cts[1][i] {
			same++
		}
	}
	if same > 16 { // expected ~2 of 512; 16 has probability < 2^-40
		t.Fatalf("%d equal bytes between a payment and a data payload", same)
	}
}

func TestOpenRejectsTampering(t *testing.T) {
	t.Parallel()
	f := newFixture(3)
	ct, err := Seal(f.key, f.r, f.p, samples(t)[0])
	if err != nil {
		t.Fatal(err)
	}
	for i := range ct {
		bad := ct
		bad[i] ^= 0x01
		if _, err := Open(f.key, f.r, f.p, bad[:]); !errors.Is(err, ErrDecrypt) {
			t.Fatalf("byte %d flipped: Open = %v, want ErrDecrypt", i, err)
		}
	}
	other := newFixture(4)
	tests := []struct {
		name      string
		key, r, p [32]byte
	}{
		{"wrong key", other.key, f.r, f.p},
		{"wrong tx key R", f.key, other.r, f.p},
		{"wrong one-time key P", f.key, f.r, other.p},
		{"R and P swapped", f.key, f.p, f.r},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Open(tt.key, tt.r, tt.p, ct[:]); !errors.Is(err, ErrDecrypt) {
				t.Fatalf("Open = %v, want ErrDecrypt", err)
			}
		})
	}
	for _, n := range []int{0, Size - 1, Size + 1} {
		in := make([]byte, n)
		copy(in, ct[:])
		if _, err := Open(f.key, f.r, f.p, in); !errors.Is(err, ErrSize) {
			t.Fatalf("%d bytes: Open = %v, want ErrSize", n, err)
		}
	}
}

func TestSealErrors(t *testing.T) {
	t.Parallel()
	f := newFixture(5)
	long := &Plaintext{Type: TypePayment, Data: make([]byte, MaxDataSize+1)}
	_, err := Seal(f.key, f.r, f.p, long)
	var tl *DataTooLongError
	if !errors.Is(err, ErrDataTooLong) || !errors.As(err, &tl) || tl.Len != MaxDataSize+1 {
		t.Fatalf("Seal(long memo) = %v", err)
	}
	if want := "payload: data is 454 bytes, the maximum is 453"; err.Error() != want {
		t.Fatalf("error %q, want %q", err, want)
	}
	for _, typ := range []Type{0, 3, 255} {
		if _, err := Seal(f.key, f.r, f.p, &Plaintext{Type: typ}); !errors.Is(err, ErrUnknownType) {
			t.Fatalf("Seal(type %d) = %v, want ErrUnknownType", typ, err)
		}
	}
}

// encodedSample returns a valid encoded plaintext with a 10-byte memo.
func encodedSample(t *testing.T) [PlaintextSize]byte {
	t.Helper()
	b, err := (&Plaintext{Type: TypePayment, Amount: 7, Blinding: blinding(t, 9), Data: []byte("0123456789")}).Encode()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecodePlaintextErrors(t *testing.T) {
	t.Parallel()
	good := encodedSample(t)
	if _, err := DecodePlaintext(good[:]); err != nil {
		t.Fatal(err)
	}
	edit := func(f func(b []byte)) []byte {
		b := good
		f(b[:])
		return b[:]
	}
	groupOrder, _ := hex.DecodeString("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010")
	tests := []struct {
		name string
		in   []byte
		want error
	}{
		{"empty", nil, ErrSize},
		{"short", good[:PlaintextSize-1], ErrSize},
		{"long", append(good[:], 0), ErrSize},
		{"type 0", edit(func(b []byte) { b[0] = 0 }), ErrUnknownType},
		{"type 3", edit(func(b []byte) { b[0] = 3 }), ErrUnknownType},
		{"type 255", edit(func(b []byte) { b[0] = 255 }), ErrUnknownType},
		{"blinding = ℓ", edit(func(b []byte) { copy(b[9:41], groupOrder) }), ErrBlinding},
		{"blinding all ones", edit(func(b []byte) { copy(b[9:41], bytes.Repeat([]byte{0xff}, 32)) }), ErrBlinding},
		{"length beyond capacity", edit(func(b []byte) { binary.LittleEndian.PutUint16(b[41:], MaxDataSize+1) }), ErrDataTooLong},
		{"length 0xffff", edit(func(b []byte) { binary.LittleEndian.PutUint16(b[41:], 0xffff) }), ErrDataTooLong},
		{"length too short (data spills into padding)", edit(func(b []byte) { binary.LittleEndian.PutUint16(b[41:], 9) }), ErrPadding},
		{"padding byte just after data", edit(func(b []byte) { b[headerSize+10] = 1 }), ErrPadding},
		{"last padding byte", edit(func(b []byte) { b[PlaintextSize-1] = 0x80 }), ErrPadding},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := DecodePlaintext(tt.in); !errors.Is(err, tt.want) {
				t.Fatalf("DecodePlaintext = %v, want %v", err, tt.want)
			}
		})
	}
}

// TestOpenAuthenticMalformed: a sender that encrypts a malformed plaintext
// with the right key gets past authentication; Open must still reject it,
// with the decoding error.
func TestOpenAuthenticMalformed(t *testing.T) {
	t.Parallel()
	f := newFixture(6)
	pt := encodedSample(t)
	pt[PlaintextSize-1] = 1
	aead, ad := newAEAD(f.key, f.r, f.p)
	ct := aead.Seal(nil, make([]byte, 12), pt[:], ad[:])
	if _, err := Open(f.key, f.r, f.p, ct); !errors.Is(err, ErrPadding) {
		t.Fatalf("Open = %v, want ErrPadding", err)
	}
}

func TestPlaintextNeverPrints(t *testing.T) {
	t.Parallel()
	p := &Plaintext{Type: TypePayment, Amount: 123456789, Blinding: blinding(t, 1), Data: []byte("hi")}
	secret := hex.EncodeToString(p.Blinding.Bytes())
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%x", "%d"} {
		for _, v := range []any{p, *p} {
			out := fmt.Sprintf(verb, v)
			if !strings.Contains(out, "REDACTED") || strings.Contains(out, "123456789") || strings.Contains(out, secret) {
				t.Errorf("fmt %s printed %q", verb, out)
			}
		}
	}
	if TypePayment.String() != "payment" || TypeData.String() != "data" || Type(9).String() != "Type(9)" {
		t.Error("Type.String")
	}
}
