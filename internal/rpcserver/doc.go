// Package rpcserver is the transport layer of the Stegos JSON-RPC 2.0 API:
// a method registry, HTTP POST and WebSocket on one listener, bearer-token
// authentication, request limits, topic subscriptions over WebSocket and an
// OpenRPC 1.2 document (rpc.discover) generated from the registry.
//
// Handlers are plain functions of (ctx, params); they return a result that is
// marshalled to JSON, or an error. An *Error is sent to the client as is; any
// other error is logged and answered with a generic internal error, so
// internal error text never reaches a client.
//
// The server binds to loopback by default (DefaultAddr). See
// docs/adr/0013-json-rpc-api.md for the design.
package rpcserver
