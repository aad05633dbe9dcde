package smt

import "sync"

// DefaultCacheDepth is the cache depth NewCache uses for depth <= 0: the
// internal nodes of the top 16 levels, at most 65,535 nodes (about 7 MiB),
// whatever the size of the tree. Each further level doubles both the memory
// and the number of keys the tree can hold before reads from the Store grow.
const DefaultCacheDepth = 16

// Cache keeps the internal nodes of a tree's top levels in memory across
// updates, so an update or a proof reads from the Store only the nodes below
// them: at a million keys about 5 reads per key instead of 21.
//
// Entries are keyed by node hash, and a node's hash fixes its content, so an
// entry can never be stale: a Cache stays correct when an update's Store
// batch is discarded (the discarded nodes are merely unused), and trees over
// different batches or snapshots of the same state may share one. Misses
// only cost a Store read. A Cache is safe for concurrent use.
type Cache struct {
	mu    sync.Mutex
	depth int
	limit int
	m     map[[HashSize]byte][2][HashSize]byte // hash -> children
}

// NewCache returns a cache for the internal nodes above depth (nodes at
// depths 0..depth-1); depth <= 0 means DefaultCacheDepth, and depth is
// capped at 24.
func NewCache(depth int) *Cache {
	if depth <= 0 {
		depth = DefaultCacheDepth
	}
	depth = min(depth, 24)
	// A live tree has at most 2^depth - 1 nodes above depth; the rest is
	// room for nodes of discarded batches before the cache starts over.
	return &Cache{depth: depth, limit: 2 << depth, m: make(map[[HashSize]byte][2][HashSize]byte)}
}

// Len returns the number of cached nodes.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m)
}

// covers reports whether nodes at depth d are cached.
func (c *Cache) covers(d int) bool { return c != nil && d < c.depth }

// get returns the cached node with hash h.
func (c *Cache) get(h [HashSize]byte) (node, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	kids, ok := c.m[h]
	if !ok {
		return node{}, false
	}
	return node{kind: kindInternal, a: kids[0], b: kids[1], hash: h}, true
}

// add caches n, an internal node.
func (c *Cache) add(n *node) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.addLocked(n)
}

// addLocked caches n; the caller holds mu.
func (c *Cache) addLocked(n *node) {
	if len(c.m) >= c.limit {
		clear(c.m)
	}
	c.m[n.hash] = [2][HashSize]byte{n.a, n.b}
}

// replace drops the nodes an update replaced and adds the ones it made.
func (c *Cache) replace(gone [][HashSize]byte, made []node) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, h := range gone {
		delete(c.m, h)
	}
	for i := range made {
		c.addLocked(&made[i])
	}
}
