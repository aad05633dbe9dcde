package wallet

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/crypto/payload"
	"github.com/stegos-go/stegos/internal/genesis"
	"github.com/stegos-go/stegos/internal/testnode"
	"github.com/stegos-go/stegos/ledger"
)

// TestPayReceiveProveRecover is the wallet's life: a demo account pays a
// new account with a memo, both histories show it, a payment proof
// verifies, the wallet survives a restart, and the new account recovered
// from its phrase in another wallet sees the same balance and history.
func TestPayReceiveProveRecover(t *testing.T) {
	f := newFixture(t, testnode.Options{})
	ctx := context.Background()
	dirA := f.dir("a")
	w := f.demo(dirA)
	alice, phrase, err := w.CreateAccount(ctx, "alice", "pw-alice")
	if err != nil {
		t.Fatal(err)
	}
	if n := len(strings.Fields(phrase)); n != 24 {
		t.Fatalf("phrase has %d words", n)
	}
	waitSynced(t, w, "alice")

	est, err := w.EstimateFee(ctx, "demo", 1_500_000)
	if err != nil {
		t.Fatal(err)
	}
	sent, err := w.Send(ctx, SendRequest{Account: "demo", To: alice.Address, Amount: 1_500_000, Memo: "for the coffee"})
	if err != nil {
		t.Fatal(err)
	}
	if est.Fee != sent.Fee || est.Inputs != 1 {
		t.Fatalf("estimate %+v, but the payment paid %d", est, sent.Fee)
	}
	if sent.Status != api.StatusPending || sent.Fee == 0 {
		t.Fatalf("send result %+v", sent)
	}
	b := waitBalance(t, w, "alice", func(b api.Balance) bool { return b.Available == 1_500_000 })
	if b.Pending != 0 || b.Locked != 0 {
		t.Fatalf("alice balance %+v", b)
	}
	out := waitStatus(t, w, "demo", sent.TxID, api.StatusConfirmed)
	if out.Direction != "out" || out.Sent != 1_500_000 || out.Fee != sent.Fee || len(out.Payments) != 1 ||
		out.Payments[0].Address != alice.Address || out.Payments[0].Memo != "for the coffee" || out.Confirmations < 1 {
		t.Fatalf("demo history entry %+v", out)
	}
	in := waitStatus(t, w, "alice", sent.TxID, api.StatusConfirmed)
	if in.Direction != "in" || in.Received != 1_500_000 || len(in.Payments) != 1 || in.Payments[0].Memo != "for the coffee" {
		t.Fatalf("alice history entry %+v", in)
	}
	demoBal := waitBalance(t, w, "demo", func(b api.Balance) bool { return b.Pending == 0 && b.Locked == 0 })
	if want := genesis.DemoAmount - 1_500_000 - sent.Fee; demoBal.Available != want {
		t.Fatalf("demo available %d, want %d", demoBal.Available, want)
	}

	// The payment proof verifies and says what was paid.
	proof, err := w.PaymentProof(ctx, "demo", sent.TxID, nil)
	if err != nil {
		t.Fatal(err)
	}
	check, err := w.VerifyPaymentProof(ctx, proof.Proof)
	if err != nil {
		t.Fatal(err)
	}
	if !check.Valid || check.Amount != 1_500_000 || check.Address != alice.Address || check.Memo != "for the coffee" || check.TxID != sent.TxID {
		t.Fatalf("proof check %+v", check)
	}
	tampered := proof.Proof[:len(proof.Proof)-1] + "q"
	if strings.HasSuffix(proof.Proof, "q") {
		tampered = proof.Proof[:len(proof.Proof)-1] + "p"
	}
	if _, err := w.VerifyPaymentProof(ctx, tampered); !errors.Is(err, ErrInvalidProof) {
		t.Fatalf("tampered proof: %v", err)
	}

	// Pay back with a memo: alice's outgoing entry keeps the memo.
	demoAddr, _ := w.Account("demo")
	back, err := w.Send(ctx, SendRequest{Account: "alice", To: demoAddr.Address, Amount: 500_000, Memo: "change back"})
	if err != nil {
		t.Fatal(err)
	}
	waitStatus(t, w, "alice", back.TxID, api.StatusConfirmed)
	aliceBal := waitBalance(t, w, "alice", func(b api.Balance) bool { return b.Pending == 0 && b.Available > 0 })
	if want := uint64(1_000_000) - back.Fee; aliceBal.Available != want {
		t.Fatalf("alice available %d, want %d", aliceBal.Available, want)
	}
	histA, _ := w.History("alice", 0, 0)

	// Restart: everything is still there; scanning waits for unlock.
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	w = f.open(dirA)
	if _, err := w.Balance(context.Background(), "alice"); !errors.Is(err, ErrLocked) {
		t.Fatalf("balance of a locked account after restart: %v", err)
	}
	if _, err := w.Unlock("alice", "wrong"); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("wrong password: %v", err)
	}
	if _, err := w.Unlock("alice", "pw-alice"); err != nil {
		t.Fatal(err)
	}
	waitSynced(t, w, "alice")
	if b := balanceNow(t, w, "alice"); b.Available != aliceBal.Available {
		t.Fatalf("after restart alice has %+v, had %+v", b, aliceBal)
	}
	if h, _ := w.History("alice", 0, 0); len(h) != len(histA) {
		t.Fatalf("after restart alice history has %d entries, had %d", len(h), len(histA))
	}

	// Recovery in another wallet: same balance, same history, the outgoing
	// payment's recipient and memo read back from the sender's note.
	w2 := f.open(f.dir("b"))
	if _, err := w2.RecoverAccount(ctx, "alice", "  "+strings.ToUpper(phrase)+"\n", "other"); err != nil {
		t.Fatal(err)
	}
	waitSynced(t, w2, "alice")
	if b := balanceNow(t, w2, "alice"); b.Available != aliceBal.Available {
		t.Fatalf("recovered alice has %+v, want %+v", b, aliceBal)
	}
	h2, _ := w2.History("alice", 0, 0)
	if len(h2) != len(histA) {
		t.Fatalf("recovered history %+v, want %+v", h2, histA)
	}
	for i := range h2 {
		a, b := h2[i], histA[i]
		if a.TxID != b.TxID || a.Direction != b.Direction || a.Received != b.Received || a.Sent != b.Sent || a.Fee != b.Fee ||
			a.Height != b.Height || len(a.Payments) != len(b.Payments) || a.Payments[0] != b.Payments[0] {
			t.Fatalf("recovered entry %d = %+v, want %+v", i, a, b)
		}
	}

	// A view-only import sees incoming funds and cannot send.
	view := f.open(f.dir("v"))
	aliceKeys := mustViewKey(t, w, "alice")
	vo, err := view.ImportViewOnly(ctx, "alice-watch", alice.Address, aliceKeys, "watch")
	if err != nil {
		t.Fatal(err)
	}
	if !vo.ViewOnly || vo.Address != alice.Address {
		t.Fatalf("view-only account %+v", vo)
	}
	waitSynced(t, view, "alice-watch")
	if b := balanceNow(t, view, "alice-watch"); b.Available != aliceBal.Available {
		t.Fatalf("view-only balance %+v, want %d", b, aliceBal.Available)
	}
	if _, err := view.Send(ctx, SendRequest{Account: "alice-watch", To: demoAddr.Address, Amount: 1}); !errors.Is(err, ErrViewOnly) {
		t.Fatalf("view-only send: %v", err)
	}
	if f.events.count(api.TopicBalance) == 0 || f.events.count(api.TopicTxStatus) == 0 || f.events.count(api.TopicSync) == 0 {
		t.Fatalf("events: balance %d, txStatus %d, sync %d", f.events.count(api.TopicBalance), f.events.count(api.TopicTxStatus), f.events.count(api.TopicSync))
	}
}

// mustViewKey reads an unlocked account's view secret, as a user exports
// it for a watch-only wallet.
func mustViewKey(t *testing.T, w *Service, ref string) string {
	t.Helper()
	w.mu.Lock()
	defer w.mu.Unlock()
	a, err := w.lookup(ref)
	if err != nil || a.sec == nil {
		t.Fatalf("view key of %s: %v", ref, err)
	}
	return hexOf(a.sec.view.Bytes())
}

// TestSendErrors checks every refusal of Send and the account calls, by
// the typed error callers branch on.
func TestSendErrors(t *testing.T) {
	f := newFixture(t, testnode.Options{})
	ctx := context.Background()
	w := f.demo(f.dir("w"))
	bob, _, err := w.CreateAccount(ctx, "bob", "pw")
	if err != nil {
		t.Fatal(err)
	}
	waitSynced(t, w, "bob")
	funds := errors.New("insufficient funds marker")
	cases := []struct {
		name string
		req  SendRequest
		want error
	}{
		{"empty account pays", SendRequest{Account: "bob", To: bob.Address, Amount: 1}, funds},
		{"more than the supply", SendRequest{Account: "demo", To: bob.Address, Amount: 2 * genesis.DemoAmount}, funds},
		{"garbage address", SendRequest{Account: "demo", To: "stg1nope", Amount: 1}, ErrInvalidAddress},
		{"testnet address", SendRequest{Account: "demo", To: "stt" + strings.TrimPrefix(bob.Address, "dev"), Amount: 1}, ErrInvalidAddress},
		{"zero amount", SendRequest{Account: "demo", To: bob.Address}, ErrInvalidAmount},
		{"memo too long", SendRequest{Account: "demo", To: bob.Address, Amount: 1, Memo: strings.Repeat("x", payload.MaxDataSize+1)}, ErrMemoTooLong},
		{"unknown account", SendRequest{Account: "carol", To: bob.Address, Amount: 1}, ErrAccountNotFound},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := w.Send(ctx, c.req)
			if c.want == funds {
				var ife *InsufficientFundsError
				if !errors.As(err, &ife) {
					t.Fatalf("got %v, want insufficient funds", err)
				}
				if ife.Needed <= ife.Available {
					t.Fatalf("insufficient funds error %+v", ife)
				}
				return
			}
			if !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
		})
	}
	if _, err := w.Lock("bob"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Send(ctx, SendRequest{Account: "bob", To: bob.Address, Amount: 1}); !errors.Is(err, ErrLocked) {
		t.Fatalf("locked send: %v", err)
	}
	if _, _, err := w.CreateAccount(ctx, "bob", "pw"); !errors.Is(err, ErrAccountExists) {
		t.Fatalf("duplicate name: %v", err)
	}
	if _, _, err := w.CreateAccount(ctx, "bad name!", "pw"); !errors.Is(err, ErrInvalidName) {
		t.Fatalf("bad name: %v", err)
	}
	if _, _, err := w.CreateAccount(ctx, "eve", ""); !errors.Is(err, ErrEmptyPassword) {
		t.Fatalf("empty password: %v", err)
	}
	if _, err := w.RecoverAccount(ctx, "demo2", genesis.DemoPhrase, "x"); !errors.Is(err, ErrAccountExists) {
		t.Fatalf("same keys twice: %v", err)
	}
	if _, err := w.RecoverAccount(ctx, "x", "abandon abandon", "x"); !errors.Is(err, ErrInvalidPhrase) {
		t.Fatalf("short phrase: %v", err)
	}
	if err := w.ChangePassword("bob", "wrong", "new"); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("change password with a wrong one: %v", err)
	}
	if err := w.ChangePassword("bob", "pw", "new"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Unlock("bob", "pw"); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("old password still works: %v", err)
	}
	if _, err := w.DeleteAccount("bob", "pw"); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("delete with a wrong password: %v", err)
	}
	trash, err := w.DeleteAccount("bob", "new")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Account("bob"); !errors.Is(err, ErrAccountNotFound) {
		t.Fatalf("deleted account still there: %v", err)
	}
	if !strings.Contains(trash, "trash") || !fileExists(trash+"/"+trashExport) {
		t.Fatalf("trash %q has no records", trash)
	}
}

// TestDroppedTransactionIsResubmitted loses a transaction the way a node
// restart does and checks the wallet resubmits it and the history says so.
func TestDroppedTransactionIsResubmitted(t *testing.T) {
	f := newFixture(t, testnode.Options{})
	ctx := context.Background()
	w := f.demo(f.dir("w"))
	carol, _, err := w.CreateAccount(ctx, "carol", "pw")
	if err != nil {
		t.Fatal(err)
	}
	f.src.drop.Store(1)
	sent, err := w.Send(ctx, SendRequest{Account: "demo", To: carol.Address, Amount: 7_000_000})
	if err != nil {
		t.Fatal(err)
	}
	if b := balanceNow(t, w, "demo"); b.Locked == 0 || b.Pending == 0 {
		t.Fatalf("a pending payment locks its inputs and shows its change as pending: %+v", b)
	}
	e := waitStatus(t, w, "demo", sent.TxID, api.StatusConfirmed)
	if e.Attempts != 2 {
		t.Fatalf("attempts %d, want 2 (dropped once, resubmitted once)", e.Attempts)
	}
	waitBalance(t, w, "carol", func(b api.Balance) bool { return b.Available == 7_000_000 })
}

// TestConflictingSpendFails spends the same demo outputs from two wallets:
// one transaction wins, the other is marked failed with its reason and its
// inputs released, and no funds are lost.
func TestConflictingSpendFails(t *testing.T) {
	f := newFixture(t, testnode.Options{})
	ctx := context.Background()
	w1 := f.demo(f.dir("w1"))
	w2 := f.demo(f.dir("w2"))
	dave, _, err := w1.CreateAccount(ctx, "dave", "pw")
	if err != nil {
		t.Fatal(err)
	}
	before := balanceNow(t, w1, "demo")
	f.src.drop.Store(1) // w1's transaction is lost...
	s1, err := w1.Send(ctx, SendRequest{Account: "demo", To: dave.Address, Amount: 1_000_000})
	if err != nil {
		t.Fatal(err)
	}
	// ...and w2 spends the same largest output meanwhile.
	s2, err := w2.Send(ctx, SendRequest{Account: "demo", To: dave.Address, Amount: 2_000_000})
	if err != nil {
		t.Fatal(err)
	}
	waitStatus(t, w2, "demo", s2.TxID, api.StatusConfirmed)
	e := waitStatus(t, w1, "demo", s1.TxID, api.StatusFailed)
	if !strings.Contains(e.Reason, "spent by another transaction") || !strings.Contains(e.Reason, "released") {
		t.Fatalf("failure reason %q", e.Reason)
	}
	after := waitBalance(t, w1, "demo", func(b api.Balance) bool { return b.Locked == 0 && b.Pending == 0 })
	if want := before.Available - 2_000_000 - s2.Fee; after.Available != want {
		t.Fatalf("after the conflict demo has %d available, want %d", after.Available, want)
	}
	_ = ledger.STG
}
