package wallet

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/stegos-go/stegos/api"
)

// balance computes an account's balance. s.mu must be held.
func (s *Service) balance(a *account) (api.Balance, error) {
	b := api.Balance{Account: a.rec.ID, ScannedHeight: a.rec.ScannedHeight}
	err := iterJSON(s.db, outputPrefix(a.rec.ID), func(o *outputRecord) error {
		if o.Stake {
			b.Staked += o.Amount
			return nil
		}
		if o.ReservedBy != "" {
			b.Locked += o.Amount
		} else {
			b.Available += o.Amount
		}
		return nil
	})
	if err != nil {
		return b, err
	}
	for _, v := range a.mempool {
		b.Pending += v
	}
	err = iterJSON(s.db, historyPrefix(a.rec.ID), func(h *historyRecord) error {
		if h.Status == api.StatusPending || h.Status == api.StatusRetrying {
			b.Pending += h.Change
		}
		return nil
	})
	return b, err
}

// lockedError says why the figures of an account without keys in memory
// are not available, and what to do.
func lockedError(a *account) error {
	if a.legacy {
		return fmt.Errorf("%w: %q has scanned up to block %d; unlock it to resume scanning", ErrLocked, a.rec.Name, a.rec.ScannedHeight)
	}
	return fmt.Errorf("%w: %q has been locked since the wallet started, and its balance and history are encrypted on disk until it is unlocked (the wallet keeps no figure in clear); unlock it to see them and resume scanning", ErrLocked, a.rec.Name)
}

// ready returns an account that has scanned up to the tip, or why not.
// s.mu must be held.
func (s *Service) ready(ref string) (*account, error) {
	a, err := s.lookup(ref)
	if err != nil {
		return nil, err
	}
	if a.sec == nil {
		return nil, lockedError(a)
	}
	// The scanner polls: allow the block committed since its last look.
	if st := s.syncStatus(a); !st.Synced && (st.State == stateWaiting || a.rec.ScannedHeight+1 < s.tip) {
		return nil, &SyncingError{Status: st}
	}
	return a, nil
}

// Balance returns an account's balance. It fails with *SyncingError while
// the account has not scanned up to the chain tip, so a figure is never
// shown as final when it is not.
func (s *Service) Balance(ctx context.Context, ref string) (api.Balance, error) {
	s.refreshTip(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.ready(ref)
	if err != nil {
		return api.Balance{}, err
	}
	return s.balance(a)
}

// History returns an account's transactions, newest first (pending ones
// before confirmed ones), after skipping offset, at most limit (100 if 0).
func (s *Service) History(ref string, limit, offset int) ([]api.HistoryEntry, error) {
	if limit <= 0 {
		limit = 100
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.lookup(ref)
	if err != nil {
		return nil, err
	}
	if a.sealed() {
		return nil, lockedError(a)
	}
	var all []historyRecord
	if err := iterJSON(s.db, historyPrefix(a.rec.ID), func(h *historyRecord) error { all = append(all, *h); return nil }); err != nil {
		return nil, err
	}
	slices.SortFunc(all, func(x, y historyRecord) int {
		if c := cmp.Compare(heightKey(y), heightKey(x)); c != 0 {
			return c
		}
		return cmp.Compare(y.Seq, x.Seq)
	})
	out := []api.HistoryEntry{}
	for i := offset; i < len(all) && len(out) < limit; i++ {
		e := all[i].HistoryEntry
		if e.Status == api.StatusConfirmed && s.tip >= e.Height {
			e.Confirmations = s.tip - e.Height + 1
		}
		if e.Payments == nil {
			e.Payments = []api.Payment{}
		}
		out = append(out, e)
	}
	return out, nil
}

// refreshTip asks the node for its tip, so that a scanner busy with a long
// rescan cannot make an account look synced with a stale tip.
func (s *Service) refreshTip(ctx context.Context) {
	tip, err := s.cfg.Source.Tip(ctx)
	if err != nil {
		return
	}
	s.mu.Lock()
	s.tip = max(s.tip, tip)
	s.mu.Unlock()
}

// heightKey sorts unconfirmed entries first.
func heightKey(h historyRecord) int64 {
	if h.Status != api.StatusConfirmed {
		return 1 << 62
	}
	return h.Height
}
