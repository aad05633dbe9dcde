package smt

import (
	"bytes"
	"errors"
	"fmt"
)

// This file cuts a tree into the subtrees at one depth (a "frontier") and
// puts it back together, for state sync (ADR 0021): a snapshot carries the
// frontier, which folds up to the root, and then the leaves of each
// subtree, which rebuild it; a receiver checks every part against the
// frontier before it stores anything.
//
// The subtree at depth d and index i holds the keys whose first d bits,
// read as a big-endian number, are i. In the compact tree a subtree with
// two or more keys is an internal node at that position; a subtree with one
// key is that key's leaf, which in the whole tree may sit higher (its
// siblings above can be empty); an empty subtree is the constant empty
// hash. Its hash is therefore a function of its keys alone, and so is the
// way it combines with its neighbours.

// MaxFrontierDepth is the deepest frontier BuildSubtree and FoldFrontier
// accept: 2^16 subtrees.
const MaxFrontierDepth = 16

// ErrBadSubtree: the entries given for a subtree are not sorted, or do not
// all lie under it, or a frontier has the wrong size.
var ErrBadSubtree = errors.New("smt: entries do not form the subtree")

// SubtreeKind says what a subtree holds.
type SubtreeKind uint8

// The kinds of a subtree.
const (
	SubtreeEmpty    SubtreeKind = 0 // no key
	SubtreeLeaf     SubtreeKind = 1 // one key: its leaf
	SubtreeInternal SubtreeKind = 2 // two keys or more: an internal node
)

// Subtree is what a frontier records of one subtree.
type Subtree struct {
	Kind SubtreeKind
	// Hash is EmptyRoot() for an empty subtree, the leaf hash for one key,
	// and the internal node's hash otherwise.
	Hash [HashSize]byte
	// Leaf is the only key and its value hash (SubtreeLeaf only). A leaf may
	// move up past the frontier, so FoldFrontier needs it to store it.
	Leaf Entry
}

// EmptySubtree is the Subtree of no key.
func EmptySubtree() Subtree { return Subtree{Kind: SubtreeEmpty, Hash: emptyHash} }

// LeafSubtree is the Subtree of one key.
func LeafSubtree(e Entry) Subtree {
	return Subtree{Kind: SubtreeLeaf, Hash: leafHash(&e.Key, &e.Value), Leaf: e}
}

// SubtreeIndex returns the index of the subtree at depth (0..32) that key
// lies in: its first depth bits.
func SubtreeIndex(key *[HashSize]byte, depth int) uint32 {
	if depth == 0 {
		return 0
	}
	v := uint32(key[0])<<24 | uint32(key[1])<<16 | uint32(key[2])<<8 | uint32(key[3])
	return v >> (32 - uint(depth))
}

// SubtreeStart returns the smallest key of the subtree at depth (0..32)
// and index: index in the first depth bits, zeros after. The subtree's
// keys are those from SubtreeStart(depth, index) up to, not including,
// SubtreeStart(depth, index+1) (for the last index, up to the end).
func SubtreeStart(depth int, index uint32) [HashSize]byte {
	var k [HashSize]byte
	if depth == 0 {
		return k
	}
	v := index << (32 - uint(depth))
	k[0], k[1], k[2], k[3] = byte(v>>24), byte(v>>16), byte(v>>8), byte(v)
	return k
}

// subtreePath returns the node position of the subtree at depth and index.
func subtreePath(depth int, index uint32) path {
	return path{bits: SubtreeStart(depth, index), depth: depth}
}

func checkFrontierDepth(depth int) error {
	if depth < 0 || depth > MaxFrontierDepth {
		return fmt.Errorf("%w: frontier depth %d, want 0..%d", ErrBadSubtree, depth, MaxFrontierDepth)
	}
	return nil
}

// BuildSubtree returns the Subtree at depth and index over entries, which
// must be sorted by key, distinct, and all lie under it. If s is not nil
// and the subtree has two keys or more, it also writes the subtree's nodes
// to s (the internal node at the subtree's position and everything below
// it), exactly as a Tree holding these keys stores them, whatever other
// keys the tree holds outside the subtree. A subtree of one key writes
// nothing: where its leaf goes depends on its neighbours (FoldFrontier).
func BuildSubtree(s Store, depth int, index uint32, entries []Entry) (Subtree, error) {
	if err := checkFrontierDepth(depth); err != nil {
		return Subtree{}, err
	}
	if depth < 32 && index>>uint(depth) != 0 {
		return Subtree{}, fmt.Errorf("%w: index %d at depth %d", ErrBadSubtree, index, depth)
	}
	p := subtreePath(depth, index)
	for i := range entries {
		if !p.hasPrefix(&entries[i].Key) {
			return Subtree{}, fmt.Errorf("%w: key %x is not under subtree %d at depth %d", ErrBadSubtree, entries[i].Key, index, depth)
		}
		if i > 0 {
			switch c := bytes.Compare(entries[i-1].Key[:], entries[i].Key[:]); {
			case c == 0:
				return Subtree{}, fmt.Errorf("%w: %x", ErrDuplicateKey, entries[i].Key)
			case c > 0:
				return Subtree{}, fmt.Errorf("%w: key %x after %x: not sorted", ErrBadSubtree, entries[i].Key, entries[i-1].Key)
			}
		}
	}
	switch len(entries) {
	case 0:
		return EmptySubtree(), nil
	case 1:
		return LeafSubtree(entries[0]), nil
	}
	u := updater{t: &Tree{}}
	n := u.build(p, entries)
	if s != nil {
		u.put(p, &n)
		for i := range u.writes {
			w := &u.writes[i]
			if err := s.Set(w.key[:], w.rec[:]); err != nil {
				return Subtree{}, fmt.Errorf("smt: writing node: %w", err)
			}
		}
	}
	return Subtree{Kind: SubtreeInternal, Hash: n.hash}, nil
}

// FoldFrontier returns the root of the tree whose subtrees at depth are
// subs (2^depth of them, in index order). If s is not nil it also writes
// what BuildSubtree left out: the nodes above depth and the leaf of every
// one-key subtree, where it sits in the tree. With BuildSubtree's writes
// for every subtree of two keys or more, s then holds the whole tree, as a
// Tree that reached the same keys by updates would have stored it.
//
// The root authenticates each subtree's hash, and its kind wherever the
// kind changes the shape (a leaf moves up past an empty sibling, an
// internal node does not); elsewhere a frontier could call a one-key
// subtree internal without changing the root. A receiver therefore
// compares both the kind and the hash of every subtree it rebuilds: no
// entries build an internal node whose hash is a leaf's (the two hash
// under different tags).
func FoldFrontier(s Store, depth int, subs []Subtree) ([HashSize]byte, error) {
	if err := checkFrontierDepth(depth); err != nil {
		return [HashSize]byte{}, err
	}
	if len(subs) != 1<<uint(depth) {
		return [HashSize]byte{}, fmt.Errorf("%w: %d subtrees at depth %d, want %d", ErrBadSubtree, len(subs), depth, 1<<uint(depth))
	}
	for i := range subs {
		if err := checkSubtree(depth, uint32(i), &subs[i]); err != nil {
			return [HashSize]byte{}, err
		}
	}
	f := folder{s: s, depth: depth, subs: subs}
	root, err := f.fold(path{}, 0)
	if err != nil {
		return [HashSize]byte{}, err
	}
	if s != nil && root.kind != kindEmpty && !(depth == 0 && root.kind == kindInternal) {
		if err := f.put(path{}, &root); err != nil {
			return [HashSize]byte{}, err
		}
	}
	return root.hash, nil
}

// checkSubtree checks that a frontier entry is well formed on its own.
func checkSubtree(depth int, index uint32, st *Subtree) error {
	switch st.Kind {
	case SubtreeEmpty:
		if st.Hash != emptyHash {
			return fmt.Errorf("%w: empty subtree %d with hash %x", ErrBadSubtree, index, st.Hash)
		}
	case SubtreeLeaf:
		if !subtreePath(depth, index).hasPrefix(&st.Leaf.Key) {
			return fmt.Errorf("%w: leaf %x is not under subtree %d", ErrBadSubtree, st.Leaf.Key, index)
		}
		if st.Hash != leafHash(&st.Leaf.Key, &st.Leaf.Value) {
			return fmt.Errorf("%w: leaf subtree %d: hash does not match its leaf", ErrBadSubtree, index)
		}
	case SubtreeInternal:
		if st.Hash == emptyHash {
			return fmt.Errorf("%w: internal subtree %d with the empty hash", ErrBadSubtree, index)
		}
	default:
		return fmt.Errorf("%w: subtree %d of kind %d", ErrBadSubtree, index, st.Kind)
	}
	return nil
}

type folder struct {
	s     Store
	depth int
	subs  []Subtree
}

func (f *folder) put(p path, n *node) error {
	k, rec := p.storeKey(), n.record()
	if err := f.s.Set(k[:], rec[:]); err != nil {
		return fmt.Errorf("smt: writing node: %w", err)
	}
	return nil
}

// fold returns the node at p, whose first subtree is subs[first]. The
// caller writes the node at p itself; fold writes its children.
func (f *folder) fold(p path, first int) (node, error) {
	if p.depth == f.depth {
		st := &f.subs[first]
		switch st.Kind {
		case SubtreeEmpty:
			return emptyNode, nil
		case SubtreeLeaf:
			return newLeaf(st.Leaf.Key, st.Leaf.Value), nil
		}
		// Only the hash is known: BuildSubtree stored the node.
		return node{kind: kindInternal, hash: st.Hash}, nil
	}
	half := 1 << uint(f.depth-p.depth-1)
	var kids [2]node
	for b := uint(0); b < 2; b++ {
		var err error
		if kids[b], err = f.fold(p.child(b), first+int(b)*half); err != nil {
			return node{}, err
		}
	}
	for b := uint(0); b < 2; b++ {
		if kids[b].kind == kindEmpty && kids[1-b].kind != kindInternal {
			return kids[1-b], nil // zero or one leaf below p: it moves up
		}
	}
	if f.s != nil {
		for b := uint(0); b < 2; b++ {
			cp := p.child(b)
			// An internal node at the frontier was stored by BuildSubtree.
			if kids[b].kind == kindEmpty || (kids[b].kind == kindInternal && cp.depth == f.depth) {
				continue
			}
			if err := f.put(cp, &kids[b]); err != nil {
				return node{}, err
			}
		}
	}
	return newInternal(kids[0].hash, kids[1].hash), nil
}
