package schnorr

import (
	"bytes"
	"errors"
	"testing"
)

func FuzzDecodeSignature(f *testing.F) {
	priv := mustKey(f, 1)
	sig, _ := Sign(testRand(1), priv, []byte("seed"))
	f.Add(sig.Bytes())
	f.Add(make([]byte, SignatureSize))
	f.Add(append(mustHex(f, fieldPrime), mustHex(f, groupOrder)...))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := DecodeSignature(b)
		if (s == nil) == (err == nil) {
			t.Fatalf("DecodeSignature returned %v and %v", s, err)
		}
		if err != nil {
			if !errors.Is(err, ErrEncoding) {
				t.Fatalf("error %v does not wrap ErrEncoding", err)
			}
			return
		}
		// Non-malleable: a decoded signature re-encodes to the same bytes.
		if !bytes.Equal(s.Bytes(), b) {
			t.Fatalf("decode→encode changed %x to %x", b, s.Bytes())
		}
		_ = Verify(priv.Public(), []byte("seed"), s) // must not panic
	})
}

func FuzzDecodePublicKey(f *testing.F) {
	f.Add(mustKey(f, 1).Public().Bytes())
	f.Add(mustHex(f, identity))
	f.Add(mustHex(f, fieldPrime))
	f.Add(mustHex(f, nonSquare))
	f.Fuzz(func(t *testing.T, b []byte) {
		k, err := DecodePublicKey(b)
		if (k == nil) == (err == nil) {
			t.Fatalf("DecodePublicKey returned %v and %v", k, err)
		}
		if err != nil {
			if !errors.Is(err, ErrEncoding) && !errors.Is(err, ErrIdentityKey) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		if !bytes.Equal(k.Bytes(), b) || !bytes.Equal(k.Element().Bytes(), b) {
			t.Fatalf("decode→encode changed %x", b)
		}
	})
}
