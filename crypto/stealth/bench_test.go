package stealth

import (
	"testing"
)

func BenchmarkNewOutput(b *testing.B) {
	addr := testKeys(b, 1).Address()
	rng := testRand(1)
	for b.Loop() {
		if _, _, err := NewOutput(rng, addr, 0); err != nil {
			b.Fatal(err)
		}
	}
}

// benchOutputs returns outputs to other wallets whose view tags do not match
// keys (the common case while scanning) and outputs to keys.
func benchOutputs(b *testing.B, keys *Keys) (misses, hits []Output) {
	b.Helper()
	rng := testRand(2)
	other := testKeys(b, 2).Address()
	for len(misses) < 64 {
		out, _, _ := NewOutput(rng, other, 0)
		s, _ := keys.view.ecdh.sharedWith(&out.TxKey)
		ss := newSharedSecret(s, 0)
		if ss.viewTag() != out.ViewTag {
			misses = append(misses, out)
		}
	}
	for range 64 {
		out, _, _ := NewOutput(rng, keys.Address(), 0)
		hits = append(hits, out)
	}
	return misses, hits
}

// BenchmarkScanMiss is the cost of scanning one foreign output that the view
// tag rejects: one a·R and one hash. Outputs/s per core = 1e9 / (ns/op).
func BenchmarkScanMiss(b *testing.B) {
	keys := testKeys(b, 1)
	misses, _ := benchOutputs(b, keys)
	i := 0
	for b.Loop() {
		if _, owned := keys.Scan(misses[i%len(misses)], 0); owned {
			b.Fatal("owned")
		}
		i++
	}
}

// BenchmarkScanHit is the cost of recognising one own output.
func BenchmarkScanHit(b *testing.B) {
	keys := testKeys(b, 1)
	_, hits := benchOutputs(b, keys)
	i := 0
	for b.Loop() {
		if _, owned := keys.Scan(hits[i%len(hits)], 0); !owned {
			b.Fatal("missed")
		}
		i++
	}
}
