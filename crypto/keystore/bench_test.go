package keystore

import (
	"crypto/rand"
	"testing"
)

func benchmarkDecrypt(b *testing.B, p Params) {
	f, err := Encrypt(rand.Reader, testPassword, make([]byte, 64), p)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Decrypt(testPassword, f); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecryptDefault is the time a wallet waits to unlock.
func BenchmarkDecryptDefault(b *testing.B) { benchmarkDecrypt(b, DefaultParams()) }

func BenchmarkDecryptMin(b *testing.B) { benchmarkDecrypt(b, MinParams()) }
