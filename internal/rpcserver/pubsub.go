package rpcserver

import (
	"encoding/json"
	"log/slog"
	"slices"
	"strconv"
	"strings"

	"github.com/coder/websocket"
)

type notification struct {
	JSONRPC string             `json:"jsonrpc"`
	Method  string             `json:"method"`
	Params  notificationParams `json:"params"`
}

type notificationParams struct {
	Subscription string          `json:"subscription"`
	Result       json.RawMessage `json:"result"`
}

// Publish delivers payload to every subscriber of topic. It never blocks:
// a subscriber whose outgoing queue is full is disconnected with close code
// 1013 (try again later). A payload that cannot be marshalled is logged
// and dropped.
func (s *Server) Publish(topic string, payload any) {
	raw, err := json.Marshal(payload)
	if err != nil {
		s.log.Error("rpc publish: marshal payload", slog.String("topic", topic), slog.Any("err", err))
		return
	}
	s.subsMu.Lock()
	defer s.subsMu.Unlock()
	for id, wc := range s.topics[topic] {
		b, _ := json.Marshal(notification{"2.0", "subscription", notificationParams{id, raw}})
		select {
		case wc.out <- b:
		default:
			s.unsubscribeAllLocked(wc)
			go wc.close(websocket.StatusTryAgainLater, "subscriber too slow")
		}
	}
}

func (s *Server) subscribe(wc *wsConn, params json.RawMessage) (any, error) {
	if wc == nil {
		return nil, Errorf(CodeTransport, "subscriptions need a WebSocket connection")
	}
	var p struct {
		Topic string `json:"topic"`
	}
	if err := DecodeParams(params, &p); err != nil {
		return nil, err
	}
	if p.Topic == "" {
		return nil, InvalidParams(`"topic" is required; the topics are %s`, strings.Join(s.cfg.Topics, ", "))
	}
	if !slices.Contains(s.cfg.Topics, p.Topic) {
		return nil, InvalidParams("unknown topic %q; the topics are %s", p.Topic, strings.Join(s.cfg.Topics, ", "))
	}
	s.subsMu.Lock()
	defer s.subsMu.Unlock()
	if len(wc.subs) >= s.cfg.MaxSubscriptions {
		return nil, Errorf(CodeTooManySubscriptions, "too many subscriptions (limit %d per connection)", s.cfg.MaxSubscriptions)
	}
	s.nextID++
	id := strconv.FormatUint(s.nextID, 16)
	if s.topics[p.Topic] == nil {
		s.topics[p.Topic] = map[string]*wsConn{}
	}
	s.topics[p.Topic][id] = wc
	wc.subs[id] = p.Topic
	return id, nil
}

func (s *Server) unsubscribe(wc *wsConn, params json.RawMessage) (any, error) {
	if wc == nil {
		return nil, Errorf(CodeTransport, "subscriptions need a WebSocket connection")
	}
	var p struct {
		ID string `json:"id"`
	}
	if err := DecodeParams(params, &p); err != nil {
		return nil, err
	}
	s.subsMu.Lock()
	defer s.subsMu.Unlock()
	topic, ok := wc.subs[p.ID]
	if !ok {
		return nil, InvalidParams("no subscription %q on this connection", p.ID)
	}
	s.removeLocked(wc, p.ID, topic)
	return true, nil
}

func (s *Server) dropConn(wc *wsConn) {
	s.subsMu.Lock()
	defer s.subsMu.Unlock()
	s.unsubscribeAllLocked(wc)
}

func (s *Server) unsubscribeAllLocked(wc *wsConn) {
	for id, topic := range wc.subs {
		s.removeLocked(wc, id, topic)
	}
}

func (s *Server) removeLocked(wc *wsConn, id, topic string) {
	delete(wc.subs, id)
	delete(s.topics[topic], id)
	if len(s.topics[topic]) == 0 {
		delete(s.topics, topic)
	}
}

// subscribers returns the number of subscriptions to topic.
func (s *Server) subscribers(topic string) int {
	s.subsMu.Lock()
	defer s.subsMu.Unlock()
	return len(s.topics[topic])
}
