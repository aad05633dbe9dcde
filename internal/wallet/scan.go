package wallet

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/crypto/payload"
	"github.com/stegos-go/stegos/crypto/stealth"
	"github.com/stegos-go/stegos/internal/chainsrc"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/txbuilder"
)

// Scanning states (api.SyncStatus.State).
const (
	stateSynced   = "synced"
	stateScanning = "scanning"
	stateLocked   = "locked"
	stateWaiting  = "waiting for node"
)

// syncEvery is the minimum time between two wallet.sync events of an
// account that is catching up.
const syncEvery = 500 * time.Millisecond

// run is the scanner loop.
func (s *Service) run(ctx context.Context) {
	defer close(s.done)
	t := time.NewTicker(s.cfg.Poll)
	defer t.Stop()
	for {
		if err := s.step(ctx); err != nil && ctx.Err() == nil {
			s.log.Warn("wallet scan", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.wake:
		}
	}
}

// step scans every unlocked account up to the tip, then looks at the
// mempool and at the transactions still pending.
func (s *Service) step(ctx context.Context) error {
	tip, err := s.cfg.Source.Tip(ctx)
	if err != nil {
		s.setWaiting(fmt.Sprintf("cannot reach the node: %v", err))
		return err
	}
	s.mu.Lock()
	s.tip = max(s.tip, tip)
	s.mu.Unlock()
	if err := s.verifyAnchors(ctx, tip); err != nil {
		return err
	}
	if err := s.scanTo(ctx, tip); err != nil {
		return err
	}
	if err := s.scanMempool(ctx); err != nil {
		return err
	}
	if err := s.followPending(ctx, tip); err != nil {
		return err
	}
	s.autoSweep(ctx)
	return nil
}

// setWaiting marks every scanning account as waiting for the node.
func (s *Service) setWaiting(reason string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range s.accounts {
		if a.sec != nil {
			a.state, a.reason = stateWaiting, reason
		}
	}
}

// verifyAnchors checks, once per account and service start, that the block
// an account last scanned is still the node's block at that height. A node
// restored from an older snapshot is behind: the account waits until the
// node has that block again. A different block means another chain: the
// account stops scanning rather than mixing two chains.
func (s *Service) verifyAnchors(ctx context.Context, tip int64) error {
	s.mu.Lock()
	var todo []*account
	for _, a := range s.accounts {
		if a.sec != nil && !a.anchored {
			todo = append(todo, a)
		}
	}
	s.mu.Unlock()
	for _, a := range todo {
		s.mu.Lock()
		h, want, id := a.rec.ScannedHeight, a.rec.ScannedHash, a.rec.ID
		s.mu.Unlock()
		if h > tip {
			s.setState(a, stateWaiting, fmt.Sprintf("the node is at block %d but this wallet has scanned up to %d (was the node restored from a snapshot?); waiting for the node to catch up", tip, h))
			continue
		}
		if h > 0 && want != "" {
			b, err := s.cfg.Source.Block(ctx, h)
			if errors.Is(err, chainsrc.ErrPruned) {
				// The node dropped the block after the retention window
				// (ADR 0020): nothing to compare. If the next block is
				// pruned too, the account restores from the UTXO set
				// (restoreFromCores), which replaces what it recorded.
				s.log.Info("the last block this account scanned is pruned; its anchor is not checked", "account", id, "height", h)
			} else if err != nil {
				return err
			} else if got := hex.EncodeToString(b.Hash); got != want {
				s.setState(a, stateWaiting, fmt.Sprintf("block %d is %s on the node but was %s when this wallet scanned it: the node follows another chain; scanning stopped", h, got[:16], want[:16]))
				s.log.Error("wallet anchor mismatch: not scanning this account", "account", id, "height", h)
				continue
			}
		}
		s.mu.Lock()
		a.anchored = true
		s.mu.Unlock()
	}
	return nil
}

func (s *Service) setState(a *account, state, reason string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a.state, a.reason = state, reason
}

// scanTo fetches each block once and applies it to every account that is
// at the height before it.
func (s *Service) scanTo(ctx context.Context, tip int64) error {
	s.mu.Lock()
	from := tip
	for _, a := range s.accounts {
		if a.sec != nil && a.anchored {
			from = min(from, a.rec.ScannedHeight)
		}
	}
	s.mu.Unlock()
	if err := s.scanGenesis(ctx); err != nil {
		return err
	}
	lastEvent := time.Now()
	for h := from + 1; h <= tip; h++ {
		if ctx.Err() != nil {
			return nil
		}
		b, err := s.cfg.Source.Block(ctx, h)
		if errors.Is(err, chainsrc.ErrPruned) {
			// The node no longer keeps the block: the accounts that need
			// it restore from the UTXO set's cores, then follow blocks
			// from there at the next step.
			return s.restoreFromCores(ctx, h-1)
		}
		if err != nil {
			s.setWaiting(fmt.Sprintf("cannot fetch block %d: %v", h, err))
			return err
		}
		tried := s.tryBlock(b, func(a *account) bool { return a.rec.ScannedHeight == h-1 })
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			return nil
		}
		var changed []*account
		for _, a := range s.accounts {
			if a.sec == nil || !a.anchored || a.rec.ScannedHeight != h-1 || tried[a] == nil {
				continue
			}
			touched, err := s.applyBlock(a, b, tried[a])
			if err != nil {
				id := a.rec.ID
				s.mu.Unlock()
				return fmt.Errorf("wallet: account %s, block %d: %w", id, h, err)
			}
			a.state, a.reason = stateScanning, ""
			if h == tip {
				a.state = stateSynced
			}
			if touched {
				changed = append(changed, a)
			}
		}
		events := s.balanceEvents(changed)
		deliveries := s.takeData()
		var syncs []api.SyncStatus
		if h == tip || time.Since(lastEvent) > syncEvery {
			for _, a := range s.accounts {
				if a.sec != nil && a.rec.ScannedHeight == h {
					syncs = append(syncs, s.syncStatus(a))
				}
			}
			lastEvent = time.Now()
		}
		s.mu.Unlock()
		for _, e := range events {
			s.cfg.Notify(api.TopicBalance, e)
		}
		for _, e := range syncs {
			s.cfg.Notify(api.TopicSync, e)
		}
		s.deliverData(deliveries)
	}
	s.mu.Lock()
	for _, a := range s.accounts {
		if a.sec != nil && a.anchored && a.rec.ScannedHeight == tip {
			a.state, a.reason = stateSynced, ""
		}
	}
	s.mu.Unlock()
	return nil
}

// scanGenesis applies the genesis allocations to accounts that start from
// the beginning of the chain.
func (s *Service) scanGenesis(ctx context.Context) error {
	s.mu.Lock()
	need := false
	for _, a := range s.accounts {
		need = need || (a.sec != nil && a.anchored && !a.rec.GenesisScanned && a.rec.ScannedHeight == 0)
	}
	s.mu.Unlock()
	if !need {
		return nil
	}
	g, err := s.cfg.Source.Genesis(ctx)
	if err != nil {
		s.setWaiting(fmt.Sprintf("cannot fetch the genesis: %v", err))
		return err
	}
	starts := func(a *account) bool { return !a.rec.GenesisScanned && a.rec.ScannedHeight == 0 }
	tried := s.tryBlock(g, starts)
	s.mu.Lock()
	defer s.mu.Unlock()
	var changed []*account
	for _, a := range s.accounts {
		if a.sec == nil || !a.anchored || !starts(a) || tried[a] == nil {
			continue
		}
		a.rec.GenesisScanned = true // saved with the block
		touched, err := s.applyBlock(a, g, tried[a])
		if err != nil {
			a.rec.GenesisScanned = false
			return fmt.Errorf("wallet: account %s, genesis: %w", a.rec.ID, err)
		}
		if touched {
			changed = append(changed, a)
		}
	}
	for _, e := range s.balanceEvents(changed) {
		s.cfg.Notify(api.TopicBalance, e)
	}
	return nil
}

// tryBlock tries the outputs of b with the view key of every scanning
// account that due(a) selects, outside the lock (the slow part of a scan).
// An account whose keys change meanwhile is caught by applyBlock's caller
// comparing heights again under the lock.
func (s *Service) tryBlock(b *chainsrc.Block, due func(*account) bool) map[*account][][]found {
	s.mu.Lock()
	keys := map[*account]*stealth.Keys{}
	for _, a := range s.accounts {
		if a.sec != nil && a.anchored && due(a) {
			keys[a] = a.sec.viewOnly
		}
	}
	s.mu.Unlock()
	out := make(map[*account][][]found, len(keys))
	for a, k := range keys {
		out[a] = receiveBlock(k, b)
	}
	return out
}

// received is an output of a transaction found to be ours.
type received struct {
	index uint32
	rc    *txbuilder.Received
}

// applyBlock records what block b means for account a, atomically with
// the new scanned height. It reports whether the account's funds changed.
// s.mu must be held.
func (s *Service) applyBlock(a *account, b *chainsrc.Block, tried [][]found) (bool, error) {
	batch := s.db.NewBatch()
	defer batch.Close()
	touched := false
	var statuses []api.TxStatusEvent
	var data []DataOutput
	for ti, tx := range b.Txs {
		id := tx.ID()
		txid := hex.EncodeToString(id[:])
		delete(a.mempool, txid)
		var spent uint64
		spentStake, gotStake := false, false
		for _, in := range tx.Inputs {
			var o outputRecord
			k := outputKey(a.rec.ID, hex.EncodeToString(in[:]))
			ok, err := getJSON(batch, k, &o)
			if err != nil {
				return false, err
			}
			if ok {
				spent += o.Amount
				spentStake = spentStake || o.Stake
				if err := deleteRecord(batch, k); err != nil {
					return false, err
				}
			}
		}
		var mine []received
		for i, out := range tx.Outputs {
			f := tried[ti][i]
			if f.err != nil {
				s.log.Warn("an output for this account does not open; ignoring it", "account", a.rec.ID, "tx", txid, "index", i, "err", f.err)
				continue
			}
			rc := f.rc
			if rc == nil {
				continue
			}
			if rc.PayloadErr != nil {
				// The core opened (the funds are ours and spendable) but
				// the payload did not: a broken or hostile sender. The
				// memo is lost; the error names the output, no secret.
				s.log.Warn("an output for this account has a payload that does not open; funds kept, memo lost", "account", a.rec.ID, "tx", txid, "index", i, "err", rc.PayloadErr)
			}
			mine = append(mine, received{uint32(i), rc})
			if isData(rc) {
				d, err := recordData(batch, a.rec.ID, b.Height, b.Time, ti, txid, uint32(i), rc)
				if err != nil {
					return false, err
				}
				data = append(data, d)
			}
			_, stake := out.(*ledger.StakeOutput)
			gotStake = gotStake || stake
			o := outputRecord{ID: hex.EncodeToString(rc.ID[:]), TxID: txid, Index: uint32(i), Height: b.Height, Amount: rc.Amount, Encoded: ledger.EncodeCore(out), Stake: stake}
			if err := setJSON(batch, outputKey(a.rec.ID, o.ID), &o); err != nil {
				return false, err
			}
			if stake {
				// Kept for good: the first stake to a validator holds
				// the owner key of its record (see stake.go).
				if err := setJSON(batch, stakeRecordKey(a.rec.ID, o.ID), &o); err != nil {
					return false, err
				}
			}
		}
		if spent == 0 && len(mine) == 0 {
			continue
		}
		if spent == 0 && onlyZeroData(mine) {
			// Only messages for this account: recorded above as data and
			// as zero-value coins, but no history entry (a flood of them).
			continue
		}
		touched = true
		var h historyRecord
		known, err := getJSON(batch, historyKey(a.rec.ID, txid), &h)
		if err != nil {
			return false, err
		}
		if !known {
			h = s.newHistory(a, tx, txid, spent, mine)
			if k := txKind(tx, spentStake, gotStake && spent > 0); k != "" || h.Kind != KindData { // a stake someone else bonded to us (genesis) is a receipt
				h.Kind = k
			}
		}
		h.Status, h.Reason, h.Height, h.Time, h.Tx = api.StatusConfirmed, "", b.Height, b.Time.UTC(), nil
		if err := setJSON(batch, historyKey(a.rec.ID, txid), &h); err != nil {
			return false, err
		}
		if known {
			statuses = append(statuses, api.TxStatusEvent{Account: a.rec.ID, TxID: txid, Status: api.StatusConfirmed, Height: b.Height})
		}
	}
	rec := a.rec
	rec.ScannedHeight, rec.ScannedHash = b.Height, hex.EncodeToString(b.Hash)
	if err := putAccount(batch, &rec); err != nil {
		return false, err
	}
	if err := batch.Commit(touched || len(data) > 0); err != nil {
		return false, err
	}
	a.rec = rec
	a.newData = append(a.newData, data...)
	for _, e := range statuses {
		s.cfg.Notify(api.TopicTxStatus, e)
	}
	return touched, nil
}

// newHistory describes a confirmed transaction the wallet did not send
// itself (or sent before a recovery): incoming funds, or an outgoing
// payment reconstructed from the sender's note in its change output.
// s.mu must be held.
func (s *Service) newHistory(a *account, tx *ledger.Tx, txid string, spent uint64, mine []received) historyRecord {
	h := historyRecord{Seq: a.rec.NextTxSeq}
	a.rec.NextTxSeq++
	h.TxID = txid
	var in uint64
	for _, m := range mine {
		in += m.rc.Amount
	}
	if spent == 0 {
		h.Direction, h.Received = "in", in
		for _, m := range mine {
			h.Payments = append(h.Payments, api.Payment{Index: m.index, Amount: m.rc.Amount, Memo: memoOf(m.rc)})
		}
		return h
	}
	// Outgoing: what left is spent - change - fee.
	h.Direction, h.Fee = "out", tx.Fee
	if in+tx.Fee >= spent {
		h.Direction = "self"
	} else {
		h.Sent = spent - in - tx.Fee
	}
	for _, m := range mine {
		if m.rc.Payload == nil {
			continue
		}
		if n, err := decodeNote(m.rc.Payload.Data); err == nil {
			h.Salt = n.Salt
			if isDataNote(n) {
				// A SendData transaction (data.go): one summary row.
				h.Kind, h.Direction, h.Sent, h.Change = KindData, "out", 0, m.rc.Amount
				h.Payments = summaryRow(s.paymentIndex(a, tx, n.Payments[0].To, n.Salt), n.Payments[0].To.String(s.net))
				return h
			}
			for _, p := range n.Payments {
				h.Payments = append(h.Payments, api.Payment{Index: s.paymentIndex(a, tx, p.To, n.Salt), Address: p.To.String(s.net), Amount: p.Amount, Memo: string(p.Memo)})
			}
			h.Change += m.rc.Amount
		}
	}
	if h.Payments == nil && h.Sent > 0 {
		h.Payments = []api.Payment{{Amount: h.Sent}}
	}
	return h
}

// paymentIndex finds the output of tx that pays to, by recomputing the tx
// secrets the wallet derived when it built tx with salt (needs the spend
// key; 0 when locked or not found).
func (s *Service) paymentIndex(a *account, tx *ledger.Tx, to stealth.Address, salt []byte) uint32 {
	sk, err := a.sec.keys.SpendKey()
	if err != nil {
		return 0
	}
	for i, out := range tx.Outputs {
		so, _, err := stealth.NewOutputWithSecret(txSecret(sk, tx.Inputs, uint32(i), salt), to, uint32(i))
		if err == nil && so.OneTimeKey == out.Owner().OneTimeKey {
			return uint32(i)
		}
	}
	return 0
}

// memoOf returns the memo of a received payment ("" for data packets and
// public outputs).
func memoOf(rc *txbuilder.Received) string {
	if rc.Payload == nil || rc.Payload.Type != payload.TypePayment {
		return ""
	}
	if _, err := decodeNote(rc.Payload.Data); err == nil {
		return ""
	}
	return string(bytes.ToValidUTF8(rc.Payload.Data, []byte("\uFFFD")))
}

// balanceEvents builds balance events for accounts. s.mu must be held.
func (s *Service) balanceEvents(accs []*account) []api.BalanceEvent {
	var out []api.BalanceEvent
	for _, a := range accs {
		b, err := s.balance(a)
		if err != nil {
			s.log.Warn("wallet balance", "account", a.rec.ID, "err", err)
			continue
		}
		out = append(out, api.BalanceEvent{Balance: b, Name: a.rec.Name})
	}
	return out
}

// syncStatus describes how far a has scanned. s.mu must be held.
func (s *Service) syncStatus(a *account) api.SyncStatus {
	st := api.SyncStatus{Account: a.rec.ID, ScannedHeight: a.rec.ScannedHeight, ChainHeight: s.tip, State: a.state, Reason: a.reason}
	switch {
	case a.legacy:
		st.State, st.Reason = stateLocked, fmt.Sprintf("scanned up to block %d; unlock the account to resume scanning", a.rec.ScannedHeight)
	case a.sec == nil:
		st.State, st.Reason = stateLocked, "locked since the wallet started (how far it scanned is encrypted on disk); unlock the account to resume scanning"
	}
	st.Synced = a.sec != nil && a.anchored && a.rec.ScannedHeight >= s.tip && st.State != stateWaiting
	if st.Synced {
		st.State = stateSynced
	}
	return st
}

// SyncStatus reports how far an account has scanned.
func (s *Service) SyncStatus(ctx context.Context, ref string) (api.SyncStatus, error) {
	s.refreshTip(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.lookup(ref)
	if err != nil {
		return api.SyncStatus{}, err
	}
	return s.syncStatus(a), nil
}
