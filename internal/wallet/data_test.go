package wallet

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/crypto/payload"
	"github.com/stegos-go/stegos/crypto/stealth"
	"github.com/stegos-go/stegos/internal/testnode"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/txbuilder"
)

// The interface package bus uses (docs/adr/0022-message-bus.md): these
// method sets must stay as they are.
var (
	_ interface {
		SendData(ctx context.Context, account string, to stealth.Address, chunks [][]byte) (ledger.TxID, error)
		DataOutputs(account string, sinceHeight int64) ([]DataOutput, error)
		SetDataHandler(fn func(account string, outs []DataOutput))
		SignData(account, tag string, msg []byte) (sig [64]byte, from stealth.Address, err error)
		PutRecord(account, ns string, key, value []byte) error
		GetRecord(account, ns string, key []byte) ([]byte, bool, error)
		DeleteRecord(account, ns string, key []byte) error
		ForEachRecord(account, ns string, prefix []byte, fn func(key, value []byte) error) error
		DeleteDataOutputs(account string, throughHeight int64) error
	} = (*Service)(nil)
	_ func(from stealth.Address, tag string, msg []byte, sig [64]byte) bool = VerifyData
	_                                                                       = DataOutput{ID: ledger.OutputID{}, TxID: ledger.TxID{}, Index: 0, Height: 0, Time: time.Time{}, Data: nil}
)

func TestMaxDataOutputs(t *testing.T) {
	if MaxDataOutputs != 15 {
		t.Fatalf("MaxDataOutputs = %d, want 15", MaxDataOutputs)
	}
}

// handlerLog records the data handler's calls.
type handlerLog struct {
	mu    sync.Mutex
	calls []dataBatch
}

func (l *handlerLog) fn(acct string, outs []DataOutput) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls = append(l.calls, dataBatch{acct, slices.Clone(outs)})
}

// of returns the calls for acct with outputs of block height.
func (l *handlerLog) of(acct string, height int64) []dataBatch {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []dataBatch
	for _, c := range l.calls {
		if c.acct == acct && len(c.outs) > 0 && c.outs[0].Height == height {
			out = append(out, c)
		}
	}
	return out
}

// chunksOf returns n distinct chunks of sizes cycling through sizes.
func chunksOf(n int, sizes ...int) [][]byte {
	out := make([][]byte, n)
	for i := range out {
		c := bytes.Repeat([]byte{byte(0x40 + i)}, sizes[i%len(sizes)])
		if len(c) > 0 {
			c[0] = byte(i) // distinct even when short
		}
		out[i] = c
	}
	return out
}

// TestSendData: SendData to another account of the same wallet and to an
// account of another wallet. The recipient's DataOutputs gives the
// chunks (in output order, which the builder shuffles: as a set they are
// the chunks) with their height, transaction and index, checked against
// the transaction on chain; the handler fires once for the block; the
// recipient has no history entry, only zero-value coins; the sender has a
// confirmed "data" entry with one summary row and paid only the fee;
// DeleteDataOutputs removes the records.
func TestSendData(t *testing.T) {
	f := newFixture(t, testnode.Options{})
	ctx := context.Background()
	w := f.demo(f.dir("w"))
	var log1, log2 handlerLog
	w.SetDataHandler(log1.fn)
	alice, _, err := w.CreateAccount(ctx, "alice", "pw")
	if err != nil {
		t.Fatal(err)
	}
	w2 := f.open(f.dir("w2"))
	w2.SetDataHandler(log2.fn)
	bob, _, err := w2.CreateAccount(ctx, "bob", "pw")
	if err != nil {
		t.Fatal(err)
	}
	waitSynced(t, w, "alice")
	waitSynced(t, w2, "bob")
	cases := []struct {
		name   string
		to     api.Account
		rw     *Service
		log    *handlerLog
		chunks [][]byte
	}{
		{"same wallet", alice, w, &log1, chunksOf(3, payload.MaxDataSize, 1, 200)},
		{"another wallet", bob, w2, &log2, chunksOf(MaxDataOutputs, payload.MaxDataSize, 17)},
		{"one empty chunk", bob, w2, &log2, [][]byte{{}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := waitBalance(t, w, "demo", func(b api.Balance) bool { return b.Pending == 0 && b.Locked == 0 })
			zeroBefore := zeroOutputs(t, c.rw, c.to.ID)
			to, err := w.ParseAddress(c.to.Address)
			if err != nil {
				t.Fatal(err)
			}
			id, err := w.SendData(ctx, "demo", to, c.chunks)
			if err != nil {
				t.Fatal(err)
			}
			txid := hex.EncodeToString(id[:])
			e := waitStatus(t, w, "demo", txid, api.StatusConfirmed)
			if e.Kind != KindData || e.Direction != "out" || e.Sent != 0 || e.Received != 0 || e.Fee == 0 ||
				len(e.Payments) != 1 || e.Payments[0].Address != c.to.Address || e.Payments[0].Amount != 0 {
				t.Fatalf("sender's entry %+v", e)
			}
			after := waitBalance(t, w, "demo", func(b api.Balance) bool { return b.Pending == 0 && b.Locked == 0 })
			if after.Available != before.Available-e.Fee {
				t.Fatalf("demo had %d, has %d, paid a fee of %d", before.Available, after.Available, e.Fee)
			}
			ctx := context.Background()
			onChain, err := f.src.Tx(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if len(onChain.Tx.Outputs) != len(c.chunks)+1 {
				t.Fatalf("%d outputs for %d chunks", len(onChain.Tx.Outputs), len(c.chunks))
			}

			var outs []DataOutput
			eventually(t, "the data outputs", func() error {
				all, err := c.rw.DataOutputs(c.to.ID, e.Height-1)
				if err != nil {
					return err
				}
				outs = all
				if len(outs) != len(c.chunks) {
					return fmt.Errorf("%d data outputs, want %d", len(outs), len(c.chunks))
				}
				return nil
			})
			var got, want []string
			for i, o := range outs {
				if o.TxID != id || o.Height != e.Height || !o.Time.Equal(e.Time) {
					t.Fatalf("output %d: %+v, entry %+v", i, o, e)
				}
				if i > 0 && o.Index <= outs[i-1].Index {
					t.Fatalf("outputs not in index order: %d after %d", o.Index, outs[i-1].Index)
				}
				if ledger.ID(onChain.Tx.Outputs[o.Index]) != o.ID {
					t.Fatalf("output %d: id %x is not the id of output %d on chain", i, o.ID, o.Index)
				}
				got = append(got, hex.EncodeToString(o.Data))
			}
			for _, ch := range c.chunks {
				want = append(want, hex.EncodeToString(ch))
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Fatal("the data outputs do not carry the chunks")
			}
			if outs[0].Index != e.Payments[0].Index {
				t.Fatalf("the summary row names output %d, the first data output is %d", e.Payments[0].Index, outs[0].Index)
			}
			if later, err := c.rw.DataOutputs(c.to.ID, e.Height); err != nil || len(later) != 0 {
				t.Fatalf("data outputs above the block: %d, %v", len(later), err)
			}

			eventually(t, "the handler", func() error {
				if n := len(c.log.of(c.to.ID, e.Height)); n != 1 {
					return fmt.Errorf("%d calls for block %d", n, e.Height)
				}
				return nil
			})
			if call := c.log.of(c.to.ID, e.Height)[0]; fmt.Sprint(call.outs) != fmt.Sprint(outs) {
				t.Fatalf("handler got %v, DataOutputs %v", call.outs, outs)
			}

			hs, err := c.rw.History(c.to.ID, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range hs {
				if h.TxID == txid {
					t.Fatalf("the recipient has a history entry for the data: %+v", h)
				}
			}
			if n := zeroOutputs(t, c.rw, c.to.ID); n != zeroBefore+len(c.chunks) {
				t.Fatalf("%d zero-value coins, want %d", n, zeroBefore+len(c.chunks))
			}
			if mine, err := w.DataOutputs("demo", 0); err != nil || len(mine) != 0 {
				t.Fatalf("the sender records data outputs: %d, %v", len(mine), err)
			}
		})
	}

	// An account recovered from its phrase finds its SendData
	// transactions in the sender's notes: kind "data", direction out,
	// the summary row.
	sentEntries := map[string]api.HistoryEntry{}
	hs, err := w.History("demo", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hs {
		if h.Kind == KindData {
			sentEntries[h.TxID] = h
		}
	}
	if len(sentEntries) != len(cases) {
		t.Fatalf("%d data entries, want %d", len(sentEntries), len(cases))
	}
	rw := f.open(f.dir("recovered"))
	if _, err := rw.RecoverAccount(ctx, "demo", demoPhrase, "pw"); err != nil {
		t.Fatal(err)
	}
	waitSynced(t, rw, "demo")
	for txid, want := range sentEntries {
		got := waitStatus(t, rw, "demo", txid, api.StatusConfirmed)
		if got.Kind != KindData || got.Direction != "out" || got.Sent != 0 || got.Fee != want.Fee ||
			len(got.Payments) != 1 || got.Payments[0].Address != want.Payments[0].Address || got.Payments[0].Index != want.Payments[0].Index {
			t.Fatalf("recovered entry %+v, sent %+v", got, want)
		}
	}

	// DeleteDataOutputs removes the records through a height.
	all, err := w2.DataOutputs("bob", 0)
	if err != nil || len(all) != MaxDataOutputs+1 {
		t.Fatalf("bob's data outputs: %d, %v", len(all), err)
	}
	first := all[0].Height
	if err := w2.DeleteDataOutputs("bob", first); err != nil {
		t.Fatal(err)
	}
	if left, err := w2.DataOutputs("bob", 0); err != nil || len(left) != 1 || left[0].Height == first {
		t.Fatalf("after deleting through %d: %d left, %v", first, len(left), err)
	}
	if err := w2.DeleteDataOutputs("bob", 1<<62); err != nil {
		t.Fatal(err)
	}
	if left, err := w2.DataOutputs("bob", 0); err != nil || len(left) != 0 {
		t.Fatalf("after deleting all: %d left, %v", len(left), err)
	}
}

// TestSendDataErrors checks every refusal of SendData by the typed error
// callers branch on; none records anything.
func TestSendDataErrors(t *testing.T) {
	f := newFixture(t, testnode.Options{})
	ctx := context.Background()
	w := f.demo(f.dir("w"))
	demo, _ := w.Account("demo")
	if _, _, err := w.CreateAccount(ctx, "poor", "pw"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := w.CreateAccount(ctx, "locked", "pw"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Lock("locked"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.ImportViewOnly(ctx, "watch", demo.Address, mustViewKey(t, w, "demo"), "pw"); err != nil {
		t.Fatal(err)
	}
	for _, a := range []string{"poor", "locked", "watch"} {
		waitSynced(t, w, a)
	}
	to, _ := w.ParseAddress(demo.Address)
	one := [][]byte{[]byte("hello")}
	var insufficient *InsufficientFundsError
	cases := []struct {
		name    string
		acct    string
		to      stealth.Address
		chunks  [][]byte
		is      error
		as      any
		message string
	}{
		{"no chunks", "demo", to, nil, ErrInvalidData, nil, "no chunks"},
		{"too many chunks", "demo", to, chunksOf(MaxDataOutputs+1, 1), ErrInvalidData, nil, "at most 15"},
		{"chunk too long", "demo", to, [][]byte{{1}, make([]byte, payload.MaxDataSize+1)}, ErrInvalidData, nil, "chunk 1 has 494 bytes"},
		{"insufficient funds", "poor", to, one, nil, &insufficient, "insufficient funds: 0 STG available"},
		{"locked", "locked", to, one, ErrLocked, nil, "unlock"},
		{"view-only", "watch", to, one, ErrViewOnly, nil, "view-only"},
		{"unknown account", "nobody", to, one, ErrAccountNotFound, nil, "nobody"},
		{"invalid address", "demo", stealth.Address{}, one, ErrInvalidAddress, nil, "invalid address"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := w.SendData(ctx, c.acct, c.to, c.chunks)
			switch {
			case err == nil:
				t.Fatal("sent")
			case c.is != nil && !errors.Is(err, c.is):
				t.Fatalf("%v, want %v", err, c.is)
			case c.as != nil && !errors.As(err, c.as):
				t.Fatalf("%v (%T), want %T", err, err, c.as)
			case !bytes.Contains([]byte(err.Error()), []byte(c.message)):
				t.Fatalf("%q does not say %q", err, c.message)
			}
		})
	}
	if errors.Is(&dataError{"x"}, ErrInvalidAmount) != true {
		t.Fatal("a data error is not invalid params for the API")
	}
	if hs, err := w.History("demo", 0, 0); err != nil || slices.ContainsFunc(hs, func(h api.HistoryEntry) bool { return h.Kind == KindData }) {
		t.Fatalf("a refused SendData is in the history: %v", err)
	}
}

// Distinctive data of TestDataReceived, to grep the store for.
const dataAtRest = "the eagle lands at dawn, q8v3w"

// TestDataReceived: data outputs from outside the wallet. Zero-value ones
// are data records and zero-value coins with no history entry; a data
// output with an amount is a data record and a payment received; an
// output whose payload does not open is no data record. The records are
// sealed on disk (the data is in no file of the closed wallet), survive a
// restart, and need the account's keys.
func TestDataReceived(t *testing.T) {
	f := newFixture(t, testnode.Options{})
	ctx := context.Background()
	dir := f.dir("w")
	w := f.demo(dir)
	var log handlerLog
	w.SetDataHandler(log.fn)
	alice, _, err := w.CreateAccount(ctx, "alice", "pw-alice")
	if err != nil {
		t.Fatal(err)
	}
	waitSynced(t, w, "alice")
	to, _ := w.ParseAddress(alice.Address)

	quiet := outsiderSend(t, f, []txbuilder.Payment{
		{To: to, Data: true, Memo: []byte(dataAtRest)},
		{To: to, Data: true, Memo: []byte("second")},
	}, -1)
	valued := outsiderSend(t, f, []txbuilder.Payment{{To: to, Data: true, Amount: 7_000, Memo: []byte("with value")}}, -1)
	broken := outsiderSend(t, f, []txbuilder.Payment{
		{To: to, Data: true, Memo: []byte("spoiled")},
		{To: to, Data: true, Memo: []byte("fine")},
	}, 0)
	var outs []DataOutput
	eventually(t, "the data outputs", func() error {
		if outs, err = w.DataOutputs("alice", 0); err != nil || len(outs) != 4 {
			return fmt.Errorf("%d data outputs, %v", len(outs), err)
		}
		return nil
	})
	var got []string
	for _, o := range outs {
		got = append(got, string(o.Data))
		if o.TxID == broken && string(o.Data) != "fine" {
			t.Fatalf("a payload that does not open is a data record: %+v", o)
		}
	}
	if fmt.Sprint(got[:2]) != fmt.Sprint([]string{dataAtRest, "second"}) && fmt.Sprint(got[:2]) != fmt.Sprint([]string{"second", dataAtRest}) || got[2] != "with value" || got[3] != "fine" {
		t.Fatalf("data %q", got)
	}
	eventually(t, "the handler", func() error {
		log.mu.Lock()
		defer log.mu.Unlock()
		if len(log.calls) != 3 {
			return fmt.Errorf("%d calls", len(log.calls))
		}
		return nil
	})
	waitBalance(t, w, "alice", func(b api.Balance) bool { return b.Available == 7_000 })
	hs, err := w.History("alice", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	entries := map[ledger.TxID]api.HistoryEntry{}
	for _, h := range hs {
		id, _ := parseTxID(h.TxID)
		entries[id] = h
	}
	if _, ok := entries[quiet]; ok {
		t.Error("zero-value data made a history entry")
	}
	if e, ok := entries[valued]; !ok || e.Received != 7_000 || e.Direction != "in" {
		t.Errorf("data with an amount: %+v", e)
	}
	if n := zeroOutputs(t, w, "alice"); n != 4 {
		t.Errorf("%d zero-value coins, want 4 (the spoiled one included)", n)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	secrets := map[string][]byte{"data": []byte(dataAtRest), "data (base64)": []byte("dGhlIGVhZ2xlIGxhbmRz")}
	if found := grepDir(t, dir, secrets); len(found) > 0 {
		t.Fatalf("the closed wallet shows %v", found)
	}

	w = f.open(dir)
	if _, err := w.DataOutputs("alice", 0); !errors.Is(err, ErrLocked) {
		t.Fatalf("locked since the start: %v", err)
	}
	if _, err := w.Unlock("alice", "pw-alice"); err != nil {
		t.Fatal(err)
	}
	again, err := w.DataOutputs("alice", 0)
	if err != nil || fmt.Sprint(again) != fmt.Sprint(outs) {
		t.Fatalf("after a restart: %v, %v", again, err)
	}
}
