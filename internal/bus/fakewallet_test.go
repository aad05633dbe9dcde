package bus

import (
	"context"
	"crypto/rand"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/crypto/payload"
	"github.com/stegos-go/stegos/crypto/stealth"
	"github.com/stegos-go/stegos/internal/wallet"
	"github.com/stegos-go/stegos/ledger"
)

// fakeWallet is an in-memory Wallet whose accounts send each other data
// outputs on a pretend chain: Mine puts the pending transactions in a
// block. Each account has a number of coins; a transaction reserves one
// and its change comes back when it is mined, as with a real wallet.
type fakeWallet struct {
	mu       sync.Mutex
	height   int64
	accounts []*fakeAccount
	pending  []fakeTx
	handler  func(string, []DataOutput)
	// drop, if set, loses the outputs it returns true for.
	drop func(o DataOutput, chunkIndex int) bool
	// txs counts the transactions sent.
	txs int
}

type fakeAccount struct {
	acct    api.Account
	key     testKey
	outs    []DataOutput
	records map[string][]byte
	coins   int
	change  int // coins coming back with the next block
}

type fakeTx struct {
	id   ledger.TxID
	from *fakeAccount
	to   stealth.Address
	data [][]byte
}

func newFakeWallet() *fakeWallet { return &fakeWallet{height: 1} }

// add creates an account with coins.
func (w *fakeWallet) add(t testing.TB, name string, coins int) *fakeAccount {
	k := newTestKey(t)
	a := &fakeAccount{key: k, records: map[string][]byte{}, coins: coins}
	a.acct = api.Account{ID: fmt.Sprintf("%016x", len(w.accounts)+1), Name: name, Address: k.addr.String(stealth.Dev)}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.accounts = append(w.accounts, a)
	return a
}

func (w *fakeWallet) find(ref string) (*fakeAccount, error) {
	for _, a := range w.accounts {
		if ref == "" || a.acct.ID == ref || a.acct.Name == ref {
			return a, nil
		}
	}
	return nil, fmt.Errorf("%w: %q", wallet.ErrAccountNotFound, ref)
}

func (w *fakeWallet) ParseAddress(text string) (stealth.Address, error) {
	a, err := stealth.ParseAddressFor(text, stealth.Dev)
	if err != nil {
		return stealth.Address{}, fmt.Errorf("%w: %w", wallet.ErrInvalidAddress, err)
	}
	return a, nil
}

func (w *fakeWallet) Account(ref string) (api.Account, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	a, err := w.find(ref)
	if err != nil {
		return api.Account{}, err
	}
	acct := a.acct
	acct.ScannedHeight = w.height
	return acct, nil
}

func (w *fakeWallet) Accounts() []api.Account {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []api.Account
	for _, a := range w.accounts {
		out = append(out, a.acct)
	}
	return out
}

func (w *fakeWallet) Balance(_ context.Context, ref string) (api.Balance, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	a, err := w.find(ref)
	if err != nil {
		return api.Balance{}, err
	}
	return api.Balance{Account: a.acct.ID, Available: uint64(a.coins) * 100_000, Pending: uint64(a.change) * 100_000}, nil
}

func (w *fakeWallet) SendData(_ context.Context, account string, to stealth.Address, chunks [][]byte) (ledger.TxID, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	a, err := w.find(account)
	if err != nil {
		return ledger.TxID{}, err
	}
	if a.acct.Locked {
		return ledger.TxID{}, wallet.ErrLocked
	}
	if len(chunks) == 0 || len(chunks) > MaxFragmentsPerTx {
		return ledger.TxID{}, fmt.Errorf("%d chunks", len(chunks))
	}
	for _, c := range chunks {
		if len(c) > payload.MaxDataSize {
			return ledger.TxID{}, fmt.Errorf("chunk of %d bytes", len(c))
		}
	}
	if a.coins == 0 {
		return ledger.TxID{}, &wallet.InsufficientFundsError{Pending: uint64(a.change) * 100_000, Needed: 1}
	}
	a.coins--
	a.change++
	var id ledger.TxID
	_, _ = rand.Read(id[:])
	w.pending = append(w.pending, fakeTx{id: id, from: a, to: to, data: slices.Clone(chunks)})
	w.txs++
	return id, nil
}

// Mine puts the pending transactions in a block, returns the change and
// calls the data handler.
func (w *fakeWallet) Mine() {
	w.mu.Lock()
	w.height++
	got := map[string][]DataOutput{}
	for _, tx := range w.pending {
		tx.from.coins += tx.from.change
		tx.from.change = 0
		for _, a := range w.accounts {
			if !a.key.addr.Equal(tx.to) {
				continue
			}
			for i, d := range tx.data {
				o := DataOutput{TxID: tx.id, Index: uint32(i), Height: w.height, Time: time.Now(), Data: d}
				_, _ = rand.Read(o.ID[:])
				if w.drop != nil && w.drop(o, i) {
					continue
				}
				a.outs = append(a.outs, o)
				got[a.acct.ID] = append(got[a.acct.ID], o)
			}
		}
	}
	w.pending = nil
	h := w.handler
	w.mu.Unlock()
	for acct, outs := range got {
		if h != nil {
			h(acct, outs)
		}
	}
}

func (w *fakeWallet) DataOutputs(account string, since int64) ([]DataOutput, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	a, err := w.find(account)
	if err != nil {
		return nil, err
	}
	var out []DataOutput
	for _, o := range a.outs {
		if o.Height >= since {
			out = append(out, o)
		}
	}
	return out, nil
}

func (w *fakeWallet) SetDataHandler(fn func(string, []DataOutput)) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.handler = fn
}

func (w *fakeWallet) SignData(account, tag string, msg []byte) ([64]byte, stealth.Address, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	a, err := w.find(account)
	if err != nil {
		return [64]byte{}, stealth.Address{}, err
	}
	return a.key.signData(tag, msg), a.key.addr, nil
}

func recordKey(ns string, key []byte) string { return ns + "\x00" + string(key) }

func (w *fakeWallet) PutRecord(account, ns string, key, value []byte) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	a, err := w.find(account)
	if err != nil {
		return err
	}
	a.records[recordKey(ns, key)] = slices.Clone(value)
	return nil
}

func (w *fakeWallet) GetRecord(account, ns string, key []byte) ([]byte, bool, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	a, err := w.find(account)
	if err != nil {
		return nil, false, err
	}
	v, ok := a.records[recordKey(ns, key)]
	return slices.Clone(v), ok, nil
}

func (w *fakeWallet) DeleteRecord(account, ns string, key []byte) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	a, err := w.find(account)
	if err != nil {
		return err
	}
	delete(a.records, recordKey(ns, key))
	return nil
}

func (w *fakeWallet) ForEachRecord(account, ns string, prefix []byte, fn func(key, value []byte) error) error {
	w.mu.Lock()
	a, err := w.find(account)
	var keys []string
	if err == nil {
		for k := range a.records {
			if strings.HasPrefix(k, recordKey(ns, prefix)) {
				keys = append(keys, k)
			}
		}
	}
	slices.Sort(keys)
	vals := make([][]byte, len(keys))
	for i, k := range keys {
		vals[i] = slices.Clone(a.records[k])
	}
	w.mu.Unlock()
	if err != nil {
		return err
	}
	for i, k := range keys {
		if err := fn([]byte(k[len(ns)+1:]), vals[i]); err != nil {
			return err
		}
	}
	return nil
}

// records counts an account's records in ns.
func (w *fakeWallet) records(a *fakeAccount, ns string) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := 0
	for k := range a.records {
		if strings.HasPrefix(k, ns+"\x00") {
			n++
		}
	}
	return n
}

var _ Wallet = (*fakeWallet)(nil)

// sent returns the number of transactions sent.
func (w *fakeWallet) sent() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.txs
}
