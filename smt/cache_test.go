package smt

import (
	"maps"
	"math/rand/v2"
	"testing"
)

func TestCachedTreeMatchesModel(t *testing.T) {
	// The random workload of TestModelRandomWorkload through trees that share
	// a cache, one Tree per batch as the node uses them.
	for _, depth := range []int{1, 3, 8, 300} {
		r := rand.New(rand.NewPCG(50, uint64(depth)))
		c := NewCache(depth)
		s := NewMemStore()
		m := model{}
		for round := 0; round < 40; round++ {
			tr, err := NewCached(s, c)
			if err != nil {
				t.Fatal(err)
			}
			sets, dels := randBatch(r, m, round%2 == 0)
			if err := tr.Update(sets, dels); err != nil {
				t.Fatal(err)
			}
			for _, e := range sets {
				m[e.Key] = e.Value
			}
			for _, k := range dels {
				delete(m, k)
			}
			if tr.Root() != m.refRoot() {
				t.Fatalf("depth %d round %d: root differs from the model", depth, round)
			}
			checkStore(t, s, m)
			checkGets(t, tr, m, r, true)
		}
		if c.Len() == 0 {
			t.Fatalf("depth %d: nothing cached", depth)
		}
	}
}

func TestCacheSurvivesDiscardedBatches(t *testing.T) {
	// Updates applied to a copy of the store that is then thrown away (an
	// undecided proposal) leave the shared cache holding nodes the real
	// store never got, and missing nodes it still has: the next tree over
	// the real store must not notice.
	r := rand.New(rand.NewPCG(51, 52))
	c := NewCache(10)
	s := NewMemStore()
	m := randModel(r, 500, true)
	tr, err := NewCached(s, c)
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.Update(entriesOf(r, m), nil); err != nil {
		t.Fatal(err)
	}
	for round := 0; round < 20; round++ {
		scratch := &MemStore{m: maps.Clone(s.m)}
		dropped, err := NewCached(scratch, c)
		if err != nil {
			t.Fatal(err)
		}
		sets, dels := randBatch(r, m, true)
		if err := dropped.Update(sets, dels); err != nil {
			t.Fatal(err)
		}
		if err := dropped.Update(nil, m.sortedKeys()[:50]); err != nil {
			t.Fatal(err)
		}
		// The real store, with the cache as the dropped update left it.
		tr, err := NewCached(s, c)
		if err != nil {
			t.Fatal(err)
		}
		checkGets(t, tr, m, r, true)
		for k := range m {
			p, err := tr.Prove(k)
			if err != nil || VerifyProof(tr.Root(), k, m[k], p) != nil {
				t.Fatalf("proof of %x after a dropped batch: %v", k, err)
			}
			break
		}
		sets, dels = randBatch(r, m, true)
		if err := tr.Update(sets, dels); err != nil {
			t.Fatal(err)
		}
		for _, e := range sets {
			m[e.Key] = e.Value
		}
		for _, k := range dels {
			delete(m, k)
		}
		if tr.Root() != m.refRoot() {
			t.Fatalf("round %d: root differs from the model", round)
		}
		checkStore(t, s, m)
	}
}

func TestCacheStartsOverWhenFull(t *testing.T) {
	c := NewCache(2) // limit 8
	for i := 0; i < 20; i++ {
		n := newInternal([HashSize]byte{byte(i)}, [HashSize]byte{})
		c.add(&n)
		if c.Len() > 8 {
			t.Fatalf("cache grew to %d entries, limit 8", c.Len())
		}
	}
	if NewCache(0).depth != DefaultCacheDepth || NewCache(99).depth != 24 {
		t.Fatal("NewCache depth defaults")
	}
}
