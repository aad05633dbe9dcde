package app

import (
	"crypto/sha256"

	"github.com/stegos-go/stegos/ledger"
)

// txKey identifies raw transaction bytes.
type txKey [32]byte

func keyOf(tx []byte) txKey { return sha256.Sum256(tx) }

// verdict is what a node learned about a transaction's bytes. The stateless
// checks, the range proof and — once the inputs were seen — the balance and
// signature depend only on the bytes (an input id commits to the output's
// content), so they are never repeated.
type verdict struct {
	checked *ledger.Checked
	// err is a permanent rejection (malformed, bad proof, bad signature).
	err error
	// rangeOK is set once the range proof verified.
	rangeOK bool
	// inputsOK is set once CheckInputs passed.
	inputsOK bool
}

// cache is a bounded FIFO map of verdicts. Each entry remembers its place
// in the order list, so a dropped key's old slot never evicts the entry put
// under that key later.
type cache struct {
	max   int
	m     map[txKey]cacheEntry
	order []cacheSlot
	seq   uint64
}

type cacheEntry struct {
	v   *verdict
	seq uint64
}

type cacheSlot struct {
	k   txKey
	seq uint64
}

func newCache(max int) *cache { return &cache{max: max, m: make(map[txKey]cacheEntry, max)} }

func (c *cache) get(k txKey) (*verdict, bool) {
	e, ok := c.m[k]
	return e.v, ok
}

func (c *cache) put(k txKey, v *verdict) {
	if e, ok := c.m[k]; ok {
		c.m[k] = cacheEntry{v: v, seq: e.seq}
		return
	}
	for len(c.m) >= c.max && len(c.order) > 0 {
		c.evictOldest()
	}
	c.seq++
	c.m[k] = cacheEntry{v: v, seq: c.seq}
	c.order = append(c.order, cacheSlot{k, c.seq})
	if len(c.order) > 2*c.max {
		c.compact()
	}
}

// evictOldest removes the oldest slot and its entry if the slot is the
// entry's own.
func (c *cache) evictOldest() {
	s := c.order[0]
	c.order = c.order[1:]
	if e, ok := c.m[s.k]; ok && e.seq == s.seq {
		delete(c.m, s.k)
	}
}

// compact drops the slots of dropped entries, so the order list stays
// within twice the cache's size however many entries Commit drops.
func (c *cache) compact() {
	live := make([]cacheSlot, 0, len(c.m))
	for _, s := range c.order {
		if e, ok := c.m[s.k]; ok && e.seq == s.seq {
			live = append(live, s)
		}
	}
	c.order = live
}

func (c *cache) drop(k txKey) { delete(c.m, k) }
