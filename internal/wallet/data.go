package wallet

import (
	"cmp"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/crypto/payload"
	"github.com/stegos-go/stegos/crypto/stealth"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/txbuilder"
)

// The wallet's side of the message bus (docs/adr/0022-message-bus.md).
// The wallet knows nothing of apps or packets: SendData sends chunks of
// bytes as zero-value confidential outputs of payload type Data, which on
// chain look exactly like payments, and the scanner records every data
// output an account receives (sealed, as its other records) and hands
// each block's worth to the handler SetDataHandler installed.
//
// Received data outputs are kept under
//
//	d/<account id>/<blinded output id>    dataRecord
//
// with the output id blinded as ADR 0017 blinds every id, so the database
// key tells nothing of the block or transaction. The height is inside the
// sealed value: DataOutputs and DeleteDataOutputs read every data record
// of the account (about 1 µs each to open) and sort or filter in memory.
// The wallet keeps data records until DeleteDataOutputs removes them; the
// outputs themselves are also recorded as zero-value coins, which the
// wallet spends as extra inputs of its next transactions (sweep.go), so
// the records outlive the coins.

// KindData is the history kind of a transaction SendData made: direction
// "out", nothing sent (Sent 0), the fee, and one summary payment row
// naming the recipient (index of the first data output, amount 0). A
// transaction whose only effect on an account is bringing it zero-value
// data outputs has no history entry at all: messages would flood it.
const KindData = "data"

// MaxDataOutputs is how many data outputs SendData puts in one
// transaction: ledger.MaxOutputs less one for the change.
const MaxDataOutputs = ledger.MaxOutputs - 1

// ErrInvalidData is returned by SendData for chunks it cannot send (none,
// too many, one too long). The error also matches ErrInvalidAmount, which
// the API maps to invalid params, as a memo too long does.
var ErrInvalidData = errors.New("invalid data")

type dataError struct{ msg string }

func (e *dataError) Error() string { return "invalid data: " + e.msg }

// Is implements errors.Is.
func (e *dataError) Is(target error) bool {
	return target == ErrInvalidData || target == ErrInvalidAmount
}

// DataOutput is a data output an account received.
type DataOutput struct {
	ID     ledger.OutputID
	TxID   ledger.TxID
	Index  uint32    // position in its transaction
	Height int64     // block height
	Time   time.Time // block time
	Data   []byte    // the payload's data (≤ payload.MaxDataSize)
}

const prefixData = "d/"

func dataKey(acct, out string) recKey { return recKey{prefixData, acct, out} }
func dataPrefix(acct string) []byte   { return []byte(prefixData + acct + "/") }

// dataRecord is the stored form of a DataOutput.
type dataRecord struct {
	ID     string    `json:"id"`
	TxID   string    `json:"txId"`
	Index  uint32    `json:"index"`
	Height int64     `json:"height"`
	TxPos  int       `json:"txPos"` // position of the transaction in its block
	Time   time.Time `json:"time"`
	Data   []byte    `json:"data"`
}

func (r *dataRecord) output() (DataOutput, error) {
	o := DataOutput{Index: r.Index, Height: r.Height, Time: r.Time, Data: r.Data}
	if err := decodeHash(o.ID[:], r.ID); err != nil {
		return o, fmt.Errorf("wallet: data record: output id: %w", err)
	}
	if err := decodeHash(o.TxID[:], r.TxID); err != nil {
		return o, fmt.Errorf("wallet: data record: tx id: %w", err)
	}
	return o, nil
}

func decodeHash(dst []byte, s string) error {
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != len(dst) {
		return fmt.Errorf("bad id %q", s)
	}
	copy(dst, b)
	return nil
}

// isData reports whether a received output is a data output: its payload
// opened and has type Data. An output restored from its core (no
// payload) or whose payload does not open is not.
func isData(rc *txbuilder.Received) bool {
	return rc.PayloadErr == nil && rc.Payload != nil && rc.Payload.Type == payload.TypeData
}

// onlyZeroData reports whether every output in mine is a zero-value data
// output (and there is one).
func onlyZeroData(mine []received) bool {
	for _, m := range mine {
		if m.rc.Amount != 0 || !isData(m.rc) {
			return false
		}
	}
	return len(mine) > 0
}

// recordData writes the data record of output index of transaction txid,
// the txPos-th of block b, into batch. s.mu must be held.
func recordData(batch *recordBatch, acct string, height int64, t time.Time, txPos int, txid string, index uint32, rc *txbuilder.Received) (DataOutput, error) {
	r := dataRecord{ID: hex.EncodeToString(rc.ID[:]), TxID: txid, Index: index, Height: height, TxPos: txPos, Time: t.UTC(), Data: rc.Payload.Data}
	if r.Data == nil {
		r.Data = []byte{}
	}
	if err := setJSON(batch, dataKey(acct, r.ID), &r); err != nil {
		return DataOutput{}, err
	}
	return r.output()
}

// checkChunks refuses what SendData cannot send.
func checkChunks(chunks [][]byte) error {
	switch {
	case len(chunks) == 0:
		return &dataError{"no chunks to send"}
	case len(chunks) > MaxDataOutputs:
		return &dataError{fmt.Sprintf("%d chunks; one transaction carries at most %d", len(chunks), MaxDataOutputs)}
	}
	for i, c := range chunks {
		if len(c) > payload.MaxDataSize {
			return &dataError{fmt.Sprintf("chunk %d has %d bytes; an output carries at most %d", i, len(c), payload.MaxDataSize)}
		}
	}
	return nil
}

// SendData sends chunks to an address in one transaction from an account:
// one zero-value confidential output of payload type Data per chunk, in
// the order of chunks before the outputs are shuffled (DataOutputs on the
// receiving side gives them in output order; the bus numbers its
// fragments itself), plus the change, paying the minimum fee. On chain
// the transaction is an ordinary payment.
//
// The fee is paid by the smallest coin of the account that covers it
// (else by the largest coins together), so the account's other coins stay
// available for the next SendData while this one is pending; up to
// maxSweepInputs zero-value outputs are spent along as payments do.
// Errors are Send's: *InsufficientFundsError, ErrLocked, ErrViewOnly,
// ErrAccountNotFound, *SyncingError, *RejectedError; and ErrInvalidData
// for no chunk, more than MaxDataOutputs or a chunk over
// payload.MaxDataSize bytes, ErrInvalidAddress for an invalid address.
// The transaction is recorded as pending (history kind "data") before it
// is submitted, and followed as any payment.
func (s *Service) SendData(ctx context.Context, ref string, to stealth.Address, chunks [][]byte) (ledger.TxID, error) {
	if err := checkChunks(chunks); err != nil {
		return ledger.TxID{}, err
	}
	if _, err := stealth.DecodeAddress(to.Bytes()); err != nil {
		return ledger.TxID{}, fmt.Errorf("%w: %w", ErrInvalidAddress, err)
	}
	s.refreshTip(ctx)
	res, err := s.prepareAndSubmit(ctx, 0, func() (*account, *ledger.Tx, *historyRecord, error) {
		return s.prepareData(ref, to, chunks)
	})
	if err != nil {
		return ledger.TxID{}, err
	}
	var id ledger.TxID
	if err := decodeHash(id[:], res.TxID); err != nil {
		return ledger.TxID{}, err
	}
	return id, nil
}

// prepareData builds a SendData transaction and records it as pending.
// s.mu must be held.
func (s *Service) prepareData(ref string, to stealth.Address, chunks [][]byte) (*account, *ledger.Tx, *historyRecord, error) {
	a, err := s.spender(ref)
	if err != nil {
		return nil, nil, nil, err
	}
	coins, err := s.spendable(a)
	if err != nil {
		return nil, nil, nil, err
	}
	picked, err := s.pickDataCoins(a, coins, len(chunks)+1)
	if err != nil {
		return nil, nil, nil, err
	}
	inputs := make([]txbuilder.Input, len(picked))
	for i, c := range picked {
		if inputs[i], err = s.input(a, c); err != nil {
			return nil, nil, nil, err
		}
	}
	pays := make([]txbuilder.Payment, len(chunks))
	for i, c := range chunks {
		pays[i] = txbuilder.Payment{To: to, Memo: c, Data: true}
	}
	// The sender's note names the recipient with amount 0, which no
	// payment has (Send refuses it): a recovered account shows the
	// transaction as kind "data" (newHistory).
	built, err := s.build(a, inputs, pays, []notePayment{{To: to}}, 0)
	if err != nil {
		return nil, nil, nil, err
	}
	p := &outgoingTx{tx: built.Tx, kind: KindData, salt: built.Salt, inputs: picked}
	first := -1
	for _, o := range built.Outputs {
		if o.Change {
			p.change += o.Amount
		}
		if o.Data && first < 0 {
			first = int(o.Index)
		}
	}
	p.payments = summaryRow(uint32(max(first, 0)), to.String(s.net))
	h, err := s.recordPending(a, p)
	if err != nil {
		return nil, nil, nil, err
	}
	return a, built.Tx, h, nil
}

// pickDataCoins chooses the inputs of a transaction with nOut
// confidential outputs and nothing to pay but the fee: the smallest coin
// that covers the fee, else the largest coins until they do (at most
// ledger.MaxInputs), then zero-value outputs as sweepZero adds them.
// s.mu must be held.
func (s *Service) pickDataCoins(a *account, coins map[ledger.OutputID]*outputRecord, nOut int) ([]*outputRecord, error) {
	funded, zero := splitCoins(coins) // funded: largest first
	fee1 := txbuilder.MinFee(s.cfg.Params, 1, nOut)
	var picked []*outputRecord
	var have uint64
	for i := len(funded) - 1; i >= 0; i-- { // smallest first
		if funded[i].Amount >= fee1 {
			picked, have = []*outputRecord{funded[i]}, funded[i].Amount
			break
		}
	}
	var need uint64
	if picked == nil {
		for _, c := range funded {
			if len(picked) == ledger.MaxInputs {
				break
			}
			picked = append(picked, c)
			have += c.Amount
			if need = txbuilder.MinFee(s.cfg.Params, len(picked), nOut); have >= need {
				break
			}
		}
	}
	if need == 0 {
		need = fee1
	}
	if have < need || len(picked) == 0 {
		bal, _ := s.balance(a)
		var total uint64
		for _, c := range funded {
			total += c.Amount
		}
		return nil, &InsufficientFundsError{Available: total, Needed: need, Pending: bal.Pending}
	}
	// Zero-value outputs ride along while the coins still pay the fee.
	for k := min(len(zero), maxSweepInputs, ledger.MaxInputs-len(picked)); k > 0; k-- {
		if txbuilder.MinFee(s.cfg.Params, len(picked)+k, nOut) <= have {
			return append(picked, zero[:k]...), nil
		}
	}
	return picked, nil
}

// summaryRow is the one payment row of a "data" history entry.
func summaryRow(index uint32, to string) []api.Payment {
	return []api.Payment{{Index: index, Address: to}}
}

// isDataNote reports whether a sender's note is that of a SendData
// transaction: one payment of amount 0.
func isDataNote(n note) bool {
	return len(n.Payments) == 1 && n.Payments[0].Amount == 0
}

// SetDataHandler installs fn, called with an account id and the data
// outputs of one block for that account (in output order) once they are
// recorded: in the scanner's goroutine, outside the wallet's lock (fn may
// call the wallet), once per account and block with data. A slow fn holds
// up scanning. nil removes the handler. Data outputs received while no
// handler is installed are in DataOutputs.
func (s *Service) SetDataHandler(fn func(account string, outs []DataOutput)) {
	if fn == nil {
		s.dataFn.Store(nil)
		return
	}
	s.dataFn.Store(&fn)
}

// dataBatch is one call of the data handler.
type dataBatch struct {
	acct string
	outs []DataOutput
}

// takeData returns the data outputs recorded since the last call, one
// batch per account and block. s.mu must be held.
func (s *Service) takeData() []dataBatch {
	var out []dataBatch
	for _, a := range s.sorted() {
		outs := a.newData
		a.newData = nil
		for len(outs) > 0 {
			n := 1
			for n < len(outs) && outs[n].Height == outs[0].Height {
				n++
			}
			out = append(out, dataBatch{a.rec.ID, outs[:n:n]})
			outs = outs[n:]
		}
	}
	return out
}

// deliverData calls the data handler with each batch. s.mu must not be
// held.
func (s *Service) deliverData(batches []dataBatch) {
	if len(batches) == 0 {
		return
	}
	fn := s.dataFn.Load()
	if fn == nil {
		return
	}
	for _, b := range batches {
		(*fn)(b.acct, b.outs)
	}
}

// DataOutputs returns the data outputs an account received in blocks
// above sinceHeight that are still recorded, in (height, position of the
// transaction in its block, output index) order. An account locked since
// the wallet started answers ErrLocked.
func (s *Service) DataOutputs(account string, sinceHeight int64) ([]DataOutput, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.lookup(account)
	if err != nil {
		return nil, err
	}
	if a.sealed() {
		return nil, lockedError(a)
	}
	var recs []dataRecord
	err = iterJSON(s.db, dataPrefix(a.rec.ID), func(r *dataRecord) error {
		if r.Height > sinceHeight {
			recs = append(recs, *r)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(recs, func(x, y dataRecord) int {
		return cmp.Or(cmp.Compare(x.Height, y.Height), cmp.Compare(x.TxPos, y.TxPos), cmp.Compare(x.Index, y.Index))
	})
	out := make([]DataOutput, 0, len(recs))
	for i := range recs {
		o, err := recs[i].output()
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}

// DeleteDataOutputs removes an account's data records of blocks up to and
// including throughHeight (the coins, if still unspent, stay).
func (s *Service) DeleteDataOutputs(account string, throughHeight int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.lookup(account)
	if err != nil {
		return err
	}
	if a.sealed() {
		return lockedError(a)
	}
	c, err := s.db.codecOf(a.rec.ID)
	if err != nil {
		return err
	}
	var doomed [][]byte
	err = s.db.raw().Iterate(dataPrefix(a.rec.ID), func(k, v []byte) error {
		var r dataRecord
		if err := decodeRecord(c, k, v, &r); err != nil {
			return err
		}
		if r.Height <= throughHeight {
			doomed = append(doomed, append([]byte(nil), k...))
		}
		return nil
	})
	if err != nil || len(doomed) == 0 {
		return err
	}
	batch := s.db.NewBatch()
	defer batch.Close()
	for _, k := range doomed {
		if err := batch.b.Delete(k); err != nil {
			return err
		}
	}
	return batch.Commit(true)
}
