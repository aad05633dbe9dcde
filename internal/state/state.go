package state

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"

	"github.com/stegos-go/stegos/internal/codec"
	"github.com/stegos-go/stegos/internal/store"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/smt"
)

// Key prefixes in the pebble store.
var (
	prefixUTXO  = []byte("u/")
	prefixSpent = []byte("s/")
	prefixTree  = []byte("t/")
	keyMeta     = []byte("m/meta")
	keyFormat   = []byte("m/format")
)

// format is the layout version of the store, written at genesis. Format 2
// keeps spent output ids (ADR 0018); format 3 keeps output cores and the
// payloads of the retention window apart (ADR 0020). A store of another
// format was written by another build.
const format = 3

// ErrOldFormat is returned by Open for a store an earlier build wrote.
var ErrOldFormat = errors.New("state: the ledger state was written by an earlier build (before output cores, ADR 0020); remove the data directory or run 'stegosd dev --reset'")

// spentLeaf is the tree's value for a spent output id: the leaf stays, so an
// id exists at most once in the chain's life and a light client can prove
// that an output was spent. No UTXO record hashes to it (a record's leaf is
// the SHA-256 of bytes that start with its height).
var spentLeaf = sha256.Sum256([]byte("stegos/v1/state/spent"))

// ErrNotInitialized is returned by operations that need genesis before
// InitGenesis ran.
var ErrNotInitialized = errors.New("state: no genesis yet")

// UTXO is an unspent output with where it was created.
type UTXO struct {
	ID ledger.OutputID
	// Output is the output; a confidential one read from the state is its
	// core (no payload: see State.Payload).
	Output ledger.Output
	// Height is the block that created it (0 for genesis).
	Height int64
	// Index is the output's position in its transaction (or in the genesis
	// allocations): the stealth derivation uses it.
	Index uint32
}

func (u *UTXO) encode() []byte {
	core := ledger.EncodeCore(u.Output)
	w := codec.NewWriter(12 + len(core))
	w.Uint64(uint64(u.Height))
	w.Uint32(u.Index)
	w.Fixed(core)
	return w.Bytes()
}

func decodeUTXO(id ledger.OutputID, b []byte) (*UTXO, error) {
	if len(b) < 12 {
		return nil, fmt.Errorf("state: utxo %s: record of %d bytes", id, len(b))
	}
	r := codec.NewReader(b[:12])
	u := &UTXO{ID: id, Height: int64(r.Uint64()), Index: r.Uint32()}
	out, err := ledger.DecodeCore(b[12:])
	if err != nil {
		return nil, fmt.Errorf("state: utxo %s: %w", id, err)
	}
	u.Output = out
	return u, nil
}

func utxoKey(id ledger.OutputID) []byte { return append(append([]byte{}, prefixUTXO...), id[:]...) }

// leafValue is what the tree stores for a UTXO: the hash of its record.
func leafValue(rec []byte) [32]byte { return sha256.Sum256(rec) }

// State is the committed ledger state.
type State struct {
	db   *store.DB
	log  *slog.Logger
	mu   sync.RWMutex // guards meta: readers (queries, the API) run beside Commit
	meta *Meta        // nil before genesis
	// tree caches the top levels of the Merkle tree across blocks.
	tree *smt.Cache
	// compacting is set while a background compaction of expired
	// payloads runs; Close waits for bg.
	compacting atomic.Bool
	bg         sync.WaitGroup
	// compactEvery is how often Commit compacts expired payloads.
	compactEvery int64
}

// Open opens (or creates) the state in dir.
func Open(dir string, log *slog.Logger) (*State, error) {
	db, err := store.Open(dir, &store.Options{Logger: log})
	if err != nil {
		return nil, err
	}
	s := &State{db: db, log: log, tree: smt.NewCache(smt.DefaultCacheDepth), compactEvery: defaultCompactEvery}
	b, ok, err := db.Get(keyMeta)
	if err != nil {
		db.Close()
		return nil, err
	}
	if ok {
		if f, ok, err := db.Get(keyFormat); err != nil {
			db.Close()
			return nil, err
		} else if !ok || len(f) != 1 || f[0] != format {
			db.Close()
			return nil, fmt.Errorf("%w (%s)", ErrOldFormat, db.Path())
		}
		if s.meta, err = decodeMeta(b); err != nil {
			db.Close()
			return nil, fmt.Errorf("state: %s: corrupt chain metadata: %w", db.Path(), err)
		}
		// The stored root has no parent to vouch for it: check it against
		// the metadata the app hash commits to.
		t, err := smt.NewCached(store.NewPrefixed(db, prefixTree), s.tree)
		if err != nil {
			db.Close()
			return nil, fmt.Errorf("state: %s: %w", db.Path(), err)
		}
		if t.Root() != s.meta.TreeRoot {
			db.Close()
			return nil, fmt.Errorf("state: %s: Merkle root %x differs from the committed root %x: the data directory is corrupt (restore it or resync)", db.Path(), t.Root(), s.meta.TreeRoot)
		}
	}
	return s, nil
}

// Close closes the store.
func (s *State) Close() error {
	s.bg.Wait()
	return s.db.Close()
}

// Path returns the store's directory.
func (s *State) Path() string { return s.db.Path() }

// Meta returns a copy of the committed metadata, or nil before genesis.
func (s *State) Meta() *Meta {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.meta == nil {
		return nil
	}
	m := *s.meta
	return &m
}

// Output returns a committed unspent output.
func (s *State) Output(id ledger.OutputID) (*UTXO, bool, error) {
	return getUTXO(s.db, id)
}

func getUTXO(r store.Reader, id ledger.OutputID) (*UTXO, bool, error) {
	b, ok, err := r.Get(utxoKey(id))
	if err != nil || !ok {
		return nil, false, err
	}
	u, err := decodeUTXO(id, b)
	if err != nil {
		return nil, false, err
	}
	return u, true, nil
}

// Spent reports whether id was an output that has been spent, and in which
// block. Spent ids are committed state: every node answers alike.
func (s *State) Spent(id ledger.OutputID) (bool, int64, error) { return getSpent(s.db, id) }

func spentKey(id ledger.OutputID) []byte { return append(append([]byte{}, prefixSpent...), id[:]...) }

func getSpent(r store.Reader, id ledger.OutputID) (bool, int64, error) {
	b, ok, err := r.Get(spentKey(id))
	if err != nil || !ok {
		return false, 0, err
	}
	if len(b) != 8 {
		return false, 0, fmt.Errorf("state: spent record of %s has %d bytes", id, len(b))
	}
	return true, int64(codec.NewReader(b).Uint64()), nil
}

// ForEachUTXO calls fn for every committed unspent output in id order.
func (s *State) ForEachUTXO(fn func(*UTXO) error) error { return s.ForEachUTXOAfter(nil, fn) }

// ForEachUTXOAfter is ForEachUTXO from the first id after after (from the
// start if after is empty): pages of the UTXO set for restoring wallets.
// fn's error stops the walk and is returned.
func (s *State) ForEachUTXOAfter(after []byte, fn func(*UTXO) error) error {
	lower := append(append([]byte{}, prefixUTXO...), after...)
	if len(after) > 0 {
		lower = append(lower, 0) // strictly after
	}
	upper := []byte("u0") // the first key past the u/ prefix
	return s.db.IterateRange(lower, upper, func(k, v []byte) error {
		var id ledger.OutputID
		if len(k) != len(prefixUTXO)+len(id) {
			return fmt.Errorf("state: malformed utxo key %x", k)
		}
		copy(id[:], k[len(prefixUTXO):])
		u, err := decodeUTXO(id, v)
		if err != nil {
			return err
		}
		return fn(u)
	})
}

// Prove returns a membership proof for an unspent output (or a
// non-membership proof if it is absent) against Meta().TreeRoot.
func (s *State) Prove(id ledger.OutputID) (*smt.Proof, error) {
	t, err := smt.New(store.NewPrefixed(s.db, prefixTree))
	if err != nil {
		return nil, err
	}
	return t.Prove(id)
}
