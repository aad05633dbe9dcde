// Package smt implements a 256-bit sparse Merkle tree in compact form: the
// authenticated structure whose root is the Stegos app hash, and the pure
// proof verifier that light clients and state sync use against that root.
//
// # The tree
//
// Keys are 32-byte hashes (output ids, or hashes of other state keys) and
// values are 32-byte hashes of the records the caller keeps elsewhere. A key's
// bits, most significant first, spell its path from the root. A leaf sits at
// the shortest path prefix that no other key shares; an empty subtree has a
// fixed hash; an internal node exists only where it has at least two leaves
// below it. The root therefore depends only on the set of (key, value) pairs,
// never on the order in which they were inserted or deleted.
//
// Hashes are SHA-256 over a domain tag followed by fixed-size fields
// (see docs/adr/0010-authenticated-state.md for the byte layouts):
//
//	empty    = SHA-256("stegos/v1/smt/empty")
//	leaf     = SHA-256("stegos/v1/smt/leaf" ‖ key ‖ valueHash)
//	internal = SHA-256("stegos/v1/smt/node" ‖ leftHash ‖ rightHash)
//
// # Storage
//
// A [Tree] keeps one version, the latest, in a [Store]: a small Get/Set/Delete
// interface over byte keys, satisfied by [MemStore] in tests and by the
// node's pebble database. Nodes are stored by path, so a spent output's leaf
// and the internal nodes it alone justified leave the store in the same
// update that removes the key. [Tree.Update] applies a batch of sets and
// deletes in one deterministic pass over the sorted keys, recomputing each
// touched node once. A [Cache] keeps the top levels in memory across blocks;
// it is keyed by node hash, so it is never stale.
//
// # Proofs
//
// [Tree.Prove] returns a [Proof] that a key is present with a given value
// hash, or that it is absent. [VerifyProof] and [VerifyNonMembership] check
// such a proof against a root with no storage at all; [DecodeProof] and
// [Proof.Encode] are the canonical byte encoding.
//
// Nothing in this package reads a clock, starts a goroutine or iterates a map
// in an order that reaches a result. A Tree is not safe for concurrent use.
package smt
