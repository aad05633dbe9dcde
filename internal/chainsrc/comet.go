package chainsrc

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtclient "github.com/cometbft/cometbft/rpc/client"
	rpchttp "github.com/cometbft/cometbft/rpc/client/http"
	rpclocal "github.com/cometbft/cometbft/rpc/client/local"
	rpctypes "github.com/cometbft/cometbft/rpc/jsonrpc/types"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/internal/app"
	"github.com/stegos-go/stegos/ledger"
)

// mempoolLimit is how many mempool transactions Mempool asks for; CometBFT
// caps a page at 100.
const mempoolLimit = 100

// txInCache is the error CometBFT gives for a transaction its mempool has
// already seen (mempool.ErrTxInCache); over HTTP only its text arrives.
const txInCache = "tx already exists in cache"

// Comet is a Source over a CometBFT RPC client: the in-process node's
// local client, or an HTTP client to a node elsewhere (DialComet).
//
// Tip is the application's last committed height (ABCI Info), so a block
// at or below the tip always has its transaction results, and Unspent
// answers for the same state. Failures to reach a remote node wrap
// ErrUnavailable; the local client cannot fail that way.
type Comet struct {
	c       cmtclient.Client
	chainID string
	local   bool
}

var _ Source = (*Comet)(nil)

// NewComet returns a Comet over c for the chain chainID.
func NewComet(c cmtclient.Client, chainID string) *Comet {
	_, local := c.(*rpclocal.Local)
	return &Comet{c: c, chainID: chainID, local: local}
}

// DialComet connects to the CometBFT RPC server at url (such as
// http://127.0.0.1:26657) and reads the chain id from its status. A node
// that does not answer gives an error wrapping ErrUnavailable.
func DialComet(ctx context.Context, url string) (*Comet, error) {
	hc, err := rpchttp.New(url, "/websocket")
	if err != nil {
		return nil, fmt.Errorf("chainsrc: node address %q: %w", url, err)
	}
	c := NewComet(hc, "")
	st, err := hc.Status(ctx)
	if err != nil {
		return nil, c.fail(ctx, "status of "+url, err)
	}
	c.chainID = st.NodeInfo.Network
	return c, nil
}

// ChainID returns the chain id of the node's genesis.
func (c *Comet) ChainID() string { return c.chainID }

// Tip returns the height of the last block the application committed.
func (c *Comet) Tip(ctx context.Context) (int64, error) {
	info, err := c.c.ABCIInfo(ctx)
	if err != nil {
		return 0, c.fail(ctx, "abci info", err)
	}
	return info.Response.LastBlockHeight, nil
}

// Block returns the committed block at height with the transactions the
// ledger accepted. A height above the tip, below 1 or pruned gives
// ErrNotFound.
func (c *Comet) Block(ctx context.Context, height int64) (*Block, error) {
	if height < 1 {
		return nil, fmt.Errorf("%w: no block at height %d", ErrNotFound, height)
	}
	tip, err := c.Tip(ctx)
	if err != nil {
		return nil, err
	}
	if height > tip {
		return nil, fmt.Errorf("%w: no block at height %d (the tip is %d)", ErrNotFound, height, tip)
	}
	rb, err := c.c.Block(ctx, &height)
	if err != nil {
		return nil, c.blockFail(ctx, height, err)
	}
	if rb.Block == nil {
		return nil, fmt.Errorf("%w: block %d is not stored", ErrNotFound, height)
	}
	res, err := c.c.BlockResults(ctx, &height)
	if err != nil {
		return nil, c.blockFail(ctx, height, err)
	}
	if len(res.TxsResults) != len(rb.Block.Txs) {
		return nil, fmt.Errorf("chainsrc: block %d has %d transactions and %d results", height, len(rb.Block.Txs), len(res.TxsResults))
	}
	b := &Block{
		Height:   height,
		Hash:     rb.BlockID.Hash,
		Time:     rb.Block.Time.UTC(),
		Proposer: rb.Block.ProposerAddress,
	}
	for i, raw := range rb.Block.Txs {
		if res.TxsResults[i].Code != abci.CodeTypeOK || app.IsBeaconTx(raw) {
			continue
		}
		tx, err := ledger.DecodeTx(raw)
		if err != nil {
			return nil, fmt.Errorf("chainsrc: block %d: accepted transaction %d does not decode: %w", height, i, err)
		}
		b.Txs = append(b.Txs, tx)
	}
	return b, nil
}

// blockFail turns an error reading block height into ErrNotFound if the
// block is not available (pruned, or gone since the tip was read).
func (c *Comet) blockFail(ctx context.Context, height int64, err error) error {
	err = c.fail(ctx, fmt.Sprintf("block %d", height), err)
	if errors.Is(err, ErrUnavailable) || ctx.Err() != nil {
		return err
	}
	st, serr := c.c.Status(ctx)
	if serr != nil {
		return err
	}
	if height < st.SyncInfo.EarliestBlockHeight {
		return fmt.Errorf("%w: %w: block %d is gone (the node keeps %d to %d)", ErrNotFound, ErrPruned, height, st.SyncInfo.EarliestBlockHeight, st.SyncInfo.LatestBlockHeight)
	}
	if height > st.SyncInfo.LatestBlockHeight {
		return fmt.Errorf("%w: block %d is not available (the node has %d to %d)", ErrNotFound, height, st.SyncInfo.EarliestBlockHeight, st.SyncInfo.LatestBlockHeight)
	}
	return err
}

// Mempool returns up to 100 transactions of the node's mempool, in the
// mempool's order. Transactions that do not decode are left out.
func (c *Comet) Mempool(ctx context.Context) ([]*ledger.Tx, error) {
	limit := mempoolLimit
	res, err := c.c.UnconfirmedTxs(ctx, &limit)
	if err != nil {
		return nil, c.fail(ctx, "mempool", err)
	}
	txs := make([]*ledger.Tx, 0, len(res.Txs))
	for _, raw := range res.Txs {
		if tx, err := ledger.DecodeTx(raw); err == nil {
			txs = append(txs, tx)
		}
	}
	return txs, nil
}

// Broadcast submits tx and waits for the node's CheckTx. A refusal gives a
// *RejectError whose Kind is the ledger's rejection kind (the CheckTx
// code); a transaction the node has already seen is not an error.
func (c *Comet) Broadcast(ctx context.Context, tx *ledger.Tx) error {
	res, err := c.c.BroadcastTxSync(ctx, tx.Encode())
	if err != nil {
		if strings.Contains(err.Error(), txInCache) {
			return nil
		}
		return c.fail(ctx, "broadcast", err)
	}
	if res.Code != abci.CodeTypeOK {
		return &RejectError{Kind: ledger.Kind(res.Code), Reason: res.Log}
	}
	return nil
}

// Unspent reports whether id is in the UTXO set of the committed state.
func (c *Comet) Unspent(ctx context.Context, id ledger.OutputID) (bool, error) {
	res, err := c.c.ABCIQuery(ctx, app.QueryUTXO, id[:])
	if err != nil {
		return false, c.fail(ctx, "query output", err)
	}
	switch code := res.Response.Code; {
	case code == abci.CodeTypeOK:
		return true, nil
	case ledger.Kind(code) == ledger.KindUnknownInput:
		return false, nil
	}
	return false, fmt.Errorf("chainsrc: query output %s: code %d: %s", id, res.Response.Code, res.Response.Log)
}

// Tx finds a committed transaction through the application's index of the
// retention window (app.QueryTx) and reads it from its block; ErrNotFound
// if it is not in a block the node still keeps (ADR 0020: nodes drop
// blocks, payloads and the index after params.PayloadRetention blocks).
func (c *Comet) Tx(ctx context.Context, id ledger.TxID) (*TxInBlock, error) {
	res, err := c.c.ABCIQuery(ctx, app.QueryTx, id[:])
	if err != nil {
		return nil, c.fail(ctx, "query transaction", err)
	}
	switch code := res.Response.Code; {
	case ledger.Kind(code) == ledger.KindUnknownInput:
		return nil, fmt.Errorf("%w: no transaction %s in the blocks this node keeps", ErrNotFound, id)
	case code != abci.CodeTypeOK:
		return nil, fmt.Errorf("chainsrc: query transaction %s: code %d: %s", id, code, res.Response.Log)
	case len(res.Response.Value) != 12:
		return nil, fmt.Errorf("chainsrc: query transaction %s: answer of %d bytes, want 12", id, len(res.Response.Value))
	}
	height := int64(binary.BigEndian.Uint64(res.Response.Value))
	pos := int(binary.BigEndian.Uint32(res.Response.Value[8:]))
	b, err := c.Block(ctx, height)
	if err != nil {
		return nil, err
	}
	if pos >= len(b.Txs) || b.Txs[pos].ID() != id {
		return nil, fmt.Errorf("chainsrc: the node's index puts transaction %s at position %d of block %d, which does not hold it", id, pos, height)
	}
	return &TxInBlock{Tx: b.Txs[pos], Height: height, Index: pos, Time: b.Time}, nil
}

// Status is what the node reports about itself and its latest block.
type Status struct {
	ChainID string
	// Height, BlockHash and BlockTime describe the latest block in the
	// node's block store (its application may still be committing it).
	Height    int64
	BlockHash []byte
	BlockTime time.Time
	// EarliestHeight is the lowest block the node still stores.
	EarliestHeight int64
	// CatchingUp is true while the node syncs blocks from peers.
	CatchingUp bool
	// Peers is the number of connected peers.
	Peers int
	// NodeVersion is the CometBFT version of the node.
	NodeVersion string
}

// Status returns the node's status and its number of peers.
func (c *Comet) Status(ctx context.Context) (*Status, error) {
	st, err := c.c.Status(ctx)
	if err != nil {
		return nil, c.fail(ctx, "status", err)
	}
	ni, err := c.c.NetInfo(ctx)
	if err != nil {
		return nil, c.fail(ctx, "net info", err)
	}
	s := &Status{
		ChainID:        st.NodeInfo.Network,
		Height:         st.SyncInfo.LatestBlockHeight,
		BlockHash:      st.SyncInfo.LatestBlockHash,
		EarliestHeight: st.SyncInfo.EarliestBlockHeight,
		CatchingUp:     st.SyncInfo.CatchingUp,
		Peers:          ni.NPeers,
		NodeVersion:    st.NodeInfo.Version,
	}
	if s.Height > 0 {
		s.BlockTime = st.SyncInfo.LatestBlockTime.UTC()
	}
	return s, nil
}

// Meta is the chain metadata of the committed state (internal/app's
// QueryMeta answer).
type Meta struct {
	// Height is the last committed block.
	Height int64
	// Supply is the µSTG in unspent outputs.
	Supply uint64
	// Burned is the µSTG paid in fees so far.
	Burned uint64
}

// Meta returns the chain metadata of the committed state.
func (c *Comet) Meta(ctx context.Context) (*Meta, error) {
	res, err := c.c.ABCIQuery(ctx, app.QueryMeta, nil)
	if err != nil {
		return nil, c.fail(ctx, "query meta", err)
	}
	r := res.Response
	if r.Code != abci.CodeTypeOK {
		return nil, fmt.Errorf("chainsrc: query meta: code %d: %s", r.Code, r.Log)
	}
	if len(r.Value) != app.MetaSize {
		return nil, fmt.Errorf("chainsrc: query meta: answer of %d bytes, want %d", len(r.Value), app.MetaSize)
	}
	return &Meta{
		Height: int64(binary.BigEndian.Uint64(r.Value[0:8])),
		Supply: binary.BigEndian.Uint64(r.Value[8:16]),
		Burned: binary.BigEndian.Uint64(r.Value[16:24]),
	}, nil
}

// fail describes a failed call. For a remote node, any failure other than
// an error answer of the node itself (a JSON-RPC error) means the node
// could not be reached and wraps ErrUnavailable. A done ctx wins over both.
func (c *Comet) fail(ctx context.Context, what string, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("chainsrc: %s: %w", what, ctx.Err())
	}
	var rpcErr *rpctypes.RPCError
	if !c.local && !errors.As(err, &rpcErr) {
		return fmt.Errorf("%w: %s: %v", ErrUnavailable, what, err)
	}
	return fmt.Errorf("chainsrc: %s: %w", what, err)
}

// Validators implements Source.
func (c *Comet) Validators(ctx context.Context) (*api.Validators, error) {
	var v api.Validators
	if err := c.QueryJSON(ctx, app.QueryValidators, nil, &v); err != nil {
		return nil, err
	}
	return &v, nil
}

// QueryJSON asks the application for a JSON answer at path (the staking
// paths of internal/app) and decodes it into v.
func (c *Comet) QueryJSON(ctx context.Context, path string, data []byte, v any) error {
	res, err := c.c.ABCIQuery(ctx, path, data)
	if err != nil {
		return c.fail(ctx, "query "+path, err)
	}
	r := res.Response
	if r.Code != abci.CodeTypeOK {
		return fmt.Errorf("chainsrc: query %s: code %d: %s", path, r.Code, r.Log)
	}
	if err := json.Unmarshal(r.Value, v); err != nil {
		return fmt.Errorf("chainsrc: query %s: %w", path, err)
	}
	return nil
}
