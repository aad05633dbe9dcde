// Package txbuilder builds and signs transactions for wallets: it pays
// stealth addresses with confidential outputs (fresh one-time keys, random
// blindings, the encrypted payload with amount, blinding and memo), adds
// change, proves every amount in range with one aggregated Bulletproof,
// publishes gamma and signs with the inputs' one-time keys.
//
// The fee is exact: every field of a transaction has a fixed size, so the
// size, and with it the minimum fee, follow from the number of inputs and
// outputs alone (Size, MinFee).
package txbuilder
