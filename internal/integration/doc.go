// Package integration holds the multi-validator tests: real CometBFT nodes
// running the ledger application in-process on loopback ports, with
// payments built by the dev wallet. It has no non-test code.
package integration
