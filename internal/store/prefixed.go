package store

import (
	"bytes"
	"fmt"

	"github.com/stegos-go/stegos/smt"
)

// Prefixed is a view of a Reader confined to the keys that start with a
// prefix: every key passed in gets the prefix prepended, every key handed
// back has it removed. Over a Batch it also writes, and satisfies smt.Store,
// reading through the batch's pending writes; over a DB or a Snapshot,
// Set and Delete return ErrReadOnly.
type Prefixed struct {
	r      Reader
	prefix []byte
}

var _ smt.Store = (*Prefixed)(nil)

// NewPrefixed returns the view of r under prefix (copied).
func NewPrefixed(r Reader, prefix []byte) *Prefixed {
	return &Prefixed{r: r, prefix: append([]byte{}, prefix...)}
}

// key returns the full key for k.
func (p *Prefixed) key(k []byte) []byte {
	full := make([]byte, 0, len(p.prefix)+len(k))
	return append(append(full, p.prefix...), k...)
}

// Get returns a copy of the value under prefix‖key.
func (p *Prefixed) Get(key []byte) ([]byte, bool, error) { return p.r.Get(p.key(key)) }

// Set stores value under prefix‖key.
func (p *Prefixed) Set(key, value []byte) error {
	w, ok := p.r.(Writer)
	if !ok {
		return fmt.Errorf("%w: set under prefix %x", ErrReadOnly, p.prefix)
	}
	return w.Set(p.key(key), value)
}

// Delete removes prefix‖key.
func (p *Prefixed) Delete(key []byte) error {
	w, ok := p.r.(Writer)
	if !ok {
		return fmt.Errorf("%w: delete under prefix %x", ErrReadOnly, p.prefix)
	}
	return w.Delete(p.key(key))
}

// Iterate calls fn in key order for the view's keys that start with prefix,
// with the view's prefix removed from each key.
func (p *Prefixed) Iterate(prefix []byte, fn func(key, value []byte) error) error {
	return p.r.Iterate(p.key(prefix), p.strip(fn))
}

// IterateRange calls fn in key order for the view's keys in [lower, upper),
// with the view's prefix removed; a nil upper means the end of the view.
func (p *Prefixed) IterateRange(lower, upper []byte, fn func(key, value []byte) error) error {
	var hi []byte
	if upper != nil {
		hi = p.key(upper)
	} else {
		_, hi = prefixBounds(p.prefix)
	}
	return p.r.IterateRange(p.key(lower), hi, p.strip(fn))
}

// strip wraps fn to remove the view's prefix from each key.
func (p *Prefixed) strip(fn func(key, value []byte) error) func(key, value []byte) error {
	return func(key, value []byte) error {
		if !bytes.HasPrefix(key, p.prefix) {
			return fmt.Errorf("store: key %x outside prefix %x", key, p.prefix)
		}
		return fn(key[len(p.prefix):], value)
	}
}
