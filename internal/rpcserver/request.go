package rpcserver

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// Request is one decoded JSON-RPC 2.0 request. ID is nil for a notification
// (no "id" member) and the literal null for "id": null.
type Request struct {
	Method string
	Params json.RawMessage
	ID     json.RawMessage
}

// IsNotification reports whether r had no "id" member, so gets no response.
func (r Request) IsNotification() bool { return r.ID == nil }

// MarshalJSON encodes r as a JSON-RPC 2.0 request object.
func (r Request) MarshalJSON() ([]byte, error) {
	type wire struct {
		JSONRPC string          `json:"jsonrpc"`
		Method  string          `json:"method"`
		Params  json.RawMessage `json:"params,omitempty"`
		ID      json.RawMessage `json:"id,omitempty"`
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(wire{"2.0", r.Method, r.Params, r.ID}); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// response is a JSON-RPC 2.0 response object.
type response struct {
	JSONRPC string          `json:"jsonrpc"`
	Result  json.RawMessage `json:"result,omitempty"`
	Error   *Error          `json:"error,omitempty"`
	ID      json.RawMessage `json:"id"`
}

// call is one element of a request body: a request, or the error that
// makes it invalid (with the id, when one could be read).
type call struct {
	req Request
	err *Error
}

// DecodeRequest decodes a single JSON-RPC 2.0 request object. Member names
// are matched exactly; unknown members are ignored. The error is an *Error
// with code -32700 (not JSON) or -32600 (not a valid request).
func DecodeRequest(data []byte) (Request, error) {
	var raw json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return Request{}, &Error{Code: CodeParseError, Message: "parse error: " + jsonReason(err)}
	}
	req, e := decodeObject(raw)
	if e != nil {
		return req, e
	}
	return req, nil
}

// decodeBody decodes a request body: one request or a batch of at most
// maxBatch requests. A non-nil error answers the whole body.
func decodeBody(data []byte, maxBatch int) (calls []call, batch bool, err *Error) {
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '[' {
		var raw json.RawMessage
		if err := json.Unmarshal(data, &raw); err != nil {
			return nil, false, &Error{Code: CodeParseError, Message: "parse error: " + jsonReason(err)}
		}
		req, e := decodeObject(raw)
		return []call{{req, e}}, false, nil
	}
	var elems []json.RawMessage
	if err := json.Unmarshal(data, &elems); err != nil {
		return nil, true, &Error{Code: CodeParseError, Message: "parse error: " + jsonReason(err)}
	}
	if len(elems) == 0 {
		return nil, true, &Error{Code: CodeInvalidRequest, Message: "invalid request: empty batch"}
	}
	if len(elems) > maxBatch {
		return nil, true, Errorf(CodeInvalidRequest, "invalid request: batch of %d requests exceeds the limit of %d", len(elems), maxBatch)
	}
	calls = make([]call, len(elems))
	for i, el := range elems {
		req, e := decodeObject(el)
		calls[i] = call{req, e}
	}
	return calls, true, nil
}

// decodeObject validates one request object. On error the returned Request
// carries the id when it was valid, so the error response can echo it.
func decodeObject(raw json.RawMessage) (Request, *Error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil || m == nil {
		return Request{ID: json.RawMessage("null")}, invalid("a request must be a JSON object")
	}
	var req Request
	if id, ok := m["id"]; ok {
		if !validID(id) {
			return Request{ID: json.RawMessage("null")}, invalid(`"id" must be a string, a number or null`)
		}
		req.ID = compact(id)
	}
	var version string
	if v, ok := m["jsonrpc"]; !ok || json.Unmarshal(v, &version) != nil || version != "2.0" {
		return nullID(req), invalid(`"jsonrpc" must be "2.0"`)
	}
	method, ok := m["method"]
	if !ok || json.Unmarshal(method, &req.Method) != nil || isNull(method) {
		return nullID(req), invalid(`"method" must be a string`)
	}
	if p, ok := m["params"]; ok {
		p = compact(p)
		if len(p) == 0 || (p[0] != '{' && p[0] != '[') {
			return nullID(req), invalid(`"params" must be an object or an array`)
		}
		req.Params = p
	}
	return req, nil
}

func invalid(reason string) *Error {
	return &Error{Code: CodeInvalidRequest, Message: "invalid request: " + reason}
}

// nullID gives an invalid request without an id the null id its error
// response needs.
func nullID(r Request) Request {
	if r.ID == nil {
		r.ID = json.RawMessage("null")
	}
	return r
}

func validID(id json.RawMessage) bool {
	id = compact(id)
	if len(id) == 0 {
		return false
	}
	switch id[0] {
	case '"', 'n':
		return true
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return true
	}
	return false
}

func isNull(v json.RawMessage) bool { return bytes.Equal(compact(v), []byte("null")) }

func compact(v json.RawMessage) json.RawMessage {
	var b bytes.Buffer
	if err := json.Compact(&b, v); err != nil {
		return v
	}
	return b.Bytes()
}

func jsonReason(err error) string {
	if se := (*json.SyntaxError)(nil); errors.As(err, &se) {
		return fmt.Sprintf("%s at byte %d", se.Error(), se.Offset)
	}
	return err.Error()
}
