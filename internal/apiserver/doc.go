// Package apiserver implements the methods of the Stegos JSON-RPC API
// (package api) on an internal/rpcserver Server.
//
// RegisterChain adds the node and chain methods (node.status, chain.block,
// chain.tx), served from a chainsrc.Comet; RegisterWallet adds the wallet
// methods. WatchBlocks publishes the chain.newBlock topic. Handlers turn
// what they cannot serve into the error codes of api/errors.go: invalid
// params (-32602), api.CodeNotFound, api.CodeNodeUnavailable and so on;
// any other failure stays internal (logged, answered with -32603).
package apiserver
