package client

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/internal/rpcserver"
)

// next receives one event or fails after a while.
func next[T any](t *testing.T, s *Subscription[T]) T {
	t.Helper()
	select {
	case ev, ok := <-s.Events():
		if !ok {
			t.Fatalf("subscription ended: %v", s.Err())
		}
		return ev
	case <-time.After(5 * time.Second):
		t.Fatal("no event within 5s")
	}
	panic("unreachable")
}

// ended waits for the subscription to end.
func ended[T any](t *testing.T, s *Subscription[T]) {
	t.Helper()
	select {
	case <-s.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("subscription did not end within 5s")
	}
	if _, ok := <-s.Events(); ok {
		t.Error("Events is not closed after Done")
	}
}

func TestSubscribe(t *testing.T) {
	t.Parallel()
	ts := startServer(t, nil)
	c := newClient(t, ts)

	raw, err := c.Subscribe(t.Context(), api.TopicNewBlock)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	bal, err := c.SubscribeBalance(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer bal.Close()
	if raw.Topic() != api.TopicNewBlock || raw.ID() == "" || raw.ID() == bal.ID() {
		t.Errorf("topic %q, ids %q and %q", raw.Topic(), raw.ID(), bal.ID())
	}

	// The server registers a subscription before it answers, so a Publish
	// after Subscribe returns reaches it.
	ts.Publish(api.TopicNewBlock, api.NewBlockEvent{Height: 4, Hash: "h4", Time: when, Txs: 2})
	want := api.BalanceEvent{Balance: api.Balance{Account: "0123456789abcdef", Available: 42}, Name: "alice"}
	ts.Publish(api.TopicBalance, want)

	var nb api.NewBlockEvent
	if err := json.Unmarshal(next(t, raw), &nb); err != nil || nb.Height != 4 || nb.Txs != 2 || !nb.Time.Equal(when) {
		t.Errorf("new block event %+v (%v)", nb, err)
	}
	if got := next(t, bal); got != want {
		t.Errorf("balance event %+v, want %+v", got, want)
	}

	if err := raw.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	ended(t, raw)
	if err := raw.Err(); err != nil {
		t.Errorf("Err after Close = %v, want nil", err)
	}
	raw.Close() // closing twice is fine
}

func TestSubscribeTyped(t *testing.T) {
	t.Parallel()
	ts := startServer(t, nil)
	c := newClient(t, ts)
	blocks, err := c.SubscribeNewBlocks(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer blocks.Close()
	txs, err := c.SubscribeTxStatus(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer txs.Close()
	syncs, err := c.SubscribeSync(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer syncs.Close()

	ts.Publish(api.TopicNewBlock, api.NewBlockEvent{Height: 8})
	ts.Publish(api.TopicTxStatus, api.TxStatusEvent{TxID: "t", Status: api.StatusConfirmed, Height: 8})
	ts.Publish(api.TopicSync, api.SyncStatus{ScannedHeight: 5, ChainHeight: 8, State: "scanning"})
	if got := next(t, blocks); got.Height != 8 {
		t.Errorf("block event %+v", got)
	}
	if got := next(t, txs); got.TxID != "t" || got.Status != api.StatusConfirmed {
		t.Errorf("tx status event %+v", got)
	}
	if got := next(t, syncs); got.ScannedHeight != 5 || got.State != "scanning" {
		t.Errorf("sync event %+v", got)
	}
}

func TestSubscriptionBadPayload(t *testing.T) {
	t.Parallel()
	ts := startServer(t, nil)
	c := newClient(t, ts)
	s, err := c.SubscribeNewBlocks(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ts.Publish(api.TopicNewBlock, map[string]string{"height": "not a number"})
	ended(t, s)
	if err := s.Err(); err == nil || !strings.Contains(err.Error(), api.TopicNewBlock+" event") {
		t.Errorf("Err = %v, want a decoding error", err)
	}
}

func TestSubscriptionServerShutdown(t *testing.T) {
	t.Parallel()
	ts := startServer(t, nil)
	c := newClient(t, ts)
	s, err := c.Subscribe(t.Context(), api.TopicSync)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ts.stop()
	ended(t, s)
	if err := s.Err(); err == nil || !strings.Contains(err.Error(), "shutting down") {
		t.Errorf("Err = %v, want one saying the server is shutting down", err)
	}
}

func TestSubscriptionContext(t *testing.T) {
	t.Parallel()
	ts := startServer(t, nil)
	c := newClient(t, ts)
	ctx, cancel := context.WithCancel(t.Context())
	s, err := c.Subscribe(ctx, api.TopicBalance)
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	ended(t, s)
	if err := s.Err(); !errors.Is(err, context.Canceled) {
		t.Errorf("Err = %v, want context.Canceled", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("Close after the end: %v", err)
	}

	done, cancel2 := context.WithCancel(t.Context())
	cancel2()
	if _, err := c.Subscribe(done, api.TopicBalance); !errors.Is(err, context.Canceled) {
		t.Errorf("Subscribe with a done context: error = %v, want context.Canceled", err)
	}
}

func TestSubscribeRefused(t *testing.T) {
	t.Parallel()
	ts := startServer(t, nil)
	c := newClient(t, ts)
	if _, err := c.Subscribe(t.Context(), ""); ErrorCode(err) != api.CodeInvalidParams {
		t.Errorf("Subscribe(\"\") error = %v, want code %d", err, api.CodeInvalidParams)
	}
}

func TestSlowSubscriber(t *testing.T) {
	t.Parallel()
	ts := startServerConfig(t, rpcserver.Config{SubscriptionBuffer: 4}, nil)
	c := newClient(t, ts)
	s, err := c.Subscribe(t.Context(), api.TopicNewBlock)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	big := strings.Repeat("x", 64<<10)
	// Nobody reads Events: the client's buffer, the socket buffers and
	// then the server's queue fill up, and the server drops the subscriber.
	for range 2000 {
		ts.Publish(api.TopicNewBlock, big)
	}
	for range s.Events() {
	}
	// The server says why in a close frame when the socket has room for
	// it; when the client has let the socket fill up, the frame cannot be
	// delivered and the server cuts the connection: either way the
	// subscription ends with an error, never silently.
	err = s.Err()
	switch {
	case err == nil:
		t.Error("the subscription ended without an error")
	case strings.Contains(err.Error(), "not read fast enough"), strings.Contains(err.Error(), "connection failed"):
	default:
		t.Errorf("Err = %v, want one saying events were not read fast enough, or that the connection failed", err)
	}
}

func TestCloseWithUnreadEvents(t *testing.T) {
	t.Parallel()
	ts := startServer(t, nil)
	c := newClient(t, ts)
	s, err := c.SubscribeNewBlocks(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for i := range eventBuffer + 4 {
		ts.Publish(api.TopicNewBlock, api.NewBlockEvent{Height: int64(i)})
	}
	// Wait until the reader is blocked on a full buffer.
	for len(s.Events()) < eventBuffer {
		time.Sleep(time.Millisecond)
	}
	start := time.Now()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Close took %v with unread events", d)
	}
	if err := s.Err(); err != nil {
		t.Errorf("Err after Close = %v", err)
	}
}
