package smt

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzDecodeProof checks that DecodeProof never panics, fails only with
// ErrMalformedProof, and that whatever it accepts re-encodes to the same
// bytes (one encoding per proof).
func FuzzDecodeProof(f *testing.F) {
	var s [HashSize]byte
	s[5] = 9
	e := EmptyRoot()
	for _, p := range []Proof{
		{Kind: Member},
		{Kind: AbsentEmpty, Siblings: [][HashSize]byte{s, e, s}},
		{Kind: AbsentLeaf, Leaf: Entry{Key: s, Value: s}, Siblings: [][HashSize]byte{e, e, e, e, e, e, e, e, s}},
	} {
		enc, err := p.Encode()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(enc)
	}
	f.Add([]byte{1, 1, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := DecodeProof(data)
		if err != nil {
			if !errors.Is(err, ErrMalformedProof) {
				t.Fatalf("error %v does not wrap ErrMalformedProof", err)
			}
			return
		}
		enc, err := p.Encode()
		if err != nil {
			t.Fatalf("decoded proof does not encode: %v", err)
		}
		if !bytes.Equal(enc, data) {
			t.Fatalf("re-encoding differs:\n in %x\nout %x", data, enc)
		}
		// Verification of arbitrary proofs must not panic either.
		_ = VerifyNonMembership(EmptyRoot(), s, p)
		_ = VerifyProof(EmptyRoot(), s, s, p)
	})
}

// FuzzUpdateSequence interprets the input as a sequence of batched updates
// over a small key space with shared prefixes (so collapses and deep chains
// are common) and checks the tree against the map model after every batch:
// Get, the root recomputed from scratch, the exact stored records, and a
// proof for every key touched.
func FuzzUpdateSequence(f *testing.F) {
	f.Add([]byte{0x01, 0x02, 0x83, 0xff, 0x00, 0x11, 0x92})
	f.Add([]byte{0x10, 0x20, 0x30, 0x40, 0x00, 0x90, 0xa0, 0xb0, 0xc0})
	f.Add(bytes.Repeat([]byte{0x7f, 0xfe, 0x00}, 20))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 512 {
			return
		}
		tr, s := newTestTree(t)
		m := model{}
		// Each byte: 0x00 ends a batch; otherwise bit 7 chooses delete or
		// set and bits 0..6 choose one of 128 keys.
		var sets []Entry
		var dels [][HashSize]byte
		used := map[[HashSize]byte]bool{}
		flush := func() {
			if err := tr.Update(sets, dels); err != nil {
				t.Fatal(err)
			}
			for _, e := range sets {
				m[e.Key] = e.Value
			}
			for _, k := range dels {
				delete(m, k)
			}
			if tr.Root() != m.refRoot() {
				t.Fatalf("root %x, model %x", tr.Root(), m.refRoot())
			}
			checkStore(t, s, m)
			for k := range used {
				checkKey(t, tr, m, k)
			}
			sets, dels, used = nil, nil, map[[HashSize]byte]bool{}
		}
		for i, b := range data {
			if b == 0 {
				flush()
				continue
			}
			k := fuzzKey(b & 0x7f)
			if used[k] {
				continue
			}
			used[k] = true
			if b&0x80 != 0 {
				dels = append(dels, k)
			} else {
				sets = append(sets, Entry{Key: k, Value: [HashSize]byte{byte(i), b}})
			}
		}
		flush()
	})
}

// fuzzKey maps 7 bits to a key. Keys share long prefixes: bits 0..2 pick
// the first byte from two values, the rest land at the last byte, so pairs
// split deep in the tree.
func fuzzKey(x byte) [HashSize]byte {
	var k [HashSize]byte
	k[0] = x & 0x40
	k[15] = x & 0x30
	k[31] = x & 0x0f
	return k
}

// checkKey checks Get and a proof for k against the model.
func checkKey(t *testing.T, tr *Tree, m model, k [HashSize]byte) {
	t.Helper()
	v, ok, err := tr.Get(k)
	want, in := m[k]
	if err != nil || ok != in || v != want {
		t.Fatalf("Get(%x) = %x %v %v, model %x %v", k, v, ok, err, want, in)
	}
	p, err := tr.Prove(k)
	if err != nil {
		t.Fatal(err)
	}
	if in {
		err = VerifyProof(tr.Root(), k, want, p)
	} else {
		err = VerifyNonMembership(tr.Root(), k, p)
	}
	if err != nil {
		t.Fatalf("proof for %x (present %v): %v", k, in, err)
	}
}
