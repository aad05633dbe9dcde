package smt

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
)

// mutation is one key's change in an Update: a new value hash, or deletion.
type mutation struct {
	key, value [HashSize]byte
	del        bool
}

// write is one pending Store change.
type write struct {
	key [StoreKeySize]byte
	rec [recordSize]byte
	del bool
}

// updater carries one Update's pending writes, and the cached-depth
// internal nodes it replaced and made, for the Cache.
type updater struct {
	t      *Tree
	writes []write
	gone   [][HashSize]byte
	made   []node
}

// Update sets every entry in sets and removes every key in deletes, in one
// pass. The order of both slices does not matter; a key may appear only once
// across both (ErrDuplicateKey). Deleting an absent key does nothing.
//
// Keys are sorted and the touched paths walked once, so each node on the
// union of the touched paths is read, rehashed and written once, whatever
// the batch size. All reads happen before the first write: an error from
// reading or checking leaves the Store and the root unchanged. An error from
// the Store's Set or Delete may leave some writes applied; the caller then
// discards the Store's batch.
func (t *Tree) Update(sets []Entry, deletes [][HashSize]byte) error {
	muts, err := sortMutations(sets, deletes)
	if err != nil || len(muts) == 0 {
		return err
	}
	u := updater{t: t}
	root, err := u.update(path{}, t.root, muts)
	if err != nil {
		return err
	}
	switch {
	case root.hash == t.root.hash:
	case root.kind == kindEmpty:
		u.del(path{})
	default:
		u.put(path{}, &root)
	}
	for i := range u.writes {
		w := &u.writes[i]
		if w.del {
			err = t.store.Delete(w.key[:])
		} else {
			err = t.store.Set(w.key[:], w.rec[:])
		}
		if err != nil {
			return fmt.Errorf("smt: writing node: %w", err)
		}
	}
	t.root = root
	if t.cache != nil {
		t.cache.replace(u.gone, u.made)
	}
	return nil
}

// sortMutations merges sets and deletes into one slice sorted by key and
// rejects a key named twice.
func sortMutations(sets []Entry, deletes [][HashSize]byte) ([]mutation, error) {
	muts := make([]mutation, 0, len(sets)+len(deletes))
	for _, e := range sets {
		muts = append(muts, mutation{key: e.Key, value: e.Value})
	}
	for _, k := range deletes {
		muts = append(muts, mutation{key: k, del: true})
	}
	slices.SortFunc(muts, func(x, y mutation) int { return bytes.Compare(x.key[:], y.key[:]) })
	for i := 1; i < len(muts); i++ {
		if muts[i].key == muts[i-1].key {
			return nil, fmt.Errorf("%w: %x", ErrDuplicateKey, muts[i].key)
		}
	}
	return muts, nil
}

// put queues writing n at p.
func (u *updater) put(p path, n *node) {
	u.writes = append(u.writes, write{key: p.storeKey(), rec: n.record()})
}

// del queues deleting the node at p.
func (u *updater) del(p path) { u.writes = append(u.writes, write{key: p.storeKey(), del: true}) }

// update applies muts (sorted, all under p) to cur, the node at p, and
// returns the new node for p. It queues writes for the nodes strictly below
// p; the caller decides what is stored at p itself, because a leaf result may
// yet move up.
func (u *updater) update(p path, cur node, muts []mutation) (node, error) {
	n, err := u.apply(p, cur, muts)
	if err == nil && cur.kind == kindInternal && n.hash != cur.hash && u.t.cache.covers(p.depth) {
		u.gone = append(u.gone, cur.hash)
	}
	return n, err
}

// internal returns the new internal node at p over two child hashes,
// noting it for the cache.
func (u *updater) internal(p path, left, right [HashSize]byte) node {
	n := newInternal(left, right)
	if u.t.cache.covers(p.depth) {
		u.made = append(u.made, n)
	}
	return n
}

// apply is update without the cache bookkeeping.
func (u *updater) apply(p path, cur node, muts []mutation) (node, error) {
	switch {
	case len(muts) == 0:
		return cur, nil
	case cur.kind == kindEmpty:
		return u.build(p, applyToLeaf(nil, muts)), nil
	case cur.kind == kindLeaf:
		return u.build(p, applyToLeaf(&cur, muts)), nil
	}
	split := splitAt(len(muts), func(i int) *[HashSize]byte { return &muts[i].key }, p.depth)
	sides := [2][]mutation{muts[:split], muts[split:]}
	var olds, news [2]node
	for b := uint(0); b < 2; b++ {
		h := cur.child(b)
		if len(sides[b]) == 0 {
			// Untouched: only its hash is known until a collapse needs more.
			olds[b] = node{kind: kindInternal, hash: h}
			if h == emptyHash {
				olds[b] = emptyNode
			}
			news[b] = olds[b]
			continue
		}
		cp := p.child(b)
		old, err := u.t.load(cp, h)
		if err != nil {
			return node{}, err
		}
		n, err := u.update(cp, old, sides[b])
		if err != nil {
			return node{}, err
		}
		olds[b], news[b] = old, n
	}
	return u.join(p, sides, olds, news)
}

// join builds the node at p from its two new children and queues the writes
// for the children's own paths. olds are the children before the update;
// a side with no mutations has only its hash known (kind internal or empty).
func (u *updater) join(p path, sides [2][]mutation, olds, news [2]node) (node, error) {
	for b := uint(0); b < 2; b++ {
		if news[b].kind != kindEmpty {
			continue
		}
		other := news[1-b]
		if len(sides[1-b]) == 0 && other.kind != kindEmpty {
			// An untouched sibling of a vanished side: read it to learn
			// whether it is a leaf that must move up.
			var err error
			if other, err = u.t.load(p.child(1-b), other.hash); err != nil {
				return node{}, err
			}
			olds[1-b] = other
		}
		if other.kind == kindInternal {
			break
		}
		// Zero or one leaf left below p: it becomes p's node and every old
		// child record goes.
		for c := uint(0); c < 2; c++ {
			if olds[c].kind != kindEmpty {
				u.del(p.child(c))
			}
		}
		return other, nil
	}
	for b := uint(0); b < 2; b++ {
		switch {
		case len(sides[b]) == 0 || news[b].hash == olds[b].hash:
		case news[b].kind == kindEmpty:
			u.del(p.child(b))
		default:
			u.put(p.child(b), &news[b])
		}
	}
	return u.internal(p, news[0].hash, news[1].hash), nil
}

// build returns the node for p over leaves (sorted, distinct, all under p)
// and queues writes for everything below p. Nothing was stored below p
// before: p held a leaf or nothing.
func (u *updater) build(p path, leaves []Entry) node {
	switch len(leaves) {
	case 0:
		return emptyNode
	case 1:
		return newLeaf(leaves[0].Key, leaves[0].Value)
	}
	split := splitAt(len(leaves), func(i int) *[HashSize]byte { return &leaves[i].Key }, p.depth)
	var kids [2]node
	for b, part := range [2][]Entry{leaves[:split], leaves[split:]} {
		cp := p.child(uint(b))
		kids[b] = u.build(cp, part)
		if kids[b].kind != kindEmpty {
			u.put(cp, &kids[b])
		}
	}
	return u.internal(p, kids[0].hash, kids[1].hash)
}

// applyToLeaf returns the leaves left under a node that held the leaf cur
// (or nothing, if cur is nil) after muts: cur unless a mutation names its
// key, plus every set. The result is sorted by key.
func applyToLeaf(cur *node, muts []mutation) []Entry {
	out := make([]Entry, 0, len(muts)+1)
	keep := cur != nil
	for _, m := range muts {
		if keep && bytes.Compare(cur.a[:], m.key[:]) <= 0 {
			if cur.a != m.key {
				out = append(out, Entry{Key: cur.a, Value: cur.b})
			}
			keep = false
		}
		if !m.del {
			out = append(out, Entry{Key: m.key, Value: m.value})
		}
	}
	if keep {
		out = append(out, Entry{Key: cur.a, Value: cur.b})
	}
	return out
}

// splitAt returns the index of the first of n sorted keys whose bit at depth
// is 1. All keys share their first depth bits, so those bits are 0 then 1.
func splitAt(n int, key func(int) *[HashSize]byte, depth int) int {
	return sort.Search(n, func(i int) bool { return bit(key(i), depth) == 1 })
}
