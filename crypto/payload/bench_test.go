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

func BenchmarkBlinding(b *testing.B) {
	f := newFixture(1)
	for b.Loop() {
		Blinding(f.key, f.r, f.p)
	}
}

func BenchmarkSealAmount(b *testing.B) {
	f := newFixture(1)
	for b.Loop() {
		SealAmount(f.key, f.r, f.p, 1_500_000)
	}
}

func BenchmarkOpenAmount(b *testing.B) {
	f := newFixture(1)
	sealed := SealAmount(f.key, f.r, f.p, 1_500_000)
	for b.Loop() {
		OpenAmount(f.key, f.r, f.p, sealed)
	}
}
