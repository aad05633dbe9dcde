package smt

import (
	"errors"
	"math/rand/v2"
	"testing"
)

// proofTree returns a tree over a random model that mixes spread-out and
// clustered keys, so proofs of every depth and kind occur.
func proofTree(t *testing.T, seed uint64, n int) (*Tree, model, *rand.Rand) {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, seed+1))
	m := randModel(r, n, true)
	tr, _ := newTestTree(t)
	if err := tr.Update(entriesOf(r, m), nil); err != nil {
		t.Fatal(err)
	}
	return tr, m, r
}

func TestMembershipProofsVerify(t *testing.T) {
	tr, m, _ := proofTree(t, 10, 400)
	root := tr.Root()
	for k, v := range m {
		p, err := tr.Prove(k)
		if err != nil {
			t.Fatal(err)
		}
		if p.Kind != Member {
			t.Fatalf("Prove(present %x) kind %s", k, p.Kind)
		}
		if err := VerifyProof(root, k, v, p); err != nil {
			t.Fatalf("VerifyProof(%x): %v", k, err)
		}
		if err := VerifyNonMembership(root, k, p); !errors.Is(err, ErrInvalidProof) {
			t.Fatalf("a membership proof passed as non-membership: %v", err)
		}
	}
}

func TestMembershipProofRejections(t *testing.T) {
	tr, m, r := proofTree(t, 11, 300)
	root := tr.Root()
	keys := m.sortedKeys()
	flip := func(h [HashSize]byte, i int) [HashSize]byte { h[i%HashSize] ^= 1 << (i % 8); return h }
	for i, k := range keys {
		v := m[k]
		p, err := tr.Prove(k)
		if err != nil {
			t.Fatal(err)
		}
		other := keys[(i+1)%len(keys)]
		tests := []struct {
			name       string
			root, k, v [HashSize]byte
			p          *Proof
		}{
			{"wrong value", root, k, flip(v, i), p},
			{"wrong key", root, flip(k, i), v, p},
			{"other present key", root, other, v, p},
			{"wrong root", flip(root, i), k, v, p},
			{"nil proof", root, k, v, nil},
		}
		if len(p.Siblings) > 0 {
			j := r.IntN(len(p.Siblings))
			tampered := *p
			tampered.Siblings = append([][HashSize]byte(nil), p.Siblings...)
			tampered.Siblings[j] = flip(tampered.Siblings[j], i)
			short := *p
			short.Siblings = p.Siblings[1:]
			tests = append(tests,
				struct {
					name       string
					root, k, v [HashSize]byte
					p          *Proof
				}{"tampered sibling", root, k, v, &tampered},
				struct {
					name       string
					root, k, v [HashSize]byte
					p          *Proof
				}{"dropped sibling", root, k, v, &short})
		}
		for _, tt := range tests {
			if err := VerifyProof(tt.root, tt.k, tt.v, tt.p); !errors.Is(err, ErrInvalidProof) {
				t.Fatalf("%s: VerifyProof = %v, want ErrInvalidProof", tt.name, err)
			}
		}
	}
}

func TestNonMembershipProofs(t *testing.T) {
	tr, m, r := proofTree(t, 12, 300)
	root := tr.Root()
	kinds := map[ProofKind]int{}
	for i := 0; i < 2000; i++ {
		k := randKey(r, i%2 == 0)
		if _, in := m[k]; in {
			continue
		}
		p, err := tr.Prove(k)
		if err != nil {
			t.Fatal(err)
		}
		kinds[p.Kind]++
		if err := VerifyNonMembership(root, k, p); err != nil {
			t.Fatalf("VerifyNonMembership(%x, %s): %v", k, p.Kind, err)
		}
		if err := VerifyProof(root, k, [HashSize]byte{}, p); !errors.Is(err, ErrInvalidProof) {
			t.Fatalf("a %s proof passed as membership: %v", p.Kind, err)
		}
		// The same proof says nothing about a present key...
		for pk := range m {
			if err := VerifyNonMembership(root, pk, p); !errors.Is(err, ErrInvalidProof) {
				t.Fatalf("%s proof for %x shows present key %x absent", p.Kind, k, pk)
			}
			break
		}
		// ...nor holds against another root.
		if err := VerifyNonMembership(EmptyRoot(), k, p); len(m) > 0 && !errors.Is(err, ErrInvalidProof) {
			t.Fatalf("non-membership proof verified against the empty root: %v", err)
		}
	}
	if kinds[AbsentEmpty] == 0 || kinds[AbsentLeaf] == 0 {
		t.Fatalf("workload did not produce both absence kinds: %v", kinds)
	}
}

func TestNonMembershipRejectsPresentKeys(t *testing.T) {
	// Forge the obvious lies about present keys and check each is refused.
	tr, m, _ := proofTree(t, 13, 200)
	root := tr.Root()
	for k, v := range m {
		p, err := tr.Prove(k)
		if err != nil {
			t.Fatal(err)
		}
		asLeaf := &Proof{Kind: AbsentLeaf, Leaf: Entry{Key: k, Value: v}, Siblings: p.Siblings}
		asEmpty := &Proof{Kind: AbsentEmpty, Siblings: p.Siblings}
		for _, forged := range []*Proof{p, asLeaf, asEmpty} {
			if err := VerifyNonMembership(root, k, forged); !errors.Is(err, ErrInvalidProof) {
				t.Fatalf("present key %x shown absent by a %s proof", k, forged.Kind)
			}
		}
	}
}

func TestNonMembershipLeafOffPath(t *testing.T) {
	// An AbsentLeaf proof whose leaf does not share the key's prefix is
	// refused before any hashing.
	var k, other [HashSize]byte
	other[0] = 0x80
	p := &Proof{Kind: AbsentLeaf, Leaf: Entry{Key: other}, Siblings: [][HashSize]byte{EmptyRoot()}}
	if err := VerifyNonMembership(EmptyRoot(), k, p); !errors.Is(err, ErrInvalidProof) {
		t.Fatalf("err = %v", err)
	}
}

func TestProofsOnTinyTrees(t *testing.T) {
	// The empty tree and a one-leaf tree: proofs with no siblings.
	tr, _ := newTestTree(t)
	k, v := [HashSize]byte{1}, [HashSize]byte{2}
	p, err := tr.Prove(k)
	if err != nil || p.Kind != AbsentEmpty || len(p.Siblings) != 0 {
		t.Fatalf("empty tree proof %+v, %v", p, err)
	}
	if err := VerifyNonMembership(tr.Root(), k, p); err != nil {
		t.Fatal(err)
	}
	if err := tr.Update([]Entry{{Key: k, Value: v}}, nil); err != nil {
		t.Fatal(err)
	}
	if p, _ = tr.Prove(k); VerifyProof(tr.Root(), k, v, p) != nil || len(p.Siblings) != 0 {
		t.Fatalf("one-leaf membership proof %+v", p)
	}
	absent := [HashSize]byte{3}
	if p, _ = tr.Prove(absent); p.Kind != AbsentLeaf || VerifyNonMembership(tr.Root(), absent, p) != nil {
		t.Fatalf("one-leaf absence proof %+v", p)
	}
}

func TestVerifyRejectsOverlongProof(t *testing.T) {
	p := &Proof{Kind: AbsentEmpty, Siblings: make([][HashSize]byte, MaxDepth+1)}
	if err := VerifyNonMembership(EmptyRoot(), [HashSize]byte{}, p); !errors.Is(err, ErrInvalidProof) {
		t.Fatalf("err = %v", err)
	}
}
