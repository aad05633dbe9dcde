package store

import (
	"errors"
	"fmt"
	"io"

	"github.com/cockroachdb/pebble/v2"
)

// ErrStop, returned by an iteration callback, ends the iteration early
// without an error.
var ErrStop = errors.New("store: stop iteration")

// Reader is what every readable view offers: DB, Batch, Snapshot, Prefixed.
type Reader interface {
	Get(key []byte) (value []byte, ok bool, err error)
	Iterate(prefix []byte, fn func(key, value []byte) error) error
	IterateRange(lower, upper []byte, fn func(key, value []byte) error) error
}

// Writer is what a Batch offers on top of reading.
type Writer interface {
	Set(key, value []byte) error
	Delete(key []byte) error
}

// ReadWriter reads and writes: a Batch, or a Prefixed view over one.
type ReadWriter interface {
	Reader
	Writer
}

var (
	_ Reader     = (*DB)(nil)
	_ Reader     = (*Snapshot)(nil)
	_ ReadWriter = (*Batch)(nil)
	_ ReadWriter = (*Prefixed)(nil)
)

// pebbleReader is the part of pebble's DB, indexed Batch and Snapshot that
// reading needs.
type pebbleReader interface {
	Get(key []byte) ([]byte, io.Closer, error)
	NewIter(o *pebble.IterOptions) (*pebble.Iterator, error)
}

// get reads a copy of key's value from r.
func get(r pebbleReader, key []byte) ([]byte, bool, error) {
	v, closer, err := r.Get(key)
	if errors.Is(err, pebble.ErrNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("store: get %x: %w", key, err)
	}
	out := append([]byte{}, v...)
	if err := closer.Close(); err != nil {
		return nil, false, fmt.Errorf("store: get %x: %w", key, err)
	}
	return out, true, nil
}

// iterate calls fn in key order for every key of r in [lower, upper).
func iterate(r pebbleReader, lower, upper []byte, fn func(key, value []byte) error) (err error) {
	if len(lower) == 0 {
		lower = nil // pebble's invariant checks index an empty, non-nil bound
	}
	it, err := r.NewIter(&pebble.IterOptions{LowerBound: lower, UpperBound: upper})
	if err != nil {
		return fmt.Errorf("store: iterate: %w", err)
	}
	defer func() {
		if cerr := it.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("store: iterate: %w", cerr)
		}
	}()
	for ok := it.First(); ok; ok = it.Next() {
		v, verr := it.ValueAndErr()
		if verr != nil {
			return fmt.Errorf("store: iterate at %x: %w", it.Key(), verr)
		}
		if ferr := fn(append([]byte{}, it.Key()...), append([]byte{}, v...)); ferr != nil {
			if errors.Is(ferr, ErrStop) {
				return nil
			}
			return ferr
		}
	}
	if ierr := it.Error(); ierr != nil {
		return fmt.Errorf("store: iterate: %w", ierr)
	}
	return nil
}

// prefixBounds returns the key range [lower, upper) of the keys that start
// with prefix; lower is nil for an empty prefix, upper is nil when no key
// bounds it (prefix empty or all 0xff).
func prefixBounds(prefix []byte) (lower, upper []byte) {
	if len(prefix) == 0 {
		return nil, nil
	}
	lower = append([]byte{}, prefix...)
	for i := len(prefix) - 1; i >= 0; i-- {
		if prefix[i] != 0xff {
			upper = append([]byte{}, prefix[:i+1]...)
			upper[i]++
			return lower, upper
		}
	}
	return lower, nil
}
