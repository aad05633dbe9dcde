package chat

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/internal/bus"
	"github.com/stegos-go/stegos/internal/wallet"
)

// sent is what sendPacket did: the bus's result, or queued when the packet
// waits in the queue for the account's coins.
type sent struct {
	res    bus.SendResult
	queued bool
}

// sendPacket sends a signed packet from an identity. When the account's
// coins are all in pending transactions (its change comes back in a block
// or two), the wallet has not scanned the latest block yet, or packets are
// already queued, the packet is queued (q says which message it carries)
// and sent by a later round, in order. Other
// errors are returned and nothing is queued.
func (s *Service) sendPacket(ctx context.Context, id api.Account, q queueRecord) (sent, error) {
	busy, err := s.queued(id.ID)
	if err != nil {
		return sent{}, err
	}
	for try := 0; !busy; try++ {
		res, err := s.b.Send(ctx, bus.SendRequest{Account: id.ID, To: q.To, App: q.App, Data: q.Data, Sign: true})
		if err == nil {
			return sent{res: res}, nil
		}
		if !waitsForCoins(err) {
			return sent{}, err
		}
		// A wallet a block behind catches up within its poll: wait a
		// little before queueing.
		var syncing *wallet.SyncingError
		if !errors.As(err, &syncing) || try == syncRetries {
			break
		}
		select {
		case <-ctx.Done():
			return sent{}, ctx.Err()
		case <-time.After(syncRetryDelay):
		}
	}
	var key [IDSize]byte
	if _, err := io.ReadFull(s.cfg.Rand, key[:]); err != nil {
		return sent{}, err
	}
	if err := s.put(id.ID, nsQueue, queueKey(s.now(), key[:]), &q); err != nil {
		return sent{}, err
	}
	return sent{queued: true}, nil
}

// A send the wallet refuses because it is a block behind is retried
// syncRetries times, syncRetryDelay apart, before it is queued.
const (
	syncRetries    = 10
	syncRetryDelay = 100 * time.Millisecond
)

// waitsForCoins reports whether err is insufficient funds while some are
// pending, or the wallet still scanning the latest blocks: the send will
// work once they confirm, or once it has scanned them.
func waitsForCoins(err error) bool {
	var (
		funds   *wallet.InsufficientFundsError
		syncing *wallet.SyncingError
	)
	return (errors.As(err, &funds) && funds.Pending > 0) || errors.As(err, &syncing)
}

// queued reports whether an identity has packets in its queue.
func (s *Service) queued(account string) (bool, error) {
	found := false
	err := s.w.ForEachRecord(account, nsQueue, nil, func(_, _ []byte) error {
		found = true
		return errStop
	})
	if errors.Is(err, errStop) {
		err = nil
	}
	return found, err
}

// errStop ends a ForEachRecord early.
var errStop = errors.New("stop")

// flushQueue sends an identity's queued packets in order, until one has
// to wait for coins again.
func (s *Service) flushQueue(ctx context.Context, id api.Account) error {
	type item struct {
		key []byte
		q   queueRecord
	}
	var items []item
	err := s.w.ForEachRecord(id.ID, nsQueue, nil, func(k, v []byte) error {
		var q queueRecord
		if err := decodeJSON(v, &q); err != nil {
			return err
		}
		items = append(items, item{append([]byte(nil), k...), q})
		return nil
	})
	if err != nil {
		return err
	}
	for _, it := range items {
		res, err := s.b.Send(ctx, bus.SendRequest{Account: id.ID, To: it.q.To, App: it.q.App, Data: it.q.Data, Sign: true})
		if waitsForCoins(err) {
			return nil
		}
		if err := s.w.DeleteRecord(id.ID, nsQueue, it.key); err != nil {
			return err
		}
		if it.q.ID == "" {
			if err != nil {
				s.log.Warn("chat: a queued packet could not be sent and was dropped", "account", id.ID, "err", err)
			}
			continue
		}
		if err := s.queuedSent(id, it.q, res, err); err != nil {
			return err
		}
	}
	return nil
}

// queuedSent updates the message a queued packet carried: sent (awaiting
// its receipt if it expects one), or failed.
func (s *Service) queuedSent(id api.Account, q queueRecord, res bus.SendResult, sendErr error) error {
	mid, err := ParseMessageID(q.ID)
	if err != nil {
		return err
	}
	m, ok, err := s.message(id.ID, q.Conv, mid)
	if err != nil || !ok {
		return err
	}
	if sendErr != nil {
		m.Status = statusFailed
		s.log.Warn("chat: a queued message could not be sent", "account", id.ID, "err", sendErr)
	} else {
		m.Status = api.ChatStatusSent
		m.TxIDs = res.TxIDs
		m.Height = s.height(id.ID)
		if q.Receipt {
			if err := s.put(id.ID, nsPending, mid[:], &pendingRecord{Conv: q.Conv, Height: m.Height}); err != nil {
				return err
			}
		}
	}
	if err := s.putMessage(id.ID, m); err != nil {
		return err
	}
	msg := m.api(s.contactNames(id.ID))
	s.notify(api.ChatEvent{Account: id.ID, Kind: "status", Message: &msg})
	return nil
}

// statusFailed marks a queued message the bus refused when its turn came.
const statusFailed = "failed"

// height is the account's scanned height: the chain height as far as it
// knows.
func (s *Service) height(account string) int64 {
	a, err := s.w.Account(account)
	if err != nil {
		return 0
	}
	return a.ScannedHeight
}

// newID draws a random message id.
func (s *Service) newID() (MessageID, error) {
	var id MessageID
	_, err := io.ReadFull(s.cfg.Rand, id[:])
	return id, err
}

// compose builds a text from send params: a fresh id, the sender's next
// order number in the conversation, the time, and the reply and edit ids
// (an edit must name one of the account's messages in conv).
func (s *Service) compose(account, conv string, seq uint64, p api.ChatSendParams) (*Text, error) {
	id, err := s.newID()
	if err != nil {
		return nil, err
	}
	t := &Text{ID: id, Seq: seq, Time: s.now().UnixMilli(), Name: p.DisplayName, Body: p.Text}
	if p.ReplyTo != "" {
		r, err := ParseMessageID(p.ReplyTo)
		if err != nil {
			return nil, invalid("replyTo: %v", err)
		}
		t.ReplyTo = &r
	}
	if p.Edits != "" {
		e, err := ParseMessageID(p.Edits)
		if err != nil {
			return nil, invalid("edits: %v", err)
		}
		m, ok, err := s.message(account, conv, e)
		if err != nil {
			return nil, err
		}
		if !ok || m.Direction != "out" {
			return nil, errorf(ErrNotFound, "no message %s of this account in the conversation to edit", p.Edits)
		}
		t.Edits = &e
	}
	if err := t.check(); err != nil {
		return nil, err
	}
	return t, nil
}

// outgoing records a text the identity sent (or queued) in conv.
func (s *Service) outgoing(id api.Account, conv string, t *Text, r sent) (*messageRecord, error) {
	m := &messageRecord{
		ID: t.ID.String(), Conv: conv, Direction: "out", From: id.Address, FromName: t.Name,
		Seq: t.Seq, Text: t.Body, Status: api.ChatStatusSent, Time: time.UnixMilli(t.Time).UTC(),
		Height: s.height(id.ID), TxIDs: r.res.TxIDs,
	}
	if t.ReplyTo != nil {
		m.ReplyTo = t.ReplyTo.String()
	}
	if r.queued {
		m.Status = api.ChatStatusQueued
	}
	if t.Edits != nil {
		// The edit replaces the original's text; its own record only
		// keeps the packet from being applied twice.
		if orig, ok, err := s.message(id.ID, conv, *t.Edits); err == nil && ok {
			orig.Text, orig.Edited = t.Body, true
			if err := s.putMessage(id.ID, orig); err != nil {
				return nil, err
			}
		}
		m.EditOf = t.Edits.String()
	}
	return m, s.putMessage(id.ID, m)
}
