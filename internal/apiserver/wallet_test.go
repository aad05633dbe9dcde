package apiserver

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/crypto/keystore"
	"github.com/stegos-go/stegos/internal/chainsrc"
	"github.com/stegos-go/stegos/internal/genesis"
	"github.com/stegos-go/stegos/internal/rpcserver"
	"github.com/stegos-go/stegos/internal/testnode"
	"github.com/stegos-go/stegos/internal/wallet"
)

// gatedSource holds block fetches while closed, so a test can observe an
// account that has not finished scanning.
type gatedSource struct {
	*chainsrc.Comet
	mu   sync.Mutex
	open bool
	cond *sync.Cond
}

func (g *gatedSource) Block(ctx context.Context, h int64) (*chainsrc.Block, error) {
	g.mu.Lock()
	for !g.open {
		g.cond.Wait()
	}
	g.mu.Unlock()
	return g.Comet.Block(ctx, h)
}

func (g *gatedSource) setOpen(v bool) {
	g.mu.Lock()
	g.open = v
	g.mu.Unlock()
	g.cond.Broadcast()
}

// startWalletAPI serves the chain and wallet methods over a real node.
func startWalletAPI(t *testing.T) (*chainAPI, *gatedSource) {
	t.Helper()
	if testing.Short() {
		t.Skip("runs a node")
	}
	n := testnode.Start(t, testnode.Options{})
	src := chainsrc.NewComet(n.Client(), n.ChainID())
	gs := &gatedSource{Comet: src, open: true}
	gs.cond = sync.NewCond(&gs.mu)
	a := serveAPI(t, func(srv *rpcserver.Server) {
		w, err := wallet.Open(wallet.Config{Dir: t.TempDir(), Source: gs, Params: &n.Params, KDF: keystore.MinParams(), Poll: 30 * time.Millisecond, Notify: srv.Publish})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { gs.setOpen(true); _ = w.Close() })
		RegisterChain(srv, src, &n.Params, "test")
		RegisterWallet(srv, w)
	})
	return a, gs
}

func mustCall[T any](t *testing.T, a *chainAPI, method string, params any) T {
	t.Helper()
	raw, e := a.call(t, method, params)
	if e != nil {
		t.Fatalf("%s: %v", method, e)
	}
	var v T
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("%s result: %v", method, err)
	}
	return v
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(30 * time.Millisecond) {
		if ok() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

// TestWalletErrors checks that every wallet error reaches a client as its
// documented code, with a message a user can act on.
func TestWalletErrors(t *testing.T) {
	a, gate := startWalletAPI(t)
	demo := mustCall[api.Account](t, a, api.MethodWalletRecoverAccount, api.RecoverAccountParams{Name: "demo", Phrase: genesis.DemoPhrase, Password: "demo"})
	waitFor(t, "demo synced", func() bool {
		return mustCall[api.SyncStatus](t, a, api.MethodWalletSyncStatus, api.AccountParams{Account: "demo"}).Synced
	})
	created := mustCall[api.CreateAccountResult](t, a, api.MethodWalletCreateAccount, api.CreateAccountParams{Name: "view", Password: "pw"})
	to := created.Account.Address

	cases := []struct {
		name, method string
		params       any
		code         int
		msg          string
	}{
		{"wrong password", api.MethodWalletUnlock, api.UnlockParams{Account: "demo", Password: "nope"}, api.CodeWrongPassword, "wrong password"},
		{"unknown account", api.MethodWalletBalance, api.AccountParams{Account: "nobody"}, api.CodeAccountNotFound, `"nobody"`},
		{"duplicate name", api.MethodWalletCreateAccount, api.CreateAccountParams{Name: "demo", Password: "x"}, api.CodeAccountExists, "taken"},
		{"bad phrase", api.MethodWalletRecoverAccount, api.RecoverAccountParams{Name: "r", Phrase: "abandon zebra", Password: "x"}, api.CodeInvalidPhrase, "phrase"},
		{"insufficient funds", api.MethodWalletSend, api.SendParams{Account: "demo", To: to, Amount: 2 * genesis.DemoAmount}, api.CodeInsufficientFunds, "insufficient funds"},
		{"invalid address", api.MethodWalletSend, api.SendParams{Account: "demo", To: "dev1notanaddress", Amount: 1}, api.CodeInvalidAddress, "invalid address"},
		{"address of another network", api.MethodWalletSend, api.SendParams{Account: "demo", To: strings.Replace(to, "dev1", "stg1", 1), Amount: 1}, api.CodeInvalidAddress, "invalid address"},
		{"missing recipient", api.MethodWalletSend, api.SendParams{Account: "demo", Amount: 1}, api.CodeInvalidParams, `"to" is required`},
		{"wrong type", api.MethodWalletSend, json.RawMessage(`{"to":"x","amount":"1.5"}`), api.CodeInvalidParams, `"amount"`},
		{"unknown field", api.MethodWalletBalance, json.RawMessage(`{"acount":"demo"}`), api.CodeInvalidParams, "acount"},
		{"params not an object", api.MethodWalletBalance, json.RawMessage(`["demo"]`), api.CodeInvalidParams, "object"},
		{"empty password", api.MethodWalletCreateAccount, api.CreateAccountParams{Name: "e"}, api.CodeInvalidParams, `"password" is required`},
		{"bad name", api.MethodWalletCreateAccount, api.CreateAccountParams{Name: "a b", Password: "x"}, api.CodeInvalidParams, "name"},
		{"negative limit", api.MethodWalletHistory, json.RawMessage(`{"limit":-1}`), api.CodeInvalidParams, "negative"},
		{"proof garbage", api.MethodWalletVerifyPaymentProof, api.VerifyPaymentProofParams{Proof: "stgproof1xyz"}, api.CodeInvalidProof, "proof"},
		{"proof of unknown tx", api.MethodWalletPaymentProof, api.PaymentProofParams{Account: "demo", TxID: strings.Repeat("00", 32)}, api.CodeNotFound, "not a transaction this account sent"},
		{"unknown method", "wallet.sendAll", nil, api.CodeMethodNotFound, "wallet.sendAll"},
		{"memo too long", api.MethodWalletSend, api.SendParams{Account: "demo", To: to, Amount: 1, Memo: strings.Repeat("m", 1000)}, api.CodeInvalidParams, "memo too long"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, e := a.call(t, c.method, c.params)
			if e == nil || e.Code != c.code || !strings.Contains(e.Message, c.msg) {
				t.Fatalf("got %+v, want code %d with %q", e, c.code, c.msg)
			}
		})
	}
	// Insufficient funds carries the figures.
	_, e := a.call(t, api.MethodWalletSend, api.SendParams{Account: "demo", To: to, Amount: 2 * genesis.DemoAmount})
	data, _ := json.Marshal(e.Data)
	var funds api.InsufficientFundsData
	if err := json.Unmarshal(data, &funds); err != nil || funds.Available != genesis.DemoAmount || funds.Needed <= 2*genesis.DemoAmount {
		t.Fatalf("insufficient funds data %s (%v)", data, err)
	}

	// Locked and view-only accounts cannot send.
	mustCall[api.Account](t, a, api.MethodWalletLock, api.AccountParams{Account: "demo"})
	if _, e := a.call(t, api.MethodWalletSend, api.SendParams{Account: "demo", To: to, Amount: 1}); e == nil || e.Code != api.CodeLocked || !strings.Contains(e.Message, "unlock") {
		t.Fatalf("send from a locked account: %+v", e)
	}
	mustCall[api.Account](t, a, api.MethodWalletUnlock, api.UnlockParams{Account: "demo", Password: "demo"})
	viewKey := strings.Repeat("00", 32)
	if _, e := a.call(t, api.MethodWalletImportViewOnly, api.ImportViewOnlyParams{Name: "w", Address: demo.Address, ViewKey: viewKey, Password: "x"}); e == nil || e.Code != api.CodeInvalidAddress || !strings.Contains(e.Message, "view key") {
		t.Fatalf("view-only import with a wrong key: %+v", e)
	}

	// An account still scanning refuses balances and payments.
	gate.setOpen(false)
	mustCall[api.Account](t, a, api.MethodWalletRecoverAccount, api.RecoverAccountParams{Name: "again", Phrase: trezorPhrase, Password: "pw"})
	waitFor(t, "two blocks more", func() bool {
		return mustCall[api.NodeStatus](t, a, api.MethodNodeStatus, nil).Height >= demo.ScannedHeight+3
	})
	_, e = a.call(t, api.MethodWalletBalance, api.AccountParams{Account: "again"})
	if e == nil || e.Code != api.CodeSyncing || !strings.Contains(e.Message, "syncing") {
		t.Fatalf("balance while syncing: %+v", e)
	}
	gate.setOpen(true)
	waitFor(t, "the recovered account to sync", func() bool {
		_, e := a.call(t, api.MethodWalletBalance, api.AccountParams{Account: "again"})
		return e == nil
	})
}

// trezorPhrase is a valid 24-word phrase from the BIP-39 test vectors.
const trezorPhrase = "legal winner thank year wave sausage worth useful legal winner thank year wave sausage worth useful legal winner thank year wave sausage worth title"

// TestAddressOfSealedAccount: an account locked since the wallet started
// has its address sealed at rest; wallet.address says so with the locked
// code instead of answering an empty address.
func TestAddressOfSealedAccount(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a node")
	}
	n := testnode.Start(t, testnode.Options{})
	src := chainsrc.NewComet(n.Client(), n.ChainID())
	dir := t.TempDir()
	open := func() *wallet.Service {
		w, err := wallet.Open(wallet.Config{Dir: dir, Source: src, Params: &n.Params, KDF: keystore.MinParams(), Poll: 30 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	w := open()
	if _, _, err := w.CreateAccount(context.Background(), "alice", "pw"); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	w = open()
	t.Cleanup(func() { _ = w.Close() })
	a := serveAPI(t, func(srv *rpcserver.Server) { RegisterWallet(srv, w) })
	if _, e := a.call(t, api.MethodWalletAddress, api.AccountParams{Account: "alice"}); e == nil || e.Code != api.CodeLocked || !strings.Contains(e.Message, "unlock") {
		t.Fatalf("address of a sealed account: %+v, want the locked code", e)
	}
	mustCall[api.Account](t, a, api.MethodWalletUnlock, api.UnlockParams{Account: "alice", Password: "pw"})
	if got := mustCall[api.AddressResult](t, a, api.MethodWalletAddress, api.AccountParams{Account: "alice"}); got.Address == "" {
		t.Fatal("no address after unlock")
	}
}
