// Package webui serves the web wallet and the block explorer that stegosd
// embeds (ADR 0019): the wallet is a single-page app from files compiled
// into the binary (static/), talking to the node only through the
// TypeScript SDK over the JSON-RPC API on the same origin; the explorer is
// rendered on the server, read-only and without login. Every response
// carries a strict Content-Security-Policy and is refused unless the Host
// header names a loopback address or the configured one (DNS rebinding).
package webui
