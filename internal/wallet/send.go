package wallet

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/crypto/payload"
	"github.com/stegos-go/stegos/crypto/stealth"
	"github.com/stegos-go/stegos/internal/chainsrc"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/txbuilder"
)

// SendRequest is a payment to make.
type SendRequest struct {
	Account string
	To      string
	Amount  uint64
	Memo    string
	// Fee is the fee to pay; 0 means the minimum for the transaction's size.
	Fee uint64
}

// Send builds, signs and submits a payment. The inputs are reserved and
// the transaction recorded as pending before it is submitted, so a crash
// loses nothing: the scanner confirms it, or the retry loop resubmits or
// releases it.
func (s *Service) Send(ctx context.Context, req SendRequest) (api.SendResult, error) {
	to, err := s.ParseAddress(req.To)
	if err != nil {
		return api.SendResult{}, err
	}
	if req.Amount == 0 {
		return api.SendResult{}, fmt.Errorf("%w: the amount must be positive", ErrInvalidAmount)
	}
	if err := checkAmounts(req.Amount, req.Fee); err != nil {
		return api.SendResult{}, err
	}
	if len(req.Memo) > payload.MaxDataSize {
		return api.SendResult{}, &memoTooLongError{len(req.Memo), payload.MaxDataSize}
	}
	s.refreshTip(ctx)
	return s.prepareAndSubmit(ctx, req.Amount, func() (*account, *ledger.Tx, *historyRecord, error) {
		return s.prepare(to, req)
	})
}

// prepareAndSubmit runs prepare (which builds a transaction and records it
// as pending) under s.mu, then submits the transaction; amount is what the
// result reports.
func (s *Service) prepareAndSubmit(ctx context.Context, amount uint64, prepare func() (*account, *ledger.Tx, *historyRecord, error)) (api.SendResult, error) {
	s.mu.Lock()
	a, tx, h, err := prepare()
	s.mu.Unlock()
	if err != nil {
		return api.SendResult{}, err
	}
	if err := s.submit(ctx, a, tx, h); err != nil {
		return api.SendResult{}, err
	}
	return api.SendResult{TxID: h.TxID, Amount: amount, Fee: tx.Fee, Status: api.StatusPending}, nil
}

// submit announces a transaction recorded as pending and broadcasts it. A
// rejection marks it failed (its inputs released) and is returned as a
// *RejectedError; an unknown outcome leaves it to the retry loop.
func (s *Service) submit(ctx context.Context, a *account, tx *ledger.Tx, h *historyRecord) error {
	s.mu.Lock()
	events := s.balanceEvents([]*account{a})
	acct := a.rec.ID // a.rec changes under s.mu as the scanner runs
	s.mu.Unlock()
	s.cfg.Notify(api.TopicTxStatus, api.TxStatusEvent{Account: acct, TxID: h.TxID, Status: api.StatusPending})
	for _, e := range events {
		s.cfg.Notify(api.TopicBalance, e)
	}
	if err := s.cfg.Source.Broadcast(ctx, tx); err != nil {
		var rej *chainsrc.RejectError
		if errors.As(err, &rej) {
			s.fail(a, h.TxID, "rejected by the node: "+rej.Reason)
			return &RejectedError{Reason: rej.Reason}
		}
		// Unknown outcome (the node may have it): the retry loop decides.
		s.log.Warn("submitting a transaction failed; it stays pending and will be resubmitted", "tx", h.TxID, "err", err)
	}
	return nil
}

// prepare selects coins, builds the transaction and records it as pending
// with its inputs reserved. s.mu must be held.
func (s *Service) prepare(to stealth.Address, req SendRequest) (*account, *ledger.Tx, *historyRecord, error) {
	a, err := s.ready(req.Account)
	if err != nil {
		return nil, nil, nil, err
	}
	if a.rec.ViewOnly {
		return nil, nil, nil, fmt.Errorf("%w: %q is view-only", ErrViewOnly, a.rec.Name)
	}
	if !a.unlocked {
		return nil, nil, nil, fmt.Errorf("%w: unlock %q to send", ErrLocked, a.rec.Name)
	}
	coins, err := s.spendable(a)
	if err != nil {
		return nil, nil, nil, err
	}
	inputs, err := s.selectCoins(a, coins, req.Amount, req.Fee)
	if err != nil {
		return nil, nil, nil, err
	}
	return s.preparePayment(a, to, req, coins, inputs)
}

// preparePayment builds the payment req to to from inputs (some of coins)
// and records it as pending with its inputs reserved. s.mu must be held.
func (s *Service) preparePayment(a *account, to stealth.Address, req SendRequest, coins map[ledger.OutputID]*outputRecord, inputs []txbuilder.Input) (*account, *ledger.Tx, *historyRecord, error) {
	pay := txbuilder.Payment{To: to, Amount: req.Amount, Memo: []byte(req.Memo)}
	built, err := s.build(a, inputs, []txbuilder.Payment{pay}, []notePayment{{To: to, Amount: req.Amount, Memo: pay.Memo}}, req.Fee)
	if err != nil {
		return nil, nil, nil, err
	}
	// A payment to the account's own address is a transfer to itself:
	// nothing is sent, both outputs come back, only the fee leaves.
	self := to.Equal(a.sec.keys.Address())
	p := &outgoingTx{tx: built.Tx, sent: req.Amount, salt: built.Salt}
	if self {
		p.sent = 0
	}
	for _, o := range built.Outputs {
		if o.Change || self {
			p.change += o.Amount
		}
		if !o.Change {
			p.payments = append(p.payments, api.Payment{Index: o.Index, Address: req.To, Amount: o.Amount, Memo: req.Memo})
		}
	}
	for _, in := range inputs {
		p.inputs = append(p.inputs, coins[in.ID])
	}
	h, err := s.recordPending(a, p)
	if err != nil {
		return nil, nil, nil, err
	}
	return a, built.Tx, h, nil
}

// outgoingTx is a transaction the account built, to record as pending.
type outgoingTx struct {
	tx *ledger.Tx
	// kind is the history kind ("" for a payment).
	kind string
	// sent is what goes to others; change what comes back (pending);
	// received what the account gains (withdrawn rewards, unbonded stake).
	sent, change, received uint64
	payments               []api.Payment
	// inputs are the account's outputs it spends, to reserve.
	inputs []*outputRecord
	// salt is the salt of the tx secrets (txSecret), nil if they are random.
	salt []byte
}

// recordPending records p as pending with its inputs reserved, atomically.
// s.mu must be held.
func (s *Service) recordPending(a *account, p *outgoingTx) (*historyRecord, error) {
	tx := p.tx
	id := tx.ID()
	h := &historyRecord{Seq: a.rec.NextTxSeq}
	h.TxID = hex.EncodeToString(id[:])
	h.Direction, h.Kind, h.Status, h.Time, h.Attempts = "out", p.kind, api.StatusPending, s.cfg.Now().UTC(), 1
	if p.sent == 0 && p.kind != KindData {
		h.Direction = "self"
	}
	h.Sent, h.Fee, h.Tx, h.SubmittedAt = p.sent, tx.Fee, tx.Encode(), s.tip
	h.Change, h.Payments, h.Received, h.Salt = p.change, p.payments, p.received, p.salt
	batch := s.db.NewBatch()
	defer batch.Close()
	for _, c := range p.inputs {
		c.ReservedBy = h.TxID
		h.Inputs = append(h.Inputs, c.ID)
		if err := setJSON(batch, outputKey(a.rec.ID, c.ID), c); err != nil {
			return nil, err
		}
	}
	rec := a.rec
	rec.NextTxSeq++
	if err := putAccount(batch, &rec); err != nil {
		return nil, err
	}
	if err := setJSON(batch, historyKey(a.rec.ID, h.TxID), h); err != nil {
		return nil, err
	}
	if err := batch.Commit(true); err != nil {
		return nil, fmt.Errorf("wallet: record transaction: %w", err)
	}
	a.rec = rec
	return h, nil
}

// spendable returns the account's unreserved outputs by id. s.mu must be held.
func (s *Service) spendable(a *account) (map[ledger.OutputID]*outputRecord, error) {
	out := map[ledger.OutputID]*outputRecord{}
	err := iterJSON(s.db, outputPrefix(a.rec.ID), func(o *outputRecord) error {
		if o.ReservedBy != "" || o.Stake {
			return nil
		}
		var id ledger.OutputID
		b, err := hex.DecodeString(o.ID)
		if err != nil || len(b) != len(id) {
			return fmt.Errorf("wallet: bad output id %q", o.ID)
		}
		copy(id[:], b)
		out[id] = o
		return nil
	})
	return out, err
}

// pickCoins chooses outputs covering amount and the fee: largest first, at
// most ledger.MaxInputs, then up to maxSweepInputs of the account's
// zero-value outputs as extra inputs (sweepZero). It returns them and the
// fee, or why it cannot. s.mu must be held.
func (s *Service) pickCoins(a *account, coins map[ledger.OutputID]*outputRecord, amount, fee uint64) ([]*outputRecord, uint64, error) {
	list, zero := splitCoins(coins)
	var total uint64
	for _, c := range list {
		total += c.Amount
	}
	if err := checkAmounts(amount, fee); err != nil {
		return nil, 0, err
	}
	var picked []*outputRecord
	var have, need, minFee uint64
	for _, c := range list {
		if len(picked) == ledger.MaxInputs {
			break
		}
		picked = append(picked, c)
		have += c.Amount
		minFee = max(fee, txbuilder.MinFee(s.cfg.Params, len(picked), 2))
		need = amount + minFee // both at most MaxAmount: no overflow
		if have >= need {
			picked, minFee = s.sweepZero(picked, zero, have-amount, fee, minFee)
			return picked, minFee, nil
		}
	}
	if need == 0 {
		need = amount + max(fee, txbuilder.MinFee(s.cfg.Params, 1, 2))
	}
	bal, _ := s.balance(a)
	if total >= need {
		return nil, 0, fmt.Errorf("%w (the %d largest outputs, the most one transaction can spend, hold %s STG; send less, or pay yourself to merge outputs)",
			&InsufficientFundsError{Available: have, Needed: need, Pending: bal.Pending}, ledger.MaxInputs, FormatSTG(have))
	}
	return nil, 0, &InsufficientFundsError{Available: total, Needed: need, Pending: bal.Pending}
}

// selectCoins picks the inputs of a payment and makes them spendable.
// s.mu must be held.
func (s *Service) selectCoins(a *account, coins map[ledger.OutputID]*outputRecord, amount, fee uint64) ([]txbuilder.Input, error) {
	picked, _, err := s.pickCoins(a, coins, amount, fee)
	if err != nil {
		return nil, err
	}
	inputs := make([]txbuilder.Input, len(picked))
	for i, c := range picked {
		if inputs[i], err = s.input(a, c); err != nil {
			return nil, err
		}
	}
	return inputs, nil
}

// EstimateFee returns the fee wallet.send would pay for amount from an
// account now, with the inputs it would spend. A fee above the minimum may
// be given to Send; a smaller one is raised to the minimum.
func (s *Service) EstimateFee(ctx context.Context, ref string, amount uint64) (api.FeeEstimate, error) {
	if amount == 0 {
		return api.FeeEstimate{}, fmt.Errorf("%w: the amount must be positive", ErrInvalidAmount)
	}
	if err := checkAmounts(amount, 0); err != nil {
		return api.FeeEstimate{}, err
	}
	s.refreshTip(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.ready(ref)
	if err != nil {
		return api.FeeEstimate{}, err
	}
	coins, err := s.spendable(a)
	if err != nil {
		return api.FeeEstimate{}, err
	}
	picked, fee, err := s.pickCoins(a, coins, amount, 0)
	if err != nil {
		return api.FeeEstimate{}, err
	}
	return api.FeeEstimate{Account: a.rec.ID, Amount: amount, Fee: fee, Inputs: len(picked), Outputs: 2, Size: txbuilder.Size(len(picked), 2)}, nil
}

// input turns an owned output into a spendable input.
func (s *Service) input(a *account, c *outputRecord) (txbuilder.Input, error) {
	out, err := ledger.DecodeCore(c.Encoded)
	if err != nil {
		return txbuilder.Input{}, fmt.Errorf("wallet: stored output %s: %w", c.ID, err)
	}
	rc, ok, err := txbuilder.Receive(a.sec.keys, out, c.Index)
	if err != nil || !ok {
		return txbuilder.Input{}, fmt.Errorf("wallet: stored output %s no longer opens: %v", c.ID, err)
	}
	return rc.Spendable(a.sec.keys)
}

// fail marks a pending transaction failed and releases its inputs.
func (s *Service) fail(a *account, txid, reason string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.failLocked(a, txid, reason); err != nil {
		s.log.Error("wallet: marking a transaction failed", "tx", txid, "err", err)
	}
}

// failLocked marks txid failed and releases its reserved inputs. s.mu must be held.
func (s *Service) failLocked(a *account, txid, reason string) error {
	var h historyRecord
	ok, err := getJSON(s.db, historyKey(a.rec.ID, txid), &h)
	if err != nil || !ok {
		return err
	}
	batch := s.db.NewBatch()
	defer batch.Close()
	for _, in := range h.Inputs {
		var o outputRecord
		k := outputKey(a.rec.ID, in)
		if ok, err := getJSON(s.db, k, &o); err != nil {
			return err
		} else if ok && o.ReservedBy == txid {
			o.ReservedBy = ""
			if err := setJSON(batch, k, &o); err != nil {
				return err
			}
		}
	}
	h.Status, h.Reason, h.Tx = api.StatusFailed, reason+"; its inputs were released", nil
	if err := setJSON(batch, historyKey(a.rec.ID, txid), &h); err != nil {
		return err
	}
	if err := batch.Commit(true); err != nil {
		return err
	}
	s.log.Info("transaction failed; inputs released", "account", a.rec.ID, "tx", txid, "reason", reason)
	s.cfg.Notify(api.TopicTxStatus, api.TxStatusEvent{Account: a.rec.ID, TxID: txid, Status: api.StatusFailed, Reason: h.Reason})
	for _, e := range s.balanceEvents([]*account{a}) {
		s.cfg.Notify(api.TopicBalance, e)
	}
	return nil
}
