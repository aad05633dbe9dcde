package store

import (
	"context"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/stegos-go/stegos/smt"
)

// blockUpdates is the size of one benchmark block: half spends (deletes of
// live keys), half new outputs, as in smt's BenchmarkUpdate.
const blockUpdates = 4000

// pebbleBench is a database holding a tree of constant size, shared across
// sub-benchmarks and b.N rounds (a million-key tree takes a while to load).
type pebbleBench struct {
	db    *DB
	cache *smt.Cache
	live  [][smt.HashSize]byte
	next  int
	rng   *rand.Rand
}

var (
	pebbleBenches = map[int]*pebbleBench{}
	benchDirs     []string
)

// cleanupBenchDirs closes and removes the benchmark databases (from TestMain).
func cleanupBenchDirs() {
	for _, pb := range pebbleBenches {
		_ = pb.db.Close()
	}
	for _, d := range benchDirs {
		_ = os.RemoveAll(d)
	}
}

// bulkStore is an smt.Store for loading a new tree: the tree's first Update
// into an empty store only writes, so Get finds nothing and Set goes to a
// plain batch committed every 100k writes.
type bulkStore struct {
	db *DB
	b  *Batch
}

func (s *bulkStore) Get([]byte) ([]byte, bool, error) { return nil, false, nil }
func (s *bulkStore) Delete([]byte) error              { return fmt.Errorf("bulkStore: delete") }
func (s *bulkStore) Set(k, v []byte) error {
	if s.b == nil {
		s.b = s.db.NewBatch()
	}
	if err := s.b.Set(append(append([]byte{}, treePrefix...), k...), v); err != nil {
		return err
	}
	if s.b.Count() >= 100_000 {
		return s.flush()
	}
	return nil
}
func (s *bulkStore) flush() error {
	if s.b == nil {
		return nil
	}
	err := s.b.Commit(false)
	s.b = nil
	return err
}

// pebbleBenchTree returns the shared database holding a tree of n keys.
func pebbleBenchTree(b *testing.B, n int) *pebbleBench {
	if pb, ok := pebbleBenches[n]; ok {
		return pb
	}
	dir, err := os.MkdirTemp("", "store-bench-")
	if err != nil {
		b.Fatal(err)
	}
	benchDirs = append(benchDirs, dir)
	db, err := Open(dir, nil)
	if err != nil {
		b.Fatal(err)
	}
	pb := &pebbleBench{db: db, cache: smt.NewCache(0), rng: rand.New(rand.NewPCG(uint64(n), 7))}
	sets := make([]smt.Entry, n)
	for i := range sets {
		sets[i] = pb.entry()
		pb.live = append(pb.live, sets[i].Key)
	}
	bulk := &bulkStore{db: db}
	tr, err := smt.New(bulk)
	if err != nil {
		b.Fatal(err)
	}
	if err := tr.Update(sets, nil); err != nil {
		b.Fatal(err)
	}
	if err := bulk.flush(); err != nil {
		b.Fatal(err)
	}
	// Start from a settled LSM, as a node that has been running: the bulk
	// load leaves a deep L0 that every read would have to probe.
	if err := db.pdb.Compact(context.Background(), []byte{0}, []byte{0xff}, true); err != nil {
		b.Fatal(err)
	}
	// Warm up: the node cache, pebble's block cache and the LSM shape settle
	// over the first blocks (a running node is past them).
	for i := 0; i < 10; i++ {
		applyCachedBlock(b, db, pb.cache, pb.block())
	}
	pebbleBenches[n] = pb
	return pb
}

// entry returns a fresh random entry.
func (pb *pebbleBench) entry() smt.Entry {
	var e smt.Entry
	for i := 0; i < smt.HashSize; i += 8 {
		binary.LittleEndian.PutUint64(e.Key[i:], pb.rng.Uint64())
	}
	binary.LittleEndian.PutUint64(e.Value[:], pb.rng.Uint64())
	return e
}

// block returns the next block of spends and new keys.
func (pb *pebbleBench) block() blockUpdate {
	var blk blockUpdate
	for i := 0; i < blockUpdates/2; i++ {
		j := (pb.next + i) % len(pb.live)
		e := pb.entry()
		blk.dels = append(blk.dels, pb.live[j])
		blk.sets = append(blk.sets, e)
		pb.live[j] = e.Key
	}
	pb.next = (pb.next + blockUpdates/2) % len(pb.live)
	return blk
}

// BenchmarkUpdate applies blocks of 4000 updates (2000 spends, 2000 new
// keys) to a tree over pebble of constant size, each block in one batch
// committed without fsync: what a node does per block, less the fsync.
// The in-memory figures are smt's BenchmarkUpdate.
//
// cache=16 opens each block's tree with a shared smt.Cache of the top 16
// levels, as the node does; cache=none reads every node from pebble.
func BenchmarkUpdate(b *testing.B) {
	for _, n := range []int{10_000, 1_000_000} {
		for _, cached := range []bool{true, false} {
			name := fmt.Sprintf("pebble/keys=%dk", n/1000)
			if n >= 1_000_000 {
				name = fmt.Sprintf("pebble/keys=%dM", n/1_000_000)
			}
			if cached {
				name += fmt.Sprintf("/cache=%d", smt.DefaultCacheDepth)
			} else {
				name += "/cache=none"
			}
			b.Run(name, func(b *testing.B) {
				pb := pebbleBenchTree(b, n)
				var c *smt.Cache
				if cached {
					c = pb.cache
				}
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					b.StopTimer()
					blk := pb.block()
					b.StartTimer()
					applyCachedBlock(b, pb.db, c, blk)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*blockUpdates), "ns/key")
			})
		}
	}
}
