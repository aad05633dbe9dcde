package devwallet

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/stegos-go/stegos/crypto/stealth"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/params"
	"github.com/stegos-go/stegos/txbuilder"
)

// Wallet tracks the outputs one stealth key owns.
type Wallet struct {
	keys   *stealth.Keys
	params params.Params
	utxos  map[ledger.OutputID]*txbuilder.Received
	index  map[ledger.OutputID]uint32
	// reserved are inputs of transactions built but not yet seen in a block.
	reserved map[ledger.OutputID]bool
}

// New returns an empty wallet for keys.
func New(p params.Params, keys *stealth.Keys) *Wallet {
	return &Wallet{keys: keys, params: p, utxos: map[ledger.OutputID]*txbuilder.Received{}, index: map[ledger.OutputID]uint32{}, reserved: map[ledger.OutputID]bool{}}
}

// Address returns the wallet's address.
func (w *Wallet) Address() stealth.Address { return w.keys.Address() }

// AddOutput offers one unspent output at position index of its transaction;
// the wallet keeps it if it is ours. A payload that fails to open is an error.
func (w *Wallet) AddOutput(out ledger.Output, index uint32) (bool, error) {
	rc, ok, err := txbuilder.Receive(w.keys, out, index)
	if err != nil || !ok {
		return false, err
	}
	w.utxos[rc.ID] = rc
	w.index[rc.ID] = index
	return true, nil
}

// Keys returns the wallet's keys.
func (w *Wallet) Keys() *stealth.Keys { return w.keys }

// Get returns an owned unspent output and its index in its transaction.
func (w *Wallet) Get(id ledger.OutputID) (ledger.Output, uint32, bool) {
	u, ok := w.utxos[id]
	if !ok {
		return nil, 0, false
	}
	return u.Output, w.index[id], true
}

// ApplyTx updates the wallet with a transaction included in a block: its
// inputs are spent, its outputs scanned.
func (w *Wallet) ApplyTx(tx *ledger.Tx) error {
	for _, in := range tx.Inputs {
		delete(w.utxos, in)
		delete(w.index, in)
		delete(w.reserved, in)
	}
	for i, o := range tx.Outputs {
		if _, err := w.AddOutput(o, uint32(i)); err != nil {
			return err
		}
	}
	return nil
}

// Release makes the inputs of a transaction that will never be included
// spendable again.
func (w *Wallet) Release(tx *ledger.Tx) {
	for _, in := range tx.Inputs {
		delete(w.reserved, in)
	}
}

// Balance returns the total of unspent outputs and the part not reserved.
func (w *Wallet) Balance() (total, available uint64) {
	for id, u := range w.utxos {
		total += u.Amount
		if !w.reserved[id] {
			available += u.Amount
		}
	}
	return total, available
}

// Unspent returns the spendable outputs, largest first (ties by id).
func (w *Wallet) Unspent() []*txbuilder.Received {
	var out []*txbuilder.Received
	for id, u := range w.utxos {
		if !w.reserved[id] {
			out = append(out, u)
		}
	}
	slices.SortFunc(out, func(a, b *txbuilder.Received) int {
		if c := cmp.Compare(b.Amount, a.Amount); c != 0 {
			return c
		}
		return slices.Compare(a.ID[:], b.ID[:])
	})
	return out
}

// ErrNoFunds is returned when the spendable outputs cannot cover a payment.
var ErrNoFunds = errors.New("devwallet: not enough spendable funds")

// Pay builds a transaction paying each of payments, with change back to the
// wallet, and reserves its inputs. Coins are taken largest first.
func (w *Wallet) Pay(rand io.Reader, payments []txbuilder.Payment) (*ledger.Tx, error) {
	var want uint64
	for _, p := range payments {
		want += p.Amount
	}
	var inputs []txbuilder.Input
	var have uint64
	for _, u := range w.Unspent() {
		if len(inputs) == ledger.MaxInputs {
			break
		}
		in, err := u.Spendable(w.keys)
		if err != nil {
			return nil, err
		}
		inputs = append(inputs, in)
		have += u.Amount
		if have >= want+txbuilder.MinFee(&w.params, len(inputs), len(payments)+1) {
			break
		}
	}
	if len(inputs) == 0 {
		return nil, fmt.Errorf("%w: no unspent outputs", ErrNoFunds)
	}
	tx, err := txbuilder.Build(rand, &w.params, inputs, payments, w.Address(), 0)
	if err != nil {
		if errors.Is(err, txbuilder.ErrInsufficientFunds) {
			return nil, fmt.Errorf("%w: %w", ErrNoFunds, err)
		}
		return nil, err
	}
	for _, in := range tx.Inputs {
		w.reserved[in] = true
	}
	return tx, nil
}

// PayFrom builds a transaction spending exactly the given owned outputs.
func (w *Wallet) PayFrom(rand io.Reader, ids []ledger.OutputID, payments []txbuilder.Payment) (*ledger.Tx, error) {
	inputs := make([]txbuilder.Input, len(ids))
	for i, id := range ids {
		u, ok := w.utxos[id]
		if !ok || w.reserved[id] {
			return nil, fmt.Errorf("devwallet: output %s is not spendable by this wallet", id)
		}
		in, err := u.Spendable(w.keys)
		if err != nil {
			return nil, err
		}
		inputs[i] = in
	}
	tx, err := txbuilder.Build(rand, &w.params, inputs, payments, w.Address(), 0)
	if err != nil {
		return nil, err
	}
	for _, in := range tx.Inputs {
		w.reserved[in] = true
	}
	return tx, nil
}
