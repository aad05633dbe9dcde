package state

import (
	"fmt"

	"github.com/gtank/ristretto255"
	"github.com/stegos-go/stegos/crypto/pedersen"
	"github.com/stegos-go/stegos/internal/codec"
	"github.com/stegos-go/stegos/internal/store"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/smt"
)

// Block stages the changes of one block (or of genesis). Reads through a
// Block see its own pending writes. A Block is single-use: Commit or Discard
// it.
type Block struct {
	s     *State
	batch *store.Batch
	meta  Meta
	sum   *ristretto255.Element
	gamma *ristretto255.Scalar
	// leaves are the tree changes in the order they happened; Finish
	// keeps the last value of each key.
	leaves []smt.Entry
	closed bool
	// validatorsChanged makes Finish recompute Meta.ValidatorsHash.
	validatorsChanged bool
	// applied counts the transactions applied: the next one's position.
	applied uint32
	// expired is the last block whose payloads Expire dropped, or -1.
	expired int64
}

// NewBlock starts staging block height on top of the committed state.
func (s *State) NewBlock(height int64) (*Block, error) {
	m := s.Meta()
	if m == nil {
		return nil, ErrNotInitialized
	}
	if height != m.Height+1 {
		return nil, fmt.Errorf("state: block %d does not follow committed height %d", height, m.Height)
	}
	return s.newBlock(*m, height)
}

func (s *State) newBlock(m Meta, height int64) (*Block, error) {
	b := &Block{s: s, batch: s.db.NewBatch(), meta: m, expired: -1}
	b.meta.Height = height
	var err error
	if b.sum, err = decodeElement(m.CommitSum); err != nil {
		return nil, fmt.Errorf("state: commitment sum: %w", err)
	}
	if b.gamma, err = ristretto255.NewScalar().SetCanonicalBytes(m.Gamma[:]); err != nil {
		return nil, fmt.Errorf("state: gamma: %w", err)
	}
	return b, nil
}

func decodeElement(b [32]byte) (*ristretto255.Element, error) {
	return ristretto255.NewIdentityElement().SetCanonicalBytes(b[:])
}

// Output returns an unspent output as of the staged changes.
func (b *Block) Output(id ledger.OutputID) (*UTXO, bool, error) { return getUTXO(b.batch, id) }

// Spent reports whether id was spent, as of the staged changes, and in
// which block.
func (b *Block) Spent(id ledger.OutputID) (bool, int64, error) { return getSpent(b.batch, id) }

// Add adds an unspent output. Adding an id that exists or existed is an
// error: the ledger rules reject duplicate outputs before this point.
func (b *Block) Add(u *UTXO) error {
	c, err := ledger.Commitment(u.Output)
	if err != nil {
		return fmt.Errorf("state: output %s: %w", u.ID, err)
	}
	return b.add(u, c)
}

// add adds u whose commitment c the caller already has.
func (b *Block) add(u *UTXO, c *pedersen.Commitment) error {
	key := utxoKey(u.ID)
	if _, ok, err := b.batch.Get(key); err != nil {
		return err
	} else if ok {
		return fmt.Errorf("state: output %s already exists", u.ID)
	}
	if spent, h, err := b.Spent(u.ID); err != nil {
		return err
	} else if spent {
		return fmt.Errorf("state: output %s existed and was spent in block %d", u.ID, h)
	}
	rec := u.encode()
	if err := b.batch.Set(key, rec); err != nil {
		return err
	}
	if co, ok := u.Output.(*ledger.ConfidentialOutput); ok && co.Payload != nil {
		if err := b.batch.Set(payloadKey(u.Height, u.ID), co.Payload[:]); err != nil {
			return err
		}
	}
	b.sum.Add(b.sum, c.Element())
	b.leaves = append(b.leaves, smt.Entry{Key: u.ID, Value: leafValue(rec)})
	if so, ok := u.Output.(*ledger.StakeOutput); ok {
		return b.bond(u.ID, so)
	}
	return nil
}

// Spend removes an unspent output; a stake output leaves its validator's
// stake.
func (b *Block) Spend(id ledger.OutputID) error { return b.spend(id, true) }

func (b *Block) spend(id ledger.OutputID, unbond bool) error {
	u, ok, err := b.Output(id)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("state: spending %s: not in the UTXO set", id)
	}
	c, err := ledger.Commitment(u.Output)
	if err != nil {
		return fmt.Errorf("state: output %s: %w", id, err)
	}
	if err := b.batch.Delete(utxoKey(id)); err != nil {
		return err
	}
	w := codec.NewWriter(8)
	w.Uint64(uint64(b.meta.Height))
	if err := b.batch.Set(spentKey(id), w.Bytes()); err != nil {
		return err
	}
	b.sum.Subtract(b.sum, c.Element())
	b.leaves = append(b.leaves, smt.Entry{Key: id, Value: spentLeaf})
	if so, ok := u.Output.(*ledger.StakeOutput); ok && unbond {
		return b.unbond(id, so)
	}
	return nil
}

// ApplyTx applies a transaction that passed every ledger check: spends its
// inputs, adds its outputs, burns its fee and takes its gamma into account.
func (b *Block) ApplyTx(c *ledger.Checked) error {
	for _, in := range c.Tx.Inputs {
		if err := b.Spend(in); err != nil {
			return err
		}
	}
	for i, o := range c.Tx.Outputs {
		u := &UTXO{ID: c.OutputIDs[i], Output: o, Height: b.meta.Height, Index: uint32(i)}
		// CheckStateless decoded the commitments already.
		if err := b.add(u, c.Commitments[i]); err != nil {
			return err
		}
	}
	if op := c.Tx.Op; op != nil {
		if err := b.applyOp(op); err != nil {
			return err
		}
	}
	if c.Tx.Fee > b.meta.Supply {
		return fmt.Errorf("state: fee %d exceeds supply %d", c.Tx.Fee, b.meta.Supply)
	}
	b.meta.Supply -= c.Tx.Fee
	b.meta.Burned += c.Tx.Fee
	g, err := ristretto255.NewScalar().SetCanonicalBytes(c.Tx.Gamma[:])
	if err != nil {
		return fmt.Errorf("state: gamma: %w", err)
	}
	b.gamma.Subtract(b.gamma, g)
	b.applied++
	return b.indexTx(c.ID, b.applied-1)
}

// Finish updates the tree, checks the supply invariant and returns the
// metadata (with the new root) the block would commit. Call it once, after
// the last change.
func (b *Block) Finish() (*Meta, error) {
	// An output created and spent in the same block reaches the tree as
	// spent: the last change of each key wins.
	last := make(map[[32]byte]int, len(b.leaves))
	for i, e := range b.leaves {
		last[e.Key] = i
	}
	sets := make([]smt.Entry, 0, len(last))
	for i, e := range b.leaves {
		if last[e.Key] == i {
			sets = append(sets, e)
		}
	}
	tree, err := smt.NewCached(store.NewPrefixed(b.batch, prefixTree), b.s.tree)
	if err != nil {
		return nil, fmt.Errorf("state: opening tree: %w", err)
	}
	if err := tree.Update(sets, nil); err != nil {
		return nil, fmt.Errorf("state: updating tree: %w", err)
	}
	b.meta.TreeRoot = tree.Root()
	copy(b.meta.CommitSum[:], b.sum.Bytes())
	copy(b.meta.Gamma[:], b.gamma.Bytes())
	if err := b.meta.CheckSupply(); err != nil {
		return nil, fmt.Errorf("state: block %d: %w", b.meta.Height, err)
	}
	if b.validatorsChanged {
		vs, err := b.Validators()
		if err != nil {
			return nil, err
		}
		b.meta.ValidatorsHash = validatorsHash(vs)
	}
	if err := b.meta.checkRewards(); err != nil {
		return nil, fmt.Errorf("state: block %d: %w", b.meta.Height, err)
	}
	m := b.meta
	return &m, nil
}

// Commit writes the staged block and its metadata atomically and durably.
func (b *Block) Commit() error {
	if b.closed {
		return fmt.Errorf("state: block %d already closed", b.meta.Height)
	}
	if err := b.batch.Set(keyMeta, b.meta.encode()); err != nil {
		return err
	}
	if err := b.batch.Commit(true); err != nil {
		return fmt.Errorf("state: committing block %d: %w", b.meta.Height, err)
	}
	b.closed = true
	m := b.meta
	b.s.mu.Lock()
	b.s.meta = &m
	b.s.mu.Unlock()
	if b.expired >= 0 && b.meta.Height%b.s.compactEvery == 0 {
		b.s.compactInBackground(b.expired)
	}
	return nil
}

// Discard drops the staged changes.
func (b *Block) Discard() {
	if !b.closed {
		b.batch.Close()
		b.closed = true
	}
}

// Genesis stages the genesis allocations: outputs (index = position), the
// total supply they hold, and the published gamma such that
// Σ C(outputs) = supply·H + gamma·G. Finish checks that equation, so a
// genesis whose allocations do not add up is refused.
func (s *State) Genesis(outputs []ledger.Output, supply uint64, gamma [32]byte) (*Block, error) {
	if m := s.Meta(); m != nil {
		return nil, fmt.Errorf("state: %s already holds a chain at height %d", s.db.Path(), m.Height)
	}
	var m Meta
	copy(m.CommitSum[:], ristretto255.NewIdentityElement().Bytes())
	m.Gamma = gamma
	m.Supply = supply
	b, err := s.newBlock(m, 0)
	if err != nil {
		return nil, fmt.Errorf("state: genesis: %w", err)
	}
	if err := b.batch.Set(keyFormat, []byte{format}); err != nil {
		b.Discard()
		return nil, err
	}
	for i, o := range outputs {
		if err := b.Add(&UTXO{ID: ledger.ID(o), Output: o, Height: 0, Index: uint32(i)}); err != nil {
			b.Discard()
			return nil, fmt.Errorf("state: genesis output %d: %w", i, err)
		}
	}
	return b, nil
}
