// Package chainsrc is the wallet's and the API's view of a Stegos node:
// committed blocks with the transactions the ledger accepted, the mempool,
// transaction lookup, unspent-output queries and broadcasting. Comet
// implements it over a CometBFT RPC client, which is either the in-process
// node's local client or an HTTP client to a remote node, so the wallet runs
// the same way inside stegosd and against a node elsewhere.
package chainsrc

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/ledger"
)

// Source is what the wallet needs from a node.
type Source interface {
	// ChainID returns the chain id of the node's genesis.
	ChainID() string
	// Genesis returns the genesis allocations as block 0: one transaction
	// without inputs whose outputs are the genesis outputs.
	Genesis(ctx context.Context) (*Block, error)
	// Tip returns the latest committed block height.
	Tip(ctx context.Context) (height int64, err error)
	// Block returns the committed block at height.
	Block(ctx context.Context, height int64) (*Block, error)
	// Mempool returns the transactions waiting in the node's mempool (at
	// most a few hundred; a busy mempool is sampled).
	Mempool(ctx context.Context) ([]*ledger.Tx, error)
	// Broadcast submits tx to the node's mempool. A transaction the node
	// refuses gives a *RejectError; one already in the mempool is not an
	// error.
	Broadcast(ctx context.Context, tx *ledger.Tx) error
	// Unspent reports whether id is in the UTXO set of the latest block.
	Unspent(ctx context.Context, id ledger.OutputID) (bool, error)
	// Tx finds a committed transaction by id; ErrNotFound if none.
	Tx(ctx context.Context, id ledger.TxID) (*TxInBlock, error)
	// Validators returns the validator records after the latest block.
	Validators(ctx context.Context) (*api.Validators, error)
	// Cores returns up to limit unspent outputs (cores: no payloads) in id
	// order after the id after (from the start if nil), and the height of
	// the state they were read from. Fewer than limit means the end.
	Cores(ctx context.Context, after *ledger.OutputID, limit int) ([]Core, int64, error)
	// Earliest returns the lowest block height the node still keeps.
	Earliest(ctx context.Context) (int64, error)
}

// Core is an unspent output as the UTXO set keeps it: a confidential
// output without its payload (ledger.DecodeCore), and where it was made.
type Core struct {
	ID     ledger.OutputID
	Output ledger.Output
	Height int64
	Index  uint32
}

// Block is a committed block. Txs holds only the transactions the ledger
// accepted (a block can carry rejected ones; they change nothing).
type Block struct {
	Height   int64
	Hash     []byte
	Time     time.Time
	Proposer []byte
	Txs      []*ledger.Tx
}

// TxInBlock is a committed transaction and where it is.
type TxInBlock struct {
	Tx     *ledger.Tx
	Height int64
	// Index is the position among the block's accepted transactions.
	Index int
	Time  time.Time
}

// ErrNotFound is returned for a block, transaction or output that the node
// does not have.
var ErrNotFound = errors.New("chainsrc: not found")

// ErrPruned is matched (besides ErrNotFound) by a block older than the
// blocks the node keeps: it dropped it after the retention window
// (ADR 0020). A wallet that needs it restores from the UTXO set's cores.
var ErrPruned = errors.New("chainsrc: block pruned")

// ErrUnavailable wraps failures to reach the node.
var ErrUnavailable = errors.New("chainsrc: node unavailable")

// RejectError is a transaction the node refused, with the ledger's reason.
type RejectError struct {
	Kind   ledger.Kind
	Reason string
}

// Error implements error.
func (e *RejectError) Error() string {
	return fmt.Sprintf("node rejected the transaction: %s", e.Reason)
}
