// Package testnode starts a single-validator Stegos dev chain inside a test:
// the ledger application (internal/app) over its state (internal/state) in
// an in-process CometBFT node (internal/node), put together by
// internal/chainnode exactly as stegosd does, in t.TempDir(), on loopback
// only, with fast blocks. It is non-test code so that the tests of any
// package can import it.
//
//	tn := testnode.Start(t, testnode.Options{RPC: true})
//	res, err := tn.Client().BroadcastTxSync(ctx, tx)
//
// The genesis funds the demo accounts (genesis.DemoKeys) the way `stegosd
// dev` does, unless Options.Allocations says otherwise. The node stops when
// the test ends.
package testnode
