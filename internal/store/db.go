package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"

	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/vfs"
)

// DB is an open database.
type DB struct {
	path   string
	pdb    *pebble.DB
	lock   *pebble.Lock
	closed atomic.Bool
}

// Open opens the database in dir, creating the directory and an empty
// database if there is none. Errors are *OpenError values naming dir.
func Open(dir string, opts *Options) (*DB, error) {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	fail := func(kind, err error) (*DB, error) { return nil, &OpenError{Path: dir, Kind: kind, Err: err} }
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fail(nil, err)
	}
	existed, err := holdsDatabase(dir)
	if err != nil {
		return fail(nil, err)
	}
	// Take the directory lock ourselves so a lock conflict is told apart
	// from every other failure.
	lock, err := pebble.LockDirectory(dir, vfs.Default)
	if err != nil {
		var pathErr *fs.PathError
		if errors.As(err, &pathErr) {
			return fail(nil, err) // creating the LOCK file failed
		}
		return fail(ErrLocked, err)
	}
	po, cache := opts.pebbleOptions(lock)
	defer cache.Unref()
	pdb, err := pebble.Open(dir, po)
	if err != nil {
		_ = lock.Close()
		switch {
		case pebble.IsCorruptionError(err):
			return fail(ErrCorrupt, err)
		case existed && !errors.Is(err, fs.ErrPermission):
			return fail(ErrCorrupt, err)
		}
		return fail(nil, err)
	}
	return &DB{path: dir, pdb: pdb, lock: lock}, nil
}

// holdsDatabase reports whether dir already holds a pebble database.
func holdsDatabase(dir string) (bool, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false, err
	}
	for _, e := range entries {
		if n := e.Name(); strings.HasPrefix(n, "MANIFEST-") || strings.HasPrefix(n, "marker.manifest.") || n == "CURRENT" {
			return true, nil
		}
	}
	return false, nil
}

// Path returns the database directory (absolute).
func (db *DB) Path() string { return db.path }

// Close releases the database and its directory lock. Every committed batch
// survives (pebble replays its write-ahead log on the next Open); open
// snapshots must be closed first. Closing twice returns ErrClosed.
func (db *DB) Close() error {
	if db.closed.Swap(true) {
		return ErrClosed
	}
	err := db.pdb.Close()
	if lerr := db.lock.Close(); err == nil {
		err = lerr
	}
	if err != nil {
		return fmt.Errorf("store: closing %s: %w", db.path, err)
	}
	return nil
}

// Get returns a copy of the value stored under key; ok is false if there is
// none.
func (db *DB) Get(key []byte) (value []byte, ok bool, err error) {
	if db.closed.Load() {
		return nil, false, ErrClosed
	}
	return get(db.pdb, key)
}

// Iterate calls fn for every key with the given prefix, in ascending order,
// with copies of the key and value. It stops at fn's first error and returns
// it, unless the error is ErrStop, which stops the walk and returns nil.
func (db *DB) Iterate(prefix []byte, fn func(key, value []byte) error) error {
	if db.closed.Load() {
		return ErrClosed
	}
	lo, hi := prefixBounds(prefix)
	return iterate(db.pdb, lo, hi, fn)
}

// IterateRange is Iterate over the keys in [lower, upper); a nil upper means
// no upper bound.
func (db *DB) IterateRange(lower, upper []byte, fn func(key, value []byte) error) error {
	if db.closed.Load() {
		return ErrClosed
	}
	return iterate(db.pdb, lower, upper, fn)
}

// NewBatch returns an empty batch. Its reads see its own pending writes over
// the database's committed state.
func (db *DB) NewBatch() *Batch {
	if db.closed.Load() {
		return &Batch{done: true}
	}
	return &Batch{db: db, b: db.pdb.NewIndexedBatch()}
}

// Snapshot returns a consistent read-only view of the committed state; it
// must be closed.
func (db *DB) Snapshot() *Snapshot {
	if db.closed.Load() {
		return &Snapshot{}
	}
	return &Snapshot{s: db.pdb.NewSnapshot()}
}

// Compact rewrites the on-disk tables that hold keys in [lower, upper),
// after flushing the memtable if it overlaps, so that deleted values leave
// the disk rather than waiting for a compaction pebble schedules by size.
// Nodes use it for payloads dropped after the retention window (ADR 0020).
func (db *DB) Compact(lower, upper []byte) error {
	if db.closed.Load() {
		return ErrClosed
	}
	if err := db.pdb.Compact(context.Background(), lower, upper, false); err != nil {
		return fmt.Errorf("store: compacting %x..%x: %w", lower, upper, err)
	}
	return nil
}
