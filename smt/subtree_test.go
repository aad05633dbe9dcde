package smt

import (
	"errors"
	"math/rand/v2"
	"testing"
)

// frontierOf cuts m's sorted entries into the subtrees at depth, building
// each into s (nil: hashes only).
func frontierOf(t *testing.T, s Store, m model, depth int) []Subtree {
	t.Helper()
	buckets := make([][]Entry, 1<<uint(depth))
	for _, k := range m.sortedKeys() {
		i := SubtreeIndex(&k, depth)
		buckets[i] = append(buckets[i], Entry{Key: k, Value: m[k]})
	}
	subs := make([]Subtree, len(buckets))
	for i, es := range buckets {
		st, err := BuildSubtree(s, depth, uint32(i), es)
		if err != nil {
			t.Fatalf("subtree %d: %v", i, err)
		}
		subs[i] = st
	}
	return subs
}

// TestFrontierRebuildsTheTree checks that building every subtree and
// folding the frontier gives the reference root and stores exactly the
// records a Tree stores, for sparse trees (leaves that move up past the
// frontier), dense ones and clustered keys (deep subtrees).
func TestFrontierRebuildsTheTree(t *testing.T) {
	r := rand.New(rand.NewPCG(16, 21))
	for _, n := range []int{0, 1, 2, 3, 7, 40, 300, 2000} {
		for _, clustered := range []bool{false, true} {
			m := randModel(r, n, clustered)
			for _, depth := range []int{0, 1, 3, 8, 12} {
				s := NewMemStore()
				subs := frontierOf(t, s, m, depth)
				root, err := FoldFrontier(s, depth, subs)
				if err != nil {
					t.Fatalf("n=%d depth=%d: %v", n, depth, err)
				}
				if root != m.refRoot() {
					t.Fatalf("n=%d clustered=%v depth=%d: root %x, want %x", n, clustered, depth, root, m.refRoot())
				}
				checkStore(t, s, m)
				// The stored tree opens and answers.
				tr, err := New(s)
				if err != nil || tr.Root() != root {
					t.Fatalf("n=%d depth=%d: reopened root %x, err %v", n, depth, tr.Root(), err)
				}
				// Hashes only: the same root, nothing written.
				if got, err := FoldFrontier(nil, depth, frontierOf(t, nil, m, depth)); err != nil || got != root {
					t.Fatalf("n=%d depth=%d: fold without a store: %x, %v", n, depth, got, err)
				}
			}
		}
	}
}

func TestSubtreeIndexAndStart(t *testing.T) {
	k := [HashSize]byte{0xab, 0xcd, 0xef, 0x12}
	for _, tt := range []struct {
		depth int
		index uint32
		start [4]byte
	}{
		{0, 0, [4]byte{}},
		{1, 1, [4]byte{0x80}},
		{8, 0xab, [4]byte{0xab}},
		{12, 0xabc, [4]byte{0xab, 0xc0}},
		{16, 0xabcd, [4]byte{0xab, 0xcd}},
	} {
		if got := SubtreeIndex(&k, tt.depth); got != tt.index {
			t.Errorf("SubtreeIndex(depth %d) = %#x, want %#x", tt.depth, got, tt.index)
		}
		s := SubtreeStart(tt.depth, tt.index)
		if [4]byte(s[:4]) != tt.start {
			t.Errorf("SubtreeStart(%d, %#x) = %x, want %x", tt.depth, tt.index, s[:4], tt.start)
		}
	}
}

func TestBuildSubtreeRejects(t *testing.T) {
	under := func(b0 byte, b1 byte) Entry { return Entry{Key: [HashSize]byte{b0, b1}, Value: [HashSize]byte{1}} }
	for _, tt := range []struct {
		name    string
		depth   int
		index   uint32
		entries []Entry
		want    error
	}{
		{"key of another subtree", 8, 0x10, []Entry{under(0x10, 1), under(0x11, 0)}, ErrBadSubtree},
		{"not sorted", 8, 0x10, []Entry{under(0x10, 2), under(0x10, 1)}, ErrBadSubtree},
		{"duplicate", 8, 0x10, []Entry{under(0x10, 2), under(0x10, 2)}, ErrDuplicateKey},
		{"index past the depth", 4, 16, nil, ErrBadSubtree},
		{"depth too deep", MaxFrontierDepth + 1, 0, nil, ErrBadSubtree},
		{"negative depth", -1, 0, nil, ErrBadSubtree},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := NewMemStore()
			if _, err := BuildSubtree(s, tt.depth, tt.index, tt.entries); !errors.Is(err, tt.want) {
				t.Fatalf("err %v, want %v", err, tt.want)
			}
			if s.Len() != 0 {
				t.Fatalf("a rejected subtree wrote %d records", s.Len())
			}
		})
	}
}

func TestFoldFrontierRejects(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	m := randModel(r, 50, false)
	good := frontierOf(t, nil, m, 4)
	leaf := -1
	for i, st := range good {
		if st.Kind == SubtreeLeaf {
			leaf = i
		}
	}
	for _, tt := range []struct {
		name   string
		depth  int
		mutate func([]Subtree) []Subtree
	}{
		{"too few", 4, func(s []Subtree) []Subtree { return s[:15] }},
		{"wrong depth", 5, func(s []Subtree) []Subtree { return s }},
		{"empty with a hash", 4, func(s []Subtree) []Subtree { s[0] = Subtree{Kind: SubtreeEmpty, Hash: [HashSize]byte{1}}; return s }},
		{"internal with the empty hash", 4, func(s []Subtree) []Subtree { s[0] = Subtree{Kind: SubtreeInternal, Hash: emptyHash}; return s }},
		{"unknown kind", 4, func(s []Subtree) []Subtree { s[0].Kind = 3; return s }},
		{"leaf elsewhere", 4, func(s []Subtree) []Subtree {
			e := Entry{Key: [HashSize]byte{0xff}}
			s[0] = LeafSubtree(e)
			return s
		}},
		{"leaf with another hash", 4, func(s []Subtree) []Subtree {
			if leaf < 0 {
				s[0].Kind = 9
				return s
			}
			s[leaf].Hash[0] ^= 1
			return s
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			subs := tt.mutate(append([]Subtree{}, good...))
			if _, err := FoldFrontier(nil, tt.depth, subs); !errors.Is(err, ErrBadSubtree) {
				t.Fatalf("err %v, want ErrBadSubtree", err)
			}
		})
	}
	// A kind can lie where it does not change the root (a leaf with a
	// non-empty sibling hashes into its parent alike), so a receiver
	// compares kind and hash of each rebuilt subtree, never the hash alone:
	// no set of entries builds an internal subtree whose hash is a leaf's.
	lied := append([]Subtree{}, good...)
	for i := range lied {
		if lied[i].Kind == SubtreeLeaf {
			lied[i] = Subtree{Kind: SubtreeInternal, Hash: lied[i].Hash}
			rebuilt, err := BuildSubtree(nil, 4, uint32(i), []Entry{good[i].Leaf})
			if err != nil {
				t.Fatal(err)
			}
			if rebuilt == lied[i] {
				t.Fatal("a one-key subtree rebuilds as an internal one")
			}
			break
		}
	}
}
