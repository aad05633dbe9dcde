package smt

import "fmt"

// Entry is a key and the hash of the value stored under it.
type Entry struct {
	Key   [HashSize]byte
	Value [HashSize]byte
}

// Tree is a sparse Merkle tree over a Store. It caches its root node; the
// Store holds everything else. A Tree is not safe for concurrent use, and
// nothing else may write the Store's tree keys while the Tree is in use.
type Tree struct {
	store Store
	cache *Cache
	root  node
}

// New returns the tree held in s (an empty tree if s holds none).
func New(s Store) (*Tree, error) { return NewCached(s, nil) }

// NewCached is New with a node cache (nil for none). A node keeps one Cache
// for its whole life and opens a Tree with it over each block's batch.
func NewCached(s Store, c *Cache) (*Tree, error) {
	t := &Tree{store: s, cache: c, root: emptyNode}
	rootKey := path{}.storeKey()
	rec, ok, err := s.Get(rootKey[:])
	if err != nil {
		return nil, fmt.Errorf("smt: reading the root: %w", err)
	}
	if !ok {
		return t, nil
	}
	// The root has no parent to vouch for its hash: it is its own record's.
	if t.root, err = decodeRecord(path{}, rec); err != nil {
		return nil, err
	}
	return t, nil
}

// Root returns the root hash: EmptyRoot() for an empty tree.
func (t *Tree) Root() [HashSize]byte { return t.root.hash }

// Get returns the value hash stored under key; ok is false if key is absent.
func (t *Tree) Get(key [HashSize]byte) (value [HashSize]byte, ok bool, err error) {
	n, err := t.walk(&key, nil)
	if err != nil {
		return value, false, err
	}
	if n.kind == kindLeaf && n.a == key {
		return n.b, true, nil
	}
	return value, false, nil
}

// walk follows key's path from the root to the first leaf or empty subtree
// and returns it. If sibs is not nil, the hash of every sibling on the way
// down is appended to it, root first.
func (t *Tree) walk(key *[HashSize]byte, sibs *[][HashSize]byte) (node, error) {
	n, p := t.root, path{}
	for n.kind == kindInternal {
		b := bit(key, p.depth)
		if sibs != nil {
			*sibs = append(*sibs, n.child(1-b))
		}
		next := p.child(b)
		c, err := t.load(next, n.child(b))
		if err != nil {
			return node{}, err
		}
		n, p = c, next
	}
	return n, nil
}

// load reads the node at p whose hash is h, from the cache if it is there.
func (t *Tree) load(p path, h [HashSize]byte) (node, error) {
	if h == emptyHash {
		return emptyNode, nil
	}
	cached := t.cache.covers(p.depth)
	if cached {
		if n, ok := t.cache.get(h); ok {
			return n, nil
		}
	}
	n, err := t.read(p, h)
	if err == nil && cached && n.kind == kindInternal {
		t.cache.add(&n)
	}
	return n, err
}

// read reads the node at p whose hash is h from the Store.
func (t *Tree) read(p path, h [HashSize]byte) (node, error) {
	key := p.storeKey()
	rec, ok, err := t.store.Get(key[:])
	if err != nil {
		return node{}, fmt.Errorf("smt: reading node at depth %d: %w", p.depth, err)
	}
	if !ok {
		return node{}, corruptf(p, "node missing")
	}
	return decodeNode(p, rec, h)
}
