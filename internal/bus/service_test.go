package bus

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/internal/wallet"
	"github.com/stegos-go/stegos/params"
)

// events collects the bus.packet notifications of a Service.
type events chan api.BusPacket

func (ev events) notify(topic string, payload any) {
	if topic == api.TopicBusPacket {
		ev <- payload.(api.BusPacket)
	}
}

// next waits for the next notification.
func (ev events) next(t *testing.T) api.BusPacket {
	t.Helper()
	select {
	case p := <-ev:
		return p
	case <-time.After(10 * time.Second):
		t.Fatal("no bus.packet notification")
		panic("unreachable")
	}
}

// none checks that no notification arrives for a while.
func (ev events) none(t *testing.T) {
	t.Helper()
	select {
	case p := <-ev:
		t.Fatalf("unexpected notification %+v", p)
	case <-time.After(100 * time.Millisecond):
	}
}

// newFakeBus starts a Service on w.
func newFakeBus(t *testing.T, w *fakeWallet, p *params.Params) (*Service, events) {
	t.Helper()
	ev := make(events, 64)
	s, err := New(Config{Wallet: w, Logger: testLogger(t), Notify: ev.notify, Poll: 10 * time.Millisecond, Params: p, Verify: testVerify})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s, ev
}

func TestServiceSendReceive(t *testing.T) {
	w := newFakeWallet()
	alice, bob := w.add(t, "alice", 5), w.add(t, "bob", 5)
	s, ev := newFakeBus(t, w, nil)
	ctx := context.Background()

	data := randomBytes(t, 2000)
	res, err := s.Send(ctx, SendRequest{Account: "alice", To: bob.acct.Address, App: "ping", Data: data, Sign: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Fragments != 5 || len(res.TxIDs) != 1 || res.Pending {
		t.Fatalf("result %+v", res)
	}
	res2, err := s.Send(ctx, SendRequest{Account: "alice", To: bob.acct.Address, App: "ping", Data: []byte("anonymous")})
	if err != nil {
		t.Fatal(err)
	}
	w.Mine()
	got := []api.BusPacket{ev.next(t), ev.next(t)}
	ev.none(t)
	if got[0].PacketID != res.PacketID || got[1].PacketID != res2.PacketID {
		t.Fatalf("order %s, %s; sent %s, %s", got[0].PacketID, got[1].PacketID, res.PacketID, res2.PacketID)
	}
	p := got[0]
	if !p.Complete || p.App != "ping" || !bytes.Equal(p.Data, data) || p.From != alice.acct.Address || p.Account != bob.acct.ID || p.Seq != 0 || p.Count != 5 {
		t.Fatalf("packet %+v", p)
	}
	if q := got[1]; q.From != "" || q.Seq != 1 || string(q.Data) != "anonymous" {
		t.Fatalf("anonymous packet %+v", q)
	}

	msgs, err := s.Messages("bob", "ping", 0)
	if err != nil || len(msgs) != 2 || msgs[0].ID.String() != res.PacketID {
		t.Fatalf("Messages = %d, %v", len(msgs), err)
	}
	if msgs, _ := s.Messages("bob", "other", 0); len(msgs) != 0 {
		t.Fatalf("Messages of another app: %d", len(msgs))
	}
	if msgs, _ := s.Messages("bob", "", 100); len(msgs) != 0 {
		t.Fatalf("Messages since a later height: %d", len(msgs))
	}
	if _, err := s.Messages("bob", "Bad App", 0); !errors.Is(err, ErrBadApp) {
		t.Fatalf("Messages of a bad app: %v", err)
	}

	// A restarted bus does not publish them again.
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	_, ev2 := newFakeBus(t, w, nil)
	ev2.none(t)
}

func TestServiceSendRejects(t *testing.T) {
	w := newFakeWallet()
	w.add(t, "alice", 1)
	bob := w.add(t, "bob", 1)
	locked := w.add(t, "locked", 1)
	locked.acct.Locked = true
	viewOnly := w.add(t, "watcher", 1)
	viewOnly.acct.ViewOnly = true
	p, err := params.For(params.Dev)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := newFakeBus(t, w, &p)
	ok := SendRequest{Account: "alice", To: bob.acct.Address, App: "a", Data: []byte("x")}
	for _, tt := range []struct {
		name string
		edit func(*SendRequest)
		want error
	}{
		{"bad app", func(r *SendRequest) { r.App = "A" }, ErrBadApp},
		{"empty app", func(r *SendRequest) { r.App = "" }, ErrBadApp},
		{"long app", func(r *SendRequest) { r.App = strings.Repeat("a", 33) }, ErrBadApp},
		{"too large", func(r *SendRequest) { r.Data = make([]byte, MaxData+1) }, ErrPacketTooLarge},
		{"unknown address", func(r *SendRequest) { r.To = "dev1nothing" }, ErrUnknownAddress},
		{"address is the wallet's error too", func(r *SendRequest) { r.To = "dev1nothing" }, wallet.ErrInvalidAddress},
		{"locked", func(r *SendRequest) { r.Account = "locked" }, wallet.ErrLocked},
		{"view-only", func(r *SendRequest) { r.Account = "watcher" }, wallet.ErrViewOnly},
		{"no account", func(r *SendRequest) { r.Account = "nobody" }, wallet.ErrAccountNotFound},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req := ok
			tt.edit(&req)
			if _, err := s.Send(context.Background(), req); !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
	// Fees: alice has 0.1 STG; 64 KiB take 10 transactions of about 0.03 STG.
	_, err = s.Send(context.Background(), SendRequest{Account: "alice", To: bob.acct.Address, App: "a", Data: make([]byte, MaxData)})
	var funds *wallet.InsufficientFundsError
	if !errors.As(err, &funds) || funds.Needed != EstimateFees(&p, 139) {
		t.Fatalf("err = %v, want insufficient funds for %d", err, EstimateFees(&p, 139))
	}
	if w.sent() != 0 || w.records(w.accounts[0], nsOutbox) != 0 {
		t.Fatalf("%d transactions sent, %d outbox records after refusals", w.sent(), w.records(w.accounts[0], nsOutbox))
	}
}

// TestServiceOutboxResumes sends 64 KiB from an account with one coin:
// one transaction per block, the bus closed and reopened half way.
func TestServiceOutboxResumes(t *testing.T) {
	w := newFakeWallet()
	alice, bob := w.add(t, "alice", 1), w.add(t, "bob", 1)
	s, _ := newFakeBus(t, w, nil)
	data := randomBytes(t, MaxData)
	res, err := s.Send(context.Background(), SendRequest{Account: "alice", To: bob.acct.Address, App: "big", Data: data, Sign: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Fragments != 140 || len(res.TxIDs) != 1 || !res.Pending {
		t.Fatalf("result %+v", res)
	}
	box, err := s.Outbox("alice")
	if err != nil || len(box) != 1 || box[0].Sent != 15 || box[0].Fragments != 140 || box[0].PacketID != res.PacketID {
		t.Fatalf("Outbox = %+v, %v", box, err)
	}
	// mineUntil mines until the outbox has sent n transactions.
	mineUntil := func(n int) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for w.sent() < n {
			if time.Now().After(deadline) {
				t.Fatalf("%d transactions sent, want %d", w.sent(), n)
			}
			w.Mine()
			time.Sleep(30 * time.Millisecond)
		}
	}
	mineUntil(5)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	w.Mine()
	w.Mine()
	if n := w.sent(); n != 5 {
		t.Fatalf("%d transactions sent with the bus closed", n)
	}
	s2, ev := newFakeBus(t, w, nil)
	mineUntil(10)
	w.Mine()
	p := ev.next(t)
	if !p.Complete || !bytes.Equal(p.Data, data) || p.From != alice.acct.Address || p.PacketID != res.PacketID || len(p.TxIDs) != 10 {
		t.Fatalf("packet complete %v, %d bytes, %d txs", p.Complete, len(p.Data), len(p.TxIDs))
	}
	ev.none(t)
	if box, err := s2.Outbox("alice"); err != nil || len(box) != 0 {
		t.Fatalf("Outbox after sending = %+v, %v", box, err)
	}
}

// TestServiceIncomplete: a packet missing a fragment is reported once the
// retention window has passed, never as complete.
func TestServiceIncomplete(t *testing.T) {
	w := newFakeWallet()
	w.add(t, "alice", 5)
	bob := w.add(t, "bob", 1)
	w.drop = func(_ DataOutput, i int) bool { return i == 3 }
	p, err := params.For(params.Dev)
	if err != nil {
		t.Fatal(err)
	}
	p.PayloadRetention = 4
	s, ev := newFakeBus(t, w, &p)
	res, err := s.Send(context.Background(), SendRequest{Account: "alice", To: bob.acct.Address, App: "lossy", Data: randomBytes(t, 3000)})
	if err != nil {
		t.Fatal(err)
	}
	w.Mine()
	ev.none(t)
	if msgs, _ := s.Messages("bob", "lossy", 0); len(msgs) != 0 {
		t.Fatalf("Messages lists a packet still arriving: %+v", msgs)
	}
	for range 4 {
		w.Mine()
	}
	got := ev.next(t)
	if got.Complete || got.PacketID != res.PacketID || got.Received != 6 || got.Count != 7 || got.App != "lossy" || len(got.Data) != 0 {
		t.Fatalf("incomplete report %+v", got)
	}
	ev.none(t)
	msgs, err := s.Messages("bob", "lossy", 0)
	if err != nil || len(msgs) != 1 || msgs[0].Complete {
		t.Fatalf("Messages = %+v, %v", msgs, err)
	}
}

// TestServiceDropsBadPackets: a packet that fails its checks is logged and
// never published.
func TestServiceDropsBadPackets(t *testing.T) {
	w := newFakeWallet()
	alice, bob := w.add(t, "alice", 5), w.add(t, "bob", 1)
	id := randomID(t)
	// Signed by alice for someone else, then delivered to bob.
	enc := seal(t, id, alice.key.addr, Envelope{App: "x", Data: []byte("replayed")}, &alice.key)
	bob.outs = append(bob.outs, outputsOf(id, enc, 2)...)
	_, ev := newFakeBus(t, w, nil)
	ev.none(t)
	if n := w.records(bob, nsSeen); n != 1 {
		t.Fatalf("%d seen records, want the dropped packet's", n)
	}
}

// testLogger logs to t.Log, or nowhere when t is nil.
func testLogger(t *testing.T) *slog.Logger {
	if t == nil {
		return slog.New(slog.DiscardHandler)
	}
	return slog.New(slog.NewTextHandler(testWriter{t}, nil))
}

// testWriter writes logs to t.Log.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}
