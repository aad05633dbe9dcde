// Package wallet is the wallet service that runs inside stegosd (or beside
// a remote node): accounts whose secrets are kept in argon2id keystore
// files, a scanner that follows the chain block by block and finds the
// account's outputs with view tags, balances split into available, pending
// and locked, a history with memos and fees, coin selection, sending with
// retry or release of failed transactions, and payment proofs.
//
// Everything the wallet learns is kept in its own pebble database next to
// the key files, with the height and hash of the last block each account
// scanned, so a restart resumes where it stopped and a node restored from
// an older snapshot is detected (the wallet waits for the node instead of
// corrupting itself). See docs/adr/0014-wallet.md.
//
// Nodes drop blocks and payloads after params.PayloadRetention blocks
// (ADR 0020). An account whose next block is gone restores from the UTXO
// set's cores instead (restore.go), and the zero-value outputs an account
// receives are spent by its next transactions or by Sweep (sweep.go), so
// messages do not stay in the UTXO set.
package wallet
