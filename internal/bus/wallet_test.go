package bus

import (
	"bytes"
	"context"
	"crypto/rand"
	"testing"
	"time"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/crypto/keystore"
	"github.com/stegos-go/stegos/internal/chainsrc"
	"github.com/stegos-go/stegos/internal/genesis"
	"github.com/stegos-go/stegos/internal/testnode"
	"github.com/stegos-go/stegos/internal/wallet"
)

// openTestWallet opens a wallet on a new test node with the funded demo
// account, an account "alice" that demo paid one coin of 10 STG and an
// empty account "bob", all synced.
func openTestWallet(t *testing.T) (*wallet.Service, *testnode.Node) {
	t.Helper()
	if testing.Short() {
		t.Skip("runs a node")
	}
	n := testnode.Start(t, testnode.Options{})
	w, err := wallet.Open(wallet.Config{
		Dir: t.TempDir(), Source: chainsrc.NewComet(n.Client(), n.ChainID()), Params: &n.Params,
		KDF: keystore.MinParams(), Poll: 30 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = w.Close() })
	ctx := context.Background()
	if _, err := w.RecoverAccount(ctx, "demo", genesis.DemoPhrase, "pw"); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"alice", "bob"} {
		if _, _, err := w.CreateAccount(ctx, name, "pw"); err != nil {
			t.Fatal(err)
		}
	}
	for _, acct := range []string{"demo", "alice", "bob"} {
		waitUntil(t, acct+" synced", 30*time.Second, func() bool {
			s, err := w.SyncStatus(ctx, acct)
			return err == nil && s.Synced
		})
	}
	alice, err := w.Account("alice")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Send(ctx, wallet.SendRequest{Account: "demo", To: alice.Address, Amount: 10_000_000}); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "alice's coin", 30*time.Second, func() bool {
		b, err := w.Balance(ctx, "alice")
		return err == nil && b.Available == 10_000_000
	})
	return w, n
}

// waitUntil polls ok until it holds or the time is up.
func waitUntil(t *testing.T, what string, d time.Duration, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// startBus starts a bus on w whose notifications go to ev.
func startBus(t *testing.T, w *wallet.Service, n *testnode.Node, ev events) *Service {
	t.Helper()
	s, err := New(Config{Wallet: w, Logger: testLogger(t), Notify: ev.notify, Poll: 50 * time.Millisecond, Params: &n.Params})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// nextWithin waits up to d for the next notification.
func (ev events) nextWithin(t *testing.T, d time.Duration) api.BusPacket {
	t.Helper()
	select {
	case p := <-ev:
		return p
	case <-time.After(d):
		t.Fatalf("no bus.packet notification within %v", d)
		panic("unreachable")
	}
}

// TestBusOnWallet sends 10 KiB (two transactions) and 64 KiB (ten, the
// outbox resuming after the bus is closed and reopened) from alice, who
// has one coin, to bob through a real wallet on a test node: each
// transaction after the first waits for the change of the one before.
func TestBusOnWallet(t *testing.T) {
	w, n := openTestWallet(t)
	ctx := context.Background()
	ev := make(events, 16)
	s := startBus(t, w, n, ev)
	bob, err := w.Account("bob")
	if err != nil {
		t.Fatal(err)
	}
	alice, err := w.Account("alice")
	if err != nil {
		t.Fatal(err)
	}

	small := make([]byte, 10<<10)
	_, _ = rand.Read(small)
	start := time.Now()
	res, err := s.Send(ctx, SendRequest{Account: "alice", To: bob.Address, App: "ping", Data: small, Sign: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Fragments != 23 || len(res.TxIDs) != 1 || !res.Pending {
		t.Fatalf("10 KiB signed: %+v, want 23 fragments, the second transaction waiting for change", res)
	}
	p := ev.nextWithin(t, 60*time.Second)
	t.Logf("10 KiB signed: %d fragments in %d transactions, send → notification %v", res.Fragments, len(p.TxIDs), time.Since(start))
	if !p.Complete || p.PacketID != res.PacketID || !bytes.Equal(p.Data, small) || p.From != alice.Address || p.Account != bob.ID || p.App != "ping" {
		t.Fatalf("packet %s complete %v from %q, %d bytes", p.PacketID, p.Complete, p.From, len(p.Data))
	}

	big := make([]byte, MaxData)
	_, _ = rand.Read(big)
	res, err = s.Send(ctx, SendRequest{Account: "alice", To: bob.Address, App: "bulk", Data: big})
	if err != nil {
		t.Fatal(err)
	}
	if res.Fragments != 139 || !res.Pending || len(res.TxIDs) != 1 {
		t.Fatalf("64 KiB: %+v", res)
	}
	// Close the bus with most of the packet still in the outbox, let
	// blocks pass, and start another bus on the same wallet.
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	box, err := outboxOf(w, alice.ID)
	if err != nil || len(box) != 1 || box[0].Sent >= 139 {
		t.Fatalf("outbox after Close: %+v, %v", box, err)
	}
	n.WaitForHeight(n.State.Meta().Height + 2)
	if box2, _ := outboxOf(w, alice.ID); len(box2) != 1 || box2[0].Sent != box[0].Sent {
		t.Fatalf("the outbox moved with no bus: %+v", box2)
	}
	start = time.Now()
	s2 := startBus(t, w, n, ev)
	p = ev.nextWithin(t, 120*time.Second)
	t.Logf("64 KiB anonymous: %d fragments in %d transactions, %v after the restart", p.Count, len(p.TxIDs), time.Since(start))
	if !p.Complete || p.PacketID != res.PacketID || !bytes.Equal(p.Data, big) || p.From != "" || p.Count != 139 || len(p.TxIDs) != 10 {
		t.Fatalf("packet %s complete %v, %d bytes, %d transactions", p.PacketID, p.Complete, len(p.Data), len(p.TxIDs))
	}
	if box, err := s2.Outbox("alice"); err != nil || len(box) != 0 {
		t.Fatalf("Outbox after the packet: %+v, %v", box, err)
	}
	msgs, err := s2.Messages("bob", "", 0)
	if err != nil || len(msgs) != 2 || msgs[0].App != "ping" || msgs[1].App != "bulk" {
		t.Fatalf("Messages = %d packets, %v", len(msgs), err)
	}
	select {
	case p := <-ev:
		t.Fatalf("a packet published twice: %s", p.PacketID)
	case <-time.After(300 * time.Millisecond):
	}
}

// outboxOf lists an account's outbox records without a Service.
func outboxOf(w Wallet, account string) ([]*outboxRecord, error) {
	s := &Service{w: w, log: testLogger(nil)}
	return s.outbox(account)
}
