// Package store is the node's embedded key-value database: a thin wrapper over
// pebble (github.com/cockroachdb/pebble/v2) that gives the application what a
// deterministic state machine needs and nothing more.
//
//   - [Open] opens or creates a database in a directory, with options tuned for
//     point lookups (bloom filters) and block-sized write bursts. Failures name
//     the directory and carry a kind: [ErrLocked] when another process (or
//     another handle in this one) holds it, [ErrCorrupt] when its files cannot
//     be read back.
//   - [Batch] collects writes and commits them atomically, optionally synced to
//     disk; its reads see its own pending writes first. The application applies
//     a block to one Batch and commits it in ABCI Commit.
//   - Iteration is always in ascending key order over a prefix or a range, so
//     nothing that reaches consensus depends on a map's iteration order.
//   - [Snapshot] is a consistent read-only view, for queries and proofs served
//     while blocks commit.
//   - [Prefixed] confines a reader or batch to a key prefix and satisfies
//     smt.Store, so the authenticated state tree keeps its nodes in the same
//     database, and the same batch, as the records it commits to.
//
// Values returned by Get and passed to iteration callbacks are copies the
// caller may keep. A DB is safe for concurrent use, except that Close must not
// race with other calls; a Batch, a Snapshot and a Prefixed are not.
package store
