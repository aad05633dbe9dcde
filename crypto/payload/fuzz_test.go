package payload

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"

	"github.com/gtank/ristretto255"
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
			if !errors.Is(err, ErrSize) && !errors.Is(err, ErrUnknownType) &&
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

// FuzzAmount checks that OpenAmount inverts SealAmount for every amount and
// every output, that the sealed amount is the amount masked by a mask that
// does not depend on the amount, and that Blinding never panics and gives a
// canonical, non-zero scalar.
func FuzzAmount(f *testing.F) {
	fx := newFixture(1)
	for _, a := range edgeAmounts {
		f.Add(fx.key[:], fx.r[:], fx.p[:], a)
	}
	f.Add(make([]byte, 32), make([]byte, 32), make([]byte, 32), uint64(0))
	f.Fuzz(func(t *testing.T, key, r, p []byte, amount uint64) {
		if len(key) != 32 || len(r) != 32 || len(p) != 32 {
			return
		}
		k, rr, pp := [32]byte(key), [32]byte(r), [32]byte(p)
		sealed := SealAmount(k, rr, pp, amount)
		if got := OpenAmount(k, rr, pp, sealed); got != amount {
			t.Fatalf("OpenAmount(SealAmount(%d)) = %d", amount, got)
		}
		zero := SealAmount(k, rr, pp, 0) // the mask itself
		var le [AmountSize]byte
		binary.LittleEndian.PutUint64(le[:], amount)
		for i := range sealed {
			if sealed[i] != le[i]^zero[i] {
				t.Fatalf("sealed amount is not amount ⊕ mask")
			}
		}
		g := Blinding(k, rr, pp)
		if _, err := ristretto255.NewScalar().SetCanonicalBytes(g.Bytes()); err != nil || g.Equal(ristretto255.NewScalar()) == 1 {
			t.Fatalf("Blinding gave %x (%v)", g.Bytes(), err)
		}
	})
}
