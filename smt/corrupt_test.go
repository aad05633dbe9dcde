package smt

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"slices"
	"testing"
)

// storedKeys returns the MemStore's keys in order.
func storedKeys(s *MemStore) [][StoreKeySize]byte {
	keys := make([][StoreKeySize]byte, 0, len(s.m))
	for k := range s.m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [StoreKeySize]byte) int { return bytes.Compare(a[:], b[:]) })
	return keys
}

func TestCorruptStoreIsDetected(t *testing.T) {
	r := rand.New(rand.NewPCG(30, 31))
	m := randModel(r, 64, false)
	rootKey := path{}.storeKey()
	tests := []struct {
		name    string
		corrupt func(s *MemStore, key [StoreKeySize]byte)
	}{
		{"missing node", func(s *MemStore, key [StoreKeySize]byte) { delete(s.m, key) }},
		{"flipped bit", func(s *MemStore, key [StoreKeySize]byte) { rec := s.m[key]; rec[7] ^= 1; s.m[key] = rec }},
		{"bad tag", func(s *MemStore, key [StoreKeySize]byte) { rec := s.m[key]; rec[0] = 9; s.m[key] = rec }},
		{"leaf moved off its path", func(s *MemStore, key [StoreKeySize]byte) {
			rec := s.m[key]
			if rec[0] == recordLeaf {
				rec[1] ^= 0x80 // key's first bit no longer matches the path
			} else {
				rec[5] ^= 1
			}
			s.m[key] = rec
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, s := newTestTree(t)
			if err := tr.Update(entriesOf(r, m), nil); err != nil {
				t.Fatal(err)
			}
			// Corrupt every non-root record in turn; reading every key must
			// hit ErrCorruptStore for at least the keys below it.
			for _, key := range storedKeys(s) {
				if key == rootKey {
					continue
				}
				saved := s.m[key]
				tt.corrupt(s, key)
				hit := false
				for k := range m {
					if _, _, err := tr.Get(k); err != nil {
						if !errors.Is(err, ErrCorruptStore) {
							t.Fatalf("Get error %v, want ErrCorruptStore", err)
						}
						hit = true
					}
				}
				if !hit {
					t.Fatalf("corrupting %x went unnoticed", key)
				}
				s.m[key] = saved
			}
		})
	}
}

// rawStore is a Store that keeps any bytes, to plant malformed records.
type rawStore map[string][]byte

func (s rawStore) Get(k []byte) ([]byte, bool, error) { v, ok := s[string(k)]; return v, ok, nil }
func (s rawStore) Set(k, v []byte) error              { s[string(k)] = slices.Clone(v); return nil }
func (s rawStore) Delete(k []byte) error              { delete(s, string(k)); return nil }

func TestMalformedRecordsAreRejected(t *testing.T) {
	rk, lk := path{}.storeKey(), path{}.child(0).storeKey()
	rootKey, leftKey := string(rk[:]), string(lk[:])
	var l, r [HashSize]byte
	l[0], r[0] = 1, 2
	goodRoot := newInternal(l, r)
	goodRec := goodRoot.record()
	tests := []struct {
		name string
		recs map[string][]byte
		read bool // the bad record is below the root: found by a read
	}{
		{"short root", map[string][]byte{rootKey: {recordInternal, 1, 2}}, false},
		{"long root", map[string][]byte{rootKey: make([]byte, recordSize+1)}, false},
		{"unknown root tag", map[string][]byte{rootKey: append([]byte{7}, make([]byte, 64)...)}, false},
		{"short child", map[string][]byte{rootKey: goodRec[:], leftKey: {recordLeaf}}, true},
		{"missing child", map[string][]byte{rootKey: goodRec[:]}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := rawStore(tt.recs)
			tr, err := New(s)
			if !tt.read {
				if !errors.Is(err, ErrCorruptStore) {
					t.Fatalf("New: err = %v, want ErrCorruptStore", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			_, _, err = tr.Get([HashSize]byte{})
			if !errors.Is(err, ErrCorruptStore) {
				t.Fatalf("Get: err = %v, want ErrCorruptStore", err)
			}
			if err := tr.Update([]Entry{{}}, nil); !errors.Is(err, ErrCorruptStore) {
				t.Fatalf("Update: err = %v, want ErrCorruptStore", err)
			}
		})
	}
}

func TestMemStoreRejectsForeignSizes(t *testing.T) {
	s := NewMemStore()
	if err := s.Set([]byte("short"), make([]byte, recordSize)); err == nil {
		t.Fatal("accepted a short key")
	}
	if err := s.Set(make([]byte, StoreKeySize), []byte("short")); err == nil {
		t.Fatal("accepted a short record")
	}
	if _, ok, _ := s.Get([]byte("short")); ok || s.Len() != 0 {
		t.Fatal("foreign key stored")
	}
}

// failingStore fails reads after a countdown and counts writes.
type failingStore struct {
	*MemStore
	readsLeft int
	writes    int
}

var errInjected = errors.New("injected read failure")

func (s *failingStore) Get(k []byte) ([]byte, bool, error) {
	if s.readsLeft == 0 {
		return nil, false, errInjected
	}
	s.readsLeft--
	return s.MemStore.Get(k)
}
func (s *failingStore) Set(k, v []byte) error { s.writes++; return s.MemStore.Set(k, v) }
func (s *failingStore) Delete(k []byte) error { s.writes++; return s.MemStore.Delete(k) }

func TestFailedReadLeavesTreeUnchanged(t *testing.T) {
	r := rand.New(rand.NewPCG(32, 33))
	m := randModel(r, 200, true)
	tr, s := newTestTree(t)
	if err := tr.Update(entriesOf(r, m), nil); err != nil {
		t.Fatal(err)
	}
	root, n := tr.Root(), s.Len()
	sets, dels := randBatch(r, m, true)
	for len(sets)+len(dels) < 10 {
		sets, dels = randBatch(r, m, true)
	}
	named := map[[HashSize]byte]bool{}
	for _, e := range sets {
		named[e.Key] = true
	}
	for _, k := range dels {
		named[k] = true
	}
	for _, k := range m.sortedKeys()[:20] {
		if !named[k] {
			dels = append(dels, k)
		}
	}
	for reads := 0; ; reads++ {
		fs := &failingStore{MemStore: s, readsLeft: reads}
		tr.store = fs
		err := tr.Update(sets, dels)
		if err == nil {
			if reads == 0 {
				t.Fatal("an update needing reads succeeded with none")
			}
			break
		}
		if !errors.Is(err, errInjected) {
			t.Fatalf("err = %v, want the injected error", err)
		}
		if fs.writes != 0 || tr.Root() != root || s.Len() != n {
			t.Fatalf("a failed update after %d reads wrote %d records or moved the root", reads, fs.writes)
		}
	}
}
