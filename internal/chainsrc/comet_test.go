package chainsrc

import (
	"context"
	"crypto/rand"
	"errors"
	"net"
	"testing"
	"time"

	rpchttp "github.com/cometbft/cometbft/rpc/client/http"

	"github.com/stegos-go/stegos/internal/devwallet"
	"github.com/stegos-go/stegos/internal/genesis"
	"github.com/stegos-go/stegos/internal/testnode"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/txbuilder"
)

// blockInterval is long enough that a transaction broadcast just after a
// block waits in the mempool for a while.
const blockInterval = time.Second

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// demoWallet returns a wallet of demo account i with its genesis outputs.
func demoWallet(t *testing.T, tn *testnode.Node, i uint32) *devwallet.Wallet {
	t.Helper()
	k, err := genesis.DemoKeys(i)
	if err != nil {
		t.Fatal(err)
	}
	w := tn.Wallet(k)
	return w
}

// waitTip polls until the tip passes height and returns the new tip.
func waitTip(t *testing.T, ctx context.Context, src Source, height int64) int64 {
	t.Helper()
	for {
		tip, err := src.Tip(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if tip > height {
			return tip
		}
		select {
		case <-ctx.Done():
			t.Fatalf("tip stuck at %d", tip)
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// waitTx polls Tx until the transaction is in a block.
func waitTx(t *testing.T, ctx context.Context, src Source, id ledger.TxID) *TxInBlock {
	t.Helper()
	for {
		got, err := src.Tx(ctx, id)
		if err == nil {
			return got
		}
		if !errors.Is(err, ErrNotFound) {
			t.Fatal(err)
		}
		select {
		case <-ctx.Done():
			t.Fatalf("transaction %s never committed", id)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func inMempool(t *testing.T, ctx context.Context, src Source, id ledger.TxID) bool {
	t.Helper()
	txs, err := src.Mempool(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, tx := range txs {
		if tx.ID() == id {
			return true
		}
	}
	return false
}

// TestComet runs a payment's life through the local client and, with
// another demo account, through HTTP (DialComet).
func TestComet(t *testing.T) {
	tn := testnode.Start(t, testnode.Options{BlockInterval: blockInterval, RPC: true})
	ctx := testCtx(t)
	remote, err := DialComet(ctx, tn.RPCURL())
	if err != nil {
		t.Fatal(err)
	}
	if remote.ChainID() != tn.ChainID() {
		t.Fatalf("DialComet read chain id %q, want %q", remote.ChainID(), tn.ChainID())
	}
	sources := []struct {
		name    string
		src     *Comet
		account uint32
	}{
		{"local", NewComet(tn.Client(), tn.ChainID()), 0},
		{"http", remote, 2},
	}
	for _, s := range sources {
		t.Run(s.name, func(t *testing.T) {
			testLifecycle(t, ctx, tn, s.src, s.account)
		})
	}
}

func testLifecycle(t *testing.T, ctx context.Context, tn *testnode.Node, src *Comet, account uint32) {
	alice := demoWallet(t, tn, account)
	bob := demoWallet(t, tn, account+1)
	tx, err := alice.Pay(rand.Reader, []txbuilder.Payment{{To: bob.Address(), Amount: 42 * ledger.STG, Memo: []byte("hi")}})
	if err != nil {
		t.Fatal(err)
	}
	// A second spend of the same inputs, for later.
	alice.Release(tx)
	double, err := alice.PayFrom(rand.Reader, tx.Inputs, []txbuilder.Payment{{To: bob.Address(), Amount: 43 * ledger.STG}})
	if err != nil {
		t.Fatal(err)
	}
	id, in := tx.ID(), tx.Inputs[0]
	out := ledger.ID(tx.Outputs[0])

	if ok, err := src.Unspent(ctx, in); err != nil || !ok {
		t.Fatalf("input before: unspent %v, %v", ok, err)
	}
	if ok, err := src.Unspent(ctx, out); err != nil || ok {
		t.Fatalf("output before: unspent %v, %v", ok, err)
	}
	if _, err := src.Tx(ctx, id); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Tx before broadcast: %v, want ErrNotFound", err)
	}
	metaBefore, err := src.Meta(ctx)
	if err != nil {
		t.Fatal(err)
	}

	// Broadcast just after a block, so the next one is a block interval
	// away and the transaction waits in the mempool meanwhile.
	tip, err := src.Tip(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tip = waitTip(t, ctx, src, tip)
	if err := src.Broadcast(ctx, tx); err != nil {
		t.Fatalf("Broadcast: %v", err)
	}
	pending := inMempool(t, ctx, src, id)
	if err := src.Broadcast(ctx, tx); err != nil {
		t.Fatalf("second Broadcast of the same transaction: %v", err)
	}
	if !pending {
		// Only acceptable if a block took it already.
		if now, err := src.Tip(ctx); err != nil || now == tip {
			t.Fatalf("transaction neither in the mempool nor in a block (tip %d, %v)", now, err)
		}
		t.Logf("transaction left the mempool before Mempool was called")
	}

	got := waitTx(t, ctx, src, id)
	if got.Tx.ID() != id || got.Height <= tip || got.Index != 0 {
		t.Fatalf("Tx: height %d index %d id %s", got.Height, got.Index, got.Tx.ID())
	}
	blk, err := src.Block(ctx, got.Height)
	if err != nil {
		t.Fatal(err)
	}
	if blk.Height != got.Height || len(blk.Hash) != 32 || len(blk.Proposer) == 0 || !blk.Time.Equal(got.Time) {
		t.Fatalf("block %+v, tx at %d %s", blk, got.Height, got.Time)
	}
	if len(blk.Txs) <= got.Index || blk.Txs[got.Index].ID() != id {
		t.Fatalf("block %d does not hold the transaction at index %d", blk.Height, got.Index)
	}
	if inMempool(t, ctx, src, id) {
		t.Fatal("committed transaction still in the mempool")
	}

	if ok, err := src.Unspent(ctx, in); err != nil || ok {
		t.Fatalf("input after: unspent %v, %v", ok, err)
	}
	if ok, err := src.Unspent(ctx, out); err != nil || !ok {
		t.Fatalf("output after: unspent %v, %v", ok, err)
	}
	meta, err := src.Meta(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if meta.Height < got.Height || meta.Supply != metaBefore.Supply-tx.Fee || meta.Burned != metaBefore.Burned+tx.Fee {
		t.Fatalf("meta %+v after %+v and a fee of %d", meta, metaBefore, tx.Fee)
	}

	// The committed transaction again: the node knows it, not an error.
	if err := src.Broadcast(ctx, tx); err != nil {
		t.Fatalf("Broadcast of a committed transaction: %v", err)
	}
	// The double spend is refused with the ledger's reason.
	err = src.Broadcast(ctx, double)
	var rej *RejectError
	if !errors.As(err, &rej) || (rej.Kind != ledger.KindDoubleSpend && rej.Kind != ledger.KindUnknownInput) || rej.Reason == "" {
		t.Fatalf("Broadcast of a double spend: %v, want a RejectError for a double spend", err)
	}

	now, err := src.Tip(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range []int64{now + 1, now + 1000, 0, -1} {
		if _, err := src.Block(ctx, h); !errors.Is(err, ErrNotFound) {
			t.Errorf("Block(%d) with the tip at %d: %v, want ErrNotFound", h, now, err)
		}
	}
	if _, err := src.Tx(ctx, ledger.TxID{1, 2, 3}); !errors.Is(err, ErrNotFound) {
		t.Errorf("Tx of an unknown id: %v, want ErrNotFound", err)
	}

	st, err := src.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.ChainID != tn.ChainID() || st.Height < got.Height || len(st.BlockHash) != 32 || st.BlockTime.IsZero() || st.CatchingUp || st.Peers != 0 {
		t.Fatalf("status %+v", st)
	}
}

// TestBlockNotFoundAnswers: CometBFT's error answer for a block it does not
// store becomes ErrNotFound (not a transport failure), other failures do
// not.
func TestBlockNotFoundAnswers(t *testing.T) {
	tn := testnode.Start(t, testnode.Options{RPC: true})
	ctx := testCtx(t)
	remote, err := DialComet(ctx, tn.RPCURL())
	if err != nil {
		t.Fatal(err)
	}
	local := NewComet(tn.Client(), tn.ChainID())
	for _, src := range []*Comet{local, remote} {
		far := int64(1 << 40)
		_, err := src.c.Block(ctx, &far)
		if err == nil {
			t.Fatal("CometBFT served a block beyond its store")
		}
		if err := src.blockFail(ctx, far, err); !errors.Is(err, ErrNotFound) || errors.Is(err, ErrUnavailable) {
			t.Errorf("local %v: CometBFT's answer for a block beyond its store: %v, want ErrNotFound", src.local, err)
		}
		b1, err := src.Block(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		if b1.Height != 1 || b1.Time.IsZero() || len(b1.Txs) != 0 {
			t.Fatalf("block 1: %+v", b1)
		}
	}
	if err := local.blockFail(ctx, 1, errors.New("disk on fire")); errors.Is(err, ErrNotFound) || errors.Is(err, ErrUnavailable) {
		t.Errorf("failure reading a stored block: %v, want neither ErrNotFound nor ErrUnavailable", err)
	}
}

func closedURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr
}

func TestUnreachable(t *testing.T) {
	ctx := testCtx(t)
	url := closedURL(t)
	if _, err := DialComet(ctx, url); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("DialComet(%s): %v, want ErrUnavailable", url, err)
	}
	if _, err := DialComet(ctx, "::not a url"); err == nil || errors.Is(err, ErrUnavailable) {
		t.Fatalf("DialComet of a malformed address: %v, want a plain error", err)
	}

	hc, err := rpchttp.New(url, "/websocket")
	if err != nil {
		t.Fatal(err)
	}
	src := NewComet(hc, "stegos-dev")
	calls := map[string]func() error{
		"Tip":       func() error { _, err := src.Tip(ctx); return err },
		"Block":     func() error { _, err := src.Block(ctx, 1); return err },
		"Mempool":   func() error { _, err := src.Mempool(ctx); return err },
		"Broadcast": func() error { return src.Broadcast(ctx, &ledger.Tx{}) },
		"Unspent":   func() error { _, err := src.Unspent(ctx, ledger.OutputID{}); return err },
		"Tx":        func() error { _, err := src.Tx(ctx, ledger.TxID{}); return err },
		"Status":    func() error { _, err := src.Status(ctx); return err },
		"Meta":      func() error { _, err := src.Meta(ctx); return err },
	}
	for name, call := range calls {
		if err := call(); !errors.Is(err, ErrUnavailable) {
			t.Errorf("%s: %v, want ErrUnavailable", name, err)
		}
	}

	// A done context is reported as such, not as an unreachable node.
	done, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := src.Tip(done); !errors.Is(err, context.Canceled) || errors.Is(err, ErrUnavailable) {
		t.Fatalf("Tip with a cancelled context: %v", err)
	}
}
