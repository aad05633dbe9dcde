package rpcserver

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
)

// session is the per-connection state a call runs with.
type session struct {
	client string  // the rate-limit key of the authenticated client
	ws     *wsConn // nil over HTTP
}

// handleBody serves one request body and returns the response body, or nil
// when nothing is to be sent (notifications only).
func (s *Server) handleBody(ctx context.Context, data []byte, sess *session) []byte {
	calls, batch, perr := decodeBody(data, s.cfg.MaxBatch)
	if perr != nil {
		return s.encode(response{JSONRPC: "2.0", Error: perr, ID: json.RawMessage("null")})
	}
	var out []response
	for _, c := range calls {
		r, send := s.serveCall(ctx, c, sess)
		if send {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		return nil
	}
	if !batch {
		return s.encode(out[0])
	}
	return s.encode(out)
}

// serveCall runs one call; send is false for a valid notification.
func (s *Server) serveCall(ctx context.Context, c call, sess *session) (r response, send bool) {
	r = response{JSONRPC: "2.0", ID: c.req.ID}
	if c.err != nil {
		r.Error = c.err
		return r, true
	}
	if !s.allowCall(sess.client) {
		r.Error = errRateLimited()
		return r, !c.req.IsNotification()
	}
	result, err := s.invoke(ctx, c.req, sess)
	if err == nil {
		r.Result, err = json.Marshal(result)
	}
	if err != nil {
		r.Result = nil
		r.Error = s.toRPCError(c.req.Method, err)
	}
	return r, !c.req.IsNotification()
}

func (s *Server) invoke(ctx context.Context, req Request, sess *session) (result any, err error) {
	switch req.Method {
	case methodDiscover:
		return s.openRPCDoc(), nil
	case methodAuth:
		return s.authMethod(req.Params)
	case methodSubscribe:
		return s.subscribe(sess.ws, req.Params)
	case methodUnsubscribe:
		return s.unsubscribe(sess.ws, req.Params)
	}
	m, ok := s.lookup(req.Method)
	if !ok {
		return nil, Errorf(CodeMethodNotFound, "method not found: %q", req.Method)
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic in handler: %v", p)
		}
	}()
	return m.handler(ctx, req.Params)
}

// toRPCError passes an *Error through and hides any other error behind a
// generic internal error, logging the original.
func (s *Server) toRPCError(method string, err error) *Error {
	var re *Error
	if errors.As(err, &re) {
		return re
	}
	s.log.Error("rpc handler failed", slog.String("method", method), slog.Any("err", err))
	return errInternal()
}

func (s *Server) encode(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		s.log.Error("rpc encode response", slog.Any("err", err))
		b, _ = json.Marshal(response{JSONRPC: "2.0", Error: errInternal(), ID: json.RawMessage("null")})
	}
	return b
}

func (s *Server) authMethod(params json.RawMessage) (any, error) {
	var p struct {
		Token string `json:"token"`
	}
	if err := DecodeParams(params, &p); err != nil {
		return nil, err
	}
	if !s.tokenOK(p.Token) {
		return nil, errUnauthorized()
	}
	return true, nil
}
