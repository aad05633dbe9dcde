package vrf_test

import (
	"bytes"
	"testing"

	"github.com/stegos-go/stegos/crypto/vrf"
)

func benchKey(b *testing.B) (*vrf.PrivateKey, []byte) {
	k, err := vrf.NewKeyFromSeed(bytes.Repeat([]byte{9}, vrf.SeedSize))
	if err != nil {
		b.Fatal(err)
	}
	return k, vrf.BeaconInput("stegos-bench", 1, [32]byte{})
}

func BenchmarkProve(b *testing.B) {
	k, alpha := benchKey(b)
	b.ReportAllocs()
	for b.Loop() {
		vrf.Prove(k, alpha)
	}
}

func BenchmarkVerify(b *testing.B) {
	k, alpha := benchKey(b)
	pi, _ := vrf.Prove(k, alpha)
	pk := k.Public()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := vrf.Verify(pk, pi, alpha); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeProof(b *testing.B) {
	k, alpha := benchKey(b)
	pi, _ := vrf.Prove(k, alpha)
	raw := pi.Bytes()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := vrf.DecodeProof(raw); err != nil {
			b.Fatal(err)
		}
	}
}
