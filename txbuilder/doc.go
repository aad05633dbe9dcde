// Package txbuilder builds and signs transactions for wallets: it pays
// stealth addresses with confidential outputs (fresh one-time keys, random
// blindings, the encrypted payload with amount, blinding and memo), adds
// change, proves every amount in range with one aggregated Bulletproof,
// publishes gamma and signs with the inputs' one-time keys.
//
// The fee is exact: every field of a transaction has a fixed size, so the
// size, and with it the minimum fee, follow from the number of inputs and
// outputs alone (Size, MinFee).
//
// The outputs are in a uniformly random order, so the change cannot be told
// from the payments by its position; BuildWith reports which output is
// which (Built.Outputs). With Options.TxSecret and TxSecret a wallet derives
// each output's tx secret from its spend key and the transaction's inputs,
// so it can recompute it later and prove a payment (package payproof).
package txbuilder
