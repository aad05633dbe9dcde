package smt

import "crypto/sha256"

// HashSize is the size in bytes of keys, value hashes and node hashes.
const HashSize = 32

// Domain tags. The leaf and internal tags have the same length, so every leaf
// and internal hash input is exactly len(tag)+64 = 82 bytes, which SHA-256
// digests in two compression blocks: the tags cost nothing over a one-byte
// prefix.
const (
	emptyTag = "stegos/v1/smt/empty"
	leafTag  = "stegos/v1/smt/leaf"
	nodeTag  = "stegos/v1/smt/node"
)

// emptyHash is the hash of an empty subtree and the root of an empty tree.
var emptyHash = sha256.Sum256([]byte(emptyTag))

// EmptyRoot returns the root of an empty tree, SHA-256("stegos/v1/smt/empty")
// = ea820cdc54ed729cfbbbbbef76e109afeddeacdfea308983c8b41edba8fa5d6a (pinned by
// a test).
func EmptyRoot() [HashSize]byte { return emptyHash }

// leafHash returns SHA-256(leafTag ‖ key ‖ value).
func leafHash(key, value *[HashSize]byte) [HashSize]byte {
	var buf [len(leafTag) + 2*HashSize]byte
	copy(buf[:], leafTag)
	copy(buf[len(leafTag):], key[:])
	copy(buf[len(leafTag)+HashSize:], value[:])
	return sha256.Sum256(buf[:])
}

// nodeHash returns SHA-256(nodeTag ‖ left ‖ right).
func nodeHash(left, right *[HashSize]byte) [HashSize]byte {
	var buf [len(nodeTag) + 2*HashSize]byte
	copy(buf[:], nodeTag)
	copy(buf[len(nodeTag):], left[:])
	copy(buf[len(nodeTag)+HashSize:], right[:])
	return sha256.Sum256(buf[:])
}
