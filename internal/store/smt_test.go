package store

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
	"testing"

	"github.com/stegos-go/stegos/smt"
)

var treePrefix = []byte("smt/")

// blockUpdate is one block's worth of tree changes.
type blockUpdate struct {
	sets []smt.Entry
	dels [][smt.HashSize]byte
}

// randBlocks returns n blocks that create and spend keys: each block spends
// some live keys and creates new ones, with some keys sharing long prefixes.
func randBlocks(r *rand.Rand, n int) []blockUpdate {
	var live [][smt.HashSize]byte
	var blocks []blockUpdate
	for i := 0; i < n; i++ {
		var blk blockUpdate
		r.Shuffle(len(live), func(a, b int) { live[a], live[b] = live[b], live[a] })
		spend := 0
		if len(live) > 0 {
			spend = r.IntN(len(live)/2 + 1)
		}
		blk.dels = append(blk.dels, live[:spend]...)
		live = live[spend:]
		for j := r.IntN(60); j > 0; j-- {
			var k, v [smt.HashSize]byte
			binary.BigEndian.PutUint64(k[:], r.Uint64())
			binary.BigEndian.PutUint64(k[24:], r.Uint64())
			if r.IntN(4) == 0 {
				k[0], k[1] = 0xee, 0xee // a crowded corner of the key space
				k[2] &= 0x0f
			}
			binary.BigEndian.PutUint64(v[:], r.Uint64())
			blk.sets = append(blk.sets, smt.Entry{Key: k, Value: v})
			live = append(live, k)
		}
		blocks = append(blocks, blk)
	}
	return blocks
}

// applyBlock updates the tree kept under treePrefix in db in one committed
// batch and returns the new root.
func applyBlock(t testing.TB, db *DB, blk blockUpdate) [smt.HashSize]byte {
	t.Helper()
	return applyCachedBlock(t, db, nil, blk)
}

// applyCachedBlock is applyBlock with a node cache (nil for none).
func applyCachedBlock(t testing.TB, db *DB, c *smt.Cache, blk blockUpdate) [smt.HashSize]byte {
	t.Helper()
	b := db.NewBatch()
	tr, err := smt.NewCached(NewPrefixed(b, treePrefix), c)
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.Update(blk.sets, blk.dels); err != nil {
		t.Fatal(err)
	}
	if err := b.Commit(false); err != nil {
		t.Fatal(err)
	}
	return tr.Root()
}

func TestTreeOverPebbleMatchesMemory(t *testing.T) {
	// The same blocks applied to a tree over pebble (one committed batch per
	// block) and over a MemStore give the same roots and exactly the same
	// stored records: no node is left behind in pebble.
	r := rand.New(rand.NewPCG(40, 41))
	dir := t.TempDir()
	db, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	commit(t, db, "other/x", "unrelated") // the tree must leave it alone
	mem := smt.NewMemStore()
	memTree, err := smt.New(mem)
	if err != nil {
		t.Fatal(err)
	}
	live := map[[smt.HashSize]byte][smt.HashSize]byte{}
	for i, blk := range randBlocks(r, 40) {
		root := applyBlock(t, db, blk)
		if err := memTree.Update(blk.sets, blk.dels); err != nil {
			t.Fatal(err)
		}
		if root != memTree.Root() {
			t.Fatalf("block %d: pebble root %x, memory root %x", i, root, memTree.Root())
		}
		for _, k := range blk.dels {
			delete(live, k)
		}
		for _, e := range blk.sets {
			live[e.Key] = e.Value
		}
		checkSameRecords(t, db, mem)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	// Reopened: same root, every key readable and provable from a snapshot.
	db, err = Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	snap := db.Snapshot()
	defer snap.Close()
	tr, err := smt.New(NewPrefixed(snap, treePrefix))
	if err != nil {
		t.Fatal(err)
	}
	if tr.Root() != memTree.Root() {
		t.Fatalf("root after reopen %x, want %x", tr.Root(), memTree.Root())
	}
	for k, v := range live {
		got, ok, err := tr.Get(k)
		if err != nil || !ok || got != v {
			t.Fatalf("Get(%x) after reopen = %x %v %v", k, got, ok, err)
		}
		p, err := tr.Prove(k)
		if err != nil {
			t.Fatal(err)
		}
		if err := smt.VerifyProof(tr.Root(), k, v, p); err != nil {
			t.Fatal(err)
		}
	}
	if got := mustGet(t, db, "other/x"); got != "unrelated" {
		t.Fatalf("a key outside the tree's prefix changed: %q", got)
	}
}

// checkSameRecords fails unless the records under treePrefix in db are
// exactly those in mem.
func checkSameRecords(t *testing.T, db *DB, mem *smt.MemStore) {
	t.Helper()
	n := 0
	must(t, NewPrefixed(db, treePrefix).Iterate(nil, func(k, v []byte) error {
		n++
		want, ok, _ := mem.Get(k)
		if !ok || !bytes.Equal(v, want) {
			t.Fatalf("pebble holds %x = %x; memory has %x (present %v)", k, v, want, ok)
		}
		return nil
	}))
	if n != mem.Len() {
		t.Fatalf("pebble holds %d tree records, memory %d", n, mem.Len())
	}
}

func TestDiscardedBatchLeavesTreeUnchanged(t *testing.T) {
	r := rand.New(rand.NewPCG(42, 43))
	db := openTest(t)
	blocks := randBlocks(r, 3)
	applyBlock(t, db, blocks[0])
	root := applyBlock(t, db, blocks[1])

	// A block applied to a batch that is then dropped (a proposal that was
	// not decided, or a crash before Commit) leaves no trace.
	b := db.NewBatch()
	tr, err := smt.New(NewPrefixed(b, treePrefix))
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.Update(blocks[2].sets, blocks[2].dels); err != nil {
		t.Fatal(err)
	}
	if tr.Root() == root {
		t.Fatal("the block did not change the root")
	}
	b.Close()
	again, err := smt.New(NewPrefixed(db, treePrefix))
	if err != nil {
		t.Fatal(err)
	}
	if again.Root() != root {
		t.Fatalf("root after a discarded batch %x, want %x", again.Root(), root)
	}
}
