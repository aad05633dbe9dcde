package app

import (
	"crypto/rand"
	"fmt"
	"slices"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stegos-go/stegos/crypto/bulletproofs"
	"github.com/stegos-go/stegos/internal/staking"
	"github.com/stegos-go/stegos/internal/state"
	"github.com/stegos-go/stegos/ledger"
)

// outputReader resolves unspent outputs: the committed state or a staged block.
type outputReader interface {
	Output(id ledger.OutputID) (*state.UTXO, bool, error)
	Spent(id ledger.OutputID) (bool, int64, error)
	Validator(key [32]byte) (*staking.Validator, bool, error)
}

// stateless returns the verdict for tx's bytes, running the stateless checks
// if they have not run on this node yet. Only verdicts of decodable
// transactions are cached: malformed bytes cost less to check again than
// the good verdicts a flood of them would evict.
func (a *App) stateless(tx []byte) *verdict {
	k := keyOf(tx)
	if v, ok := a.cache.get(k); ok {
		return v
	}
	c, err := ledger.CheckStateless(&a.params, tx)
	v := &verdict{checked: c, err: err}
	if err == nil {
		a.cache.put(k, v)
	}
	return v
}

// pendingRanges returns the verdicts whose range proof still needs
// verifying, and marks those without one as verified.
func pendingRanges(vs []*verdict) []*verdict {
	var pending []*verdict
	for _, v := range vs {
		if v.err != nil || v.rangeOK {
			continue
		}
		if v.checked.Range == nil {
			v.rangeOK = true
			continue
		}
		pending = append(pending, v)
	}
	return pending
}

// verifyRanges verifies the range proofs of the verdicts that still need
// it, in one batch (one multi-scalar multiplication). If the batch fails it
// bisects, so k bad proofs among n cost O(k·log n) smaller batches, and
// marks and returns the culprits; their verdicts stay cached as rejected.
// Only transactions this node admitted (mempool) or a decided block
// (FinalizeBlock without a ProcessProposal result) come here: a proposal is
// never bisected.
func (a *App) verifyRanges(vs []*verdict) (bad []*verdict) {
	return a.bisect(pendingRanges(vs), nil)
}

func (a *App) bisect(vs, bad []*verdict) []*verdict {
	switch len(vs) {
	case 0:
		return bad
	case 1:
		a.proofChecks.Add(1)
		if err := vs[0].checked.VerifyRange(); err != nil {
			vs[0].err = err
			return append(bad, vs[0])
		}
		vs[0].rangeOK = true
		return bad
	}
	if a.batchVerify(vs) == nil {
		return bad
	}
	bad = a.bisect(vs[:len(vs)/2], bad)
	return a.bisect(vs[len(vs)/2:], bad)
}

// batchVerify verifies the range proofs of vs in one batch and marks them
// verified if it passes.
func (a *App) batchVerify(vs []*verdict) error {
	a.proofChecks.Add(1)
	stmts := make([]bulletproofs.Statement, len(vs))
	for i, v := range vs {
		stmts[i] = *v.checked.Range
	}
	if err := bulletproofs.BatchVerify(rand.Reader, stmts); err != nil {
		return err
	}
	for _, v := range vs {
		v.rangeOK = true
	}
	return nil
}

// stateful checks a transaction whose stateless checks passed against the
// state in r (committed, or a staged block): every input unspent, no output
// id that exists or existed, then balance and signature (cached once
// passed). Every answer comes from the state alone (spent ids are
// committed state), so every node gives the same reason.
func (a *App) stateful(v *verdict, r outputReader, height int64) error {
	c := v.checked
	inputs := make([]ledger.Output, len(c.Tx.Inputs))
	for i, id := range c.Tx.Inputs {
		u, ok, err := r.Output(id)
		if err != nil {
			return fmt.Errorf("app: reading input %s: %w", id, err)
		}
		if !ok {
			spent, at, err := r.Spent(id)
			if err != nil {
				return fmt.Errorf("app: reading input %s: %w", id, err)
			}
			if spent {
				return &ledger.Error{Kind: ledger.KindDoubleSpend, Detail: fmt.Sprintf("input %d (%s) was spent in block %d", i, id, at)}
			}
			return &ledger.Error{Kind: ledger.KindUnknownInput, Detail: fmt.Sprintf("input %d (%s) is not an output of this chain", i, id)}
		}
		if so, ok := u.Output.(*ledger.StakeOutput); ok {
			if unlock := staking.UnlockHeight(u.Height, a.params.Staking); height < unlock {
				return &ledger.Error{Kind: ledger.KindStakeLocked, Detail: fmt.Sprintf("input %d (%s) is a stake of %d µSTG bonded at block %d, locked until block %d", i, id, so.Amount, u.Height, unlock)}
			}
		}
		inputs[i] = u.Output
	}
	for i, id := range c.OutputIDs {
		if _, ok, err := r.Output(id); err != nil {
			return fmt.Errorf("app: reading output %s: %w", id, err)
		} else if ok {
			return &ledger.Error{Kind: ledger.KindDuplicateOutput, Detail: fmt.Sprintf("output %d (%s) already exists", i, id)}
		}
		if spent, at, err := r.Spent(id); err != nil {
			return fmt.Errorf("app: reading output %s: %w", id, err)
		} else if spent {
			return &ledger.Error{Kind: ledger.KindDuplicateOutput, Detail: fmt.Sprintf("output %d (%s) existed and was spent in block %d: an output id exists once in the chain's life", i, id, at)}
		}
	}
	if err := a.checkStakes(c.Tx, r); err != nil {
		return err
	}
	owner, err := a.checkOp(c.Tx, r, height)
	if err != nil {
		return err
	}
	if v.inputsOK {
		return nil // the owner key of a record never changes
	}
	if err := c.CheckInputs(a.params.ChainID, inputs, owner); err != nil {
		v.err = err // balance and signature depend only on the bytes
		return err
	}
	v.inputsOK = true
	return nil
}

// blockResult is a block validated and applied to a staged state.
type blockResult struct {
	hash    string
	block   *state.Block
	meta    *state.Meta
	results []error // per tx; nil = applied
	applied []*verdict
	keys    []txKey // of the applied txs
	// updates are the validator set changes for CometBFT.
	updates []abci.ValidatorUpdate
}

// execute validates txs in order against a fresh staged block and applies
// the valid ones. With strict set it stops at the first invalid one
// (ProcessProposal); otherwise it records the error and goes on
// (FinalizeBlock, which must accept what consensus decided).
func (a *App) execute(height int64, txs [][]byte, info blockInfo, strict bool) (*blockResult, error) {
	blk, err := a.st.NewBlock(height)
	if err != nil {
		return nil, err
	}
	res := &blockResult{block: blk, results: make([]error, len(txs))}
	// The first transaction may be the proposer's beacon contribution.
	var btx []byte
	first := 0
	if len(txs) > 0 && IsBeaconTx(txs[0]) {
		btx, first = txs[0], 1
	}
	out, err := a.checkBeacon(blk, info.proposer, btx)
	if err != nil {
		if ledger.KindOf(err) == 0 || strict {
			blk.Discard()
			if ledger.KindOf(err) == 0 {
				return nil, err
			}
			if len(txs) == 0 {
				res.results = []error{err}
			} else {
				res.results[0] = err
			}
			return res, nil
		}
		// A decided block: consensus accepted it; go on without it.
		a.log.Warn("decided block with a bad beacon contribution", "height", height, "err", err)
	}
	info.vrfOutput = out
	vs := make([]*verdict, len(txs))
	for i, tx := range txs {
		if i < first {
			vs[i] = &verdict{rangeOK: true} // the beacon: no range proof
			continue
		}
		vs[i] = a.stateless(tx)
	}
	if !strict {
		// A decided block: find which proofs fail, so that exactly the
		// others are applied.
		a.verifyRanges(vs)
	}
	for i, v := range vs {
		if i < first {
			continue // the beacon contribution, checked above
		}
		err := v.err
		if err == nil {
			err = a.stateful(v, blk, height)
		}
		if err == nil {
			if err := blk.ApplyTx(v.checked); err != nil {
				blk.Discard()
				return nil, fmt.Errorf("app: applying tx %d of block %d: %w", i, height, err)
			}
			res.applied = append(res.applied, v)
			res.keys = append(res.keys, keyOf(txs[i]))
		}
		if err != nil {
			if ledger.KindOf(err) == 0 {
				blk.Discard()
				return nil, err // storage failure, not a verdict
			}
			if strict {
				blk.Discard()
				res.results[i] = err
				return res, nil
			}
		}
		res.results[i] = err
	}
	if strict {
		// Every cheap check passed; the proofs this node has not verified
		// yet go in one batch, and a proposal whose batch fails is rejected
		// whole: finding the culprit would let a proposer make every
		// validator pay for its bisection.
		if pending := pendingRanges(vs); len(pending) > 0 && a.batchVerify(pending) != nil {
			blk.Discard()
			i := slices.Index(vs, pending[0])
			res.results[i] = &ledger.Error{Kind: ledger.KindBadRangeProof, Detail: fmt.Sprintf("the range proofs of the %d transactions this node had not verified (from tx %d on) fail as one batch", len(pending), i)}
			return res, nil
		}
	}
	if res.updates, err = a.stakingBlock(blk, info); err != nil {
		blk.Discard()
		return nil, fmt.Errorf("app: staking at block %d: %w", height, err)
	}
	// Every node drops the payloads (and the transaction index) of the
	// block that leaves the retention window now: payments and data alike
	// (ADR 0020). An archive node keeps them with its blocks.
	if !a.archive {
		if _, err := blk.Expire(height - a.params.PayloadRetention); err != nil {
			blk.Discard()
			return nil, fmt.Errorf("app: block %d: %w", height, err)
		}
	}
	if res.meta, err = blk.Finish(); err != nil {
		blk.Discard()
		return nil, err
	}
	return res, nil
}

// firstError returns the index and error of the first rejected tx, or -1.
func (r *blockResult) firstError() (int, error) {
	for i, err := range r.results {
		if err != nil {
			return i, err
		}
	}
	return -1, nil
}
