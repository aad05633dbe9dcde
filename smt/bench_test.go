package smt

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"testing"
)

// Benchmarks share their big trees across sub-benchmarks and b.N rounds:
// building a million-key tree takes seconds, a block takes milliseconds.

// BlockUpdates is the size of one benchmark block: half spends (deletes of
// live keys), half new outputs.
const BlockUpdates = 4000

// benchTree is a tree with a live-key list that blocks rotate through.
type benchTree struct {
	tree *Tree
	live [][HashSize]byte
	next int // position in live of the next key to spend
	rng  *rand.Rand
}

var memBenchTrees = map[int]*benchTree{}

// memBenchTree returns the shared in-memory tree of n keys.
func memBenchTree(b *testing.B, n int) *benchTree {
	if bt, ok := memBenchTrees[n]; ok {
		return bt
	}
	bt := &benchTree{rng: rand.New(rand.NewPCG(uint64(n), 99))}
	var err error
	if bt.tree, err = New(NewMemStore()); err != nil {
		b.Fatal(err)
	}
	sets := make([]Entry, n)
	for i := range sets {
		sets[i] = bt.entry()
		bt.live = append(bt.live, sets[i].Key)
	}
	if err := bt.tree.Update(sets, nil); err != nil {
		b.Fatal(err)
	}
	memBenchTrees[n] = bt
	return bt
}

// entry returns a fresh random entry.
func (bt *benchTree) entry() Entry {
	var e Entry
	for i := 0; i < HashSize; i += 8 {
		binary.LittleEndian.PutUint64(e.Key[i:], bt.rng.Uint64())
	}
	binary.LittleEndian.PutUint64(e.Value[:], bt.rng.Uint64())
	return e
}

// block returns the next block: BlockUpdates/2 spends of the oldest live
// keys and as many new keys, which take the spent keys' places in live.
func (bt *benchTree) block() ([]Entry, [][HashSize]byte) {
	sets := make([]Entry, BlockUpdates/2)
	dels := make([][HashSize]byte, BlockUpdates/2)
	for i := range sets {
		j := (bt.next + i) % len(bt.live)
		dels[i] = bt.live[j]
		sets[i] = bt.entry()
		bt.live[j] = sets[i].Key
	}
	bt.next = (bt.next + len(sets)) % len(bt.live)
	return sets, dels
}

// BenchmarkUpdate applies blocks of 4000 updates (2000 deletes, 2000
// inserts) to an in-memory tree of constant size. The pebble-backed figures
// are internal/store's BenchmarkUpdate.
func BenchmarkUpdate(b *testing.B) {
	for _, n := range []int{10_000, 1_000_000} {
		b.Run(fmt.Sprintf("memory/keys=%s", countName(n)), func(b *testing.B) {
			bt := memBenchTree(b, n)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				sets, dels := bt.block()
				b.StartTimer()
				if err := bt.tree.Update(sets, dels); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*BlockUpdates), "ns/key")
		})
	}
}

// BenchmarkProve proves present keys in a million-key in-memory tree.
func BenchmarkProve(b *testing.B) {
	bt := memBenchTree(b, 1_000_000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := bt.tree.Prove(bt.live[i%len(bt.live)]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyProof verifies membership proofs from a million-key tree
// (depth about 21), and reports the mean encoded proof size.
func BenchmarkVerifyProof(b *testing.B) {
	bt := memBenchTree(b, 1_000_000)
	const nproofs = 1024
	type item struct {
		key, value [HashSize]byte
		proof      *Proof
	}
	items := make([]item, nproofs)
	size := 0
	for i := range items {
		k := bt.live[(i*7919)%len(bt.live)]
		v, _, err := bt.tree.Get(k)
		if err != nil {
			b.Fatal(err)
		}
		p, err := bt.tree.Prove(k)
		if err != nil {
			b.Fatal(err)
		}
		enc, _ := p.Encode()
		size += len(enc)
		items[i] = item{k, v, p}
	}
	root := bt.tree.Root()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		it := &items[i%nproofs]
		if err := VerifyProof(root, it.key, it.value, it.proof); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(size)/nproofs, "proof-bytes")
}

// countName writes 10000 as 10k and 1000000 as 1M.
func countName(n int) string {
	switch {
	case n%1_000_000 == 0:
		return fmt.Sprintf("%dM", n/1_000_000)
	case n%1000 == 0:
		return fmt.Sprintf("%dk", n/1000)
	}
	return fmt.Sprint(n)
}
