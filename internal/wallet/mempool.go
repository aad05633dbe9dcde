package wallet

import (
	"context"
	"encoding/hex"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/txbuilder"
)

// scanMempool finds payments to scanning accounts in transactions still in
// the node's mempool: the pending part of their balance. Transactions the
// account sent itself are left out (their change is counted from history).
func (s *Service) scanMempool(ctx context.Context) error {
	txs, err := s.cfg.Source.Mempool(ctx)
	if err != nil {
		return err
	}
	s.mu.Lock()
	var changed []*account
	for _, a := range s.accounts {
		if a.sec == nil {
			continue
		}
		next := make(map[string]uint64, len(a.mempool))
		for _, tx := range txs {
			id := tx.ID()
			txid := hex.EncodeToString(id[:])
			if v, ok := a.mempool[txid]; ok {
				next[txid] = v
				continue
			}
			var h historyRecord
			if ok, _ := getJSON(s.db, historyKey(a.rec.ID, txid), &h); ok {
				continue
			}
			var in uint64
			for i, out := range tx.Outputs {
				rc, ok, err := txbuilder.Receive(a.sec.viewOnly, out, uint32(i))
				if err == nil && ok {
					in += rc.Amount
				}
			}
			if in > 0 {
				next[txid] = in
			}
		}
		if !sameAmounts(a.mempool, next) {
			changed = append(changed, a)
		}
		a.mempool = next
	}
	events := s.balanceEvents(changed)
	s.mu.Unlock()
	for _, e := range events {
		s.cfg.Notify(api.TopicBalance, e)
	}
	return nil
}

func sameAmounts(a, b map[string]uint64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
