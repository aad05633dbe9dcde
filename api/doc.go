// Package api is the contract of the Stegos JSON-RPC 2.0 API: method and
// topic names, the parameter and result types of every method, the
// application error codes, and the OpenRPC document (openrpc.json, embedded
// as OpenRPC) that describes them for other languages.
//
// The node (internal/apiserver) and the Go client (package client) both use
// these types, so the two cannot drift apart; a test in internal/apiserver
// keeps the committed openrpc.json identical to what rpc.discover serves.
//
// Amounts are integers in µSTG (1 STG = 1,000,000 µSTG); the whole supply
// stays below 2^53 µSTG, so JavaScript numbers hold them exactly. Heights
// are block heights; identifiers (transaction and output ids, hashes) are
// lowercase hex.
package api
