package state

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	"github.com/stegos-go/stegos/internal/codec"
	"github.com/stegos-go/stegos/internal/staking"
	"github.com/stegos-go/stegos/internal/store"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/smt"
)

// State-sync snapshots (ADR 0021). A snapshot of height h is a list of
// chunks:
//
//   - chunk 0, the head: the metadata (whose hash is the app hash), the
//     frontier of the Merkle tree at a depth d (what each of the 2^d
//     subtrees holds: nothing, one leaf, or an internal node's hash), which
//     folds up to Meta.TreeRoot, the plan (which subtrees each further chunk
//     carries), the validator records (checked against
//     Meta.ValidatorsHash), the award records and the auxiliary records;
//   - chunks 1..n-1: every store record of a range of subtrees, in
//     sections: the unspent outputs (u/), the spent ids (s/) and, from
//     ADR 0020 on, their payloads. The leaves they make rebuild each
//     subtree, which must equal the head's frontier entry before anything
//     of the chunk is written.
//
// The tree's nodes (t/) are not shipped: each chunk writes the nodes of its
// subtrees, the last one those above the frontier. The stake index (k/) is
// derived from the stake outputs as they arrive. The transaction index of
// the retention window (i/, j/) is not shipped: it is derived from blocks,
// and a node that restored a snapshot indexes the blocks it executes.

// SnapshotFormat is the layout version of the chunks (abci Snapshot.Format).
// Adding a section changes it.
const SnapshotFormat uint32 = 1

// MaxChunkSize is the size an exporter keeps each data chunk under. The
// head holds the frontier (at most 2^16 entries) and the validator
// records, and may exceed it up to MaxChunkBytes.
const MaxChunkSize = 4 << 20

// MaxChunkBytes is the largest chunk a receiver decodes: what one CometBFT
// v0.38 state-sync message carries (16 MB).
const MaxChunkBytes = 16_000_000

// MaxSnapshotChunks caps the chunks of one snapshot (CometBFT's own
// default cap, statesync.max_snapshot_chunks).
const MaxSnapshotChunks = 100_000

// minFrontierDepth is the frontier depth an exporter starts from: 256
// subtrees. It goes deeper (up to smt.MaxFrontierDepth) only when a subtree
// does not fit in one chunk.
const minFrontierDepth = 8

// Caps checked before allocating.
const (
	maxRecordBytes    = 1 << 16 // one UTXO or validator record
	maxValidators     = 1 << 16
	maxAwards         = 1 << 24
	maxAux            = 1 << 10
	maxAuxName        = 256
	maxAuxValue       = 1 << 24
	chunkKindHead     = 0
	chunkKindData     = 1
	snapshotHashTag   = "stegos/v1/snapshot"
	manifestSizeLimit = 8 + 4 + 4 + 32 + 4 + 32*MaxSnapshotChunks
)

// keyRestore marks a store that a restore is writing: it holds the height
// and the app hash being restored. It is deleted last, after the audit.
var keyRestore = []byte("m/restore")

// Errors of a restore, by what the node should do about them.
var (
	// ErrSnapshotFormat: a snapshot of a format this build does not read.
	ErrSnapshotFormat = errors.New("state: unknown snapshot format")
	// ErrSnapshotAppHash: the head's metadata does not hash to the trusted
	// app hash (or names another height): the snapshot is not of this chain.
	ErrSnapshotAppHash = errors.New("state: snapshot does not match the trusted app hash")
	// ErrSnapshotMalformed: a chunk does not decode, is truncated, or
	// breaks the layout (caps, order of keys, the plan).
	ErrSnapshotMalformed = errors.New("state: malformed snapshot chunk")
	// ErrSnapshotMismatch: a chunk decodes but what it holds does not
	// rebuild the subtrees the head committed to (a tampered record, a
	// missing or an extra leaf), or the head's frontier does not fold to
	// the tree root, or a record contradicts the metadata.
	ErrSnapshotMismatch = errors.New("state: snapshot chunk does not match the committed state")
	// ErrSnapshotChunkHash: a chunk's bytes differ from the hash the
	// snapshot's metadata lists for it.
	ErrSnapshotChunkHash = errors.New("state: snapshot chunk differs from its listed hash")
	// ErrSnapshotOrder: chunks must be applied in order, from 0.
	ErrSnapshotOrder = errors.New("state: snapshot chunk out of order")
	// ErrSnapshotAudit: every chunk verified, but the restored state fails
	// the audit (Audit) or hashes to another app hash.
	ErrSnapshotAudit = errors.New("state: restored state fails its audit")
)

// SnapshotManifest describes a snapshot as CometBFT lists it: abci.Snapshot.
// Metadata is the SHA-256 of every chunk in order; Hash is
// SHA-256("stegos/v1/snapshot" ‖ Metadata), the same on every node that
// exported the same state.
type SnapshotManifest struct {
	Height   int64
	Format   uint32
	Chunks   uint32
	Hash     []byte
	Metadata []byte
}

// ChunkHash returns the listed hash of chunk i.
func (m *SnapshotManifest) ChunkHash(i uint32) []byte { return m.Metadata[32*i : 32*i+32] }

// Check checks the manifest's own consistency: format, chunk count, hash.
func (m *SnapshotManifest) Check() error {
	if m.Format != SnapshotFormat {
		return fmt.Errorf("%w: %d (this build reads %d)", ErrSnapshotFormat, m.Format, SnapshotFormat)
	}
	if m.Height <= 0 || m.Chunks == 0 || m.Chunks > MaxSnapshotChunks {
		return fmt.Errorf("%w: snapshot of height %d with %d chunks", ErrSnapshotMalformed, m.Height, m.Chunks)
	}
	if len(m.Metadata) != 32*int(m.Chunks) {
		return fmt.Errorf("%w: %d bytes of chunk hashes for %d chunks", ErrSnapshotMalformed, len(m.Metadata), m.Chunks)
	}
	if h := snapshotHash(m.Metadata); !bytes.Equal(h, m.Hash) {
		return fmt.Errorf("%w: snapshot hash %x, its chunk hashes give %x", ErrSnapshotMalformed, m.Hash, h)
	}
	return nil
}

// Encode returns the manifest's canonical encoding (how a node keeps it
// beside its chunks).
func (m *SnapshotManifest) Encode() []byte {
	w := codec.NewWriter(64 + len(m.Metadata))
	w.Uint64(uint64(m.Height))
	w.Uint32(m.Format)
	w.Uint32(m.Chunks)
	w.Var(m.Hash)
	w.Var(m.Metadata)
	return w.Bytes()
}

// DecodeSnapshotManifest decodes Encode's output and checks it.
func DecodeSnapshotManifest(b []byte) (*SnapshotManifest, error) {
	if len(b) > manifestSizeLimit {
		return nil, fmt.Errorf("%w: manifest of %d bytes", ErrSnapshotMalformed, len(b))
	}
	r := codec.NewReader(b)
	m := &SnapshotManifest{Height: int64(r.Uint64()), Format: r.Uint32(), Chunks: r.Uint32()}
	m.Hash = r.Var(32)
	m.Metadata = r.Var(32 * MaxSnapshotChunks)
	if err := r.Finish(); err != nil {
		return nil, fmt.Errorf("%w: manifest: %v", ErrSnapshotMalformed, err)
	}
	return m, m.Check()
}

func snapshotHash(metadata []byte) []byte {
	h := sha256.New()
	h.Write([]byte(snapshotHashTag))
	h.Write(metadata)
	return h.Sum(nil)
}

// section is one kind of record a data chunk carries for its subtrees.
// Adding a prefix to the snapshot (the payloads of ADR 0020) is adding a
// section here, with its verification, and bumping SnapshotFormat.
type section struct {
	tag    byte
	prefix []byte
	// keyLen is the length of a key after the prefix.
	keyLen int
	// fixedValue > 0: every value has exactly this length; else values are
	// length-prefixed and at most maxValue bytes.
	fixedValue, maxValue int
	// id returns the output id a key belongs to: the entry ships with the
	// subtree of that id.
	id func(key []byte) [32]byte
	// leaf returns the tree leaf an entry is (nil: the section holds no
	// leaves, and check must verify its entries).
	leaf func(key, value []byte) smt.Entry
	// check verifies what the tree does not authenticate of an entry
	// (the whole entry if it is not a leaf), against the head's metadata
	// and the chunk whose leaves verified already (c.find reads them).
	check func(h *head, c *dataChunk, key, value []byte) error
	// derive stages the records the store derives from an entry (the stake
	// index), after the chunk verified.
	derive func(w store.Writer, key, value []byte) error
	// export calls fn for the section's entries whose ids lie in [lo, hi)
	// (hi nil: no upper bound), in key order, keys without the prefix.
	export func(r store.Reader, lo, hi []byte, fn func(key, value []byte) error) error
}

func idOfKey(key []byte) [32]byte { return [32]byte(key[:32]) }

// exportByID exports a section whose keys are output ids.
func exportByID(prefix []byte) func(r store.Reader, lo, hi []byte, fn func(key, value []byte) error) error {
	return func(r store.Reader, lo, hi []byte, fn func(key, value []byte) error) error {
		lower := append(append([]byte{}, prefix...), lo...)
		var upper []byte
		if hi != nil {
			upper = append(append([]byte{}, prefix...), hi...)
		} else {
			_, upper = prefixBounds(prefix)
		}
		return r.IterateRange(lower, upper, func(k, v []byte) error {
			if len(k) != len(prefix)+32 {
				return fmt.Errorf("state: malformed key %x", k)
			}
			return fn(k[len(prefix):], v)
		})
	}
}

// prefixBounds is the [lower, upper) range of keys starting with p (p is
// never all 0xff here).
func prefixBounds(p []byte) ([]byte, []byte) {
	up := append([]byte{}, p...)
	for i := len(up) - 1; i >= 0; i-- {
		if up[i] != 0xff {
			up[i]++
			return p, up[:i+1]
		}
	}
	return p, nil
}

// snapshotSections are the sections of format 1, in chunk order.
var snapshotSections = []section{
	{
		tag: 'u', prefix: prefixUTXO, keyLen: 32, maxValue: maxRecordBytes,
		id:   idOfKey,
		leaf: func(k, v []byte) smt.Entry { return smt.Entry{Key: idOfKey(k), Value: leafValue(v)} },
		derive: func(w store.Writer, k, v []byte) error {
			u, err := decodeUTXO(ledger.OutputID(idOfKey(k)), v)
			if err != nil {
				return err
			}
			if so, ok := u.Output.(*ledger.StakeOutput); ok {
				return w.Set(stakeKey(so.Validator, u.ID), nil)
			}
			return nil
		},
		export: exportByID(prefixUTXO),
	},
	{
		tag: 's', prefix: prefixSpent, keyLen: 32, fixedValue: 8,
		id:   idOfKey,
		leaf: func(k, _ []byte) smt.Entry { return smt.Entry{Key: idOfKey(k), Value: spentLeaf} },
		// The leaf is a constant: the block an id was spent in is only
		// checked to lie in the chain (it shows in rejection messages,
		// never in a hashed result).
		check: func(h *head, _ *dataChunk, _, v []byte) error {
			if at := int64(codec.NewReader(v).Uint64()); at < 1 || at > h.meta.Height {
				return fmt.Errorf("spent in block %d, outside 1..%d", at, h.meta.Height)
			}
			return nil
		},
		export: exportByID(prefixSpent),
	},
	{
		// The payloads of the retention window (ADR 0020), of unspent
		// outputs only: each is checked against the payload hash in its
		// output's core, which the tree authenticates and which ships in
		// the same chunk. A spent output's payload has no core left to
		// check it against, so it is not shipped (its block still holds
		// it on the nodes that have the block).
		tag: 'p', prefix: prefixPayload, keyLen: 8 + 32, fixedValue: ledger.PayloadSize,
		id: func(k []byte) [32]byte { return [32]byte(k[8:40]) },
		check: func(_ *head, c *dataChunk, k, v []byte) error {
			id := ledger.OutputID(k[8:40])
			rec, ok := c.find(secUTXO, id[:])
			if !ok {
				return fmt.Errorf("payload of %s, which is not an unspent output of the chunk", id)
			}
			u, err := decodeUTXO(id, rec)
			if err != nil {
				return err
			}
			co, isConf := u.Output.(*ledger.ConfidentialOutput)
			switch {
			case !isConf:
				return fmt.Errorf("payload of %s output %s", u.Output.Type(), id)
			case u.Height != int64(binary.BigEndian.Uint64(k)):
				return fmt.Errorf("payload of %s under block %d, the output is from block %d", id, binary.BigEndian.Uint64(k), u.Height)
			case co.PayloadHash() != ledger.HashPayload(v):
				return fmt.Errorf("payload of %s does not hash to the hash in its core", id)
			}
			return nil
		},
		export: func(r store.Reader, lo, hi []byte, fn func(k, v []byte) error) error {
			// Keyed by height: found through the unspent outputs of the
			// range, then sorted by key.
			var es [][2][]byte
			err := exportByID(prefixUTXO)(r, lo, hi, func(k, v []byte) error {
				if len(v) < 8 {
					return fmt.Errorf("state: utxo record of %d bytes", len(v))
				}
				pk := append(append([]byte{}, v[:8]...), k...) // the record starts with its height
				p, ok, err := r.Get(append(append([]byte{}, prefixPayload...), pk...))
				if err != nil || !ok {
					return err
				}
				es = append(es, [2][]byte{pk, p})
				return nil
			})
			if err != nil {
				return err
			}
			slices.SortFunc(es, func(a, b [2][]byte) int { return bytes.Compare(a[0], b[0]) })
			for _, e := range es {
				if err := fn(e[0], e[1]); err != nil {
					return err
				}
			}
			return nil
		},
	},
	// A further prefix is a further section here (and a new
	// SnapshotFormat): its entries ship with the subtree of the output id
	// its key names, and check verifies them against the chunk's leaves.
}

// prefixesOwned are every prefix a restore writes (and wipes before it
// starts): the sections', the tree's and the head's records.
func prefixesOwned() [][]byte {
	out := [][]byte{prefixTree, prefixValidator, prefixStake, prefixAward, prefixAux, []byte("m/")}
	for _, s := range snapshotSections {
		out = append(out, s.prefix)
	}
	return out
}

// ---- chunk encodings ----

// head is chunk 0.
type head struct {
	meta       *Meta
	metaBytes  []byte
	depth      int
	chunks     uint32
	plan       []uint32 // plan[i-1]: first subtree of chunk i
	frontier   []smt.Subtree
	validators [][]byte // encoded records, in key order
	awards     [][]byte // encoded records, in height order
	aux        [][2][]byte
}

// end returns the subtree after the last one of chunk i (i >= 1).
func (h *head) end(i uint32) uint32 {
	if int(i) < len(h.plan) {
		return h.plan[i]
	}
	return 1 << uint(h.depth)
}

func (h *head) encode() []byte {
	w := codec.NewWriter(1 << 16)
	w.Uint8(chunkKindHead)
	w.Var(h.metaBytes)
	w.Uint8(uint8(h.depth))
	w.Uint32(h.chunks)
	for _, p := range h.plan {
		w.Uint32(p)
	}
	for _, st := range h.frontier {
		w.Uint8(uint8(st.Kind))
		switch st.Kind {
		case smt.SubtreeLeaf:
			w.Fixed(st.Leaf.Key[:])
			w.Fixed(st.Leaf.Value[:])
		case smt.SubtreeInternal:
			w.Fixed(st.Hash[:])
		}
	}
	w.Uint32(uint32(len(h.validators)))
	for _, v := range h.validators {
		w.Var(v)
	}
	w.Uint32(uint32(len(h.awards)))
	for _, a := range h.awards {
		w.Var(a)
	}
	w.Uint32(uint32(len(h.aux)))
	for _, kv := range h.aux {
		w.Var(kv[0])
		w.Var(kv[1])
	}
	return w.Bytes()
}

// count reads a 32-bit count and checks it against max and the bytes left
// (each element at least minSize bytes).
func count(r *codec.Reader, max, minSize int) int {
	n := r.Uint32()
	if r.Err() != nil {
		return 0
	}
	if uint64(n) > uint64(max) || int(n) > r.Remaining()/minSize {
		r.Fail(fmt.Errorf("count %d (max %d, %d bytes left)", n, max, r.Remaining()))
		return 0
	}
	return int(n)
}

func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrSnapshotMalformed, fmt.Sprintf(format, args...))
}

// decodeHead decodes chunk 0 and checks everything it can check alone.
func decodeHead(b []byte) (*head, error) {
	if len(b) > MaxChunkBytes {
		return nil, malformed("head of %d bytes", len(b))
	}
	r := codec.NewReader(b)
	if k := r.Uint8(); r.Err() == nil && k != chunkKindHead {
		return nil, malformed("chunk 0 is of kind %d, not a head", k)
	}
	h := &head{metaBytes: r.Var(metaSize)}
	h.depth = int(r.Uint8())
	h.chunks = r.Uint32()
	if r.Err() != nil {
		return nil, malformed("head: %v", r.Err())
	}
	if h.depth > smt.MaxFrontierDepth {
		return nil, malformed("frontier depth %d", h.depth)
	}
	if h.chunks == 0 || h.chunks > MaxSnapshotChunks || int(h.chunks-1) > 1<<uint(h.depth) {
		return nil, malformed("%d chunks for %d subtrees", h.chunks, 1<<uint(h.depth))
	}
	if int(h.chunks-1)*4 > r.Remaining() {
		return nil, malformed("head truncated in its plan")
	}
	h.plan = make([]uint32, h.chunks-1)
	for i := range h.plan {
		h.plan[i] = r.Uint32()
		// Chunk 1 starts at subtree 0; each chunk holds one subtree at least.
		if (i == 0 && h.plan[i] != 0) || (i > 0 && h.plan[i] <= h.plan[i-1]) || h.plan[i] >= 1<<uint(h.depth) {
			return nil, malformed("plan: chunk %d starts at subtree %d", i+1, h.plan[i])
		}
	}
	if h.chunks == 1 {
		h.plan = nil
	}
	n := 1 << uint(h.depth)
	if n > r.Remaining() {
		return nil, malformed("head truncated in its frontier")
	}
	h.frontier = make([]smt.Subtree, n)
	for i := range h.frontier {
		switch k := smt.SubtreeKind(r.Uint8()); k {
		case smt.SubtreeEmpty:
			h.frontier[i] = smt.EmptySubtree()
		case smt.SubtreeLeaf:
			var e smt.Entry
			r.Fixed(e.Key[:])
			r.Fixed(e.Value[:])
			h.frontier[i] = smt.LeafSubtree(e)
		case smt.SubtreeInternal:
			h.frontier[i].Kind = k
			r.Fixed(h.frontier[i].Hash[:])
		default:
			r.Fail(fmt.Errorf("frontier entry %d of kind %d", i, k))
		}
		if r.Err() != nil {
			return nil, malformed("head: frontier: %v", r.Err())
		}
	}
	nv := count(r, maxValidators, 4)
	for i := 0; i < nv && r.Err() == nil; i++ {
		h.validators = append(h.validators, r.Var(maxRecordBytes))
	}
	na := count(r, maxAwards, 4)
	for i := 0; i < na && r.Err() == nil; i++ {
		h.awards = append(h.awards, r.Var(maxRecordBytes))
	}
	nx := count(r, maxAux, 8)
	for i := 0; i < nx && r.Err() == nil; i++ {
		h.aux = append(h.aux, [2][]byte{r.Var(maxAuxName), r.Var(maxAuxValue)})
	}
	if err := r.Finish(); err != nil {
		return nil, malformed("head: %v", err)
	}
	m, err := decodeMeta(h.metaBytes)
	if err != nil {
		return nil, malformed("head: metadata: %v", err)
	}
	h.meta = m
	return h, nil
}

// dataChunk is a chunk of index >= 1.
type dataChunk struct {
	index      uint32
	first, end uint32 // subtrees [first, end)
	entries    [][][2][]byte
}

func (c *dataChunk) encode() []byte {
	n := 16
	for _, es := range c.entries {
		for _, e := range es {
			n += len(e[0]) + len(e[1]) + 4
		}
	}
	w := codec.NewWriter(n)
	w.Uint8(chunkKindData)
	w.Uint32(c.index)
	w.Uint32(c.first)
	w.Uint32(c.end)
	w.Uint8(uint8(len(snapshotSections)))
	for i, s := range snapshotSections {
		w.Uint8(s.tag)
		w.Uint32(uint32(len(c.entries[i])))
		for _, e := range c.entries[i] {
			w.Fixed(e[0])
			if s.fixedValue > 0 {
				w.Fixed(e[1])
			} else {
				w.Var(e[1])
			}
		}
	}
	return w.Bytes()
}

// entrySize is the bytes one entry takes in a data chunk.
func (s *section) entrySize(value []byte) int {
	if s.fixedValue > 0 {
		return s.keyLen + s.fixedValue
	}
	return s.keyLen + 4 + len(value)
}

// decodeDataChunk decodes a data chunk and checks its layout: sections in
// order, keys strictly ascending, values within their caps.
func decodeDataChunk(b []byte) (*dataChunk, error) {
	if len(b) > MaxChunkBytes {
		return nil, malformed("chunk of %d bytes", len(b))
	}
	r := codec.NewReader(b)
	if k := r.Uint8(); r.Err() == nil && k != chunkKindData {
		return nil, malformed("chunk of kind %d, not data", k)
	}
	c := &dataChunk{index: r.Uint32(), first: r.Uint32(), end: r.Uint32()}
	if ns := r.Uint8(); r.Err() == nil && int(ns) != len(snapshotSections) {
		return nil, malformed("%d sections, format %d has %d", ns, SnapshotFormat, len(snapshotSections))
	}
	c.entries = make([][][2][]byte, len(snapshotSections))
	for i := range snapshotSections {
		s := &snapshotSections[i]
		if tag := r.Uint8(); r.Err() == nil && tag != s.tag {
			return nil, malformed("section %d has tag %q, want %q", i, tag, s.tag)
		}
		min := s.keyLen + s.fixedValue
		if s.fixedValue == 0 {
			min += 4
		}
		n := count(r, MaxChunkBytes, min)
		if r.Err() != nil {
			break
		}
		es := make([][2][]byte, 0, n)
		for j := 0; j < n; j++ {
			key := make([]byte, s.keyLen)
			r.Fixed(key)
			var v []byte
			if s.fixedValue > 0 {
				v = make([]byte, s.fixedValue)
				r.Fixed(v)
			} else {
				v = r.Var(s.maxValue)
			}
			if r.Err() != nil {
				break
			}
			if j > 0 && bytes.Compare(es[j-1][0], key) >= 0 {
				return nil, malformed("section %q: key %x after %x", s.tag, key, es[j-1][0])
			}
			es = append(es, [2][]byte{key, v})
		}
		c.entries[i] = es
	}
	if err := r.Finish(); err != nil {
		return nil, malformed("chunk: %v", err)
	}
	return c, nil
}

// Indexes of the sections in snapshotSections.
const (
	secUTXO = iota
	secSpent
	secPayload
)

// find returns the value of key in section sec (binary search).
func (c *dataChunk) find(sec int, key []byte) ([]byte, bool) {
	if sec < 0 || sec >= len(c.entries) {
		return nil, false
	}
	es := c.entries[sec]
	j, ok := slices.BinarySearchFunc(es, key, func(e [2][]byte, k []byte) int { return bytes.Compare(e[0], k) })
	if !ok {
		return nil, false
	}
	return es[j][1], true
}

// ---- export ----

// Export is a consistent view of the committed state for writing one
// snapshot. Close it when done: it pins the store's data until then.
type Export struct {
	snap *store.Snapshot
	meta *Meta
	// chunkSize is the size data chunks stay under (MaxChunkSize; tests
	// make it small).
	chunkSize int64
	// payloadsFrom leaves out the payloads of blocks before it
	// (SkipPayloadsBefore).
	payloadsFrom int64
}

// SkipPayloadsBefore leaves out of the snapshot the payloads of blocks
// before height. A snapshot stays on disk for a while after it is taken;
// the payloads it holds must not outlive the retention window there
// (ADR 0020), so the app ships only those still inside the window when
// the snapshot is deleted. A node restoring it lacks the others, as it
// lacks their blocks.
func (e *Export) SkipPayloadsBefore(height int64) { e.payloadsFrom = height }

// reader is the view the sections export from: the snapshot, without the
// payloads SkipPayloadsBefore leaves out.
func (e *Export) reader() store.Reader {
	if e.payloadsFrom <= 0 {
		return e.snap
	}
	return payloadsFrom{e.snap, e.payloadsFrom}
}

// payloadsFrom hides the payloads of blocks before from.
type payloadsFrom struct {
	store.Reader
	from int64
}

func (r payloadsFrom) Get(k []byte) ([]byte, bool, error) {
	if bytes.HasPrefix(k, prefixPayload) && len(k) >= len(prefixPayload)+8 &&
		int64(binary.BigEndian.Uint64(k[len(prefixPayload):])) < r.from {
		return nil, false, nil
	}
	return r.Reader.Get(k)
}

// NewExport takes a consistent view of the committed state now; the
// snapshot can be written from it later, while blocks commit.
func (s *State) NewExport() (*Export, error) {
	snap := s.db.Snapshot()
	raw, ok, err := snap.Get(keyMeta)
	if err == nil && !ok {
		err = ErrNotInitialized
	}
	if err != nil {
		snap.Close()
		return nil, err
	}
	m, err := decodeMeta(raw)
	if err != nil {
		snap.Close()
		return nil, fmt.Errorf("state: corrupt chain metadata: %w", err)
	}
	return &Export{snap: snap, meta: m, chunkSize: MaxChunkSize}, nil
}

// Height returns the height the export is of.
func (e *Export) Height() int64 { return e.meta.Height }

// AppHash returns the app hash the export is of.
func (e *Export) AppHash() []byte { return e.meta.AppHash() }

// Close releases the view.
func (e *Export) Close() error { return e.snap.Close() }

// Write produces the snapshot: it calls put for every chunk (data chunks
// in order, then the head, chunk 0, which needs what they computed) and
// returns the manifest. It checks what it exports: the frontier computed
// from the records must fold to the committed root, so a corrupt store is
// never served.
func (e *Export) Write(put func(index uint32, chunk []byte) error) (*SnapshotManifest, error) {
	depth, plan, err := e.plan()
	if err != nil {
		return nil, err
	}
	h := &head{meta: e.meta, metaBytes: e.meta.encode(), depth: depth, chunks: uint32(len(plan) + 1), plan: plan}
	h.frontier = make([]smt.Subtree, 1<<uint(depth))
	for i := range h.frontier {
		h.frontier[i] = smt.EmptySubtree()
	}
	hashes := make([]byte, 32*int(h.chunks))
	for i := uint32(1); i < h.chunks; i++ {
		c, err := e.dataChunk(h, i)
		if err != nil {
			return nil, err
		}
		b := c.encode()
		if len(b) > MaxChunkBytes {
			return nil, fmt.Errorf("state: snapshot chunk %d of %d bytes", i, len(b))
		}
		sum := sha256.Sum256(b)
		copy(hashes[32*i:], sum[:])
		if err := put(i, b); err != nil {
			return nil, err
		}
	}
	root, err := smt.FoldFrontier(nil, depth, h.frontier)
	if err != nil {
		return nil, err
	}
	if root != e.meta.TreeRoot {
		return nil, fmt.Errorf("state: snapshot of height %d: the records give the Merkle root %x, the committed root is %x: the store is corrupt (run stegosd audit)", e.meta.Height, root, e.meta.TreeRoot)
	}
	if err := e.headRecords(h); err != nil {
		return nil, err
	}
	b := h.encode()
	if len(b) > MaxChunkBytes {
		return nil, fmt.Errorf("state: snapshot head of %d bytes", len(b))
	}
	sum := sha256.Sum256(b)
	copy(hashes, sum[:])
	if err := put(0, b); err != nil {
		return nil, err
	}
	return &SnapshotManifest{Height: e.meta.Height, Format: SnapshotFormat, Chunks: h.chunks, Hash: snapshotHash(hashes), Metadata: hashes}, nil
}

// plan chooses the frontier depth and groups the subtrees into chunks of
// at most MaxChunkSize bytes. It reads every record once for their sizes.
func (e *Export) plan() (int, []uint32, error) {
	const fine = smt.MaxFrontierDepth
	sizes := make([]int64, 1<<fine)
	for i := range snapshotSections {
		s := &snapshotSections[i]
		err := s.export(e.reader(), nil, nil, func(k, v []byte) error {
			id := s.id(k)
			sizes[smt.SubtreeIndex(&id, fine)] += int64(s.entrySize(v))
			return nil
		})
		if err != nil {
			return 0, nil, fmt.Errorf("state: snapshot: %w", err)
		}
	}
	const overhead = 64 // chunk header and section headers
	for depth := minFrontierDepth; depth <= fine; depth++ {
		per := 1 << uint(fine-depth)
		sub := make([]int64, 1<<uint(depth))
		fits := true
		for i := range sub {
			for _, n := range sizes[i*per : (i+1)*per] {
				sub[i] += n
			}
			if sub[i]+overhead > e.chunkSize {
				fits = false
				break
			}
		}
		if !fits {
			continue
		}
		var plan []uint32
		var cur int64 = -1 // bytes in the open chunk; -1: none open
		for i, n := range sub {
			if n == 0 && cur < 0 {
				continue // empty subtrees before the first record join chunk 1 below
			}
			if cur < 0 || cur+n+overhead > e.chunkSize {
				plan = append(plan, uint32(i))
				cur = 0
			}
			cur += n
		}
		if len(plan) > 0 {
			plan[0] = 0 // chunk 1 starts at the first subtree
		}
		if len(plan)+1 > MaxSnapshotChunks {
			return 0, nil, fmt.Errorf("state: a snapshot would take %d chunks, more than %d", len(plan)+1, MaxSnapshotChunks)
		}
		return depth, plan, nil
	}
	return 0, nil, fmt.Errorf("state: a subtree of depth %d holds more than %d bytes: the state is too large for snapshots of format %d", fine, e.chunkSize, SnapshotFormat)
}

// dataChunk reads the records of chunk i and fills its subtrees'
// frontier entries.
func (e *Export) dataChunk(h *head, i uint32) (*dataChunk, error) {
	c := &dataChunk{index: i, first: h.plan[i-1], end: h.end(i), entries: make([][][2][]byte, len(snapshotSections))}
	lo := smt.SubtreeStart(h.depth, c.first)
	var hi []byte
	if c.end < 1<<uint(h.depth) {
		k := smt.SubtreeStart(h.depth, c.end)
		hi = k[:]
	}
	var leaves []smt.Entry
	for j := range snapshotSections {
		s := &snapshotSections[j]
		err := s.export(e.reader(), lo[:], hi, func(k, v []byte) error {
			c.entries[j] = append(c.entries[j], [2][]byte{k, v})
			if s.leaf != nil {
				leaves = append(leaves, s.leaf(k, v))
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("state: snapshot: %w", err)
		}
	}
	slices.SortFunc(leaves, func(a, b smt.Entry) int { return bytes.Compare(a.Key[:], b.Key[:]) })
	err := forEachSubtree(h.depth, c.first, c.end, leaves, func(idx uint32, es []smt.Entry) error {
		st, err := smt.BuildSubtree(nil, h.depth, idx, es)
		h.frontier[idx] = st
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("state: snapshot of height %d: %w", h.meta.Height, err)
	}
	return c, nil
}

// forEachSubtree calls fn for every subtree in [first, end) with its
// leaves (sorted), which must all lie in the range.
func forEachSubtree(depth int, first, end uint32, leaves []smt.Entry, fn func(idx uint32, es []smt.Entry) error) error {
	j := 0
	for idx := first; idx < end; idx++ {
		k := j
		for k < len(leaves) && smt.SubtreeIndex(&leaves[k].Key, depth) == idx {
			k++
		}
		if err := fn(idx, leaves[j:k]); err != nil {
			return err
		}
		j = k
	}
	if j != len(leaves) {
		return fmt.Errorf("%w: leaf %x lies outside subtrees %d..%d", ErrSnapshotMismatch, leaves[j].Key, first, end-1)
	}
	return nil
}

// headRecords reads the validator, award and auxiliary records.
func (e *Export) headRecords(h *head) error {
	add := func(prefix []byte, fn func(k, v []byte)) error {
		return e.snap.Iterate(prefix, func(k, v []byte) error { fn(k, v); return nil })
	}
	if err := add(prefixValidator, func(_, v []byte) { h.validators = append(h.validators, v) }); err != nil {
		return err
	}
	if err := add(prefixAward, func(_, v []byte) { h.awards = append(h.awards, v) }); err != nil {
		return err
	}
	return add(prefixAux, func(k, v []byte) { h.aux = append(h.aux, [2][]byte{k[len(prefixAux):], v}) })
}

// ---- restore ----

// Restore writes a snapshot into an empty state, chunk by chunk, each
// verified before anything of it is written. Not safe for concurrent use.
type Restore struct {
	s        *State
	manifest SnapshotManifest
	appHash  []byte
	next     uint32 // the chunk expected next
	h        *head
	done     bool
}

// BeginRestore starts restoring the snapshot m, whose app hash the caller
// trusts (CometBFT's light client verified it). The state must hold no
// chain; whatever an interrupted restore left is wiped first.
func (s *State) BeginRestore(m *SnapshotManifest, appHash []byte) (*Restore, error) {
	if err := m.Check(); err != nil {
		return nil, err
	}
	if len(appHash) != sha256.Size {
		return nil, fmt.Errorf("%w: trusted app hash of %d bytes", ErrSnapshotAppHash, len(appHash))
	}
	if s.Meta() != nil {
		return nil, fmt.Errorf("state: %s already holds a chain at height %d: state sync needs an empty data directory", s.db.Path(), s.Meta().Height)
	}
	if err := s.wipe(); err != nil {
		return nil, err
	}
	return &Restore{s: s, manifest: *m, appHash: bytes.Clone(appHash)}, nil
}

// Height returns the height being restored.
func (r *Restore) Height() int64 { return r.manifest.Height }

// Next returns the index of the chunk Apply expects.
func (r *Restore) Next() uint32 { return r.next }

// Done reports whether the state is restored.
func (r *Restore) Done() bool { return r.done }

// Apply verifies chunk index and writes it. It returns an error wrapping
// one of the ErrSnapshot values, and then has written nothing of the chunk
// (except for ErrSnapshotAudit, after which the store is wiped). After the
// last chunk it rebuilds the top of the tree, writes the metadata, audits
// the whole state and makes it the committed state.
func (r *Restore) Apply(index uint32, chunk []byte) error {
	if r.done {
		return fmt.Errorf("%w: the snapshot is restored already", ErrSnapshotOrder)
	}
	if index != r.next {
		return fmt.Errorf("%w: chunk %d, expected %d", ErrSnapshotOrder, index, r.next)
	}
	if index >= r.manifest.Chunks {
		return fmt.Errorf("%w: chunk %d of %d", ErrSnapshotOrder, index, r.manifest.Chunks)
	}
	if sum := sha256.Sum256(chunk); !bytes.Equal(sum[:], r.manifest.ChunkHash(index)) {
		return fmt.Errorf("%w: chunk %d hashes to %x", ErrSnapshotChunkHash, index, sum[:8])
	}
	var err error
	if index == 0 {
		err = r.applyHead(chunk)
	} else {
		err = r.applyData(index, chunk)
	}
	if err != nil {
		return err
	}
	r.next++
	if r.next == r.manifest.Chunks {
		return r.finish()
	}
	return nil
}

func mismatch(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrSnapshotMismatch, fmt.Sprintf(format, args...))
}

// applyHead verifies the head against the trusted app hash and writes its
// records with the restore marker.
func (r *Restore) applyHead(chunk []byte) error {
	h, err := decodeHead(chunk)
	if err != nil {
		return err
	}
	if got := h.meta.AppHash(); !bytes.Equal(got, r.appHash) {
		return fmt.Errorf("%w: the head's metadata hashes to %x, the trusted app hash is %x", ErrSnapshotAppHash, got, r.appHash)
	}
	if h.meta.Height != r.manifest.Height {
		return fmt.Errorf("%w: the head is of height %d, the snapshot of %d", ErrSnapshotAppHash, h.meta.Height, r.manifest.Height)
	}
	if h.chunks != r.manifest.Chunks {
		return malformed("the head plans %d chunks, the snapshot has %d", h.chunks, r.manifest.Chunks)
	}
	// The metadata is authentic from here on: everything else is checked
	// against it.
	root, err := smt.FoldFrontier(nil, h.depth, h.frontier)
	if err != nil {
		return malformed("frontier: %v", err)
	}
	if root != h.meta.TreeRoot {
		return mismatch("the frontier folds to %x, the committed tree root is %x", root, h.meta.TreeRoot)
	}
	b := r.s.db.NewBatch()
	defer b.Close()
	if err := checkHeadRecords(h, b); err != nil {
		return err
	}
	w := codec.NewWriter(40)
	w.Uint64(uint64(r.manifest.Height))
	w.Fixed(r.appHash)
	if err := b.Set(keyRestore, w.Bytes()); err != nil {
		return err
	}
	if err := b.Commit(false); err != nil {
		return fmt.Errorf("state: restore: %w", err)
	}
	r.h = h
	return nil
}

// checkHeadRecords checks the validator, award and auxiliary records of a
// head whose metadata is authentic, and stages them in b.
func checkHeadRecords(h *head, b store.Writer) error {
	var vs []*staking.Validator
	var rewards uint64
	for i, raw := range h.validators {
		v, err := staking.DecodeValidator(raw)
		if err != nil {
			return malformed("validator record %d: %v", i, err)
		}
		if !bytes.Equal(v.Encode(), raw) {
			return malformed("validator record %d is not canonical", i)
		}
		if i > 0 && bytes.Compare(vs[i-1].Key[:], v.Key[:]) >= 0 {
			return malformed("validator records out of key order at %d", i)
		}
		vs = append(vs, v)
		rewards += v.Rewards
		if err := b.Set(validatorKey(v.Key), raw); err != nil {
			return err
		}
	}
	// Authenticated: the metadata commits to the records' hash.
	if len(vs) > 0 || h.meta.ValidatorsHash != ([32]byte{}) {
		if got := validatorsHash(vs); got != h.meta.ValidatorsHash {
			return mismatch("the validator records hash to %x, the metadata commits to %x", got, h.meta.ValidatorsHash)
		}
	}
	if rewards != h.meta.Rewards {
		return mismatch("the validator records hold %d µSTG of rewards, the metadata %d", rewards, h.meta.Rewards)
	}
	// Award records are history the app hash does not commit to: they
	// must add up to what the metadata says the pool paid, in height order,
	// none after the snapshot.
	var awarded uint64
	var last int64 = -1
	for i, raw := range h.awards {
		a, err := decodeAward(raw)
		if err != nil {
			return malformed("award record %d: %v", i, err)
		}
		if a.Height <= last || a.Height > h.meta.Height {
			return mismatch("award record %d of height %d (previous %d, snapshot %d)", i, a.Height, last, h.meta.Height)
		}
		last = a.Height
		awarded += a.Amount
		if err := b.Set(awardKey(a.Height), raw); err != nil {
			return err
		}
	}
	if awarded != h.meta.Awarded {
		return mismatch("the award records pay %d µSTG, the metadata says %d", awarded, h.meta.Awarded)
	}
	// Auxiliary records are not committed to: the app checks what it
	// derives from them (the proposer schedule checks itself every block).
	for i, kv := range h.aux {
		if len(kv[0]) == 0 || (i > 0 && bytes.Compare(h.aux[i-1][0], kv[0]) >= 0) {
			return malformed("auxiliary record %d: name %q out of order", i, kv[0])
		}
		if err := b.Set(auxKey(string(kv[0])), kv[1]); err != nil {
			return err
		}
	}
	return nil
}

// applyData verifies a data chunk against the head's frontier and writes
// its records, their derived records and their subtrees' nodes in one
// batch.
func (r *Restore) applyData(index uint32, chunk []byte) error {
	c, err := decodeDataChunk(chunk)
	if err != nil {
		return err
	}
	h := r.h
	if c.index != index || c.first != h.plan[index-1] || c.end != h.end(index) {
		return malformed("chunk %d claims to be chunk %d of subtrees %d..%d; the plan says %d..%d", index, c.index, c.first, c.end, h.plan[index-1], h.end(index))
	}
	b := r.s.db.NewBatch()
	defer b.Close()
	var leaves []smt.Entry
	for i := range snapshotSections {
		s := &snapshotSections[i]
		for _, e := range c.entries[i] {
			id := s.id(e[0])
			if idx := smt.SubtreeIndex(&id, h.depth); idx < c.first || idx >= c.end {
				return mismatch("section %q: key %x lies in subtree %d, outside the chunk's %d..%d", s.tag, e[0], idx, c.first, c.end-1)
			}
			if s.leaf != nil {
				leaves = append(leaves, s.leaf(e[0], e[1]))
			}
		}
	}
	slices.SortFunc(leaves, func(a, b smt.Entry) int { return bytes.Compare(a.Key[:], b.Key[:]) })
	tree := store.NewPrefixed(b, prefixTree)
	err = forEachSubtree(h.depth, c.first, c.end, leaves, func(idx uint32, es []smt.Entry) error {
		st, err := smt.BuildSubtree(tree, h.depth, idx, es)
		if errors.Is(err, smt.ErrDuplicateKey) {
			return mismatch("subtree %d: %v", idx, err) // an id both unspent and spent
		}
		if err != nil {
			return err
		}
		if want := h.frontier[idx]; st.Kind != want.Kind || st.Hash != want.Hash {
			return mismatch("subtree %d: its %d leaves rebuild a subtree of kind %d and hash %x, the head commits to kind %d and hash %x", idx, len(es), st.Kind, st.Hash[:8], want.Kind, want.Hash[:8])
		}
		return nil
	})
	if err != nil {
		return err
	}
	// The leaves are authentic; the sections without leaves check
	// against them.
	for i := range snapshotSections {
		s := &snapshotSections[i]
		for _, e := range c.entries[i] {
			if s.check != nil {
				if err := s.check(h, c, e[0], e[1]); err != nil {
					return mismatch("section %q: %v", s.tag, err)
				}
			}
			if err := b.Set(append(append([]byte{}, s.prefix...), e[0]...), e[1]); err != nil {
				return err
			}
			if s.derive != nil {
				if err := s.derive(b, e[0], e[1]); err != nil {
					return mismatch("section %q: %v", s.tag, err)
				}
			}
		}
	}
	if err := b.Commit(false); err != nil {
		return fmt.Errorf("state: restore: %w", err)
	}
	return nil
}

// finish rebuilds the top of the tree, writes the metadata, audits the
// state and clears the marker. A failed audit wipes the store.
func (r *Restore) finish() error {
	h := r.h
	b := r.s.db.NewBatch()
	defer b.Close()
	root, err := smt.FoldFrontier(store.NewPrefixed(b, prefixTree), h.depth, h.frontier)
	if err != nil {
		return err
	}
	if root != h.meta.TreeRoot {
		return mismatch("the rebuilt tree root %x differs from the committed %x", root, h.meta.TreeRoot)
	}
	if err := b.Set(keyFormat, []byte{format}); err != nil {
		return err
	}
	if err := b.Set(keyMeta, h.metaBytes); err != nil {
		return err
	}
	if err := b.Commit(true); err != nil {
		return fmt.Errorf("state: restore: %w", err)
	}
	rep, err := r.s.Audit()
	if err == nil {
		// The tree as stored, the one blocks will update.
		var t *smt.Tree
		if t, err = smt.New(store.NewPrefixed(r.s.db, prefixTree)); err == nil && t.Root() != h.meta.TreeRoot {
			err = fmt.Errorf("the stored tree's root %x differs from the committed %x", t.Root(), h.meta.TreeRoot)
		}
	}
	if err == nil && !bytes.Equal(rep.AppHash, r.appHash) {
		err = fmt.Errorf("app hash %x, trusted %x", rep.AppHash, r.appHash)
	}
	if err != nil {
		if werr := r.s.wipe(); werr != nil {
			return errors.Join(fmt.Errorf("%w: %v", ErrSnapshotAudit, err), werr)
		}
		return fmt.Errorf("%w: %v", ErrSnapshotAudit, err)
	}
	// The marker goes last: a crash before this leaves a store that
	// RecoverRestore wipes at the next start.
	d := r.s.db.NewBatch()
	defer d.Close()
	if err := d.Delete(keyRestore); err != nil {
		return err
	}
	if err := d.Commit(true); err != nil {
		return fmt.Errorf("state: restore: %w", err)
	}
	m := *h.meta
	r.s.mu.Lock()
	r.s.meta = &m
	r.s.mu.Unlock()
	r.done = true
	r.s.log.Info("state restored from a snapshot", "height", m.Height, "outputs", rep.Outputs, "spent", rep.Spent, "chunks", r.manifest.Chunks)
	return nil
}

// RecoverRestore wipes what an interrupted restore left (a store with the
// restore marker) and reports whether it did. The state is then empty, as
// before the restore started: CometBFT state-syncs again, or starts from
// genesis. Call it before the state serves anything.
func (s *State) RecoverRestore() (bool, error) {
	_, ok, err := s.db.Get(keyRestore)
	if err != nil || !ok {
		return false, err
	}
	if err := s.wipe(); err != nil {
		return false, err
	}
	s.mu.Lock()
	s.meta = nil
	s.mu.Unlock()
	return true, nil
}

// wipe deletes every record a restore writes, in bounded batches, the
// marker last.
func (s *State) wipe() error {
	const per = 10_000
	for _, p := range prefixesOwned() {
		for {
			var keys [][]byte
			err := s.db.Iterate(p, func(k, _ []byte) error {
				if bytes.Equal(k, keyRestore) {
					return nil
				}
				keys = append(keys, k)
				if len(keys) == per {
					return store.ErrStop
				}
				return nil
			})
			if err != nil {
				return err
			}
			if len(keys) == 0 {
				break
			}
			b := s.db.NewBatch()
			for _, k := range keys {
				if err := b.Delete(k); err != nil {
					b.Close()
					return err
				}
			}
			if err := b.Commit(false); err != nil {
				return err
			}
		}
	}
	b := s.db.NewBatch()
	if err := b.Delete(keyRestore); err != nil {
		b.Close()
		return err
	}
	return b.Commit(true)
}
