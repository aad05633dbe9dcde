package rpcserver

import (
	"context"
	"net/http"
	"strings"
	"sync"

	"github.com/coder/websocket"
)

// wsConn is one authenticated WebSocket connection.
type wsConn struct {
	c      *websocket.Conn
	out    chan []byte
	ctx    context.Context
	cancel context.CancelFunc

	closeOnce sync.Once
	// subs maps subscription id to topic; guarded by Server.subsMu.
	subs map[string]string
}

func isUpgrade(r *http.Request) bool {
	return strings.EqualFold(r.Header.Get("Upgrade"), "websocket")
}

func (s *Server) serveWS(w http.ResponseWriter, r *http.Request) {
	if n := s.conns.Add(1); n > int64(s.cfg.MaxConns) {
		s.conns.Add(-1)
		writeHTTPError(w, http.StatusServiceUnavailable, Errorf(CodeTooManyConnections, "too many WebSocket connections (limit %d)", s.cfg.MaxConns))
		return
	}
	defer s.conns.Add(-1)
	// Add before the upgrade, while http.Server still tracks the request, so
	// Serve's wait after Shutdown cannot miss this connection.
	s.wg.Add(1)
	defer s.wg.Done()
	tok, present := bearer(r)
	if present && !s.tokenOK(tok) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="stegos"`)
		writeHTTPError(w, http.StatusUnauthorized, errUnauthorized())
		return
	}
	c, err := websocket.Accept(w, r, &websocket.AcceptOptions{OriginPatterns: s.cfg.OriginPatterns})
	if err != nil {
		return // Accept has written the HTTP error.
	}
	c.SetReadLimit(s.cfg.MaxBodyBytes)
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	wc := &wsConn{c: c, out: make(chan []byte, s.cfg.SubscriptionBuffer), ctx: ctx, cancel: cancel, subs: map[string]string{}}
	if sc, ok := r.Context().Value(serveCtxKey{}).(context.Context); ok {
		stop := context.AfterFunc(sc, func() { wc.close(websocket.StatusGoingAway, "server shutting down") })
		defer stop()
	}
	defer wc.close(websocket.StatusNormalClosure, "")
	defer s.dropConn(wc)
	sess := &session{limiter: s.newLimiter(), ws: wc}
	if !present && !s.authFirstMessage(wc, sess) {
		return
	}
	go wc.writeLoop()
	s.readLoop(wc, sess)
}

// authFirstMessage reads the first message, which must be a valid auth call.
func (s *Server) authFirstMessage(wc *wsConn, sess *session) bool {
	_, data, err := wc.c.Read(wc.ctx)
	if err != nil {
		return false
	}
	req, derr := DecodeRequest(data)
	if derr != nil || req.Method != methodAuth {
		wc.close(websocket.StatusPolicyViolation, "authentication required: first message must be auth")
		return false
	}
	if _, err := s.authMethod(req.Params); err != nil {
		wc.close(websocket.StatusPolicyViolation, "wrong API token")
		return false
	}
	if !req.IsNotification() {
		resp := s.handleBody(wc.ctx, data, sess)
		if err := wc.c.Write(wc.ctx, websocket.MessageText, resp); err != nil {
			return false
		}
	}
	return true
}

func (s *Server) readLoop(wc *wsConn, sess *session) {
	for {
		_, data, err := wc.c.Read(wc.ctx)
		if err != nil {
			wc.cancel()
			return
		}
		resp := s.handleBody(wc.ctx, data, sess)
		if resp == nil {
			continue
		}
		select {
		case wc.out <- resp:
		case <-wc.ctx.Done():
			return
		}
	}
}

// writeLoop sends queued responses and notifications in order.
func (wc *wsConn) writeLoop() {
	for {
		select {
		case b := <-wc.out:
			if err := wc.c.Write(wc.ctx, websocket.MessageText, b); err != nil {
				wc.cancel()
				return
			}
		case <-wc.ctx.Done():
			return
		}
	}
}

// close closes the connection with code and reason. Only the first call
// closes; later ones wait for it. The close handshake can take seconds, so
// callers that must not block run it in a goroutine.
func (wc *wsConn) close(code websocket.StatusCode, reason string) {
	wc.closeOnce.Do(func() {
		_ = wc.c.Close(code, reason)
		wc.cancel()
	})
}
