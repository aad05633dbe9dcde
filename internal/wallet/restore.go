package wallet

import (
	"context"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/crypto/stealth"
	"github.com/stegos-go/stegos/internal/chainsrc"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/txbuilder"
)

// restorePage is how many cores one Source.Cores call asks for (a node
// answers at most app.MaxCoresPage). Tests make it small to page.
var restorePage = 1000

// KindRestored is the history kind of an output that a restore found in
// the UTXO set after the retention window (restoreFromCores). The block
// that made it is pruned, so its transaction id, time, sender and memo are
// gone: the entry has the output's height, index and amount only.
const KindRestored = "restored"

// restoredOutput is an output of an account found among the cores.
type restoredOutput struct {
	core chainsrc.Core
	rc   *txbuilder.Received
}

// restoreFromCores brings the accounts that have scanned up to block from,
// whose next block the node has pruned (ADR 0020), up to date from the UTXO
// set instead of the blocks.
//
// It pages through Source.Cores and tries every core with each account's
// view key, so a view-only account restores too (the spend key is needed
// only to spend). The cores stand in for the pruned blocks only: with E
// the lowest block the node keeps, it records, in one batch per account,
// the outputs found that were made up to block E−1, each with a history
// entry of kind KindRestored; deletes the outputs the account had recorded
// that are no longer unspent; and moves the scanned height to E−1. Block
// scanning goes on from E, so the outputs of the window are found in their
// blocks, with their memos and bus data.
//
// The chain moves on while the pages are read, so they come from states
// at or after E−1. The result is still right because the blocks from E on
// are scanned:
//   - an output made in block E or later is left out here and recorded
//     when its block is scanned;
//   - an output made before E and spent since is either in its page
//     (recorded here, then deleted when the block that spends it is
//     scanned) or already missing from it (never recorded: that block
//     spends nothing the account knows of, and nothing is counted twice).
//
// If the node prunes past E while this runs, the next scan finds block E
// pruned and restores again; outputs are de-duplicated by id, and one the
// account already has (a genesis allocation, or an output of a block
// scanned before the window passed) keeps its record and history.
func (s *Service) restoreFromCores(ctx context.Context, from int64) error {
	s.mu.Lock()
	keys := map[*account]*stealth.Keys{}
	ids := map[*account]string{} // a.rec is written under s.mu
	for _, a := range s.accounts {
		if a.sec != nil && a.anchored && a.rec.ScannedHeight == from {
			keys[a], ids[a] = a.sec.viewOnly, a.rec.ID
			a.state, a.reason = stateScanning, fmt.Sprintf("block %d is pruned: restoring from the UTXO set", from+1)
		}
	}
	s.mu.Unlock()
	if len(keys) == 0 {
		return nil
	}
	// Outputs made in the blocks the node still keeps are left to the
	// block scan, which reads their payloads (memos, bus data): the cores
	// stand in only for the pruned blocks, up to cutoff.
	earliest, err := s.cfg.Source.Earliest(ctx)
	if err != nil {
		return fmt.Errorf("wallet: restoring from the UTXO set: %w", err)
	}
	cutoff := earliest - 1
	if cutoff <= from {
		return fmt.Errorf("wallet: block %d is pruned, but the node says it keeps blocks from %d; will retry", from+1, earliest)
	}
	start := time.Now()
	var lastEvent time.Time // the first page's progress is published
	mine := make(map[*account][]restoredOutput, len(keys))
	var after *ledger.OutputID
	state, checked := int64(-1), 0
	for {
		if ctx.Err() != nil {
			return nil
		}
		page, h, err := s.cfg.Source.Cores(ctx, after, restorePage)
		if err != nil {
			s.setWaiting(fmt.Sprintf("cannot read the UTXO set to restore from it: %v", err))
			return fmt.Errorf("wallet: restoring from the UTXO set: %w", err)
		}
		if state < 0 {
			state = h
		}
		for a, k := range keys {
			for i, f := range receiveCores(k, page) {
				switch {
				case f.err != nil:
					s.log.Warn("an output for this account does not open; ignoring it", "account", ids[a], "output", hex.EncodeToString(page[i].ID[:]), "err", f.err)
				case f.rc != nil:
					mine[a] = append(mine[a], restoredOutput{page[i], f.rc})
				}
			}
		}
		checked += len(page)
		s.restoreProgress(keys, from, fmt.Sprintf("restoring from the UTXO set: %d outputs checked", checked), &lastEvent)
		if len(page) < restorePage {
			break
		}
		after = &page[len(page)-1].ID
	}
	if state < cutoff {
		return fmt.Errorf("wallet: the node's state is at block %d, below the blocks it keeps (from %d)", state, earliest)
	}
	s.mu.Lock()
	var changed []*account
	for a := range keys {
		if s.closed {
			break
		}
		if a.sec == nil || a.rec.ScannedHeight != from {
			continue // changed meanwhile
		}
		added, removed, err := s.applyRestore(a, cutoff, mine[a])
		if err != nil {
			id := a.rec.ID
			s.mu.Unlock()
			return fmt.Errorf("wallet: account %s, restoring from the UTXO set: %w", id, err)
		}
		a.state, a.reason = stateScanning, ""
		changed = append(changed, a)
		s.log.Info("account restored from the UTXO set", "account", a.rec.ID, "checked", checked, "found", len(mine[a]), "added", added, "removed", removed, "height", cutoff, "state", state, "took", time.Since(start))
	}
	events := s.balanceEvents(changed)
	var syncs []api.SyncStatus
	for _, a := range changed {
		syncs = append(syncs, s.syncStatus(a))
	}
	s.mu.Unlock()
	for _, e := range events {
		s.cfg.Notify(api.TopicBalance, e)
	}
	for _, e := range syncs {
		s.cfg.Notify(api.TopicSync, e)
	}
	return nil
}

// restoreProgress shows reason in the sync status of the accounts being
// restored, and publishes it at most every syncEvery.
func (s *Service) restoreProgress(keys map[*account]*stealth.Keys, from int64, reason string, last *time.Time) {
	s.mu.Lock()
	var syncs []api.SyncStatus
	publish := time.Since(*last) > syncEvery
	for a := range keys {
		if a.sec == nil || a.rec.ScannedHeight != from {
			continue
		}
		a.state, a.reason = stateScanning, reason
		if publish {
			syncs = append(syncs, s.syncStatus(a))
		}
	}
	s.mu.Unlock()
	if publish {
		*last = time.Now()
	}
	for _, e := range syncs {
		s.cfg.Notify(api.TopicSync, e)
	}
}

// applyRestore records what restoreFromCores found for account a made up
// to block cutoff (the last pruned block), atomically with cutoff as the
// new scanned height; the blocks after it are scanned as usual. Block
// cutoff is gone, so the scanned hash stays empty (no anchor to check).
// It returns how many outputs it added and how many it removed. s.mu must
// be held.
func (s *Service) applyRestore(a *account, cutoff int64, outs []restoredOutput) (added, removed int, err error) {
	batch := s.db.NewBatch()
	defer batch.Close()
	unspent := make(map[string]bool, len(outs))
	for _, o := range outs {
		unspent[hex.EncodeToString(o.core.ID[:])] = true
	}
	had := map[string]bool{}
	err = iterJSON(s.db, outputPrefix(a.rec.ID), func(o *outputRecord) error {
		had[o.ID] = true
		if unspent[o.ID] {
			return nil
		}
		// Spent in a block the node no longer keeps.
		removed++
		return deleteRecord(batch, outputKey(a.rec.ID, o.ID))
	})
	if err != nil {
		return 0, 0, err
	}
	rec := a.rec
	for _, o := range outs {
		id := hex.EncodeToString(o.core.ID[:])
		if had[id] || o.core.Height > cutoff {
			continue
		}
		_, stake := o.core.Output.(*ledger.StakeOutput)
		r := outputRecord{ID: id, Index: o.core.Index, Height: o.core.Height, Amount: o.rc.Amount, Encoded: ledger.EncodeCore(o.core.Output), Stake: stake}
		if err := setJSON(batch, outputKey(a.rec.ID, id), &r); err != nil {
			return 0, 0, err
		}
		if stake {
			if err := setJSON(batch, stakeRecordKey(a.rec.ID, id), &r); err != nil {
				return 0, 0, err
			}
		}
		h := historyRecord{Seq: rec.NextTxSeq}
		rec.NextTxSeq++
		h.Direction, h.Kind, h.Status, h.Height = "in", KindRestored, api.StatusConfirmed, o.core.Height
		h.Received, h.Payments = o.rc.Amount, []api.Payment{{Index: o.core.Index, Amount: o.rc.Amount}}
		if err := setJSON(batch, historyKey(a.rec.ID, "restored-"+id), &h); err != nil {
			return 0, 0, err
		}
		added++
	}
	rec.ScannedHeight, rec.ScannedHash, rec.GenesisScanned = cutoff, "", true
	if err := putAccount(batch, &rec); err != nil {
		return 0, 0, err
	}
	if err := batch.Commit(true); err != nil {
		return 0, 0, err
	}
	a.rec = rec
	return added, removed, nil
}
