// Package loadgen drives a running Stegos network with signed 2-in/2-out
// private transactions and measures throughput and submit→final latency.
//
// It funds a fresh account of its own with one payment from a genesis
// output of a dev network's demo account (never a stake output: spending
// one would unbond a validator's stake), so the demo account's history
// gains one entry and the validators keep their stake. A fan-out phase then
// splits that payment into enough small outputs for P parallel chains of
// transactions, each transaction spending both outputs of the previous one
// in its chain. Whatever the run's account holds at the end stays there. All transactions are built (with their range
// proofs) before the measurement starts, so the figures are the node's, not
// the client's proving speed. During the measurement a chain's next
// transaction is submitted as soon as its previous one is seen in a block.
package loadgen
