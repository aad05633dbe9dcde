package smt

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"math/rand/v2"
	"slices"
)

// This file holds a from-scratch model of the tree, written independently of
// the incremental code: a plain map of entries, a recursive root over the
// sorted set, and the exact set of records a store must hold for that set.

// model is the reference: a map from key to value hash.
type model map[[HashSize]byte][HashSize]byte

// sortedKeys returns the model's keys in ascending order.
func (m model) sortedKeys() [][HashSize]byte {
	keys := make([][HashSize]byte, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [HashSize]byte) int { return bytes.Compare(a[:], b[:]) })
	return keys
}

// refBit returns bit i of k, most significant first.
func refBit(k [HashSize]byte, i int) int { return int(k[i/8]>>(7-i%8)) & 1 }

// refHash hashes tag ‖ a ‖ b with no shared helpers.
func refHash(tag string, a, b [HashSize]byte) [HashSize]byte {
	h := sha256.New()
	h.Write([]byte(tag))
	h.Write(a[:])
	h.Write(b[:])
	var out [HashSize]byte
	h.Sum(out[:0])
	return out
}

// refRoot returns the root of the compact tree over m.
func (m model) refRoot() [HashSize]byte {
	h, _ := m.refSubtree(m.sortedKeys(), 0, [HashSize]byte{}, nil)
	return h
}

// refRecords returns every (store key, record) the tree over m must store.
func (m model) refRecords() map[string][]byte {
	recs := map[string][]byte{}
	m.refSubtree(m.sortedKeys(), 0, [HashSize]byte{}, recs)
	return recs
}

// refSubtree returns the hash of the subtree at prefix (its first depth bits
// are the path, the rest zero) over keys, and whether it is a leaf; it records the node
// itself into recs when recs is not nil.
func (m model) refSubtree(keys [][HashSize]byte, depth int, prefix [HashSize]byte, recs map[string][]byte) ([HashSize]byte, bool) {
	if len(keys) == 0 {
		return sha256.Sum256([]byte("stegos/v1/smt/empty")), false
	}
	var h [HashSize]byte
	var rec []byte
	isLeaf := len(keys) == 1
	if isLeaf {
		k := keys[0]
		v := m[k]
		h = refHash("stegos/v1/smt/leaf", k, v)
		rec = append(append([]byte{2}, k[:]...), v[:]...)
	} else {
		var left, right [][HashSize]byte
		for _, k := range keys {
			if refBit(k, depth) == 0 {
				left = append(left, k)
			} else {
				right = append(right, k)
			}
		}
		rightPrefix := prefix
		rightPrefix[depth/8] |= 1 << (7 - depth%8)
		lh, _ := m.refSubtree(left, depth+1, prefix, recs)
		rh, _ := m.refSubtree(right, depth+1, rightPrefix, recs)
		h = refHash("stegos/v1/smt/node", lh, rh)
		rec = append(append([]byte{1}, lh[:]...), rh[:]...)
	}
	if recs != nil {
		var key [HashSize + 2]byte
		copy(key[:], prefix[:])
		binary.BigEndian.PutUint16(key[HashSize:], uint16(depth))
		recs[string(key[:])] = rec
	}
	return h, isLeaf
}

// randKey returns a random key. With clustered set, keys share long
// prefixes, so deep paths, chains of one-sided nodes and collapses happen.
func randKey(r *rand.Rand, clustered bool) [HashSize]byte {
	var k [HashSize]byte
	for i := range k {
		k[i] = byte(r.Uint32())
	}
	if clustered {
		// Share the first 8..255 bits with a fixed pattern.
		n := 8 + r.IntN(248)
		var base [HashSize]byte
		base[0], base[31] = 0xa5, 0x5a
		for i := 0; i < n; i++ {
			mask := byte(0x80 >> (i % 8))
			k[i/8] = k[i/8]&^mask | base[i/8]&mask
		}
	}
	return k
}

// randValue returns a random value hash.
func randValue(r *rand.Rand) [HashSize]byte { return randKey(r, false) }
