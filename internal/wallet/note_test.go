package wallet

import (
	"bytes"
	"testing"

	"github.com/stegos-go/stegos/crypto/payload"
	"github.com/stegos-go/stegos/internal/genesis"
)

func TestNoteRoundTrip(t *testing.T) {
	k0, _ := genesis.DemoKeys(0)
	k1, _ := genesis.DemoKeys(1)
	salt := bytes.Repeat([]byte{0x5a}, saltSize)
	const v1, v2 = 4 + 1, 4 + saltSize + 1 // fixed bytes before the payments
	cases := []struct {
		name     string
		salt     []byte
		payments []notePayment
		memoLen  []int // expected memo lengths after encoding
	}{
		{"one payment", salt, []notePayment{{To: k0.Address(), Amount: 5, Memo: []byte("lunch")}}, []int{5}},
		{"no memo", salt, []notePayment{{To: k1.Address(), Amount: 1 << 60}}, []int{0}},
		{"memo cut to fit", salt, []notePayment{{To: k0.Address(), Amount: 1, Memo: bytes.Repeat([]byte("m"), payload.MaxDataSize)}}, []int{payload.MaxDataSize - v2 - 75}},
		{"two payments share the room", salt, []notePayment{
			{To: k0.Address(), Amount: 1, Memo: bytes.Repeat([]byte("a"), 400)},
			{To: k1.Address(), Amount: 2, Memo: bytes.Repeat([]byte("b"), 400)},
		}, []int{payload.MaxDataSize - v2 - 150, 0}},
		{"before salts (SGN1)", nil, []notePayment{{To: k0.Address(), Amount: 1, Memo: bytes.Repeat([]byte("m"), payload.MaxDataSize)}}, []int{payload.MaxDataSize - v1 - 75}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := encodeNote(note{Salt: c.salt, Payments: c.payments})
			if len(b) > payload.MaxDataSize {
				t.Fatalf("note of %d bytes does not fit a payload", len(b))
			}
			got, err := decodeNote(b)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Salt, c.salt) {
				t.Fatalf("salt %x, want %x", got.Salt, c.salt)
			}
			for i, p := range got.Payments {
				if !p.To.Equal(c.payments[i].To) || p.Amount != c.payments[i].Amount || len(p.Memo) != c.memoLen[i] || !bytes.HasPrefix(c.payments[i].Memo, p.Memo) {
					t.Fatalf("payment %d: got %+v", i, p)
				}
			}
		})
	}
}

func TestNoteRejects(t *testing.T) {
	k0, _ := genesis.DemoKeys(0)
	good := encodeNote(note{Payments: []notePayment{{To: k0.Address(), Amount: 5, Memo: []byte("x")}}})
	salted := encodeNote(note{Salt: make([]byte, saltSize), Payments: []notePayment{{To: k0.Address(), Amount: 5}}})
	for name, b := range map[string][]byte{
		"empty":             nil,
		"a memo":            []byte("thanks for the coffee"),
		"magic only":        []byte("SGN1"),
		"salted magic only": []byte("SGN2"),
		"salt cut short":    salted[:4+saltSize-1],
		"no count":          salted[:4+saltSize],
		"truncated":         good[:len(good)-1],
		"salted truncated":  salted[:len(salted)-1],
		"bad address":       append(append([]byte("SGN1\x01"), bytes.Repeat([]byte{0xff}, 65)...), make([]byte, 10)...),
		"count too high":    append([]byte("SGN1\x02"), good[5:]...),
	} {
		if _, err := decodeNote(b); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// FuzzDecodeNote: any payload data either is a note that re-encodes to
// itself or is refused; nothing panics.
func FuzzDecodeNote(f *testing.F) {
	k0, _ := genesis.DemoKeys(0)
	f.Add(encodeNote(note{Payments: []notePayment{{To: k0.Address(), Amount: 5, Memo: []byte("x")}}}))
	f.Add(encodeNote(note{Salt: bytes.Repeat([]byte{1}, saltSize), Payments: []notePayment{{To: k0.Address(), Amount: 5, Memo: []byte("x")}}}))
	f.Add([]byte("SGN1\x00"))
	f.Add([]byte("hello"))
	f.Fuzz(func(t *testing.T, b []byte) {
		n, err := decodeNote(b)
		if err != nil {
			return
		}
		if again := encodeNote(n); len(b) <= payload.MaxDataSize && !bytes.Equal(again, b[:len(again)]) {
			t.Fatalf("re-encoding differs: %x vs %x", again, b)
		}
	})
}
