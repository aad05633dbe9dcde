package wallet

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/internal/chainsrc"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/payproof"
)

// parseTxID parses 64 hex digits.
func parseTxID(s string) (ledger.TxID, error) {
	var id ledger.TxID
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != len(id) {
		return id, fmt.Errorf("%w: a transaction id is 64 hex digits", ErrNotFound)
	}
	copy(id[:], b)
	return id, nil
}

// PaymentProof proves that an account paid one output of a transaction it
// sent: anyone can check the proof against the chain with
// VerifyPaymentProof. index nil means the transaction's first payment.
// The account must be unlocked: the proof's secret is derived from the
// spend key and the transaction's salt (txSecret), never stored.
func (s *Service) PaymentProof(ctx context.Context, ref, txid string, index *uint32) (api.PaymentProof, error) {
	id, err := parseTxID(txid)
	if err != nil {
		return api.PaymentProof{}, err
	}
	s.mu.Lock()
	a, err := s.lookup(ref)
	var h historyRecord
	var found bool
	if err == nil {
		found, err = getJSON(s.db, historyKey(a.rec.ID, txid), &h)
	}
	s.mu.Unlock()
	if err != nil {
		return api.PaymentProof{}, err
	}
	if !found || h.Direction == "in" {
		return api.PaymentProof{}, fmt.Errorf("%w: %s is not a transaction this account sent", ErrNotFound, txid)
	}
	s.mu.Lock()
	unlocked, sec, name := a.unlocked, a.sec, a.rec.Name
	s.mu.Unlock()
	if !unlocked || sec == nil || !sec.canSpend() {
		return api.PaymentProof{}, fmt.Errorf("%w: unlock %q to prove its payments", ErrLocked, name)
	}
	var tx *ledger.Tx
	if h.Tx != nil {
		tx, err = ledger.DecodeTx(h.Tx)
	} else {
		var tib *chainsrc.TxInBlock
		if tib, err = s.cfg.Source.Tx(ctx, id); err == nil {
			tx = tib.Tx
		}
	}
	if err != nil {
		return api.PaymentProof{}, err
	}
	var pay *api.Payment
	for i := range h.Payments {
		p := &h.Payments[i]
		if p.Address != "" && (index == nil || p.Index == *index) {
			pay = p
			break
		}
	}
	if pay == nil {
		return api.PaymentProof{}, fmt.Errorf("%w: no payment with a known recipient at that index of %s", ErrNotFound, txid)
	}
	to, err := s.ParseAddress(pay.Address)
	if err != nil {
		return api.PaymentProof{}, err
	}
	sk, err := sec.keys.SpendKey()
	if err != nil {
		return api.PaymentProof{}, err
	}
	// The payment's position is the one whose derived secret pays to.
	for i := range tx.Outputs {
		if index != nil && uint32(i) != *index {
			continue
		}
		r := txSecret(sk, tx.Inputs, uint32(i), h.Salt)
		p, err := payproof.Create(s.cfg.Rand, r, to, tx, uint32(i))
		if err != nil {
			continue
		}
		res, err := payproof.Verify(p, tx)
		if err != nil {
			continue
		}
		return api.PaymentProof{Proof: p.String(), TxID: txid, Index: uint32(i), Address: pay.Address, Amount: res.Amount, Memo: string(res.Memo)}, nil
	}
	return api.PaymentProof{}, fmt.Errorf("%w: no output of %s pays %s with this account's secret", ErrNotFound, txid, pay.Address)
}

// VerifyPaymentProof checks a proof against the chain: the transaction
// must be in a block, and the proven output must pay the amount to the
// address.
func (s *Service) VerifyPaymentProof(ctx context.Context, text string) (api.PaymentProofCheck, error) {
	p, err := payproof.Parse(text)
	if err != nil {
		return api.PaymentProofCheck{}, fmt.Errorf("%w: %w", ErrInvalidProof, err)
	}
	if p.Network != s.net {
		return api.PaymentProofCheck{}, fmt.Errorf("%w: the proof is for %s, this node runs %s", ErrInvalidProof, p.Network, s.net)
	}
	tib, err := s.cfg.Source.Tx(ctx, p.TxID)
	if errors.Is(err, chainsrc.ErrNotFound) {
		return api.PaymentProofCheck{}, fmt.Errorf("%w: transaction %s is not in a block the node keeps (not included yet, or older than the %d blocks nodes keep)", ErrNotFound, hex.EncodeToString(p.TxID[:]), s.cfg.Params.PayloadRetention)
	}
	if err != nil {
		return api.PaymentProofCheck{}, err
	}
	res, err := payproof.Verify(p, tib.Tx)
	if err != nil {
		return api.PaymentProofCheck{}, fmt.Errorf("%w: %w", ErrInvalidProof, err)
	}
	tip, err := s.cfg.Source.Tip(ctx)
	if err != nil {
		return api.PaymentProofCheck{}, err
	}
	return api.PaymentProofCheck{
		Valid: true, TxID: hex.EncodeToString(p.TxID[:]), Index: p.Index, Address: res.Address,
		Amount: res.Amount, Memo: string(res.Memo), Height: tib.Height, Confirmations: tip - tib.Height + 1,
	}, nil
}
