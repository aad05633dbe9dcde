package bus

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/internal/wallet"
)

// outboxRecord is a packet of several transactions being sent, kept in
// nsOutbox under its id until its last fragment is in a transaction.
type outboxRecord struct {
	ID      PacketID  `json:"id"`
	Account string    `json:"account"`
	To      string    `json:"to"`
	App     string    `json:"app"`
	Enc     []byte    `json:"enc"` // the packet encoding
	Sent    int       `json:"sent"`
	TxIDs   []string  `json:"txIds"`
	Created time.Time `json:"created"`
	// LastError is why the last attempt stopped.
	LastError string `json:"lastError,omitempty"`
}

// fragments returns the packet's number of fragments.
func (r *outboxRecord) fragments() int { return FragmentCount(len(r.Enc)) }

// put stores r.
func (s *Service) putOutbox(r *outboxRecord) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return s.w.PutRecord(r.Account, nsOutbox, r.ID[:], b)
}

// getOutbox reads the record of packet id, if the outbox has it.
func (s *Service) getOutbox(account string, id PacketID) (*outboxRecord, bool, error) {
	b, ok, err := s.w.GetRecord(account, nsOutbox, id[:])
	if err != nil || !ok {
		return nil, false, err
	}
	var r outboxRecord
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, false, fmt.Errorf("bus: outbox record %s: %w", id, err)
	}
	return &r, true, nil
}

// outbox lists an account's outbox records.
func (s *Service) outbox(account string) ([]*outboxRecord, error) {
	var out []*outboxRecord
	err := s.w.ForEachRecord(account, nsOutbox, nil, func(_, v []byte) error {
		var r outboxRecord
		if err := json.Unmarshal(v, &r); err != nil {
			s.log.Error("bus: an outbox record does not decode; it is skipped", "account", account, "err", err)
			return nil
		}
		out = append(out, &r)
		return nil
	})
	return out, err
}

// sendLarge records a packet of several transactions in the outbox, then
// sends what the account's coins allow now.
func (s *Service) sendLarge(ctx context.Context, acct api.Account, to string, id PacketID, app string, enc []byte, res SendResult) (SendResult, error) {
	s.sendMu.Lock()
	defer s.sendMu.Unlock()
	r := &outboxRecord{ID: id, Account: acct.ID, To: to, App: app, Enc: enc, TxIDs: []string{}, Created: s.cfg.Now().UTC()}
	if err := s.putOutbox(r); err != nil {
		return SendResult{}, err
	}
	err := s.pump(ctx, r)
	var funds *wallet.InsufficientFundsError
	if err != nil && r.Sent == 0 && !errors.As(err, &funds) {
		// Nothing was sent: the packet is not queued either.
		return SendResult{}, errors.Join(err, s.w.DeleteRecord(acct.ID, nsOutbox, id[:]))
	}
	res.TxIDs = r.TxIDs
	res.Pending = r.Sent < r.fragments()
	return res, nil
}

// pump sends r's remaining fragments, one transaction per
// MaxFragmentsPerTx, until one cannot be sent; the record follows every
// transaction and is deleted with the last. s.sendMu must be held.
//
// A crash between a transaction and the record's update sends that group
// again: the recipient drops the duplicates.
func (s *Service) pump(ctx context.Context, r *outboxRecord) error {
	to, err := s.w.ParseAddress(r.To)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrUnknownAddress, err)
	}
	all := chunks(Split(r.ID, r.Enc))
	for r.Sent < len(all) {
		group := all[r.Sent:min(r.Sent+MaxFragmentsPerTx, len(all))]
		txid, err := s.w.SendData(ctx, r.Account, to, group)
		if err != nil {
			if msg := err.Error(); msg != r.LastError {
				r.LastError = msg
				err = errors.Join(err, s.putOutbox(r))
			}
			return err
		}
		r.Sent += len(group)
		r.TxIDs = append(r.TxIDs, txIDHex(txid))
		r.LastError = ""
		s.log.Info("bus: sent part of a packet", "account", r.Account, "packet", r.ID, "sent", r.Sent, "fragments", len(all), "tx", txIDHex(txid))
		if r.Sent == len(all) {
			return s.w.DeleteRecord(r.Account, nsOutbox, r.ID[:])
		}
		if err := s.putOutbox(r); err != nil {
			return err
		}
	}
	return nil
}

// resumeOutbox sends what it can of every unlocked account's outbox.
func (s *Service) resumeOutbox(ctx context.Context) {
	for _, a := range s.w.Accounts() {
		if a.Locked || a.ViewOnly {
			continue
		}
		recs, err := s.outbox(a.ID)
		if err != nil {
			s.log.Warn("bus: reading the outbox failed", "account", a.ID, "err", err)
			continue
		}
		for _, r := range recs {
			if ctx.Err() != nil {
				return
			}
			s.resume(ctx, a.ID, r.ID)
		}
	}
}

// resume sends what it can of one outbox packet.
func (s *Service) resume(ctx context.Context, account string, id PacketID) {
	s.sendMu.Lock()
	defer s.sendMu.Unlock()
	r, ok, err := s.getOutbox(account, id)
	if err != nil || !ok {
		return // sent meanwhile, or logged by outbox
	}
	err = s.pump(ctx, r)
	var funds *wallet.InsufficientFundsError
	switch {
	case err == nil, ctx.Err() != nil:
	case errors.As(err, &funds), errors.Is(err, wallet.ErrLocked):
		s.log.Debug("bus: outbox waits", "account", account, "packet", id, "sent", r.Sent, "fragments", r.fragments(), "why", err)
	default:
		s.log.Warn("bus: sending from the outbox failed; retrying at the next poll", "account", account, "packet", id, "err", err)
	}
}

// Outbox lists the packets of account still being sent, with their
// progress.
func (s *Service) Outbox(account string) ([]api.BusOutboxEntry, error) {
	if s.isClosed() {
		return nil, ErrClosed
	}
	a, err := s.w.Account(account)
	if err != nil {
		return nil, err
	}
	recs, err := s.outbox(a.ID)
	if err != nil {
		return nil, err
	}
	out := make([]api.BusOutboxEntry, 0, len(recs))
	for _, r := range recs {
		out = append(out, api.BusOutboxEntry{
			PacketID: r.ID.String(), To: r.To, App: r.App, Fragments: r.fragments(), Sent: r.Sent,
			TxIDs: r.TxIDs, Created: r.Created, LastError: r.LastError,
		})
	}
	return out, nil
}
