package rpcserver

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
)

func (s *Server) serveHTTPPost(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeHTTPError(w, http.StatusMethodNotAllowed, Errorf(CodeInvalidRequest, "invalid request: use HTTP POST or a WebSocket"))
		return
	}
	source := sourceKey(r.RemoteAddr)
	if tok, _ := bearer(r); !s.tokenOK(tok) {
		s.refuseUnauthenticated(w, source)
		return
	}
	tooLarge := Errorf(CodeTooLarge, "request body exceeds %d bytes", s.cfg.MaxBodyBytes)
	if r.ContentLength > s.cfg.MaxBodyBytes {
		writeHTTPError(w, http.StatusRequestEntityTooLarge, tooLarge)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			writeHTTPError(w, http.StatusRequestEntityTooLarge, tooLarge)
		}
		return
	}
	resp := s.handleBody(r.Context(), body, &session{client: source})
	if resp == nil {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(resp)
}

func writeHTTPError(w http.ResponseWriter, status int, e *Error) {
	b, _ := json.Marshal(response{JSONRPC: "2.0", Error: e, ID: json.RawMessage("null")})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
