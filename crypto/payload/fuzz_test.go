package payload

import (
	"bytes"
	"errors"
	"testing"
)

func FuzzDecodePlaintext(f *testing.F) {
	for _, p := range samples(f) {
		b, _ := p.Encode()
		f.Add(b[:])
	}
	f.Add(make([]byte, PlaintextSize))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := DecodePlaintext(b)
		if err != nil {
			if !errors.Is(err, ErrSize) && !errors.Is(err, ErrUnknownType) && !errors.Is(err, ErrBlinding) &&
				!errors.Is(err, ErrDataTooLong) && !errors.Is(err, ErrPadding) {
				t.Fatalf("undocumented error %v", err)
			}
			return
		}
		enc, err := p.Encode()
		if err != nil {
			t.Fatalf("decoded plaintext does not encode: %v", err)
		}
		if !bytes.Equal(enc[:], b) {
			t.Fatalf("decode→encode changed the bytes")
		}
	})
}

// FuzzOpen feeds Open arbitrary payloads for one output. Whatever opens must
// seal back to the same bytes (sealing is deterministic and the decoder
// accepts only canonical plaintexts), and nothing may panic.
func FuzzOpen(f *testing.F) {
	fx := newFixture(1)
	for _, p := range samples(f) {
		ct, _ := Seal(fx.key, fx.r, fx.p, p)
		f.Add(ct[:])
	}
	f.Add(make([]byte, Size))
	f.Fuzz(func(t *testing.T, ct []byte) {
		p, err := Open(fx.key, fx.r, fx.p, ct)
		if err != nil {
			return
		}
		again, err := Seal(fx.key, fx.r, fx.p, p)
		if err != nil || !bytes.Equal(again[:], ct) {
			t.Fatalf("open→seal changed the payload: %v", err)
		}
	})
}
