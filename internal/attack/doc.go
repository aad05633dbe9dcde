// Package attack replays, against a running Stegos node, the attacks that
// the security review of issue 9 found against the chain, the wallet and
// the API, and says for each whether the node defended itself.
//
// Every attack goes over the node's public interfaces only: CometBFT's RPC
// (broadcast_tx_sync, block, block_results, genesis, abci_query) for the
// chain, and the wallet's JSON-RPC API (HTTP and WebSocket, token in
// <home>/api.token) for the rest. Transactions are built with the
// project's own packages (txbuilder, ledger) and then altered the way an
// attacker would: range proofs broken or copied and re-signed by the
// owner of the inputs, outputs copied byte for byte, old transactions
// replayed.
//
// The attacker pays for itself: one payment from a genesis output of a
// dev chain's public demo account (genesis.DemoKeys; never a stake
// output) funds a fresh account of the run's own, whose coins the attacks
// spend. Each run therefore uses one genesis output of that demo account
// (8 per account on a dev chain).
//
// Run replays the attacks and returns one Result per attack, with what was
// done, what the node answered and a Verdict: Pass (defended), Fail (the
// attack worked), NotOverRPC (only a proposer or a test can replay it; the
// Result names the test) or Error (the attack could not be carried out).
// FloodBench measures block production and honest payment latency with
// and without the mempool flood of issue 9 item 1.
//
//	rs, err := attack.Run(ctx, attack.Config{RPC: "http://127.0.0.1:26657", N: 200, Attacks: []string{"chain"}})
//	attack.Print(os.Stdout, rs)
//
// The command stegos-attack is the thin command-line front of this
// package.
package attack
