package payload

import "testing"

func BenchmarkSeal(b *testing.B) {
	f := newFixture(1)
	p := samples(b)[0]
	b.SetBytes(Size)
	for b.Loop() {
		if _, err := Seal(f.key, f.r, f.p, p); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOpen(b *testing.B) {
	f := newFixture(1)
	ct, _ := Seal(f.key, f.r, f.p, samples(b)[0])
	b.SetBytes(Size)
	for b.Loop() {
		if _, err := Open(f.key, f.r, f.p, ct[:]); err != nil {
			b.Fatal(err)
		}
	}
}
