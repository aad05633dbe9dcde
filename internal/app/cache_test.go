package app

import "testing"

// A key dropped and put again keeps its fresh entry: the stale slot of the
// first put does not evict it (before: it did, and the fresh verdict was
// verified again).
func TestCacheKeepsFreshEntryAfterDrop(t *testing.T) {
	c := newCache(3)
	k := func(b byte) txKey { return txKey{b} }
	c.put(k(1), &verdict{})
	c.drop(k(1))
	fresh := &verdict{rangeOK: true}
	c.put(k(1), fresh)
	c.put(k(2), &verdict{})
	c.put(k(3), &verdict{})
	if v, ok := c.get(k(1)); !ok || v != fresh {
		t.Fatal("the fresh entry was evicted by its key's stale slot")
	}
	// The cache stays bounded, oldest live entry first out.
	c.put(k(4), &verdict{})
	if _, ok := c.get(k(1)); ok {
		t.Fatal("the oldest entry survived a full cache")
	}
	for _, b := range []byte{2, 3, 4} {
		if _, ok := c.get(k(b)); !ok {
			t.Fatalf("entry %d evicted out of order", b)
		}
	}
	// Many drops do not grow the order list without bound.
	for i := range 1000 {
		c.put(txKey{5, byte(i), byte(i >> 8)}, &verdict{})
		c.drop(txKey{5, byte(i), byte(i >> 8)})
	}
	if len(c.order) > 2*c.max+1 {
		t.Fatalf("order list of %d slots for a cache of %d", len(c.order), c.max)
	}
}
