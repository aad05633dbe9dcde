package rpcserver

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"time"

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

// serveWS serves one WebSocket. A connection with a valid Authorization
// header takes one of MaxConns slots before the upgrade. One without the
// header is charged to its source's unauthenticated budget and waits in
// one of MaxPendingConns slots, apart, until its auth message moves it to
// an authenticated slot; it is closed if that message does not come within
// AuthTimeout, so idle connections cannot lock clients out.
func (s *Server) serveWS(w http.ResponseWriter, r *http.Request) {
	source := sourceKey(r.RemoteAddr)
	tok, present := bearer(r)
	pool := &s.conns
	switch {
	case present && !s.tokenOK(tok):
		s.refuseUnauthenticated(w, source)
		return
	case !present:
		if !s.allowUnauth(source) {
			s.tooManyUnauth(w)
			return
		}
		pool = &s.pending
	}
	h := pool.hold()
	if h == nil {
		writeHTTPError(w, http.StatusServiceUnavailable, errTooManyConns(present, pool.max))
		return
	}
	defer func() { h.release() }() // h changes when the connection authenticates
	// Add before the upgrade, while http.Server still tracks the request, so
	// Serve's wait after Shutdown cannot miss this connection.
	s.wg.Add(1)
	defer s.wg.Done()
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
	sess := &session{client: source, ws: wc}
	if !present {
		first, ok := s.authFirstMessage(wc, h)
		if !ok {
			return
		}
		h.release()
		if h = s.conns.hold(); h == nil {
			wc.close(websocket.StatusTryAgainLater, "too many WebSocket connections")
			return
		}
		if resp := s.handleBody(wc.ctx, first, sess); resp != nil {
			if err := wc.c.Write(wc.ctx, websocket.MessageText, resp); err != nil {
				return
			}
		}
	}
	go wc.writeLoop()
	s.readLoop(wc, sess)
}

// authFirstMessage reads the first message, which must be a valid auth
// call and arrive within AuthTimeout, and returns it. When it does not, it
// gives back the pending slot before it closes the connection, so the slot
// is free by the time the client learns why (and a client that never
// answers the close handshake does not keep it).
func (s *Server) authFirstMessage(wc *wsConn, pending *hold) ([]byte, bool) {
	fail := func(reason string) {
		pending.release()
		wc.close(websocket.StatusPolicyViolation, reason)
	}
	timer := time.AfterFunc(s.cfg.AuthTimeout, func() {
		fail("authentication timeout: the first message must be an auth call")
	})
	_, data, err := wc.c.Read(wc.ctx)
	if !timer.Stop() || err != nil {
		return nil, false
	}
	req, derr := DecodeRequest(data)
	if derr != nil || req.Method != methodAuth {
		fail("authentication required: first message must be auth")
		return nil, false
	}
	if _, err := s.authMethod(req.Params); err != nil {
		fail("wrong API token")
		return nil, false
	}
	return data, true
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
