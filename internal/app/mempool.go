package app

import (
	"context"
	"fmt"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stegos-go/stegos/ledger"
)

// The app's view of CometBFT's mempool (ADR 0018). CometBFT keeps the
// transactions; the app keeps which inputs they spend, so a second spend of
// an input already pending is refused (first seen wins, no replacement):
// one coin holds at most one mempool slot. After every block CometBFT
// rechecks each remaining transaction in mempool order; Commit clears the
// index and the rechecks rebuild it, so it holds exactly what the mempool
// holds, and what a block spent or evicted leaves it on every node.
//
// A transaction whose signature verified but whose range proof does not
// quarantines its inputs on this node: spends of them are refused for
// MempoolConfig.QuarantineBlocks blocks. Only the owner of an input can
// sign it into a transaction, so the quarantine cannot be aimed at
// someone else's coin, and each bad proof costs its sender a coin's use
// for that long while costing the node one verification.

// poolIndex is the conflict index and the quarantine.
type poolIndex struct {
	claims     map[ledger.OutputID]txKey
	quarantine map[ledger.OutputID]int64 // input → last height it is refused at
}

func newPoolIndex() *poolIndex {
	return &poolIndex{claims: map[ledger.OutputID]txKey{}, quarantine: map[ledger.OutputID]int64{}}
}

// conflict returns an error if one of inputs is spent by another pending
// transaction than k or quarantined at height.
func (p *poolIndex) conflict(inputs []ledger.OutputID, k txKey, height int64) error {
	for i, in := range inputs {
		if until, ok := p.quarantine[in]; ok && height <= until {
			return &ledger.Error{Kind: ledger.KindQuarantined, Detail: fmt.Sprintf("input %d (%s) was signed into a transaction with a bad range proof; this node refuses spends of it until block %d", i, in, until+1)}
		}
		if other, ok := p.claims[in]; ok && other != k {
			return &ledger.Error{Kind: ledger.KindMempoolConflict, Detail: fmt.Sprintf("input %d (%s) is spent by a transaction already in the mempool (wait for it to be included or dropped)", i, in)}
		}
	}
	return nil
}

// claim records inputs as spent by pending transaction k.
func (p *poolIndex) claim(inputs []ledger.OutputID, k txKey) {
	for _, in := range inputs {
		p.claims[in] = k
	}
}

// punish quarantines the inputs of a signed transaction whose range proof
// failed, up to and including block until.
func (p *poolIndex) punish(inputs []ledger.OutputID, until int64) {
	for _, in := range inputs {
		p.quarantine[in] = until
	}
}

// newBlock forgets the claims (the rechecks after the block rebuild them)
// and the quarantines that ended.
func (p *poolIndex) newBlock(committed int64) {
	clear(p.claims)
	for in, until := range p.quarantine {
		if until <= committed {
			delete(p.quarantine, in)
		}
	}
}

// CheckTx admits a transaction to the mempool (ADR 0018): the stateless
// checks, the quarantine and the conflict index, the inputs against
// committed state, the balance and the signature, then the range proof
// (unless deferred) — cheapest first, each once per node.
func (a *App) CheckTx(_ context.Context, req *abci.RequestCheckTx) (*abci.ResponseCheckTx, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	err := a.admit(req.Tx)
	if err != nil {
		if ledger.KindOf(err) == 0 {
			return nil, err
		}
		return rejectCheck(err), nil
	}
	return &abci.ResponseCheckTx{Code: abci.CodeTypeOK, GasWanted: 1}, nil
}

func (a *App) admit(tx []byte) error {
	k := keyOf(tx)
	height := a.nextHeight()
	// The quarantine and the conflict index need only the input ids: a
	// flood of spends of one coin is refused before anything else is
	// decoded, and leaves nothing in the verdict cache.
	if ins, err := ledger.PeekInputs(tx); err == nil {
		if err := a.pool.conflict(ins, k, height); err != nil {
			return err
		}
	}
	v, cached := a.cache.get(k)
	if !cached {
		c, err := ledger.CheckStateless(&a.params, tx)
		if err != nil {
			return err // malformed bytes: cheaper to check again than to cache
		}
		v = &verdict{checked: c}
	}
	if v.err != nil {
		return v.err
	}
	if err := a.stateful(v, a.st, height); err != nil {
		if v.err != nil {
			a.cache.put(k, slim(v)) // bad balance or signature: for good
		}
		return err // inputs missing, spent or locked: may change, not cached
	}
	if !v.rangeOK && !a.mempool.DeferRangeProofs {
		a.verifyRanges([]*verdict{v})
		if v.err != nil {
			// The signature passed: the owner of the inputs sent it.
			a.pool.punish(v.checked.Tx.Inputs, height+a.mempool.QuarantineBlocks-1)
			a.cache.put(k, slim(v))
			return v.err
		}
	}
	a.cache.put(k, v)
	a.pool.claim(v.checked.Tx.Inputs, k)
	return nil
}

// slim returns a rejected verdict without the decoded transaction: a
// cached rejection costs a few bytes, not the transaction's ~10 KB.
func slim(v *verdict) *verdict { return &verdict{err: v.err} }

func rejectCheck(err error) *abci.ResponseCheckTx {
	return &abci.ResponseCheckTx{Code: uint32(ledger.KindOf(err)), Codespace: "ledger", Log: err.Error()}
}

// nextHeight is the height of the block a transaction checked now would
// join.
func (a *App) nextHeight() int64 {
	if m := a.st.Meta(); m != nil {
		return m.Height + 1
	}
	return 1
}
