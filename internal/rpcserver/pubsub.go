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
	var fields map[string]json.RawMessage // decoded once, if a filter asks
	for id, wc := range s.topics[topic] {
		if f := s.filters[id]; f != nil {
			if fields == nil {
				if json.Unmarshal(raw, &fields) != nil {
					fields = map[string]json.RawMessage{}
				}
			}
			if !matches(f, fields) {
				continue
			}
		}
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
		Topic  string            `json:"topic"`
		Filter map[string]string `json:"filter,omitempty"`
	}
	if err := DecodeParams(params, &p); err != nil {
		return nil, err
	}
	if len(p.Filter) > maxFilterFields {
		return nil, InvalidParams("a filter has at most %d fields, got %d", maxFilterFields, len(p.Filter))
	}
	for k, v := range p.Filter {
		if k == "" || len(k) > 64 || len(v) > 256 {
			return nil, InvalidParams("filter field %q: names are 1–64 bytes and values at most 256", k)
		}
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
	if len(p.Filter) > 0 {
		if s.filters == nil {
			s.filters = map[string]map[string]string{}
		}
		s.filters[id] = p.Filter
	}
	return id, nil
}

// maxFilterFields bounds the fields of one subscription's filter.
const maxFilterFields = 8

// matches reports whether a payload's top-level fields hold every value
// of filter: a string field equal to the value, or another field whose
// JSON text is the value (a number, true, false). A field the payload
// lacks does not match.
func matches(filter map[string]string, fields map[string]json.RawMessage) bool {
	for k, want := range filter {
		raw, ok := fields[k]
		if !ok {
			return false
		}
		var str string
		if json.Unmarshal(raw, &str) == nil {
			if str != want {
				return false
			}
		} else if string(raw) != want {
			return false
		}
	}
	return true
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
	delete(s.filters, id)
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
