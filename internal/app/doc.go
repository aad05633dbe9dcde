// Package app is the Stegos ABCI 2.0 application: the deterministic state
// machine CometBFT drives. It validates transactions with the ledger rules
// (cheap checks first, results cached so a transaction is verified once per
// node), orders proposals by fee, verifies every range proof of a proposed
// block in one batch, applies blocks to the state and reports the app hash.
//
// Block execution is deterministic: no clocks, no map iteration order, no
// floating point. The only randomness is the batch-verification weights,
// which change nothing but the (negligible) chance of a false accept.
package app
