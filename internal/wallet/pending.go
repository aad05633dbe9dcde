package wallet

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/internal/chainsrc"
	"github.com/stegos-go/stegos/ledger"
)

// pendingTx is a transaction waiting for a block.
type pendingTx struct {
	a *account
	h historyRecord
}

// followPending resubmits transactions the node dropped (a node restart, a
// mempool eviction) and declares failed, releasing their inputs, those
// that cannot be included any more. It only looks at accounts scanned up
// to tip, so a transaction already in a block is never mistaken for lost.
func (s *Service) followPending(ctx context.Context, tip int64) error {
	inPool, err := s.mempoolIDs(ctx)
	if err != nil {
		return err
	}
	s.mu.Lock()
	var todo []pendingTx
	for _, a := range s.accounts {
		if a.sec == nil || a.rec.ScannedHeight < tip {
			continue
		}
		err := iterJSON(s.db, historyPrefix(a.rec.ID), func(h *historyRecord) error {
			if (h.Status == api.StatusPending || h.Status == api.StatusRetrying) && !inPool[h.TxID] && tip-h.SubmittedAt >= s.cfg.ResubmitAfter {
				todo = append(todo, pendingTx{a, *h})
			}
			return nil
		})
		if err != nil {
			s.mu.Unlock()
			return err
		}
	}
	s.mu.Unlock()
	for _, p := range todo {
		if err := s.resubmit(ctx, p, tip); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) mempoolIDs(ctx context.Context) (map[string]bool, error) {
	txs, err := s.cfg.Source.Mempool(ctx)
	if err != nil {
		return nil, err
	}
	ids := make(map[string]bool, len(txs))
	for _, tx := range txs {
		id := tx.ID()
		ids[hex.EncodeToString(id[:])] = true
	}
	return ids, nil
}

// resubmit decides the fate of one dropped transaction.
func (s *Service) resubmit(ctx context.Context, p pendingTx, tip int64) error {
	tx, err := ledger.DecodeTx(p.h.Tx)
	if err != nil {
		s.fail(p.a, p.h.TxID, fmt.Sprintf("its stored encoding is unreadable (%v)", err))
		return nil
	}
	if _, err := s.cfg.Source.Tx(ctx, tx.ID()); err == nil {
		return nil // committed after the scan: the scanner confirms it next
	} else if !errors.Is(err, chainsrc.ErrNotFound) {
		return err
	}
	for _, in := range tx.Inputs {
		ok, err := s.cfg.Source.Unspent(ctx, in)
		if err != nil {
			return err
		}
		if !ok {
			s.fail(p.a, p.h.TxID, fmt.Sprintf("input %s was spent by another transaction", hex.EncodeToString(in[:8])))
			return nil
		}
	}
	if p.h.Attempts >= s.cfg.MaxAttempts {
		s.fail(p.a, p.h.TxID, fmt.Sprintf("the node dropped it %d times", p.h.Attempts))
		return nil
	}
	err = s.cfg.Source.Broadcast(ctx, tx)
	var rej *chainsrc.RejectError
	if errors.As(err, &rej) {
		s.fail(p.a, p.h.TxID, "rejected by the node: "+rej.Reason)
		return nil
	}
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var h historyRecord
	if ok, err := getJSON(s.db, historyKey(p.a.rec.ID, p.h.TxID), &h); err != nil || !ok || h.Status == api.StatusConfirmed {
		return err
	}
	h.Attempts++
	h.Status, h.SubmittedAt = api.StatusRetrying, tip
	h.Reason = fmt.Sprintf("the node dropped it (a restart or a full mempool); submitted again, attempt %d of %d", h.Attempts, s.cfg.MaxAttempts)
	batch := s.db.NewBatch()
	defer batch.Close()
	if err := setJSON(batch, historyKey(p.a.rec.ID, h.TxID), &h); err != nil {
		return err
	}
	if err := batch.Commit(true); err != nil {
		return err
	}
	s.log.Info("resubmitted a dropped transaction", "account", p.a.rec.ID, "tx", h.TxID, "attempt", h.Attempts)
	s.cfg.Notify(api.TopicTxStatus, api.TxStatusEvent{Account: p.a.rec.ID, TxID: h.TxID, Status: api.StatusRetrying, Reason: h.Reason})
	return nil
}
