package keys

import "testing"

func BenchmarkParseMnemonic(b *testing.B) {
	for b.Loop() {
		if _, err := ParseMnemonic(phraseLegal); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSeed(b *testing.B) {
	m, err := ParseMnemonic(phraseLegal)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		m.Seed("")
	}
}

func BenchmarkAccount(b *testing.B) {
	m, err := ParseMnemonic(phraseLegal)
	if err != nil {
		b.Fatal(err)
	}
	s := m.Seed("")
	for b.Loop() {
		s.Account(0)
	}
}
