package smt

import (
	"bytes"
	"encoding/hex"
	"errors"
	"math/rand/v2"
	"testing"
)

// newTestTree returns an empty tree over a fresh MemStore.
func newTestTree(t testing.TB) (*Tree, *MemStore) {
	t.Helper()
	s := NewMemStore()
	tr, err := New(s)
	if err != nil {
		t.Fatal(err)
	}
	return tr, s
}

// entriesOf returns m's entries in random order.
func entriesOf(r *rand.Rand, m model) []Entry {
	es := make([]Entry, 0, len(m))
	for _, k := range m.sortedKeys() {
		es = append(es, Entry{Key: k, Value: m[k]})
	}
	r.Shuffle(len(es), func(i, j int) { es[i], es[j] = es[j], es[i] })
	return es
}

// randModel returns n random entries.
func randModel(r *rand.Rand, n int, clustered bool) model {
	m := model{}
	for len(m) < n {
		m[randKey(r, clustered && r.IntN(2) == 0)] = randValue(r)
	}
	return m
}

// checkStore fails unless s holds exactly the records of the tree over m.
func checkStore(t *testing.T, s *MemStore, m model) {
	t.Helper()
	want := m.refRecords()
	if s.Len() != len(want) {
		t.Fatalf("store holds %d records, the tree over %d keys has %d nodes", s.Len(), len(m), len(want))
	}
	for k, rec := range want {
		got, ok, _ := s.Get([]byte(k))
		if !ok || !bytes.Equal(got, rec) {
			t.Fatalf("record at %x = %x (present %v), want %x", k, got, ok, rec)
		}
	}
}

func TestEmptyRootIsPinned(t *testing.T) {
	const want = "ea820cdc54ed729cfbbbbbef76e109afeddeacdfea308983c8b41edba8fa5d6a"
	tr, s := newTestTree(t)
	root := tr.Root()
	if got := hex.EncodeToString(root[:]); got != want {
		t.Fatalf("empty root = %s, want %s", got, want)
	}
	if tr.Root() != EmptyRoot() {
		t.Fatal("Root() of an empty tree differs from EmptyRoot()")
	}
	if s.Len() != 0 {
		t.Fatalf("empty tree stores %d records", s.Len())
	}
}

func TestSmallTreesByHand(t *testing.T) {
	// Hand-computed roots for the shapes that matter: one leaf (the root is
	// the leaf), two leaves split at bit 0, two leaves split at bit 255 (a
	// chain of 255 one-sided internal nodes above them).
	var k0, k1, kLast [HashSize]byte
	k1[0] = 0x80
	kLast[31] = 0x01
	v := [HashSize]byte{7}
	leaf := func(k [HashSize]byte) [HashSize]byte { return refHash("stegos/v1/smt/leaf", k, v) }
	node := func(l, r [HashSize]byte) [HashSize]byte { return refHash("stegos/v1/smt/node", l, r) }
	empty := EmptyRoot()
	deep := node(leaf(k0), leaf(kLast))
	for i := 0; i < 255; i++ {
		deep = node(deep, empty)
	}
	tests := []struct {
		name    string
		keys    [][HashSize]byte
		want    [HashSize]byte
		records int
	}{
		{"one leaf", [][HashSize]byte{k1}, leaf(k1), 1},
		{"split at bit 0", [][HashSize]byte{k0, k1}, node(leaf(k0), leaf(k1)), 3},
		{"split at bit 255", [][HashSize]byte{k0, kLast}, deep, 258},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, s := newTestTree(t)
			var sets []Entry
			for _, k := range tt.keys {
				sets = append(sets, Entry{Key: k, Value: v})
			}
			if err := tr.Update(sets, nil); err != nil {
				t.Fatal(err)
			}
			if tr.Root() != tt.want {
				t.Fatalf("root = %x, want %x", tr.Root(), tt.want)
			}
			if s.Len() != tt.records {
				t.Fatalf("store holds %d records, want %d", s.Len(), tt.records)
			}
			if err := tr.Update(nil, tt.keys); err != nil {
				t.Fatal(err)
			}
			if tr.Root() != EmptyRoot() || s.Len() != 0 {
				t.Fatalf("after deleting all: root %x, %d records", tr.Root(), s.Len())
			}
		})
	}
}

func TestRootIndependentOfOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, clustered := range []bool{false, true} {
		m := randModel(r, 300, clustered)
		want := m.refRoot()
		for trial := 0; trial < 5; trial++ {
			tr, s := newTestTree(t)
			// Insert in random order, in random-sized batches.
			es := entriesOf(r, m)
			for len(es) > 0 {
				n := 1 + r.IntN(len(es))
				if err := tr.Update(es[:n], nil); err != nil {
					t.Fatal(err)
				}
				es = es[n:]
			}
			if tr.Root() != want {
				t.Fatalf("clustered=%v trial %d: root %x, want %x", clustered, trial, tr.Root(), want)
			}
			checkStore(t, s, m)
		}
	}
}

func TestInsertThenDeleteRestoresRoot(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, clustered := range []bool{false, true} {
		base := randModel(r, 200, clustered)
		tr, s := newTestTree(t)
		if err := tr.Update(entriesOf(r, base), nil); err != nil {
			t.Fatal(err)
		}
		before := tr.Root()
		extra := randModel(r, 150, clustered)
		for k := range base {
			delete(extra, k)
		}
		es := entriesOf(r, extra)
		if err := tr.Update(es, nil); err != nil {
			t.Fatal(err)
		}
		if tr.Root() == before {
			t.Fatal("root did not change after inserting")
		}
		// Delete one at a time, in another random order.
		r.Shuffle(len(es), func(i, j int) { es[i], es[j] = es[j], es[i] })
		for _, e := range es {
			if err := tr.Update(nil, [][HashSize]byte{e.Key}); err != nil {
				t.Fatal(err)
			}
		}
		if tr.Root() != before {
			t.Fatalf("clustered=%v: root after insert+delete %x, before %x", clustered, tr.Root(), before)
		}
		checkStore(t, s, base)
	}
}

func TestModelRandomWorkload(t *testing.T) {
	// Random batches of sets, overwrites, deletes of present and absent keys,
	// against a map; after each batch Get agrees with the map, the root
	// agrees with a from-scratch recomputation, and the store holds exactly
	// the live nodes.
	r := rand.New(rand.NewPCG(5, 6))
	for _, clustered := range []bool{false, true} {
		tr, s := newTestTree(t)
		m := model{}
		for round := 0; round < 60; round++ {
			sets, dels := randBatch(r, m, clustered)
			if err := tr.Update(sets, dels); err != nil {
				t.Fatal(err)
			}
			for _, e := range sets {
				m[e.Key] = e.Value
			}
			for _, k := range dels {
				delete(m, k)
			}
			if got, want := tr.Root(), m.refRoot(); got != want {
				t.Fatalf("round %d: root %x, want %x", round, got, want)
			}
			checkStore(t, s, m)
			checkGets(t, tr, m, r, clustered)
			// A fresh Tree over the same store sees the same root.
			again, err := New(s)
			if err != nil || again.Root() != tr.Root() {
				t.Fatalf("reopened tree: root %x, err %v", again.Root(), err)
			}
		}
	}
}

// randBatch returns a random batch against m: new keys, overwrites of
// present keys, deletes of present and absent keys, each key at most once.
func randBatch(r *rand.Rand, m model, clustered bool) ([]Entry, [][HashSize]byte) {
	used := map[[HashSize]byte]bool{}
	var sets []Entry
	var dels [][HashSize]byte
	present := m.sortedKeys()
	for i := r.IntN(40); i > 0; i-- {
		var k [HashSize]byte
		if len(present) > 0 && r.IntN(3) == 0 {
			k = present[r.IntN(len(present))]
		} else {
			k = randKey(r, clustered && r.IntN(2) == 0)
		}
		if used[k] {
			continue
		}
		used[k] = true
		if r.IntN(2) == 0 {
			sets = append(sets, Entry{Key: k, Value: randValue(r)})
		} else {
			dels = append(dels, k)
		}
	}
	return sets, dels
}

// checkGets checks Get for every present key and some absent ones.
func checkGets(t *testing.T, tr *Tree, m model, r *rand.Rand, clustered bool) {
	t.Helper()
	for k, want := range m {
		got, ok, err := tr.Get(k)
		if err != nil || !ok || got != want {
			t.Fatalf("Get(%x) = %x, %v, %v; want %x", k, got, ok, err, want)
		}
	}
	for i := 0; i < 20; i++ {
		k := randKey(r, clustered)
		if _, in := m[k]; in {
			continue
		}
		if _, ok, err := tr.Get(k); ok || err != nil {
			t.Fatalf("Get(absent %x) = present %v, err %v", k, ok, err)
		}
	}
}

func TestUpdateRejectsDuplicateKeys(t *testing.T) {
	k := [HashSize]byte{1}
	tests := []struct {
		name string
		sets []Entry
		dels [][HashSize]byte
	}{
		{"set twice", []Entry{{Key: k}, {Key: k, Value: [HashSize]byte{1}}}, nil},
		{"delete twice", nil, [][HashSize]byte{k, k}},
		{"set and delete", []Entry{{Key: k}}, [][HashSize]byte{k}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, s := newTestTree(t)
			if err := tr.Update(tt.sets, tt.dels); !errors.Is(err, ErrDuplicateKey) {
				t.Fatalf("err = %v, want ErrDuplicateKey", err)
			}
			if tr.Root() != EmptyRoot() || s.Len() != 0 {
				t.Fatal("a rejected update changed the tree")
			}
		})
	}
}

func TestNoOpUpdatesWriteNothing(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	m := randModel(r, 100, true)
	tr, s := newTestTree(t)
	if err := tr.Update(entriesOf(r, m), nil); err != nil {
		t.Fatal(err)
	}
	rec := &recordingStore{Store: s}
	tr.store = rec
	// Rewriting the same values and deleting absent keys changes nothing.
	absent := randModel(r, 20, true)
	for k := range m {
		delete(absent, k)
	}
	if err := tr.Update(entriesOf(r, m), absent.sortedKeys()); err != nil {
		t.Fatal(err)
	}
	if rec.writes != 0 {
		t.Fatalf("a no-op update made %d store writes", rec.writes)
	}
	if err := tr.Update(nil, nil); err != nil {
		t.Fatal(err)
	}
}

// recordingStore counts writes.
type recordingStore struct {
	Store
	writes int
}

func (s *recordingStore) Set(k, v []byte) error { s.writes++; return s.Store.Set(k, v) }
func (s *recordingStore) Delete(k []byte) error { s.writes++; return s.Store.Delete(k) }
