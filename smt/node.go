package smt

import "fmt"

// kind says what a node is.
type kind uint8

const (
	kindEmpty kind = iota
	kindLeaf
	kindInternal
)

// Record tags: the first byte of a stored node.
const (
	recordInternal byte = 1
	recordLeaf     byte = 2
)

// recordSize is the length of every stored node: a tag and two hashes.
const recordSize = 1 + 2*HashSize

// node is a tree node in memory. A leaf holds its key in a and its value hash
// in b; an internal node holds its left and right child hashes in a and b.
type node struct {
	kind kind
	a, b [HashSize]byte
	hash [HashSize]byte
}

// emptyNode is the empty subtree.
var emptyNode = node{kind: kindEmpty, hash: emptyHash}

// newLeaf returns the leaf for key and value.
func newLeaf(key, value [HashSize]byte) node {
	return node{kind: kindLeaf, a: key, b: value, hash: leafHash(&key, &value)}
}

// newInternal returns the internal node over two child hashes.
func newInternal(left, right [HashSize]byte) node {
	return node{kind: kindInternal, a: left, b: right, hash: nodeHash(&left, &right)}
}

// child returns the hash of the child on side b of an internal node.
func (n *node) child(b uint) [HashSize]byte {
	if b == 0 {
		return n.a
	}
	return n.b
}

// record returns the stored form of a leaf or internal node.
func (n *node) record() [recordSize]byte {
	var rec [recordSize]byte
	switch n.kind {
	case kindLeaf:
		rec[0] = recordLeaf
	case kindInternal:
		rec[0] = recordInternal
	default:
		panic("smt: record of an empty node") // callers delete instead
	}
	copy(rec[1:], n.a[:])
	copy(rec[1+HashSize:], n.b[:])
	return rec
}

// decodeNode parses the record stored at p, whose hash the parent says is
// want, and checks that it hashes to want.
func decodeNode(p path, rec []byte, want [HashSize]byte) (node, error) {
	n, err := decodeRecord(p, rec)
	if err != nil {
		return node{}, err
	}
	if n.hash != want {
		return node{}, corruptf(p, "node hash %x, parent expects %x", n.hash, want)
	}
	return n, nil
}

// decodeRecord parses the record stored at p. It checks everything a record
// can get wrong on its own: length, tag, a leaf's key lying under p, and an
// internal node above the deepest level.
func decodeRecord(p path, rec []byte) (node, error) {
	if len(rec) != recordSize {
		return node{}, corruptf(p, "record is %d bytes, want %d", len(rec), recordSize)
	}
	var a, b [HashSize]byte
	copy(a[:], rec[1:1+HashSize])
	copy(b[:], rec[1+HashSize:])
	switch rec[0] {
	case recordLeaf:
		if !p.hasPrefix(&a) {
			return node{}, corruptf(p, "leaf key %x does not lie under the path", a)
		}
		return newLeaf(a, b), nil
	case recordInternal:
		if p.depth >= MaxDepth {
			return node{}, corruptf(p, "internal node at depth %d", p.depth)
		}
		return newInternal(a, b), nil
	}
	return node{}, corruptf(p, "unknown record tag %#x", rec[0])
}

// corruptf returns an ErrCorruptStore error naming the node's path.
func corruptf(p path, format string, args ...any) error {
	return fmt.Errorf("%w: node at depth %d, path %x: %s",
		ErrCorruptStore, p.depth, p.bits[:(p.depth+7)/8], fmt.Sprintf(format, args...))
}
