package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"

	"github.com/coder/websocket"

	"github.com/stegos-go/stegos/api"
)

// eventBuffer is how many notifications a Subscription holds for a slow
// reader. Beyond it the reader stops reading, the server's queue fills and
// the server drops the connection, which Err then reports.
const eventBuffer = 16

// Subscription delivers the notifications of one topic over its own
// WebSocket connection. Create it with Subscribe, SubscribeTopic or a
// typed helper such as SubscribeBalance.
type Subscription[T any] struct {
	topic  string
	id     string
	conn   *websocket.Conn
	events chan T
	cancel context.CancelFunc
	done   chan struct{}
	stop   chan struct{} // closed by Close
	once   sync.Once
	// keep, if set, drops the events it returns false for.
	keep func(T) bool

	mu     sync.Mutex // guards following
	err    error
	closed bool
}

// Subscribe subscribes to topic (one of api.Topics) and delivers each
// payload as raw JSON. ctx bounds the whole subscription: when it ends, so
// does the subscription.
func (c *Client) Subscribe(ctx context.Context, topic string) (*Subscription[json.RawMessage], error) {
	return SubscribeTopic[json.RawMessage](ctx, c, topic)
}

// SubscribeNewBlocks subscribes to api.TopicNewBlock.
func (c *Client) SubscribeNewBlocks(ctx context.Context) (*Subscription[api.NewBlockEvent], error) {
	return SubscribeTopic[api.NewBlockEvent](ctx, c, api.TopicNewBlock)
}

// SubscribeBalance subscribes to api.TopicBalance.
func (c *Client) SubscribeBalance(ctx context.Context) (*Subscription[api.BalanceEvent], error) {
	return SubscribeTopic[api.BalanceEvent](ctx, c, api.TopicBalance)
}

// SubscribeTxStatus subscribes to api.TopicTxStatus.
func (c *Client) SubscribeTxStatus(ctx context.Context) (*Subscription[api.TxStatusEvent], error) {
	return SubscribeTopic[api.TxStatusEvent](ctx, c, api.TopicTxStatus)
}

// SubscribeSync subscribes to api.TopicSync.
func (c *Client) SubscribeSync(ctx context.Context) (*Subscription[api.SyncStatus], error) {
	return SubscribeTopic[api.SyncStatus](ctx, c, api.TopicSync)
}

// SubscribeTopic subscribes to topic and decodes each payload into a T. A
// payload that does not decode ends the subscription with an error. ctx
// bounds the whole subscription.
func SubscribeTopic[T any](ctx context.Context, c *Client, topic string) (*Subscription[T], error) {
	return subscribeFiltered[T](ctx, c, topic, nil)
}

// subscribeFiltered is SubscribeTopic delivering only the events keep
// returns true for (all if keep is nil).
func subscribeFiltered[T any](ctx context.Context, c *Client, topic string, keep func(T) bool) (*Subscription[T], error) {
	conn, err := c.dialWS(ctx)
	if err != nil {
		return nil, err
	}
	conn.SetReadLimit(maxResponseBytes)
	id, err := c.subscribeOn(ctx, conn, topic)
	if err != nil {
		conn.CloseNow()
		return nil, err
	}
	sctx, cancel := context.WithCancel(ctx)
	s := &Subscription[T]{
		topic:  topic,
		id:     id,
		conn:   conn,
		events: make(chan T, eventBuffer),
		cancel: cancel,
		done:   make(chan struct{}),
		stop:   make(chan struct{}),
		keep:   keep,
	}
	go s.run(sctx)
	return s, nil
}

// dialWS opens an authenticated WebSocket to the API.
func (c *Client) dialWS(ctx context.Context) (*websocket.Conn, error) {
	h := http.Header{}
	h.Set("Authorization", "Bearer "+c.token)
	conn, resp, err := websocket.Dial(ctx, c.url, &websocket.DialOptions{HTTPClient: c.http, HTTPHeader: h})
	if err == nil {
		return conn, nil
	}
	if resp != nil && resp.Body != nil {
		var r response
		if json.NewDecoder(resp.Body).Decode(&r) == nil && r.Error != nil {
			return nil, r.Error.apiError()
		}
	}
	return nil, c.transportError(ctx, api.MethodSubscribe, err)
}

// subscribeOn sends the subscribe call on conn and returns the id of the
// subscription.
func (c *Client) subscribeOn(ctx context.Context, conn *websocket.Conn, topic string) (string, error) {
	const id = 1
	body, err := encodeRequest(id, api.MethodSubscribe, map[string]string{"topic": topic})
	if err != nil {
		return "", err
	}
	if err := conn.Write(ctx, websocket.MessageText, body); err != nil {
		return "", c.transportError(ctx, api.MethodSubscribe, err)
	}
	for {
		_, data, err := conn.Read(ctx)
		if err != nil {
			return "", c.transportError(ctx, api.MethodSubscribe, err)
		}
		var r response
		if err := json.Unmarshal(data, &r); err != nil {
			return "", c.protocolError(api.MethodSubscribe, http.StatusSwitchingProtocols, data)
		}
		if r.Method != "" {
			continue // a notification cannot come before the subscription
		}
		if r.Error != nil {
			return "", r.Error.apiError()
		}
		var subID string
		if err := json.Unmarshal(r.Result, &subID); err != nil || subID == "" {
			return "", c.protocolError(api.MethodSubscribe, http.StatusSwitchingProtocols, data)
		}
		return subID, nil
	}
}

// Topic returns the subscribed topic.
func (s *Subscription[T]) Topic() string { return s.topic }

// ID returns the server's id of the subscription.
func (s *Subscription[T]) ID() string { return s.id }

// Events returns the channel of notifications. It is closed when the
// subscription ends; Err then says why.
func (s *Subscription[T]) Events() <-chan T { return s.events }

// Done is closed when the subscription has ended and Events is closed.
func (s *Subscription[T]) Done() <-chan struct{} { return s.done }

// Err returns why the subscription ended: nil while it runs and after
// Close, the context's error when the context ended, otherwise the
// connection or decoding failure.
func (s *Subscription[T]) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// Close ends the subscription and closes its connection; Events is closed
// by the time Close returns. It always returns nil (closing twice is fine),
// so it satisfies io.Closer.
func (s *Subscription[T]) Close() error {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.once.Do(func() { close(s.stop) }) // unblocks a pending delivery
	_ = s.conn.Close(websocket.StatusNormalClosure, "")
	s.cancel()
	<-s.done
	return nil
}

// notificationParams are the params of a subscription notification.
type notificationParams struct {
	Subscription string          `json:"subscription"`
	Result       json.RawMessage `json:"result"`
}

// run reads notifications until the connection or ctx ends.
func (s *Subscription[T]) run(ctx context.Context) {
	defer close(s.done)
	defer close(s.events)
	defer s.cancel()
	err := s.readLoop(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.closed:
	case ctx.Err() != nil:
		s.err = ctx.Err()
	default:
		s.err = err
	}
}

func (s *Subscription[T]) readLoop(ctx context.Context) error {
	for {
		_, data, err := s.conn.Read(ctx)
		if err != nil {
			return s.connError(err)
		}
		var r response
		if err := json.Unmarshal(data, &r); err != nil {
			return fmt.Errorf("client: %s subscription: undecodable message: %w", s.topic, err)
		}
		if r.Method != "subscription" {
			continue
		}
		var p notificationParams
		if err := json.Unmarshal(r.Params, &p); err != nil {
			return fmt.Errorf("client: %s subscription: undecodable notification: %w", s.topic, err)
		}
		if p.Subscription != s.id {
			continue
		}
		var ev T
		if err := json.Unmarshal(p.Result, &ev); err != nil {
			return fmt.Errorf("client: %s event: %w", s.topic, err)
		}
		if s.keep != nil && !s.keep(ev) {
			continue
		}
		select {
		case s.events <- ev:
		case <-s.stop:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// connError explains why the server ended the connection.
func (s *Subscription[T]) connError(err error) error {
	why := "the connection failed"
	switch websocket.CloseStatus(err) {
	case websocket.StatusGoingAway:
		why = "the API server is shutting down"
	case websocket.StatusTryAgainLater:
		why = "the server dropped it because events were not read fast enough"
	case websocket.StatusPolicyViolation:
		why = "the server refused the connection"
	case websocket.StatusNormalClosure:
		why = "the server closed the connection"
	}
	return fmt.Errorf("client: %s subscription ended: %s: %w", s.topic, why, err)
}
