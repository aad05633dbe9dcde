// Package chainnode builds a Stegos node from a home directory: the ledger
// state in <home>/data/ledger, the ABCI application (internal/app) over it,
// and the CometBFT node (internal/node) around the application. It also
// makes the genesis documents of new chains: the application's state from
// the allocations, and the consensus parameters from the chain parameters.
//
// stegosd, internal/testnode and the multi-node tests in internal/integration
// all start nodes and make genesis documents here, so the tests run what
// users run. internal/node stays independent of the application; this
// package is where the two meet.
package chainnode
