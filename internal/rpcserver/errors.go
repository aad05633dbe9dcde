package rpcserver

import (
	"fmt"

	"github.com/stegos-go/stegos/api"
)

// Standard JSON-RPC 2.0 error codes, and the server-defined ones in the
// -32000…-32099 range. The numbers are the public contract's (package api).
const (
	CodeParseError     = api.CodeParseError
	CodeInvalidRequest = api.CodeInvalidRequest
	CodeMethodNotFound = api.CodeMethodNotFound
	CodeInvalidParams  = api.CodeInvalidParams
	CodeInternal       = api.CodeInternal

	// CodeUnauthorized answers a missing or wrong API token.
	CodeUnauthorized = api.CodeUnauthorized
	// CodeTransport answers a method that the transport in use cannot serve
	// (subscriptions over HTTP).
	CodeTransport = api.CodeTransport
	// CodeTooManyConnections answers a WebSocket upgrade over the limit.
	CodeTooManyConnections = api.CodeTooManyConnections
	// CodeTooLarge answers a request body over the size limit.
	CodeTooLarge = api.CodeTooLarge
	// CodeRateLimited answers a call over its client's request rate, or an
	// unauthenticated request over its source's rate.
	CodeRateLimited = api.CodeRateLimited
	// CodeTooManySubscriptions answers a subscribe over the per-connection limit.
	CodeTooManySubscriptions = api.CodeTooManySubscriptions
)

// Error is a JSON-RPC error object. Handlers return it to send a specific
// code, message and optional data to the client.
type Error struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
	Data    any    `json:"data,omitempty"`
}

// Error implements the error interface.
func (e *Error) Error() string {
	return fmt.Sprintf("rpc error %d: %s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code int, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// InvalidParams returns a -32602 error with a formatted reason.
func InvalidParams(format string, args ...any) *Error {
	return &Error{Code: CodeInvalidParams, Message: "invalid params: " + fmt.Sprintf(format, args...)}
}

func errInternal() *Error {
	return &Error{Code: CodeInternal, Message: "internal error"}
}

func errRateLimited() *Error {
	return &Error{Code: CodeRateLimited, Message: "rate limited"}
}

func errTooManyConns(authenticated bool, limit int64) *Error {
	if authenticated {
		return Errorf(CodeTooManyConnections, "too many WebSocket connections (limit %d)", limit)
	}
	return Errorf(CodeTooManyConnections, "too many WebSocket connections waiting to authenticate (limit %d)", limit)
}

func errUnauthorized() *Error {
	return &Error{Code: CodeUnauthorized, Message: "missing or wrong API token: send \"Authorization: Bearer <token>\" with the token from <home>/api.token"}
}
