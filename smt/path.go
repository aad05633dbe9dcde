package smt

import (
	"encoding/binary"
	"math/bits"
)

// MaxDepth is the greatest depth of a node: a leaf whose key differs from
// another only in the last bit sits at depth 256. Internal nodes sit at
// depths 0..255.
const MaxDepth = 8 * HashSize

// StoreKeySize is the length of every key the tree writes to its Store: the
// node's path bits, zero-padded to 32 bytes, then its depth as a big-endian
// uint16. Keys so built sort in pre-order, so any subtree is one contiguous
// key range.
const StoreKeySize = HashSize + 2

// bit returns bit i (0 = most significant bit of byte 0) of key.
func bit(key *[HashSize]byte, i int) uint {
	return uint(key[i/8]>>(7-uint(i%8))) & 1
}

// path is a node's position: the first depth bits of any key below it.
type path struct {
	bits  [HashSize]byte // bits past depth are zero
	depth int
}

// child returns the path of the child on side b (0 left, 1 right).
func (p path) child(b uint) path {
	q := p
	if b == 1 {
		q.bits[p.depth/8] |= 0x80 >> uint(p.depth%8)
	}
	q.depth++
	return q
}

// storeKey returns the Store key of the node at p.
func (p path) storeKey() [StoreKeySize]byte {
	var k [StoreKeySize]byte
	copy(k[:], p.bits[:])
	binary.BigEndian.PutUint16(k[HashSize:], uint16(p.depth))
	return k
}

// hasPrefix reports whether key's first p.depth bits are p's bits.
func (p path) hasPrefix(key *[HashSize]byte) bool {
	return prefixLen(key, &p.bits) >= p.depth
}

// prefixLen returns the number of leading bits a and b share (256 if equal).
func prefixLen(a, b *[HashSize]byte) int {
	for i := 0; i < HashSize; i++ {
		if x := a[i] ^ b[i]; x != 0 {
			return 8*i + bits.LeadingZeros8(x)
		}
	}
	return MaxDepth
}
