package store

import (
	"fmt"

	"github.com/cockroachdb/pebble/v2"
)

// Batch is a set of writes committed atomically. Reads through a Batch see
// its pending writes first, then the database's committed state. After
// Commit or Close every method returns ErrClosed. A Batch is not safe for
// concurrent use.
type Batch struct {
	db   *DB
	b    *pebble.Batch
	done bool
}

// check returns ErrClosed once the batch or its DB is closed.
func (b *Batch) check() error {
	if b.done || b.db.closed.Load() {
		return fmt.Errorf("%w: batch already committed or discarded, or its database closed", ErrClosed)
	}
	return nil
}

// Get returns a copy of key's value as the batch sees it.
func (b *Batch) Get(key []byte) ([]byte, bool, error) {
	if err := b.check(); err != nil {
		return nil, false, err
	}
	return get(b.b, key)
}

// Iterate is DB.Iterate over the batch's view.
func (b *Batch) Iterate(prefix []byte, fn func(key, value []byte) error) error {
	if err := b.check(); err != nil {
		return err
	}
	lo, hi := prefixBounds(prefix)
	return iterate(b.b, lo, hi, fn)
}

// IterateRange is DB.IterateRange over the batch's view.
func (b *Batch) IterateRange(lower, upper []byte, fn func(key, value []byte) error) error {
	if err := b.check(); err != nil {
		return err
	}
	return iterate(b.b, lower, upper, fn)
}

// Set queues storing value under key. The batch copies both.
func (b *Batch) Set(key, value []byte) error {
	if err := b.check(); err != nil {
		return err
	}
	if err := b.b.Set(key, value, nil); err != nil {
		return fmt.Errorf("store: batch set %x: %w", key, err)
	}
	return nil
}

// Delete queues removing key; removing an absent key is not an error.
func (b *Batch) Delete(key []byte) error {
	if err := b.check(); err != nil {
		return err
	}
	if err := b.b.Delete(key, nil); err != nil {
		return fmt.Errorf("store: batch delete %x: %w", key, err)
	}
	return nil
}

// Count returns the number of writes queued.
func (b *Batch) Count() int {
	if b.done {
		return 0
	}
	return int(b.b.Count())
}

// Commit applies every queued write atomically and releases the batch. With
// sync the write is on stable storage when Commit returns; without it a
// machine crash (not a process crash) may lose the last commits, never part
// of one.
func (b *Batch) Commit(sync bool) error {
	if err := b.check(); err != nil {
		return err
	}
	opts := pebble.NoSync
	if sync {
		opts = pebble.Sync
	}
	err := b.b.Commit(opts)
	b.Close()
	if err != nil {
		return fmt.Errorf("store: commit to %s: %w", b.db.path, err)
	}
	return nil
}

// Close discards the batch's writes, if not committed, and releases it.
// It is safe to call more than once and after Commit.
func (b *Batch) Close() {
	if b.done {
		return
	}
	b.done = true
	_ = b.b.Close() // only fails for a batch in use by a commit, which cannot be
}
