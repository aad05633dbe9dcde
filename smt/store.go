package smt

import "fmt"

// Store is the key-value storage a Tree keeps its nodes in. Keys are
// StoreKeySize bytes (see [StoreKeySize]); values are short node records.
//
// The tree reads through Get everything it wrote earlier in the same Store,
// so a Store over an uncommitted database batch must read through the
// batch's pending writes. Get may return a slice the Store keeps; the tree
// copies what it needs and never modifies it. Set must copy key and value if
// it keeps them.
type Store interface {
	// Get returns the value stored under key; ok is false if there is none.
	Get(key []byte) (value []byte, ok bool, err error)
	// Set stores value under key, replacing any previous value.
	Set(key, value []byte) error
	// Delete removes key; deleting an absent key is not an error.
	Delete(key []byte) error
}

// MemStore is a Store in memory, for tests, tools and short-lived trees. It
// holds exactly what a Tree writes, fixed-size keys and node records, in a
// map with no pointers, so a tree of millions of nodes costs the garbage
// collector nothing to scan. The zero value is not usable; call NewMemStore.
type MemStore struct {
	m map[[StoreKeySize]byte][recordSize]byte
}

var _ Store = (*MemStore)(nil)

// NewMemStore returns an empty MemStore.
func NewMemStore() *MemStore {
	return &MemStore{m: make(map[[StoreKeySize]byte][recordSize]byte)}
}

// Get implements Store. Keys of any other length than StoreKeySize are
// simply absent.
func (s *MemStore) Get(key []byte) ([]byte, bool, error) {
	if len(key) != StoreKeySize {
		return nil, false, nil
	}
	v, ok := s.m[[StoreKeySize]byte(key)]
	if !ok {
		return nil, false, nil
	}
	return v[:], true, nil
}

// Set implements Store. It accepts only StoreKeySize-byte keys and node
// records (65 bytes), and returns an error for anything else.
func (s *MemStore) Set(key, value []byte) error {
	if len(key) != StoreKeySize || len(value) != recordSize {
		return fmt.Errorf("smt: MemStore holds %d-byte keys and %d-byte records, not %d and %d",
			StoreKeySize, recordSize, len(key), len(value))
	}
	s.m[[StoreKeySize]byte(key)] = [recordSize]byte(value)
	return nil
}

// Delete implements Store.
func (s *MemStore) Delete(key []byte) error {
	if len(key) == StoreKeySize {
		delete(s.m, [StoreKeySize]byte(key))
	}
	return nil
}

// Len returns the number of stored records.
func (s *MemStore) Len() int { return len(s.m) }
