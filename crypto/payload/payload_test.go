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

func samples(testing.TB) []*Plaintext {
	return []*Plaintext{
		{Type: TypePayment, Data: []byte("for the coffee ☕")},
		{Type: TypePayment},
		{Type: TypeData, Data: bytes.Repeat([]byte{0xab}, MaxDataSize)},
		{Type: TypeData, Data: []byte{0}},
		{Type: TypePayment, Data: bytes.Repeat([]byte{0}, MaxDataSize)}, // zeros look like padding
	}
}

func equalPlaintext(a, b *Plaintext) bool {
	return a.Type == b.Type && bytes.Equal(a.Data, b.Data)
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
	if Size != 512 || PlaintextSize != 496 || MaxDataSize != 493 || headerSize != 3 || AmountSize != 8 {
		t.Fatalf("Size %d, PlaintextSize %d, MaxDataSize %d, header %d, AmountSize %d: doc.go and ADR 0020 say 512, 496, 493, 3, 8",
			Size, PlaintextSize, MaxDataSize, headerSize, AmountSize)
	}
	empty := &Plaintext{Type: TypePayment}
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
	if want := "payload: data is 494 bytes, the maximum is 493"; err.Error() != want {
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
	b, err := (&Plaintext{Type: TypePayment, Data: []byte("0123456789")}).Encode()
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
	// The plaintext of ADR 0006 (type ‖ amount ‖ blinding ‖ length ‖ data)
	// for 7 µSTG, a blinding factor and the same memo: its amount's low
	// bytes now read as the length and the rest as padding that is not
	// zero, so an old plaintext is refused rather than misread.
	var old [PlaintextSize]byte
	old[0] = byte(TypePayment)
	binary.LittleEndian.PutUint64(old[1:9], 7)
	copy(old[9:41], bytes.Repeat([]byte{0x42}, 32))
	binary.LittleEndian.PutUint16(old[41:43], 10)
	copy(old[43:], "0123456789")
	tests := []struct {
		name string
		in   []byte
		want error
	}{
		{"empty", nil, ErrSize},
		{"short", good[:PlaintextSize-1], ErrSize},
		{"long", append(good[:], 0), ErrSize},
		{"sealed size", make([]byte, Size), ErrSize},
		{"type 0", edit(func(b []byte) { b[0] = 0 }), ErrUnknownType},
		{"type 3", edit(func(b []byte) { b[0] = 3 }), ErrUnknownType},
		{"type 255", edit(func(b []byte) { b[0] = 255 }), ErrUnknownType},
		{"length beyond capacity", edit(func(b []byte) { binary.LittleEndian.PutUint16(b[1:], MaxDataSize+1) }), ErrDataTooLong},
		{"length 0xffff", edit(func(b []byte) { binary.LittleEndian.PutUint16(b[1:], 0xffff) }), ErrDataTooLong},
		{"length big endian", edit(func(b []byte) { binary.BigEndian.PutUint16(b[1:], 10) }), ErrDataTooLong},
		{"length too short (data spills into padding)", edit(func(b []byte) { binary.LittleEndian.PutUint16(b[1:], 9) }), ErrPadding},
		{"padding byte just after data", edit(func(b []byte) { b[headerSize+10] = 1 }), ErrPadding},
		{"last padding byte", edit(func(b []byte) { b[PlaintextSize-1] = 0x80 }), ErrPadding},
		{"ADR 0006 layout", old[:], ErrPadding},
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
	memo := "pay to the order of Mallory"
	p := &Plaintext{Type: TypePayment, Data: []byte(memo)}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d"} {
		for _, v := range []any{p, *p} {
			out := fmt.Sprintf(verb, v)
			if !strings.Contains(out, "REDACTED") || strings.Contains(out, "Mallory") ||
				strings.Contains(strings.ToLower(out), hex.EncodeToString([]byte("Mallory"))) {
				t.Errorf("fmt %s printed %q", verb, out)
			}
		}
	}
	if TypePayment.String() != "payment" || TypeData.String() != "data" || Type(9).String() != "Type(9)" {
		t.Error("Type.String")
	}
}

// TestPlaintextLayout pins the byte layout of doc.go: type, length (uint16
// little endian), data, zero padding; no amount, no blinding factor.
func TestPlaintextLayout(t *testing.T) {
	t.Parallel()
	b, err := (&Plaintext{Type: TypeData, Data: []byte("abc")}).Encode()
	if err != nil {
		t.Fatal(err)
	}
	want := make([]byte, PlaintextSize)
	copy(want, []byte{2, 3, 0, 'a', 'b', 'c'})
	if !bytes.Equal(b[:], want) {
		t.Fatalf("encoding starts %x, want %x", b[:8], want[:8])
	}
	full, err := (&Plaintext{Type: TypePayment, Data: bytes.Repeat([]byte{0x5a}, MaxDataSize)}).Encode()
	if err != nil {
		t.Fatal(err)
	}
	if full[0] != 1 || binary.LittleEndian.Uint16(full[1:3]) != MaxDataSize || full[PlaintextSize-1] != 0x5a {
		t.Fatalf("a full payload is not type ‖ length ‖ %d data bytes with no padding", MaxDataSize)
	}
	// An empty payment is the type and 495 zeros.
	empty, err := (&Plaintext{Type: TypePayment}).Encode()
	if err != nil {
		t.Fatal(err)
	}
	if empty[0] != 1 || !bytes.Equal(empty[1:], make([]byte, PlaintextSize-1)) {
		t.Fatal("an empty payment is not 0x01 then zeros")
	}
	// An empty memo and no memo are the same plaintext.
	p, err := DecodePlaintext(empty[:])
	if err != nil || p.Data != nil {
		t.Fatalf("empty payment decodes to %v, %v; want no data", p, err)
	}
}
