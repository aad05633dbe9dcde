package wallet

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/internal/chainsrc"
	"github.com/stegos-go/stegos/internal/genesis"
	"github.com/stegos-go/stegos/internal/testnode"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/params"
	"github.com/stegos-go/stegos/txbuilder"
)

// prunedSource shows the wallet a node that pruned its blocks up to and
// including cut, as a node does after the retention window (ADR 0020):
// those blocks, and the transactions in them, are gone; the UTXO set's
// cores and the genesis document stay.
type prunedSource struct {
	*nodeSource
	cut atomic.Int64
}

func (p *prunedSource) pruned(h int64) bool { return h > 0 && h <= p.cut.Load() }

func (p *prunedSource) Block(ctx context.Context, h int64) (*chainsrc.Block, error) {
	if p.pruned(h) {
		return nil, fmt.Errorf("%w: %w: block %d is gone (the node keeps %d and later)", chainsrc.ErrNotFound, chainsrc.ErrPruned, h, p.cut.Load()+1)
	}
	return p.nodeSource.Block(ctx, h)
}

func (p *prunedSource) Tx(ctx context.Context, id ledger.TxID) (*chainsrc.TxInBlock, error) {
	t, err := p.nodeSource.Tx(ctx, id)
	if err == nil && p.pruned(t.Height) {
		return nil, fmt.Errorf("%w: transaction %s is in a pruned block", chainsrc.ErrNotFound, id)
	}
	return t, err
}

func (p *prunedSource) Earliest(ctx context.Context) (int64, error) {
	e, err := p.nodeSource.Earliest(ctx)
	return max(e, p.cut.Load()+1), err
}

// outsiderSend pays the test wallets what Send does not make (zero-value
// data packets, a payload that does not open) from demo account 1, which
// no test wallet holds, and waits until the transaction is in a block.
// broken, if not negative, is the payment whose payload is spoiled before
// the transaction is signed.
func outsiderSend(t *testing.T, f *fixture, payments []txbuilder.Payment, broken int) ledger.TxID {
	t.Helper()
	ctx := context.Background()
	keys, err := genesis.DemoKeys(1)
	if err != nil {
		t.Fatal(err)
	}
	var coin *txbuilder.Received
	for _, c := range f.node.Wallet(keys).Unspent() {
		if _, ok := c.Output.(*ledger.ConfidentialOutput); ok && coin == nil {
			coin = c
		}
	}
	if coin == nil {
		t.Fatal("demo account 1 has nothing left")
	}
	in, err := coin.Spendable(keys)
	if err != nil {
		t.Fatal(err)
	}
	inputs := []txbuilder.Input{in}
	b, err := txbuilder.BuildWith(rand.Reader, &f.node.Params, inputs, payments, keys.Address(), txbuilder.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if broken >= 0 {
		i, _ := b.OutputOf(broken)
		b.Tx.Outputs[i].(*ledger.ConfidentialOutput).Payload[100] ^= 1
		if err := txbuilder.Sign(rand.Reader, f.node.ChainID(), b.Tx, inputs); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.src.Broadcast(ctx, b.Tx); err != nil {
		t.Fatal(err)
	}
	id := b.Tx.ID()
	eventually(t, "the outsider's transaction in a block", func() error {
		_, err := f.src.Tx(ctx, id)
		return err
	})
	return id
}

// outputsOf returns an account's recorded outputs: amount by id.
func outputsOf(t *testing.T, w *Service, ref string) map[string]uint64 {
	t.Helper()
	w.mu.Lock()
	defer w.mu.Unlock()
	a, err := w.lookup(ref)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]uint64{}
	if err := iterJSON(w.db, outputPrefix(a.rec.ID), func(o *outputRecord) error { out[o.ID] = o.Amount; return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

// syncReasons collects the reasons of wallet.sync events.
type syncReasons struct {
	mu  sync.Mutex
	all []string
}

func (r *syncReasons) notify(topic string, p any) {
	if st, ok := p.(api.SyncStatus); ok && topic == api.TopicSync {
		r.mu.Lock()
		r.all = append(r.all, st.Reason)
		r.mu.Unlock()
	}
}

func (r *syncReasons) saw(sub string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range r.all {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// TestRestoreAfterWindow restores accounts after the blocks that paid them
// were pruned: from the phrase, view-only, and the demo account whose
// genesis outputs were spent in pruned blocks. Each restored account finds
// every output the original wallet holds (the same ids, the same balance)
// from the UTXO set's cores, paging through it, shows progress in its
// sync status, and one restored from its phrase spends what it found.
func TestRestoreAfterWindow(t *testing.T) {
	const window = 20
	f := newFixture(t, testnode.Options{TuneParams: func(p *params.Params) { p.PayloadRetention = window }})
	ctx := context.Background()
	w := f.demo(f.dir("w"))
	alice, phrase, err := w.CreateAccount(ctx, "alice", "pw-alice")
	if err != nil {
		t.Fatal(err)
	}
	waitSynced(t, w, "alice")
	demo, _ := w.Account("demo")
	for i, memo := range []string{"rent", "coffee", "books"} {
		sent, err := w.Send(ctx, SendRequest{Account: "demo", To: alice.Address, Amount: uint64(i+1) * 1_000_000, Memo: memo})
		if err != nil {
			t.Fatal(err)
		}
		waitStatus(t, w, "demo", sent.TxID, api.StatusConfirmed)
	}
	addr, err := w.ParseAddress(alice.Address)
	if err != nil {
		t.Fatal(err)
	}
	outsiderSend(t, f, []txbuilder.Payment{{To: addr, Data: true, Memo: []byte("a message")}}, -1)
	back, err := w.Send(ctx, SendRequest{Account: "alice", To: demo.Address, Amount: 1_500_000, Memo: "thanks"})
	if err != nil {
		t.Fatal(err)
	}
	waitStatus(t, w, "alice", back.TxID, api.StatusConfirmed)
	settled := func(b api.Balance) bool { return b.Pending == 0 && b.Locked == 0 }
	waitBalance(t, w, "alice", settled)
	waitBalance(t, w, "demo", settled)

	// The window passes: the node drops the payloads, and the blocks up
	// to the window's start are pruned.
	tip, err := f.src.Tip(ctx)
	if err != nil {
		t.Fatal(err)
	}
	f.node.WaitForHeight(tip + window + 1)
	ps := &prunedSource{nodeSource: f.src}
	ps.cut.Store(tip + 1)
	if _, err := ps.Block(ctx, tip); !errors.Is(err, chainsrc.ErrPruned) {
		t.Fatalf("block %d: %v", tip, err)
	}
	defer func(n int) { restorePage = n }(restorePage)
	restorePage = 7 // several pages

	viewKey := mustViewKey(t, w, "alice")
	cases := []struct {
		name, acct string // acct: the account in w restored
		add        func(*Service) (api.Account, error)
		spends     bool
	}{
		{"from the phrase", "alice", func(r *Service) (api.Account, error) {
			return r.RecoverAccount(ctx, "alice", phrase, "pw")
		}, true},
		{"view-only", "alice", func(r *Service) (api.Account, error) {
			return r.ImportViewOnly(ctx, "alice", alice.Address, viewKey, "pw")
		}, false},
		{"genesis outputs spent in pruned blocks", "demo", func(r *Service) (api.Account, error) {
			return r.RecoverAccount(ctx, "demo", demoPhrase, "pw")
		}, true},
	}
	restored := make([]*Service, len(cases))
	parent := t
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want := outputsOf(t, w, c.acct)
			wantBal := balanceNow(t, w, c.acct)
			var reasons syncReasons
			r, err := Open(Config{Dir: f.dir(fmt.Sprint("r", i)), Source: ps, Params: &f.node.Params, KDF: minKDF, Poll: pollFast, Notify: reasons.notify})
			if err != nil {
				t.Fatal(err)
			}
			parent.Cleanup(func() { _ = r.Close() }) // the spends below use it
			restored[i] = r
			if _, err := c.add(r); err != nil {
				t.Fatal(err)
			}
			waitSynced(t, r, c.acct)
			if got := outputsOf(t, r, c.acct); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("restored outputs %v, want those of the original wallet %v", got, want)
			}
			if b := balanceNow(t, r, c.acct); b.Available != wantBal.Available || b.Staked != wantBal.Staked {
				t.Fatalf("restored balance %+v, original %+v", b, wantBal)
			}
			if !reasons.saw("restoring from the UTXO set: ") || !reasons.saw("outputs checked") {
				t.Fatalf("no restore progress in the sync events: %q", reasons.all)
			}
			hs, err := r.History(c.acct, 1000, 0)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, h := range hs {
				if h.Kind != KindRestored {
					continue
				}
				n++
				if h.TxID != "" || h.Direction != "in" || h.Status != api.StatusConfirmed || len(h.Payments) != 1 || h.Payments[0].Memo != "" || h.Height > tip {
					t.Fatalf("restored entry %+v", h)
				}
			}
			if n == 0 {
				t.Fatalf("no restored entry in %+v", hs)
			}
			// Outputs restored from their cores carry no payload: no data
			// records, though the original wallet holds alice's message.
			if d, err := r.DataOutputs(c.acct, 0); err != nil || len(d) != 0 {
				t.Fatalf("restored data outputs %v, %v", d, err)
			}
			if d, err := w.DataOutputs("alice", 0); err != nil || len(d) != 1 || string(d[0].Data) != "a message" {
				t.Fatalf("the original wallet's data outputs %v, %v", d, err)
			}
		})
	}

	// The restored accounts spend what they found.
	var paidDemo []string // what the cases before paid to demo
	for i, c := range cases {
		r := restored[i]
		if r == nil {
			t.Fatalf("%s did not restore", c.name)
		}
		if c.acct == "demo" {
			// The restored demo must have seen those payments before its
			// balance is taken, or one arriving later counts twice.
			for _, txid := range paidDemo {
				waitStatus(t, r, c.acct, txid, api.StatusConfirmed)
			}
			waitBalance(t, r, c.acct, settled)
		}
		before := balanceNow(t, r, c.acct)
		sent, err := r.Send(ctx, SendRequest{Account: c.acct, To: demo.Address, Amount: 2_500_000})
		if !c.spends {
			if !errors.Is(err, ErrViewOnly) {
				t.Fatalf("%s: send: %v", c.name, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		waitStatus(t, r, c.acct, sent.TxID, api.StatusConfirmed)
		paidDemo = append(paidDemo, sent.TxID)
		after := waitBalance(t, r, c.acct, settled)
		want := before.Available - 2_500_000 - sent.Fee
		if c.acct == "demo" {
			want += 2_500_000 // paid to itself
		}
		if after.Available != want {
			t.Fatalf("%s: after spending, %d available, want %d", c.name, after.Available, want)
		}
	}
}

// TestPayloadThatDoesNotOpen: a payment whose payload does not open (a
// broken or hostile sender) is still found and spendable from its core;
// its memo is empty and a warning says so, without secrets.
func TestPayloadThatDoesNotOpen(t *testing.T) {
	f := newFixture(t, testnode.Options{})
	ctx := context.Background()
	var logs bytes.Buffer
	var logMu sync.Mutex
	w, err := Open(Config{
		Dir: f.dir("w"), Source: f.src, Params: &f.node.Params, KDF: minKDF, Poll: pollFast,
		Logger: slog.New(slog.NewTextHandler(lockedWriter{&logMu, &logs}, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = w.Close() })
	bob, _, err := w.CreateAccount(ctx, "bob", "pw")
	if err != nil {
		t.Fatal(err)
	}
	waitSynced(t, w, "bob")
	to, err := w.ParseAddress(bob.Address)
	if err != nil {
		t.Fatal(err)
	}
	const amount = 3_141_593
	cases := []struct {
		name   string
		broken int
		memo   string
	}{
		{"payload opens", -1, "intact"},
		{"payload does not open", 0, ""},
	}
	var total uint64
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			id := outsiderSend(t, f, []txbuilder.Payment{{To: to, Amount: amount, Memo: []byte("intact")}}, c.broken)
			total += amount
			waitBalance(t, w, "bob", func(b api.Balance) bool { return b.Available == total })
			e := waitStatus(t, w, "bob", hexOf(id[:]), api.StatusConfirmed)
			if e.Direction != "in" || e.Received != amount || len(e.Payments) != 1 || e.Payments[0].Memo != c.memo {
				t.Fatalf("history entry %+v, want %d received with memo %q", e, uint64(amount), c.memo)
			}
		})
	}
	logMu.Lock()
	text := logs.String()
	logMu.Unlock()
	var warning string
	for _, line := range strings.Split(text, "\n") {
		if strings.Contains(line, "payload that does not open") {
			warning = line
		}
	}
	if warning == "" || !strings.Contains(warning, "level=WARN") || !strings.Contains(warning, "funds kept") {
		t.Fatalf("no warning about the payload in the log:\n%s", text)
	}
	if view := mustViewKey(t, w, "bob"); strings.Contains(warning, view) || strings.Contains(warning, fmt.Sprint(amount)) {
		t.Fatalf("the warning shows a secret: %s", warning)
	}

	// Spending it needs the core only.
	sent, err := w.Send(ctx, SendRequest{Account: "bob", To: bob.Address, Amount: total - 10_000})
	if err != nil {
		t.Fatal(err)
	}
	waitStatus(t, w, "bob", sent.TxID, api.StatusConfirmed)
	if b := waitBalance(t, w, "bob", func(b api.Balance) bool { return b.Pending == 0 && b.Locked == 0 }); b.Available != total-sent.Fee {
		t.Fatalf("bob has %d after paying himself, want %d", b.Available, total-sent.Fee)
	}
}

// lockedWriter serializes writes to a buffer the test reads.
type lockedWriter struct {
	mu *sync.Mutex
	b  *bytes.Buffer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// TestRestoreFromPrunedNode restores an account from its phrase against a
// test node that really pruned the blocks that paid it (RetainHeight,
// PayloadRetention 20): the wallet learns it from the node (ErrPruned),
// restores from the cores and has the original balance.
func TestRestoreFromPrunedNode(t *testing.T) {
	const window = 20
	f := newFixture(t, testnode.Options{TuneParams: func(p *params.Params) { p.PayloadRetention = window }})
	ctx := context.Background()
	w := f.demo(f.dir("w"))
	alice, phrase, err := w.CreateAccount(ctx, "alice", "pw-alice")
	if err != nil {
		t.Fatal(err)
	}
	waitSynced(t, w, "alice")
	sent, err := w.Send(ctx, SendRequest{Account: "demo", To: alice.Address, Amount: 4_000_000, Memo: "gone with the block"})
	if err != nil {
		t.Fatal(err)
	}
	e := waitStatus(t, w, "demo", sent.TxID, api.StatusConfirmed)
	want := waitBalance(t, w, "alice", func(b api.Balance) bool { return b.Available == 4_000_000 })
	eventually(t, "the node prunes the block of the payment", func() error {
		if _, err := f.src.Block(ctx, e.Height); !errors.Is(err, chainsrc.ErrPruned) {
			return fmt.Errorf("block %d: %v", e.Height, err)
		}
		return nil
	})

	r := f.open(f.dir("r"))
	if _, err := r.RecoverAccount(ctx, "alice", phrase, "pw"); err != nil {
		t.Fatal(err)
	}
	waitSynced(t, r, "alice")
	if b := balanceNow(t, r, "alice"); b.Available != want.Available {
		t.Fatalf("restored balance %+v, want %+v", b, want)
	}
	hs, err := r.History("alice", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(hs) != 1 || hs[0].Kind != KindRestored || hs[0].Received != 4_000_000 || hs[0].Payments[0].Memo != "" {
		t.Fatalf("restored history %+v", hs)
	}
}

// A wallet recovered after the first blocks were pruned restores what the
// pruned blocks made from the cores, and scans the blocks the node still
// keeps: what arrived inside the window comes with its memo and its data.
func TestRestoreKeepsTheWindow(t *testing.T) {
	const window = 20
	f := newFixture(t, testnode.Options{TuneParams: func(p *params.Params) { p.PayloadRetention = window }})
	ctx := context.Background()
	w := f.demo(f.dir("w"))
	alice, phrase, err := w.CreateAccount(ctx, "alice", "pw-alice")
	if err != nil {
		t.Fatal(err)
	}
	waitSynced(t, w, "alice")
	old, err := w.Send(ctx, SendRequest{Account: "demo", To: alice.Address, Amount: 4_000_000, Memo: "gone with the block"})
	if err != nil {
		t.Fatal(err)
	}
	e := waitStatus(t, w, "demo", old.TxID, api.StatusConfirmed)
	eventually(t, "the node prunes the block of the first payment", func() error {
		if _, err := f.src.Block(ctx, e.Height); !errors.Is(err, chainsrc.ErrPruned) {
			return fmt.Errorf("block %d: %v", e.Height, err)
		}
		return nil
	})
	recent, err := w.Send(ctx, SendRequest{Account: "demo", To: alice.Address, Amount: 1_000_000, Memo: "still in the window"})
	if err != nil {
		t.Fatal(err)
	}
	waitStatus(t, w, "demo", recent.TxID, api.StatusConfirmed)
	to, _ := w.ParseAddress(alice.Address)
	if _, err := w.SendData(ctx, "demo", to, [][]byte{[]byte("data in the window")}); err != nil {
		t.Fatal(err)
	}
	want := waitBalance(t, w, "alice", func(b api.Balance) bool { return b.Available == 5_000_000 })
	eventually(t, "the data reaches alice", func() error {
		if d, err := w.DataOutputs("alice", 0); err != nil || len(d) != 1 {
			return fmt.Errorf("%d data outputs, %v", len(d), err)
		}
		return nil
	})

	r := f.open(f.dir("r"))
	if _, err := r.RecoverAccount(ctx, "alice", phrase, "pw"); err != nil {
		t.Fatal(err)
	}
	waitSynced(t, r, "alice")
	if b := balanceNow(t, r, "alice"); b.Available != want.Available {
		t.Fatalf("restored balance %+v, want %+v", b, want)
	}
	var memos []string
	hs, err := r.History("alice", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hs {
		for _, p := range h.Payments {
			memos = append(memos, h.Kind+":"+p.Memo)
		}
	}
	slices.Sort(memos)
	if fmt.Sprint(memos) != fmt.Sprint([]string{":still in the window", KindRestored + ":"}) {
		t.Fatalf("restored history memos %q", memos)
	}
	d, err := r.DataOutputs("alice", 0)
	if err != nil || len(d) != 1 || string(d[0].Data) != "data in the window" {
		t.Fatalf("the recovered account's data: %+v, %v", d, err)
	}
}
