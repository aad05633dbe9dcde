package keystore

import (
	"bytes"
	"crypto/rand"
	"errors"
	"testing"
)

func FuzzParseHeader(f *testing.F) {
	valid := sealed(f, []byte("seed"))
	f.Add(valid)
	f.Add(valid[:HeaderSize])
	f.Add([]byte(Magic))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		h, err := ParseHeader(b)
		if err != nil {
			if !errors.Is(err, ErrInvalidFile) {
				t.Fatalf("error %v does not match ErrInvalidFile", err)
			}
			return
		}
		if err := h.Params.Validate(); err != nil {
			t.Fatalf("accepted out-of-bounds params: %v", err)
		}
		if h.CiphertextLen < TagSize || h.CiphertextLen > MaxPlaintextSize+TagSize {
			t.Fatalf("accepted ciphertext length %d", h.CiphertextLen)
		}
		if !bytes.Equal(h.Encode(), b[:HeaderSize]) {
			t.Fatalf("decode→encode changed the header")
		}
	})
}

// FuzzDecrypt decrypts arbitrary files. When fix is set it rewrites the
// checksum first, so mutations get past it to the KDF and the AEAD; the
// fake KDF fails the run if it ever sees unchecked parameters.
func FuzzDecrypt(f *testing.F) {
	file, err := encrypt(rand.Reader, []byte("pw"), []byte("seed material"), MinParams(), fakeKDF(f))
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte("pw"), file, false)
	f.Add([]byte("pw"), file, true)
	f.Add([]byte("other"), file, false)
	f.Add([]byte("pw"), file[:HeaderSize+4], true)
	f.Add([]byte(""), []byte(Magic+"\x01"), true)
	f.Fuzz(func(t *testing.T, password, b []byte, fix bool) {
		if fix && len(b) >= HeaderSize+ChecksumSize {
			b = fixChecksum(b)
		}
		pt, err := decrypt(password, b, fakeKDF(t))
		if err != nil {
			if pt != nil {
				t.Fatal("plaintext returned with an error")
			}
			if !errors.Is(err, ErrWrongPassword) && !errors.Is(err, ErrInvalidFile) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		if len(pt) != len(b)-HeaderSize-TagSize-ChecksumSize {
			t.Fatalf("%d-byte plaintext from a %d-byte file", len(pt), len(b))
		}
	})
}
