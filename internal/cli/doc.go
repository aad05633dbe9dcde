// Package cli implements the stegos command-line wallet: a cobra command
// tree over package client, so everything it does goes through the
// node's JSON-RPC API. cmd/stegos is a thin main around Run.
//
// Output is for people by default: aligned tables, amounts in STG with up
// to six decimals, no terminal control sequences unless the stream is a
// terminal. With --json a command prints its API result as JSON on stdout,
// and an error as {"error":{"code":C,"message":M,"data":D}} on stdout too,
// where C is the API error code (0 for errors found by the CLI itself, such
// as a bad flag or an unreachable node) and D the API error data, if any.
//
// The exit status is 0 on success, 1 on an error and 2 on a usage error
// (unknown command or flag, wrong arguments, an invalid amount).
package cli
