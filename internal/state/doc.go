// Package state is the ledger's persistent state: the UTXO set in pebble,
// authenticated by a sparse Merkle tree, and the supply accounts that let
// anyone check that no coin was created or destroyed outside the rules.
//
// Changes of one block are staged in a Block (a pebble batch plus the tree
// over it) and reach the disk atomically in Block.Commit, together with the
// new height and app hash, so a crash leaves either the old or the new state.
//
// The app hash is SHA-256 over the tree root and the encoded Meta (height,
// supply, burned fees, the published-gamma sum and the running sum of UTXO
// commitments); see docs/spec/state.md.
package state
