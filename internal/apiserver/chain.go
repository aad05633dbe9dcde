package apiserver

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/internal/chainsrc"
	"github.com/stegos-go/stegos/internal/rpcserver"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/params"
)

// RegisterChain registers node.status, chain.block and chain.tx on srv,
// answered from src. p names the network in node.status, and version is
// the software version it reports.
func RegisterChain(srv *rpcserver.Server, src *chainsrc.Comet, p *params.Params, version string) {
	m := &chainMethods{src: src, network: p.Network.String(), version: version}
	srv.Register(api.MethodNodeStatus, m.status, nodeStatusSpec)
	srv.Register(api.MethodChainBlock, m.block, chainBlockSpec)
	srv.Register(api.MethodChainTx, m.tx, chainTxSpec)
	registerStaking(srv, src)
}

// chainMethods serves the node and chain methods.
type chainMethods struct {
	src     *chainsrc.Comet
	network string
	version string
}

// status serves node.status.
func (m *chainMethods) status(ctx context.Context, params json.RawMessage) (any, error) {
	if err := decodeChainParams(params, &struct{}{}); err != nil {
		return nil, err
	}
	st, err := m.src.Status(ctx)
	if err != nil {
		return nil, sourceError(err)
	}
	meta, err := m.src.Meta(ctx)
	if err != nil {
		return nil, sourceError(err)
	}
	return api.NodeStatus{
		Network:    m.network,
		ChainID:    st.ChainID,
		Height:     st.Height,
		BlockHash:  hex.EncodeToString(st.BlockHash),
		BlockTime:  st.BlockTime,
		CatchingUp: st.CatchingUp,
		Peers:      st.Peers,
		Version:    m.version,
		Supply:     meta.Supply,
	}, nil
}

// block serves chain.block.
func (m *chainMethods) block(ctx context.Context, params json.RawMessage) (any, error) {
	var p api.BlockParams
	if err := decodeChainParams(params, &p); err != nil {
		return nil, err
	}
	if p.Height < 0 {
		return nil, rpcserver.InvalidParams("\"height\" must be positive, or 0 for the latest block, not %d", p.Height)
	}
	tip, err := m.src.Tip(ctx)
	if err != nil {
		return nil, sourceError(err)
	}
	height := p.Height
	if height == 0 {
		height = tip
	}
	if height > tip {
		return nil, rpcserver.Errorf(api.CodeNotFound, "no block at height %d: the chain is at height %d", height, tip)
	}
	b, err := m.src.Block(ctx, height)
	if errors.Is(err, chainsrc.ErrNotFound) {
		return nil, rpcserver.Errorf(api.CodeNotFound, "no block at height %d: the node does not store it (pruned)", height)
	}
	if err != nil {
		return nil, sourceError(err)
	}
	return blockView(b, tip), nil
}

// tx serves chain.tx.
func (m *chainMethods) tx(ctx context.Context, params json.RawMessage) (any, error) {
	var p api.TxParams
	if len(params) == 0 || string(params) == "null" {
		return nil, rpcserver.InvalidParams("\"id\" is required")
	}
	if err := rpcserver.DecodeParams(params, &p); err != nil {
		return nil, err
	}
	id, err := parseTxID(p.ID)
	if err != nil {
		return nil, err
	}
	found, err := m.src.Tx(ctx, id)
	if errors.Is(err, chainsrc.ErrNotFound) {
		return nil, rpcserver.Errorf(api.CodeNotFound, "no transaction %s in the blocks this node keeps: it may still be pending (see wallet.history), or older than the payload retention window, after which nodes drop blocks", id)
	}
	if err != nil {
		return nil, sourceError(err)
	}
	tip, err := m.src.Tip(ctx)
	if err != nil {
		return nil, sourceError(err)
	}
	return txView(found.Tx, found.Height, found.Index, found.Time, tip), nil
}

// decodeChainParams decodes optional by-name params: absent or null params
// leave v as is.
func decodeChainParams(params json.RawMessage, v any) error {
	if len(params) == 0 || string(params) == "null" {
		return nil
	}
	return rpcserver.DecodeParams(params, v)
}

// parseTxID parses a transaction id of 64 hex digits; the error is -32602.
func parseTxID(s string) (ledger.TxID, error) {
	var id ledger.TxID
	if s == "" {
		return id, rpcserver.InvalidParams("\"id\" is required: a transaction id of %d hex digits", 2*len(id))
	}
	b, err := hex.DecodeString(s)
	if err != nil {
		return id, rpcserver.InvalidParams("\"id\" is not hex: %v", err)
	}
	if len(b) != len(id) {
		return id, rpcserver.InvalidParams("\"id\" must be %d hex digits, got %d", 2*len(id), len(s))
	}
	copy(id[:], b)
	return id, nil
}

// sourceError turns a chain source failure into the error a client sees:
// an unreachable node is api.CodeNodeUnavailable, anything else stays
// internal.
func sourceError(err error) error {
	if errors.Is(err, chainsrc.ErrUnavailable) {
		return rpcserver.Errorf(api.CodeNodeUnavailable, "node unavailable: the API cannot reach its node; try again later")
	}
	return err
}

// blockView is the API form of a block; tip gives the confirmations.
func blockView(b *chainsrc.Block, tip int64) api.Block {
	out := api.Block{
		Height:   b.Height,
		Hash:     hex.EncodeToString(b.Hash),
		Time:     b.Time,
		Proposer: hex.EncodeToString(b.Proposer),
		Txs:      make([]api.Tx, 0, len(b.Txs)),
	}
	for i, tx := range b.Txs {
		out.Txs = append(out.Txs, txView(tx, b.Height, i, b.Time, tip))
	}
	return out
}

// txView is the API form of a transaction at index of the block at height.
func txView(tx *ledger.Tx, height int64, index int, t time.Time, tip int64) api.Tx {
	enc := tx.Encode()
	out := api.Tx{
		ID:            tx.ID().String(),
		Height:        height,
		Index:         index,
		Time:          t,
		Confirmations: max(tip-height+1, 1),
		Fee:           tx.Fee,
		Size:          len(enc),
		Inputs:        make([]string, 0, len(tx.Inputs)),
		Outputs:       make([]api.TxOutput, 0, len(tx.Outputs)),
	}
	for _, in := range tx.Inputs {
		out.Inputs = append(out.Inputs, in.String())
	}
	for _, o := range tx.Outputs {
		out.Outputs = append(out.Outputs, outputView(o))
	}
	return out
}

// outputView is the API form of an output: the amount only where the
// chain shows it (public and stake outputs).
func outputView(o ledger.Output) api.TxOutput {
	v := api.TxOutput{ID: ledger.ID(o).String(), Kind: o.Type().String()}
	switch o := o.(type) {
	case *ledger.PublicOutput:
		a := o.Amount
		v.Amount = &a
	case *ledger.StakeOutput:
		a := o.Amount
		v.Amount = &a
	}
	return v
}

// JSON Schemas of the chain methods.
var (
	hexIDSchema = func(what string) map[string]any {
		return map[string]any{"type": "string", "pattern": "^[0-9a-f]{64}$", "description": what + ", 64 lowercase hex digits"}
	}
	txOutputSchema = map[string]any{
		"type":     "object",
		"required": []string{"id", "kind"},
		"properties": map[string]any{
			"id":     hexIDSchema("output id"),
			"kind":   map[string]any{"type": "string", "enum": []string{"confidential", "public", "stake"}},
			"amount": map[string]any{"type": "integer", "minimum": 0, "description": "µSTG; public and stake outputs only (confidential amounts are hidden)"},
		},
	}
	txSchema = map[string]any{
		"type":     "object",
		"required": []string{"id", "height", "index", "time", "confirmations", "fee", "size", "inputs", "outputs"},
		"properties": map[string]any{
			"id":            hexIDSchema("transaction id"),
			"height":        map[string]any{"type": "integer", "minimum": 1, "description": "the block that includes it"},
			"index":         map[string]any{"type": "integer", "minimum": 0, "description": "position among the block's accepted transactions"},
			"time":          map[string]any{"type": "string", "format": "date-time", "description": "the block's time"},
			"confirmations": map[string]any{"type": "integer", "minimum": 1, "description": "blocks from its block to the latest, both included"},
			"fee":           map[string]any{"type": "integer", "minimum": 0, "description": "µSTG, paid in the clear and burned"},
			"size":          map[string]any{"type": "integer", "minimum": 1, "description": "encoded size in bytes"},
			"inputs":        map[string]any{"type": "array", "items": hexIDSchema("id of a spent output")},
			"outputs":       map[string]any{"type": "array", "items": txOutputSchema},
		},
	}
	blockSchema = map[string]any{
		"type":     "object",
		"required": []string{"height", "hash", "time", "proposer", "txs"},
		"properties": map[string]any{
			"height":   map[string]any{"type": "integer", "minimum": 1},
			"hash":     hexIDSchema("block hash"),
			"time":     map[string]any{"type": "string", "format": "date-time"},
			"proposer": map[string]any{"type": "string", "pattern": "^[0-9a-f]{40}$", "description": "consensus address of the validator that proposed the block"},
			"txs":      map[string]any{"type": "array", "items": txSchema, "description": "the transactions the ledger accepted, in order"},
		},
	}
	nodeStatusSchema = map[string]any{
		"type":     "object",
		"required": []string{"network", "chainId", "height", "blockHash", "blockTime", "catchingUp", "peers", "version", "supply"},
		"properties": map[string]any{
			"network":    map[string]any{"type": "string", "enum": []string{"dev", "testnet", "mainnet"}},
			"chainId":    map[string]any{"type": "string", "description": "the CometBFT chain id"},
			"height":     map[string]any{"type": "integer", "minimum": 0, "description": "the latest block"},
			"blockHash":  map[string]any{"type": "string", "pattern": "^([0-9a-f]{64})?$", "description": "hash of the latest block; empty before the first"},
			"blockTime":  map[string]any{"type": "string", "format": "date-time", "description": "time of the latest block"},
			"catchingUp": map[string]any{"type": "boolean", "description": "true while the node syncs blocks from peers"},
			"peers":      map[string]any{"type": "integer", "minimum": 0, "description": "connected peers"},
			"version":    map[string]any{"type": "string", "description": "the node software's version"},
			"supply":     map[string]any{"type": "integer", "minimum": 0, "description": "µSTG in unspent outputs after the latest committed block"},
		},
	}
)

// mustSchema encodes a schema literal; it panics on a programming error.
func mustSchema(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("apiserver: schema: %v", err))
	}
	return b
}

var errNodeUnavailable = rpcserver.ErrorSpec{Code: api.CodeNodeUnavailable, Message: "node unavailable"}

var nodeStatusSpec = rpcserver.MethodSpec{
	Summary:     "Describes the node and the latest block",
	Description: "Network and chain id, the latest block's height, hash and time, whether the node is catching up, its peers, its version and the coin supply. Takes no params.",
	Result:      &rpcserver.ParamSpec{Name: "status", Schema: mustSchema(nodeStatusSchema)},
	Errors: []rpcserver.ErrorSpec{
		{Code: api.CodeInvalidParams, Message: "invalid params: node.status takes none"},
		errNodeUnavailable,
	},
}

var chainBlockSpec = rpcserver.MethodSpec{
	Summary: "Returns a committed block and its accepted transactions",
	Description: "Amounts of confidential outputs are hidden; public and stake outputs show theirs. " +
		"Without a height (or with 0) the latest block is returned.",
	Params: []rpcserver.ParamSpec{{
		Name:        "height",
		Description: "block height; 0 or absent means the latest block",
		Schema:      mustSchema(map[string]any{"type": "integer", "minimum": 0}),
	}},
	Result: &rpcserver.ParamSpec{Name: "block", Schema: mustSchema(blockSchema)},
	Errors: []rpcserver.ErrorSpec{
		{Code: api.CodeInvalidParams, Message: "invalid params: the height is not a non-negative integer"},
		{Code: api.CodeNotFound, Message: "no block at this height (above the latest, or pruned)"},
		errNodeUnavailable,
	},
}

var chainTxSpec = rpcserver.MethodSpec{
	Summary: "Returns a committed transaction by id",
	Description: "Finds a transaction in the chain's blocks, with its block, position and confirmations. " +
		"A transaction still waiting in the mempool is not found: a wallet's own transactions are in wallet.history.",
	Params: []rpcserver.ParamSpec{{
		Name:        "id",
		Description: "the transaction id, 64 hex digits",
		Required:    true,
		Schema:      mustSchema(map[string]any{"type": "string", "pattern": "^[0-9a-fA-F]{64}$"}),
	}},
	Result: &rpcserver.ParamSpec{Name: "tx", Schema: mustSchema(txSchema)},
	Errors: []rpcserver.ErrorSpec{
		{Code: api.CodeInvalidParams, Message: "invalid params: the id is not 64 hex digits"},
		{Code: api.CodeNotFound, Message: "no such transaction in the blocks the node keeps (still pending, or older than the retention window)"},
		errNodeUnavailable,
	},
}
