// Package loadgen drives a running Stegos network with signed 2-in/2-out
// private transactions and measures throughput and submit→final latency.
//
// It funds itself from the dev network's demo accounts: a fan-out phase
// splits their genesis outputs into enough small outputs for P parallel
// chains of transactions, each transaction spending both outputs of the
// previous one in its chain. All transactions are built (with their range
// proofs) before the measurement starts, so the figures are the node's, not
// the client's proving speed. During the measurement a chain's next
// transaction is submitted as soon as its previous one is seen in a block.
package loadgen
