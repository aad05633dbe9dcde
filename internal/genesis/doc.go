// Package genesis builds the ledger part of a genesis file: confidential
// allocations to stealth addresses (with payloads the recipients' wallets
// open like any payment) and the published gamma that makes the supply
// invariant hold from block zero. It also holds the dev network's demo
// accounts, derived from a published, insecure recovery phrase.
package genesis
