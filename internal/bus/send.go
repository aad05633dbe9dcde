package bus

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"

	"github.com/stegos-go/stegos/internal/wallet"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/params"
	"github.com/stegos-go/stegos/txbuilder"
)

// SendRequest is a packet to send.
type SendRequest struct {
	// Account sends ("" is the first account).
	Account string
	// To is the recipient's address.
	To string
	// App is the packet's namespace (ValidApp).
	App string
	// Data is at most MaxData bytes.
	Data []byte
	// Sign names the sender: the packet carries the account's address and
	// its signature.
	Sign bool
}

// SendResult says what Send did.
type SendResult struct {
	PacketID string
	// TxIDs are the transactions sent so far (hex).
	TxIDs []string
	// Fragments is the packet's number of fragments (outputs).
	Fragments int
	// Pending is true when fragments wait in the outbox.
	Pending bool
}

// Send sends a packet. It checks everything it can before sending
// anything: the app name (ErrBadApp), the size (ErrPacketTooLarge), the
// address (ErrUnknownAddress), that the account is unlocked and can spend
// (wallet.ErrLocked, wallet.ErrViewOnly) and, for a packet of several
// transactions, that its funds cover the fees of all of them
// (*wallet.InsufficientFundsError). A packet of at most MaxFragmentsPerTx
// fragments goes in one transaction or not at all. A larger one is
// recorded in the outbox first; Send sends as many of its transactions as
// the account's coins allow now and the bus sends the rest as change
// comes back, after a restart too (Pending, Outbox).
func (s *Service) Send(ctx context.Context, req SendRequest) (SendResult, error) {
	if s.isClosed() {
		return SendResult{}, ErrClosed
	}
	if err := CheckApp(req.App); err != nil {
		return SendResult{}, err
	}
	if err := CheckData(len(req.Data)); err != nil {
		return SendResult{}, err
	}
	to, err := s.w.ParseAddress(req.To)
	if err != nil {
		return SendResult{}, fmt.Errorf("%w: %w", ErrUnknownAddress, err)
	}
	acct, err := s.w.Account(req.Account)
	if err != nil {
		return SendResult{}, err
	}
	switch {
	case acct.ViewOnly:
		return SendResult{}, fmt.Errorf("%w: %q is view-only", wallet.ErrViewOnly, acct.Name)
	case acct.Locked:
		return SendResult{}, fmt.Errorf("%w: unlock %q to send", wallet.ErrLocked, acct.Name)
	}
	var id PacketID
	if _, err := io.ReadFull(s.cfg.Rand, id[:]); err != nil {
		return SendResult{}, fmt.Errorf("bus: packet id: %w", err)
	}
	e := Envelope{App: req.App, Data: req.Data}
	if e.Seq, err = s.nextSeq(acct.ID, req.App); err != nil {
		return SendResult{}, err
	}
	if req.Sign {
		prefix, err := e.SignedPrefix()
		if err != nil {
			return SendResult{}, err
		}
		sig, from, err := s.w.SignData(acct.ID, SignatureTag, SigningMessage(id, to, prefix))
		if err != nil {
			return SendResult{}, err
		}
		e.From, e.Sig = &from, sig
	}
	enc, err := e.Encode()
	if err != nil {
		return SendResult{}, err
	}
	res := SendResult{PacketID: id.String(), TxIDs: []string{}, Fragments: FragmentCount(len(enc))}
	if res.Fragments <= MaxFragmentsPerTx {
		txid, err := s.w.SendData(ctx, acct.ID, to, chunks(Split(id, enc)))
		if err != nil {
			return SendResult{}, err
		}
		res.TxIDs = append(res.TxIDs, txIDHex(txid))
		return res, nil
	}
	if err := s.checkFees(ctx, acct.ID, res.Fragments); err != nil {
		return SendResult{}, err
	}
	return s.sendLarge(ctx, acct, req.To, id, req.App, enc, res)
}

// chunks returns the encodings of frags.
func chunks(frags []Fragment) [][]byte {
	out := make([][]byte, len(frags))
	for i, f := range frags {
		out[i] = f.Encode()
	}
	return out
}

// groupSizes returns the number of fragments in each transaction of a
// packet of n fragments.
func groupSizes(n int) []int {
	var out []int
	for ; n > 0; n -= MaxFragmentsPerTx {
		out = append(out, min(n, MaxFragmentsPerTx))
	}
	return out
}

// EstimateFees returns the least the fees of a packet of n fragments come
// to: one transaction per MaxFragmentsPerTx fragments, each spending one
// coin and returning change.
func EstimateFees(p *params.Params, n int) uint64 {
	var fee uint64
	for _, g := range groupSizes(n) {
		fee += txbuilder.MinFee(p, 1, g+1)
	}
	return fee
}

// checkFees refuses a packet of n fragments whose fees the account's
// available and pending funds do not cover. Without Params it checks
// nothing (each transaction still checks its own fee).
func (s *Service) checkFees(ctx context.Context, account string, n int) error {
	if s.cfg.Params == nil {
		return nil
	}
	need := EstimateFees(s.cfg.Params, n)
	bal, err := s.w.Balance(ctx, account)
	if err != nil {
		return err
	}
	if bal.Available+bal.Pending < need {
		return &wallet.InsufficientFundsError{Available: bal.Available, Needed: need, Pending: bal.Pending}
	}
	return nil
}

// nextSeq returns the account's next sequence number for app and records
// the one after it.
func (s *Service) nextSeq(account, app string) (uint64, error) {
	s.seqMu.Lock()
	defer s.seqMu.Unlock()
	var seq uint64
	v, ok, err := s.w.GetRecord(account, nsSeq, []byte(app))
	if err != nil {
		return 0, err
	}
	if ok && len(v) == 8 {
		seq = binary.BigEndian.Uint64(v)
	}
	if err := s.w.PutRecord(account, nsSeq, []byte(app), binary.BigEndian.AppendUint64(nil, seq+1)); err != nil {
		return 0, err
	}
	return seq, nil
}

// txIDHex returns a transaction id in hex.
func txIDHex(id ledger.TxID) string { return hex.EncodeToString(id[:]) }
