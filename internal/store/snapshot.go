package store

import (
	"fmt"

	"github.com/cockroachdb/pebble/v2"
)

// Snapshot is a consistent read-only view of the committed state at the time
// it was taken: commits made afterwards are invisible to it. Close it when
// done; it pins old data until then.
type Snapshot struct {
	s *pebble.Snapshot
}

// Get returns a copy of key's value in the snapshot.
func (s *Snapshot) Get(key []byte) ([]byte, bool, error) {
	if s.s == nil {
		return nil, false, ErrClosed
	}
	return get(s.s, key)
}

// Iterate is DB.Iterate over the snapshot.
func (s *Snapshot) Iterate(prefix []byte, fn func(key, value []byte) error) error {
	if s.s == nil {
		return ErrClosed
	}
	lo, hi := prefixBounds(prefix)
	return iterate(s.s, lo, hi, fn)
}

// IterateRange is DB.IterateRange over the snapshot.
func (s *Snapshot) IterateRange(lower, upper []byte, fn func(key, value []byte) error) error {
	if s.s == nil {
		return ErrClosed
	}
	return iterate(s.s, lower, upper, fn)
}

// Close releases the snapshot. It must be closed before its DB.
func (s *Snapshot) Close() error {
	if s.s == nil {
		return ErrClosed
	}
	err := s.s.Close()
	s.s = nil
	if err != nil {
		return fmt.Errorf("store: closing snapshot: %w", err)
	}
	return nil
}

// ensure pebble's snapshot satisfies the reading interface.
var _ pebbleReader = (*pebble.Snapshot)(nil)
