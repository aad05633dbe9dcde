// Command stegosd is the Stegos node daemon: a CometBFT v0.38 node running
// in-process around the Stegos ledger application.
//
// Commands:
//
//	stegosd dev [--home DIR] [--reset]          single-validator dev chain, 1 s blocks
//	stegosd init --home DIR --chain dev|testnet|mainnet [--genesis FILE] [--moniker NAME]
//	stegosd start --home DIR                    run an initialized home
//	stegosd localnet --validators N --home DIR  homes for N validators on loopback
//	stegosd version                             stegosd, Go and CometBFT versions
//
// Configuration lives in <home>/stegos.toml; STEGOS_* environment variables
// and flags override it (see docs/operations.md). SIGINT and SIGTERM stop
// the node cleanly; a second signal kills it.
package main
