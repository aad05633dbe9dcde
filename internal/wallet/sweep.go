package wallet

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/txbuilder"
)

// Zero-value outputs (data packets, messages) cost the chain a UTXO record
// each for as long as they are unspent, and the wallet nothing to keep: it
// spends them as extra inputs of the transactions it builds (pickCoins),
// and Sweep consolidates them when there are many (ADR 0020). Either way
// the transaction is an ordinary payment: amounts are hidden, so an extra
// input is just an input.
const (
	// maxSweepInputs bounds the zero-value outputs one transaction spends
	// besides the coins that pay it. Each costs only its 32-byte id in
	// fees (FeePerByte·32: 256 µSTG for 8 at 1 µSTG/byte, against about
	// 4 000 µSTG for a 1-in/2-out payment).
	maxSweepInputs = 8
	// sweepThreshold is how many zero-value outputs make a consolidation
	// (Sweep) worth a transaction of its own.
	sweepThreshold = 8
	// autoSweepAt is how many zero-value outputs make the scanner
	// consolidate an unlocked account by itself (autoSweep): a full
	// transaction's worth, so an account that only receives messages
	// keeps at most that many in the UTXO set.
	autoSweepAt = ledger.MaxInputs - 1
)

// ErrNothingToSweep is returned by Sweep for an account with fewer than
// sweepThreshold zero-value outputs.
var ErrNothingToSweep = errors.New("nothing to sweep")

// splitCoins returns the coins with an amount, largest first, and the
// zero-value ones, oldest first.
func splitCoins(coins map[ledger.OutputID]*outputRecord) (funded, zero []*outputRecord) {
	for _, c := range coins {
		if c.Amount == 0 {
			zero = append(zero, c)
		} else {
			funded = append(funded, c)
		}
	}
	slices.SortFunc(funded, func(x, y *outputRecord) int {
		if c := cmp.Compare(y.Amount, x.Amount); c != 0 {
			return c
		}
		return cmp.Compare(x.ID, y.ID)
	})
	slices.SortFunc(zero, func(x, y *outputRecord) int {
		if c := cmp.Compare(x.Height, y.Height); c != 0 {
			return c
		}
		return cmp.Compare(x.ID, y.ID)
	})
	return funded, zero
}

// sweepZero adds to picked, coins that leave room µSTG once the amount is
// paid, as many of the zero-value outputs zero as the bound
// (maxSweepInputs, ledger.MaxInputs) and room allow, and returns the
// inputs and the fee: fee if it is above the minimum for their number,
// else that minimum. minFee is the fee of picked alone.
func (s *Service) sweepZero(picked, zero []*outputRecord, room, fee, minFee uint64) ([]*outputRecord, uint64) {
	for k := min(len(zero), maxSweepInputs, ledger.MaxInputs-len(picked)); k > 0; k-- {
		if f := max(fee, txbuilder.MinFee(s.cfg.Params, len(picked)+k, 2)); f <= room {
			return append(picked, zero[:k]...), f
		}
	}
	return picked, minFee
}

// autoSweep consolidates, by Sweep, every unlocked, synced account that
// holds autoSweepAt zero-value outputs or more. A consolidation that fails
// (no coin to pay its fee, say) is tried again only once the account holds
// a different number of them. It runs after the scanner caught up, so its
// time follows the arrival of the last message, as any reply would.
func (s *Service) autoSweep(ctx context.Context) {
	s.mu.Lock()
	var due []string // account ids: a.rec is written under s.mu
	for _, a := range s.accounts {
		if a.sec == nil || a.rec.ViewOnly || !a.unlocked || a.state != stateSynced {
			continue
		}
		coins, err := s.spendable(a)
		if err != nil {
			continue
		}
		if _, zero := splitCoins(coins); len(zero) >= autoSweepAt && len(zero) != a.sweptAt {
			a.sweptAt = len(zero)
			due = append(due, a.rec.ID)
		}
	}
	s.mu.Unlock()
	for _, id := range due {
		res, err := s.Sweep(ctx, id)
		if err != nil {
			s.log.Info("automatic consolidation of zero-value outputs not made", "account", id, "err", err)
			continue
		}
		s.log.Info("consolidated zero-value outputs", "account", id, "tx", res.TxID)
	}
}

// Sweep consolidates an account's zero-value outputs when it holds at
// least sweepThreshold of them (ErrNothingToSweep otherwise). Payments
// already spend up to maxSweepInputs of them each; Sweep is for an account
// that receives many and pays nothing. The scanner calls it by itself at
// autoSweepAt (autoSweep); callers may sweep earlier.
//
// The consolidation is a payment to the account's own address, made as
// Send makes one: the coin that pays the fee (the smallest worth at least
// three fees) and up to ledger.MaxInputs−1 zero-value outputs in, two
// confidential outputs out (half of what is left paid to the account, the
// rest as change with the sender's note), the minimum fee, no memo. On
// chain nothing tells it from any other payment.
func (s *Service) Sweep(ctx context.Context, ref string) (api.SendResult, error) {
	s.refreshTip(ctx)
	var amount uint64
	res, err := s.prepareAndSubmit(ctx, 0, func() (*account, *ledger.Tx, *historyRecord, error) {
		a, err := s.spender(ref)
		if err != nil {
			return nil, nil, nil, err
		}
		coins, err := s.spendable(a)
		if err != nil {
			return nil, nil, nil, err
		}
		funded, zero := splitCoins(coins)
		if len(zero) < sweepThreshold {
			return nil, nil, nil, fmt.Errorf("%w: %q holds %d zero-value outputs, a consolidation is for %d or more", ErrNothingToSweep, a.rec.Name, len(zero), sweepThreshold)
		}
		zero = zero[:min(len(zero), ledger.MaxInputs-1)]
		fee := txbuilder.MinFee(s.cfg.Params, len(zero)+1, 2)
		var coin *outputRecord
		for i := len(funded) - 1; i >= 0 && coin == nil; i-- { // smallest first
			if funded[i].Amount >= 3*fee {
				coin = funded[i]
			}
		}
		if coin == nil {
			bal, _ := s.balance(a)
			return nil, nil, nil, fmt.Errorf("%w (a consolidation of %d zero-value outputs needs one output worth three times its fee)",
				&InsufficientFundsError{Available: bal.Available, Needed: 3 * fee, Pending: bal.Pending}, len(zero))
		}
		inputs := make([]txbuilder.Input, 0, len(zero)+1)
		for _, c := range append([]*outputRecord{coin}, zero...) {
			in, err := s.input(a, c)
			if err != nil {
				return nil, nil, nil, err
			}
			inputs = append(inputs, in)
		}
		amount = (coin.Amount - fee) / 2
		req := SendRequest{Account: a.rec.ID, To: a.rec.Address, Amount: amount}
		return s.preparePayment(a, a.sec.keys.Address(), req, coins, inputs)
	})
	if err != nil {
		return api.SendResult{}, err
	}
	res.Amount = amount
	return res, nil
}
